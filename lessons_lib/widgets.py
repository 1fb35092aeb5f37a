"""Slider explorers: sliders that redraw one figure in place.

An explorer is two plain functions and some sliders::

    compute(**slider_values) -> result     # the maths; tested by pytest without a kernel
    view(figure) -> update                  # builds the axes once; update(result) moves
                                            # the lines, points and titles to the new result

Moving a slider calls compute, then update, renders the figure to PNG and swaps it into an
``ipywidgets.Image``. Speed keeps a dragged slider smooth, so a redraw does as little as it
can: artists are updated in place (``line.set_data``) rather than drawn anew, and those the
view marks ``animated=True`` are blitted over a saved background while the axes limits stay
put (see :meth:`Explorer.png`): about 30 ms a redraw here, against 80 ms for a new figure.
The figure is a bare matplotlib ``Figure`` (not pyplot), so an update never opens a new
figure, and the notebook's static figure above the widget stays as it was.
"""

import functools
import io
import time

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import plots

# "initial": a lone slider's description takes its natural width, never cut off; an
# Explorer then gives all its sliders the width of the longest (align_labels).
LABEL_STYLE = {"description_width": "initial"}
SLIDER_LAYOUT = {"width": "520px"}


def log_slider(description, value, min_exponent, max_exponent, step=0.05):
    """A slider over 10**min_exponent .. 10**max_exponent (for learning rates)."""
    return widgets.FloatLogSlider(value=value, base=10, min=min_exponent, max=max_exponent,
                                  step=step, description=description, readout_format=".3g",
                                  style=LABEL_STYLE, layout=SLIDER_LAYOUT)


def int_slider(description, value, min_value, max_value, step=1):
    return widgets.IntSlider(value=value, min=min_value, max=max_value, step=step,
                             description=description, style=LABEL_STYLE,
                             layout=SLIDER_LAYOUT)


def float_slider(description, value, min_value, max_value, step):
    return widgets.FloatSlider(value=value, min=min_value, max=max_value, step=step,
                               description=description, readout_format=".2f",
                               style=LABEL_STYLE, layout=SLIDER_LAYOUT)


def align_labels(sliders):
    """One label width for a group of sliders, so their tracks line up: wide enough for the
    longest description (about 0.6 em a character in the widget font, plus a margin)."""
    sliders = list(sliders)
    longest = max(len(slider.description) for slider in sliders)
    for slider in sliders:
        slider.style.description_width = f"{0.6 * longest + 1:.1f}em"


class Explorer:
    """Sliders + one figure. Display it in a notebook cell; set ``sliders[name].value`` (or
    call :meth:`set`) to drive it from code, as the tests do."""

    def __init__(self, compute, view, sliders, figsize=(10, 4), dpi=90):
        self.compute, self.sliders = compute, dict(sliders)
        plots.use_lesson_style()
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        self._update_figure = view(self.figure)
        self.result = self.compute(**self.values)
        self._update_figure(self.result)
        # Lay out once, with the first result's labels, then freeze: constrained layout on
        # every redraw would cost more than the redraw itself.
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")
        self._animated = sorted((a for a in self.figure.findobj() if a.get_animated()),
                                key=lambda a: a.get_zorder())
        self._background, self._background_limits = None, None
        width, height = (int(round(v * dpi)) for v in figsize)
        self.image = widgets.Image(format="png", layout={"width": f"{width}px",
                                                         "height": f"{height}px"})
        self.update_seconds = []   # kernel time of each redraw, for the benchmark
        self.redraw()
        align_labels(self.sliders.values())
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.widget = widgets.VBox([*self.sliders.values(), self.image])

    @property
    def values(self):
        return {name: slider.value for name, slider in self.sliders.items()}

    def set(self, **values):
        """Move sliders from code; the figure redraws after each move, as in the browser."""
        for name, value in values.items():
            if name not in self.sliders:
                raise ValueError(f"no slider called {name!r}; this explorer has "
                                 f"{', '.join(self.sliders)}.")
            self.sliders[name].value = value

    def redraw(self):
        start = time.perf_counter()
        self.result = self.compute(**self.values)
        self._update_figure(self.result)
        self.image.value = self.png()
        self.update_seconds.append(time.perf_counter() - start)

    def png(self):
        """The figure as PNG bytes.

        Blitting: a view marks what changes between slider moves with ``animated=True``
        (lines, images, titles). While no axes limits change, the rest of the figure (axes,
        ticks, labels: most of the drawing time) is pasted from a saved background and only
        the animated artists are drawn on top. A view that marks nothing is drawn in full.
        """
        canvas = self.figure.canvas
        limits = [tuple(ax.viewLim.bounds) for ax in self.figure.axes]
        if limits != self._background_limits:
            canvas.draw()                  # everything except the animated artists
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._background_limits = limits
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        pixels = np.asarray(canvas.buffer_rgba())
        PIL.Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def snapshot(self):
        """The current figure as a static image: what GitHub and the HTML handout show."""
        from IPython.display import Image
        return Image(data=self.png())

    def _on_change(self, _change):
        self.redraw()

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


# --- lesson 00: the smallest explorer -------------------------------------------------------

def hello_compute(frequency):
    x = np.linspace(0, 2 * np.pi, 300)
    return {"x": x, "y": np.sin(frequency * x), "frequency": frequency}


def hello_view(figure):
    ax = figure.subplots()
    (wave,) = ax.plot([], [], color=plots.BLUE, animated=True)
    ax.title.set_animated(True)
    ax.set(xlim=(0, 2 * np.pi), ylim=(-1.1, 1.1), xlabel="x",
           ylabel=r"$\sin(\mathrm{frequency}\cdot x)$")

    def update(result):
        wave.set_data(result["x"], result["y"])
        ax.set_title(f"frequency = {result['frequency']}: move the slider, the wave changes")
    return update


def hello_explorer():
    """Lesson 00's widget check: one slider, one sine wave."""
    return Explorer(hello_compute, hello_view,
                    {"frequency": int_slider("frequency", 1, 1, 8)}, figsize=(8, 3))


# --- lessons 03-04: gradient descent on the parabola ----------------------------------------

def descent_compute(lr, epochs, x0):
    """Up to ``epochs`` steps on f(x) = (x - 2.5)**2 - 1, stopping early at |f'(x)| < 1e-9."""
    from .functions import parabola, parabola_grad
    from .optimize import gradient_descent

    return gradient_descent(parabola, parabola_grad, x0, lr, max_steps=epochs, tol=None,
                            grad_tol=1e-9)


def descent_view(figure):
    from .functions import PARABOLA_MINIMUM, parabola, parabola_closed_form

    ax_curve, ax_gap = figure.subplots(1, 2, width_ratios=(1.2, 1))
    grid = np.linspace(-3, 8, 300)
    ax_curve.plot(grid, parabola(grid), color=plots.BLUE, label="$f(x) = (x-2.5)^2 - 1$")
    ax_curve.plot([PARABOLA_MINIMUM], [-1], "*", color=plots.GREEN, ms=16, label="minimum")
    (path_line,) = ax_curve.plot([], [], "o-", color=plots.VERMILION, ms=5, lw=1.2,
                                 label="$x_k$", animated=True)
    ax_curve.set(xlim=(-3, 8), ylim=(-2, 30), xlabel="$x$", ylabel="$f(x)$")
    # a framed legend, blitted over the path: a zig-zag of a large η crosses the top centre
    ax_curve.legend(loc="upper center", fontsize=10, frameon=True, framealpha=0.9,
                    edgecolor="none").set_animated(True)
    # log10 of the gap on a linear axis: a straight line means a constant factor per step.
    # (A log-scale axis shows the same, but its tick machinery doubles the redraw time.)
    (gap_line,) = ax_gap.plot([], [], "o-", color=plots.VERMILION, ms=3, lw=1.2,
                              label="measured", animated=True)
    (theory_line,) = ax_gap.plot([], [], "--", color=plots.BLACK, lw=1.2,
                                 label=r"closed form $(1-2\eta)^{2k}(x_0-2.5)^2$",
                                 animated=True)
    for ax in (ax_curve, ax_gap):
        ax.title.set_animated(True)
    # fixed y range (1e-17 .. 1e14 covers every run up to the divergence cut-off), so moving
    # the learning rate or x0 only redraws the lines; the x range follows the step count
    ax_gap.set_ylim(-17, 14)
    ax_gap.set(xlabel="step $k$", ylabel="$\\log_{10}\\,(f(x_k) - f(x^*))$")
    ax_gap.legend(loc="lower left", fontsize=10)

    def update(descent):
        steps = np.arange(len(descent.path))
        path_line.set_data(descent.path, descent.values)
        # the gap is exactly 0 when a step lands on the minimum: floor it at 1e-300 for the log
        gap = np.log10(np.maximum(descent.values + 1.0, 1e-300))
        gap_line.set_data(steps, gap)
        with np.errstate(over="ignore", divide="ignore"):
            distance = np.abs(parabola_closed_form(steps, descent.lr, descent.path[0])
                              - PARABOLA_MINIMUM)
            theory = 2 * np.log10(np.maximum(distance, 1e-150))
        theory_line.set_data(steps, theory)
        # snap the x range to a few widths, so most moves of the steps slider keep the
        # limits (and the fast redraw) while a short run still fills the panel
        widths = (10, 20, 50, 100, 200)
        ax_gap.set_xlim(0, next((w for w in widths if w >= steps[-1]), steps[-1]))
        ax_curve.set_title(f"η = {descent.lr:.3g}: {descent.verdict}", fontsize=11)
        ax_gap.set_title(f"x = {descent.x:.6g} after {descent.steps} steps", fontsize=11)
    return update


def descent_explorer(lr=0.1, epochs=30, x0=0.0):
    """Lesson 04: learning rate, number of steps and starting point of gradient descent."""
    sliders = {"lr": log_slider("learning rate η", lr, -3, np.log10(1.2)),
               "epochs": int_slider("steps (epochs)", epochs, 1, 200),
               "x0": float_slider("start x₀", x0, -2.0, 7.0, 0.5)}
    return Explorer(descent_compute, descent_view, sliders)


# --- lessons 05 and 07: training logistic regression -----------------------------------------

class LogregTraining:
    """compute() for the training explorer: one full run per learning rate, sliced by epochs.

    Moving the epochs slider re-uses the run (the parameters after k epochs of a long run are
    those of a k-epoch run), so only a new learning rate costs a training run.
    """

    def __init__(self, X, y, backend="numpy", max_epochs=500):
        from .logreg import fit

        self.X, self.y, self.backend, self.max_epochs = X, y, backend, max_epochs
        self._fit, self._runs = fit, {}

    def __call__(self, lr, epochs):
        if lr not in self._runs:
            self._runs[lr] = self._fit(self.X, self.y, backend=self.backend, lr=lr,
                                       epochs=self.max_epochs + 1, history=True)
        run = self._runs[lr]
        k = min(epochs, len(run.losses) - 1)   # after k updates (fewer if it diverged)
        return {"lr": lr, "epochs": k, "w": run.w_history[k], "b": run.b_history[k],
                "losses": run.losses[:k + 1], "diverged": run.diverged and k < epochs,
                "max_epochs": self.max_epochs, "max_loss": run.losses.max()}


def logreg_view(figure, X, y):
    from .functions import sigmoid

    ax_data, ax_loss = figure.subplots(1, 2, width_ratios=(1.1, 1))
    lo, hi = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], 120), np.linspace(lo[1], hi[1], 120))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    shade = ax_data.imshow(np.zeros(g1.shape), origin="lower", cmap="RdBu_r", vmin=0, vmax=1,
                           alpha=0.3, aspect="auto", extent=(lo[0], hi[0], lo[1], hi[1]),
                           animated=True)
    plots.scatter_classes(ax_data, X, y)
    for points_of_a_class in ax_data.collections:   # drawn over the moving shade
        points_of_a_class.set_animated(True)
    (line,) = ax_data.plot([], [], color=plots.BLACK, lw=2, label="boundary p = ½",
                           animated=True)
    ax_data.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
    # below the panel, in one row: inside it, it would hide points of some data set
    ax_data.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=10)
    (loss_line,) = ax_loss.plot([], [], color=plots.VERMILION, animated=True)
    ax_loss.set(xlabel="epoch", ylabel="mean cross-entropy")
    for ax in (ax_data, ax_loss):
        ax.title.set_animated(True)
    x_span = np.array([lo[0], hi[0]])

    def update(result):
        w, b = result["w"], result["b"]
        shade.set_data(sigmoid(grid @ w + b).reshape(g1.shape))
        # the boundary w1 x1 + w2 x2 + b = 0, solved for x2 (skip it while w2 is ~0)
        if abs(w[1]) > 1e-12:
            line.set_data(x_span, -(w[0] * x_span + b) / w[1])
        else:
            line.set_data([], [])
        losses = result["losses"]
        loss_line.set_data(np.arange(len(losses)), losses)
        # limits follow the whole run, so moving the epochs slider only redraws the artists:
        # the curve grows to the right as epochs increase
        ax_loss.set_xlim(0, result["max_epochs"])
        ax_loss.set_ylim(0, max(result["max_loss"], 0.1) * 1.05)
        status = "diverged!" if result["diverged"] else f"loss {losses[-1]:.4f}"
        ax_data.set_title(f"η = {result['lr']:.3g}, {result['epochs']} epochs", fontsize=11)
        ax_loss.set_title(status, fontsize=11)
    return update


def logreg_explorer(X, y, backend="numpy", lr=0.1, epochs=100, max_epochs=500):
    """Lessons 05 and 07: learning rate and epochs of gradient descent on 2-D data."""
    if np.asarray(X).shape[1] != 2:
        raise ValueError("X must have 2 columns for the explorer to draw the boundary; "
                         f"got shape {np.asarray(X).shape}.")
    sliders = {"lr": log_slider("learning rate η", lr, -3, 1),
               "epochs": int_slider("epochs", epochs, 0, max_epochs)}
    return Explorer(LogregTraining(X, y, backend, max_epochs),
                    functools.partial(logreg_view, X=np.asarray(X), y=np.asarray(y)), sliders)


# --- lesson 01: the coin-flip likelihood ----------------------------------------------------

COIN_THETAS = np.linspace(0.0, 1.0, 401)[1:-1]   # open (0, 1): the log-likelihood stays finite


def coin_compute(k, n, theta):
    """Likelihood and log-likelihood of θ after k heads in n flips; a k above n is clamped to
    n (the title says so), because a slider can ask for 12 heads in 10 flips."""
    from . import _validate
    from .functions import coin_log_likelihood

    n = _validate.count(n, "n", minimum=1)
    requested_k = _validate.count(k, "k")
    k = min(requested_k, n)
    theta = _validate.finite_float(theta, "theta")
    log_curve = coin_log_likelihood(COIN_THETAS, k, n)
    mle = k / n
    return {"k": k, "n": n, "requested_k": requested_k, "clamped": requested_k > n,
            "thetas": COIN_THETAS, "log_likelihood": log_curve, "likelihood": np.exp(log_curve),
            "mle": mle, "log_likelihood_at_mle": float(coin_log_likelihood(mle, k, n)),
            "theta": theta, "log_likelihood_at_theta": float(coin_log_likelihood(theta, k, n))}


def coin_view(figure):
    ax_lik, ax_log = figure.subplots(1, 2)
    lines = {}
    for ax, key in ((ax_lik, "likelihood"), (ax_log, "log_likelihood")):
        (lines[key],) = ax.plot([], [], color=plots.BLUE, animated=True)
        lines[key + "_peak"] = ax.axvline(0.5, color=plots.GREEN, ls="--", lw=1.5,
                                          label=r"peak $\hat\theta = k/n$", animated=True)
        (lines[key + "_here"],) = ax.plot([], [], "o", color=plots.VERMILION, ms=9,
                                          label=r"slider $\theta$", zorder=3, animated=True)
        ax.title.set_animated(True)   # blitted: only these move when the θ slider moves
        ax.set_xlim(0, 1)
        ax.set_xlabel(r"$\theta$ (probability of heads)")
    ax_lik.set_ylabel(r"likelihood $L(\theta) = \theta^k(1-\theta)^{n-k}$")
    ax_log.set_ylabel(r"log-likelihood $\log L(\theta)$")
    ax_lik.legend(loc="best", fontsize=10, frameon=True, framealpha=0.9,
                  edgecolor="none").set_animated(True)   # drawn over the moving curve

    def update(result):
        peak_log = result["log_likelihood_at_mle"]
        peak_lik = np.exp(peak_log)
        here_log = result["log_likelihood_at_theta"]
        for key, values, here in (("likelihood", result["likelihood"], np.exp(here_log)),
                                  ("log_likelihood", result["log_likelihood"], here_log)):
            lines[key].set_data(result["thetas"], values)
            lines[key + "_peak"].set_xdata([result["mle"]] * 2)
            shown = ([result["theta"]], [here]) if np.isfinite(here) else ([], [])
            lines[key + "_here"].set_data(*shown)
        ax_lik.set_ylim(0, 1.12 * peak_lik)
        # a fixed depth below the peak, so a narrower curve (more flips) shows as narrower
        ax_log.set_ylim(peak_log - 25, peak_log + 2.5)
        k, n = result["k"], result["n"]
        head = (f"k = {result['requested_k']} > n = {n} is impossible: using k = {n}"
                if result["clamped"] else f"k = {k} heads in n = {n} flips")
        ax_lik.set_title(head + "\n" + rf"peak at $\hat\theta$ = k/n = {result['mle']:.2f}",
                         fontsize=11)
        ax_log.set_title(f"at θ = {result['theta']:.2f}:\nL(θ) = {np.exp(here_log):.3g}, "
                         f"log L(θ) = {here_log:.2f}", fontsize=11)
    return update


def coin_explorer(k=7, n=10, theta=0.5, max_flips=100):
    """Lesson 01: heads k, flips n and a probe θ on the coin's (log-)likelihood curve."""
    sliders = {"k": int_slider("heads k", k, 0, max_flips),
               "n": int_slider("flips n", n, 1, max_flips),
               "theta": float_slider("θ", theta, 0.01, 0.99, 0.01)}
    return Explorer(coin_compute, coin_view, sliders)


# --- lesson 02: the one-feature logistic model ----------------------------------------------

def sigmoid_model_compute(w, b, x, y):
    """p(y=1|x) = σ(wx + b) on a line, its boundary x = -b/w, and the data's mean loss."""
    from . import _validate
    from .functions import bce_with_logits, sigmoid

    w, b = _validate.finite_float(w, "w"), _validate.finite_float(b, "b")
    pad = 0.05 * (x.max() - x.min()) + 0.5
    x_grid = np.linspace(x.min() - pad, x.max() + pad, 300)
    z = w * x + b
    return {"w": w, "b": b, "x": x, "y": y, "x_grid": x_grid, "p_grid": sigmoid(w * x_grid + b),
            "boundary": -b / w if w != 0 else None, "loss": bce_with_logits(z, y),
            "accuracy": float(np.mean((z >= 0) == (y == 1)))}


def sigmoid_model_view(figure, x, y, w_range, b_range):
    from .functions import bce_with_logits
    from .optimize import newton_logreg

    ax_data, ax_land = figure.subplots(1, 2, width_ratios=(1.25, 1))
    # left: the data at heights 0 and 1, the curve, the threshold and the boundary
    for cls in (0, 1):
        ax_data.scatter(x[y == cls], y[y == cls], c=plots.CLASS_COLOURS[cls],
                        marker=plots.CLASS_MARKERS[cls], s=55, edgecolors="white",
                        linewidths=0.6, zorder=3, label=f"y = {cls}", animated=True)
    # animated artists are blitted: drawn over a saved background, the only work per move
    (curve,) = ax_data.plot([], [], color=plots.VERMILION, label=r"$\sigma(wx+b)$",
                            animated=True)
    ax_data.axhline(0.5, color=plots.BLACK, ls=":", lw=1.2)
    boundary = ax_data.axvline(0, color=plots.BLACK, lw=1.8, label="boundary $x = -b/w$",
                               animated=True)
    ax_data.title.set_animated(True)
    pad = 0.05 * (x.max() - x.min()) + 0.5
    ax_data.set(xlim=(x.min() - pad, x.max() + pad), ylim=(-0.08, 1.08), xlabel="$x$",
                ylabel=r"$y$  and  $p(y=1 \mid x)$")
    # lower right, just above the row of y = 0 points: the curve rarely passes there
    ax_data.legend(loc="lower right", bbox_to_anchor=(1.0, 0.1), fontsize=9, frameon=True,
                   framealpha=0.9, edgecolor="none").set_animated(True)
    # right: the mean cross-entropy over a grid of (w, b), drawn once; only the dot moves
    ws, bs = np.linspace(*w_range, 121), np.linspace(*b_range, 121)
    W, B = np.meshgrid(ws, bs)
    Z = W[..., None] * x + B[..., None]
    landscape = bce_with_logits(Z, np.broadcast_to(y, Z.shape), "none").mean(axis=-1)
    ax_land.imshow(np.log10(landscape), origin="lower", aspect="auto", cmap="viridis",
                   extent=(*w_range, *b_range))
    best = newton_logreg(x.reshape(-1, 1), y, iterations=30)
    best_loss = float(best.losses[-1])
    ax_land.plot([best.w[0]], [best.b], "*", color=plots.YELLOW, ms=16, mec=plots.BLACK,
                 label=f"best (loss {best_loss:.3f})")
    (here,) = ax_land.plot([], [], "o", color=plots.VERMILION, ms=9, mec="white",
                           label="your (w, b)", animated=True)
    ax_land.set(xlim=w_range, ylim=b_range, xlabel="weight $w$", ylabel="bias $b$")
    ax_land.grid(False)
    ax_land.legend(loc="upper right", fontsize=9)
    ax_land.set_title("loss landscape (darker = lower)", fontsize=11)

    def update(result):
        curve.set_data(result["x_grid"], result["p_grid"])
        at = result["boundary"]
        boundary.set_visible(at is not None)
        if at is not None:
            boundary.set_xdata([at, at])
        here.set_data([result["w"]], [result["b"]])
        where = "none (w = 0)" if at is None else f"x = {at:.2f}"
        ax_data.set_title(f"w = {result['w']:.2f}, b = {result['b']:.2f}, boundary {where}\n"
                          f"mean cross-entropy {result['loss']:.3f} (best {best_loss:.3f}), "
                          f"accuracy {result['accuracy']:.0%}", fontsize=11)
    return update


def sigmoid_model_explorer(x=None, y=None, w=1.0, b=-2.0, w_range=(-1.0, 3.0),
                           b_range=(-10.0, 4.0)):
    """Lesson 02: sliders over w and b of p(y=1|x) = σ(wx + b) on one-feature data
    (``data.one_feature()`` by default). Hunt for the lowest mean cross-entropy."""
    from . import _validate

    if x is None and y is None:
        from .data import one_feature
        x, y = one_feature()
    x = _validate._float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, one number per sample; got shape {x.shape}.")
    x = _validate.design_matrix(x.reshape(-1, 1), "x")[:, 0]
    y = _validate.labels(y, len(x))
    for name, (lo, hi) in (("w_range", w_range), ("b_range", b_range)):
        if not lo < hi:
            raise ValueError(f"{name} must be (low, high) with low < high; got {(lo, hi)}.")
    sliders = {"w": float_slider("weight w", w, *w_range, 0.05),
               "b": float_slider("bias b", b, *b_range, 0.1)}
    return Explorer(functools.partial(sigmoid_model_compute, x=x, y=y),
                    functools.partial(sigmoid_model_view, x=x, y=y, w_range=w_range,
                                      b_range=b_range),
                    sliders)

"""Lesson 02: sliders over w and b of the one-feature model p(y=1|x) = σ(wx + b)."""

import functools

import numpy as np

from .. import _validate, plots
from .base import Explorer, float_slider

MAX_LOGIT = 1e300
"""The largest |w·x + b| shown: the mean loss of larger logits would overflow float64."""


def _one_feature_data(x, y):
    """x as a finite float vector (shape (n,) or (n, 1)) and y as its 0/1 labels."""
    x = _validate.float_array(x, "x")
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, one number per sample; got shape {x.shape}.")
    x = _validate.design_matrix(x.reshape(-1, 1), "x")[:, 0]
    return x, _validate.labels(y, len(x))


def sigmoid_model_compute(w, b, x, y):
    """p(y=1|x) = σ(wx + b) on a line, its boundary x = -b/w, and the data's mean loss."""
    from ..functions import bce_with_logits, sigmoid

    w, b = _validate.finite_float(w, "w"), _validate.finite_float(b, "b")
    x, y = _one_feature_data(x, y)
    pad = 0.05 * (x.max() - x.min()) + 0.5
    x_grid = np.linspace(x.min() - pad, x.max() + pad, 300)
    with np.errstate(over="ignore", invalid="ignore"):
        z, z_grid = w * x + b, w * x_grid + b
    if not np.all(np.abs(z_grid) <= MAX_LOGIT):      # the grid spans the data: z too
        raise ValueError(f"w = {w:g}, b = {b:g} make w·x + b as large as "
                         f"{np.abs(z_grid).max():.3g} on these x, beyond {MAX_LOGIT:g}; use "
                         "smaller w and b (or rescale x).")
    return {"w": w, "b": b, "x_grid": x_grid, "p_grid": sigmoid(z_grid),
            "boundary": -b / w if w != 0 else None, "loss": bce_with_logits(z, y),
            "accuracy": float(np.mean((z >= 0) == (y == 1)))}


def best_fit(x, y):
    """The maximum-likelihood (w, b) and its mean loss by Newton's method, or None when there
    is no finite maximum (separable classes)."""
    from ..logreg import fit
    from ..optimize import CONVERGED, STEP_CAP

    x, y = _one_feature_data(x, y)
    best = fit(x.reshape(-1, 1), y, method="newton", epochs=30)
    if best.status not in (CONVERGED, STEP_CAP):
        return None
    return float(best.w[0]), float(best.b), float(best.losses[-1])


def sigmoid_model_view(figure, x, y, w_range, b_range):
    from ..functions import bce_with_logits

    ax_data, ax_land = figure.subplots(1, 2, width_ratios=(1.25, 1))
    # left: the data at heights 0 and 1, the curve, the threshold and the boundary
    points = plots.scatter_classes(ax_data, np.column_stack([x, y]), y)
    (curve,) = ax_data.plot([], [], color=plots.VERMILION, label=r"$\sigma(wx+b)$")
    ax_data.axhline(0.5, color=plots.BLACK, ls=":", lw=1.2)
    boundary = ax_data.axvline(0, color=plots.BLACK, lw=1.8, label="boundary $x = -b/w$")
    pad = 0.05 * (x.max() - x.min()) + 0.5
    ax_data.set(xlim=(x.min() - pad, x.max() + pad), ylim=(-0.08, 1.08), xlabel="$x$",
                ylabel=r"$y$  and  $p(y=1 \mid x)$")
    # lower right, just above the row of y = 0 points: the curve rarely passes there
    legend = ax_data.legend(loc="lower right", bbox_to_anchor=(1.0, 0.1), fontsize=10,
                            frameon=True, framealpha=0.9, edgecolor="none")
    # right: the mean cross-entropy over a grid of (w, b), drawn once; only the dot moves
    ws, bs = np.linspace(*w_range, 121), np.linspace(*b_range, 121)
    W, B = np.meshgrid(ws, bs)
    Z = W[..., None] * x + B[..., None]
    landscape = bce_with_logits(Z, np.broadcast_to(y, Z.shape), "none").mean(axis=-1)
    ax_land.imshow(np.log10(landscape), origin="lower", aspect="auto", cmap="viridis",
                   extent=(*w_range, *b_range))
    best = best_fit(x, y)
    if best is not None:
        ax_land.plot([best[0]], [best[1]], "*", color=plots.YELLOW, ms=16, mec=plots.BLACK,
                     label=f"best (loss {best[2]:.3f})")
    best_text = "none: separable" if best is None else f"{best[2]:.3f}"
    # zorder 6, over the legend (5): the dot is what the reader moves, and the legend then
    # stays in the saved background instead of being redrawn at every move
    (here,) = ax_land.plot([], [], "o", color=plots.VERMILION, ms=9, mec="white",
                           label="your (w, b)", zorder=6)
    ax_land.set(xlim=w_range, ylim=b_range, xlabel="weight $w$", ylabel="bias $b$")
    ax_land.grid(False)
    ax_land.legend(loc="upper right", fontsize=10)
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
                          f"mean cross-entropy {result['loss']:.3f} (best {best_text}), "
                          f"accuracy {result['accuracy']:.0%}", fontsize=11)
        # the points and the legend are drawn over the curve and the boundary
        return [curve, boundary, *points, legend, here, ax_data.title]
    return update


def sigmoid_model_explorer(x=None, y=None, w=1.0, b=-2.0, w_range=(-1.0, 3.0),
                           b_range=(-10.0, 4.0)):
    """Lesson 02: sliders over w (in ``w_range``) and b (in ``b_range``) of
    p(y=1|x) = σ(wx + b) on one-feature data (``data.one_feature()`` by default).
    Hunt for the lowest mean cross-entropy."""
    if x is None and y is None:
        from ..data import one_feature
        x, y = one_feature()
    x, y = _one_feature_data(x, y)
    ranges = {}
    for name, bounds in (("w_range", w_range), ("b_range", b_range)):
        try:
            lo, hi = (_validate.finite_float(v, name) for v in bounds)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be (low, high), two finite numbers; got "
                             f"{bounds!r}.") from None
        if not lo < hi:
            raise ValueError(f"{name} must be (low, high) with low < high; got {(lo, hi)}.")
        ranges[name] = (lo, hi)
    sliders = {"w": float_slider("w", "weight w", w, *ranges["w_range"], 0.05),
               "b": float_slider("b", "bias b", b, *ranges["b_range"], 0.1)}
    return Explorer(functools.partial(sigmoid_model_compute, x=x, y=y),
                    functools.partial(sigmoid_model_view, x=x, y=y, **ranges), sliders)

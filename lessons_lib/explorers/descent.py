"""Lessons 03-04: gradient descent on the parabola f(x) = (x - 2.5)**2 - 1, with sliders for
the learning rate, the number of steps and the starting point."""

import textwrap

import numpy as np

from .. import _validate, plots
from .base import Explorer, float_slider, int_slider, log_slider

LR_RANGE = (1e-3, 1.2)          # converges for lr < 1, cycles at 1, diverges above
EPOCHS_RANGE = (1, 200)
X0_RANGE = (-2.0, 7.0)
GAP_PANEL_WIDTHS = (10, 20, 50, 100, 200)


def descent_compute(lr, epochs, x0):
    """Up to ``epochs`` steps from x0 on the parabola, stopping early at |f'(x)| < 1e-9;
    returns the :class:`~lessons_lib.optimize.Run`."""
    from ..functions import parabola_value_and_grad
    from ..optimize import MAX_STEPS, gradient_descent

    epochs = _validate.count(epochs, "epochs", maximum=MAX_STEPS)
    return gradient_descent(parabola_value_and_grad, x0, lr, max_steps=epochs, grad_tol=1e-9)


def finite_prefix(run):
    """The iterates and losses of a run up to its first non-finite one (a plot gets no NaN)."""
    from ..optimize import Run

    if not isinstance(run, Run):
        raise TypeError(f"run must be an optimize.Run, e.g. from descent_compute; got "
                        f"{type(run).__name__}.")
    params = np.asarray(run.params, dtype=np.float64).reshape(len(run.params))
    losses = np.asarray(run.losses, dtype=np.float64)
    finite = np.isfinite(params) & np.isfinite(losses)
    end = len(finite) if finite.all() else int(np.argmin(finite))
    return params[:end], losses[:end]


def two_lines(text, width=56):
    """Text wrapped to exactly two lines (the layout is fixed after the first draw, so every
    title keeps the height of the first; a longer verdict would leave the panel)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string; got {type(text).__name__} {text!r:.60}.")
    width = _validate.count(width, "width", minimum=1)
    lines = textwrap.wrap(text, width) or [""]
    return "\n".join([lines[0], " ".join(lines[1:])])


def descent_view(figure):
    from ..functions import PARABOLA_MINIMUM, parabola, parabola_closed_form

    ax_curve, ax_gap = figure.subplots(1, 2, width_ratios=(1.2, 1))
    grid = np.linspace(-3, 8, 300)
    ax_curve.plot(grid, parabola(grid), color=plots.BLUE, label="$f(x) = (x-2.5)^2 - 1$")
    ax_curve.plot([PARABOLA_MINIMUM], [-1], "*", color=plots.GREEN, ms=16, label="minimum")
    path = plots.descent_path(ax_curve, [0.0], [parabola(0.0)])
    ax_curve.set(xlim=(-3, 8), ylim=(-2, 30), xlabel="$x$", ylabel="$f(x)$")
    # framed and redrawn over the path: a zig-zag of a large η crosses the top centre
    legend = ax_curve.legend(loc="upper center", fontsize=10, frameon=True, framealpha=0.9,
                             edgecolor="none")
    # log10 of the gap on a linear axis: a straight line means a constant factor per step.
    # (A log-scale axis shows the same, but its tick machinery doubles the redraw time.)
    gap_line = plots.loss_curve(ax_gap, [0.0], color=plots.VERMILION, marker="o", ms=3,
                                lw=1.2, label="measured")
    (theory_line,) = ax_gap.plot([], [], "--", color=plots.BLACK, lw=1.2,
                                 label=r"closed form $(1-2\eta)^{2k}(x_0-2.5)^2$")
    # a fixed y range (1e-17 .. 1e6 holds every run up to the divergence rule), so moving the
    # learning rate or x0 only redraws the lines; the x range follows the step count
    ax_gap.set_ylim(-17, 6)
    ax_gap.set(xlabel="step $k$", ylabel="$\\log_{10}\\,(f(x_k) - f(x^*))$")
    ax_gap.legend(loc="lower left", fontsize=10)

    def update(run):
        xs, fs = finite_prefix(run)
        steps = np.arange(len(xs))
        changed = path.move(xs, fs)
        # the gap is exactly 0 when a step lands on the minimum: floor it at 1e-300 for the log
        gap_line.set_data(steps, np.log10(np.maximum(fs + 1.0, 1e-300)))
        with np.errstate(over="ignore", divide="ignore"):
            distance = np.abs(parabola_closed_form(steps, run.lr, xs[0]) - PARABOLA_MINIMUM)
            theory = 2 * np.log10(np.maximum(distance, 1e-150))
        theory_line.set_data(steps, theory)
        # snap the x range to a few widths, so most moves of the steps slider keep the
        # limits (and the fast redraw) while a short run still fills the panel
        last = steps[-1]
        ax_gap.set_xlim(0, next((w for w in GAP_PANEL_WIDTHS if w >= last), last))
        ax_curve.set_title(two_lines(f"η = {run.lr:.3g}: {run.verdict}"), fontsize=11)
        steps_taken = len(xs) - 1
        ax_gap.set_title(f"x = {xs[-1]:.6g} after {steps_taken} "
                         f"{'step' if steps_taken == 1 else 'steps'}", fontsize=11)
        return [*changed, legend, gap_line, theory_line, ax_curve.title, ax_gap.title]
    return update


def descent_explorer(lr=0.1, epochs=30, x0=0.0):
    """Lesson 04: learning rate η (0.001 .. 1.2, log scale), number of steps (1 .. 200) and
    starting point x₀ (-2 .. 7) of gradient descent on the parabola."""
    sliders = {"lr": log_slider("lr", "learning rate η", lr, *LR_RANGE),
               "epochs": int_slider("epochs", "steps (epochs)", epochs, *EPOCHS_RANGE),
               "x0": float_slider("x0", "start x₀", x0, *X0_RANGE, 0.5)}
    return Explorer(descent_compute, descent_view, sliders)

"""The figures the lessons share, in one readable style.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies); fonts and
lines are large enough to read on a classroom projector.
"""

import matplotlib as mpl
import numpy as np

# Okabe & Ito (2008): distinguishable with deuteranopia, protanopia and tritanopia.
BLUE, ORANGE, GREEN, VERMILION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
SKY, PURPLE, YELLOW, BLACK = "#56B4E9", "#CC79A7", "#F0E442", "#000000"
PALETTE = [BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, YELLOW, BLACK]
CLASS_COLOURS = (BLUE, ORANGE)        # label 0, label 1
CLASS_MARKERS = ("o", "^")            # shape as well as colour tells the classes apart

LESSON_STYLE = {
    "figure.figsize": (7.5, 4.2),
    "figure.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "lines.linewidth": 2.2,
    "legend.frameon": False,
}


def use_lesson_style():
    """Apply the lesson style to every figure made after this call."""
    mpl.rcParams.update(LESSON_STYLE)


def scatter_classes(ax, X, y, labels=("y = 0", "y = 1")):
    """2-D points coloured and shaped by their 0/1 label."""
    X, y = np.asarray(X), np.asarray(y)
    for cls in (0, 1):
        mask = y == cls
        ax.scatter(X[mask, 0], X[mask, 1], c=CLASS_COLOURS[cls], marker=CLASS_MARKERS[cls],
                   s=45, edgecolors="white", linewidths=0.6, label=labels[cls], zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def decision_boundary(ax, X, y, w, b, resolution=200, label="boundary $w^T x + b = 0$"):
    """Points, the probability p(y=1|x) as shading, and the line where it is 1/2."""
    from .functions import sigmoid

    X = np.asarray(X)
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 0.5
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    logits = w[0] * g1 + w[1] * g2 + b
    ax.contourf(g1, g2, sigmoid(logits), levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                alpha=0.25, vmin=0, vmax=1)
    if np.any(logits > 0) and np.any(logits < 0):
        ax.contour(g1, g2, logits, levels=[0.0], colors=BLACK, linewidths=2)
        ax.plot([], [], color=BLACK, label=label)
    scatter_classes(ax, X, y)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])


def loss_curve(ax, losses, label=None, log=False, **kwargs):
    """Loss against epoch; ``log=True`` for a log-scale y axis."""
    losses = np.asarray(losses)
    ax.plot(np.arange(len(losses)), losses, label=label, **kwargs)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if log:
        ax.set_yscale("log")


# --- lessons 03-04: gradient descent on a curve ---------------------------------------------

def descent_path(ax, xs, fs, color=VERMILION, label="steps $x_k$"):
    """The iterates (x_k, f(x_k)) of a 1-D descent: dots joined by thin lines, the start ringed.

    Draw the curve f yourself first; this puts the walk on top of it. NaN or inf is refused
    (cut a diverged run at its last finite step first), so no point silently goes missing.
    """
    xs, fs = np.asarray(xs, dtype=np.float64), np.asarray(fs, dtype=np.float64)
    if xs.ndim != 1 or xs.shape != fs.shape or xs.size == 0:
        raise ValueError(f"xs and fs must be 1-D, non-empty and of the same length; got shapes "
                         f"{xs.shape} and {fs.shape}.")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(fs))):
        raise ValueError("xs or fs contain NaN or inf: plot only the finite steps (a Descent "
                         "from optimize.gradient_descent never holds any).")
    ax.plot(xs, fs, "o-", color=color, ms=5, lw=1.2, label=label, zorder=3)
    ax.plot(xs[:1], fs[:1], "o", ms=12, mfc="none", mec=color, mew=1.8, zorder=3)

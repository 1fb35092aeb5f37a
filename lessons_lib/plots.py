"""The figures the lessons share, in one readable style; each returns the artists it drew.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies); fonts and
lines are large enough to read on a classroom projector. Returning the artists lets a slider
explorer draw a figure once with these functions and then move what they drew
(``boundary.move(w, b)``, ``path.move(xs, fs)``, ``line.set_data``) instead of copying them.

Inputs are checked like ``logreg.fit`` checks them: finite numbers, labels 0/1 in shape (n,) or
(n, 1), so no class silently goes missing and no NaN reaches a plot.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import numpy as np

from . import _validate

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
    """Apply the lesson style to every figure made after this call (notebooks call it once;
    the explorers use ``matplotlib.rc_context(LESSON_STYLE)`` instead)."""
    mpl.rcParams.update(LESSON_STYLE)


def scatter_classes(ax, X, y, labels=("y = 0", "y = 1")):
    """2-D points coloured and shaped by their 0/1 label; returns the two PathCollections
    (class 0, class 1). ``y`` may have shape (n,) or (n, 1), as ``fit`` accepts."""
    _axes(ax)
    X = _points(X)
    y = _validate.labels(y, X.shape[0])
    if (not isinstance(labels, (tuple, list)) or len(labels) != 2
            or not all(isinstance(label, str) for label in labels)):
        raise TypeError(f"labels must be two strings (class 0, class 1); got {labels!r}.")
    drawn = []
    for cls in (0, 1):
        mask = y == cls
        drawn.append(ax.scatter(X[mask, 0], X[mask, 1], c=CLASS_COLOURS[cls],
                                marker=CLASS_MARKERS[cls], s=45, edgecolors="white",
                                linewidths=0.6, label=labels[cls], zorder=3))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return drawn


@dataclass
class DecisionBoundary:
    """What :func:`decision_boundary` drew; :meth:`move` shows another (w, b) in place."""

    shade: mpl.image.AxesImage   # p(y=1|x) over the panel, in bands of 0.1
    line: mpl.lines.Line2D       # where p = 1/2
    points: list                 # the two PathCollections of scatter_classes
    grid: np.ndarray             # (resolution**2, 2) points the shade is computed at
    extent: tuple                # (x1 low, x1 high, x2 low, x2 high) of the panel

    def move(self, w, b):
        """Redraw the shade and line for weights ``w`` (2,) and bias ``b``; returns the
        artists it changed, plus the points drawn over the shade."""
        from .functions import sigmoid

        w, b = _validate.vector(w, 2, "w"), _validate.finite_float(b, "b")
        side = int(round(np.sqrt(len(self.grid))))
        self.shade.set_data(sigmoid(self.grid @ w + b).reshape(side, side))
        self.line.set_data(*_boundary_line(w, b, self.extent))
        return [self.shade, self.line, *self.points]


def decision_boundary(ax, X, y, w, b, resolution=200, label="boundary $w^T x + b = 0$"):
    """Points, the probability p(y=1|x) as shading in bands of 0.1, and the line where it is
    1/2; returns a :class:`DecisionBoundary` (call ``.move(w, b)`` to show other weights).
    The shade has ``resolution`` × ``resolution`` cells (2 .. 2000)."""
    _axes(ax)
    X = _points(X)
    y = _validate.labels(y, X.shape[0])
    w, b = _validate.vector(w, 2, "w"), _validate.finite_float(b, "b")
    resolution = _validate.count(resolution, "resolution", minimum=2, maximum=2000)
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 0.5
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    extent = (lo[0], hi[0], lo[1], hi[1])
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    from matplotlib.colors import BoundaryNorm

    bands = BoundaryNorm(np.linspace(0, 1, 11), 256)
    # zorder 1.6: over the grid and ticks (1.5), under the line (2) and points (3), so an
    # explorer that moves the shade redraws only what lies on it, not the tick machinery
    shade = ax.imshow(np.zeros(g1.shape), origin="lower", extent=extent, aspect="auto",
                      cmap="RdBu_r", norm=bands, alpha=0.25, interpolation="nearest",
                      zorder=1.6)
    (line,) = ax.plot([], [], color=BLACK, lw=2, label=label)
    points = scatter_classes(ax, X, y)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    boundary = DecisionBoundary(shade, line, points, np.column_stack([g1.ravel(), g2.ravel()]),
                                extent)
    boundary.move(w, b)
    return boundary


def _boundary_line(w, b, extent):
    """Two points of the line w1 x1 + w2 x2 + b = 0 spanning the panel (none when w = 0),
    solved for the coordinate with the larger weight so the numbers stay moderate."""
    x1_lo, x1_hi, x2_lo, x2_hi = extent
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        x1 = np.array([x1_lo, x1_hi])
        return x1, -(w[0] * x1 + b) / w[1]
    if w[0] != 0:
        x2 = np.array([x2_lo, x2_hi])
        return -(w[1] * x2 + b) / w[0], x2
    return [], []


def loss_curve(ax, losses, label=None, log=False, **kwargs):
    """Loss against epoch (``losses[k]`` at epoch k); ``log=True`` for a log-scale y axis.
    Returns the Line2D. NaN or inf is refused: plot a diverged run up to its last finite loss."""
    _axes(ax)
    log = _validate.boolean(log, "log")
    losses = _validate.float_array(losses, "losses")
    if losses.ndim != 1 or losses.size == 0:
        raise ValueError(f"losses must be a non-empty 1-D sequence, one loss per epoch; got "
                         f"shape {losses.shape}.")
    if not np.all(np.isfinite(losses)):
        raise ValueError("losses contain NaN or inf: plot only the finite epochs (a run of "
                         "lessons_lib stops at its last finite loss).")
    if log and np.any(losses <= 0):
        raise ValueError("log=True needs losses > 0 (a log axis cannot show 0 or less); plot "
                         "the gap to the optimum, or use log=False.")
    (line,) = ax.plot(np.arange(len(losses)), losses, label=label, **kwargs)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if log:
        ax.set_yscale("log")
    return line


# --- lessons 03-04: gradient descent on a curve ---------------------------------------------

@dataclass
class DescentPath:
    """What :func:`descent_path` drew; :meth:`move` shows another walk in place."""

    line: mpl.lines.Line2D    # the iterates, dots joined by thin lines
    start: mpl.lines.Line2D   # a ring around x_0

    def move(self, xs, fs):
        """Show the iterates (xs, fs) instead; returns the two artists."""
        xs, fs = _walk(xs, fs)
        self.line.set_data(xs, fs)
        self.start.set_data(xs[:1], fs[:1])
        return [self.line, self.start]


def descent_path(ax, xs, fs, color=VERMILION, label="steps $x_k$"):
    """The iterates (x_k, f(x_k)) of a 1-D descent: dots joined by thin lines, the start
    ringed; returns a :class:`DescentPath`.

    Draw the curve f yourself first; this puts the walk on top of it. NaN or inf is refused
    (cut a diverged run at its last finite step first), so no point silently goes missing.
    """
    _axes(ax)
    xs, fs = _walk(xs, fs)
    (line,) = ax.plot(xs, fs, "o-", color=color, ms=5, lw=1.2, label=label, zorder=3)
    (start,) = ax.plot(xs[:1], fs[:1], "o", ms=12, mfc="none", mec=color, mew=1.8, zorder=3)
    return DescentPath(line, start)


def _walk(xs, fs):
    xs, fs = _validate.float_array(xs, "xs"), _validate.float_array(fs, "fs")
    if xs.ndim != 1 or xs.shape != fs.shape or xs.size == 0:
        raise ValueError(f"xs and fs must be 1-D, non-empty and of the same length; got shapes "
                         f"{xs.shape} and {fs.shape}.")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(fs))):
        raise ValueError("xs or fs contain NaN or inf: plot only the finite steps (a run from "
                         "optimize.gradient_descent never holds any).")
    return xs, fs


def _axes(ax):
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, e.g. from fig, ax = plt.subplots(); "
                        f"got {type(ax).__name__}.")


def _points(X):
    X = _validate.design_matrix(X)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (x1, x2) to be drawn in the plane; got shape "
                         f"{X.shape}. Pick two features, e.g. X[:, :2].")
    return X

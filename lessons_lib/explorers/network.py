"""Lesson 11: a one-hidden-layer network on 2-D data, with sliders for the number of hidden
units, the learning rate and the number of epochs; the decision region and the loss curve."""

import functools

import numpy as np

from .. import SEED, _validate, network, plots
from .base import Explorer, int_slider, log_slider

HIDDEN_RANGE = (1, 10)
LR_RANGE = (0.01, 30.0)
MAX_EPOCHS = 3000
"""The largest ``max_epochs``: each new (hidden units, learning rate) trains this many epochs
while the slider waits (1000 epochs on 200 points take about 0.1-0.3 s here)."""


class NetworkTraining:
    """compute() for the network explorer: one full run per (hidden units, learning rate),
    sliced by epochs, so moving the epochs slider never trains again."""

    def __init__(self, X, y, max_epochs=1000, seed=SEED):
        self.X, self.y, self.max_epochs, self.seed = X, y, max_epochs, seed
        self._runs = {}
        self.logreg_loss = _logistic_regression_loss(X, y)

    def run(self, hidden, lr):
        """The full ``max_epochs`` run (cached)."""
        key = (hidden, lr)
        if key not in self._runs:
            self._runs[key] = network.fit(self.X, self.y, hidden, lr=lr,
                                          epochs=self.max_epochs, seed=self.seed)
        return self._runs[key]

    def __call__(self, hidden, lr, epochs):
        run = self.run(hidden, lr)
        k = min(epochs, len(run.losses) - 1)
        params = run.at(k)
        return {"hidden": hidden, "lr": lr, "epochs": k, "params": params,
                "losses": run.losses[:k + 1], "diverged": bool(run.diverged and k < epochs),
                "accuracy": network.accuracy(self.X, self.y, params),
                "max_epochs": self.max_epochs, "max_loss": float(run.losses.max()),
                "logreg_loss": self.logreg_loss}


def _logistic_regression_loss(X, y):
    """The lowest mean cross-entropy a straight boundary reaches on (X, y) (L2 1e-6, so it
    exists on separable data too): the line the network has to beat."""
    from ..logreg import objective, reference_optimum

    w, b = reference_optimum(X, y, l2=1e-6)
    return float(objective(X, y)(np.r_[w, b])[0])


class Region:
    """A network's decision region over 2-D data: the shade and points of
    ``plots.decision_boundary`` (its straight line stays empty), moved by :meth:`move`."""

    def __init__(self, ax, X, y, params=None, resolution=120):
        self.boundary = plots.decision_boundary(ax, X, y, np.zeros(2), 0.0,
                                                 resolution=resolution, label="_nolegend_")
        self.boundary.line.set_data([], [])
        self.side = resolution
        if params is not None:
            self.move(params)

    def move(self, params):
        """Shade p(y = 1 | x) of the network ``params``; returns the changed artists (and the
        points painted over the shade)."""
        p = network.predict_proba(self.boundary.grid, params)
        self.boundary.shade.set_data(p.reshape(self.side, self.side))
        return [self.boundary.shade, *self.boundary.points]


def decision_region(ax, X, y, params, resolution=200):
    """Draw the network's p(y = 1 | x) as shading in bands of 0.1 (the colour changes at
    p = ½, the decision boundary) under the points; returns a :class:`Region`."""
    return Region(ax, X, y, params, resolution)


def network_view(figure, X, y):
    ax_data, ax_loss = figure.subplots(1, 2, width_ratios=(1.1, 1))
    region = Region(ax_data, X, y)
    ax_data.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
                   fontsize=10).set_zorder(0)
    loss_line = plots.loss_curve(ax_loss, [0.0], color=plots.VERMILION, label="network")
    reference = ax_loss.axhline(0.0, color=plots.BLACK, lw=1.2, ls="--",
                                label="best straight line")
    ax_loss.set_ylabel("mean cross-entropy")
    # painted before the moving curve (zorder 1 < 2), so it stays in the saved background
    # instead of being redrawn at every move; the curve never reaches the upper right corner
    # for long (only a diverging run's would, and would then be drawn over it)
    ax_loss.legend(loc="upper right", fontsize=10).set_zorder(1)

    def update(result):
        changed = region.move(result["params"])
        losses = result["losses"]
        loss_line.set_data(np.arange(len(losses)), losses)
        reference.set_ydata([result["logreg_loss"]] * 2)
        # limits follow the whole run, so the epochs slider only redraws the artists
        ax_loss.set_xlim(0, result["max_epochs"])
        # (a spike of the first epochs above 1.5 is cut off: it would flatten the rest)
        ax_loss.set_ylim(0, max(0.75, min(result["max_loss"], 1.5)) * 1.05)
        status = ("diverged!" if result["diverged"]
                  else f"loss {losses[-1]:.4f}, accuracy {result['accuracy']:.1%}")
        units = "unit" if result["hidden"] == 1 else "units"
        ax_data.set_title(f"{result['hidden']} hidden {units}, η = {result['lr']:.3g}, "
                          f"{result['epochs']} epochs", fontsize=11)
        ax_loss.set_title(status, fontsize=11)
        return [*changed, loss_line, reference, ax_data.title, ax_loss.title]
    return update


def network_explorer(X, y, hidden=5, lr=10.0, epochs=500, max_epochs=1000, seed=SEED):
    """Lesson 11: hidden units (1 .. 10), learning rate η (0.01 .. 30, log scale) and epochs
    (0 .. max_epochs, at most MAX_EPOCHS = 3000) of gradient descent on a one-hidden-layer
    network; ``seed`` picks the random start (network.init). ``y`` holds 0/1 labels."""
    X = _validate.design_matrix(X)
    if X.shape[1] != 2:
        raise ValueError("X must have 2 columns for the explorer to draw the region; got "
                         f"shape {X.shape}. Pick two features, e.g. X[:, :2].")
    y = _validate.labels(y, X.shape[0])
    max_epochs = _validate.count(max_epochs, "max_epochs", minimum=1)
    if max_epochs > MAX_EPOCHS:
        raise ValueError(f"max_epochs must be <= {MAX_EPOCHS}: every new (hidden units, "
                         f"learning rate) trains max_epochs epochs while the slider waits. For "
                         f"a longer run call network.fit(X, y, n_hidden, epochs={max_epochs}).")
    seed = _validate.count(seed, "seed")
    sliders = {"hidden": int_slider("hidden", "hidden units", hidden, *HIDDEN_RANGE),
               "lr": log_slider("lr", "learning rate η", lr, *LR_RANGE),
               "epochs": int_slider("epochs", "epochs", epochs, 0, max_epochs)}
    return Explorer(NetworkTraining(X, y, max_epochs, seed),
                    functools.partial(network_view, X=X, y=y), sliders)

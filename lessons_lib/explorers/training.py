"""Lessons 05 and 07: training logistic regression on 2-D data, with sliders for the learning
rate and the number of epochs."""

import functools

import numpy as np

from .. import _validate, plots
from .base import Explorer, int_slider, log_slider

LR_RANGE = (1e-3, 10.0)
MAX_EPOCHS = 5000
"""The largest ``max_epochs``: each new learning rate trains this many epochs while the
slider waits (5000 numpy epochs on 200 points take about 0.2 s); fit() itself has no limit."""
BACKENDS = ("numpy", "autograd", "torch")


class LogregTraining:
    """compute() for the training explorer: one full run per learning rate, sliced by epochs.

    Moving the epochs slider re-uses the run (the parameters after k epochs of a long run are
    those of a k-epoch run), so only a new learning rate costs a training run.
    """

    def __init__(self, X, y, backend="numpy", max_epochs=500):
        self.X, self.y, self.backend = X, y, backend
        self.max_epochs = max_epochs
        self._runs = {}

    def run(self, lr):
        """The full ``max_epochs`` run at this learning rate (cached)."""
        from ..logreg import fit

        if lr not in self._runs:
            self._runs[lr] = fit(self.X, self.y, backend=self.backend, lr=lr,
                                 epochs=self.max_epochs)
        return self._runs[lr]

    def __call__(self, lr, epochs):
        run = self.run(lr)
        k = min(epochs, len(run.losses) - 1)   # after k updates (fewer if it diverged)
        return {"lr": lr, "epochs": k, "w": run.w_history[k], "b": float(run.b_history[k]),
                "losses": run.losses[:k + 1], "diverged": bool(run.diverged and k < epochs),
                "max_epochs": self.max_epochs, "max_loss": float(run.losses.max())}


def logreg_view(figure, X, y):
    ax_data, ax_loss = figure.subplots(1, 2, width_ratios=(1.1, 1))
    boundary = plots.decision_boundary(ax_data, X, y, np.zeros(2), 0.0, resolution=120,
                                       label="boundary p = ½")
    # below the panel, in one row: inside it, it would hide points of some data set. Out
    # there it overlaps nothing, so it can be painted first (zorder 0) and stay in the saved
    # background instead of being redrawn with the shade at every move
    ax_data.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3,
                   fontsize=10).set_zorder(0)
    loss_line = plots.loss_curve(ax_loss, [0.0], color=plots.VERMILION)
    ax_loss.set_ylabel("mean cross-entropy")

    def update(result):
        changed = boundary.move(result["w"], result["b"])
        losses = result["losses"]
        loss_line.set_data(np.arange(len(losses)), losses)
        # limits follow the whole run, so moving the epochs slider only redraws the artists:
        # the curve grows to the right as epochs increase
        ax_loss.set_xlim(0, result["max_epochs"])
        ax_loss.set_ylim(0, max(result["max_loss"], 0.1) * 1.05)
        status = "diverged!" if result["diverged"] else f"loss {losses[-1]:.4f}"
        ax_data.set_title(f"η = {result['lr']:.3g}, {result['epochs']} epochs", fontsize=11)
        ax_loss.set_title(status, fontsize=11)
        return [*changed, loss_line, ax_data.title, ax_loss.title]
    return update


def logreg_explorer(X, y, backend="numpy", lr=0.1, epochs=100, max_epochs=500):
    """Lessons 05 and 07: learning rate η (0.001 .. 10, log scale) and epochs
    (0 .. max_epochs, at most MAX_EPOCHS = 5000) of gradient descent on 2-D data.
    ``y`` holds 0/1 labels, shape (n,) or (n, 1), as ``fit`` accepts."""
    X = _validate.design_matrix(X)
    if X.shape[1] != 2:
        raise ValueError("X must have 2 columns for the explorer to draw the boundary; "
                         f"got shape {X.shape}. Pick two features, e.g. X[:, :2].")
    y = _validate.labels(y, X.shape[0])
    _validate.one_of(backend, "backend", BACKENDS)
    max_epochs = _validate.count(max_epochs, "max_epochs", minimum=1)
    if max_epochs > MAX_EPOCHS:
        raise ValueError(f"max_epochs must be <= {MAX_EPOCHS}: every new learning rate trains "
                         f"max_epochs epochs while the slider waits (max_epochs={max_epochs} "
                         f"would freeze it). For a longer run call logreg.fit(X, y, "
                         f"epochs={max_epochs}) and plot its losses.")
    sliders = {"lr": log_slider("lr", "learning rate η", lr, *LR_RANGE),
               "epochs": int_slider("epochs", "epochs", epochs, 0, max_epochs)}
    return Explorer(LogregTraining(X, y, backend, max_epochs),
                    functools.partial(logreg_view, X=X, y=y), sliders)

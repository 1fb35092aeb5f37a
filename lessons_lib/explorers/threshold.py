"""Lesson 09: one threshold slider over a classifier's scores, with the confusion matrix, the
point on the ROC and precision-recall curves, and the metrics it gives."""

import functools

import numpy as np

from .. import _validate, evaluation, plots
from .base import Explorer, float_slider

CELL_NAMES = (("TN", "FP"), ("FN", "TP"))     # rows: actual 0, 1; columns: predicted 0, 1


class ThresholdMetrics:
    """compute() for the threshold explorer: the curves once, the counts at each threshold."""

    def __init__(self, y, scores):
        self.y, self.scores = y, scores
        self.fpr, self.tpr, _ = evaluation.roc_curve(y, scores)
        self.recall, self.precision, _ = evaluation.precision_recall_curve(y, scores)
        self.auc = evaluation.auc_by_pairs(y, scores)
        self.prevalence = float(y.mean())

    def __call__(self, threshold):
        counts = evaluation.confusion_counts(self.y, self.scores, threshold)
        return {"threshold": threshold, "counts": counts, **evaluation.rates(counts)}


def _number(value):
    return "undefined" if np.isnan(value) else f"{value:.3f}"


def threshold_view(figure, metrics, names):
    (ax_hist, ax_matrix), (ax_roc, ax_pr) = figure.subplots(2, 2, width_ratios=(1.5, 1))
    y, scores = metrics.y, metrics.scores
    edges = np.linspace(0, 1, 26) if scores.min() >= 0 and scores.max() <= 1 else 25
    for label in (0, 1):
        ax_hist.hist(scores[y == label], bins=edges, color=plots.CLASS_COLOURS[label],
                     alpha=0.6, label=f"actual {names[label]}")
    ax_hist.set_xlabel(r"predicted probability $\hat p$")
    ax_hist.set_ylabel("samples")
    # legends at zorder 0, under the moving artists: painted into the saved background once
    # instead of at every move (they sit where no curve runs)
    ax_hist.legend(loc="upper center", fontsize=10).set_zorder(0)
    line = ax_hist.axvline(0.5, color=plots.BLACK, lw=2, ls="--")

    n = len(y)
    image = ax_matrix.imshow(np.zeros((2, 2)), cmap="Blues", vmin=0, vmax=n, zorder=1)
    ax_matrix.set_axisbelow(True)     # tick labels under the image: not redrawn at each move
    texts = [[ax_matrix.text(j, i, "", ha="center", va="center", fontsize=13)
              for j in range(2)] for i in range(2)]
    ax_matrix.set_xticks([0, 1], [f"pred. {names[0]}", f"pred. {names[1]}"], fontsize=10)
    ax_matrix.set_yticks([0, 1], [f"actual\n{names[0]}", f"actual\n{names[1]}"], fontsize=10)
    ax_matrix.grid(False)
    ax_matrix.tick_params(length=0)

    ax_roc.plot(metrics.fpr, metrics.tpr, color=plots.BLUE, label=f"ROC, AUC = {metrics.auc:.3f}")
    ax_roc.plot([0, 1], [0, 1], color="grey", lw=1, ls=":", label="chance")
    (roc_point,) = ax_roc.plot([], [], "o", color=plots.VERMILION, ms=10)
    ax_roc.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.05), xlabel="false-positive rate FP/(FP+TN)",
               ylabel="recall TP/(TP+FN)")
    ax_roc.legend(loc="lower right", fontsize=10).set_zorder(0)

    ax_pr.plot(metrics.recall, metrics.precision, color=plots.GREEN, label="precision-recall")
    ax_pr.axhline(metrics.prevalence, color="grey", lw=1, ls=":",
                  label=f"prevalence {metrics.prevalence:.2f}")
    (pr_point,) = ax_pr.plot([], [], "o", color=plots.VERMILION, ms=10)
    ax_pr.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.05), xlabel="recall TP/(TP+FN)",
              ylabel="precision TP/(TP+FP)")
    ax_pr.legend(loc="lower left", fontsize=10).set_zorder(0)

    def update(result):
        t, counts = result["threshold"], result["counts"]
        line.set_xdata([t, t])
        cells = np.array([[counts.tn, counts.fp], [counts.fn, counts.tp]])
        image.set_data(cells)
        for i in range(2):
            for j in range(2):
                texts[i][j].set_text(f"{CELL_NAMES[i][j]}\n{cells[i, j]}")
                texts[i][j].set_color("white" if cells[i, j] > 0.55 * n else plots.BLACK)
        roc_point.set_data([result["fpr"]], [result["recall"]])
        shown = not np.isnan(result["precision"])
        pr_point.set_data(([result["recall"]], [result["precision"]]) if shown else ([], []))
        ax_hist.set_title(f"threshold t = {t:.2f}: predict {names[1]} when p̂ ≥ t",
                          fontsize=11)
        ax_matrix.set_title(f"accuracy {result['accuracy']:.3f}", fontsize=11)
        ax_roc.set_title(f"recall {result['recall']:.3f}, FPR {result['fpr']:.3f}", fontsize=11)
        ax_pr.set_title(f"precision {_number(result['precision'])}, "
                        f"F1 {_number(result['f1'])}", fontsize=11)
        return [line, image, *texts[0], *texts[1], roc_point, pr_point, ax_hist.title,
                ax_matrix.title, ax_roc.title, ax_pr.title]
    return update


def threshold_explorer(y, scores, threshold=0.5, names=("0", "1")):
    """Lesson 09: the threshold t (0 .. 1) that turns probabilities ``scores`` into labels
    (1 where score ≥ t), against the true 0/1 labels ``y``: the scores of each class, the
    confusion matrix, and where t sits on the ROC and precision-recall curves.
    ``names`` are the words for class 0 and class 1 on the axes."""
    y, scores = evaluation._labels_and_scores(y, scores)
    evaluation._both_classes(y)
    if np.any((scores < 0) | (scores > 1)):
        raise ValueError("scores must be probabilities in [0, 1] (the slider runs over "
                         "[0, 1]); pass predict_proba's output, not logits.")
    if (not isinstance(names, (tuple, list)) or len(names) != 2
            or not all(isinstance(name, str) for name in names)):
        raise TypeError(f"names must be two strings (class 0, class 1); got {names!r}.")
    _validate.finite_float(threshold, "threshold")
    sliders = {"threshold": float_slider("threshold", "threshold t", threshold, 0.0, 1.0,
                                         0.01)}
    metrics = ThresholdMetrics(y, scores)
    return Explorer(metrics, functools.partial(threshold_view, metrics=metrics, names=names),
                    sliders, figsize=(10, 7))

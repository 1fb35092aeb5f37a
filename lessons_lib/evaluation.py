r"""Judging and reading a fitted classifier (lesson 09): counts at a threshold, ROC and
precision-recall curves, AUC by counting pairs, reliability bins and standard errors.

Scores are the model's probabilities :math:`\hat p` (any real scores work for the curves and
the AUC). A threshold t turns them into labels the way lesson 05 does: **predict 1 when
p̂ ≥ t**. Every function takes 0/1 labels ``y`` of shape (n,) or (n, 1), as ``logreg.fit``
does.
"""

from typing import NamedTuple

import numpy as np

from . import _validate


class Counts(NamedTuple):
    """The four cells of a confusion matrix."""

    tp: int    # true positives:  y = 1, predicted 1
    fp: int    # false positives: y = 0, predicted 1
    fn: int    # false negatives: y = 1, predicted 0
    tn: int    # true negatives:  y = 0, predicted 0


def _labels_and_scores(y, scores, name="scores"):
    scores = _validate.finite_array(scores, name)
    if scores.ndim == 2 and scores.shape[1] == 1:
        scores = scores[:, 0]
    if scores.ndim != 1 or scores.size == 0:
        raise ValueError(f"{name} must be 1-D with one score per sample; got shape "
                         f"{scores.shape}.")
    return _validate.labels(y, scores.shape[0]), scores


def _both_classes(y):
    if y.min() == y.max():
        raise ValueError("y holds one class only: this needs positives and negatives "
                         "(samples with y = 1 and with y = 0).")


def confusion_counts(y, scores, threshold=0.5):
    """The confusion matrix of the labels "1 where score ≥ threshold, else 0" as :class:`Counts`."""
    y, scores = _labels_and_scores(y, scores)
    threshold = _validate.finite_float(threshold, "threshold")
    predicted = scores >= threshold
    positive = y == 1
    return Counts(int(np.sum(predicted & positive)), int(np.sum(predicted & ~positive)),
                  int(np.sum(~predicted & positive)), int(np.sum(~predicted & ~positive)))


def _ratio(top, bottom):
    return top / bottom if bottom else float("nan")


def rates(counts):
    """precision, recall (= true-positive rate, sensitivity), specificity, false-positive
    rate, F1 and accuracy of :class:`Counts` as a dict. A ratio whose denominator is 0 (no
    predicted positives → precision) is NaN: undefined, not 0."""
    if not (isinstance(counts, tuple) and len(counts) == 4):
        raise TypeError(f"counts must be a Counts(tp, fp, fn, tn); got {counts!r:.60}.")
    tp, fp, fn, tn = (_validate.count(c, name)
                      for c, name in zip(counts, Counts._fields, strict=True))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": precision, "recall": recall, "specificity": _ratio(tn, tn + fp),
            "fpr": _ratio(fp, fp + tn), "f1": _ratio(2 * tp, 2 * tp + fp + fn),
            "accuracy": _ratio(tp + tn, tp + fp + fn + tn)}


def _sweep(y, scores):
    """Counts at every distinct score used as the threshold, from the highest down, with the
    threshold +inf (nothing predicted positive) first: (thresholds, tp, fp)."""
    order = np.argsort(-scores, kind="stable")
    sorted_scores, sorted_y = scores[order], y[order]
    # the last position of each run of equal scores: a threshold admits all ties at once
    last = np.r_[np.flatnonzero(np.diff(sorted_scores)), len(scores) - 1]
    tp = np.r_[0, np.cumsum(sorted_y)[last]]
    fp = np.r_[0, np.cumsum(1 - sorted_y)[last]]
    return np.r_[np.inf, sorted_scores[last]], tp, fp


def roc_curve(y, scores):
    """The ROC curve: (fpr, tpr, thresholds), one point per distinct score plus (0, 0) for
    the threshold +inf; fpr and tpr rise from 0 to 1 as the threshold falls."""
    y, scores = _labels_and_scores(y, scores)
    _both_classes(y)
    thresholds, tp, fp = _sweep(y, scores)
    return fp / fp[-1], tp / tp[-1], thresholds


def precision_recall_curve(y, scores):
    """The precision-recall curve: (recall, precision, thresholds) at every distinct score
    as the threshold (where at least one sample is predicted positive, so precision is
    defined); recall rises to 1 as the threshold falls."""
    y, scores = _labels_and_scores(y, scores)
    _both_classes(y)
    thresholds, tp, fp = _sweep(y, scores)
    tp, fp, thresholds = tp[1:], fp[1:], thresholds[1:]
    return tp / tp[-1], tp / (tp + fp), thresholds


def auc_by_pairs(y, scores):
    """The area under the ROC curve as a probability: the fraction of (positive, negative)
    pairs in which the positive has the higher score, a tie counting ½.

    Counted exactly without forming all pairs: for each positive, the number of negatives
    below its score (and tied with it), from the sorted negative scores.
    """
    y, scores = _labels_and_scores(y, scores)
    _both_classes(y)
    positives, negatives = scores[y == 1], np.sort(scores[y == 0])
    below = np.searchsorted(negatives, positives, side="left")
    tied = np.searchsorted(negatives, positives, side="right") - below
    return float((below.sum() + 0.5 * tied.sum()) / (len(positives) * len(negatives)))


def reliability_bins(y, probabilities, bins=10):
    """The points of a reliability diagram: the probabilities cut into ``bins`` equal-width
    bins of [0, 1]; for each non-empty bin the mean predicted probability, the fraction of
    positives and the number of samples, as three arrays. A calibrated model has the
    fraction ≈ the mean probability in every bin (the diagonal)."""
    y, p = _labels_and_scores(y, probabilities, "probabilities")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("probabilities must lie in [0, 1]; pass predict_proba's output, "
                         "not logits.")
    bins = _validate.count(bins, "bins", minimum=1, maximum=1000)
    index = np.minimum((p * bins).astype(int), bins - 1)     # p = 1 goes in the last bin
    sizes = np.bincount(index, minlength=bins)
    full = sizes > 0
    mean_p = np.bincount(index, weights=p, minlength=bins)[full] / sizes[full]
    fraction = np.bincount(index, weights=y, minlength=bins)[full] / sizes[full]
    return mean_p, fraction, sizes[full]


def standard_errors(X, y, w, b):
    r"""Standard errors of (w_1, …, w_d, b) from the inverse Hessian of the **summed**
    negative log-likelihood at the maximum-likelihood estimate (w, b): the observed Fisher
    information :math:`A^\top S A` (A is X with a column of ones, S = diag(p(1-p))).

    Valid when (w, b) is the unpenalised optimum of a correctly specified model and n is large
    (asymptotic normality of the MLE); the labels y only serve to check the optimum.
    """
    from .logreg import hessian, loss_and_gradient

    X = _validate.design_matrix(X)
    y = _validate.labels(y, X.shape[0])
    w = _validate.vector(w, X.shape[1], "w")
    b = _validate.finite_float(b, "b")
    _, grad_w, grad_b = loss_and_gradient(X, y, w, b)
    if max(np.abs(grad_w).max(), abs(grad_b)) > 1e-6:
        raise ValueError("(w, b) is not the optimum: the gradient of the mean loss is "
                         f"{max(np.abs(grad_w).max(), abs(grad_b)):.2g} there. Fit to "
                         "convergence first, e.g. logreg.fit(X, y, method='newton', epochs=50).")
    H = hessian(X, w, b, reduction="sum")
    eigenvalues = np.linalg.eigvalsh(H)
    if eigenvalues[0] <= 1e-10 * eigenvalues[-1]:
        raise ValueError("the Hessian is singular (collinear features, or p(1-p) ≈ 0 on every "
                         "sample): the standard errors are infinite. Drop a redundant feature.")
    return np.sqrt(np.diag(np.linalg.inv(H)))


def odds_ratio_interval(w, se, z=1.959963984540054):
    """The confidence interval of the odds ratio e^w from the estimate w and its standard
    error se: (e^(w - z·se), e^(w + z·se)), 95% for the default z. Arrays of the same shape (or
    one array and one number) work elementwise."""
    w = _validate.finite_array(w, "w")
    se = _validate.finite_array(se, "se")
    if w.shape != se.shape and w.ndim and se.ndim:    # (2, 1) and (2,) would give a 2×2 table
        raise ValueError(f"w and se must have the same shape, one standard error per weight; "
                         f"got shapes {w.shape} and {se.shape}.")
    if np.any(se < 0):
        raise ValueError("se must be >= 0 (a standard error).")
    z = _validate.positive_float(z, "z")
    with np.errstate(over="ignore"):
        return np.exp(w - z * se), np.exp(w + z * se)

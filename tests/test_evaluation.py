"""lessons_lib.evaluation against scikit-learn and against hand counts, plus bad input."""

import numpy as np
import pytest
from sklearn import metrics

from lessons_lib import data, evaluation, logreg


def scored(n=300, seed=0, ties=False):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(float)
    scores = 1 / (1 + np.exp(-(2 * y - 1 + rng.normal(size=n))))
    if ties:
        scores = np.round(scores, 1)
    return y, scores


def test_confusion_counts_match_sklearn_and_use_greater_or_equal():
    y, scores = scored()
    for t in (0.0, 0.3, 0.5, 0.9, 1.0):
        counts = evaluation.confusion_counts(y, scores, t)
        tn, fp, fn, tp = metrics.confusion_matrix(y, scores >= t, labels=[0, 1]).ravel()
        assert counts == (tp, fp, fn, tn)
    # a score exactly at the threshold is predicted positive (p >= t, as in lesson 05)
    assert evaluation.confusion_counts([1, 0], [0.5, 0.2], 0.5) == (1, 0, 0, 1)


def test_rates_match_sklearn_and_undefined_precision_is_nan():
    y, scores = scored()
    predicted = scores >= 0.4
    r = evaluation.rates(evaluation.confusion_counts(y, scores, 0.4))
    assert r["precision"] == pytest.approx(metrics.precision_score(y, predicted))
    assert r["recall"] == pytest.approx(metrics.recall_score(y, predicted))
    assert r["f1"] == pytest.approx(metrics.f1_score(y, predicted))
    assert r["accuracy"] == pytest.approx(metrics.accuracy_score(y, predicted))
    assert r["fpr"] == pytest.approx(1 - r["specificity"])
    none_predicted = evaluation.rates(evaluation.confusion_counts(y, scores, 2.0))
    assert np.isnan(none_predicted["precision"]) and none_predicted["recall"] == 0


@pytest.mark.parametrize("ties", [False, True])
def test_curves_and_auc_match_sklearn(ties):
    y, scores = scored(ties=ties)
    fpr, tpr, thresholds = evaluation.roc_curve(y, scores)
    want_fpr, want_tpr, _ = metrics.roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(fpr, want_fpr)
    np.testing.assert_allclose(tpr, want_tpr)
    assert thresholds[0] == np.inf and np.all(np.diff(thresholds) < 0)
    auc = evaluation.auc_by_pairs(y, scores)
    assert auc == pytest.approx(metrics.roc_auc_score(y, scores), abs=1e-12)
    assert auc == pytest.approx(np.trapezoid(tpr, fpr), abs=1e-12)
    recall, precision, _ = evaluation.precision_recall_curve(y, scores)
    want_p, want_r, _ = metrics.precision_recall_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(precision, want_p[:-1][::-1])
    np.testing.assert_allclose(recall, want_r[:-1][::-1])


def test_auc_by_pairs_counts_ties_as_half():
    # positives 0.8, 0.5; negatives 0.5, 0.2: pairs (0.8 > 0.5), (0.8 > 0.2), tie, (0.5 > 0.2)
    assert evaluation.auc_by_pairs([1, 1, 0, 0], [0.8, 0.5, 0.5, 0.2]) == 3.5 / 4
    assert evaluation.auc_by_pairs([1, 0], [0.1, 0.9]) == 0.0
    assert evaluation.auc_by_pairs([1, 0, 1, 0], [3, 3, 3, 3]) == 0.5   # any real scores


def test_reliability_bins_match_sklearn_calibration_curve():
    from sklearn.calibration import calibration_curve

    y, scores = scored(1000)
    mean_p, fraction, sizes = evaluation.reliability_bins(y, scores, bins=10)
    want_fraction, want_mean = calibration_curve(y, scores, n_bins=10)
    np.testing.assert_allclose(mean_p, want_mean)
    np.testing.assert_allclose(fraction, want_fraction)
    assert sizes.sum() == 1000
    # p = 1 falls in the last bin, p = 0 in the first
    mean_p, fraction, sizes = evaluation.reliability_bins([0, 1, 1], [0.0, 1.0, 1.0], bins=4)
    np.testing.assert_array_equal(mean_p, [0, 1])
    np.testing.assert_array_equal(sizes, [1, 2])


def test_standard_errors_match_the_covariance_of_a_known_formula():
    X, y = data.classification(400, 3)
    r = logreg.fit(X, y, method="newton", epochs=30)
    se = evaluation.standard_errors(X, y, r.w, r.b)
    A = np.column_stack([X, np.ones(len(X))])
    p = logreg.predict_proba(X, r.w, r.b)
    covariance = np.linalg.inv(A.T @ (A * (p * (1 - p))[:, None]))
    np.testing.assert_allclose(se, np.sqrt(np.diag(covariance)))
    assert se.shape == (4,)


def test_standard_errors_refuse_a_point_that_is_not_the_optimum():
    X, y = data.classification(200, 2)
    with pytest.raises(ValueError, match="not the optimum"):
        evaluation.standard_errors(X, y, np.zeros(2), 0.0)


def test_standard_errors_refuse_collinear_features():
    X, y = data.classification(200, 2)
    X = np.column_stack([X, X[:, 0]])
    r = logreg.fit(X, y, method="newton", epochs=30)
    with pytest.raises(ValueError, match="singular"):
        evaluation.standard_errors(X, y, r.w, r.b)


def test_odds_ratio_interval():
    low, high = evaluation.odds_ratio_interval(np.log(2.0), 0.1)
    assert low == pytest.approx(2 * np.exp(-0.196), rel=1e-3)
    assert high == pytest.approx(2 * np.exp(0.196), rel=1e-3)
    low, high = evaluation.odds_ratio_interval([0.0, 1.0], [0.0, 0.5], z=1.0)
    np.testing.assert_allclose(low, [1.0, np.exp(0.5)])
    low, high = evaluation.odds_ratio_interval(1000.0, 1.0)      # overflow: inf, no warning
    assert high == np.inf


@pytest.mark.parametrize("call, error, words", [
    (lambda: evaluation.confusion_counts([0, 1], [0.5]), ValueError, "labels but X has"),
    (lambda: evaluation.confusion_counts([0, 2], [0.5, 0.5]), ValueError, "only 0 and 1"),
    (lambda: evaluation.confusion_counts([0, 1], [0.5, np.nan]), ValueError, "NaN"),
    (lambda: evaluation.confusion_counts([0, 1], [[0.5, 0.1]] * 2), ValueError, "1-D"),
    (lambda: evaluation.confusion_counts([0, 1], [0.5, 0.1], "0.5"), TypeError, "threshold"),
    (lambda: evaluation.roc_curve([1, 1], [0.5, 0.1]), ValueError, "one class"),
    (lambda: evaluation.auc_by_pairs([0, 0], [0.5, 0.1]), ValueError, "one class"),
    (lambda: evaluation.precision_recall_curve([], []), ValueError, "1-D"),
    (lambda: evaluation.reliability_bins([0, 1], [0.5, 1.5]), ValueError, "logits"),
    (lambda: evaluation.reliability_bins([0, 1], [0.5, 0.5], bins=0), ValueError, "bins"),
    (lambda: evaluation.rates((1, 2, 3)), TypeError, "Counts"),
    (lambda: evaluation.rates((1, 2, 3, -1)), ValueError, "tn"),
    (lambda: evaluation.odds_ratio_interval(1.0, -0.1), ValueError, "se"),
    (lambda: evaluation.odds_ratio_interval(1.0, 0.1, z=0), ValueError, "z"),
    (lambda: evaluation.odds_ratio_interval([1.0, 2.0], [0.1, 0.2, 0.3]), ValueError,
     "w and se must have the same shape"),
    (lambda: evaluation.standard_errors(np.ones((3, 1)), [0, 1, 0], [1.0, 2.0], 0.0),
     ValueError, "w must have shape"),
])
def test_bad_input_is_refused_with_a_message(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_extreme_scores_give_no_warning():
    y = np.array([0, 1, 0, 1.0])
    scores = np.array([-1e300, 1e300, 0.0, 5e-324])
    assert evaluation.auc_by_pairs(y, scores) == 1.0
    fpr, tpr, _ = evaluation.roc_curve(y, scores)
    assert np.all(np.isfinite(fpr)) and np.all(np.isfinite(tpr))

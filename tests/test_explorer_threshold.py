"""The threshold explorer of lesson 09: its compute part and its input checks (the pixel test is
tests/test_explorers.py's, for every explorer)."""

import numpy as np
import pytest

from lessons_lib import evaluation
from lessons_lib.explorers.threshold import ThresholdMetrics, threshold_explorer


def scored(n=120, seed=3):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(float)
    p = 1 / (1 + np.exp(-(3 * y - 1.5 + rng.normal(size=n))))
    return y, np.round(p, 2)          # ties, and scores exactly on slider positions


def test_compute_gives_the_counts_and_rates_at_the_threshold():
    y, p = scored()
    compute = ThresholdMetrics(y, p)
    for t in (0.0, 0.25, 0.5, 1.0):
        result = compute(t)
        counts = evaluation.confusion_counts(y, p, t)
        assert result["counts"] == counts and sum(counts) == len(y)
        assert result["recall"] == evaluation.rates(counts)["recall"]
    assert compute(0.0)["recall"] == 1.0 and compute(0.0)["fpr"] == 1.0
    assert compute.auc == evaluation.auc_by_pairs(y, p)
    assert compute.prevalence == y.mean()


def test_the_point_lies_on_the_curves():
    y, p = scored()
    explorer = threshold_explorer(y, p)
    fpr, tpr, _ = evaluation.roc_curve(y, p)
    for t in (0.2, 0.5, 0.8):
        explorer.set(threshold=t)
        result = explorer.result
        assert np.any(np.isclose(fpr, result["fpr"]) & np.isclose(tpr, result["recall"]))


def test_undefined_precision_hides_the_point_and_says_so():
    y, p = scored()
    explorer = threshold_explorer(y, p, threshold=1.0)
    assert np.isnan(explorer.result["precision"])
    assert "undefined" in explorer.figure.axes[3].get_title()


def test_the_figure_is_not_a_pyplot_figure_and_the_update_is_fast():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    explorer = threshold_explorer(*scored())
    for t in (0.1, 0.4, 0.7):
        explorer.set(threshold=t)
    assert plt.get_fignums() == before
    assert min(explorer.update_seconds[1:]) < 0.5      # generous: CI machines are shared


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(threshold=1.5), ValueError, "between 0 and 1"),
    (dict(threshold=-0.1), ValueError, "between 0 and 1"),
    (dict(threshold="0.5"), TypeError, "threshold"),
    (dict(names=("a",)), TypeError, "names"),
])
def test_out_of_range_starts_and_bad_options_are_refused(kwargs, error, words):
    with pytest.raises(error, match=words):
        threshold_explorer(*scored(), **kwargs)


def test_bad_data_is_refused():
    y, p = scored()
    with pytest.raises(ValueError, match="logits"):
        threshold_explorer(y, 3 * p - 1)
    with pytest.raises(ValueError, match="one class"):
        threshold_explorer(np.ones_like(y), p)
    with pytest.raises(ValueError, match="labels but X has"):
        threshold_explorer(y[:-1], p)
    explorer = threshold_explorer(y, p)
    with pytest.raises(ValueError, match="between 0 and 1"):
        explorer.set(threshold=2.0)

"""Lessons 01 (likelihood) and 02 (sigmoid): their library functions, explorers and checkers."""

import math

import numpy as np
import pytest

from lessons_lib import check, data, widgets
from lessons_lib.functions import bce_with_logits, coin_log_likelihood, sigmoid
from lessons_lib.optimize import newton_logreg

# --- functions.coin_log_likelihood -----------------------------------------------------------


def test_coin_log_likelihood_is_the_log_of_the_product():
    theta = np.linspace(0.05, 0.95, 19)
    np.testing.assert_allclose(coin_log_likelihood(theta, 7, 10),
                               np.log(theta ** 7 * (1 - theta) ** 3), rtol=1e-12)
    grid = np.linspace(0.001, 0.999, 999)
    assert grid[np.argmax(coin_log_likelihood(grid, 7, 10))] == pytest.approx(0.7)


def test_coin_log_likelihood_edges_are_exact_and_warning_free():
    # pytest turns warnings into errors, so log(0) would fail here
    assert coin_log_likelihood(0.0, 0, 3) == 0.0 and coin_log_likelihood(1.0, 3, 3) == 0.0
    assert coin_log_likelihood(0.0, 2, 3) == -np.inf
    assert coin_log_likelihood(1.0, 2, 3) == -np.inf
    assert coin_log_likelihood(0.3, 0, 0) == 0.0


@pytest.mark.parametrize("args, error, message", [
    ((0.5, 11, 10), ValueError, "k .* must be <= n"),
    ((0.5, -1, 10), ValueError, "k must be >= 0"),
    ((0.5, 2.0, 10), TypeError, "k must be an integer"),
    ((1.5, 2, 10), ValueError, r"theta must hold probabilities in \[0, 1\]; got \[1.5\]"),
    ((np.nan, 2, 10), ValueError, "theta must hold probabilities"),
    (("half", 2, 10), TypeError, "theta must be an array of numbers"),
])
def test_coin_log_likelihood_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        coin_log_likelihood(*args)


# --- data.one_feature ------------------------------------------------------------------------


def test_one_feature_is_seeded_sorted_and_overlapping():
    x, y = data.one_feature()
    x2, y2 = data.one_feature()
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    assert x.shape == y.shape == (30,) and np.all(np.diff(x) >= 0)
    assert set(np.unique(y)) == {0.0, 1.0}
    # the classes overlap, so the maximum-likelihood (w, b) is finite: the lesson's numbers
    best = newton_logreg(x.reshape(-1, 1), y, iterations=30)
    assert best.w[0] == pytest.approx(1.14106535, abs=1e-6)
    assert best.b == pytest.approx(-5.41302607, abs=1e-6)
    assert best.losses[-1] == pytest.approx(0.26250957, abs=1e-6)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(n=1), ValueError, "n must be >= 2"),
    (dict(n=10.0), TypeError, "n must be an integer"),
    (dict(low=5.0, high=1.0), ValueError, "low must be smaller than high"),
    (dict(w=np.inf), ValueError, "w must be finite"),
])
def test_one_feature_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.one_feature(**kwargs)


# --- widgets.coin_explorer -------------------------------------------------------------------


def test_coin_compute_peaks_at_k_over_n():
    result = widgets.coin_compute(k=7, n=10, theta=0.5)
    assert result["mle"] == 0.7 and not result["clamped"]
    assert result["thetas"][np.argmax(result["likelihood"])] == pytest.approx(0.7)
    assert result["log_likelihood_at_theta"] == pytest.approx(10 * math.log(0.5))
    assert result["log_likelihood_at_mle"] == pytest.approx(7 * math.log(0.7) + 3 * math.log(0.3))
    assert np.all(np.isfinite(result["log_likelihood"]))


@pytest.mark.parametrize("k, n", [(12, 10), (100, 1), (0, 1), (1, 1), (0, 100)])
def test_coin_compute_edges_never_nan(k, n):
    result = widgets.coin_compute(k=k, n=n, theta=0.3)
    assert result["k"] == min(k, n) and result["clamped"] == (k > n)
    assert result["mle"] == min(k, n) / n
    for key in ("likelihood", "log_likelihood"):
        assert np.all(np.isfinite(result[key]))
    assert np.isfinite(result["log_likelihood_at_mle"])


def test_coin_compute_bad_input():
    with pytest.raises(ValueError, match="n must be >= 1"):
        widgets.coin_compute(k=0, n=0, theta=0.5)
    with pytest.raises(ValueError, match="theta must hold probabilities"):
        widgets.coin_compute(k=1, n=2, theta=1.5)


def test_coin_explorer_redraws_and_clamps():
    explorer = widgets.coin_explorer()
    before = explorer.image.value
    explorer.set(theta=0.8)
    assert explorer.image.value != before
    assert explorer.result["theta"] == 0.8
    before = explorer.image.value
    explorer.set(n=5)                      # k = 7 > n = 5: clamped, said in the title
    assert explorer.image.value != before
    assert explorer.result["k"] == 5 and explorer.result["clamped"]
    assert "impossible" in explorer.figure.axes[0].get_title()
    explorer.set(n=100, k=70)
    assert explorer.result["mle"] == 0.7 and not explorer.result["clamped"]


# --- widgets.sigmoid_model_explorer ----------------------------------------------------------


def test_sigmoid_model_compute():
    x, y = data.one_feature()
    result = widgets.sigmoid_model_compute(w=2.0, b=-6.0, x=x, y=y)
    assert result["boundary"] == 3.0
    assert result["loss"] == pytest.approx(bce_with_logits(2 * x - 6, y))
    assert result["accuracy"] == pytest.approx(np.mean((x >= 3) == (y == 1)))
    np.testing.assert_allclose(result["p_grid"], sigmoid(2 * result["x_grid"] - 6))
    flat = widgets.sigmoid_model_compute(w=0.0, b=1.0, x=x, y=y)
    assert flat["boundary"] is None and np.isfinite(flat["loss"])


def test_sigmoid_model_explorer_redraws():
    explorer = widgets.sigmoid_model_explorer()
    before = explorer.image.value
    explorer.set(w=1.15)
    assert explorer.image.value != before
    before = explorer.image.value
    explorer.set(b=-5.4)
    assert explorer.image.value != before
    assert explorer.result["loss"] == pytest.approx(0.2626, abs=1e-3)   # near the best 0.2625
    explorer.set(w=0.0)                                                  # no boundary, no error
    assert explorer.result["boundary"] is None
    assert "0.263" in explorer.figure.axes[0].get_title()                # the best is shown


def test_sigmoid_model_explorer_takes_data_and_checks_it():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    explorer = widgets.sigmoid_model_explorer(x, [0, 1, 0, 1], w=0.5, b=-1.0)
    assert explorer.result["boundary"] == 2.0
    with pytest.raises(ValueError, match="x must be 1-D"):
        widgets.sigmoid_model_explorer(x.reshape(2, 2), [0, 1])
    with pytest.raises(ValueError, match="y must contain only 0 and 1"):
        widgets.sigmoid_model_explorer(x, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="y has 3 labels"):
        widgets.sigmoid_model_explorer(x, [0, 1, 1])
    with pytest.raises(TypeError, match="y is None"):
        widgets.sigmoid_model_explorer(x)
    with pytest.raises(ValueError, match="w_range must be"):
        widgets.sigmoid_model_explorer(x, [0, 1, 0, 1], w_range=(3.0, -1.0))


# --- checkers --------------------------------------------------------------------------------


def printed(capsys, checker, answer):
    assert checker(answer) is None
    return capsys.readouterr().out


def not_done(*_args):
    raise NotImplementedError


def test_coin_mle_checker(capsys):
    assert "✓" in printed(capsys, check.coin_mle, lambda k, n: k / n)
    assert "odds" in printed(capsys, check.coin_mle, lambda k, n: k / (n - k) if n > k else 1.0)
    assert "✗" in printed(capsys, check.coin_mle, lambda k, n: n / max(k, 1))
    assert "not done yet" in printed(capsys, check.coin_mle, not_done)


def test_coin_log_likelihood_checker(capsys):
    def solution(theta, k, n):
        return k * np.log(theta) + (n - k) * np.log(1 - theta)

    assert "✓" in printed(capsys, check.coin_log_likelihood, solution)
    out = printed(capsys, check.coin_log_likelihood,
                  lambda t, k, n: t ** k * (1 - t) ** (n - k))
    assert "✗" in out and "return its log" in out
    out = printed(capsys, check.coin_log_likelihood,
                  lambda t, k, n: k * np.log(t) + n * np.log(1 - t))
    assert "(n - k)" in out
    out = printed(capsys, check.coin_log_likelihood,
                  lambda t, k, n: k * np.log(1 - t) + (n - k) * np.log(t))
    assert "swapped" in out
    out = printed(capsys, check.coin_log_likelihood,
                  lambda t, k, n: solution(t, k, n) + math.log(math.comb(n, k)))
    assert "binomial coefficient" in out
    out = printed(capsys, check.coin_log_likelihood,
                  lambda t, k, n: k * math.log(t) + (n - k) * math.log(1 - t))
    assert "np.log" in out


def test_bernoulli_nll_checker(capsys):
    def solution(p, y):
        return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))

    assert "✓" in printed(capsys, check.bernoulli_nll, solution)
    assert "negative" in printed(capsys, check.bernoulli_nll, lambda p, y: -solution(p, y))
    assert "averaged" in printed(capsys, check.bernoulli_nll,
                                 lambda p, y: solution(p, y) / len(p))
    assert "swapped" in printed(capsys, check.bernoulli_nll, lambda p, y: solution(1 - p, y))
    # the reference agrees with the library's cross-entropy from logits
    z = np.array([2.0, -1.0, 0.5])
    y = np.array([1.0, 0.0, 0.0])
    assert solution(sigmoid(z), y) == pytest.approx(bce_with_logits(z, y, "sum"))


def test_stable_sigmoid_checker(capsys):
    def solution(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0, e) / (1.0 + e)

    assert "✓" in printed(capsys, check.stable_sigmoid, solution)
    out = printed(capsys, check.stable_sigmoid, lambda z: 1 / (1 + np.exp(-z)))
    assert "✗" in out and "overflow" in out and "np.exp(-np.abs(z))" in out

    def both_branches(z):
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    out = printed(capsys, check.stable_sigmoid, both_branches)
    assert "BOTH branches" in out
    assert "✗" in printed(capsys, check.stable_sigmoid, lambda z: np.tanh(z))
    assert "same shape" in printed(capsys, check.stable_sigmoid, lambda z: 0.5)


def test_logit_checker(capsys):
    assert "✓" in printed(capsys, check.logit, lambda p: np.log(p / (1 - p)))
    assert "sign is flipped" in printed(capsys, check.logit, lambda p: np.log((1 - p) / p))
    assert "1 + p" in printed(capsys, check.logit, lambda p: np.log(p / (1 + p)))
    assert "✗" in printed(capsys, check.logit, lambda p: np.log(p))


def test_decision_boundary_checker(capsys):
    assert "✓" in printed(capsys, check.decision_boundary_1d, lambda w, b: -b / w)
    assert "sign is off" in printed(capsys, check.decision_boundary_1d, lambda w, b: b / w)
    assert "divide by w" in printed(capsys, check.decision_boundary_1d, lambda w, b: -w / b)
    assert "not done yet" in printed(capsys, check.decision_boundary_1d, not_done)

"""Lessons 01 (likelihood) and 02 (sigmoid): their library functions and exercise checkers."""

import math

import numpy as np
import pytest
from checking import fails_with, passes

from lessons_lib import check, data
from lessons_lib.check import lesson01, lesson02
from lessons_lib.functions import coin_log_likelihood, sigmoid
from lessons_lib.logreg import fit

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
    (("half", 2, 10), TypeError, "theta must hold numbers"),
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
    best = fit(x.reshape(-1, 1), y, method="newton", epochs=30)
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


# --- checkers --------------------------------------------------------------------------------


def not_done(*_args):
    raise NotImplementedError


def test_the_lesson_checkers_are_exported_as_check_dot_name():
    # the notebooks call check.<name>(answer)
    for module in (lesson01, lesson02):  # noqa: B007
        for name in ("poisson_rate_mle", "poisson_standard_error", "likelihood_ratio",
                     "hours_for_probability", "hours_to_double_odds", "stable_sigmoid"):
            if hasattr(module, name):
                assert getattr(check, name, None) is getattr(module, name), name


# lesson 01, exercise 1: the MLE of a Poisson rate (the coin's derivation, transferred)

def test_poisson_rate_mle_checker_accepts_every_correct_formulation(capsys):
    def loop(counts):
        total = 0
        for c in counts:
            total += c
        return total / len(counts)

    for answer in (lambda c: np.mean(c), lambda c: sum(c) / len(c), lambda c: c.mean(),
                   lambda c: np.float32(np.mean(c)), lambda c: math.fsum(c) / len(c), loop,
                   lambda c: np.array([np.mean(c)])):
        passes(capsys, lesson01.poisson_rate_mle, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda c: np.sum(c), "total Σc"),
    (lambda c: len(c) / np.sum(c), "upside down"),
    (lambda c: np.sum(c) / (len(c) - 1) if len(c) > 1 else float(c[0]), "n - 1"),
    (lambda c: np.median(c), "median"),
    (lambda c: np.var(c), "peaks at λ̂"),
    (lambda c: None, "forget `return`"),
    (lambda c: list(c), "must be one number"),
    (lambda c: str(np.mean(c)), "not a string"),
    (not_done, "not done yet"),
])
def test_poisson_rate_mle_checker_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, lesson01.poisson_rate_mle, answer, hint)


# lesson 01, exercise 2: the standard error of that rate, from the curvature

def test_poisson_standard_error_checker_accepts_every_correct_formulation(capsys):
    def from_curvature(counts):
        rate = sum(counts) / len(counts)
        curvature = sum(counts) / rate**2          # -ℓ''(λ̂) = Σc / λ̂²
        return 1 / math.sqrt(curvature)

    for answer in (lambda c: np.sqrt(np.mean(c) / len(c)), from_curvature,
                   lambda c: math.sqrt(c.mean() / c.size),
                   lambda c: np.float32(np.sqrt(np.mean(c) / len(c))),
                   lambda c: np.std(c, ddof=0) * 0 + (np.mean(c) / len(c)) ** 0.5):
        passes(capsys, lesson01.poisson_standard_error, answer)


@pytest.mark.parametrize("answer, hint", [
    # the coin's formula: NaN (λ̂ > 1, NumPy) or a math domain error, or wrong (λ̂ < 1)
    (lambda c: np.sqrt(np.mean(c) * (1 - np.mean(c)) / len(c)), "coin"),
    (lambda c: math.sqrt(np.mean(c) * (1 - np.mean(c)) / len(c)), "math domain error"),
    (lambda c: np.mean(c) / len(c), "variance"),
    (lambda c: len(c) / np.mean(c), "curvature -ℓ''(λ̂) = n/λ̂ itself"),
    (lambda c: np.sqrt(len(c) / np.mean(c)), "inverse"),
    (lambda c: np.sqrt(np.mean(c)), "ONE count"),
    (lambda c: np.std(c) / np.sqrt(len(c)), "standard error is"),
    (not_done, "not done yet"),
])
def test_poisson_standard_error_checker_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, lesson01.poisson_standard_error, answer, hint)


# lesson 01, exercise 3: by what factor is θ_a better than θ_b (logs, transferred)

def test_likelihood_ratio_checker_accepts_every_correct_formulation(capsys):
    def with_binomial_coefficient(ta, tb, k, n):   # C(n, k) cancels in the ratio
        log_c = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        la = log_c + k * math.log(ta) + (n - k) * math.log(1 - ta)
        lb = log_c + k * math.log(tb) + (n - k) * math.log(1 - tb)
        return math.exp(la - lb)

    answers = (
        lambda ta, tb, k, n: np.exp(k * np.log(ta / tb) + (n - k) * np.log((1 - ta) / (1 - tb))),
        lambda ta, tb, k, n: (ta / tb) ** k * ((1 - ta) / (1 - tb)) ** (n - k),
        lambda ta, tb, k, n: np.exp(coin_log_likelihood(ta, k, n) - coin_log_likelihood(tb, k, n)),
        with_binomial_coefficient,
    )
    for answer in answers:
        passes(capsys, lesson01.likelihood_ratio, answer)


def test_likelihood_ratio_checker_takes_float32_at_float32_precision(capsys):
    # found by tools/survey_checkers.py: "1.24111 times ...; you returned 1.24111"
    def exact(ta, tb, k, n):
        return np.exp(k * np.log(ta / tb) + (n - k) * np.log((1 - ta) / (1 - tb)))

    passes(capsys, lesson01.likelihood_ratio, lambda *args: np.float32(exact(*args)))
    line = fails_with(capsys, lesson01.likelihood_ratio,
                      lambda *args: exact(*args) * (1 + 1e-7), "times as well")
    assert "1.24111 times" not in line.split("returned")[-1], line   # digits that differ


def product_ratio_numpy(ta, tb, k, n):
    flips = np.r_[np.ones(k), np.zeros(n - k)]
    return (np.prod(np.where(flips == 1, ta, 1 - ta))
            / np.prod(np.where(flips == 1, tb, 1 - tb)))


@pytest.mark.parametrize("answer, hint", [
    (lambda ta, tb, k, n: (ta**k * (1 - ta) ** (n - k)) / (tb**k * (1 - tb) ** (n - k)),
     "divided 0.0 by 0.0"),
    (product_ratio_numpy, "0/0 is NaN"),
    (lambda ta, tb, k, n: coin_log_likelihood(ta, k, n) - coin_log_likelihood(tb, k, n),
     "LOG of the factor"),
    (lambda ta, tb, k, n: math.exp(coin_log_likelihood(tb, k, n) - coin_log_likelihood(ta, k, n)),
     "upside down"),
    (lambda ta, tb, k, n: math.exp(k * math.log(ta / tb)), "times as well"),
    (not_done, "not done yet"),
])
def test_likelihood_ratio_checker_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, lesson01.likelihood_ratio, answer, hint)


# lesson 02, exercise 1: the x where p is reached (logit + boundary, transferred)

def test_hours_for_probability_checker_accepts_every_correct_formulation(capsys):
    answers = (lambda w, b, p: (np.log(p / (1 - p)) - b) / w,
               lambda w, b, p: (math.log(p) - math.log(1 - p) - b) / w,
               lambda w, b, p: -(b + math.log((1 - p) / p)) / w,
               lambda w, b, p: np.float32((np.log(p / (1 - p)) - b) / w))
    for answer in answers:
        passes(capsys, lesson02.hours_for_probability, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda w, b, p: -b / w, "decision boundary"),
    (lambda w, b, p: (p - b) / w, "not a score"),
    (lambda w, b, p: (math.log(p / (1 - p)) + b) / w, "sign of b"),
    (lambda w, b, p: math.log(p / (1 - p)) / w - b, "after dividing"),
    (lambda w, b, p: (math.log((1 - p) / p) - b) / w, "odds of failing"),
    (lambda w, b, p: (math.log(p) - b) / w, "log of the ODDS"),
    (lambda w, b, p: (math.log(p / (1 - p)) - b) * w, "Invert the sigmoid"),
    (not_done, "not done yet"),
])
def test_hours_for_probability_checker_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, lesson02.hours_for_probability, answer, hint)


# lesson 02, exercise 2: the hours that double the odds (the odds ratio e^w, turned around)

def test_hours_to_double_odds_checker_accepts_every_correct_formulation(capsys):
    for answer in (lambda w: np.log(2) / w, lambda w: math.log(2) / w,
                   lambda w: math.log(2, math.e) / w, lambda w: np.log(2.0) / np.float32(w)):
        passes(capsys, lesson02.hours_to_double_odds, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda w: 2 / w, "e² ≈ 7.39"),
    (lambda w: 1 / w, "e ≈ 2.718"),
    (lambda w: math.log(2) * w, "multiplied by w"),
    (lambda w: math.log10(2) / w, "log10"),
    (lambda w: 2 / math.exp(w), "MULTIPLIES"),
    (lambda w: math.exp(w), "extra units of x"),
    (not_done, "not done yet"),
])
def test_hours_to_double_odds_checker_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, lesson02.hours_to_double_odds, answer, hint)


# lesson 02, exercise 3: a stable sigmoid

def stable_where(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def stable_loop(z):
    out = np.empty(len(z))
    for i, zi in enumerate(z):
        if zi >= 0:
            out[i] = 1 / (1 + math.exp(-zi))
        else:
            out[i] = math.exp(zi) / (1 + math.exp(zi))
    return out


def stable_masks(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


def test_stable_sigmoid_checker_accepts_every_correct_formulation(capsys):
    for answer in (stable_where, stable_loop, stable_masks, sigmoid,
                   lambda z: np.exp(-np.logaddexp(0, -z)),
                   lambda z: np.where(z >= 0, 1.0, np.exp(-np.abs(z))) / (1 + np.exp(-np.abs(z)))):
        passes(capsys, lesson02.stable_sigmoid, answer)


def naive_silenced(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def both_branches(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def both_branches_silenced(z):
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def cancelling(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), 1 - 1 / (1 + e))


@pytest.mark.parametrize("answer, hint", [
    (lambda z: 1 / (1 + np.exp(-z)), "overflow"),
    (both_branches, "BOTH branches"),
    (naive_silenced, "silenced"),
    (both_branches_silenced, "silenced"),
    (cancelling, "cancels"),
    (lambda z: 0.5 * (1 + np.tanh(z / 2)), "cancels"),
    (lambda z: np.tanh(z), "σ(z) is"),
    (lambda z: 0.5, "same shape"),
    (not_done, "not done yet"),
])
def test_stable_sigmoid_checker_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, lesson02.stable_sigmoid, answer, hint)


def test_naive_sigmoid_silenced_is_rejected_by_its_values_too(capsys):
    """Without the source (a lambda typed at a prompt has none), the values give it away:
    σ(-720) = 2e-313 is a float64, and the silenced overflow returns 0.0 there."""
    def silenced(z):
        with np.errstate(over="ignore"):
            return 1 / (1 + np.exp(-z))
    silenced.__code__ = silenced.__code__.replace(co_filename="<no source>")
    fails_with(capsys, lesson02.stable_sigmoid, silenced, "z = -720", "overflows to inf")


# the exercises of earlier versions, kept for a learner's old copy of the notebook

def test_logit_checker(capsys):
    passes(capsys, check.logit, lambda p: np.log(p / (1 - p)))
    fails_with(capsys, check.logit, lambda p: np.log((1 - p) / p), "sign is flipped")
    fails_with(capsys, check.logit, lambda p: np.log(p / (1 + p)), "1 + p")
    fails_with(capsys, check.logit, lambda p: np.log(p))
    line = fails_with(capsys, check.logit, lambda p: math.log(p / (1 - p)), "np.log")
    assert "your code raised" not in line


def test_decision_boundary_checker(capsys):
    passes(capsys, check.decision_boundary_1d, lambda w, b: -b / w)
    fails_with(capsys, check.decision_boundary_1d, lambda w, b: b / w, "sign is off")
    fails_with(capsys, check.decision_boundary_1d, lambda w, b: -w / b, "divide by w")
    fails_with(capsys, check.decision_boundary_1d, not_done, "not done yet")


def test_coin_mle_checker(capsys):
    passes(capsys, check.coin_mle, lambda k, n: k / n)
    fails_with(capsys, check.coin_mle, lambda k, n: k / (n - k) if n > k else 1.0, "odds")
    fails_with(capsys, check.coin_mle, not_done, "not done yet")


def test_bernoulli_nll_checker(capsys):
    def solution(p, y):
        return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))

    passes(capsys, check.bernoulli_nll, solution)
    fails_with(capsys, check.bernoulli_nll, lambda p, y: solution(p, y) / len(p), "averaged")

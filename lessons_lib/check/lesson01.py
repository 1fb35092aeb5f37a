"""Checkers of lesson 01: likelihood and maximum likelihood.

The exercises of the lesson ask for a transfer: the lesson derives the coin's MLE and its
standard error; the learner repeats the reasoning for a Poisson rate, and turns the log trick
into "by what factor does θ_a explain the data better than θ_b?".
"""

import math
import warnings

import numpy as np

from .framework import (
    abbreviate,
    call,
    close,
    expect,
    fail,
    format_pair,
    number,
    report,
    tolerance,
)

__all__ = ["poisson_rate_mle", "poisson_standard_error", "likelihood_ratio", "coin_mle",
           "coin_log_likelihood", "bernoulli_nll"]

# Counts of emails per hour (say), small enough to check by hand, and a longer seeded sample.
_POISSON_CASES = (np.array([2, 0, 3, 1]), np.array([4]), np.array([0, 0, 0, 1]),
                  np.random.default_rng(7).poisson(3.2, size=50))


def _quietly(fn, *args):
    """The learner's fn(*args) with NumPy's warnings silenced: a square root of a negative
    number should reach the checker as NaN (which it explains), not as a RuntimeWarning."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return call(fn, *args)


def poisson_rate_mle(fn):
    """Lesson 01: fn(counts) returns the maximum-likelihood estimate of a Poisson rate λ from
    an array of counts, the sample mean (ℓ'(λ) = Σc/λ - n = 0)."""
    def test():
        for counts in _POISSON_CASES:
            n, total = counts.size, int(counts.sum())
            want = total / n
            got = number(_quietly(fn, counts.copy()))
            shown = abbreviate(counts.tolist(), 40)
            if close(got, want):
                continue
            expect(not close(got, total), f"for counts {shown} you returned the total Σc = "
                   f"{total}. Setting ℓ'(λ) = Σc/λ - n to zero gives λ = Σc / n.")
            expect(want == 0 or not close(got, 1 / want), f"for counts {shown} you returned "
                   f"n / Σc = {1 / want:.4g}, upside down: solve Σc/λ = n for λ.")
            expect(n < 2 or not close(got, total / (n - 1)), "you divided by n - 1. The "
                   "maximum-likelihood estimate divides by n: ℓ'(λ) = Σc/λ - n.")
            expect(not close(got, np.median(counts)) or close(np.median(counts), want),
                   "that is the median. Maximise ℓ(λ) = Σc·log λ - nλ - Σ log c! instead: "
                   "set its derivative to zero.")
            fail(f"for counts {shown} the likelihood peaks at λ̂ = {want:.4g}; you returned "
                 f"{got:.6g}. Write ℓ(λ) = Σ [c log λ - λ - log c!], differentiate, set it to "
                 "zero.")
    report("the MLE of a Poisson rate", test)


def poisson_standard_error(fn):
    """Lesson 01: fn(counts) returns the standard error of the Poisson-rate MLE from the
    curvature: -ℓ''(λ̂) = Σc/λ̂² = n/λ̂, so SE = 1/√(n/λ̂) = √(λ̂/n)."""
    def test():
        for counts in _POISSON_CASES:
            n = counts.size
            rate = counts.sum() / n
            want = math.sqrt(rate / n)
            got = number(_quietly(fn, counts.copy()))
            shown = abbreviate(counts.tolist(), 40)
            if close(got, want):
                continue
            coin_formula = rate * (1 - rate) / n
            expect(not math.isnan(got) or coin_formula >= 0, f"for counts {shown} (λ̂ = "
                   f"{rate:.3g}) you returned NaN: the square root of a negative number. Did "
                   "you reuse the coin's √(θ̂(1-θ̂)/n)? A rate is not a probability: "
                   "differentiate the Poisson ℓ(λ) twice instead.")
            expect(coin_formula < 0 or not close(got, math.sqrt(coin_formula)),
                   "that is the coin's formula √(θ̂(1-θ̂)/n). A Poisson likelihood has a "
                   "different curvature: differentiate ℓ(λ) = Σc·log λ - nλ twice.")
            expect(not close(got, rate / n), "that is λ̂/n, the variance. The standard error "
                   "is its square root: 1/√(curvature).")
            expect(not close(got, n / rate), "that is the curvature -ℓ''(λ̂) = n/λ̂ itself. "
                   "The standard error is 1/√(curvature): a sharp peak means a small error.")
            expect(not close(got, math.sqrt(n / rate)), "that is √(curvature). The standard "
                   "error is its inverse, 1/√(-ℓ''(λ̂)): a sharp peak means a small error.")
            expect(n == 1 or not close(got, math.sqrt(rate)), "that is √λ̂, the spread of ONE "
                   "count. The estimate averages n counts: -ℓ''(λ̂) grows with n.")
            fail(f"for counts {shown} (λ̂ = {rate:.4g}, n = {n}) the standard error is "
                 f"{want:.4g}; you returned {got:.6g}. Compute -ℓ''(λ) at λ̂, then take 1/√ of "
                 "it.")
    report("standard error of a Poisson rate", test)


def likelihood_ratio(fn):
    """Lesson 01: fn(theta_a, theta_b, k, n) returns L(θ_a) / L(θ_b) for k heads in n flips,
    also when both likelihoods underflow to 0.0 (n = 2000): exp of a difference of logs."""
    def log_likelihood(theta, k, n):
        return k * math.log(theta) + (n - k) * math.log(1 - theta)

    def test():
        for theta_a, theta_b, k, n in ((0.7, 0.6, 7, 10), (0.5, 0.7, 7, 10),
                                       (0.7, 0.6, 1400, 2000), (0.35, 0.3, 330, 1000)):
            log_ratio = log_likelihood(theta_a, k, n) - log_likelihood(theta_b, k, n)
            want = math.exp(log_ratio)
            case = f"θ_a = {theta_a}, θ_b = {theta_b}, k = {k}, n = {n}"
            try:
                raw = _quietly(fn, theta_a, theta_b, k, n)
            except ZeroDivisionError:
                fail(f"for {case} your code divided 0.0 by 0.0: both likelihoods underflow to "
                     "0.0 (section 4). Subtract the log-likelihoods, then exponentiate the "
                     "difference.")
            got, tol = number(raw), tolerance(raw, 1e-9)     # float32: at its precision
            if close(got, want, tol=tol):
                continue
            expect(not (math.isnan(got) or (got == 0.0 and n > 1000)), f"for {case} you "
                   f"returned {got}: each likelihood underflows to 0.0 (section 4), and 0/0 "
                   "is NaN. Subtract the log-likelihoods, then exponentiate the difference.")
            expect(not close(got, log_ratio, tol=tol), f"for {case} you returned the LOG of "
                   f"the factor, {log_ratio:.4g}. The factor is e to that power.")
            expect(not close(got, 1 / want, tol=tol), f"for {case} the ratio is upside "
                   "down: how many times better θ_a explains the data is L(θ_a) / L(θ_b).")
            want_text, got_text = format_pair(want, got)
            fail(f"for {case} θ_a explains the flips {want_text} times as well as θ_b; you "
                 f"returned {got_text}.")
    report("how many times more likely", test)


# --- the exercises of earlier versions of the lesson (kept: a learner's old copy still runs) --


def coin_mle(fn):
    """Lesson 01 (earlier version): fn(k, n) returns the MLE of θ after k heads in n flips."""
    def test():
        for k, n in ((7, 10), (0, 5), (5, 5), (33, 100)):
            got = call(fn, k, n)
            if n > k > 0 and close(got, k / (n - k)):
                expect(False, f"for k = {k}, n = {n} you returned k/(n-k) = {got:g}: those are "
                       "the odds of heads. θ̂ is the fraction of flips that were heads.")
            expect(close(got, k / n), f"for k = {k} heads in n = {n} flips the likelihood "
                   f"peaks at θ̂ = {k / n:g}; you returned {got!r}. Set the derivative of "
                   "k log θ + (n-k) log(1-θ) to zero and solve for θ.")
    report("coin-flip MLE", test)


def coin_log_likelihood(fn):
    """Lesson 01 (earlier version): fn(theta, k, n) returns k log θ + (n - k) log(1 - θ),
    also for an array θ."""
    from math import comb

    def test():
        for theta, k, n in ((0.5, 7, 10), (0.7, 7, 10), (0.2, 3, 4), (0.9, 60, 100)):
            want = k * np.log(theta) + (n - k) * np.log(1 - theta)
            got = call(fn, theta, k, n)
            if close(got, want):
                continue
            expect(not close(got, np.exp(want)), f"for θ = {theta}, k = {k}, n = {n} you "
                   f"returned the likelihood {np.exp(want):.4g} itself; return its log, "
                   f"{want:.4g}.")
            expect(not close(got, want + np.log(comb(n, k))), "you included the binomial "
                   "coefficient log C(n, k). It does not depend on θ, so it does not move the "
                   "peak, but this exercise asks for log(θ^k (1-θ)^(n-k)) without it.")
            expect(not close(got, k * np.log(theta) + n * np.log(1 - theta)),
                   "the tails term should count only the n - k flips that were tails: "
                   "(n - k) * log(1 - θ), not n * log(1 - θ).")
            expect(not close(got, k * np.log(1 - theta) + (n - k) * np.log(theta)),
                   "θ and 1 - θ are swapped: each head has probability θ, each tail 1 - θ.")
            expect(close(got, want), f"for θ = {theta}, k = {k}, n = {n} the log-likelihood "
                   f"is {want:.6g}; you returned {got!r}.")
        thetas = np.array([0.1, 0.5, 0.9])
        try:
            got = call(fn, thetas, 7, 10)
        except TypeError:
            got = None
        expect(close(got, 7 * np.log(thetas) + 3 * np.log(1 - thetas)),
               "it works for one θ but not for an array of θ: use np.log (not math.log) so "
               "the same code evaluates the whole curve at once.")
    report("coin-flip log-likelihood", test)


def bernoulli_nll(fn):
    """Lesson 01 (earlier version): fn(p, y) returns -Σ [y log p + (1 - y) log(1 - p)]."""
    def test():
        rng = np.random.default_rng(1)
        cases = [(np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])),
                 (rng.uniform(0.05, 0.95, 20), rng.integers(0, 2, 20).astype(float))]
        for p, y in cases:
            log_lik = y * np.log(p) + (1 - y) * np.log(1 - p)
            want = -np.sum(log_lik)
            got = call(fn, p, y)
            if close(got, want):
                continue
            expect(not close(got, -want), "the result is negative: that is the log-likelihood. "
                   "The negative log-likelihood puts a minus sign in front, so it is >= 0 and "
                   "we minimise it.")
            expect(not close(got, -np.mean(log_lik)), "you averaged over the samples; this "
                   "exercise asks for the sum (the log of a product of probabilities).")
            expect(not close(got, -np.sum(y * np.log(1 - p) + (1 - y) * np.log(p))),
                   "p is the probability of y = 1, so a label 1 contributes log p and a label "
                   "0 contributes log(1 - p); yours are swapped.")
            expect(close(got, want), f"for p = {np.round(p[:3], 3)}…, y = {y[:3]}… the summed "
                   f"negative log-likelihood is {want:.6g}; you returned {got!r}.")
    report("Bernoulli negative log-likelihood", test)

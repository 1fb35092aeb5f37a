"""Checkers of lesson 01: likelihood and maximum likelihood."""

import numpy as np

from .framework import close, expect, report


def coin_mle(fn):
    """Lesson 01: fn(k, n) returns the maximum-likelihood estimate of θ after k heads in n."""
    def test():
        for k, n in ((7, 10), (0, 5), (5, 5), (33, 100)):
            got = fn(k, n)
            if n > k > 0 and close(got, k / (n - k)):
                expect(False, f"for k = {k}, n = {n} you returned k/(n-k) = {got:g}: those are "
                       "the odds of heads. θ̂ is the fraction of flips that were heads.")
            expect(close(got, k / n), f"for k = {k} heads in n = {n} flips the likelihood "
                   f"peaks at θ̂ = {k / n:g}; you returned {got!r}. Set the derivative of "
                   "k log θ + (n-k) log(1-θ) to zero and solve for θ.")
    report("coin-flip MLE", test)


def coin_log_likelihood(fn):
    """Lesson 01: fn(theta, k, n) returns k log θ + (n - k) log(1 - θ), also for an array θ."""
    from math import comb

    def test():
        for theta, k, n in ((0.5, 7, 10), (0.7, 7, 10), (0.2, 3, 4), (0.9, 60, 100)):
            want = k * np.log(theta) + (n - k) * np.log(1 - theta)
            got = fn(theta, k, n)
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
            got = fn(thetas, 7, 10)
        except TypeError:
            got = None
        expect(close(got, 7 * np.log(thetas) + 3 * np.log(1 - thetas)),
               "it works for one θ but not for an array of θ: use np.log (not math.log) so "
               "the same code evaluates the whole curve at once.")
    report("coin-flip log-likelihood", test)


def bernoulli_nll(fn):
    """Lesson 01: fn(p, y) returns -Σ [y log p + (1 - y) log(1 - p)], the summed NLL."""
    def test():
        rng = np.random.default_rng(1)
        cases = [(np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])),
                 (rng.uniform(0.05, 0.95, 20), rng.integers(0, 2, 20).astype(float))]
        for p, y in cases:
            log_lik = y * np.log(p) + (1 - y) * np.log(1 - p)
            want = -np.sum(log_lik)
            got = fn(p, y)
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

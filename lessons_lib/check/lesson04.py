"""Checkers of lesson 04: learning-rate effects.

Both exercises ask for a transfer: the convergence condition for a parabola of another
curvature (η ≤ 0 included), and the safe learning rate 1/L of one feature measured in other
units (L grows with the square of the scale).
"""

import numpy as np

from .framework import abbreviate, call, expect, fail, number, report

__all__ = ["converges", "safe_learning_rate"]


def converges(fn):
    """Lesson 04: fn(lr, a) says whether gradient descent on f(x) = a (x - 1)² converges
    (to x = 1, from any other start). It does exactly when 0 < lr < 1/a."""
    shares = (0.1, 0.5, 0.9, 1.0, 1.01, 1.5, 2.0, 3.0)   # learning rates as multiples of 1/a
    not_a_step = (0.0, -0.1, -1.0)                        # lr <= 0: no move, or uphill

    def test():
        for a in (1.0, 2.0, 0.5, 10.0):
            wrong, wrong_sign = [], []
            for share in shares + not_a_step:
                got = call(fn, share / a, a)
                expect(isinstance(got, (bool, np.bool_)), "return True or False; got "
                       f"{abbreviate(got)}.")
                if bool(got) != (abs(1 - 2 * a * (share / a)) < 1):
                    (wrong if share > 0 else wrong_sign).append(share)
            if wrong:
                _diagnose_converges(a, wrong)
            if wrong_sign:
                fail(f"for a = {a:g} and η = {wrong_sign[0] / a:g} you said it converges. "
                     "With η = 0 the iterate never moves (it stays at x₀ ≠ 1), and with η < 0 "
                     "every step walks UPHILL (the factor 1 - 2aη is above 1). Gradient "
                     "descent converges only for 0 < η < 1/a.")
    report("does it converge?", test)


def _diagnose_converges(a, wrong):
    lr = wrong[0] / a
    factor = 1 - 2 * a * lr
    where = f"for a = {a:g} and η = {lr:g}"
    expect(wrong[0] >= 1, f"{where} each step multiplies the distance to the minimum "
           f"by 1 - 2aη = {factor:.3g}; |{factor:.3g}| < 1, so it converges (an "
           "oscillating run still converges).")
    expect(wrong != [1.0], f"{where} the factor 1 - 2aη is exactly -1: the iterate "
           "jumps between two points forever (η = 1 on the parabola of this lesson). "
           "That is not convergence: use a strict <.")
    lr = [share for share in wrong if share > 1][0] / a
    fail(f"for a = {a:g} and η = {lr:g} the factor 1 - 2aη = {1 - 2 * a * lr:.3g} has "
         "|·| > 1: every step moves further away. Here L = f'' = 2a, so the limit is "
         "η < 2/L = 1/a.")


def safe_learning_rate(fn):
    """Lesson 04: fn(x, scale) returns η = 1/L for the mean cross-entropy of the one-feature
    model σ(w·x') without intercept, where the feature is measured in other units,
    x' = scale·x. L = mean(x'²)/4, so 1/L = 4 / (scale² · mean(x²))."""
    from .. import SEED
    from ..data import one_feature

    def test():
        hours = one_feature()[0]
        other = np.random.default_rng(SEED).normal(2.0, 1.5, size=40)
        for x, scale in ((hours, 60.0), (hours, 1.0), (other, 0.1), (other, 3.0),
                         (hours.astype(np.float32), 60.0)):
            got = number(call(fn, x.copy(), scale), "the learning rate you returned")
            x64 = x.astype(np.float64)
            want = 4 / (scale**2 * np.mean(x64**2))
            if _relatively_close(got, want):
                continue
            _diagnose_rescaled(got, x64, scale, want)
    report("a safe learning rate after rescaling", test)


def _diagnose_rescaled(got, x, scale, want):
    """The typical slips in 1/L = 4 / (scale² mean(x²)), each with its hint."""
    def near(value):
        return _relatively_close(got, value)

    m = np.mean(x**2)
    expect(not near(4 / (scale * m)), "the curvature grows with the SQUARE of the scale: "
           "L = mean(x'²)/4 and x' = scale·x, so x'² = scale²·x². Divide by scale², not "
           "by scale.")
    expect(not near(4 / m), f"that is 1/L for the feature in its old units; the new feature "
           f"is scale·x (scale = {scale:g}).")
    expect(not near(4 / (scale**2 * np.mean(x) ** 2)), "that used mean(x)², the square of "
           "the mean; the curvature needs mean(x²), the mean of the squares.")
    expect(not near(4 / (scale**2 * np.var(x))), "that used the variance of x; without an "
           "intercept the curvature is mean(x²)/4, the uncentred second moment (they agree "
           "only for a centred feature).")
    A = np.column_stack([scale * x, np.ones(len(x))])
    expect(not near(4 * len(x) / np.linalg.eigvalsh(A.T @ A)[-1]), "that is 1/L of the "
           "model WITH an intercept; this model is σ(w·x') without b, so L = mean(x'²)/4.")
    expect(not near(2 * want), "that is 2/L, the edge beyond which the steps stop shrinking; "
           "the safe, natural step is 1/L.")
    expect(not near(want / 4), "the factor 4 is missing: p(1 - p) ≤ 1/4, so "
           "L = mean(x'²)/4 and 1/L = 4/mean(x'²).")
    expect(not near(1 / want), "you returned L itself; the safe learning rate is 1/L.")
    expect(not near(want / len(x)), "that is 1/L for the SUMMED loss; for the mean loss "
           "L = mean(x'²)/4 does not grow with n.")
    fail(f"for this x (n = {len(x)}) and scale = {scale:g}, mean(x'²) = {scale**2 * m:.4g}, "
         f"so 1/L = {want:.4g}; you returned {got:.4g}.")


def _relatively_close(got, want):
    # relative only: with minutes (scale 60) the rate is ~4e-5, below any absolute tolerance
    return bool(np.isfinite(got) and abs(got - want) <= 1e-5 * abs(want))

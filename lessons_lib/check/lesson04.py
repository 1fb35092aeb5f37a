"""Checkers of lesson 04: learning-rate effects."""

import numpy as np

from .framework import close, expect, report


def converges(fn):
    """Lesson 04: fn(lr, a) says whether gradient descent on f(x) = a (x - 1)² converges
    (to x = 1, from any other start)."""
    shares = (0.1, 0.5, 0.9, 1.0, 1.01, 1.5, 2.0, 3.0)   # learning rates as multiples of 1/a

    def test():
        for a in (1.0, 2.0, 0.5, 10.0):
            wrong = []
            for share in shares:
                got = fn(share / a, a)
                expect(isinstance(got, (bool, np.bool_)), "return True or False; got "
                       f"{got!r}.")
                if bool(got) != (abs(1 - 2 * a * (share / a)) < 1):
                    wrong.append(share)
            if not wrong:
                continue
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
            expect(False, f"for a = {a:g} and η = {lr:g} the factor 1 - 2aη = "
                   f"{1 - 2 * a * lr:.3g} has |·| > 1: every step moves further away. Here "
                   "L = f'' = 2a, so the limit is η < 2/L = 1/a.")
    report("does it converge?", test)


def safe_learning_rate(fn):
    """Lesson 04: fn(X, fit_intercept=True) returns 1/L = 4n / λ_max(AᵀA), a learning rate
    that is safe for the mean cross-entropy; A is X with a column of ones appended when the
    model has an intercept, else X itself."""
    from .. import SEED
    from ..data import blobs
    from ..logreg import smoothness_bound

    def test():
        rng = np.random.default_rng(SEED)
        for X in (blobs(200, distance=0.6, spread=0.4)[0],
                  rng.normal(size=(50, 3)) * [1.0, 3.0, 0.5] + 2.0):
            n = X.shape[0]
            with_ones = np.column_stack([X, np.ones(n)])
            for fit_intercept, A in ((True, with_ones), (False, X)):
                eigenvalues = np.linalg.eigvalsh(A.T @ A)
                got = fn(X.copy(), fit_intercept=fit_intercept)
                expect(np.ndim(got) == 0, f"return one number, the learning rate; got shape "
                       f"{np.shape(got)}.")
                got = float(got)
                if close(got, 1 / smoothness_bound(X, fit_intercept=fit_intercept)):
                    continue
                if fit_intercept:
                    expect(not close(got, 4 * n / np.linalg.eigvalsh(X.T @ X)[-1]),
                           "with an intercept the parameters are (w, b): append a column of "
                           "ones first, A = np.column_stack([X, np.ones(n)]).")
                else:
                    expect(not close(got, 4 * n / np.linalg.eigvalsh(with_ones.T @ with_ones)
                                     [-1]), "with fit_intercept=False there is no b: use X "
                           "as it is, without a column of ones.")
                _diagnose_safe_rate(got, n, eigenvalues)
    report("a safe learning rate", test)


def _diagnose_safe_rate(got, n, eigenvalues):
    """The typical slips in 1/L = 4n / λ_max(AᵀA), each with its hint."""
    lam = eigenvalues[-1]
    expect(not close(got, 4 / lam), "that is 1/L for the SUMMED loss. For the mean loss "
           "L = λ_max(AᵀA)/(4n): multiply by n.")
    expect(not close(got, n / lam), "the factor 4 is missing: σ'(z) ≤ 1/4, so "
           "L = λ_max(AᵀA)/(4n) and 1/L = 4n/λ_max.")
    expect(not close(got, lam / (4 * n)), "you returned L itself; the safe learning rate is "
           "its inverse, 1/L.")
    expect(not close(got, 4 * n / eigenvalues[0]), "that used the smallest eigenvalue: "
           "np.linalg.eigvalsh sorts them in ascending order, take [-1].")
    expect(not close(got, 4 * n / np.sqrt(lam)), "the eigenvalues of AᵀA are the SQUARES of "
           "the singular values of A: use np.linalg.eigvalsh(A.T @ A).")
    expect(not close(got, 4 * n / eigenvalues.sum()), "the sum of all eigenvalues (|A|² in "
           "the Frobenius norm) gives a smaller, over-cautious rate; use the largest one.")
    expect(False, f"for this X (n = {n}) λ_max(AᵀA) = {lam:.4g}, so 1/L = 4n/λ_max = "
           f"{4 * n / lam:.4g}; you returned {got:.4g}.")

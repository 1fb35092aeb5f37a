"""Checkers of lesson 02: the sigmoid."""

import numpy as np

from .framework import close, expect, report


def stable_sigmoid(fn):
    """Lesson 02: fn(z) returns σ(z) for an array z, finite and warning-free also at ±1000."""
    import warnings

    from ..functions import sigmoid

    def test():
        z = np.array([-1000.0, -745.0, -40.0, -2.0, 0.0, 0.5, 3.0, 40.0, 745.0, 1000.0])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = fn(z)
        if caught:
            hint = ("np.where computes BOTH branches for every z, so each branch must be safe "
                    "on its own. " if "where" in _source(fn) else "")
            expect(False, f"your function warned: '{caught[0].message}'. {hint}Only ever "
                   "exponentiate a number <= 0: e = np.exp(-np.abs(z)) is at most 1.")
        got = np.asarray(got, dtype=np.float64) if got is not None else np.empty(0)
        expect(got.shape == z.shape,
               f"return one σ(z) per z: for an array of shape {z.shape} return the same shape.")
        if np.any(np.isnan(got)):
            expect(False, f"you returned NaN at z = {z[np.isnan(got)].tolist()}: inf / inf "
                   "is NaN. Use e = np.exp(-np.abs(z)).")
        want = sigmoid(z)
        wrong = np.flatnonzero(~(np.abs(got - want) <= 1e-12 + 1e-9 * want))
        if wrong.size:
            i = wrong[0]
            expect(False, f"at z = {z[i]:g} σ(z) is {want[i]:.6g}; you returned {got[i]:.6g}.")
        expect(close(fn(np.array(0.0)), 0.5), "σ(0) should be 0.5.")
    report("stable sigmoid", test)


def _source(fn):
    """The source of a learner's function, or "" when it cannot be read."""
    import inspect
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        return ""


def logit(fn):
    """Lesson 02: fn(p) returns the log-odds ln(p / (1 - p)) for an array of probabilities."""
    def test():
        p = np.array([0.5, 0.9, 0.1, 0.25, 0.999])
        want = np.log(p / (1 - p))
        got = fn(p)
        if not close(got, want):
            expect(not close(got, -want), "the sign is flipped: the odds of y = 1 are "
                   "p / (1 - p), so p = 0.9 has log-odds +2.197.")
            expect(not close(got, np.log(p / (1 + p))), "the odds divide by 1 - p (the "
                   "probability of y = 0), not 1 + p.")
            expect(False, f"for p = {p.tolist()} the log-odds are "
                   f"{np.round(want, 4).tolist()}; you returned {got!r}.")
        z = np.linspace(-5, 5, 11)
        expect(close(fn(1 / (1 + np.exp(-z))), z), "logit(σ(z)) should give z back.")
    report("logit (log-odds)", test)


def decision_boundary_1d(fn):
    """Lesson 02: fn(w, b) returns the x where σ(wx + b) = 1/2, i.e. x = -b / w."""
    def test():
        for w, b in ((2.0, -6.0), (-1.0, 2.0), (0.5, 1.0), (1.14, -5.41)):
            got = fn(w, b)
            if close(got, -b / w):
                continue
            expect(not close(got, b / w), f"for w = {w}, b = {b} you returned b/w = {b / w:g}: "
                   "the sign is off. Solve w x + b = 0 for x.")
            expect(not close(got, -w / b), f"for w = {w}, b = {b} you returned -w/b; solve "
                   "w x + b = 0 for x (divide by w).")
            expect(close(got, -b / w), f"for w = {w}, b = {b} the boundary is at x = "
                   f"{-b / w:g} (where w x + b = 0, so σ = 1/2); you returned {got!r}.")
    report("decision boundary in 1-D", test)

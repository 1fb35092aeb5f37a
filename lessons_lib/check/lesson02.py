"""Checkers of lesson 02: the sigmoid.

The exercises ask for a transfer: the x where the model's probability is p (the logit and the
decision boundary, combined), the hours that double the odds (the odds ratio e^w, turned
around), and a stable sigmoid whose z < 0 branch the learner derives.
"""

import math
import warnings

import numpy as np

from .framework import call, close, expect, fail, number, numbers, report

__all__ = ["hours_for_probability", "hours_to_double_odds", "stable_sigmoid", "logit",
           "decision_boundary_1d"]


def _logit(p):
    return math.log(p / (1 - p))


def hours_for_probability(fn):
    """Lesson 02: fn(w, b, p) returns the x where σ(wx + b) = p, i.e. (logit(p) - b) / w."""
    def test():
        for w, b, p in ((1.14, -5.41, 0.9), (2.0, -6.0, 0.5), (0.5, 1.0, 0.99),
                        (-1.0, 2.0, 0.2), (1.14, -5.41, 0.1)):
            want = (_logit(p) - b) / w
            case = f"w = {w}, b = {b}, p = {p}"
            got = number(call(fn, w, b, p))
            if close(got, want):
                continue
            expect(not close(got, -b / w), f"for {case} you returned -b/w = {-b / w:.4g}: "
                   "that is where p = 1/2 (the decision boundary). For another p the score "
                   "wx + b must equal the log-odds of p, not 0.")
            expect(not close(got, (p - b) / w), f"for {case} you solved wx + b = p. But p is a "
                   "probability, not a score: σ(wx + b) = p means wx + b = log(p / (1 - p)).")
            expect(not close(got, (_logit(p) + b) / w), f"for {case} the sign of b is off: "
                   "wx + b = logit(p) gives x = (logit(p) - b) / w.")
            expect(not close(got, _logit(p) / w - b), f"for {case} you subtracted b after "
                   "dividing by w: x = (logit(p) - b) / w, with b inside the brackets.")
            expect(not close(got, (-_logit(p) - b) / w), f"for {case} you used the odds of "
                   "failing, (1 - p) / p. The odds of y = 1 are p / (1 - p).")
            expect(not close(got, (math.log(p) - b) / w), f"for {case} you used log(p). The "
                   "score is the log of the ODDS: log(p / (1 - p)).")
            fail(f"for {case} σ(wx + b) = p at x = {want:.6g}; you returned {got:.6g}. Invert "
                 "the sigmoid first (its inverse is the logit), then solve for x.")
    report("the x where p is reached", test)


def hours_to_double_odds(fn):
    """Lesson 02: fn(w) returns how many extra units of x double the odds: e^(wΔ) = 2, so
    Δ = ln 2 / w."""
    def test():
        for w in (1.14, 0.5, 2.0, np.float32(0.25)):
            want = math.log(2) / float(w)
            got = number(call(fn, w))
            if close(got, want, tol=1e-5):     # float32 w carries 7 digits
                continue
            expect(not close(got, 2 / w, tol=1e-5), f"for w = {w:g} you returned 2/w: those "
                   "hours add 2 to the log-odds, which multiplies the odds by e² ≈ 7.39. "
                   "Doubling adds ln 2 to the log-odds: solve e^(wΔ) = 2.")
            expect(not close(got, 1 / w, tol=1e-5), f"for w = {w:g} you returned 1/w: after "
                   "1/w hours the odds are multiplied by e ≈ 2.718, not 2. Solve e^(wΔ) = 2.")
            expect(not close(got, math.log(2) * w, tol=1e-5), f"for w = {w:g} you multiplied "
                   "by w. From e^(wΔ) = 2: wΔ = ln 2, so Δ = ln 2 / w.")
            expect(not close(got, math.log10(2) / w, tol=1e-5), "you used log10. The odds "
                   "multiplier is e^w, so the logarithm is the natural one: np.log(2).")
            expect(not close(got, 2 / math.exp(w), tol=1e-5), f"for w = {w:g} you returned "
                   "2/e^w. Each hour MULTIPLIES the odds by e^w, so Δ hours multiply them "
                   "by e^(wΔ); solve e^(wΔ) = 2 for Δ.")
            fail(f"for w = {w:g} the odds double after ln 2 / w = {want:.6g} extra units of "
                 f"x; you returned {got:.6g}.")
    report("hours that double the odds", test)


def stable_sigmoid(fn):
    """Lesson 02: fn(z) returns σ(z) for an array z, warning-free also at ±1000, and accurate
    to the last digits for very negative z (no overflow hidden, no cancellation)."""
    from ..functions import sigmoid

    def test():
        z = np.array([-1000.0, -745.0, -720.0, -40.0, -2.0, 0.0, 0.5, 3.0, 40.0, 745.0,
                      1000.0])
        source = _source(fn)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = call(fn, z.copy())
        if caught:
            hint = ("np.where computes BOTH branches for every z, so each branch must be safe "
                    "on its own. " if "where" in source else "")
            fail(f"your function warned: '{caught[0].message}'. {hint}Only ever exponentiate "
                 "a number <= 0: e = np.exp(-np.abs(z)) is at most 1.")
        expect("errstate" not in source and "filterwarnings" not in source
               and "catch_warnings" not in source, "you silenced NumPy's warnings. A silenced "
               "overflow is still an overflow; write a formula that never overflows: only "
               "exponentiate numbers <= 0.")
        got = numbers(got)
        expect(got.shape == z.shape,
               f"return one σ(z) per z: for an array of shape {z.shape} return the same shape.")
        if np.any(np.isnan(got)):
            fail(f"you returned NaN at z = {z[np.isnan(got)].tolist()}: inf / inf is NaN. Use "
                 "e = np.exp(-np.abs(z)).")
        want = sigmoid(z)
        # relative accuracy: σ(-720) = 2e-313 is a float64, and a formula that returns 0.0
        # there has lost every digit (an overflow to inf, or 1 - σ(|z|) cancelling)
        wrong = np.flatnonzero(~(np.abs(got - want) <= 1e-9 * want + 1e-321))
        if wrong.size:
            i = wrong[0]
            why = ""
            if got[z == -40.0][0] == 0.0:
                why = (" Computing it as 1 - (a number close to 1) cancels every digit: for "
                       "z < 0 use e / (1 + e) with e = e^z.")
            elif got[i] == 0.0 and z[i] < 0:
                why = (f" e^{-z[i]:g} overflows to inf, and 1 / (1 + inf) = 0: exponentiate "
                       "only numbers <= 0.")
            fail(f"at z = {z[i]:g} σ(z) is {want[i]:.6g}; you returned {got[i]:.6g}.{why}")
        small = np.array([-3.0, 0.0, 2.0], dtype=np.float32)
        expect(close(call(fn, small), sigmoid(small.astype(np.float64)), tol=1e-6),
               "it fails on a float32 array: σ([-3, 0, 2]) should be [0.0474, 0.5, 0.881].")
    report("stable sigmoid", test)


def _source(fn):
    """The source of a learner's function, or "" when it cannot be read."""
    import inspect
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        return ""


# --- the exercises of earlier versions of the lesson (kept: a learner's old copy still runs) --


def logit(fn):
    """Lesson 02 (earlier version): fn(p) returns the log-odds ln(p / (1 - p)) for an array of
    probabilities."""
    def test():
        p = np.array([0.5, 0.9, 0.1, 0.25, 0.999])
        want = np.log(p / (1 - p))
        try:
            got = call(fn, p)
        except TypeError as err:
            expect(False, f"your function raised TypeError ({err}) on an array of "
                   "probabilities: math.log takes one number; np.log takes a whole array.")
        if not close(got, want):
            expect(not close(got, -want), "the sign is flipped: the odds of y = 1 are "
                   "p / (1 - p), so p = 0.9 has log-odds +2.197.")
            expect(not close(got, np.log(p / (1 + p))), "the odds divide by 1 - p (the "
                   "probability of y = 0), not 1 + p.")
            expect(False, f"for p = {p.tolist()} the log-odds are "
                   f"{np.round(want, 4).tolist()}; you returned {got!r}.")
        z = np.linspace(-5, 5, 11)
        expect(close(call(fn, 1 / (1 + np.exp(-z))), z), "logit(σ(z)) should give z back.")
    report("logit (log-odds)", test)


def decision_boundary_1d(fn):
    """Lesson 02 (earlier version): fn(w, b) returns the x where σ(wx + b) = 1/2: -b / w."""
    def test():
        for w, b in ((2.0, -6.0), (-1.0, 2.0), (0.5, 1.0), (1.14, -5.41)):
            got = call(fn, w, b)
            if close(got, -b / w):
                continue
            expect(not close(got, b / w), f"for w = {w}, b = {b} you returned b/w = {b / w:g}: "
                   "the sign is off. Solve w x + b = 0 for x.")
            expect(not close(got, -w / b), f"for w = {w}, b = {b} you returned -w/b; solve "
                   "w x + b = 0 for x (divide by w).")
            expect(close(got, -b / w), f"for w = {w}, b = {b} the boundary is at x = "
                   f"{-b / w:g} (where w x + b = 0, so σ = 1/2); you returned {got!r}.")
    report("decision boundary in 1-D", test)

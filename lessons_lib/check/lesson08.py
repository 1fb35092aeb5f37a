"""Checkers of lesson 08: side by side, and beyond."""

import numpy as np

from .framework import close, expect, report
from .lesson07 import _one_number


def _separability_cases():
    """(name, X, y, separable?, hint when answered wrong) for :func:`is_separable`."""
    from ..data import blobs, eight_points, four_by_three

    near, _ = blobs(200, distance=8)
    near_y = np.r_[np.zeros(100), np.ones(100)]
    near_y[0] = 1.0   # one class-0 point relabelled 1
    xor = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    twin = np.array([[0.0, 1.0], [1.0, 2.0], [1.0, 2.0], [3.0, 1.0]])
    return [
        ("the eight points of lesson 07", *eight_points(), True,
         "a line gets all 8 right (lesson 07 reached accuracy 8/8)."),
        ("the 4×3 set", *four_by_three(), True,
         "a plane gets all 4 samples right."),
        ("two blobs 8 apart", *blobs(200, distance=8), True,
         "the two blobs are far apart: a line between them gets every point right."),
        ("two blobs 2.5 apart", *blobs(200, distance=2.5), False,
         "the blobs overlap, so no line gets every point right."),
        ("XOR", xor, np.array([0.0, 0.0, 1.0, 1.0]), False,
         "no single line splits the XOR corners (0,0),(1,1) from (0,1),(1,0)."),
        ("two blobs 8 apart with ONE label flipped", near, near_y, False,
         "199 of 200 right is not separable: separable means EVERY training point is on its "
         "side (accuracy exactly 1, not > 0.99)."),
        ("the same point twice with labels 0 and 1", twin, np.array([0.0, 0.0, 1.0, 1.0]),
         False, "one point with both labels can never be on both sides of a line."),
    ]


def is_separable(fn):
    """Lesson 08: fn(X, y) returns True when a line (hyperplane with intercept) separates the
    classes, else False."""
    def test():
        for name, X, y, answer, why in _separability_cases():
            got = fn(X.copy(), y.copy())
            expect(isinstance(got, (bool, np.bool_)),
                   f"return True or False; for {name} you returned {got!r}.")
            expect(bool(got) == answer,
                   f"{name}: you said {'' if got else 'NOT '}separable, but {why}")
    report("is the data linearly separable?", test)


def map_objective(fn):
    """Lesson 08: fn(X, y, w, b, lam) returns the mean cross-entropy + lam/2 |w|^2 (the
    negative log-posterior per sample, up to a constant); the bias is not penalised."""
    from ..functions import bce_with_logits

    rng = np.random.default_rng(8)
    X = rng.normal(size=(12, 3))
    y = (rng.random(12) < 0.5).astype(np.float64)
    w, b, lam = np.array([0.5, -1.0, 2.0]), 0.75, 0.1
    data_term = bce_with_logits(X @ w + b, y, "mean")
    penalty = 0.5 * lam * (w @ w)
    want = data_term + penalty
    wrong = [(-want, "the sign is flipped: we MINIMISE the negative log-posterior, "
                     "mean cross-entropy + λ/2·|w|²."),
             (data_term, "the penalty is missing: add λ/2·|w|² (w @ w is |w|²)."),
             (data_term + 2 * penalty, "the penalty is λ/2·|w|², with the 1/2 (it comes from "
                                       "the Gaussian prior's exponent)."),
             (data_term + 0.5 * lam * (w @ w + b * b), "do not penalise the bias b: the prior "
                                                        "is on the weights w only."),
             (len(y) * data_term + penalty, "use the MEAN cross-entropy over the samples, "
                                            "not the sum."),
             (data_term + 0.5 * lam * np.sqrt(w @ w), "the penalty uses the SQUARED norm "
                                                       "|w|² = w @ w, not |w|.")]

    def test():
        got = _one_number(fn(X.copy(), y.copy(), w.copy(), b, lam), "the objective")
        for value, hint in wrong:
            expect(not close(got, value, 1e-9), f"you returned {float(got):.6g}: {hint}")
        expect(close(got, want, 1e-9), f"for the test case the objective is {want:.6g}, you "
               f"returned {float(got):.6g}. Mean cross-entropy from logits + λ/2·|w|².")
        expect(close(fn(X, y, w, b, 0.0), data_term, 1e-9),
               "with lam = 0 the objective is just the mean cross-entropy.")
    report("the MAP objective", test)

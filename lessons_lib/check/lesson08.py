"""Checkers of lesson 08: side by side, and beyond."""

import numpy as np

from .framework import abbreviate, call, close, expect, number, report

__all__ = ["is_separable", "map_objective"]


def _separability_cases():
    """(name, X, y, separable?, hint when answered wrong) for :func:`is_separable`."""
    from ..data import blobs, eight_points, four_by_three

    near, _ = blobs(200, distance=8)
    near_y = np.r_[np.zeros(100), np.ones(100)]
    near_y[0] = 1.0   # one class-0 point relabelled 1
    xor = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    twin = np.array([[0.0, 1.0], [1.0, 2.0], [1.0, 2.0], [3.0, 1.0]])
    return [
        ("the eight points of lesson 07b", *eight_points(), True,
         "a line gets all 8 right (lesson 07b drew one)."),
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
            got = call(fn, X.copy(), y.copy())
            expect(isinstance(got, (bool, np.bool_)),
                   f"return True or False; for {name} you returned {abbreviate(got)}.")
            expect(bool(got) == answer,
                   f"{name}: you said {'' if got else 'NOT '}separable, but {why}")
    report("is the data linearly separable?", test)


def map_objective(fn):
    """Lesson 08: fn(X, y, w, b, s) returns the MAP objective per sample under a Laplace prior
    p(w_j) = exp(-|w_j| / s) / (2 s): the mean cross-entropy + sum|w_j| / (n s), without the
    constant; the bias is not penalised. (The transfer of section 3's Gaussian derivation.)"""
    from ..functions import bce_with_logits

    rng = np.random.default_rng(8)
    X = rng.normal(size=(12, 3))
    y = (rng.random(12) < 0.5).astype(np.float64)
    w, b, s = np.array([0.5, -1.0, 2.0]), 0.75, 0.8
    n, d = X.shape
    data_term = bce_with_logits(X @ w + b, y, "mean")
    l1 = np.abs(w).sum()
    penalty = l1 / (n * s)
    want = data_term + penalty
    wrong = [(-want, "the sign is flipped: we MINIMISE the negative log-posterior."),
             (data_term, "the prior is missing: add -log p(w) / n."),
             (data_term + l1 / s, "divide the prior's term by n too: section 3 divided the "
                                  "WHOLE negative log-posterior by n to get the mean "
                                  "cross-entropy."),
             (data_term + (w @ w) / (2 * n * s ** 2), "that is the GAUSSIAN prior's |w|²/(2σ²). "
                                                       "For the Laplace prior, -log p(w_j) = "
                                                       "|w_j|/s + log(2s)."),
             (data_term + (w @ w) / (n * s), "the Laplace prior's exponent is |w_j| / s: "
                                             "absolute values, not squares."),
             (data_term + l1 / (2 * n * s), "there is no 1/2 here: the 1/2 of the Gaussian "
                                            "came from its exponent w²/(2σ²); the Laplace "
                                            "exponent is |w_j|/s."),
             (data_term + (l1 + abs(b)) / (n * s), "do not penalise the bias b: the prior is "
                                                   "on the weights w only."),
             (n * data_term + penalty, "use the MEAN cross-entropy (the summed one divided by "
                                       "n), and the prior's term divided by n as well."),
             (n * data_term + l1 / s, "that is the negative log-posterior itself; divide it "
                                      "by n (per sample), as section 3 did."),
             (want + d * np.log(2 * s) / n, "leave out the constant d·log(2s)/n: it does not "
                                            "depend on w, so it does not move the optimum.")]

    def test():
        got = number(call(fn, X.copy(), y.copy(), w.copy(), b, s), "the objective you returned")
        for value, hint in wrong:
            expect(not close(got, value, 1e-6), f"you returned {float(got):.6g}: {hint}")
        # 1e-6: float32 arithmetic is accurate to about 1e-7; every wrong variant is further
        expect(close(got, want, 1e-6), f"for the test case the objective is {want:.6g}, you "
               f"returned {float(got):.6g}: the mean cross-entropy from logits + "
               "sum|w_j| / (n s).")
        wider = number(call(fn, X.copy(), y.copy(), w.copy(), b, 1e12),
                       "the objective you returned")
        expect(close(wider, data_term, 1e-6),
               "with a very wide prior (s = 1e12) the objective should be (almost) just the "
               "mean cross-entropy.")
    report("the MAP objective of a Laplace prior", test)

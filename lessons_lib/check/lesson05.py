"""Checkers of lesson 05: logistic regression in NumPy."""

import numpy as np

from .framework import close, expect, report


def _logreg_cases():
    """Small random problems (X, y, w, b) with n != d, so a wrong divisor cannot hide."""
    rng = np.random.default_rng(5)
    for n, d in ((30, 3), (7, 1), (50, 4)):
        X = rng.normal(size=(n, d))
        y = (rng.random(n) < 0.5).astype(np.float64)
        yield X, y, rng.normal(size=d), float(rng.normal())


def _scalar(value, name):
    arr = np.asarray(value, dtype=np.float64)
    expect(arr.size == 1, f"{name} must be one number; got an array of shape {arr.shape}.")
    return float(arr.reshape(-1)[0])


def _factor(got, want):
    """c when got == c * want (a wrong divisor or sign), else None."""
    got = np.asarray(got, dtype=np.float64).ravel()
    want = np.asarray(want, dtype=np.float64).ravel()
    if got.shape != want.shape or not np.all(np.isfinite(got)) or not np.any(want):
        return None
    c = float(got @ want / (want @ want))
    return c if np.allclose(got, c * want, rtol=1e-6, atol=1e-12) else None


def _wrong_divisor_hint(c, n, d, name):
    """Name the common slip behind a gradient that is c times the right one."""
    if c is None:
        return None
    slips = [(n / d, f"{name} is n/d = {n}/{d} times too big: you divided by the number of "
                     f"FEATURES (X.shape[1] = {d}) instead of the number of SAMPLES "
                     f"(X.shape[0] = {n})."),
             (1 / n, f"{name} is n = {n} times too small: you divided by n twice "
                     "(np.mean already divides by n)."),
             (1 / d, f"{name} is d = {d} times too small: np.mean already divides by n; "
                     "do not divide again."),
             (float(n), f"{name} is n = {n} times too big: the loss is the MEAN over samples, "
                        "so divide the sum by n."),
             (-1.0, f"{name} has the wrong sign: it is built from (p - y), not (y - p).")]
    for factor, hint in slips:
        if abs(c - factor) <= 1e-6 * abs(factor):
            return hint
    return None


def logreg_gradient(fn):
    """Lesson 05: fn(X, y, w, b) returns (grad_w, grad_b) of the mean cross-entropy."""
    from ..logreg import loss_and_gradient

    def test():
        for X, y, w, b in _logreg_cases():
            n, d = X.shape
            _, want_w, want_b = loss_and_gradient(X, y, w, b)
            out = fn(X, y, w.copy(), b)
            expect(isinstance(out, (tuple, list)) and len(out) == 2,
                   "return two things: grad_w, grad_b")
            got_w = np.asarray(out[0], dtype=np.float64)
            got_b = _scalar(out[1], "grad_b")
            expect(got_w.shape == want_w.shape,
                   f"grad_w needs one entry per feature, shape {want_w.shape}; got "
                   f"{got_w.shape}. Use X.T @ (p - y), not X @ …")
            if not close(got_w, want_w):
                expect(False, _wrong_divisor_hint(_factor(got_w, want_w), n, d, "grad_w")
                       or "grad_w differs from X.T @ (sigmoid(X @ w + b) - y) / n.")
            if not close(got_b, want_b):
                expect(False, _wrong_divisor_hint(_factor(got_b, want_b), n, d, "grad_b")
                       or "grad_b differs from np.mean(sigmoid(X @ w + b) - y).")
    report("the gradient by hand", test)


def predict_labels(fn):
    """Lesson 05: fn(X, w, b) returns 1 where p(y=1|x) >= 1/2 and 0 elsewhere, per row of X."""
    def test():
        X = np.array([[2.0, 1.0], [-1.0, 0.5], [0.0, 0.0], [1.0, 3.0], [0.5, 0.5]])
        w, b = np.array([1.5, -0.5]), -0.5
        z = X @ w + b                      # the last point lies exactly on the boundary
        want = (z >= 0).astype(np.float64)
        got = np.asarray(fn(X, w.copy(), b), dtype=np.float64)
        expect(got.size == len(X), f"return one label per row of X ({len(X)}); got an array "
               f"of shape {got.shape}.")
        got = got.ravel()
        expect(not np.all((got > 0) & (got < 1)), "those are probabilities; turn them into "
               "labels: 1 where p >= 0.5, else 0, e.g. (p >= 0.5).astype(int).")
        expect(np.all((got == 0) | (got == 1)), f"labels must be 0 or 1; got {got.tolist()}.")
        expect(not np.array_equal(got, 1 - want), "the labels are flipped: label 1 goes where "
               "p(y=1|x) >= 0.5.")
        expect(np.array_equal(got[:-1], want[:-1]), "label 1 goes where sigmoid(X @ w + b) "
               ">= 0.5, that is where X @ w + b >= 0.")
        expect(got[-1] == want[-1], "a point exactly on the boundary (p = 0.5) gets label 1: "
               "use >= 0.5, not > 0.5.")
    report("predicted labels", test)


def gradient_step(fn):
    """Lesson 05: fn(X, y, w, b, lr) returns (w_new, b_new) after one gradient-descent step."""
    from ..logreg import loss_and_gradient

    def test():
        lr = 0.3
        for X, y, w, b in _logreg_cases():
            _, grad_w, grad_b = loss_and_gradient(X, y, w, b)
            out = fn(X, y, w.copy(), b, lr)
            expect(isinstance(out, (tuple, list)) and len(out) == 2,
                   "return two things: w_new, b_new")
            w_new = np.asarray(out[0], dtype=np.float64)
            b_new = _scalar(out[1], "b_new")
            expect(w_new.shape == w.shape, f"w_new must have the shape of w, {w.shape}; got "
                   f"{w_new.shape}.")
            expect(not (close(w_new, w + lr * grad_w) and close(b_new, b + lr * grad_b)),
                   "you stepped UP the loss: subtract lr * gradient, do not add it.")
            expect(not close(w_new, w - grad_w), "the step is missing the learning rate: "
                   "w - lr * grad_w.")
            expect(not close(w_new, w), "w did not move: return w - lr * grad_w.")
            expect(close(w_new, w - lr * grad_w), "w_new should be w - lr * grad_w with "
                   "grad_w = X.T @ (sigmoid(X @ w + b) - y) / n.")
            expect(not close(b_new, b), "b did not move: update the bias too, "
                   "b - lr * grad_b.")
            expect(close(b_new, b - lr * grad_b), "b_new should be b - lr * grad_b with "
                   "grad_b = np.mean(sigmoid(X @ w + b) - y).")
    report("one gradient-descent step", test)

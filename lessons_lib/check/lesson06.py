"""Checkers of lesson 06: logistic regression with autograd."""

import numpy as np

from .framework import Hint, close, expect, report
from .lesson05 import _logreg_cases, _scalar


def autograd_loss(fn):
    """Lesson 06: fn(w, b, X, y) is the mean cross-entropy written with autograd.numpy. The
    checker differentiates it with autograd and compares with the hand-derived gradient."""
    import warnings

    from autograd import grad

    from ..logreg import loss_and_gradient

    def test():
        for X, y, w, b in _logreg_cases():
            n = len(y)
            want_loss, want_w, want_b = loss_and_gradient(X, y, w, b)
            loss = _scalar(fn(w.copy(), b, X, y), "the loss")
            expect(abs(loss - n * want_loss) > 1e-6 * n, "that is the SUM over samples; the "
                   "mean cross-entropy divides by n (np.mean).")
            expect(abs(loss + want_loss) > 1e-6, "the sign is flipped: the cross-entropy is "
                   "-mean(y log p + (1 - y) log(1 - p)), a positive number.")
            expect(close(loss, want_loss), f"for this data the mean cross-entropy is "
                   f"{want_loss:.6f}; your function returned {loss:.6f}.")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    grad_w, grad_b = grad(fn, argnum=(0, 1))(w.copy(), b, X, y)
                except (TypeError, ValueError) as err:
                    raise Hint(f"the value is right, but autograd cannot differentiate it "
                               f"({type(err).__name__}: {err}). Write every step with "
                               "autograd.numpy: no float(), math.*, np.asarray or in-place "
                               "assignment.") from None
            expect(not any("independent of input" in str(c.message) for c in caught),
                   "autograd found no path from w and b to your loss: a plain NumPy call "
                   "cut the chain. Use autograd.numpy for every step.")
            expect(close(grad_w, want_w) and close(grad_b, want_b),
                   "the value is right but autograd's gradient is not: part of the "
                   "computation escaped autograd (a plain NumPy call such as numpy.where). "
                   "Use autograd.numpy for every step.")
    report("a loss autograd can differentiate", test)


def sigmoid_derivative(fn):
    """Lesson 06: fn(z) returns sigma'(z) for every entry of the array z."""
    from ..functions import sigmoid

    def test():
        z = np.linspace(-6.0, 6.0, 25)
        s = sigmoid(z)
        want = s * (1 - s)
        try:
            got = fn(z.copy())
        except TypeError as err:
            if "scalar" in str(err):
                raise Hint("grad differentiates functions whose output is ONE number; for a "
                           "whole array of z use elementwise_grad(sigma)(z).") from None
            raise
        got = np.asarray(got, dtype=np.float64)
        expect(got.shape == z.shape, f"return one value per entry of z, shape {z.shape}; got "
               f"{got.shape}.")
        expect(not close(got, s), "those are the values of sigma itself; return its "
               "derivative, elementwise_grad(sigma)(z).")
        if not close(got, want):
            k = int(np.argmax(np.abs(got - want)))
            expect(False, f"at z = {z[k]:g} sigma' is {want[k]:.6g} (sigma(1 - sigma)); you "
                   f"returned {got[k]:.6g}.")
    report("σ′ with elementwise_grad", test)

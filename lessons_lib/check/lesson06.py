"""Checkers of lesson 06: logistic regression with autograd."""

import numpy as np

from .framework import Hint, call, close, expect, format_pair, numbers, report, tolerance
from .lesson05 import _logreg_cases, _scalar

__all__ = ["autograd_loss", "sigmoid_derivative", "newton_step"]


def _confident_case():
    """A problem whose points are confidently classified, half of them WRONG: logits -20 and
    15 on the wrong side. Exact maths gives each wrong point a loss of 20 or 15; a small
    constant inside the log (the "+ 1e-8" hack) or clipping p caps it at about -log(1e-8)."""
    z = np.array([-20.0, 15.0, -18.0, 12.0, 2.0, -1.0])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    X = np.column_stack([z, np.linspace(-1.0, 1.0, len(z))])   # w = (1, 0), b = 0 gives z
    return X, y, np.array([1.0, 0.0]), 0.0


def autograd_loss(fn):
    """Lesson 06: fn(w, b, X, y) is the mean cross-entropy written with autograd.numpy. The
    checker differentiates it with autograd and compares with the hand-derived gradient."""
    import warnings

    from autograd import grad

    from ..logreg import loss_and_gradient

    def test():
        for case, (X, y, w, b) in enumerate([*_logreg_cases(), _confident_case()]):
            n = len(y)
            want_loss, want_w, want_b = loss_and_gradient(X, y, w, b)
            with np.errstate(all="ignore"):        # a naive 1 - p may hit log(0): judged below
                loss = _scalar(call(fn, w.copy(), b, X, y), "the loss")
            if case == 3 and not close(loss, want_loss):     # the confident case
                expect(np.isfinite(loss), "your loss is not finite on confident points "
                       "(logits -20 and 15): log(1 - p) hit log(0). Compute it from the "
                       "logits: np.logaddexp(0, z) - y * z.")
                expect(loss > want_loss, "on confidently WRONG points (logits -20 and 15 "
                       f"on the wrong side) your loss is {loss:.4f} but the exact mean "
                       f"cross-entropy is {want_loss:.4f}. A small constant inside the log "
                       "(the `+ 1e-8` hack) or clipping p caps such a point's loss at about "
                       "-log(1e-8) = 18.4 and flattens its gradient. Compute the loss from "
                       "the logits: np.logaddexp(0, z) - y * z.")
            expect(abs(loss - n * want_loss) > 1e-6 * n, "that is the SUM over samples; the "
                   "mean cross-entropy divides by n (np.mean).")
            expect(abs(loss + want_loss) > 1e-6, "the sign is flipped: the cross-entropy is "
                   "-mean(y log p + (1 - y) log(1 - p)), a positive number.")
            expect(close(loss, want_loss), f"for this data the mean cross-entropy is "
                   f"{want_loss:.6f}; your function returned {loss:.6f}.")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    grad_w, grad_b = grad(lambda w_, b_, X=X, y=y: call(fn, w_, b_, X, y),
                                          argnum=(0, 1))(w.copy(), b)
                except (TypeError, ValueError, AttributeError) as err:
                    raise Hint(f"the value is right, but autograd cannot differentiate it "
                               f"({type(err).__name__}: {err}). Write every step with "
                               "autograd.numpy: no float(), math.*, np.asarray, w.dot(...) "
                               "or in-place assignment.") from None
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
            got = call(fn, z.copy())
        except TypeError as err:
            if "scalar" in str(err):
                raise Hint("grad differentiates functions whose output is ONE number; for a "
                           "whole array of z use elementwise_grad(sigma)(z).") from None
            raise
        got = numbers(got)                      # text ("0.25") is not a number
        expect(got.shape == z.shape, f"return one value per entry of z, shape {z.shape}; got "
               f"{got.shape}.")
        expect(not close(got, s), "those are the values of sigma itself; return its "
               "derivative, elementwise_grad(sigma)(z).")
        if not close(got, want):
            k = int(np.argmax(np.abs(got - want)))
            expect(False, f"at z = {z[k]:g} sigma' is {want[k]:.6g} (sigma(1 - sigma)); you "
                   f"returned {got[k]:.6g}.")
    report("σ′ with elementwise_grad", test)


def newton_step(fn):
    """Lesson 06: fn(f, x) returns x - f'(x) / f''(x), one Newton step towards a minimum of
    the scalar function f, with both derivatives from autograd."""
    import autograd.numpy as anp

    cases = [  # f, x, f'(x), f''(x), f(x), description
        (lambda x: (x - 2.5) ** 2 - 1, 0.0, -5.0, 2.0, 5.25,
         "f(x) = (x - 2.5)² - 1 at x = 0"),
        (lambda x: anp.logaddexp(0.0, x) - 0.3 * x, 1.0,
         float(1 / (1 + np.exp(-1.0))) - 0.3,
         float(np.exp(-1.0) / (1 + np.exp(-1.0)) ** 2),
         float(np.logaddexp(0.0, 1.0)) - 0.3, "f(x) = log(1 + e^x) - 0.3 x at x = 1"),
        (lambda x: anp.cosh(x) + 0.5 * x, -0.5, float(np.sinh(-0.5)) + 0.5,
         float(np.cosh(-0.5)), float(np.cosh(-0.5)) - 0.25, "f(x) = cosh x + x/2 at x = -0.5"),
    ]

    def test():
        for f, x, d1, d2, f0, name in cases:
            try:
                got = call(fn, f, x)
            except TypeError as err:
                if "int" in str(err):
                    raise Hint(f"autograd refused an integer ({err}); keep x a float.") \
                        from None
                raise
            raw = getattr(got, "_value", got)
            got, tol = _scalar(raw, "the new x"), tolerance(raw, 1e-9)   # float32: its precision
            want = x - d1 / d2
            if close(got, want, tol):
                continue
            slips = [(x + d1 / d2, "you stepped UP: x - f'(x) / f''(x), with a minus."),
                     (x - d1, "that is a gradient step with learning rate 1; Newton divides "
                              "the slope by the curvature: x - f'(x) / f''(x)."),
                     (x - d2 / d1, "the fraction is upside down: x - f'(x) / f''(x)."),
                     (x - f0 / d1, "that is Newton's method for a ZERO of f, x - f(x)/f'(x); "
                                   "for a minimum, find the zero of f': x - f'(x)/f''(x).")]
            for value, hint in slips:
                expect(not close(got, value, tol), f"{name}: {hint}")
            want_text, got_text = format_pair(want, got)
            expect(False, f"{name}: one Newton step gives {want_text}; you returned {got_text}. "
                   "Use grad(f) for f' and grad(grad(f)) for f''.")
    report("one Newton step with grad(grad(f))", test)

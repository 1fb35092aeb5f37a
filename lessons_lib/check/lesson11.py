"""Checkers of lesson 11: from logistic regression to a neural network."""

import numpy as np

from .framework import Hint, abbreviate, call, close, expect, fail, number, numbers, report

__all__ = ["count_parameters", "tanh_network_gradient", "xor_weights"]


# --- counting parameters ------------------------------------------------------------------

def _layer_counts(sizes):
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))
    biases = sum(sizes[1:])
    return weights, biases


def count_parameters(fn):
    """Lesson 11: fn(sizes) returns how many numbers a fully connected network with layer
    sizes ``sizes`` (inputs first, outputs last) learns: weights and biases."""
    # the first case tells every typical mistake apart ([2, 3, 1] has 2·3·1 = 2+3+1)
    cases = [[2, 8, 1], [2, 3, 1], [784, 100, 10], [30, 16, 8, 1], [5, 1], [3, 4, 4, 4, 2]]

    def test():
        for sizes in cases:
            weights, biases = _layer_counts(sizes)
            got = number(call(fn, list(sizes)), f"for {sizes} your answer")
            if close(got, weights + biases, 0):
                continue
            hints = [
                (weights, "you counted the weights but forgot the biases: every unit "
                          "after the input layer has one bias."),
                (weights + sum(sizes[:-1]), "you gave a bias to every layer but the last; "
                 "biases belong to the units that COMPUTE something (every layer after the "
                 "input), the input layer has none."),
                (weights + sum(sizes), "the input layer has no biases: its units are the "
                 "features themselves."),
                (sum(sizes), "that is the number of units; count the weights (one per pair "
                 "of units in neighbouring layers) and the biases."),
                (int(np.prod(sizes)), "multiplying all sizes counts paths through the network, "
                 "not weights: only NEIGHBOURING layers are connected, a·b weights per pair."),
            ]
            for wrong, hint in hints:
                expect(not close(got, wrong, 0), f"for {sizes}: {hint}")
            fail(f"for layer sizes {sizes} the network has {weights + biases} parameters; you "
                 f"returned {abbreviate(got)}.")
    report("number of parameters", test)


# --- backpropagation with tanh hidden units ---------------------------------------------

def _tanh_cases():
    """Small problems with n, d and h all different, so a wrong shape or divisor shows."""
    rng = np.random.default_rng(11)
    for n, d, h in ((9, 2, 3), (15, 3, 4), (6, 1, 2)):
        X = rng.normal(size=(n, d))
        y = (rng.random(n) < 0.5).astype(np.float64)
        yield X, y, rng.normal(size=(d, h)), rng.normal(size=h), rng.normal(size=h), \
            float(rng.normal())


def _tanh_gradient(X, y, W1, b1, w2, b2, derivative="tanh", scale=None):
    H = np.tanh(X @ W1 + b1)
    p = 1.0 / (1.0 + np.exp(-(H @ w2 + b2)))
    n = len(y) if scale is None else scale
    delta = (p - y) / n
    slope = {"tanh": 1.0 - H ** 2, "sigmoid": H * (1.0 - H), "none": 1.0}[derivative]
    hidden = np.outer(delta, w2) * slope
    return X.T @ hidden, hidden.sum(axis=0), H.T @ delta, delta.sum()


def _as_four(out):
    expect(isinstance(out, (tuple, list)) and len(out) == 4,
           f"return four things: grad_W1, grad_b1, grad_w2, grad_b2; you returned "
           f"{abbreviate(out)}.")
    return out


def tanh_network_gradient(fn):
    """Lesson 11: fn(X, y, W1, b1, w2, b2) returns (grad_W1, grad_b1, grad_w2, grad_b2) of
    the mean cross-entropy of the network p = σ(tanh(X W1 + b1) w2 + b2)."""
    names = ("grad_W1", "grad_b1", "grad_w2", "grad_b2")

    def test():
        for X, y, W1, b1, w2, b2 in _tanh_cases():
            n, d = X.shape
            h = W1.shape[1]
            want = _tanh_gradient(X, y, W1, b1, w2, b2)
            try:
                out = _as_four(call(fn, X.copy(), y.copy(), W1.copy(), b1.copy(), w2.copy(),
                                    b2))
            except ValueError as err:
                if "matmul" in str(err) or "broadcast" in str(err) or "aligned" in str(err):
                    raise Hint(f"a matrix product failed ({err}). Shapes: X ({n}, {d}), W1 "
                               f"({d}, {h}), H ({n}, {h}), w2 ({h},); the hidden-layer "
                               f"gradient has H's shape, and grad_W1 = X.T @ it.") from None
                raise
            got = [numbers(value, name) for value, name in zip(out, names, strict=True)]
            got[3] = number(out[3], "grad_b2")
            for value, target, name in zip(got, want, names, strict=True):
                expect(np.size(value) == np.size(target),
                       f"{name} needs shape {np.shape(target)}; got {np.shape(value)}.")
            got = [np.reshape(v, np.shape(t)) for v, t in zip(got, want, strict=True)]
            if not (close(got[2], want[2]) and close(got[3], want[3])):
                expect(not (close(got[2], n * want[2]) and close(got[3], n * want[3])),
                       f"grad_w2 and grad_b2 are n = {n} times too big: the loss is the "
                       "MEAN cross-entropy, so δ = (p - y) / n.")
                fail("the output layer is a logistic regression on H = tanh(X W1 + b1): "
                     "grad_w2 = H.T @ δ and grad_b2 = sum(δ), with δ = (p - y) / n.")
            if close(got[0], want[0]) and close(got[1], want[1]):
                continue
            sig = _tanh_gradient(X, y, W1, b1, w2, b2, "sigmoid")
            expect(not close(got[0], sig[0]), "you used H (1 - H), the derivative of the "
                   "SIGMOID; the hidden units are tanh now, and tanh' = 1 - tanh².")
            none = _tanh_gradient(X, y, W1, b1, w2, b2, "none")
            expect(not close(got[0], none[0]), "the factor tanh'(A) = 1 - H² is missing: "
                   "the chain rule passes through each hidden unit's activation.")
            expect(not close(got[0], n * want[0]), f"grad_W1 is n = {n} times too big: "
                   "divide by the number of samples once (the mean loss).")
            expect(close(got[0], want[0]), "grad_W1 should be X.T @ Δ with Δ = (δ w2ᵀ) ⊙ "
                   "(1 - H²), one row per sample and one column per hidden unit.")
            fail("grad_W1 is right but grad_b1 is not: sum Δ over the samples (axis 0).")
    report("backpropagation with tanh hidden units", test)


# --- hand-set weights for XOR -------------------------------------------------------------

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


def xor_weights(fn):
    """Lesson 11: fn() returns (W1, b1, w2, b2) of a network with 2 inputs, 2 sigmoid hidden
    units and a sigmoid output that gives p < 0.1 on (0,0), (1,1) and p > 0.9 on (0,1),
    (1,0)."""
    from ..network import params_like, predict_proba

    def test():
        out = call(fn)
        expect(isinstance(out, (tuple, list)) and len(out) == 4,
               f"return four things: W1, b1, w2, b2; you returned {abbreviate(out)}.")
        W1 = numbers(out[0], "W1")
        expect(W1.shape in ((2, 2),), f"W1 needs shape (2, 2): one row per input, one "
               f"column per hidden unit; got {W1.shape}.")
        b1, w2 = numbers(out[1], "b1").ravel(), numbers(out[2], "w2").ravel()
        expect(b1.shape == (2,) and w2.shape == (2,),
               f"b1 and w2 need one entry per hidden unit (shape (2,)); got {b1.shape} and "
               f"{w2.shape}.")
        b2 = number(out[3], "b2")
        try:
            params = params_like((W1, b1, w2, b2), 2)
        except ValueError as err:
            raise Hint(str(err)) from None
        p = predict_proba(XOR_X, params)
        wrong = [f"x = ({a:g}, {b:g}): p = {q:.3f}, label {t:g}"
                 for (a, b), q, t in zip(XOR_X, p, XOR_Y, strict=True)
                 if not (q > 0.9 if t == 1 else q < 0.1)]
        if len(wrong) == 4 and np.all((p > 0.9) == (XOR_Y == 0)):
            fail("every label is flipped: the output should be 1 for (0,1) and (1,0); change "
                 "the signs of w2 and b2.")
        expect(not wrong, "not confident on every corner (p > 0.9 for label 1, p < 0.1 for "
               "label 0): " + "; ".join(wrong) + ". Hint: one hidden unit can compute OR, "
               "the other AND; large weights (±10 or so) make each sigmoid nearly a step.")
    report("XOR with two hidden units", test)

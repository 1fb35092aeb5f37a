"""Lesson 11 (from logistic regression to a neural network): the exercise checkers, each
against its solution, correct alternatives and the typical wrong answers."""

import math

import numpy as np
import pytest
from checking import fails_with, passes

from lessons_lib import check, network
from lessons_lib.check import lesson11


def not_done(*_args):
    raise NotImplementedError


def test_every_checker_is_exported():
    assert set(lesson11.__all__) == {"count_parameters", "tanh_network_gradient",
                                     "xor_weights"}
    assert all(callable(getattr(check, name)) for name in lesson11.__all__)


# --- count_parameters -------------------------------------------------------------------

def count_solution(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def count_loop(sizes):
    total = 0
    for i in range(1, len(sizes)):
        total += sizes[i - 1] * sizes[i]   # weights into layer i
        total += sizes[i]                  # one bias per unit of layer i
    return float(total)


def test_count_accepts_every_correct_formulation(capsys):
    passes(capsys, check.count_parameters, count_solution)
    passes(capsys, check.count_parameters, count_loop)
    passes(capsys, check.count_parameters,
           lambda s: np.int64(np.sum((np.array(s[:-1]) + 1) * np.array(s[1:]))))
    passes(capsys, check.count_parameters, lambda s: np.array([count_solution(s)]))


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda s: sum(a * b for a, b in zip(s[:-1], s[1:], strict=False)), ["forgot the biases"]),
    (lambda s: sum((a + 1) * b for a, b in zip(s[:-1], s[1:], strict=False)) + s[0],
     ["input layer has no biases"]),
    (lambda s: sum(s), ["number of units"]),
    (lambda s: math.prod(s), ["paths"]),
    (lambda s: sum(a * b for a, b in zip(s[:-1], s[1:], strict=False)) + sum(s[:-1]),
     ["every layer but the last"]),
    (lambda s: str(count_solution(s)), ["not a string"]),
    (lambda s: 42, ["[2, 8, 1]", "33 parameters"]),
])
def test_count_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.count_parameters, answer, *words)


def test_count_agrees_with_the_library_for_one_hidden_layer():
    assert count_solution([7, 5, 1]) == network.n_params(7, 5)


# --- tanh_network_gradient --------------------------------------------------------------

def tanh_solution(X, y, W1, b1, w2, b2):
    H = np.tanh(X @ W1 + b1)
    p = 1 / (1 + np.exp(-(H @ w2 + b2)))
    delta = (p - y) / len(y)
    delta_hidden = np.outer(delta, w2) * (1 - H ** 2)
    return X.T @ delta_hidden, delta_hidden.sum(axis=0), H.T @ delta, delta.sum()


def tanh_loops(X, y, W1, b1, w2, b2):
    n, d = X.shape
    h = W1.shape[1]
    gW1, gb1, gw2, gb2 = [[0.0] * h for _ in range(d)], [0.0] * h, [0.0] * h, 0.0
    for i in range(n):
        hidden = [math.tanh(sum(X[i, k] * W1[k, j] for k in range(d)) + b1[j])
                  for j in range(h)]
        p = 1 / (1 + math.exp(-(sum(hj * w for hj, w in zip(hidden, w2, strict=True)) + b2)))
        r = (p - y[i]) / n
        gb2 += r
        for j in range(h):
            gw2[j] += r * hidden[j]
            back = r * w2[j] * (1 - hidden[j] ** 2)
            gb1[j] += back
            for k in range(d):
                gW1[k][j] += back * X[i, k]
    return gW1, gb1, gw2, gb2


def tanh_autograd(X, y, W1, b1, w2, b2):
    import autograd.numpy as anp
    from autograd import grad

    def loss(W1, b1, w2, b2):
        z = anp.dot(anp.tanh(anp.dot(X, W1) + b1), w2) + b2
        return anp.mean(anp.logaddexp(0, z) - y * z)
    return tuple(grad(loss, i)(W1, b1, w2, b2) for i in range(4))


def tanh_torch(X, y, W1, b1, w2, b2):
    import torch  # imported before the checker runs it (see below): the time limit is 5 s
    import torch.nn.functional as F

    params = [torch.tensor(np.asarray(v, dtype=np.float64), requires_grad=True)
              for v in (W1, b1, w2, b2)]
    H = torch.tanh(torch.from_numpy(X) @ params[0] + params[1])
    F.binary_cross_entropy_with_logits(H @ params[2] + params[3], torch.from_numpy(y)).backward()
    return tuple(p.grad for p in params)


def test_tanh_accepts_every_correct_formulation(capsys):
    import torch  # noqa: F401  (a notebook imports it long before; its import is slow)

    passes(capsys, check.tanh_network_gradient, tanh_solution)
    passes(capsys, check.tanh_network_gradient, tanh_loops)
    passes(capsys, check.tanh_network_gradient, tanh_autograd)
    passes(capsys, check.tanh_network_gradient, tanh_torch)
    passes(capsys, check.tanh_network_gradient, lambda *a: tuple(
        np.asarray(g, dtype=np.float32) for g in tanh_solution(*a)))
    # b2's gradient as a one-element array, grads as nested lists
    passes(capsys, check.tanh_network_gradient, lambda *a: (
        *[np.asarray(g).tolist() for g in tanh_solution(*a)[:3]],
        np.array([tanh_solution(*a)[3]])))


def with_slope(slope):
    def answer(X, y, W1, b1, w2, b2):
        H = np.tanh(X @ W1 + b1)
        p = 1 / (1 + np.exp(-(H @ w2 + b2)))
        delta = (p - y) / len(y)
        back = np.outer(delta, w2) * slope(H)
        return X.T @ back, back.sum(axis=0), H.T @ delta, delta.sum()
    return answer


def times_n(X, y, *params):
    return tuple(g * len(y) for g in tanh_solution(X, y, *params))


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (with_slope(lambda H: H * (1 - H)), ["SIGMOID", "1 - tanh²"]),
    (with_slope(lambda H: 1.0), ["missing"]),
    (times_n, ["n = ", "MEAN"]),
    (lambda *a: (tanh_solution(*a)[0] * len(a[1]), *tanh_solution(*a)[1:]),
     ["grad_W1 is n = "]),
    (lambda *a: (*tanh_solution(*a)[:1], tanh_solution(*a)[1] * 2, *tanh_solution(*a)[2:]),
     ["grad_b1"]),
    (lambda *a: tanh_solution(*a)[:3], ["four things"]),
    (lambda *a: (tanh_solution(*a)[0].T, *tanh_solution(*a)[1:]), ["grad_W1"]),
    (lambda *a: (tanh_solution(*a)[0][:1], *tanh_solution(*a)[1:]), ["grad_W1 needs shape"]),
    (lambda X, y, W1, b1, w2, b2: (0 * W1, 0 * b1, w2, b2), ["output layer"]),
])
def test_tanh_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.tanh_network_gradient, answer, *words)


def test_tanh_reference_matches_autograd():
    for case in lesson11._tanh_cases():
        for got, want in zip(lesson11._tanh_gradient(*case), tanh_autograd(*case), strict=True):
            np.testing.assert_allclose(got, want, atol=1e-12)


# --- xor_weights ------------------------------------------------------------------------

def xor_solution():
    W1 = np.array([[20.0, 20.0], [20.0, 20.0]])   # unit 1: OR, unit 2: AND
    b1 = np.array([-10.0, -30.0])
    w2 = np.array([20.0, -20.0])                   # OR and not AND
    return W1, b1, w2, -10.0


def test_xor_accepts_solutions(capsys):
    passes(capsys, check.xor_weights, xor_solution)
    # the units in the other order, as lists; NAND and OR combined by AND
    passes(capsys, check.xor_weights, lambda: ([[20, 20], [20, 20]], [-30, -10], [-20, 20], -10))
    passes(capsys, check.xor_weights, lambda: (np.array([[-20.0, 20.0], [-20.0, 20.0]]),
                                               np.array([30.0, -10.0]),
                                               np.array([20.0, 20.0]), np.float32(-30.0)))


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda: (*xor_solution()[:2], -xor_solution()[2], -xor_solution()[3]), ["flipped"]),
    (lambda: (np.ones((2, 2)), np.zeros(2), np.ones(2), 0.0), ["not confident", "x = (0, 0)"]),
    (lambda: (np.ones((2, 3)), np.zeros(3), np.ones(3), 0.0), ["shape (2, 2)"]),
    (lambda: (np.ones((2, 2)), np.zeros(3), np.ones(2), 0.0), ["b1 and w2"]),
    (lambda: xor_solution()[:3], ["four things"]),
    (lambda: (np.full((2, 2), np.nan), np.zeros(2), np.ones(2), 0.0), ["NaN"]),
    (lambda: (np.array([[2.0, 2.0], [2.0, 2.0]]), np.array([-1.0, -3.0]),
              np.array([2.0, -2.0]), -1.0), ["not confident"]),
])
def test_xor_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.xor_weights, answer, *words)

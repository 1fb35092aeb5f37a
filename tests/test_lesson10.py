"""Lesson 10 (softmax regression): the exercise checkers accept every correct formulation and
reject the typical mistakes with a hint that names them."""

import math

import numpy as np
import pytest
import torch
from checking import fails_with, passes
from scipy import special

from lessons_lib import check
from lessons_lib import softmax as sm
from lessons_lib.check import lesson10


def not_done(*_args):
    raise NotImplementedError


def test_all_lists_the_checkers():
    assert set(lesson10.__all__) == {"log_prob_of_classes", "sample_gradient",
                                     "pairwise_logistic"}
    for name in lesson10.__all__:
        assert getattr(check, name) is getattr(lesson10, name)


# --- exercise 1: log P(y in classes) -------------------------------------------------------

def log_prob_solution(z, classes):
    z = np.asarray(z, dtype=float)
    return special.logsumexp(z[classes]) - special.logsumexp(z)


def log_prob_loops(z, classes):
    def logsumexp(values):                      # each sum shifted by its own largest value
        m = max(values)
        return m + math.log(sum(math.exp(v - m) for v in values))
    return logsumexp([z[k] for k in classes]) - logsumexp(list(z))


def log_prob_global_max(z, classes):            # one shift for both sums: the subset underflows
    m = max(z)
    top = math.log(sum(math.exp(z[k] - m) for k in classes))
    return top - math.log(sum(math.exp(v - m) for v in z))


def log_prob_library(z, classes):
    return sm.logsumexp(np.asarray(z)[classes]) - sm.logsumexp(z)


def log_prob_torch(z, classes):
    t = torch.tensor(z)
    return torch.logsumexp(t[classes], 0) - torch.logsumexp(t, 0)


def log_prob_float32(z, classes):
    return np.float32(log_prob_solution(z, classes))


@pytest.mark.parametrize("answer", [log_prob_solution, log_prob_loops, log_prob_library,
                                    log_prob_torch, log_prob_float32])
def test_log_prob_accepts_correct_answers(capsys, answer):
    passes(capsys, check.log_prob_of_classes, answer)


def log_prob_naive(z, classes):
    e = np.exp(z)
    return np.log(e[classes].sum() / e.sum())


def log_prob_of_rounded(z, classes):            # stable softmax, then log: -inf on underflow
    z = np.asarray(z, dtype=float)
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    return np.log(p[classes].sum())


def log_prob_summed_logs(z, classes):
    return float(np.sum(special.log_softmax(z)[classes]))


def log_prob_wrong_sign(z, classes):
    return -log_prob_solution(z, classes)


def log_prob_no_normaliser(z, classes):
    return special.logsumexp(np.asarray(z)[classes])


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (log_prob_naive, ["overflows", "log-sum-exp"]),
    (log_prob_of_rounded, ["rounded to 0"]),
    (log_prob_global_max, ["math domain error"]),
    (log_prob_summed_logs, ["SUM"]),
    (log_prob_wrong_sign, ["wrong sign"]),
    (log_prob_no_normaliser, ["logsumexp(z[classes]) - logsumexp(z)"]),
    (lambda z, classes: str(log_prob_solution(z, classes)), ["not a string"]),
    (lambda z, classes: None, ["return"]),
])
def test_log_prob_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.log_prob_of_classes, answer, *words)


# --- exercise 2: the gradient of one sample ------------------------------------------------

def sample_solution(x, y, W, b):
    z = x @ W + b
    p = np.exp(z - special.logsumexp(z))
    residual = p - np.eye(len(b))[y]
    return np.outer(x, residual), residual


def sample_loops(x, y, W, b):
    d, K = len(W), len(W[0])
    z = [sum(x[j] * W[j][k] for j in range(d)) + b[k] for k in range(K)]
    m = max(z)
    total = sum(math.exp(v - m) for v in z)
    r = [math.exp(v - m) / total - (1.0 if k == y else 0.0) for k, v in enumerate(z)]
    return [[x[j] * r[k] for k in range(K)] for j in range(d)], r


def sample_via_library(x, y, W, b):
    return sm.loss_and_gradient(x.reshape(1, -1), [y], W, b)[1:]


def sample_torch(x, y, W, b):
    W_t = torch.tensor(W, requires_grad=True)
    b_t = torch.tensor(b, requires_grad=True)
    loss = torch.nn.functional.cross_entropy((torch.tensor(x) @ W_t + b_t)[None], torch.tensor([y]))
    loss.backward()
    return W_t.grad, b_t.grad


def sample_float32(x, y, W, b):
    g_W, g_b = sample_solution(x, y, W, b)
    return g_W.astype(np.float32), g_b.astype(np.float32)


@pytest.mark.parametrize("answer", [sample_solution, sample_loops, sample_via_library,
                                    sample_torch, sample_float32])
def test_sample_gradient_accepts_correct_answers(capsys, answer):
    passes(capsys, check.sample_gradient, answer)


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda x, y, W, b: tuple(-g for g in sample_solution(x, y, W, b)), ["wrong sign"]),
    (lambda x, y, W, b: (sample_solution(x, y, W, b)[0].T, sample_solution(x, y, W, b)[1]),
     ["transpose", "np.outer(x"]),
    (lambda x, y, W, b: (np.outer(x, sm.softmax(x @ W + b)), sm.softmax(x @ W + b)),
     ["forgot the label"]),
    (lambda x, y, W, b: (sample_solution(x, y, W, b)[0] / len(x), sample_solution(x, y, W, b)[1]),
     ["np.outer(x, p - y_one_hot)"]),
    (lambda x, y, W, b: sample_solution(x, y, W, b)[0], ["two things"]),
])
def test_sample_gradient_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.sample_gradient, answer, *words)


# --- exercise 3: two classes out of K ------------------------------------------------------

def pairwise_solution(W, b, j, k):
    return W[:, j] - W[:, k], b[j] - b[k]


def pairwise_loops(W, b, j, k):
    return [row[j] - row[k] for row in W.tolist()], float(b[j]) - float(b[k])


def pairwise_centred_first(W, b, j, k):
    W_c, b_c = sm.centred(W, b)
    return W_c[:, j] - W_c[:, k], np.array([b_c[j] - b_c[k]])


@pytest.mark.parametrize("answer", [pairwise_solution, pairwise_loops, pairwise_centred_first,
                                    lambda W, b, j, k: tuple(np.float32(v) for v in
                                                             pairwise_solution(W, b, j, k))])
def test_pairwise_accepts_correct_answers(capsys, answer):
    passes(capsys, check.pairwise_logistic, answer)


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda W, b, j, k: pairwise_solution(W, b, k, j), ["wrong sign"]),
    (lambda W, b, j, k: (W[:, j], b[j]), ["common shift"]),
    (lambda W, b, j, k: (W[:, j] - W[:, k], b[j]), ["intercept"]),
    (lambda W, b, j, k: (W[j] - W[k], b[j] - b[k]), ["one weight per feature"]),
    (lambda W, b, j, k: ((W[:, j] - W[:, k]) / 2, b[j] - b[k]), ["do not match"]),
])
def test_pairwise_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.pairwise_logistic, answer, *words)

"""Checkers of lesson 10: softmax regression."""

import numpy as np

from .framework import call, close, expect, fail, number, numbers, report

__all__ = ["log_prob_of_classes", "sample_gradient", "pairwise_logistic"]


def _log_prob_of_classes(z, classes):
    from ..softmax import logsumexp
    z = np.asarray(z, dtype=np.float64)
    return float(logsumexp(z[list(classes)]) - logsumexp(z))


def log_prob_of_classes(fn):
    """Lesson 10: fn(z, classes) returns log P(y in classes) for one vector of logits z,
    computed stably (also for logits of size 1000)."""
    cases = [  # (z, classes): moderate first, then the extreme ones the lesson warns about
        (np.array([1.0, 2.0, 0.5]), [0, 1]),
        (np.array([0.3, -1.2, 2.0, 0.0]), [2]),
        (np.array([-0.5, 0.5, 1.5, 2.5, -1.0]), [0, 3, 4]),
        (np.array([2.0, 1.0, -3.0]), [0, 1, 2]),
        (np.array([1000.0, 999.0, 0.0]), [0, 1]),
        (np.array([0.0, 800.0, 1.0]), [0, 2]),
        (np.array([-1000.0, -1001.0, -1200.0]), [1]),
    ]

    def test():
        for z, classes in cases:
            want = _log_prob_of_classes(z, classes)
            with np.errstate(all="ignore"):
                raw = call(fn, z.copy(), list(classes))
            got = number(raw, "log P")
            shown = f"for z = {z.tolist()} and classes {classes}"
            if not np.isfinite(got):
                big = np.abs(z).max() > 700
                fail(f"{shown} you returned {got}, but the answer is {want:.6g}. "
                     + ("exp overflows or underflows for logits this large: subtract the "
                        "largest logit first (log-sum-exp), and never take the log of a "
                        "probability that has rounded to 0." if big else
                        "check your formula."))
            expect(not (want < 0 and close(raw, -want)), f"{shown}: wrong sign. A log-"
                   "probability is <= 0.")
            with np.errstate(all="ignore"):
                summed_logs = float(np.sum(z[classes] - z.max()
                                           - np.log(np.exp(z - z.max()).sum())))
            expect(not close(raw, summed_logs, 1e-9) or close(raw, want, 1e-9),
                   f"{shown}: you added the log-probabilities of the classes; the event "
                   "'y is one of them' has probability p_a + p_b + ..., so take the log of the "
                   "SUM (stably: logsumexp of their logits minus logsumexp of all logits).")
            expect(close(raw, want, 1e-9), f"{shown} log P = {want:.10g}; you returned "
                   f"{got:.10g}. It is logsumexp(z[classes]) - logsumexp(z).")
    report("log-probability of a set of classes", test)


def _sample_cases():
    rng = np.random.default_rng(10)
    for d, K in ((2, 3), (4, 5), (3, 2), (1, 4)):
        yield (rng.normal(size=d), int(rng.integers(K)), rng.normal(size=(d, K)),
               rng.normal(size=K))


def sample_gradient(fn):
    """Lesson 10: fn(x, y, W, b) returns (grad_W, grad_b) of -log p_y for ONE sample x (d,)
    with integer label y, weights W (d, K), intercepts b (K,)."""
    from ..softmax import loss_and_gradient

    def test():
        for x, label, W, b in _sample_cases():
            d, K = W.shape
            _, want_W, want_b = loss_and_gradient(x[None, :], [label], W, b)
            out = call(fn, x.copy(), label, W.copy(), b.copy())
            expect(isinstance(out, (tuple, list)) and len(out) == 2,
                   "return two things: grad_W, grad_b")
            got_W = numbers(out[0], "grad_W")
            got_b = numbers(out[1], "grad_b").ravel()
            expect(not (got_W.shape == (K, d) and d != K),
                   f"grad_W has shape {got_W.shape}, the transpose of W's {W.shape}: use "
                   "np.outer(x, p - y_one_hot) (x first: one row per feature).")
            expect(got_W.shape == (d, K), f"grad_W must have W's shape {W.shape} (one row "
                   f"per feature, one column per class); got {got_W.shape}.")
            expect(got_b.shape == (K,), f"grad_b needs one entry per class ({K}); got shape "
                   f"{got_b.shape}.")
            p = want_b + np.eye(K)[label]        # the probabilities
            if close(got_W, -want_W) and close(got_b, -want_b):
                fail("wrong sign: the gradient of -log p_y is built from p - y_one_hot, "
                     "not y_one_hot - p.")
            if close(got_W, np.outer(x, p)) or close(got_b, p):
                fail("you forgot the label: the gradient of -log p_y with respect to the "
                     "logits is p - y_one_hot (subtract 1 at the true class).")
            expect(close(got_b, want_b), f"grad_b should be p - y_one_hot = "
                   f"{np.round(want_b, 4).tolist()} for this sample; got "
                   f"{np.round(got_b, 4).tolist()}.")
            expect(close(got_W, want_W), "grad_W should be np.outer(x, p - y_one_hot): "
                   "entry [j, k] is x_j (p_k - [k == y]).")
    report("the gradient for one sample", test)


def pairwise_logistic(fn):
    """Lesson 10: fn(W, b, j, k) returns (w, c) with p(y = j | y in {j, k}, x) = sigmoid(x @ w
    + c) for softmax weights W (d, K) and intercepts b (K,)."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(6, 3))

    def test():
        for j, k in ((1, 0), (0, 2), (2, 1), (3, 1)):
            W = rng.normal(size=(3, 4)) + 2.0        # columns not summing to 0: a raw gauge
            b = rng.normal(size=4) + 1.0
            out = call(fn, W.copy(), b.copy(), j, k)
            expect(isinstance(out, (tuple, list)) and len(out) == 2,
                   "return two things: the weights w and the intercept c")
            w = numbers(out[0], "w").ravel()
            c = number(out[1], "c")
            expect(w.shape == (3,), f"w needs one weight per feature (3); got shape "
                   f"{w.shape}.")
            want_w, want_c = W[:, j] - W[:, k], b[j] - b[k]
            expect(not (close(w, -want_w) and close(c, -want_c)),
                   f"wrong sign: that is the model of class {k} against class {j}. "
                   f"p(y = {j} | ...) = sigmoid(z_{j} - z_{k}).")
            expect(not close(w, W[:, j]), f"W[:, {j}] alone is not enough: the columns of W "
                   "are known only up to a common shift. Only differences of columns matter.")
            Z = X @ W + b
            want = 1 / (1 + np.exp(-(Z[:, j] - Z[:, k])))
            got = 1 / (1 + np.exp(-(X @ w + c)))
            expect(close(w, want_w), f"for j = {j}, k = {k} the probabilities "
                   f"sigmoid(x @ w + c) do not match p_{j} / (p_{j} + p_{k}); you get "
                   f"{np.round(got[:3], 4).tolist()} instead of "
                   f"{np.round(want[:3], 4).tolist()} on three test points.")
            expect(close(c, want_c), f"the weights are right; the intercept is "
                   f"b[{j}] - b[{k}] too.")
    report("two classes out of K", test)

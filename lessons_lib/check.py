"""Exercise checkers.

Each checker takes the learner's answer (usually a function), tries it on cases with known
answers, and prints either a tick or one hint. It never raises, so a notebook with unfinished
exercises still runs from top to bottom. The pattern of a checker::

    def coin_mle(fn):
        def test():
            expect(close(fn(7, 10), 0.7), "for k = 7 of n = 10 the peak is at 0.7")
        report("coin-flip MLE", test)

Checkers are grouped by lesson below the framework.
"""

import numpy as np


class Hint(Exception):
    """Raised inside a checker's test to stop at the first failed expectation."""


def expect(condition, hint):
    if not condition:
        raise Hint(hint)


def close(actual, expected, tol=1e-6):
    """True when actual is numerically equal to expected (arrays too), False on any trouble."""
    try:
        actual = np.asarray(actual, dtype=np.float64)
        expected = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return
    return actual.shape == expected.shape and bool(
        np.allclose(actual, expected, rtol=tol, atol=tol))


def report(title, test):
    """Run test(); print "✓ title: correct!" or "✗ title: <hint>". Returns nothing, so a
    checker call leaves no ``Out[ ]`` in the notebook."""
    try:
        test()
    except NotImplementedError:
        print(f"✗ {title}: not done yet. Replace `raise NotImplementedError` with your code, "
              "run that cell, then run this one again.")
        return
    except Hint as hint:
        print(f"✗ {title}: {hint}")
        return
    except Exception as err:  # a learner's bug must not stop the notebook
        print(f"✗ {title}: your code raised {type(err).__name__}: {err}")
        return
    print(f"✓ {title}: correct!")


# --- lesson 00 ------------------------------------------------------------------------------

def warm_up(fn):
    """Lesson 00: fn(values) returns the mean of a list of numbers."""
    def test():
        for values in ([1, 2, 3], [2.5], [-1.0, 1.0, 4.0, 8.0]):
            got = fn(values)
            expect(close(got, np.mean(values)),
                   f"for {values} the mean is {np.mean(values):g}, you returned {got!r}. "
                   "Add the numbers and divide by how many there are.")
    report("warm-up: the mean", test)


def fraction_of_ones(fn):
    """Lesson 00: fn(labels) returns the fraction of labels equal to 1."""
    def test():
        for labels in ([1, 0, 1, 1], [0, 0, 0], [1], [0, 1] * 50 + [1] * 10):
            got = fn(labels)
            want = sum(labels) / len(labels)
            expect(close(got, want), f"for {labels[:8]}{'…' if len(labels) > 8 else ''} the "
                   f"fraction of ones is {want:g}, you returned {got!r}. Count the 1s, "
                   "then divide by the number of labels.")
    report("warm-up: fraction of ones", test)


# --- lesson 05: logistic regression in NumPy --------------------------------------------------

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
    from .logreg import loss_and_gradient

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
    from .logreg import loss_and_gradient

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


# --- lesson 06: logistic regression with autograd -------------------------------------------

def autograd_loss(fn):
    """Lesson 06: fn(w, b, X, y) is the mean cross-entropy written with autograd.numpy. The
    checker differentiates it with autograd and compares with the hand-derived gradient."""
    import warnings

    from autograd import grad

    from .logreg import loss_and_gradient

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
    from .functions import sigmoid

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


# --- lesson 01: likelihood and maximum likelihood ---------------------------------------------

def coin_mle(fn):
    """Lesson 01: fn(k, n) returns the maximum-likelihood estimate of θ after k heads in n."""
    def test():
        for k, n in ((7, 10), (0, 5), (5, 5), (33, 100)):
            got = fn(k, n)
            if n > k > 0 and close(got, k / (n - k)):
                expect(False, f"for k = {k}, n = {n} you returned k/(n-k) = {got:g}: those are "
                       "the odds of heads. θ̂ is the fraction of flips that were heads.")
            expect(close(got, k / n), f"for k = {k} heads in n = {n} flips the likelihood "
                   f"peaks at θ̂ = {k / n:g}; you returned {got!r}. Set the derivative of "
                   "k log θ + (n-k) log(1-θ) to zero and solve for θ.")
    report("coin-flip MLE", test)


def coin_log_likelihood(fn):
    """Lesson 01: fn(theta, k, n) returns k log θ + (n - k) log(1 - θ), also for an array θ."""
    from math import comb

    def test():
        for theta, k, n in ((0.5, 7, 10), (0.7, 7, 10), (0.2, 3, 4), (0.9, 60, 100)):
            want = k * np.log(theta) + (n - k) * np.log(1 - theta)
            got = fn(theta, k, n)
            if close(got, want):
                continue
            expect(not close(got, np.exp(want)), f"for θ = {theta}, k = {k}, n = {n} you "
                   f"returned the likelihood {np.exp(want):.4g} itself; return its log, "
                   f"{want:.4g}.")
            expect(not close(got, want + np.log(comb(n, k))), "you included the binomial "
                   "coefficient log C(n, k). It does not depend on θ, so it does not move the "
                   "peak, but this exercise asks for log(θ^k (1-θ)^(n-k)) without it.")
            expect(not close(got, k * np.log(theta) + n * np.log(1 - theta)),
                   "the tails term should count only the n - k flips that were tails: "
                   "(n - k) * log(1 - θ), not n * log(1 - θ).")
            expect(not close(got, k * np.log(1 - theta) + (n - k) * np.log(theta)),
                   "θ and 1 - θ are swapped: each head has probability θ, each tail 1 - θ.")
            expect(close(got, want), f"for θ = {theta}, k = {k}, n = {n} the log-likelihood "
                   f"is {want:.6g}; you returned {got!r}.")
        thetas = np.array([0.1, 0.5, 0.9])
        try:
            got = fn(thetas, 7, 10)
        except TypeError:
            got = None
        expect(close(got, 7 * np.log(thetas) + 3 * np.log(1 - thetas)),
               "it works for one θ but not for an array of θ: use np.log (not math.log) so "
               "the same code evaluates the whole curve at once.")
    report("coin-flip log-likelihood", test)


def bernoulli_nll(fn):
    """Lesson 01: fn(p, y) returns -Σ [y log p + (1 - y) log(1 - p)], the summed NLL."""
    def test():
        rng = np.random.default_rng(1)
        cases = [(np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])),
                 (rng.uniform(0.05, 0.95, 20), rng.integers(0, 2, 20).astype(float))]
        for p, y in cases:
            log_lik = y * np.log(p) + (1 - y) * np.log(1 - p)
            want = -np.sum(log_lik)
            got = fn(p, y)
            if close(got, want):
                continue
            expect(not close(got, -want), "the result is negative: that is the log-likelihood. "
                   "The negative log-likelihood puts a minus sign in front, so it is >= 0 and "
                   "we minimise it.")
            expect(not close(got, -np.mean(log_lik)), "you averaged over the samples; this "
                   "exercise asks for the sum (the log of a product of probabilities).")
            expect(not close(got, -np.sum(y * np.log(1 - p) + (1 - y) * np.log(p))),
                   "p is the probability of y = 1, so a label 1 contributes log p and a label "
                   "0 contributes log(1 - p); yours are swapped.")
            expect(close(got, want), f"for p = {np.round(p[:3], 3)}…, y = {y[:3]}… the summed "
                   f"negative log-likelihood is {want:.6g}; you returned {got!r}.")
    report("Bernoulli negative log-likelihood", test)


# --- lesson 02: the sigmoid ---------------------------------------------------------------------

def stable_sigmoid(fn):
    """Lesson 02: fn(z) returns σ(z) for an array z, finite and warning-free also at ±1000."""
    import warnings

    from .functions import sigmoid

    def test():
        z = np.array([-1000.0, -745.0, -40.0, -2.0, 0.0, 0.5, 3.0, 40.0, 745.0, 1000.0])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = fn(z)
        if caught:
            hint = ("np.where computes BOTH branches for every z, so each branch must be safe "
                    "on its own. " if "where" in _source(fn) else "")
            expect(False, f"your function warned: '{caught[0].message}'. {hint}Only ever "
                   "exponentiate a number <= 0: e = np.exp(-np.abs(z)) is at most 1.")
        got = np.asarray(got, dtype=np.float64) if got is not None else np.empty(0)
        expect(got.shape == z.shape,
               f"return one σ(z) per z: for an array of shape {z.shape} return the same shape.")
        if np.any(np.isnan(got)):
            expect(False, f"you returned NaN at z = {z[np.isnan(got)].tolist()}: inf / inf "
                   "is NaN. Use e = np.exp(-np.abs(z)).")
        want = sigmoid(z)
        wrong = np.flatnonzero(~(np.abs(got - want) <= 1e-12 + 1e-9 * want))
        if wrong.size:
            i = wrong[0]
            expect(False, f"at z = {z[i]:g} σ(z) is {want[i]:.6g}; you returned {got[i]:.6g}.")
        expect(close(fn(np.array(0.0)), 0.5), "σ(0) should be 0.5.")
    report("stable sigmoid", test)


def _source(fn):
    """The source of a learner's function, or "" when it cannot be read."""
    import inspect
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        return ""


def logit(fn):
    """Lesson 02: fn(p) returns the log-odds ln(p / (1 - p)) for an array of probabilities."""
    def test():
        p = np.array([0.5, 0.9, 0.1, 0.25, 0.999])
        want = np.log(p / (1 - p))
        got = fn(p)
        if not close(got, want):
            expect(not close(got, -want), "the sign is flipped: the odds of y = 1 are "
                   "p / (1 - p), so p = 0.9 has log-odds +2.197.")
            expect(not close(got, np.log(p / (1 + p))), "the odds divide by 1 - p (the "
                   "probability of y = 0), not 1 + p.")
            expect(False, f"for p = {p.tolist()} the log-odds are "
                   f"{np.round(want, 4).tolist()}; you returned {got!r}.")
        z = np.linspace(-5, 5, 11)
        expect(close(fn(1 / (1 + np.exp(-z))), z), "logit(σ(z)) should give z back.")
    report("logit (log-odds)", test)


def decision_boundary_1d(fn):
    """Lesson 02: fn(w, b) returns the x where σ(wx + b) = 1/2, i.e. x = -b / w."""
    def test():
        for w, b in ((2.0, -6.0), (-1.0, 2.0), (0.5, 1.0), (1.14, -5.41)):
            got = fn(w, b)
            if close(got, -b / w):
                continue
            expect(not close(got, b / w), f"for w = {w}, b = {b} you returned b/w = {b / w:g}: "
                   "the sign is off. Solve w x + b = 0 for x.")
            expect(not close(got, -w / b), f"for w = {w}, b = {b} you returned -w/b; solve "
                   "w x + b = 0 for x (divide by w).")
            expect(close(got, -b / w), f"for w = {w}, b = {b} the boundary is at x = "
                   f"{-b / w:g} (where w x + b = 0, so σ = 1/2); you returned {got!r}.")
    report("decision boundary in 1-D", test)


# --- lesson 07: logistic regression in PyTorch ----------------------------------------------

def _tiny_torch_problem():
    """Two float64 parameters of a 3-sample problem, with their gradients computed."""
    import torch
    import torch.nn.functional as F

    X = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], dtype=torch.float64)
    y = torch.tensor([1.0, 0.0, 1.0], dtype=torch.float64)
    w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    F.binary_cross_entropy_with_logits(X @ w + b, y, reduction="sum").backward()
    return w, b


def _one_number(got, what):
    """got as a float (a Python number, a NumPy scalar or a one-element tensor), or a hint."""
    expect(got is not None, f"your function returned None; return {what}.")
    try:
        return float(got)
    except (TypeError, ValueError, RuntimeError):
        raise Hint(f"return {what} as one number; you returned {got!r:.80}.") from None


def no_grad_step(fn):
    """Lesson 07: fn(params, lr) moves every tensor in params against its .grad, in place and
    under torch.no_grad(), then zeroes the gradients."""
    import torch

    def test():
        w, b = _tiny_torch_problem()
        before = [w.detach().clone(), b.detach().clone()]
        grads = [w.grad.clone(), b.grad.clone()]
        try:
            fn([w, b], 0.1)
        except RuntimeError as err:
            if "leaf Variable" in str(err):
                raise Hint("PyTorch refused the in-place update of a tensor that requires "
                           "grad. Put the update inside `with torch.no_grad():`.") from None
            raise
        expect(w.is_leaf and w.requires_grad and b.is_leaf and b.requires_grad,
               "after your step the parameters must still be leaf tensors with "
               "requires_grad=True; update them in place (`p -= lr * p.grad`) instead of "
               "making new tensors.")
        expect(not torch.equal(w.detach(), before[0]),
               "the parameters did not change. `p = p - lr * p.grad` makes a NEW tensor and "
               "leaves the parameter as it was; write `p -= lr * p.grad` (in place) inside "
               "`with torch.no_grad():`.")
        for p, old, g in zip((w, b), before, grads, strict=True):
            expect(close(p.detach().numpy(), (old - 0.1 * g).numpy(), 1e-12),
                   "each parameter should move to p - lr * p.grad; check the sign and that "
                   "you use the lr argument.")
        for p in (w, b):
            expect(p.grad is None or not torch.any(p.grad != 0),
                   "the gradients are still there after your step. backward() ADDS to .grad, "
                   "so the next step would use old + new gradients: finish with "
                   "`p.grad.zero_()` for every parameter (or `p.grad = None`).")
    report("a training step under torch.no_grad()", test)


def second_derivative(fn):
    """Lesson 07: fn(f, x) returns f''(x) for a scalar function f of a tensor, as a number."""
    import torch

    e = float(np.exp(1.0))
    cases = [  # f, x, f'(x), f''(x), name
        (lambda x: x ** 2, 3.0, 6.0, 2.0, "x² at x = 3"),
        (torch.sin, 1.0, float(np.cos(1.0)), -float(np.sin(1.0)), "sin(x) at x = 1"),
        (lambda x: torch.exp(2 * x), 0.5, 2 * e, 4 * e, "exp(2x) at x = 0.5"),
        (lambda x: x ** 3, -1.0, 3.0, -6.0, "x³ at x = -1"),
    ]

    def test():
        for f, x, first, want, name in cases:
            try:
                got = fn(f, x)
            except RuntimeError as err:
                if "does not require grad" in str(err) or "grad_fn" in str(err):
                    raise Hint("the first derivative came back without a graph, so it "
                               "cannot be differentiated again. Pass create_graph=True to "
                               "the FIRST torch.autograd.grad call.") from None
                raise
            got = _one_number(got, "the second derivative (e.g. `return second.item()`)")
            expect(not close(got, first, 1e-9),
                   f"for {name} you returned {got:.6g}, the FIRST derivative. Call "
                   "torch.autograd.grad a second time, on the first derivative.")
            # 1e-6: float32 tensors (PyTorch's default) are accurate to about 1e-7
            expect(close(got, want, 1e-6),
                   f"for {name} the second derivative is {want:.8g}, you returned {got:.8g}.")
    report("second derivative with torch.autograd.grad", test)


# --- lesson 08: side by side, and beyond ----------------------------------------------------

def _separability_cases():
    """(name, X, y, separable?, hint when answered wrong) for :func:`is_separable`."""
    from .data import blobs, eight_points, four_by_three

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
    from .functions import bce_with_logits

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


# --- lesson 03: gradient descent ------------------------------------------------------------

def gd_step(fn):
    """Lesson 03: fn(x, grad, lr) returns x - lr * grad(x), for a number or a vector x."""
    from .functions import parabola_grad

    def test():
        got = fn(0.0, parabola_grad, 0.1)
        expect(not close(got, -0.5), "you stepped ALONG the gradient, uphill: f'(0) = -5 and "
               "0 + 0.1·(-5) = -0.5. Subtract: x - lr * grad(x).")
        expect(not close(got, 5.0), "the step is missing the learning rate: x - lr * grad(x), "
               "not x - grad(x).")
        expect(close(got, 0.5), f"on the parabola f'(0) = -5, so one step from x = 0 with "
               f"lr = 0.1 lands on 0 - 0.1·(-5) = 0.5; you returned {got!r}.")
        v = np.array([1.0, 1.0])
        kept = v.copy()
        got = fn(v, lambda u: np.array([2 * u[0], 20 * u[1]]), 0.05)
        expect(np.array_equal(v, kept), "your step changed the caller's x in place (x -= ... "
               "on an array does that). Return a new value: x - lr * grad(x).")
        expect(close(got, [0.9, 0.0]), "on the bowl x² + 10y² from (1, 1) with lr = 0.05 the "
               f"gradient is (2, 20) and the step lands on (0.9, 0.0); you returned {got!r}. "
               "The same line of code should work for numbers and for vectors.")
    report("one step downhill", test)


def partial_derivatives(fn):
    """Lesson 03: fn(v) returns the gradient of f(x, y) = x² + xy + 2y² at v = (x, y)."""
    def test():
        for x, y in [(1.0, 2.0), (-1.0, 0.5), (3.0, -1.0), (0.0, 0.0)]:
            got = fn(np.array([x, y]))
            want = [2 * x + y, x + 4 * y]
            expect(np.shape(got) == (2,), "return the gradient as a vector of two numbers, "
                   f"np.array([df_dx, df_dy]); got shape {np.shape(got)}.")
            if close(got, want):
                continue
            expect(not close(got, [2 * x, 4 * y]), "the term xy changes when x moves AND when "
                   "y moves: ∂(xy)/∂x = y and ∂(xy)/∂y = x. Add them to 2x and 4y.")
            expect(not close(got, want[::-1]), "the entries are swapped: first ∂f/∂x, then "
                   "∂f/∂y.")
            expect(close(got, want), f"at (x, y) = ({x:g}, {y:g}) the gradient is "
                   f"({want[0]:g}, {want[1]:g}); you returned {np.round(got, 6).tolist()}. "
                   "Differentiate term by term, holding the other variable fixed.")
    report("partial derivatives", test)


def steps_needed(fn):
    """Lesson 03: fn(lr, x0, eps) predicts how many steps gradient descent on the parabola
    takes before |f(x_k) - f(x_{k-1})| < eps, from the closed form alone."""
    from .functions import parabola, parabola_grad
    from .optimize import gradient_descent

    def test():
        for lr, x0, eps in [(0.1, 0.0, 1e-8), (0.01, 0.0, 1e-8), (0.3, 0.0, 1e-8),
                            (0.2, -1.0, 1e-6), (0.8, 0.0, 1e-8), (0.9, 10.0, 1e-10)]:
            measured = gradient_descent(parabola, parabola_grad, x0, lr, tol=eps).steps
            got = fn(lr, x0, eps)
            expect(isinstance(got, (int, np.integer)) or (
                   isinstance(got, (float, np.floating)) and float(got).is_integer()),
                   f"return a whole number of steps (use int(...)); got {got!r}.")
            where = f"for η = {lr:g}, x₀ = {x0:g}, ε = {eps:g}"
            expect(abs(got - measured) != 1, f"{where} gradient descent stops after "
                   f"{measured} steps; you predicted {got}, one off. Step k compares f(x_k) "
                   "with f(x_{k-1}); their difference is (x₀-2.5)²·r^(2(k-1))·(1-r²) with "
                   "r = 1-2η. Find the FIRST k where that is below ε.")
            expect(got == measured, f"{where} gradient descent stops after {measured} steps; "
                   f"you predicted {got}. Use r = 1 - 2η (negative when η > 0.5: use r² or "
                   "|r|) and solve (x₀-2.5)²·r^(2(k-1))·(1-r²) < ε for k.")
    report("predicted number of steps", test)


# --- lesson 04: learning-rate effects -------------------------------------------------------

def converges(fn):
    """Lesson 04: fn(lr, a) says whether gradient descent on f(x) = a (x - 1)² converges
    (to x = 1, from any other start)."""
    shares = (0.1, 0.5, 0.9, 1.0, 1.01, 1.5, 2.0, 3.0)   # learning rates as multiples of 1/a

    def test():
        for a in (1.0, 2.0, 0.5, 10.0):
            wrong = []
            for share in shares:
                got = fn(share / a, a)
                expect(isinstance(got, (bool, np.bool_)), "return True or False; got "
                       f"{got!r}.")
                if bool(got) != (abs(1 - 2 * a * (share / a)) < 1):
                    wrong.append(share)
            if not wrong:
                continue
            lr = wrong[0] / a
            factor = 1 - 2 * a * lr
            where = f"for a = {a:g} and η = {lr:g}"
            expect(wrong[0] >= 1, f"{where} each step multiplies the distance to the minimum "
                   f"by 1 - 2aη = {factor:.3g}; |{factor:.3g}| < 1, so it converges (an "
                   "oscillating run still converges).")
            expect(wrong != [1.0], f"{where} the factor 1 - 2aη is exactly -1: the iterate "
                   "jumps between two points forever (η = 1 on the parabola of this lesson). "
                   "That is not convergence: use a strict <.")
            lr = [share for share in wrong if share > 1][0] / a
            expect(False, f"for a = {a:g} and η = {lr:g} the factor 1 - 2aη = "
                   f"{1 - 2 * a * lr:.3g} has |·| > 1: every step moves further away. Here "
                   "L = f'' = 2a, so the limit is η < 2/L = 1/a.")
    report("does it converge?", test)


def safe_learning_rate(fn):
    """Lesson 04: fn(X, fit_intercept=True) returns 1/L = 4n / λ_max(AᵀA), a learning rate
    that is safe for the mean cross-entropy; A is X with a column of ones appended when the
    model has an intercept, else X itself."""
    from . import SEED
    from .data import blobs
    from .logreg import smoothness_bound

    def test():
        rng = np.random.default_rng(SEED)
        for X in (blobs(200, distance=0.6, spread=0.4)[0],
                  rng.normal(size=(50, 3)) * [1.0, 3.0, 0.5] + 2.0):
            n = X.shape[0]
            with_ones = np.column_stack([X, np.ones(n)])
            for fit_intercept, A in ((True, with_ones), (False, X)):
                eigenvalues = np.linalg.eigvalsh(A.T @ A)
                got = fn(X.copy(), fit_intercept=fit_intercept)
                expect(np.ndim(got) == 0, f"return one number, the learning rate; got shape "
                       f"{np.shape(got)}.")
                got = float(got)
                if close(got, 1 / smoothness_bound(X, fit_intercept=fit_intercept)):
                    continue
                if fit_intercept:
                    expect(not close(got, 4 * n / np.linalg.eigvalsh(X.T @ X)[-1]),
                           "with an intercept the parameters are (w, b): append a column of "
                           "ones first, A = np.column_stack([X, np.ones(n)]).")
                else:
                    expect(not close(got, 4 * n / np.linalg.eigvalsh(with_ones.T @ with_ones)
                                     [-1]), "with fit_intercept=False there is no b: use X "
                           "as it is, without a column of ones.")
                _diagnose_safe_rate(got, n, eigenvalues)
    report("a safe learning rate", test)


def _diagnose_safe_rate(got, n, eigenvalues):
    """The typical slips in 1/L = 4n / λ_max(AᵀA), each with its hint."""
    lam = eigenvalues[-1]
    expect(not close(got, 4 / lam), "that is 1/L for the SUMMED loss. For the mean loss "
           "L = λ_max(AᵀA)/(4n): multiply by n.")
    expect(not close(got, n / lam), "the factor 4 is missing: σ'(z) ≤ 1/4, so "
           "L = λ_max(AᵀA)/(4n) and 1/L = 4n/λ_max.")
    expect(not close(got, lam / (4 * n)), "you returned L itself; the safe learning rate is "
           "its inverse, 1/L.")
    expect(not close(got, 4 * n / eigenvalues[0]), "that used the smallest eigenvalue: "
           "np.linalg.eigvalsh sorts them in ascending order, take [-1].")
    expect(not close(got, 4 * n / np.sqrt(lam)), "the eigenvalues of AᵀA are the SQUARES of "
           "the singular values of A: use np.linalg.eigvalsh(A.T @ A).")
    expect(not close(got, 4 * n / eigenvalues.sum()), "the sum of all eigenvalues (|A|² in "
           "the Frobenius norm) gives a smaller, over-cautious rate; use the largest one.")
    expect(False, f"for this X (n = {n}) λ_max(AᵀA) = {lam:.4g}, so 1/L = 4n/λ_max = "
           f"{4 * n / lam:.4g}; you returned {got:.4g}.")

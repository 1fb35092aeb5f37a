"""Checkers of lesson 07 (autograd in PyTorch) and 07b (training in PyTorch)."""

import warnings

import numpy as np

from .framework import Hint, abbreviate, call, close, expect, fail, number, report

__all__ = ["second_derivative", "jacobian", "no_grad_step", "max_errors_allowed"]


def _torch():
    """torch, with its lazy imports done. The first backward(gradient=...) imports sympy and
    the first optimizer step torch._dynamo (seconds each on a busy machine): inside the
    learner's timed call that would look like an endless loop, and stopping it mid-import
    would leave a module half-loaded."""
    import torch

    x = torch.ones(2, dtype=torch.float64, requires_grad=True)
    (first,) = torch.autograd.grad((x ** 2).sum(), x, create_graph=True)
    first.backward(gradient=torch.ones(2, dtype=torch.float64))
    torch.optim.SGD([x], lr=0.1).step()
    return torch


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


def _quietly(fn, *args):
    """The learner's fn(*args) with PyTorch's UserWarnings silenced: a detour (backward with
    create_graph=True, torch.tensor of a tensor) gets a hint about its result, not a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return call(fn, *args)


# --- lesson 07: the mechanics of autograd ---------------------------------------------------

def second_derivative(fn):
    """Lesson 07: fn(f, x) returns f''(x) for a scalar function f of a tensor, as a number.
    A linear f has f'' = 0 although its first derivative carries no graph."""
    torch = _torch()

    e = float(np.exp(1.0))
    cases = [  # f, x, f'(x), f''(x), name
        (lambda x: x ** 3, -1.0, 3.0, -6.0, "x³ at x = -1"),
        (torch.sin, 1.0, float(np.cos(1.0)), -float(np.sin(1.0)), "sin(x) at x = 1"),
        (lambda x: torch.exp(2 * x), 0.5, 2 * e, 4 * e, "exp(2x) at x = 0.5"),
        (lambda x: x ** 2, 3.0, 6.0, 2.0, "x² at x = 3"),
        (lambda x: 3 * x + 1, 2.0, 3.0, 0.0, "the linear 3x + 1 at x = 2"),
    ]

    def test():
        for f, x, first, want, name in cases:
            try:
                got = _quietly(fn, f, x)
            except RuntimeError as err:
                message = str(err)
                if "second time" in message:
                    raise Hint("backward()/autograd.grad freed the graph and you went through "
                               "it again. Differentiate the FIRST derivative (a new graph made "
                               "by create_graph=True), not f(x) a second time.") from None
                if "does not require grad" in message or "grad_fn" in message:
                    if want == 0.0:
                        raise Hint(f"for {name} the first derivative is the constant "
                                   f"{first:g}: it does not depend on x, so PyTorch kept no "
                                   "graph for it and a second autograd.grad refuses. Its "
                                   "derivative is 0: detect that case (what does "
                                   "`first.requires_grad` say?) and return 0.0.") \
                            from None
                    raise Hint("the first derivative came back without a graph, so it "
                               "cannot be differentiated again. Pass create_graph=True to "
                               "the FIRST torch.autograd.grad call.") from None
                raise
            got = number(got, "the second derivative you returned")
            if want != first:
                expect(not close(got, first, 1e-9),
                       f"for {name} you returned {got:.6g}, the FIRST derivative. Call "
                       "torch.autograd.grad a second time, on the first derivative.")
            expect(not close(got, first + want, 1e-9),
                   f"for {name} you returned {got:.6g} = f' + f'' = {first:.6g} + {want:.6g}. "
                   "backward() ADDS to x.grad, and x.grad already held f'. Use "
                   "torch.autograd.grad, which returns the derivative instead of adding it.")
            # 1e-6: float32 tensors (PyTorch's default) are accurate to about 1e-7
            expect(close(got, want, 1e-6),
                   f"for {name} the second derivative is {want:.8g}, you returned {got:.8g}.")
    report("second derivative with torch.autograd.grad", test)


def _jacobian_cases():
    """(f, x as a list, the Jacobian, name): more outputs than inputs, and fewer, so a
    transposed answer has the wrong shape or the wrong numbers."""
    import torch

    A = [[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]]
    return [
        (lambda x: x ** 2, [1.0, 2.0, 3.0], np.diag([2.0, 4.0, 6.0]), "x ↦ x² at (1, 2, 3)"),
        (lambda x: torch.tensor(A, dtype=x.dtype) @ x, [1.0, -1.0, 2.0], np.array(A),
         "x ↦ A x with a 2×3 matrix A"),
        (lambda x: torch.stack([x[0] * x[1], torch.sin(x[0]), x[1] ** 3]), [1.0, 2.0],
         np.array([[2.0, 1.0], [np.cos(1.0), 0.0], [0.0, 12.0]]),
         "x ↦ (x₀x₁, sin x₀, x₁³) at (1, 2)"),
    ]


def jacobian(fn):
    """Lesson 07: fn(f, x) returns the Jacobian J[i, j] = ∂f_i/∂x_j of a vector function f at
    x (a list of numbers), shape (outputs, inputs)."""
    torch = _torch()

    def as_matrix(got, name):
        expect(got is not None, "your function returned None: did you forget `return`? "
                                "Return the Jacobian (a tensor, an array or a list of rows).")
        try:
            if isinstance(got, (list, tuple)):     # rows may be tensors that require grad
                got = [g.detach().numpy() if isinstance(g, torch.Tensor) else g for g in got]
            elif isinstance(got, torch.Tensor):
                got = got.detach().numpy()
            return np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError, RuntimeError):
            fail(f"for {name} your answer is not a matrix of numbers: {abbreviate(got)}.")

    def test():
        for f, x, want, name in _jacobian_cases():
            try:
                got = _quietly(fn, f, list(x))
            except RuntimeError as err:
                if "second time" in str(err):
                    raise Hint("the second backward() through the same graph failed: it was "
                               "freed by the first. Pass retain_graph=True to every backward "
                               "but the last (or build y = f(x) afresh for every row).") \
                        from None
                if "only for scalar outputs" in str(err):
                    raise Hint("backward() on the vector f(x) needs `gradient=`: a one-hot "
                               "vector that picks output i gives row i.") from None
                raise
            got = as_matrix(got, name)
            m, n = want.shape
            if got.shape == (n, m) and m != n:
                expect(not close(got, want.T, 1e-6),
                       f"for {name} you returned the TRANSPOSE. J[i, j] = ∂f_i/∂x_j: row i "
                       "belongs to output i, shape (outputs, inputs).")
            expect(got.shape == want.shape,
                   f"for {name} the Jacobian has shape {want.shape} (outputs, inputs); yours "
                   f"has shape {got.shape}.")
            if m > 1:
                expect(not close(got, np.cumsum(want, axis=0), 1e-6),
                       f"for {name} row i is the SUM of rows 0…i: backward() ADDS to x.grad. "
                       "Zero it (x.grad = None or x.grad.zero_()) before each row.")
                expect(not close(got, np.repeat(want[-1:], m, axis=0), 1e-6),
                       f"for {name} every row equals the last one: you stored x.grad itself, "
                       "and the next backward() wrote into that same tensor. Store "
                       "x.grad.clone() (or use torch.autograd.grad, which returns a new "
                       "tensor).")
                expect(not close(got, np.tile(want.sum(axis=0), (m, 1)), 1e-6),
                       f"for {name} every row is the sum of all rows: you weighted every "
                       "output by 1. Use a one-hot `gradient=` vector for row i.")
            expect(close(got, want, 1e-6),
                   f"for {name} the Jacobian is\n{want.round(4)}\nyou returned\n"
                   f"{got.round(4)}.")
    report("the Jacobian, one row per backward()", test)


# --- lesson 07b: training in PyTorch --------------------------------------------------------

def no_grad_step(fn):
    """Lesson 07b: fn(params, lr) moves every tensor in params against its .grad, in place and
    under torch.no_grad() (not through .data), then zeroes the gradients."""
    torch = _torch()

    def test():
        w, b = _tiny_torch_problem()
        before = [w.detach().clone(), b.detach().clone()]
        grads = [w.grad.clone(), b.grad.clone()]
        # every in-place change of a tensor autograd can see bumps its version counter; a
        # change through .data does not, which is why .data can corrupt gradients silently
        versions = [w._version, b._version]
        try:
            call(fn, [w, b], 0.1)
        except RuntimeError as err:
            if "leaf Variable" in str(err):
                raise Hint("PyTorch refused the in-place update of a tensor that requires "
                           "grad. Put the update inside `with torch.no_grad():`.") from None
            raise
        except TypeError as err:
            if "unsupported operand" in str(err) and "NoneType" in str(err):
                raise Hint("p.grad was None when you used it: you set the gradient to None "
                           "BEFORE the update. Update first, then reset the gradient.") \
                    from None
            raise
        expect(w.is_leaf and w.requires_grad and b.is_leaf and b.requires_grad,
               "after your step the parameters must still be leaf tensors with "
               "requires_grad=True; update them in place (`p -= lr * p.grad`) instead of "
               "making new tensors.")
        changed = not torch.equal(w.detach(), before[0])
        touched = w._version > versions[0]
        expect(changed or not touched,
               "the parameters were updated in place, but by 0: you zeroed the gradient "
               "BEFORE using it. Update first (`p -= lr * p.grad`), then zero `p.grad`.")
        expect(changed,
               "the parameters did not change. `p = p - lr * p.grad` makes a NEW tensor and "
               "leaves the parameter as it was; write `p -= lr * p.grad` (in place) inside "
               "`with torch.no_grad():`.")
        expect(touched,
               "you updated the parameters through `.data`. It gives the same numbers here, "
               "but autograd cannot see the change, so a parameter still needed by a graph "
               "is corrupted without an error. Write the update inside "
               "`with torch.no_grad():` as `p -= lr * p.grad`.")
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


def _errors(k):
    return f"{k} error" if k == 1 else f"{k} errors"


def max_errors_allowed(fn):
    """Lesson 07b: fn(n, threshold) returns the largest number of misclassified points out of
    n for which the rule "accuracy > threshold" still fires."""
    cases = [(200, 0.99, 1), (100, 0.99, 0), (8, 0.99, 0), (1000, 0.99, 9), (50, 0.9, 4),
             (20, 0.95, 0), (7, 0.5, 3), (10, 0.0, 9)]

    def rule(n, errors, threshold):
        return (n - errors) / n > threshold

    def test():
        for n, threshold, want in cases:
            count = number(call(fn, n, threshold), "the number of points you returned")
            expect(count == round(count),
                   f"for n = {n}, threshold = {threshold} you returned {count:g}: a number of "
                   "points is a whole number (the accuracy is (n - errors) / n).")
            count = int(round(count))
            if count == want + 1 and not rule(n, count, threshold):
                raise Hint(f"for n = {n}, threshold = {threshold} you returned {count}, but "
                           f"with {_errors(count)} the accuracy is {n - count}/{n} = "
                           f"{(n - count) / n:g}, and {(n - count) / n:g} > {threshold} is "
                           "False: the rule is a STRICT inequality. (n·(1 - threshold) is "
                           "the boundary itself, and in floating point not even exact: "
                           "200·(1 - 0.99) = 2.0000000000000018.) Count with the rule itself: "
                           "the largest k with (n - k) / n > threshold.")
            expect(0 <= count <= n,
                   f"for n = {n} you returned {count}: between 0 and n points can be wrong.")
            expect(count == want,
                   f"for n = {n}, threshold = {threshold} the answer is {want}: with "
                   f"{_errors(want)} the accuracy is {(n - want) / n:g} > {threshold}, with "
                   f"{want + 1} it is {(n - want - 1) / n:g}. You returned {count}.")
    report("how many errors does 'accuracy > threshold' allow?", test)

"""Checkers of lesson 07: logistic regression in PyTorch."""

import numpy as np

from .framework import Hint, close, expect, report


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

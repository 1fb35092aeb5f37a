"""Checkers of lesson 03: gradient descent.

One step of the update (for numbers and vectors alike), the gradient of a function of two
variables with a cross term, and a step count solved from the closed form with logarithms.
"""

import numpy as np

from .framework import abbreviate, call, close, expect, fail, number, numbers, report

__all__ = ["gd_step", "partial_derivatives", "steps_needed"]


def gd_step(fn):
    """Lesson 03: fn(x, grad, lr) returns x - lr * grad(x), for a number or a vector x."""
    from ..functions import parabola_grad

    def test():
        got = number(call(fn, 0.0, parabola_grad, 0.1))
        expect(not close(got, -0.5), "you stepped ALONG the gradient, uphill: f'(0) = -5 and "
               "0 + 0.1·(-5) = -0.5. Subtract: x - lr * grad(x).")
        expect(not close(got, 5.0), "the step is missing the learning rate: x - lr * grad(x), "
               "not x - grad(x).")
        expect(close(got, 0.5), f"on the parabola f'(0) = -5, so one step from x = 0 with "
               f"lr = 0.1 lands on 0 - 0.1·(-5) = 0.5; you returned {got:.6g}.")
        v = np.array([1.0, 1.0])
        kept = v.copy()
        try:
            got = call(fn, v, lambda u: np.array([2 * u[0], 20 * u[1]]), 0.05)
        except TypeError as err:
            # float(...), int(...) or math.* around the step accept a number, not a vector
            fail("your step works for a number but fails for a NumPy vector "
                 f"(TypeError: {err}). Drop float(...), int(...) or math.* around it: "
                 "return x - lr * grad(x) as it is.")
        expect(np.array_equal(v, kept), "your step changed the caller's x in place (x -= ... "
               "on an array does that). Return a new value: x - lr * grad(x).")
        expect(close(numbers(got), [0.9, 0.0]), "on the bowl x² + 10y² from (1, 1) with "
               "lr = 0.05 the gradient is (2, 20) and the step lands on (0.9, 0.0); you "
               f"returned {abbreviate(got)}. The same line of code should work for numbers "
               "and for vectors.")
    report("one step downhill", test)


def partial_derivatives(fn):
    """Lesson 03: fn(v) returns the gradient of f(x, y) = x² + xy + 2y² at v = (x, y)."""
    def test():
        for x, y in [(1.0, 2.0), (-1.0, 0.5), (3.0, -1.0), (0.0, 0.0)]:
            got = numbers(call(fn, np.array([x, y])))
            want = [2 * x + y, x + 4 * y]
            expect(got.shape == (2,), "return the gradient as a vector of two numbers, "
                   f"np.array([df_dx, df_dy]); got shape {got.shape}.")
            if close(got, want):
                continue
            expect(not close(got, [2 * x, 4 * y]), "the term xy changes when x moves AND when "
                   "y moves: ∂(xy)/∂x = y and ∂(xy)/∂y = x. Add them to 2x and 4y.")
            expect(not close(got, want[::-1]), "the entries are swapped: first ∂f/∂x, then "
                   "∂f/∂y.")
            fail(f"at (x, y) = ({x:g}, {y:g}) the gradient is ({want[0]:g}, {want[1]:g}); you "
                 f"returned {np.round(got, 6).tolist()}. Differentiate term by term, holding "
                 "the other variable fixed.")
    report("partial derivatives", test)


def steps_needed(fn):
    """Lesson 03: fn(lr, x0, eps) predicts how many steps gradient descent on the parabola
    takes before |f(x_k) - f(x_{k-1})| < eps, from the closed form alone."""
    from ..functions import parabola_value_and_grad
    from ..optimize import gradient_descent

    def test():
        for lr, x0, eps in [(0.1, 0.0, 1e-8), (0.01, 0.0, 1e-8), (0.3, 0.0, 1e-8),
                            (0.2, -1.0, 1e-6), (0.8, 0.0, 1e-8), (0.9, 10.0, 1e-10)]:
            measured = gradient_descent(parabola_value_and_grad, x0, lr, tol=eps).steps
            got = number(call(fn, lr, x0, eps))
            expect(got.is_integer(), f"return a whole number of steps (use int(...) or "
                   f"math.floor); got {got:g}.")
            got = int(got)
            where = f"for η = {lr:g}, x₀ = {x0:g}, ε = {eps:g}"
            expect(abs(got - measured) != 1, f"{where} gradient descent stops after "
                   f"{measured} steps; you predicted {got}, one off. Step k compares f(x_k) "
                   "with f(x_{k-1}); their difference is (x₀-2.5)²·r^(2(k-1))·(1-r²) with "
                   "r = 1-2η. Find the FIRST k where that is below ε.")
            expect(got == measured, f"{where} gradient descent stops after {measured} steps; "
                   f"you predicted {got}. Use r = 1 - 2η (negative when η > 0.5: use r² or "
                   "|r|) and solve (x₀-2.5)²·r^(2(k-1))·(1-r²) < ε for k.")
    report("predicted number of steps", test)

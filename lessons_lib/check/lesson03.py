"""Checkers of lesson 03: gradient descent."""

import numpy as np

from .framework import close, expect, report


def gd_step(fn):
    """Lesson 03: fn(x, grad, lr) returns x - lr * grad(x), for a number or a vector x."""
    from ..functions import parabola_grad

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
    from ..functions import parabola, parabola_grad
    from ..optimize import gradient_descent

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

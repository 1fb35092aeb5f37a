"""Lessons 03-04: the descent-path figure, the exercise checkers and the lessons' claims about
the descent explorer."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from checking import fails_with, passes, printed

from lessons_lib import check, explorers, plots
from lessons_lib.data import one_feature
from lessons_lib.functions import parabola_value_and_grad
from lessons_lib.optimize import gradient_descent

# --- plots.descent_path ---------------------------------------------------------------------

def test_descent_path_draws_the_walk_and_rings_the_start():
    run = gradient_descent(parabola_value_and_grad, 0.0, 0.1, tol=1e-8)
    fig, ax = plt.subplots()
    plots.descent_path(ax, run.params, run.losses, label="walk")
    walk, start = ax.lines
    np.testing.assert_array_equal(walk.get_xdata(), run.params)
    assert walk.get_label() == "walk"
    assert list(start.get_xdata()) == [0.0] and start.get_markerfacecolor() == "none"
    plt.close(fig)


@pytest.mark.parametrize("xs, fs, message", [
    ([0.0, np.nan], [1.0, 2.0], "NaN or inf"),
    ([0.0, 1.0], [1.0, np.inf], "NaN or inf"),
    ([0.0, 1.0], [1.0], "same length"),
    ([], [], "non-empty"),
    ([[0.0, 1.0]], [[1.0, 2.0]], "1-D"),
])
def test_descent_path_refuses_bad_input(xs, fs, message):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=message):
        plots.descent_path(ax, xs, fs)
    assert not ax.lines
    plt.close(fig)


# --- lesson 03 checkers ---------------------------------------------------------------------

def stub(*args, **kwargs):
    raise NotImplementedError


@pytest.mark.parametrize("checker", [check.gd_step, check.partial_derivatives,
                                     check.steps_needed, check.converges,
                                     check.safe_learning_rate])
def test_every_checker_says_not_done_for_the_stub(capsys, checker):
    assert "not done yet" in printed(capsys, checker, stub)


@pytest.mark.parametrize("answer", [
    lambda x, grad, lr: x - lr * grad(x),
    lambda x, grad, lr: np.subtract(x, lr * np.asarray(grad(x))),
    lambda x, grad, lr: np.float32(lr) * -np.asarray(grad(x), dtype=np.float32) + x,
])
def test_gd_step(capsys, answer):
    passes(capsys, check.gd_step, answer)


def in_place_step(x, grad, lr):
    x -= lr * grad(x)
    return x


@pytest.mark.parametrize("answer, hint", [
    (lambda x, grad, lr: x + lr * grad(x), "uphill"),
    (lambda x, grad, lr: x - grad(x), "missing the learning rate"),
    (in_place_step, "in place"),
    (lambda x, grad, lr: x - lr * np.sum(grad(x)), "vectors"),   # right for numbers only
    (lambda x, grad, lr: float(x - lr * grad(x)), "Drop float(...)"),
    (lambda x, grad, lr: x - lr * float(grad(x)), "fails for a NumPy vector"),
])
def test_gd_step_hints(capsys, answer, hint):
    fails_with(capsys, check.gd_step, answer, hint)


def test_partial_derivatives(capsys):
    def grad_f(v):
        x, y = v
        return np.array([2 * x + y, x + 4 * y])
    passes(capsys, check.partial_derivatives, grad_f)


@pytest.mark.parametrize("answer, hint", [
    (lambda v: np.array([2 * v[0], 4 * v[1]]), "∂(xy)/∂x = y"),
    (lambda v: np.array([v[0] + 4 * v[1], 2 * v[0] + v[1]]), "swapped"),
    (lambda v: 2 * v[0] + v[1], "vector of two numbers"),
    (lambda v: np.array([2 * v[0] + v[1], 4 * v[1]]), "holding the other variable fixed"),
])
def test_partial_derivatives_hints(capsys, answer, hint):
    fails_with(capsys, check.partial_derivatives, answer, hint)


def steps_needed(lr, x0=0.0, eps=1e-8):
    d0, r2 = x0 - 2.5, (1 - 2 * lr) ** 2
    bound = np.log(eps / (d0**2 * (1 - r2))) / np.log(r2)
    return max(int(np.floor(bound)) + 2, 1)


def steps_needed_math(lr, x0=0.0, eps=1e-8):
    r = abs(1 - 2 * lr)
    k_minus_1 = math.log(eps / ((x0 - 2.5) ** 2 * (1 - r * r))) / (2 * math.log(r))
    return math.floor(k_minus_1) + 2


def steps_needed_loop(lr, x0=0.0, eps=1e-8):
    # the closed form walked step by step: a correct alternative to the logarithm
    d, r, k = x0 - 2.5, 1 - 2 * lr, 1
    while d**2 * r ** (2 * (k - 1)) * (1 - r**2) >= eps:
        k += 1
    return k


@pytest.mark.parametrize("answer", [steps_needed, steps_needed_math, steps_needed_loop,
                                    lambda lr, x0=0.0, eps=1e-8: float(steps_needed(lr, x0, eps))])
def test_steps_needed(capsys, answer):
    passes(capsys, check.steps_needed, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda lr, x0=0.0, eps=1e-8: steps_needed(lr, x0, eps) - 1, "one off"),
    (lambda lr, x0=0.0, eps=1e-8: steps_needed(lr, x0, eps) + 1, "one off"),
    # the distance rule |x_k - 2.5| < eps instead of the change in f
    (lambda lr, x0=0.0, eps=1e-8: int(np.ceil(np.log(eps / abs(x0 - 2.5))
                                              / np.log(abs(1 - 2 * lr)))), "solve"),
    (lambda lr, x0=0.0, eps=1e-8: float(steps_needed(lr, x0, eps)) + 0.5, "whole number"),
])
def test_steps_needed_hints(capsys, answer, hint):
    fails_with(capsys, check.steps_needed, answer, hint)


# --- lesson 04 checkers ---------------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda lr, a: abs(1 - 2 * a * lr) < 1,
    lambda lr, a: 0 < lr < 1 / a,
    lambda lr, a: np.abs(np.float32(1) - np.float32(2 * a * lr)) < 1,   # np.bool_ is fine
    lambda lr, a: bool(0 < lr * a < 1),
])
def test_converges(capsys, answer):
    passes(capsys, check.converges, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda lr, a: 0 < lr <= 1 / a, "strict <"),
    (lambda lr, a: 0 < lr < 2 / a, "η < 2/L = 1/a"),
    (lambda lr, a: 0 < lr < 1, "|·| > 1"),                  # forgets the curvature a
    (lambda lr, a: 0 < lr < 0.5 / a, "oscillating run still converges"),
    (lambda lr, a: lr < 1 / a, "UPHILL"),                   # forgets that η must be positive
    (lambda lr, a: 0 <= lr < 1 / a, "never moves"),
    (lambda lr, a: "yes", "True or False"),
])
def test_converges_hints(capsys, answer, hint):
    fails_with(capsys, check.converges, answer, hint)


def safe_learning_rate(x, scale):
    return 4 / (scale**2 * np.mean(x**2))


def safe_learning_rate_loop(x, scale):
    total = 0.0
    for value in x:
        total += (scale * float(value)) ** 2
    return 1 / (total / len(x) / 4)


@pytest.mark.parametrize("answer", [
    safe_learning_rate,
    safe_learning_rate_loop,
    lambda x, scale: 1 / (np.mean((scale * np.asarray(x)) ** 2) / 4),
    lambda x, scale: np.float32(4) / np.float32(scale**2 * np.mean(np.square(x))),
    lambda x, scale: np.array(4 / (scale**2 * np.mean(x**2))),          # a 0-d array
])
def test_safe_learning_rate(capsys, answer):
    passes(capsys, check.safe_learning_rate, answer)


def with_intercept(x, scale):
    A = np.column_stack([scale * x, np.ones(len(x))])
    return 4 * len(x) / np.linalg.eigvalsh(A.T @ A)[-1]


@pytest.mark.parametrize("answer, hint", [
    (lambda x, scale: 4 / (scale * np.mean(x**2)), "SQUARE of the scale"),
    (lambda x, scale: 4 / np.mean(x**2), "old units"),
    (lambda x, scale: 4 / (scale**2 * np.mean(x) ** 2), "mean of the squares"),
    (lambda x, scale: 4 / (scale**2 * np.var(x)), "variance"),
    (with_intercept, "WITH an intercept"),
    (lambda x, scale: 2 * safe_learning_rate(x, scale), "2/L"),
    (lambda x, scale: safe_learning_rate(x, scale) / 4, "factor 4"),
    (lambda x, scale: 1 / safe_learning_rate(x, scale), "L itself"),
    (lambda x, scale: safe_learning_rate(x, scale) / len(x), "SUMMED"),
    (lambda x, scale: np.array([0.1, 0.2]), "one number"),
    (lambda x, scale: 0.1, "you returned 0.1"),
])
def test_safe_learning_rate_hints(capsys, answer, hint):
    fails_with(capsys, check.safe_learning_rate, answer, hint)


def test_safe_learning_rate_solution_quotes_the_lesson():
    hours = one_feature()[0]
    assert safe_learning_rate(hours, 1.0) == pytest.approx(1 / 6.4805, rel=1e-4)
    assert safe_learning_rate(hours, 60.0) == pytest.approx(4.287e-5, rel=1e-3)


@pytest.mark.parametrize("checker, wrong", [
    (check.gd_step, lambda x, grad, lr: x + lr * grad(x)),
    (check.converges, lambda lr, a: lr < 1 / a),
    (check.safe_learning_rate, lambda x, scale: 4 / (scale * np.mean(x**2))),
])
def test_strict_mode_raises_for_the_autograder(capsys, checker, wrong):
    with check.strict(), pytest.raises(AssertionError, match="✗"):
        checker(wrong)


@pytest.mark.parametrize("checker, answer, words", [
    (check.steps_needed, lambda lr, x0=0.0, eps=1e-8: "45", ("text",)),
    (check.safe_learning_rate, lambda x, scale: None, ("None",)),
    (check.partial_derivatives, lambda v: [1.0, 2.0, 3.0], ("shape",)),
    (check.converges, lambda lr, a: 1 / 0, ("your code raised ZeroDivisionError",)),
])
def test_answers_of_the_wrong_kind_get_a_hint_not_a_crash(capsys, checker, answer, words):
    fails_with(capsys, checker, answer, *words)


# --- the descent explorer: what lessons 03-04 tell the reader to try ----------------------

@pytest.mark.parametrize("lr, epochs, status, words", [
    (0.5, 30, "converged", "converged in 1 step"),
    (0.9, 30, "step cap", "f still falling"),
    (1.0, 30, "step cap", "the iterates cycle"),
    (1.05, 20, "step cap", "f growing"),
    (1.05, 30, "diverged", "diverged at step 24"),
])
def test_descent_explorer_regimes_from_the_lesson(lr, epochs, status, words):
    explorer = explorers.descent_explorer()
    explorer.set(lr=lr, epochs=epochs)
    assert explorer.result.status == status and words in explorer.result.verdict
    assert np.all(np.isfinite(explorer.result.losses))


def test_descent_explorer_cycle_at_lr_1():
    explorer = explorers.descent_explorer(lr=1.0, epochs=6)
    np.testing.assert_array_equal(explorer.result.params, [0, 5, 0, 5, 0, 5, 0])

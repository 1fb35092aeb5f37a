"""Lessons 03-04: the descent-path figure, the exercise checkers and the descent explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessons_lib import check, plots, widgets
from lessons_lib.functions import parabola, parabola_grad
from lessons_lib.optimize import gradient_descent


def printed(capsys, checker, answer):
    checker(answer)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out   # one line: a tick or one hint
    return out


# --- plots.descent_path ---------------------------------------------------------------------

def test_descent_path_draws_the_walk_and_rings_the_start():
    run = gradient_descent(parabola, parabola_grad, 0.0, 0.1)
    fig, ax = plt.subplots()
    plots.descent_path(ax, run.path, run.values, label="walk")
    walk, start = ax.lines
    np.testing.assert_array_equal(walk.get_xdata(), run.path)
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


def test_gd_step(capsys):
    assert "✓" in printed(capsys, check.gd_step, lambda x, grad, lr: x - lr * grad(x))


def in_place_step(x, grad, lr):
    x -= lr * grad(x)
    return x


@pytest.mark.parametrize("answer, hint", [
    (lambda x, grad, lr: x + lr * grad(x), "uphill"),
    (lambda x, grad, lr: x - grad(x), "missing the learning rate"),
    (in_place_step, "in place"),
    (lambda x, grad, lr: x - lr * np.sum(grad(x)), "vectors"),   # right for numbers only
])
def test_gd_step_hints(capsys, answer, hint):
    out = printed(capsys, check.gd_step, answer)
    assert out.startswith("✗") and hint in out


def test_partial_derivatives(capsys):
    def grad_f(v):
        x, y = v
        return np.array([2 * x + y, x + 4 * y])
    assert "✓" in printed(capsys, check.partial_derivatives, grad_f)


@pytest.mark.parametrize("answer, hint", [
    (lambda v: np.array([2 * v[0], 4 * v[1]]), "∂(xy)/∂x = y"),
    (lambda v: np.array([v[0] + 4 * v[1], 2 * v[0] + v[1]]), "swapped"),
    (lambda v: 2 * v[0] + v[1], "vector of two numbers"),
    (lambda v: np.array([2 * v[0] + v[1], 4 * v[1]]), "holding the other variable fixed"),
])
def test_partial_derivatives_hints(capsys, answer, hint):
    out = printed(capsys, check.partial_derivatives, answer)
    assert out.startswith("✗") and hint in out


def steps_needed(lr, x0=0.0, eps=1e-8):
    d0, r2 = x0 - 2.5, (1 - 2 * lr) ** 2
    bound = np.log(eps / (d0**2 * (1 - r2))) / np.log(r2)
    return max(int(np.floor(bound)) + 2, 1)


def test_steps_needed(capsys):
    assert "✓" in printed(capsys, check.steps_needed, steps_needed)


@pytest.mark.parametrize("answer, hint", [
    (lambda lr, x0=0.0, eps=1e-8: steps_needed(lr, x0, eps) - 1, "one off"),
    (lambda lr, x0=0.0, eps=1e-8: steps_needed(lr, x0, eps) + 1, "one off"),
    # the distance rule |x_k - 2.5| < eps instead of the change in f
    (lambda lr, x0=0.0, eps=1e-8: int(np.ceil(np.log(eps / abs(x0 - 2.5))
                                              / np.log(abs(1 - 2 * lr)))), "solve"),
    (lambda lr, x0=0.0, eps=1e-8: float(steps_needed(lr, x0, eps)) + 0.5, "whole number"),
])
def test_steps_needed_hints(capsys, answer, hint):
    out = printed(capsys, check.steps_needed, answer)
    assert out.startswith("✗") and hint in out


# --- lesson 04 checkers ---------------------------------------------------------------------

def test_converges(capsys):
    assert "✓" in printed(capsys, check.converges, lambda lr, a: abs(1 - 2 * a * lr) < 1)
    assert "✓" in printed(capsys, check.converges, lambda lr, a: 0 < lr < 1 / a)


@pytest.mark.parametrize("answer, hint", [
    (lambda lr, a: lr <= 1 / a, "strict <"),
    (lambda lr, a: lr < 2 / a, "η < 2/L = 1/a"),
    (lambda lr, a: lr < 1, "|·| > 1"),                      # forgets the curvature a
    (lambda lr, a: lr < 0.5 / a, "oscillating run still converges"),
    (lambda lr, a: "yes", "True or False"),
])
def test_converges_hints(capsys, answer, hint):
    out = printed(capsys, check.converges, answer)
    assert out.startswith("✗") and hint in out


def safe_learning_rate(X, fit_intercept=True):
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)]) if fit_intercept else X
    return 4 * n / np.linalg.eigvalsh(A.T @ A)[-1]


def test_safe_learning_rate(capsys):
    assert "✓" in printed(capsys, check.safe_learning_rate, safe_learning_rate)


def design(X, fit_intercept):
    return np.column_stack([X, np.ones(len(X))]) if fit_intercept else X


@pytest.mark.parametrize("answer, hint", [
    (lambda X, fit_intercept=True: 4 * len(X) / np.linalg.eigvalsh(X.T @ X)[-1],
     "append a column of ones"),
    (lambda X, fit_intercept=True: safe_learning_rate(X, True), "without a column of ones"),
    (lambda X, fit_intercept=True: safe_learning_rate(X, fit_intercept) / len(X),
     "SUMMED loss"),
    (lambda X, fit_intercept=True: safe_learning_rate(X, fit_intercept) / 4, "factor 4"),
    (lambda X, fit_intercept=True: 1 / safe_learning_rate(X, fit_intercept), "L itself"),
    (lambda X, fit_intercept=True: 4 * len(X) / np.linalg.eigvalsh(
        design(X, fit_intercept).T @ design(X, fit_intercept))[0], "smallest eigenvalue"),
    (lambda X, fit_intercept=True: 4 * len(X) / np.linalg.svd(
        design(X, fit_intercept), compute_uv=False)[0], "SQUARES"),
    (lambda X, fit_intercept=True: 4 * len(X) / np.sum(design(X, fit_intercept) ** 2),
     "over-cautious"),
    (lambda X, fit_intercept=True: np.array([0.1, 0.2]), "one number"),
    (lambda X, fit_intercept=True: 0.1, "you returned 0.1"),
])
def test_safe_learning_rate_hints(capsys, answer, hint):
    out = printed(capsys, check.safe_learning_rate, answer)
    assert out.startswith("✗") and hint in out


# --- the descent explorer (lessons 03-04), driven like a student would ----------------------

def test_descent_explorer_lr_1_05_diverges_and_redraws():
    explorer = widgets.descent_explorer()
    before = explorer.image.value
    explorer.set(lr=1.05)
    result = explorer.result
    assert result.lr == pytest.approx(1.05, rel=1e-2)   # a log slider snaps to its steps
    assert "diverging" in result.verdict and result.steps == 30
    assert np.all(np.isfinite(result.values))
    assert explorer.image.value != before
    explorer.set(epochs=200)
    assert explorer.result.diverged and explorer.result.verdict.startswith("diverged at step")


@pytest.mark.parametrize("lr, words", [(0.5, "converged in 1 step"), (0.9, "step cap 30"),
                                       (1.0, "step cap 30")])
def test_descent_explorer_regimes_from_the_lesson(lr, words):
    explorer = widgets.descent_explorer()
    explorer.set(lr=lr)
    assert words in explorer.result.verdict
    assert f"η = {explorer.result.lr:.3g}" in explorer.figure.axes[0].get_title()


def test_descent_explorer_cycle_at_lr_1():
    explorer = widgets.descent_explorer(lr=1.0, epochs=6)
    np.testing.assert_array_equal(explorer.result.path, [0, 5, 0, 5, 0, 5, 0])


def test_descent_explorer_start_slider_moves_the_path():
    explorer = widgets.descent_explorer()
    before = explorer.image.value
    explorer.set(x0=6.0)
    assert explorer.result.path[0] == 6.0
    assert explorer.image.value != before


def test_descent_explorer_legend_is_framed_and_drawn_over_the_path():
    explorer = widgets.descent_explorer()
    legend = explorer.figure.axes[0].get_legend()
    assert legend.get_frame_on() and legend.get_animated()
    assert legend in explorer._animated

import numpy as np
import pytest

from lessons_lib import data
from lessons_lib.functions import parabola, parabola_grad
from lessons_lib.logreg import reference_optimum
from lessons_lib.optimize import (
    CONVERGED,
    DIVERGED,
    FALSE_STOP,
    STEP_CAP,
    gradient_descent,
    newton_logreg,
    sgd_logreg,
)


# The regimes table of lesson 04: x0 = 0, epsilon = 1e-8, cap 10^4 steps.
@pytest.mark.parametrize("lr, steps, status", [
    (0.01, 423, CONVERGED), (0.1, 45, CONVERGED), (0.5, 2, CONVERGED), (0.8, 21, CONVERGED),
    (0.9, 45, CONVERGED), (1.0, 1, FALSE_STOP)])
def test_regimes_of_the_learning_rate(lr, steps, status):
    result = gradient_descent(parabola, parabola_grad, 0.0, lr)
    assert (result.steps, result.status) == (steps, status)


def test_lr_01_lands_where_the_lesson_says():
    result = gradient_descent(parabola, parabola_grad, 0.0, 0.1)
    assert result.x == pytest.approx(2.49989, abs=1e-5)
    assert result.verdict == "converged in 45 steps (ε rule)"


def test_lr_1_is_a_false_stop_at_5():
    result = gradient_descent(parabola, parabola_grad, 0.0, 1.0)
    assert result.x == 5.0 and "not at a minimum" in result.verdict


@pytest.mark.parametrize("lr", [1.01, 1.1, 3.0, 1e200])
def test_divergence_is_a_verdict_not_nan(lr):
    result = gradient_descent(parabola, parabola_grad, 0.0, lr)
    assert result.status == DIVERGED and result.verdict.startswith("diverged at step")
    assert np.all(np.isfinite(result.values)) and np.all(np.isfinite(result.path))


def test_step_cap_says_which_way_f_is_going():
    falling = gradient_descent(parabola, parabola_grad, 0.0, 0.01, max_steps=5, tol=None)
    growing = gradient_descent(parabola, parabola_grad, 0.0, 1.05, max_steps=5, tol=None)
    assert falling.status == growing.status == STEP_CAP
    assert "falling" in falling.verdict and "diverging" in growing.verdict


def test_gradient_rule_on_a_2d_bowl():
    result = gradient_descent(lambda v: v[0] ** 2 + 3 * v[1] ** 2,
                              lambda v: np.array([2 * v[0], 6 * v[1]]),
                              [2.0, 1.0], 0.1, tol=None, grad_tol=1e-6)
    assert result.converged and result.path.shape[1] == 2
    np.testing.assert_allclose(result.x, [0, 0], atol=1e-6)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lr=0), ValueError, "lr must be > 0"),
    (dict(lr=-1), ValueError, "lr must be > 0"),
    (dict(lr=float("nan")), ValueError, "lr must be finite"),
    (dict(lr="0.1"), TypeError, "lr must be a real number"),
    (dict(max_steps=-1), ValueError, "max_steps must be >= 0"),
    (dict(max_steps=2.5), TypeError, "max_steps must be an integer"),
    (dict(x0=[[1.0]]), ValueError, "x0 must be a number or a 1-D vector"),
    (dict(x0=float("inf")), ValueError, "x0 contains NaN or inf"),
])
def test_gradient_descent_bad_input(kwargs, error, message):
    args = dict(f=parabola, grad=parabola_grad, x0=0.0, lr=0.1) | kwargs
    with pytest.raises(error, match=message):
        gradient_descent(**args)


def test_newton_reaches_the_optimum_quadratically():
    split = data.breast_cancer()
    l2 = 1e-2
    trace = newton_logreg(split.X_train, split.y_train, iterations=12, l2=l2)
    w, b = reference_optimum(split.X_train, split.y_train, l2=l2)
    np.testing.assert_allclose(trace.w, w, atol=1e-5)
    gaps = trace.losses - trace.losses[-1]
    # quadratic convergence: once close, each gap is far below the square of the last
    assert gaps[5] < 1e-4 and gaps[7] < 1e-10


def test_sgd_and_momentum_approach_the_optimum():
    X, y = data.classification(400, 3)
    newton = newton_logreg(X, y, iterations=20)
    best = newton.losses[-1]
    plain = sgd_logreg(X, y, lr=0.1, epochs=30, batch_size=16)
    heavy = sgd_logreg(X, y, lr=0.1, epochs=30, batch_size=16, momentum=0.9)
    assert plain.losses[-1] - best < 5e-3 and heavy.losses[-1] - best < 5e-2
    full_batch = sgd_logreg(X, y, lr=0.5, epochs=200, batch_size=400)
    assert full_batch.losses[-1] - best < 1e-4
    np.testing.assert_array_equal(plain.w, sgd_logreg(X, y, lr=0.1, epochs=30,
                                                      batch_size=16).w)   # seeded


@pytest.mark.parametrize("call, message", [
    (lambda X, y: sgd_logreg(X, y, momentum=1.0), "momentum must be in"),
    (lambda X, y: sgd_logreg(X, y, batch_size=0), "batch_size must be >= 1"),
    (lambda X, y: newton_logreg(X, y, l2=-1), "l2 must be >= 0"),
    (lambda X, y: newton_logreg(X, y[:-1]), "labels but X has"),
])
def test_logreg_optimisers_bad_input(call, message):
    X, y = data.classification(50, 2)
    with pytest.raises((ValueError, TypeError), match=message):
        call(X, y)


def test_step_cap_recognises_a_cycle():
    # lr = 1 on the parabola jumps 0 -> 5 -> 0 -> ...: f never changes, it does not fall
    cycle = gradient_descent(parabola, parabola_grad, 0.0, 1.0, max_steps=6, tol=None)
    assert cycle.status == STEP_CAP and "cycle" in cycle.verdict
    # log cosh with lr > 2/L bounces between two points forever
    bounce = gradient_descent(lambda x: np.log(np.cosh(x)), np.tanh, 1.0, 2.5, max_steps=200,
                              tol=None)
    assert "cycle" in bounce.verdict


def test_verdict_grammar_for_one_step():
    result = gradient_descent(parabola, parabola_grad, 0.0, 0.5, tol=None, grad_tol=1e-9)
    assert result.verdict == "converged in 1 step (|f'(x)| < 1e-09)"


def test_diverged_path_ends_at_the_last_finite_iterate():
    result = gradient_descent(parabola, parabola_grad, 0.0, 1.1)
    assert result.verdict.startswith(f"diverged at step {result.steps + 1} ")

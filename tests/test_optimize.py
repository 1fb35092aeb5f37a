import numpy as np
import pytest

from lessons_lib import data, optimize
from lessons_lib.functions import parabola_value_and_grad
from lessons_lib.logreg import fit, objective, reference_optimum
from lessons_lib.optimize import (
    CONVERGED,
    DIVERGED,
    FALSE_STOP,
    INTERRUPTED,
    STEP_CAP,
    gradient_descent,
    newton,
    sgd,
)


def descend(lr, **kwargs):
    return gradient_descent(parabola_value_and_grad, 0.0, lr, **({"tol": 1e-8} | kwargs))


# The regimes table of lesson 04: x0 = 0, epsilon = 1e-8, cap 10^4 steps.
@pytest.mark.parametrize("lr, steps, status", [
    (0.01, 423, CONVERGED), (0.1, 45, CONVERGED), (0.5, 2, CONVERGED), (0.8, 21, CONVERGED),
    (0.9, 45, CONVERGED), (1.0, 1, FALSE_STOP)])
def test_regimes_of_the_learning_rate(lr, steps, status):
    result = descend(lr)
    assert (result.steps, result.status) == (steps, status)


def test_params_and_losses_sit_side_by_side_from_the_start():
    result = descend(0.1)
    assert result.params.shape == result.losses.shape == (result.steps + 1,)
    assert result.params[0] == 0.0 and result.losses[0] == 5.25
    np.testing.assert_array_equal(result.losses, (result.params - 2.5) ** 2 - 1)


def test_lr_01_lands_where_the_lesson_says():
    result = descend(0.1)
    assert result.x == pytest.approx(2.49989, abs=1e-5)
    assert result.verdict == "converged in 45 steps (ε rule)"


def test_lr_1_is_a_false_stop_at_5():
    result = descend(1.0)
    assert result.x == 5.0 and "not at a minimum" in result.verdict


@pytest.mark.parametrize("lr", [1.01, 1.1, 3.0, 1e200])
def test_divergence_is_a_verdict_not_nan(lr):
    result = descend(lr)
    assert result.status == DIVERGED and result.verdict.startswith("diverged at step")
    assert np.all(np.isfinite(result.losses)) and np.all(np.isfinite(result.params))
    # the one rule: the last recorded loss is within 100 x max(|f(x0)|, 1), the next was not
    assert abs(result.losses[-1]) <= optimize.DIVERGENCE_FACTOR * 5.25
    assert result.verdict.startswith(f"diverged at step {result.diverged_at_step}:")
    assert result.diverged_at_step == result.steps + 1


def test_a_fixed_budget_says_which_way_f_is_going():
    falling = descend(0.01, max_steps=5, tol=None)
    growing = descend(1.05, max_steps=5, tol=None)
    assert falling.status == growing.status == STEP_CAP
    assert falling.steps == growing.steps == 5
    assert "falling" in falling.verdict and "diverging" in growing.verdict


def test_gradient_rule_on_a_2d_bowl():
    def bowl(v):
        return v[0] ** 2 + 3 * v[1] ** 2, np.array([2 * v[0], 6 * v[1]])
    result = gradient_descent(bowl, [2.0, 1.0], 0.1, grad_tol=1e-6)
    assert result.converged and result.params.shape == (result.steps + 1, 2)
    np.testing.assert_allclose(result.x, [0, 0], atol=1e-6)


def test_step_cap_recognises_a_cycle():
    # lr = 1 on the parabola jumps 0 -> 5 -> 0 -> ...: f never changes, it does not fall
    cycle = descend(1.0, max_steps=6, tol=None)
    assert cycle.status == STEP_CAP and "cycle" in cycle.verdict
    # log cosh with lr > 2/L bounces between two points forever
    bounce = gradient_descent(lambda x: (np.log(np.cosh(x)), np.tanh(x)), 1.0, 2.5,
                              max_steps=200)
    assert "cycle" in bounce.verdict


def test_verdict_grammar_for_one_step():
    result = descend(0.5, tol=None, grad_tol=1e-9)
    assert result.verdict == "converged in 1 step (|f'(x)| < 1e-09)"


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lr=0), ValueError, "lr must be > 0"),
    (dict(lr=-1), ValueError, "lr must be > 0"),
    (dict(lr=float("nan")), ValueError, "lr must be finite"),
    (dict(lr="0.1"), TypeError, "lr must be a real number"),
    (dict(max_steps=-1), ValueError, "max_steps must be >= 0"),
    (dict(max_steps=2.5), TypeError, "max_steps must be an integer"),
    (dict(max_steps=10**9), ValueError, "max_steps=1,000,000,000 is above .* hours"),
    (dict(x0=[[1.0]]), ValueError, "x0 must be a number or a non-empty 1-D vector"),
    (dict(x0=float("inf")), ValueError, "x0 contains NaN or inf"),
    (dict(x0="1"), TypeError, "x0 must hold numbers"),
    (dict(tol=0), ValueError, "tol must be > 0"),
])
def test_gradient_descent_bad_input(kwargs, error, message):
    args = dict(value_and_grad=parabola_value_and_grad, x0=0.0, lr=0.1) | kwargs
    with pytest.raises(error, match=message):
        gradient_descent(**args)


def test_an_interrupt_returns_the_partial_run():
    calls = []

    def impatient(x):
        calls.append(x)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return parabola_value_and_grad(x)
    result = gradient_descent(impatient, 0.0, 0.1, max_steps=100)
    assert result.status == INTERRUPTED and result.steps == 2
    assert "interrupted after 2 steps" in result.verdict


def test_newton_reaches_the_optimum_quadratically():
    split = data.breast_cancer()
    l2 = 1e-2
    result = fit(split.X_train, split.y_train, method="newton", epochs=12, l2=l2)
    w, b = reference_optimum(split.X_train, split.y_train, l2=l2)
    np.testing.assert_allclose(result.w, w, atol=1e-5)
    gaps = result.losses - result.losses[-1]
    # quadratic convergence: once close, each gap is far below the square of the last
    assert gaps[5] < 1e-4 and gaps[7] < 1e-10


def test_sgd_and_momentum_approach_the_optimum():
    X, y = data.classification(400, 3)
    best = fit(X, y, method="newton", epochs=20).losses[-1]
    plain = fit(X, y, method="sgd", lr=0.1, epochs=30, batch_size=16)
    heavy = fit(X, y, method="sgd", lr=0.1, epochs=30, batch_size=16, momentum=0.9)
    assert plain.losses[-1] - best < 5e-3 and heavy.losses[-1] - best < 5e-2
    assert plain.losses.shape == (31,)
    full_batch = fit(X, y, method="sgd", lr=0.5, epochs=200, batch_size=400)
    assert full_batch.losses[-1] - best < 1e-4
    again = fit(X, y, method="sgd", lr=0.1, epochs=30, batch_size=16)
    np.testing.assert_array_equal(plain.w, again.w)   # seeded


def test_full_batch_sgd_is_gradient_descent():
    X, y = data.classification(120, 3)
    gd = fit(X, y, lr=0.3, epochs=25)
    full = fit(X, y, method="sgd", lr=0.3, epochs=25, batch_size=120)
    np.testing.assert_allclose(full.w_history, gd.w_history, atol=1e-14)


def test_sgd_diverges_with_a_verdict_not_nan():
    X, y = data.classification(100, 3)
    result = fit(X, y, method="sgd", lr=1e308, epochs=5)
    assert result.diverged and np.all(np.isfinite(result.losses))


@pytest.mark.parametrize("call, message", [
    (lambda v: sgd(v, [0.0] * 3, 50, 0.1, 3, momentum=1.0), "momentum must be in"),
    (lambda v: sgd(v, [0.0] * 3, 50, 0.1, 3, batch_size=0), "batch_size must be >= 1"),
    (lambda v: sgd(v, [0.0] * 3, 50, 0.1, 10**9), "epochs=1,000,000,000 is above"),
    (lambda v: newton(v, [0.0] * 3, max_steps=-1), "max_steps must be >= 0"),
])
def test_sgd_and_newton_bad_input(call, message):
    X, y = data.classification(50, 2)
    with pytest.raises((ValueError, TypeError), match=message):
        call(objective(X, y))


def test_a_bounded_two_cycle_above_its_start_is_a_cycle_not_a_divergence():
    # f(x) = x² from x0 = 0.5: a bounded bounce between ±1 after the first step (the
    # "gradient" is a sign function scaled so each step lands on the other side)
    def value_and_grad(x):
        return float(x[0] ** 2), np.array([np.sign(x[0]) * (1.0 + abs(x[0]))])

    run = optimize.gradient_descent(value_and_grad, [0.5], lr=1.0, max_steps=20)
    assert run.status == "step cap", run.verdict
    assert "bounce" in run.verdict and "diverging" not in run.verdict


def test_a_growing_run_under_the_divergence_threshold_is_called_growing():
    run = optimize.gradient_descent(parabola_value_and_grad, 0.0, lr=1.05,
                                    max_steps=20)
    assert run.status == "step cap" and "f growing" in run.verdict


def test_diverged_at_step_is_none_unless_the_run_diverged():
    run = optimize.gradient_descent(parabola_value_and_grad, 0.0, lr=0.1, max_steps=5)
    assert run.diverged_at_step is None

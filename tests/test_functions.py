import numpy as np
import pytest

from lessons_lib.functions import (
    PARABOLA_MINIMUM,
    bce_with_logits,
    log_sigmoid,
    parabola,
    parabola_closed_form,
    parabola_grad,
    sigmoid,
)

EXTREME = np.array([-1000.0, -745.0, -40.0, -1.0, 0.0, 1.0, 40.0, 745.0, 1000.0])


def test_sigmoid_known_values_and_symmetry():
    assert sigmoid(0.0) == 0.5
    z = np.linspace(-30, 30, 61)
    # exp(-logaddexp(0, -z)) rounds twice: within a few units in the last place
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=5e-15)
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)
    np.testing.assert_allclose(sigmoid(z), 0.5 * (1 + np.tanh(z / 2)), atol=1e-15)


def test_sigmoid_derivative_matches_finite_differences():
    z, h = np.linspace(-8, 8, 33), 1e-6
    numeric = (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(numeric, sigmoid(z) * (1 - sigmoid(z)), atol=1e-9)


def test_extreme_inputs_are_finite_and_warning_free():
    # pytest turns every warning into an error (pyproject), so overflow would fail here
    for values in (sigmoid(EXTREME), log_sigmoid(EXTREME),
                   bce_with_logits(EXTREME, np.ones_like(EXTREME), "none"),
                   bce_with_logits(EXTREME, np.zeros_like(EXTREME), "none")):
        assert np.all(np.isfinite(values))
    assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0
    assert log_sigmoid(-1000.0) == pytest.approx(-1000.0)


def test_log_sigmoid_matches_the_textbook_form_where_that_is_safe():
    z = np.linspace(-20, 20, 41)
    # -log(1 + e^-z), with log1p so the reference itself is accurate near 0
    np.testing.assert_allclose(log_sigmoid(z), -np.log1p(np.exp(-z)), rtol=1e-13)


def test_bce_with_logits_is_cross_entropy_of_sigmoid():
    rng = np.random.default_rng(0)
    z, y = rng.normal(0, 3, 50), rng.integers(0, 2, 50).astype(float)
    p = 1 / (1 + np.exp(-z))
    naive = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    np.testing.assert_allclose(bce_with_logits(z, y, "none"), naive, rtol=1e-12)
    assert bce_with_logits(z, y) == pytest.approx(naive.mean(), rel=1e-12)
    assert bce_with_logits(z, y, "sum") == pytest.approx(naive.sum(), rel=1e-12)
    assert bce_with_logits([0.0], [1.0]) == pytest.approx(np.log(2))


@pytest.mark.parametrize("kwargs, message", [
    (dict(z=[0.0, 1.0], y=[1.0]), "same shape"),
    (dict(z=[0.0], y=[1.0], reduction="average"), "reduction"),
    (dict(z=[], y=[]), "empty"),
    (dict(z="abc", y=[1.0]), "z must hold numbers, not text"),
    (dict(z=[np.nan], y=[1.0]), "z contains NaN or inf"),
    (dict(z=[0.0], y=[1.5]), r"y must hold labels in \[0, 1\]"),
    (dict(z=[0.0], y=[np.nan]), "y contains NaN or inf"),
])
def test_bce_bad_input(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        bce_with_logits(**kwargs)


def test_parabola_and_its_derivative():
    assert parabola(PARABOLA_MINIMUM) == -1.0
    assert parabola(0.0) == parabola(5.0) == 5.25
    x, h = np.linspace(-3, 8, 23), 1e-6
    np.testing.assert_allclose((parabola(x + h) - parabola(x - h)) / (2 * h),
                               parabola_grad(x), atol=1e-6)


def test_closed_form_equals_the_loop():
    x, lr = 0.0, 0.1
    for k in range(1, 50):
        x = x - lr * parabola_grad(x)
        assert parabola_closed_form(k, lr) == pytest.approx(x, rel=1e-12)


def test_soft_labels_are_cross_entropies_too():
    # y = 0.3 is a 30 % belief in class 1: the loss is the mix of the two hard losses
    z = np.array([-2.0, 0.5, 3.0])
    soft = bce_with_logits(z, np.full(3, 0.3), "none")
    hard = 0.3 * bce_with_logits(z, np.ones(3), "none") + 0.7 * bce_with_logits(z, np.zeros(3),
                                                                              "none")
    np.testing.assert_allclose(soft, hard, rtol=1e-14)


@pytest.mark.parametrize("function", [sigmoid, log_sigmoid])
def test_nan_is_refused_not_propagated(function):
    with pytest.raises(ValueError, match="z contains NaN or inf"):
        function([0.0, np.nan])


def test_autograd_traces_the_same_functions():
    import autograd.numpy as anp
    from autograd import elementwise_grad, grad
    z = np.linspace(-30, 30, 61)
    s = sigmoid(z)
    # σ(1-σ) written as σ(z)σ(-z): 1 - σ would cancel for large z
    np.testing.assert_allclose(elementwise_grad(sigmoid)(z), s * sigmoid(-z), rtol=1e-12,
                               atol=1e-300)
    assert grad(sigmoid)(0.0) == 0.25           # smooth at 0: no kink from |z|
    y = (z > 0).astype(float)
    np.testing.assert_allclose(grad(lambda v: bce_with_logits(v, y, "sum"))(z), s - y,
                               atol=1e-14)
    assert grad(lambda v: anp.sum(log_sigmoid(v)))(np.array([-1000.0]))[0] == 1.0

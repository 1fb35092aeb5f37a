"""lessons_lib.network: the one-hidden-layer network of lesson 11."""

import numpy as np
import pytest

from lessons_lib import network, optimize
from lessons_lib.network import Params


@pytest.fixture
def moons():
    from sklearn.datasets import make_moons

    X, y = make_moons(60, noise=0.2, random_state=3)
    return (X - X.mean(axis=0)) / X.std(axis=0), y.astype(np.float64)


def random_params(d=2, h=4, seed=1):
    rng = np.random.default_rng(seed)
    return Params(rng.normal(size=(d, h)), rng.normal(size=h), rng.normal(size=h),
                  float(rng.normal()))


# --- the pieces ----------------------------------------------------------------------------

def test_init_is_seeded_and_shaped():
    a, b, c = network.init(2, 5, seed=7), network.init(2, 5, seed=7), network.init(2, 5, seed=8)
    assert a.W1.shape == (2, 5) and a.b1.shape == (5,) and a.w2.shape == (5,)
    assert a.b2 == 0.0 and not a.b1.any()
    np.testing.assert_array_equal(network.pack(a), network.pack(b))
    assert not np.array_equal(network.pack(a), network.pack(c))


def test_pack_unpack_round_trip_and_count():
    params = random_params(3, 5)
    theta = network.pack(params)
    assert theta.shape == (network.n_params(3, 5),) == (5 * 4 + 5 + 1,)
    back = network.unpack(theta, 3, 5)
    for got, want in zip(back, params, strict=True):
        np.testing.assert_array_equal(got, want)


def test_forward_is_stacked_logistic_regressions(moons):
    X, _ = moons
    params = random_params()
    H, z = network.forward(X, params)
    for j in range(4):   # hidden unit j: a logistic regression on the inputs
        from lessons_lib.logreg import predict_proba
        np.testing.assert_allclose(H[:, j], predict_proba(X, params.W1[:, j], params.b1[j]))
    np.testing.assert_allclose(network.predict_proba(X, params),
                               1 / (1 + np.exp(-(H @ params.w2 + params.b2))))
    assert z.shape == (len(X),)


# --- the gradient: finite differences, autograd, torch ----------------------------------------

def test_backprop_matches_central_finite_differences(moons):
    X, y = moons
    params = random_params()
    f = network.objective(X, y, 4)
    theta = network.pack(params)
    _, grad = f(theta)
    eps = 1e-6
    numeric = np.array([(f(theta + eps * e)[0] - f(theta - eps * e)[0]) / (2 * eps)
                        for e in np.eye(len(theta))])
    np.testing.assert_allclose(grad, numeric, atol=1e-8)
    value, by_parts = network.loss_and_gradient(X, y, params)
    assert value == pytest.approx(network.loss(X, y, params), abs=1e-14)
    np.testing.assert_allclose(network.pack(by_parts), grad, atol=1e-15)


@pytest.mark.parametrize("backend", ["autograd", "torch"])
def test_backends_agree_to_1e_10(moons, backend):
    X, y = moons
    theta = network.pack(random_params(h=6, seed=4))
    value, grad = network.objective(X, y, 6)(theta)
    other_value, other_grad = network.objective(X, y, 6, backend)(theta)
    assert abs(value - other_value) <= 1e-10
    assert np.max(np.abs(grad - other_grad)) <= 1e-10


@pytest.mark.parametrize("backend", ["autograd", "torch"])
def test_training_runs_agree_to_1e_10(moons, backend):
    X, y = moons
    a = network.fit(X, y, 3, lr=2.0, epochs=50, seed=5)
    b = network.fit(X, y, 3, lr=2.0, epochs=50, seed=5, backend=backend)
    assert np.max(np.abs(a.history - b.history)) <= 1e-10


def test_fit_is_gradient_descent_and_learns_the_moons(moons):
    X, y = moons
    result = network.fit(X, y, 5, lr=10.0, epochs=800)
    run = optimize.gradient_descent(network.objective(X, y, 5),
                                    network.pack(network.init(2, 5)), 10.0, max_steps=800)
    np.testing.assert_array_equal(result.history, run.params)
    np.testing.assert_array_equal(result.losses, run.losses)
    assert result.losses[-1] < 0.15 and network.accuracy(X, y, result.params) >= 0.95
    np.testing.assert_array_equal(network.pack(result.at(800)), network.pack(result.params))
    assert network.loss(X, y, result.at(0)) == pytest.approx(result.losses[0])


def test_zero_start_keeps_hidden_units_identical(moons):
    X, y = moons
    zero = Params(np.zeros((2, 3)), np.zeros(3), np.zeros(3), 0.0)
    params = network.fit(X, y, 3, lr=1.0, epochs=50, params0=zero).params
    assert np.ptp(params.W1, axis=1).max() == 0 and np.ptp(params.w2) == 0


# --- no warnings, no NaN on extreme inputs (pytest turns warnings into errors) -------------

@pytest.mark.parametrize("scale", [1e3, 1e6, 1e100])
def test_extreme_inputs_stay_finite_without_warnings(scale):
    X = np.array([[scale, -scale], [-scale, scale], [0.0, 0.0]])
    y = np.array([1.0, 0.0, 1.0])
    params = random_params(h=3)
    value, grad = network.loss_and_gradient(X, y, params)
    assert np.isfinite(value) and np.all(np.isfinite(network.pack(grad)))
    p = network.predict_proba(X, params)
    assert np.all((p >= 0) & (p <= 1))


def test_huge_weights_stay_finite_without_warnings(moons):
    X, y = moons
    big = Params(np.full((2, 3), 1e150), np.full(3, -1e150), np.full(3, 1e150), 1e150)
    value, grad = network.loss_and_gradient(X, y, big)
    assert np.isfinite(value) and np.all(np.isfinite(network.pack(grad)))


def test_a_huge_learning_rate_is_reported_as_divergence(moons):
    X, y = moons
    result = network.fit(X, y, 3, lr=1e6, epochs=100)
    assert result.status in (optimize.DIVERGED, optimize.STEP_CAP)
    assert np.all(np.isfinite(result.losses))


# --- bad input names the argument ----------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    (lambda: network.init(0, 3), ValueError, "n_inputs must be >= 1"),
    (lambda: network.init(2, 2.0), TypeError, "n_hidden must be an integer"),
    (lambda: network.init(2, 3, seed=-1), ValueError, "seed must be >= 0"),
    (lambda: network.init(2, 3, scale=0), ValueError, "scale must be > 0"),
    (lambda: network.unpack(np.zeros(5), 2, 3), ValueError, r"theta must have shape \(13,\)"),
    (lambda: network.forward(np.zeros((4, 3)), random_params()), ValueError, "W1 has 2 rows"),
    (lambda: network.forward(np.zeros(4), random_params()), ValueError, "X must be 2-D"),
    (lambda: network.forward(np.full((2, 2), 1e200), random_params()), ValueError,
     "Rescale the features"),
    (lambda: network.forward(np.zeros((4, 2)), "weights"), TypeError, r"params must be"),
    (lambda: network.forward(np.zeros((4, 2)), random_params()._replace(b1=np.zeros(2))),
     ValueError, r"b1 must have shape \(4,\)"),
    (lambda: network.forward(np.zeros((4, 2)), random_params()._replace(b2=[1.0, 2.0])),
     ValueError, "b2 must be one number"),
    (lambda: network.forward(np.zeros((4, 2)),
                             random_params()._replace(W1=np.full((2, 4), np.nan))),
     ValueError, "W1 contains NaN"),
    (lambda: network.loss(np.zeros((3, 2)), [0, 1, 2], random_params()), ValueError,
     "y must contain only 0 and 1"),
    (lambda: network.fit(np.zeros((3, 2)), [0, 1, 1], 3, lr=0), ValueError, "lr must be > 0"),
    (lambda: network.fit(np.zeros((3, 2)), [0, 1, 1], 3, epochs=-1), ValueError,
     "epochs must be >= 0"),
    (lambda: network.fit(np.zeros((3, 2)), [0, 1, 1], 3, params0=random_params()),
     ValueError, "params0 has 4 hidden units"),
    (lambda: network.objective(np.zeros((3, 2)), [0, 1, 1], 3, backend="jax"), ValueError,
     "backend must be one of"),
    (lambda: network.init(10**12, 3), ValueError, "n_inputs × n_hidden"),
    (lambda: network.unpack(np.zeros(13), 10**12, 3), ValueError, "n_inputs=1000000000000"),
    (lambda: network.params_like(random_params(), n_inputs="2"), TypeError,
     "n_inputs must be an integer"),
    (lambda: network.fit(np.zeros((3, 2)), [0, 1, 1], 3, params0="weights"), TypeError,
     "params0 must be"),
    (lambda: network.fit(np.zeros((3, 2)), [0, 1, 1], 3, epochs=10**12), ValueError,
     "epochs=1,000,000,000,000 is above"),
    (lambda: network.fit(np.ones((3, 2)), [0, 1, 1], 3,
                         params0=random_params(h=3)._replace(b2=-1e308)), ValueError,
     r"the start \(params0\) is not finite"),
])
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()

"""The network explorer of lesson 11: compute without a kernel, out-of-range starts are
refused, and the epochs slider never retrains (the pixel test is tests/test_explorers.py's)."""

import matplotlib as mpl
import numpy as np
import pytest

from lessons_lib import network
from lessons_lib.explorers import network as network_explorers
from lessons_lib.explorers.network import NetworkTraining, network_explorer


@pytest.fixture(scope="module")
def moons():
    from sklearn.datasets import make_moons

    X, y = make_moons(80, noise=0.2, random_state=1)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def test_compute_slices_one_cached_run_per_units_and_rate(moons):
    X, y = moons
    compute = NetworkTraining(X, y, max_epochs=40)
    a = compute(hidden=3, lr=2.0, epochs=10)
    b = compute(hidden=3, lr=2.0, epochs=40)
    assert len(compute._runs) == 1                      # the epochs slider reuses the run
    direct = network.fit(X, y, 3, lr=2.0, epochs=10)
    np.testing.assert_array_equal(network.pack(a["params"]), network.pack(direct.params))
    np.testing.assert_array_equal(a["losses"], direct.losses)
    assert len(b["losses"]) == 41 and a["epochs"] == 10
    compute(hidden=4, lr=2.0, epochs=10)
    assert len(compute._runs) == 2
    # the dashed reference: the best straight line, which a network can only beat
    assert 0 < a["logreg_loss"] < np.log(2)


def test_a_diverged_run_is_shown_up_to_its_last_finite_loss(moons):
    X, y = moons
    result = NetworkTraining(X, y, max_epochs=50)(hidden=2, lr=1e8, epochs=50)
    assert np.all(np.isfinite(result["losses"]))


def test_moving_epochs_is_fast_and_leaves_matplotlib_settings_alone(moons):
    before = dict(mpl.rcParams)
    explorer = network_explorer(*moons, epochs=100, max_epochs=200)
    for epochs in (10, 50, 100, 150, 200):
        explorer.set(epochs=epochs)
    assert dict(mpl.rcParams) == before
    # the budget is 50 ms on an idle machine; this only catches an accidental retrain
    assert np.median(explorer.update_seconds[1:]) < 0.5


@pytest.mark.parametrize("kwargs, error, message", [
    ({"hidden": 0}, ValueError, "hidden must be between 1 and 10"),
    ({"hidden": 11}, ValueError, "hidden must be between 1 and 10"),
    ({"hidden": 2.0}, TypeError, "hidden must be an integer"),
    ({"lr": 100.0}, ValueError, "lr must be between 0.01 and 30"),
    ({"lr": 0.0}, ValueError, "lr must be between 0.01 and 30"),
    ({"epochs": 2000}, ValueError, "epochs must be between 0 and 1000"),
    ({"max_epochs": 10**5}, ValueError, "max_epochs must be <= 3000"),
    ({"max_epochs": 0}, ValueError, "max_epochs must be >= 1"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
])
def test_out_of_range_starting_values_are_refused(moons, kwargs, error, message):
    with pytest.raises(error, match=message):
        network_explorer(*moons, **kwargs)


@pytest.mark.parametrize("X, message", [
    (np.zeros((5, 3)), "X must have 2 columns"),
    (np.zeros(5), "X must be 2-D"),
])
def test_bad_data_is_refused(X, message):
    with pytest.raises(ValueError, match=message):
        network_explorer(X, [0, 1, 0, 1, 0])


def test_set_refuses_a_value_the_slider_cannot_reach(moons):
    explorer = network_explorer(*moons, max_epochs=20, epochs=10)
    before = explorer.values
    with pytest.raises(ValueError, match="hidden must be between 1 and 10"):
        explorer.set(hidden=20)
    assert explorer.values == before


def test_decision_region_draws_the_networks_probabilities(moons):
    from matplotlib.figure import Figure

    X, y = moons
    params = network.init(2, 3)
    ax = Figure().subplots()
    region = network_explorers.decision_region(ax, X, y, params, resolution=30)
    shade = np.asarray(region.boundary.shade.get_array())
    np.testing.assert_allclose(shade.ravel(),
                               network.predict_proba(region.boundary.grid, params))

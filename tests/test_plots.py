"""The shared figures: each returns the artists it drew, checks its inputs like fit does, and
can be moved in place (what the explorers rely on)."""

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib import data, plots
from lessons_lib.functions import sigmoid


@pytest.fixture
def ax():
    return Figure().subplots()


def test_scatter_classes_returns_one_collection_per_class(ax):
    X, y = data.blobs(50)
    class0, class1 = plots.scatter_classes(ax, X, y)
    np.testing.assert_array_equal(class0.get_offsets(), X[y == 0])
    np.testing.assert_array_equal(class1.get_offsets(), X[y == 1])
    assert class1.get_label() == "y = 1"


def test_scatter_classes_takes_labels_of_shape_n_by_1_and_bools(ax):
    X, y = data.blobs(50)
    column = plots.scatter_classes(ax, X, y.reshape(-1, 1))
    flags = plots.scatter_classes(ax, X, y == 1)
    for a, b in zip(column, flags, strict=True):
        np.testing.assert_array_equal(a.get_offsets(), b.get_offsets())
    assert len(column[0].get_offsets()) + len(column[1].get_offsets()) == 50


@pytest.mark.parametrize("relabel", [lambda y: y + 1, lambda y: 2 * y - 1])
def test_scatter_classes_refuses_labels_that_would_leave_a_class_undrawn(ax, relabel):
    X, y = data.blobs(50)
    with pytest.raises(ValueError, match="y must contain only 0 and 1"):
        plots.scatter_classes(ax, X, relabel(y))
    assert len(ax.collections) == 0


@pytest.mark.parametrize("X, y, message", [
    (np.zeros((5, 3)), np.zeros(5), "X must have 2 columns"),
    (np.zeros(5), np.zeros(5), "X must be 2-D"),
    (np.full((5, 2), np.nan), np.zeros(5), "X contains NaN"),
    (np.zeros((5, 2)), np.zeros(4), "y has 4 labels but X has 5 rows"),
    (np.zeros((5, 2)), np.zeros((5, 2)), "y must be 1-D"),
])
def test_scatter_classes_names_the_bad_argument(ax, X, y, message):
    with pytest.raises(ValueError, match=message):
        plots.scatter_classes(ax, X, y)


def test_decision_boundary_shades_p_and_draws_the_line_where_it_is_one_half(ax):
    X, y = data.blobs(60)
    w, b = np.array([1.5, -0.5]), 0.3
    boundary = plots.decision_boundary(ax, X, y, w, b, resolution=50)
    assert isinstance(boundary, plots.DecisionBoundary)
    np.testing.assert_allclose(boundary.shade.get_array().ravel(),
                               sigmoid(boundary.grid @ w + b))
    x1, x2 = boundary.line.get_data()
    np.testing.assert_allclose(w[0] * np.asarray(x1) + w[1] * np.asarray(x2) + b, 0,
                               atol=1e-12)
    assert boundary.points == list(ax.collections)
    assert boundary.line.get_label() == "boundary $w^T x + b = 0$"


def test_decision_boundary_move_returns_what_it_changed(ax):
    X, y = data.blobs(60)
    boundary = plots.decision_boundary(ax, X, y, np.array([1.0, 1.0]), 0.0, resolution=20)
    before = boundary.shade.get_array().copy()
    changed = boundary.move(np.array([-1.0, 2.0]), 1.0)
    assert changed[:2] == [boundary.shade, boundary.line]
    assert set(map(id, boundary.points)) <= set(map(id, changed))
    assert not np.array_equal(boundary.shade.get_array(), before)


@pytest.mark.parametrize("w, vertical", [((2.0, 0.0), True), ((1.0, 3.0), False)])
def test_decision_boundary_line_stays_finite_for_any_direction(ax, w, vertical):
    X, y = data.blobs(40)
    boundary = plots.decision_boundary(ax, X, y, np.array(w), -0.5, resolution=10)
    x1, x2 = map(np.asarray, boundary.line.get_data())
    assert np.all(np.isfinite(x1)) and np.all(np.isfinite(x2))
    assert (x1[0] == x1[1]) == vertical


def test_decision_boundary_with_zero_weights_draws_no_line(ax):
    X, y = data.blobs(40)
    boundary = plots.decision_boundary(ax, X, y, np.zeros(2), 0.0, resolution=10)
    assert len(boundary.line.get_xdata()) == 0
    np.testing.assert_allclose(boundary.shade.get_array(), 0.5)


@pytest.mark.parametrize("w, b, error, message", [
    (np.array([1.0, 2.0, 3.0]), 0.0, ValueError, r"w must have shape \(2,\)"),
    (np.array([np.nan, 1.0]), 0.0, ValueError, "w contains NaN"),
    (np.array([1.0, 1.0]), "0", TypeError, "b must be a real number"),
])
def test_decision_boundary_validates_the_weights(ax, w, b, error, message):
    X, y = data.blobs(40)
    with pytest.raises(error, match=message):
        plots.decision_boundary(ax, X, y, w, b)


@pytest.mark.parametrize("resolution", [1, 2001, 10**12])
def test_decision_boundary_refuses_a_resolution_it_cannot_draw(ax, resolution):
    X, y = data.blobs(40)
    with pytest.raises(ValueError, match="resolution must be"):
        plots.decision_boundary(ax, X, y, np.ones(2), 0.0, resolution=resolution)


def test_decision_boundary_takes_labels_of_shape_n_by_1(ax):
    X, y = data.blobs(40)
    boundary = plots.decision_boundary(ax, X, y.reshape(-1, 1), np.ones(2), 0.0, resolution=10)
    assert sum(len(points.get_offsets()) for points in boundary.points) == 40


def test_loss_curve_returns_the_line_of_loss_against_epoch(ax):
    line = plots.loss_curve(ax, [0.7, 0.5, 0.4], label="run", color=plots.BLUE)
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2])
    np.testing.assert_array_equal(line.get_ydata(), [0.7, 0.5, 0.4])
    assert ax.get_xlabel() == "epoch" and line.get_label() == "run"
    plots.loss_curve(ax, [1.0, 0.1], log=True)
    assert ax.get_yscale() == "log"


@pytest.mark.parametrize("losses, log, message", [
    ([0.5, np.nan], False, "losses contain NaN or inf"),
    ([0.5, np.inf], False, "losses contain NaN or inf"),
    ([], False, "losses must be a non-empty 1-D"),
    ([[0.5, 0.4]], False, "losses must be a non-empty 1-D"),
    ([0.5, 0.0], True, "log=True needs losses > 0"),
])
def test_loss_curve_refuses_what_it_cannot_draw(ax, losses, log, message):
    with pytest.raises(ValueError, match=message):
        plots.loss_curve(ax, losses, log=log)


def test_loss_curve_refuses_text(ax):
    with pytest.raises(TypeError, match="losses must hold numbers"):
        plots.loss_curve(ax, "0.5")


def test_descent_path_returns_the_walk_and_the_start_ring(ax):
    path = plots.descent_path(ax, [0.0, 1.0, 1.8], [5.25, 1.25, -0.51])
    np.testing.assert_array_equal(path.line.get_xdata(), [0.0, 1.0, 1.8])
    np.testing.assert_array_equal(path.start.get_xdata(), [0.0])
    changed = path.move([6.0, 3.0], [11.25, -0.75])
    assert changed == [path.line, path.start]
    np.testing.assert_array_equal(path.start.get_ydata(), [11.25])


@pytest.mark.parametrize("xs, fs, message", [
    ([0.0, np.nan], [1.0, 2.0], "xs or fs contain NaN or inf"),
    ([0.0, 1.0], [1.0], "same length"),
    ([], [], "non-empty"),
])
def test_descent_path_refuses_what_it_cannot_draw(ax, xs, fs, message):
    with pytest.raises(ValueError, match=message):
        plots.descent_path(ax, xs, fs)
    path = plots.descent_path(ax, [0.0], [1.0])
    with pytest.raises(ValueError, match=message):
        path.move(xs, fs)


def test_use_lesson_style_sets_the_lesson_rcparams():
    with mpl.rc_context():
        plots.use_lesson_style()
        assert mpl.rcParams["axes.grid"] is True
        assert mpl.rcParams["font.size"] == plots.LESSON_STYLE["font.size"]


@pytest.mark.parametrize("draw", [
    lambda ax: plots.scatter_classes(ax, np.zeros((2, 2)), [0, 1]),
    lambda ax: plots.decision_boundary(ax, np.zeros((2, 2)), [0, 1], np.ones(2), 0.0),
    lambda ax: plots.loss_curve(ax, [0.5]),
    lambda ax: plots.descent_path(ax, [0.0], [1.0]),
])
def test_every_plot_refuses_something_that_is_not_an_axes(draw):
    import matplotlib.pyplot as plt

    with pytest.raises(TypeError, match="ax must be a matplotlib Axes.*got module"):
        draw(plt)


def test_bad_legend_labels_and_log_flag_are_named(ax):
    with pytest.raises(TypeError, match="labels must be two strings"):
        plots.scatter_classes(ax, np.zeros((2, 2)), [0, 1], labels="ab")
    with pytest.raises(TypeError, match="log must be True or False"):
        plots.loss_curve(ax, [0.5], log="False")

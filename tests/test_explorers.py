"""The explorer machinery and every explorer, without a kernel.

The central test moves every slider of every explorer across its range and compares the fast
(blitted) picture with a full redraw of the same figure, pixel for pixel.
"""

import io

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
import PIL.Image
import pytest
from sklearn.datasets import make_moons

from lessons_lib import data, explorers, plots
from lessons_lib.explorers import base, coin, descent, hello, sigmoid_model, training

# --- helpers ----------------------------------------------------------------------------------

def shown_pixels(explorer):
    """The picture the widget shows (the blitted PNG), as an RGBA array."""
    return np.asarray(PIL.Image.open(io.BytesIO(explorer.image.value)).convert("RGBA"))


def full_redraw_pixels(figure):
    """The same figure state drawn from scratch: every artist, none blitted."""
    animated = [artist for artist in figure.findobj() if artist.get_animated()]
    for artist in animated:
        artist.set_animated(False)
    try:
        with mpl.rc_context(plots.LESSON_STYLE):
            figure.canvas.draw()
        return np.asarray(figure.canvas.buffer_rgba()).copy()
    finally:
        for artist in animated:
            artist.set_animated(True)


def slider_positions(slider, count=5):
    """min, max and evenly spaced values between (geometric for a log slider)."""
    low, high = base.slider_range(slider)
    if isinstance(slider, widgets.IntSlider):
        return sorted({int(round(v)) for v in np.linspace(low, high, count)})
    if isinstance(slider, widgets.FloatLogSlider):
        return [float(v) for v in np.geomspace(low, high, count)]
    return [float(v) for v in np.linspace(low, high, count)]


def blobs():
    return data.blobs(100, distance=2.5)


def scored(n=120, seed=3):
    """Labels and probabilities with ties, some exactly on the threshold slider's positions."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(float)
    p = 1 / (1 + np.exp(-(3 * y - 1.5 + rng.normal(size=n))))
    return y, np.round(p, 2)


def moons():
    X, y = make_moons(80, noise=0.2, random_state=1)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


BUILDERS = {
    "hello": lambda: explorers.hello_explorer(),
    "coin": lambda: explorers.coin_explorer(),
    "sigmoid_model": lambda: explorers.sigmoid_model_explorer(),
    "descent": lambda: explorers.descent_explorer(),
    "training numpy": lambda: explorers.logreg_explorer(*blobs(), max_epochs=200),
    "threshold": lambda: explorers.threshold_explorer(*scored(), names=("benign", "malignant")),
    "network": lambda: explorers.network_explorer(*moons(), max_epochs=60, epochs=30),
}


# --- the blit equals a full redraw, for every slider of every explorer ------------------------

@pytest.mark.parametrize("name", BUILDERS)
def test_every_slider_position_blits_the_same_pixels_as_a_full_redraw(name):
    explorer = BUILDERS[name]()
    np.testing.assert_array_equal(shown_pixels(explorer), full_redraw_pixels(explorer.figure))
    frames = 0
    for slider_name, slider in explorer.sliders.items():
        start = slider.value
        # there and back, so each position is reached from both sides
        positions = slider_positions(slider)
        for value in positions + positions[::-1][1:] + [start]:
            explorer.set(**{slider_name: value})
            blitted = shown_pixels(explorer)
            full = full_redraw_pixels(explorer.figure)
            different = np.any(blitted != full, axis=-1)
            assert not different.any(), (
                f"{name}: {slider_name}={value} left {int(different.sum())} stale pixels")
            frames += 1
    # the comparison is only worth something if most frames were blitted
    assert explorer.full_redraws < frames


def test_slider_count_of_the_blit_test():
    counts = {name: len(build().sliders) for name, build in BUILDERS.items()}
    assert counts == {"hello": 1, "coin": 3, "sigmoid_model": 2, "descent": 3,
                      "training numpy": 2, "threshold": 1, "network": 3}
    assert sum(counts.values()) == 15


def toy_explorer(forget_one):
    """Two lines that both move with the slider; the wrong view returns only the one drawn
    second (the first is painted into the background, so it stays where it was)."""
    def view(figure):
        ax = figure.subplots()
        (left,) = ax.plot([], [], color=plots.BLUE)
        (right,) = ax.plot([], [], color=plots.ORANGE)
        ax.set(xlim=(0, 2), ylim=(0, 10))

        def update(height):
            left.set_data([0, 1], [height, height])
            right.set_data([1, 2], [height, height])
            return [right] if forget_one else [left, right]
        return update

    return base.Explorer(lambda height: height, view,
                         {"height": base.int_slider("height", "height", 1, 1, 9)})


def test_a_view_that_forgets_an_artist_is_caught_by_the_pixel_comparison():
    wrong = toy_explorer(forget_one=True)
    wrong.set(height=7)
    assert np.any(shown_pixels(wrong) != full_redraw_pixels(wrong.figure))
    right = toy_explorer(forget_one=False)
    right.set(height=7)
    np.testing.assert_array_equal(shown_pixels(right), full_redraw_pixels(right.figure))


def test_a_figure_level_artist_blits_the_same_pixels_as_a_full_redraw():
    def view(figure):
        ax = figure.subplots()
        (line,) = ax.plot([0, 1], [0, 1])
        title = figure.suptitle("")

        def update(k):
            title.set_text(f"k = {k}")
            line.set_ydata([0, k])
            return [title, line]
        return update

    explorer = base.Explorer(lambda k: k, view, {"k": base.int_slider("k", "k", 1, 1, 3)})
    for k in (2, 3, 1):
        explorer.set(k=k)
        np.testing.assert_array_equal(shown_pixels(explorer),
                                      full_redraw_pixels(explorer.figure))


def test_a_view_returning_an_artist_outside_the_figure_is_refused():
    from matplotlib.lines import Line2D

    def view(figure):
        figure.subplots()
        stray = Line2D([0, 1], [0, 1])
        return lambda k: [stray]

    with pytest.raises(ValueError, match="not in the figure"):
        base.Explorer(lambda k: k, view, {"k": base.int_slider("k", "k", 1, 1, 3)})


def test_a_view_whose_update_returns_nothing_is_refused():
    def view(figure):
        figure.subplots()
        return lambda result: None

    with pytest.raises(TypeError, match="returned None.*list of artists"):
        base.Explorer(lambda k: k, view, {"k": base.int_slider("k", "k", 1, 1, 3)})


@pytest.mark.parametrize("name", BUILDERS)
def test_building_and_moving_an_explorer_leaves_global_matplotlib_settings_alone(name):
    before = dict(mpl.rcParams)
    explorer = BUILDERS[name]()
    slider_name, slider = next(iter(explorer.sliders.items()))
    explorer.set(**{slider_name: slider_positions(slider)[-1]})
    assert dict(mpl.rcParams) == before


# --- the machinery ----------------------------------------------------------------------------

def test_slider_labels_share_a_width_that_fits_the_longest():
    # the browser test checks in Chromium that no label is cut off
    explorer = explorers.descent_explorer()
    widths = {slider.style.description_width for slider in explorer.sliders.values()}
    longest = max(len(slider.description) for slider in explorer.sliders.values())
    assert len(widths) == 1 and float(widths.pop().removesuffix("em")) >= 0.6 * longest


def test_moving_a_slider_redraws_the_figure():
    explorer = explorers.hello_explorer()
    before = explorer.image.value
    assert bytes(before).startswith(b"\x89PNG")
    explorer.set(frequency=5)
    assert explorer.result["frequency"] == 5
    assert explorer.image.value != before
    assert len(explorer.update_seconds) == 2


def test_set_rejects_an_unknown_slider():
    with pytest.raises(ValueError, match="no slider called 'learning_rate'.*frequency"):
        explorers.hello_explorer().set(learning_rate=0.1)


@pytest.mark.parametrize("values, error, message", [
    ({"lr": 5.0}, ValueError, r"lr must be between 0.001 and 1.2 .*got 5"),
    ({"lr": 0.0}, ValueError, r"lr must be between 0.001 and 1.2"),
    ({"epochs": 201}, ValueError, r"epochs must be between 1 and 200"),
    ({"x0": -2.5}, ValueError, r"x0 must be between -2 and 7"),
    ({"epochs": 2.5}, TypeError, r"epochs must be an integer"),
    ({"lr": float("nan")}, ValueError, r"lr must be finite"),
    ({"lr": True}, TypeError, r"lr must be a real number"),
])
def test_set_refuses_values_a_slider_cannot_reach(values, error, message):
    explorer = explorers.descent_explorer()
    before = explorer.values
    with pytest.raises(error, match=message):
        explorer.set(**values)
    assert explorer.values == before


def test_set_accepts_both_ends_of_a_log_slider():
    explorer = explorers.descent_explorer()
    explorer.set(lr=1.2)
    assert explorer.result.lr == pytest.approx(1.2)
    explorer.set(lr=0.001)
    assert explorer.result.lr == pytest.approx(0.001)


def test_snapshot_is_a_png_image_that_records_the_dpi_it_was_drawn_at():
    explorer = explorers.hello_explorer()
    image = PIL.Image.open(io.BytesIO(explorer.snapshot().data))
    assert image.format == "PNG"
    # the printed handout sizes a figure by this: 90 dpi read as 100 shrinks 10 pt text to 7
    assert image.info["dpi"] == pytest.approx((explorer.figure.dpi,) * 2, abs=0.01)
    assert image.size == (round(explorer.figure.get_figwidth() * explorer.figure.dpi),
                          round(explorer.figure.get_figheight() * explorer.figure.dpi))


def test_package_exports_the_builders():
    assert set(explorers.__all__) == {"Explorer", "hello_explorer", "coin_explorer",
                                      "sigmoid_model_explorer", "descent_explorer",
                                      "logreg_explorer", "threshold_explorer",
                                      "network_explorer"}


# --- starting values out of range are refused, never clamped -------------------------------

@pytest.mark.parametrize("build, error, message", [
    (lambda: explorers.hello_explorer(frequency=9), ValueError,
     "frequency must be between 1 and 8"),
    (lambda: explorers.descent_explorer(lr=5.0), ValueError, "lr must be between 0.001 and 1.2"),
    (lambda: explorers.descent_explorer(lr=0.0), ValueError, "lr must be between 0.001"),
    (lambda: explorers.descent_explorer(lr=-1), ValueError, "lr must be between 0.001"),
    (lambda: explorers.descent_explorer(epochs=0), ValueError, "epochs must be between 1 and 200"),
    (lambda: explorers.descent_explorer(epochs=10.0), TypeError, "epochs must be an integer"),
    (lambda: explorers.descent_explorer(x0=8), ValueError, "x0 must be between -2 and 7"),
    (lambda: explorers.coin_explorer(theta=1.5), ValueError, "theta must be between 0.01 and 0.99"),
    (lambda: explorers.coin_explorer(k=101), ValueError, "k must be between 0 and 100"),
    (lambda: explorers.coin_explorer(n=0), ValueError, "n must be between 1 and 100"),
    (lambda: explorers.coin_explorer(k=8, n=5), ValueError, r"k \(heads\) must be <= n"),
    (lambda: explorers.coin_explorer(max_flips=10**6), ValueError, "max_flips must be <= 10000"),
    (lambda: explorers.sigmoid_model_explorer(w=5.0), ValueError, "w must be between -1 and 3"),
    (lambda: explorers.sigmoid_model_explorer(b=-11), ValueError, "b must be between -10 and 4"),
    (lambda: explorers.sigmoid_model_explorer(w_range=(2, 1)), ValueError, "w_range must be"),
    (lambda: explorers.sigmoid_model_explorer(b_range=(0, "a")), ValueError, "b_range must be"),
    (lambda: explorers.logreg_explorer(*blobs(), lr=20.0), ValueError,
     "lr must be between 0.001 and 10"),
    (lambda: explorers.logreg_explorer(*blobs(), epochs=600), ValueError,
     "epochs must be between 0 and 500"),
    (lambda: explorers.logreg_explorer(*blobs(), max_epochs=0), ValueError,
     "max_epochs must be >= 1"),
    (lambda: explorers.logreg_explorer(*blobs(), backend="jax"), ValueError,
     "backend must be one of"),
])
def test_out_of_range_starting_values_are_refused(build, error, message):
    with pytest.raises(error, match=message):
        build()


def hello_slider():
    return {"frequency": base.int_slider("frequency", "f", 1, 1, 8)}


@pytest.mark.parametrize("call, error, message", [
    (lambda: base.int_slider("k", None, 1, 0, 3), TypeError, "description must be a string"),
    (lambda: base.int_slider("k", "k", 1, 3, 0), ValueError, "low must be at most high"),
    (lambda: base.int_slider("k", "k", 1, 0, 3, step=0), ValueError, "step must be >= 1"),
    (lambda: base.float_slider("t", "t", 0.5, 0.0, "1", 0.1), TypeError, "high must be"),
    (lambda: base.float_slider("t", "t", 0.5, 0.0, 1.0, -0.1), ValueError, "step must be > 0"),
    (lambda: base.log_slider(1, "lr", 0.1, 0.01, 1.0), TypeError, "name must be a string"),
    (lambda: base.slider_range(0.5), TypeError, "slider must be a slider"),
    (lambda: base.align_labels([]), TypeError, "sliders must be a non-empty list"),
    (lambda: base.Explorer(None, hello.hello_view, hello_slider()), TypeError,
     "compute must be a function"),
    (lambda: base.Explorer(hello.hello_compute, hello.hello_view, {"frequency": 1}), TypeError,
     "sliders must be a slider"),
    (lambda: base.Explorer(hello.hello_compute, hello.hello_view, hello_slider(),
                           figsize=(1e6, 4)), ValueError, "figsize must be at most 50"),
    (lambda: base.Explorer(hello.hello_compute, hello.hello_view, hello_slider(), dpi=1.5),
     TypeError, "dpi must be an integer"),
    (lambda: hello.hello_compute(float("inf")), ValueError, "frequency must be finite"),
    (lambda: descent.descent_compute(0.1, 10**12, 0.0), ValueError, "epochs must be <="),
    (lambda: descent.finite_prefix(None), TypeError, "run must be an optimize.Run"),
    (lambda: descent.two_lines(None), TypeError, "text must be a string"),
    (lambda: descent.two_lines("a b", width=0), ValueError, "width must be >= 1"),
    (lambda: sigmoid_model.sigmoid_model_compute(1.0, 0.0, [1.0, 2.0], [0, 2]), ValueError,
     "y must contain only 0 and 1"),
    (lambda: sigmoid_model.best_fit(None, [0, 1]), TypeError, "x is None"),
])
def test_the_machinery_and_the_compute_functions_name_a_bad_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_max_epochs_has_a_limit_and_refuses_at_once():
    X, y = blobs()
    with pytest.raises(ValueError, match="max_epochs must be <= 5000.*logreg.fit"):
        explorers.logreg_explorer(X, y, max_epochs=10**9)
    explorer = explorers.logreg_explorer(X, y, epochs=5000, max_epochs=training.MAX_EPOCHS)
    assert explorer.result["epochs"] == 5000


# --- labels, as fit accepts them --------------------------------------------------------------

def test_logreg_explorer_takes_labels_of_shape_n_by_1():
    X, y = blobs()
    column = explorers.logreg_explorer(X, y.reshape(-1, 1))
    flat = explorers.logreg_explorer(X, y)
    np.testing.assert_array_equal(shown_pixels(column), shown_pixels(flat))


@pytest.mark.parametrize("relabel", [lambda y: y + 1, lambda y: 2 * y - 1,
                                     lambda y: y.astype(int).astype(str)])
def test_labels_that_are_not_0_1_are_refused_not_half_drawn(relabel):
    X, y = blobs()
    with pytest.raises((ValueError, TypeError), match="y must (contain only 0 and 1|hold numbers)"):
        explorers.logreg_explorer(X, relabel(y))


def test_logreg_explorer_needs_two_features():
    X, y = data.classification(50, 3)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        explorers.logreg_explorer(X, y)


def test_sigmoid_model_explorer_takes_x_as_a_column():
    x, y = data.one_feature()
    explorer = explorers.sigmoid_model_explorer(x.reshape(-1, 1), y)
    assert explorer.result["loss"] == pytest.approx(
        sigmoid_model.sigmoid_model_compute(1.0, -2.0, x, y)["loss"])
    with pytest.raises(ValueError, match="y must contain only 0 and 1"):
        explorers.sigmoid_model_explorer(x, y + 1)


# --- compute functions ------------------------------------------------------------------------

def test_hello_compute():
    result = hello.hello_compute(3)
    np.testing.assert_allclose(result["y"], np.sin(3 * result["x"]))


@pytest.mark.parametrize("lr, epochs, status", [(0.1, 10, "step cap"), (0.5, 10, "converged"),
                                                (1.05, 10, "step cap"),
                                                (1.2, 200, "diverged")])
def test_descent_compute(lr, epochs, status):
    run = descent.descent_compute(lr, epochs, 0.0)
    assert run.status == status
    xs, fs = descent.finite_prefix(run)
    assert len(xs) == len(fs) >= 1 and np.all(np.isfinite(fs))


def test_descent_compute_follows_the_closed_form():
    from lessons_lib.functions import parabola_closed_form

    run = descent.descent_compute(0.1, 20, 0.0)
    np.testing.assert_allclose(np.ravel(run.params), parabola_closed_form(np.arange(21), 0.1),
                               atol=1e-12)


def test_descent_explorer_sliders_drive_the_run():
    explorer = explorers.descent_explorer()
    assert set(explorer.sliders) == {"lr", "epochs", "x0"}
    before = explorer.image.value
    explorer.set(lr=1.05, epochs=40)
    assert explorer.result.status == descent.descent_compute(1.05, 40, 0.0).status
    assert explorer.image.value != before
    explorer.set(x0=5.0, lr=0.5)
    assert explorer.result.converged and float(explorer.result.x) == 2.5


def test_coin_compute_peaks_at_k_over_n_and_shows_k_above_n_as_n():
    result = coin.coin_compute(7, 10, 0.5)
    assert result["mle"] == 0.7
    assert result["thetas"][np.argmax(result["likelihood"])] == pytest.approx(0.7, abs=0.003)
    clamped = coin.coin_compute(12, 10, 0.5)
    assert clamped["clamped"] and clamped["k"] == 10 and clamped["mle"] == 1.0
    assert np.all(np.isfinite(clamped["log_likelihood"]))


def test_sigmoid_model_compute():
    x, y = data.one_feature()
    result = sigmoid_model.sigmoid_model_compute(0.8, -4.0, x, y)
    assert result["boundary"] == pytest.approx(5.0)
    assert sigmoid_model.sigmoid_model_compute(0.0, 1.0, x, y)["boundary"] is None


def test_logreg_training_reuses_one_run_per_learning_rate():
    from lessons_lib.logreg import fit

    X, y = blobs()
    compute = training.LogregTraining(X, y, max_epochs=50)
    short, long = compute(0.5, 10), compute(0.5, 50)
    assert compute.run(0.5) is compute.run(0.5)
    assert len(short["losses"]) == 11 and len(long["losses"]) == 51
    np.testing.assert_array_equal(short["losses"], long["losses"][:11])
    direct = fit(X, y, lr=0.5, epochs=10)
    np.testing.assert_allclose(short["w"], direct.w, atol=1e-15)
    np.testing.assert_allclose(short["losses"], direct.losses, atol=1e-15)


def test_logreg_explorer_reports_divergence_without_nan():
    X, y = blobs()
    explorer = explorers.logreg_explorer(X * 50, y, lr=0.1, epochs=20, max_epochs=100)
    before = explorer.image.value
    explorer.set(lr=10.0, epochs=100)
    assert explorer.result["diverged"]
    assert np.all(np.isfinite(explorer.result["losses"]))
    assert explorer.image.value != before

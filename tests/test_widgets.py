"""The explorer machinery and the explorers of lessons 00, 03-04 and 05-07, without a kernel."""

import numpy as np
import pytest

from lessons_lib import data, widgets
from lessons_lib.optimize import CONVERGED, DIVERGED, STEP_CAP


def test_slider_labels_share_a_width_that_fits_the_longest():
    # the browser test checks in Chromium that no label is cut off
    explorer = widgets.descent_explorer()
    widths = {slider.style.description_width for slider in explorer.sliders.values()}
    longest = max(len(slider.description) for slider in explorer.sliders.values())
    assert len(widths) == 1 and float(widths.pop().removesuffix("em")) >= 0.6 * longest


def test_moving_a_slider_redraws_the_figure():
    explorer = widgets.hello_explorer()
    before = explorer.image.value
    assert bytes(before).startswith(b"\x89PNG")
    explorer.set(frequency=5)
    assert explorer.result["frequency"] == 5
    assert explorer.image.value != before
    assert len(explorer.update_seconds) == 2


def test_set_rejects_an_unknown_slider():
    with pytest.raises(ValueError, match="no slider called 'learning_rate'.*frequency"):
        widgets.hello_explorer().set(learning_rate=0.1)


def test_snapshot_is_a_png_image():
    image = widgets.hello_explorer().snapshot()
    assert image.data.startswith(b"\x89PNG")


@pytest.mark.parametrize("lr, status", [(0.1, STEP_CAP), (0.5, CONVERGED), (1.05, STEP_CAP),
                                        (1.2, DIVERGED)])
def test_descent_compute(lr, status):
    epochs = 200 if lr == 1.2 else 10
    result = widgets.descent_compute(lr, epochs, 0.0)
    assert result.status == status
    assert np.all(np.isfinite(result.values))


def test_descent_explorer_sliders_drive_the_run():
    explorer = widgets.descent_explorer()
    assert set(explorer.sliders) == {"lr", "epochs", "x0"}
    before = explorer.image.value
    explorer.set(lr=1.05, epochs=40)
    assert "diverging" in explorer.result.verdict and explorer.result.steps == 40
    assert explorer.image.value != before
    explorer.set(x0=5.0, lr=0.5)
    assert explorer.result.converged and explorer.result.x == 2.5


def test_logreg_training_reuses_one_run_per_learning_rate():
    X, y = data.blobs(100, distance=2.5)
    compute = widgets.LogregTraining(X, y, max_epochs=50)
    short, long = compute(0.5, 10), compute(0.5, 50)
    assert len(compute._runs) == 1
    assert len(short["losses"]) == 11 and len(long["losses"]) == 51
    np.testing.assert_array_equal(short["losses"], long["losses"][:11])
    from lessons_lib.logreg import fit
    direct = fit(X, y, lr=0.5, epochs=10)
    np.testing.assert_allclose(short["w"], direct.w, atol=1e-15)


def test_logreg_explorer_reports_divergence_without_nan():
    X, y = data.blobs(100, distance=2.5)
    explorer = widgets.logreg_explorer(X * 50, y, lr=0.1, epochs=20, max_epochs=100)
    before = explorer.image.value
    explorer.set(lr=10.0, epochs=100)
    assert explorer.result["diverged"]
    assert np.all(np.isfinite(explorer.result["losses"]))
    assert explorer.image.value != before


def test_logreg_explorer_needs_two_features():
    X, y = data.classification(50, 3)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        widgets.logreg_explorer(X, y)

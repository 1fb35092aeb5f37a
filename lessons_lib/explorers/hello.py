"""Lesson 00: the smallest explorer, one slider and one sine wave (checks that widgets work)."""

import numpy as np

from .. import _validate, plots
from .base import Explorer, int_slider


def hello_compute(frequency):
    frequency = _validate.finite_float(frequency, "frequency")
    if abs(frequency) > 1000:
        raise ValueError(f"frequency must be between -1000 and 1000 (the wave would be a blur); "
                         f"got {frequency:g}.")
    x = np.linspace(0, 2 * np.pi, 300)
    return {"x": x, "y": np.sin(frequency * x), "frequency": frequency}


def hello_view(figure):
    ax = figure.subplots()
    (wave,) = ax.plot([], [], color=plots.BLUE)
    ax.set(xlim=(0, 2 * np.pi), ylim=(-1.1, 1.1), xlabel="x",
           ylabel=r"$\sin(\mathrm{frequency}\cdot x)$")

    def update(result):
        wave.set_data(result["x"], result["y"])
        ax.set_title(f"frequency = {result['frequency']}: move the slider, the wave changes")
        return [wave, ax.title]
    return update


def hello_explorer(frequency=1):
    """Lesson 00's widget check: one slider (frequency 1 .. 8), one sine wave."""
    return Explorer(hello_compute, hello_view,
                    {"frequency": int_slider("frequency", "frequency", frequency, 1, 8)},
                    figsize=(8, 3))

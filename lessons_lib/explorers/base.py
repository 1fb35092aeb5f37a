"""The explorer machinery: sliders that redraw one figure in place.

An explorer is some sliders and two plain functions::

    compute(**slider_values) -> result   # the maths; tested by pytest without a kernel
    view(figure) -> update                # builds the axes once, with lessons_lib.plots;
                                          # update(result) moves artists to the new result
                                          # and RETURNS the artists it changed

Moving a slider calls compute, then update, renders the figure to PNG and swaps it into an
``ipywidgets.Image``. A dragged slider must feel live, so a redraw does as little as it can
(the trick of matplotlib's FuncAnimation): the artists ``update`` returned are drawn over a
saved picture of everything else. The Explorer marks those artists ``animated`` itself, with
every artist painted over them (a spine or the points over a moving shade), so the view needs
no flag; what it must do is return every artist it changed. When an axes limit changes, or an
artist is returned for the first time, the whole figure is drawn again.
tests/test_explorers.py moves every slider of every explorer and compares the fast picture
with a full redraw, pixel for pixel.

The figure is a bare matplotlib ``Figure`` (not pyplot), drawn under the lesson style with
``matplotlib.rc_context``: building an explorer never changes global settings, never opens a
pyplot figure, and leaves the notebook's static figure above the widget as it was.
"""

import io
import math
import time

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
import PIL.Image
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import _validate, plots

# "initial": a lone slider's description takes its natural width, never cut off; an
# Explorer then gives all its sliders the width of the longest (align_labels).
LABEL_STYLE = {"description_width": "initial"}
SLIDER_LAYOUT = {"width": "520px"}
MAX_INT = 2**31 - 1      # an IntSlider's value is a 32-bit integer in the browser


# --- sliders --------------------------------------------------------------------------------

def log_slider(name, description, value, low, high, step=0.05):
    """A slider over [low, high] on a log scale (for learning rates); ``step`` is in decades.

    ``name`` is the keyword the explorer takes; a starting value outside [low, high] is
    refused with a message naming it, never moved to the nearest end.
    """
    name, description = _text(name, "name"), _text(description, "description")
    low, high = _validate.positive_float(low, "low"), _validate.positive_float(high, "high")
    _check_bounds(low, high)
    step = _validate.positive_float(step, "step")
    value = _check_in_range(name, value, low, high, integer=False)
    return widgets.FloatLogSlider(value=value, base=10, min=math.log10(low),
                                  max=math.log10(high), step=step, description=description,
                                  readout_format=".3g", style=LABEL_STYLE,
                                  layout=SLIDER_LAYOUT)


def int_slider(name, description, value, low, high, step=1):
    """A slider over the integers low .. high; refuses a starting value outside them."""
    name, description = _text(name, "name"), _text(description, "description")
    low, high = _validate.count(low, "low", minimum=-MAX_INT), _validate.count(high, "high",
                                                                                maximum=MAX_INT)
    _check_bounds(low, high)
    step = _validate.count(step, "step", minimum=1)
    value = _check_in_range(name, value, low, high, integer=True)
    return widgets.IntSlider(value=value, min=low, max=high, step=step,
                             description=description, style=LABEL_STYLE, layout=SLIDER_LAYOUT)


def float_slider(name, description, value, low, high, step):
    """A slider over [low, high] in steps of ``step``; refuses a starting value outside."""
    name, description = _text(name, "name"), _text(description, "description")
    low, high = _validate.finite_float(low, "low"), _validate.finite_float(high, "high")
    _check_bounds(low, high)
    step = _validate.positive_float(step, "step")
    value = _check_in_range(name, value, low, high, integer=False)
    return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                               description=description, readout_format=".2f",
                               style=LABEL_STYLE, layout=SLIDER_LAYOUT)


def slider_range(slider):
    """(low, high) of a slider, in the units of its value (10**min .. 10**max for a log one)."""
    _slider(slider, "slider")
    if isinstance(slider, widgets.FloatLogSlider):
        return slider.base ** slider.min, slider.base ** slider.max
    return slider.min, slider.max


def _text(value, name):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {type(value).__name__} {value!r:.60}.")
    return value


def _check_bounds(low, high):
    if not low <= high:
        raise ValueError(f"low must be at most high (the slider's range); got low={low:g}, "
                         f"high={high:g}.")


def _slider(slider, name):
    if not isinstance(slider, (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)):
        raise TypeError(f"{name} must be a slider from int_slider, float_slider or log_slider; "
                        f"got {type(slider).__name__} {slider!r:.60}.")
    return slider


def _check_in_range(name, value, low, high, integer):
    value = _validate.count(value, name) if integer else _validate.finite_float(value, name)
    # a relative slack of 1e-12: 10**log10(1.2) is not exactly 1.2
    slack = 1e-12 * max(abs(low), abs(high))
    if not low - slack <= value <= high + slack:
        raise ValueError(f"{name} must be between {low:g} and {high:g} (the range of its "
                         f"slider, low to high); got {value:g}. Pick a value in that range.")
    return min(max(value, low), high)


def align_labels(sliders):
    """One label width for a group of sliders, so their tracks line up: wide enough for the
    longest description (about 0.6 em a character in the widget font, plus a margin)."""
    if not isinstance(sliders, (list, tuple, type({}.values()))) or not sliders:
        raise TypeError(f"sliders must be a non-empty list of sliders; got {sliders!r:.60}.")
    sliders = [_slider(slider, "sliders") for slider in sliders]
    longest = max(len(slider.description) for slider in sliders)
    for slider in sliders:
        slider.style.description_width = f"{0.6 * longest + 1:.1f}em"


# --- the explorer ---------------------------------------------------------------------------

class Explorer:
    """Sliders + one figure. Display it in a notebook cell; call :meth:`set` to drive it
    from code, as the tests do.

    ``sliders`` maps the names ``compute`` takes to slider widgets (made with the factories
    above). ``update_seconds`` holds the kernel time of every redraw, for the benchmark;
    ``full_redraws`` counts the redraws that drew the whole figure instead of blitting.
    """

    def __init__(self, compute, view, sliders, figsize=(10, 4), dpi=90):
        compute, view = _validate.function(compute, "compute"), _validate.function(view, "view")
        if not isinstance(sliders, dict) or not sliders or not all(
                isinstance(name, str) for name in sliders):
            raise TypeError("sliders must be a non-empty dict {name compute takes: slider}; "
                            f"got {sliders!r:.60}.")
        for slider in sliders.values():
            _slider(slider, "sliders")
        figsize = _figsize(figsize)
        dpi = _validate.count(dpi, "dpi", minimum=10, maximum=600)
        self.compute, self.sliders = compute, dict(sliders)
        self._blitted = set()        # artists drawn over the background, marked animated
        self._draw_list = []         # the same, in the order a full draw paints them
        self._background, self._background_limits = None, None
        with mpl.rc_context(plots.LESSON_STYLE):
            self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
            FigureCanvasAgg(self.figure)
            self._update_figure = view(self.figure)
            self.result = self.compute(**self.values)
            self._move_artists(self.result)
            # Lay out once, with the first result's labels, then freeze: constrained layout
            # on every redraw would cost more than the redraw itself.
            self.figure.canvas.draw()
            self.figure.set_layout_engine("none")
        width, height = (int(round(v * dpi)) for v in figsize)
        self.image = widgets.Image(format="png", layout={"width": f"{width}px",
                                                         "height": f"{height}px"})
        self.update_seconds, self.full_redraws = [], 0
        self.redraw()
        align_labels(self.sliders.values())
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.widget = widgets.VBox([*self.sliders.values(), self.image])

    @property
    def values(self):
        return {name: slider.value for name, slider in self.sliders.items()}

    def set(self, **values):
        """Move sliders from code; the figure redraws after each move, as in the browser.

        A value outside a slider's range is refused (a slider cannot reach it), not clamped.
        """
        for name, value in values.items():
            if name not in self.sliders:
                raise ValueError(f"no slider called {name!r}; this explorer has "
                                 f"{', '.join(self.sliders)}.")
            slider = self.sliders[name]
            low, high = slider_range(slider)
            value = _check_in_range(name, value, low, high,
                                    integer=isinstance(slider, widgets.IntSlider))
            slider.value = value

    def redraw(self):
        start = time.perf_counter()
        with mpl.rc_context(plots.LESSON_STYLE):
            self.result = self.compute(**self.values)
            self._move_artists(self.result)
            self.image.value = self.png()
        self.update_seconds.append(time.perf_counter() - start)

    def png(self):
        """The figure as PNG bytes: the background pasted back (or drawn anew when an axes
        limit changed or an artist joined the blitted set), then the blitted artists."""
        canvas = self.figure.canvas
        limits = [tuple(ax.viewLim.bounds) for ax in self.figure.axes]
        if self._background is None or limits != self._background_limits:
            canvas.draw()                  # everything except the animated artists
            self.full_redraws += 1
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._background_limits = limits
        else:
            canvas.restore_region(self._background)
        for artist in self._draw_list:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        # the dpi goes into the PNG, so a printed handout sizes the figure as drawn (its
        # 10 pt text would print at 7 pt if read as matplotlib's usual 100 dpi)
        dpi = self.figure.dpi
        PIL.Image.fromarray(np.asarray(canvas.buffer_rgba())).save(
            buffer, format="png", compress_level=1, dpi=(dpi, dpi))
        return buffer.getvalue()

    def snapshot(self):
        """The current figure as a static image: what GitHub and the HTML handout show."""
        from IPython.display import Image
        with mpl.rc_context(plots.LESSON_STYLE):
            return Image(data=self.png())

    def _move_artists(self, result):
        changed = self._update_figure(result)
        if changed is None:
            raise TypeError("the view's update(result) returned None; it must return the "
                            "list of artists it changed (the FuncAnimation convention).")
        if not self._blitted.issuperset(changed):
            # these were painted into the saved background: it must be drawn again without them
            self._draw_list = _blit_order(self.figure, self._blitted.union(changed))
            self._blitted = set(self._draw_list)
            for artist in self._draw_list:
                artist.set_animated(True)
            self._background = None

    def _on_change(self, _change):
        self.redraw()

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


def _figsize(figsize):
    """(width, height) in inches, each in (0, 50]: a larger figure would take seconds to draw."""
    try:
        width, height = (_validate.positive_float(v, "figsize") for v in figsize)
    except (TypeError, ValueError):
        raise ValueError(f"figsize must be (width, height) in inches, two numbers > 0, e.g. "
                         f"(10, 4); got {figsize!r:.60}.") from None
    if max(width, height) > 50:
        raise ValueError(f"figsize must be at most 50 inches a side; got {figsize!r:.60}.")
    return width, height


def _blit_order(figure, changed):
    """The artists to draw over the background, in the order a full draw paints them: the
    changed ones and, within the same axes (or the figure), every artist painted after the
    first of them (a spine or a point over a moving line), since the background cannot hold
    anything that lies on top of a moving artist."""
    order = []

    def walk(artists, container_patch):
        started = False
        for artist in sorted(artists, key=lambda a: a.get_zorder()):
            if artist is container_patch:      # painted first by its container, never blitted
                continue
            if started or artist in changed:
                started = True
                order.append(artist)
            elif isinstance(artist, Axes):
                walk(_drawn_children(artist), artist.patch)

    walk(figure.get_children(), figure.patch)
    missing = set(changed).difference(order)
    if missing:
        raise ValueError(f"update() returned artists that are not in the figure (or not "
                         f"directly in an axes): {sorted(map(str, missing))}.")
    return order


def _drawn_children(ax):
    """The children Axes.draw paints (matplotlib skips the spines of a frameless axes and the
    axis objects of an axes switched off)."""
    children = ax.get_children()
    if not (ax.axison and ax.get_frame_on()):
        children = [c for c in children if c not in ax.spines.values()]
    if not ax.axison:
        children = [c for c in children if c not in (ax.xaxis, ax.yaxis)]
    return children

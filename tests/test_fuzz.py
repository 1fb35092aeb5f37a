"""Every public function of lessons_lib, driven with wrong shapes, types, NaN/inf, empty and
huge inputs (Hypothesis picks the argument and the odd value).

The rule for each call: a ValueError/TypeError whose message names the argument that was
wrong, or a correct result. Never another exception, a warning, a silent NaN, or a hang.
Inputs that mean the same numbers in another form (a list, float32, a (n, 1) column, a
read-only or reversed-stride view) must give the same result as the plain array.

Every public function or class of every module is in CALLS or in EXEMPT (with the reason):
test_every_public_callable_is_fuzzed_or_exempt keeps it so when a module grows.
Run as a script, it prints a survey: the count of each outcome over every (call, argument,
odd value) combination.
"""

import dataclasses
import functools
import importlib
import inspect
import pkgutil
import signal
import warnings
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import lessons_lib
from lessons_lib import data, evaluation, functions, logreg, network, optimize, plots, softmax
from lessons_lib.estimator import LogisticRegressionGD
from lessons_lib.explorers import base, coin, descent, hello, sigmoid_model, threshold, training
from lessons_lib.explorers import network as network_explorers

SECONDS_PER_CALL = 20

# loaded here, not inside a call's time limit: on a busy machine torch's first import alone
# can take longer than SECONDS_PER_CALL
importlib.import_module("torch")

X8, Y8 = data.eight_points()
X_OVERLAP, Y_OVERLAP = data.classification(40, 2)
SCORES8 = np.linspace(0.05, 0.95, 8)              # Y8 = [0 0 1 0 1 1 1 1]: ties none, AUC < 1
W_OPT, B_OPT = logreg.reference_optimum(X_OVERLAP, Y_OVERLAP)
PARAMS = network.init(2, 3, seed=0)
X3 = np.array([[0.0, 0.0], [0.5, 0.2], [0.1, 0.9], [2.0, 0.1], [2.4, 0.5], [1.9, 1.0],
               [1.0, 2.0], [0.6, 2.5], [1.4, 2.2]])
Y3 = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
W3, B3 = np.array([[0.3, -0.1, 0.2], [0.1, 0.2, -0.3]]), np.array([0.1, 0.0, -0.1])
X_ONE, Y_ONE = data.one_feature(n=12)
SCORES40 = logreg.predict_proba(X_OVERLAP, W_OPT, B_OPT)


def _read_only(a):
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


def _reversed_view(a):
    a = np.array(a, dtype=np.float64)
    return np.ascontiguousarray(a[::-1])[::-1]     # same values, negative strides


ODD = [None, "abc", "0.7", b"1", True, {"a": 1}, object(), float("nan"), float("inf"),
       -float("inf"), 1e308, -1e308, 0, -1, 10**12, 2.5, [], [[]], np.zeros((0, 2)),
       np.zeros((2, 3, 4)), [1, "a"], [[1.0, 2.0], [3.0]], np.array(["1", "2"]), 1j]


def same_numbers(value):
    """Other spellings of the same numbers, which must be accepted."""
    forms = [np.asarray(value).tolist(), _read_only(value), _reversed_view(value)]
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 1:
        forms.append(array.reshape(-1, 1) if array.size > 1 else array)
    return forms


# --- wrappers: calls that need a figure, or return a function or widgets -------------------

def covering(target):
    """Mark a wrapper as the fuzzing of ``target`` (for the completeness test)."""
    def mark(wrapper):
        wrapper.covers = target
        return wrapper
    return mark


class _Fresh:
    """The valid value of an ``ax``/``figure`` argument: a new bare Figure for each call."""

    def __init__(self, what):
        self.what = what

    def __repr__(self):
        return f"<a fresh {self.what}>"


FRESH_AXES, FRESH_FIGURE = _Fresh("Axes"), _Fresh("Figure")


def drawn(result):
    """The numbers a plot drew (artists replaced by their data), so that the same numbers in
    another form can be compared and a NaN that reached a plot is seen."""
    if isinstance(result, (list, tuple)) and not hasattr(result, "_fields"):
        return [drawn(item) for item in result]
    if dataclasses.is_dataclass(result):
        return [drawn(getattr(result, f.name)) for f in dataclasses.fields(result)]
    if isinstance(result, mpl.collections.PathCollection):
        return np.asarray(result.get_offsets(), dtype=np.float64)
    if isinstance(result, mpl.lines.Line2D):
        return np.asarray(result.get_xydata(), dtype=np.float64)
    if isinstance(result, mpl.image.AxesImage):
        return np.asarray(result.get_array(), dtype=np.float64)
    return result


def on_fresh_axes(function):
    """``function(ax, ...)`` on a new Axes of a bare Figure when ax is FRESH_AXES (any other
    ax is passed through, to be refused); returns what it drew, as numbers."""
    @covering(function)
    @functools.wraps(function)
    def call(**kwargs):
        figure = Figure()
        if kwargs.get("ax") is FRESH_AXES:
            kwargs["ax"] = figure.add_subplot()
        try:
            with mpl.rc_context(plots.LESSON_STYLE):
                return drawn(function(**kwargs))
        finally:
            figure.clear()
    return call


def moved(draw, draw_kwargs, move_name):
    """Draw with ``draw`` on a fresh Axes, then call the result's ``move`` method."""
    def call(**kwargs):
        figure = Figure()
        try:
            artist = draw(ax=figure.add_subplot(), **draw_kwargs)
            return drawn(getattr(artist, move_name)(**kwargs))
        finally:
            figure.clear()
    return call


def built(builder):
    """An explorer builder; returns the numbers of its first result (its figure is a bare
    Figure, cleared here)."""
    @covering(builder)
    @functools.wraps(builder)
    def call(**kwargs):
        explorer = builder(**kwargs)
        try:
            result = explorer.result
            return (dataclasses.replace(result) if dataclasses.is_dataclass(result)
                    else [v for v in result.values() if isinstance(v, (float, np.ndarray))])
        finally:
            explorer.figure.clear()
    return call


def evaluated(make_objective, at):
    """``make_objective(**kwargs)`` returns value_and_grad: call it at ``at(kwargs)``."""
    @covering(make_objective)
    def call(**kwargs):
        value_and_grad = make_objective(**kwargs)
        return value_and_grad(at(kwargs))
    return call


@covering(LogisticRegressionGD)
def _estimator(X, y, lr, epochs):
    return LogisticRegressionGD(lr=lr, epochs=epochs).fit(X, y).predict_proba(X)


@covering(plots.use_lesson_style)
def _lesson_style():
    with mpl.rc_context():                 # the global style is put back afterwards
        plots.use_lesson_style()
        return [float(mpl.rcParams["font.size"])]


FRESH_SLIDERS = _Fresh("slider dict")


@covering(base.Explorer)
def _explorer(compute, view, sliders, figsize=(6, 3), dpi=50):
    if sliders is FRESH_SLIDERS:
        sliders = {"frequency": base.int_slider("frequency", "frequency", 2, 1, 8)}
    explorer = base.Explorer(compute, view, sliders, figsize, dpi)
    explorer.figure.clear()
    return [float(explorer.result["frequency"])]


@covering(base.slider_range)
def _slider_range(slider):
    return [float(v) for v in base.slider_range(slider)]


@covering(base.align_labels)
def _align_labels(sliders):
    base.align_labels(sliders)
    return [float(s.style.description_width[:-2]) for s in sliders]


def _sliders():
    return [base.int_slider("a", "a", 1, 0, 3), base.float_slider("long", "longer", 0.5, 0, 1,
                                                                    0.1)]


_LOGREG_OBJECTIVE = logreg.objective(X_OVERLAP, Y_OVERLAP)


def _logreg_objective(x, rows=None):
    """The objective sgd is fuzzed with: it refuses an x of another shape itself (the shape of
    x0 is the objective's business, not the optimiser's)."""
    if np.shape(x) != (3,):
        raise ValueError(f"x0 must have shape (3,) for this objective; got {np.shape(x)}.")
    return _LOGREG_OBJECTIVE(x, rows)


def _parabola_newton(x):
    """f(x) = sum (x - 2.5)^2 - 1 with its gradient and Hessian, for a 1-D x."""
    if np.ndim(x) != 1:
        raise ValueError(f"x0 must be a 1-D vector here; got shape {np.shape(x)}.")
    return float(np.sum((x - 2.5) ** 2) - 1), 2 * (x - 2.5), 2 * np.eye(len(x))


# name -> (function, valid keyword arguments, arguments whose alternative forms are equal)
CALLS = {
    "sigmoid": (functions.sigmoid, dict(z=np.linspace(-5, 5, 7)), ["z"]),
    "log_sigmoid": (functions.log_sigmoid, dict(z=np.linspace(-5, 5, 7)), ["z"]),
    "bce_with_logits": (functions.bce_with_logits,
                        dict(z=np.linspace(-3, 3, 8), y=Y8, reduction="mean"), []),
    "parabola": (functions.parabola, dict(x=np.linspace(0, 5, 6)), ["x"]),
    "parabola_grad": (functions.parabola_grad, dict(x=np.linspace(0, 5, 6)), ["x"]),
    "parabola_closed_form": (functions.parabola_closed_form, dict(k=3, lr=0.1, x0=0.0), []),
    "coin_log_likelihood": (functions.coin_log_likelihood,
                            dict(theta=np.linspace(0.1, 0.9, 5), k=7, n=10), []),
    "gradient_descent": (optimize.gradient_descent,
                         dict(value_and_grad=functions.parabola_value_and_grad, x0=0.0, lr=0.1,
                              max_steps=50, tol=1e-8, grad_tol=None), []),
    "fit": (logreg.fit, dict(X=X_OVERLAP, y=Y_OVERLAP, backend="numpy", lr=0.5, epochs=20,
                             w0=None, b0=0.0, fit_intercept=True, reduction="mean", l2=0.0,
                             method="gd", batch_size=8, momentum=0.0), ["X", "y"]),
    "fit_newton": (logreg.fit, dict(X=X_OVERLAP, y=Y_OVERLAP, method="newton", epochs=5,
                                    l2=0.0), ["X", "y"]),
    "fit_sgd": (logreg.fit, dict(X=X_OVERLAP, y=Y_OVERLAP, method="sgd", epochs=3,
                                 batch_size=8, momentum=0.5), ["X", "y"]),
    "fit_torch": (logreg.fit, dict(X=X_OVERLAP, y=Y_OVERLAP, backend="torch", epochs=5),
                  ["X", "y"]),
    "loss_and_gradient": (logreg.loss_and_gradient,
                          dict(X=X_OVERLAP, y=Y_OVERLAP, w=[0.1, -0.2], b=0.3,
                               reduction="sum", l2=0.1), ["X", "y", "w"]),
    "hessian": (logreg.hessian, dict(X=X_OVERLAP, w=[0.1, -0.2], b=0.3, reduction="mean",
                                     l2=0.0, fit_intercept=True), ["X", "w"]),
    "predict_proba": (logreg.predict_proba, dict(X=X_OVERLAP, w=[0.1, -0.2], b=0.3),
                      ["X", "w"]),
    "predict_log_proba": (logreg.predict_log_proba, dict(X=X_OVERLAP, w=[0.1, -0.2], b=0.3),
                          ["X", "w"]),
    "accuracy": (logreg.accuracy, dict(X=X_OVERLAP, y=Y_OVERLAP, w=[0.1, -0.2], b=0.3),
                 ["X", "y", "w"]),
    "smoothness_bound": (logreg.smoothness_bound, dict(X=X_OVERLAP, reduction="mean",
                                                       fit_intercept=True, l2=0.0), ["X"]),
    "is_separable": (logreg.is_separable, dict(X=X8, y=Y8), ["X", "y"]),
    "reference_optimum": (logreg.reference_optimum, dict(X=X_OVERLAP, y=Y_OVERLAP, l2=0.0,
                                                         reduction="mean"), ["X", "y"]),
    "blobs": (data.blobs, dict(n=20, distance=3.0, spread=1.0), []),
    "classification": (data.classification, dict(n=20, d=3), []),
    "one_feature": (data.one_feature, dict(n=10, w=0.8, b=-4.0, low=0.0, high=10.0), []),
    "breast_cancer": (data.breast_cancer, dict(test_size=0.25), []),
    "estimator": (_estimator, dict(X=X_OVERLAP, y=Y_OVERLAP, lr=0.5, epochs=10), ["X"]),


    # functions, optimize, data, logreg: the rest of their public functions
    "parabola_value_and_grad": (functions.parabola_value_and_grad,
                                dict(x=np.linspace(0, 5, 6)), ["x"]),
    "sgd": (optimize.sgd, dict(value_and_grad=_logreg_objective, x0=np.zeros(3), n_samples=40,
                               lr=0.5, epochs=3, batch_size=8, momentum=0.5, seed=0), ["x0"]),
    "newton": (optimize.newton,
               dict(value_grad_hessian=_parabola_newton, x0=[0.0], max_steps=5, lr=1.0,
                    grad_tol=None), ["x0"]),
    # name is the caller's own argument name, which the refusal quotes
    "refuse_runaway": (optimize.refuse_runaway,
                       dict(steps=10, name="steps", seconds_per_step=1e-3), []),
    "eight_points": (data.eight_points, {}, []),
    "four_by_three": (data.four_by_three, {}, []),
    "objective": (evaluated(logreg.objective, lambda kw: np.array([0.1, -0.2, 0.3])),
                  dict(X=X_OVERLAP, y=Y_OVERLAP, backend="numpy", reduction="mean", l2=0.1,
                       fit_intercept=True), ["X", "y"]),
    # evaluation (lesson 09)
    "evaluation.confusion_counts": (evaluation.confusion_counts,
                                    dict(y=Y8, scores=SCORES8, threshold=0.5), ["y", "scores"]),
    "evaluation.rates": (evaluation.rates, dict(counts=evaluation.Counts(3, 1, 2, 4)), []),
    "evaluation.roc_curve": (evaluation.roc_curve, dict(y=Y8, scores=SCORES8),
                             ["y", "scores"]),
    "evaluation.precision_recall_curve": (evaluation.precision_recall_curve,
                                          dict(y=Y8, scores=SCORES8), ["y", "scores"]),
    "evaluation.auc_by_pairs": (evaluation.auc_by_pairs, dict(y=Y8, scores=SCORES8),
                                ["y", "scores"]),
    "evaluation.reliability_bins": (evaluation.reliability_bins,
                                    dict(y=Y8, probabilities=SCORES8, bins=4),
                                    ["y", "probabilities"]),
    "evaluation.standard_errors": (evaluation.standard_errors,
                                   dict(X=X_OVERLAP, y=Y_OVERLAP, w=W_OPT, b=B_OPT),
                                   ["X", "y", "w"]),
    "evaluation.odds_ratio_interval": (evaluation.odds_ratio_interval,
                                       dict(w=[0.5, -1.0], se=[0.1, 0.2], z=1.96), ["w", "se"]),
    # network (lesson 11)
    "network.n_params": (network.n_params, dict(n_inputs=2, n_hidden=3), []),
    "network.init": (network.init, dict(n_inputs=2, n_hidden=3, seed=0, scale=1.0), []),
    "network.pack": (network.pack, dict(params=PARAMS), []),
    "network.unpack": (network.unpack, dict(theta=network.pack(PARAMS), n_inputs=2,
                                            n_hidden=3), ["theta"]),
    "network.params_like": (network.params_like, dict(params=PARAMS, n_inputs=2), []),
    "network.forward": (network.forward, dict(X=X_OVERLAP, params=PARAMS), ["X"]),
    "network.predict_proba": (network.predict_proba, dict(X=X_OVERLAP, params=PARAMS), ["X"]),
    "network.accuracy": (network.accuracy, dict(X=X_OVERLAP, y=Y_OVERLAP, params=PARAMS),
                         ["X", "y"]),
    "network.loss": (network.loss, dict(X=X_OVERLAP, y=Y_OVERLAP, params=PARAMS), ["X", "y"]),
    "network.loss_and_gradient": (network.loss_and_gradient,
                                  dict(X=X_OVERLAP, y=Y_OVERLAP, params=PARAMS), ["X", "y"]),
    "network.objective": (evaluated(network.objective, lambda kw: network.pack(PARAMS)),
                          dict(X=X_OVERLAP, y=Y_OVERLAP, n_hidden=3, backend="numpy"),
                          ["X", "y"]),
    "network.fit": (network.fit, dict(X=X_OVERLAP, y=Y_OVERLAP, n_hidden=3, lr=1.0, epochs=5,
                                      seed=0, params0=None, backend="numpy"), ["X", "y"]),
    # plots
    "plots.use_lesson_style": (_lesson_style, {}, []),
    "plots.scatter_classes": (on_fresh_axes(plots.scatter_classes),
                              dict(ax=FRESH_AXES, X=X8, y=Y8, labels=("no", "yes")),
                              ["X", "y"]),
    "plots.decision_boundary": (on_fresh_axes(plots.decision_boundary),
                                dict(ax=FRESH_AXES, X=X8, y=Y8, w=[1.0, -0.5], b=0.2,
                                     resolution=12, label="p = 1/2"), ["X", "y", "w"]),
    "plots.DecisionBoundary.move": (moved(plots.decision_boundary,
                                          dict(X=X8, y=Y8, w=[1.0, 0.0], b=0.0, resolution=12),
                                          "move"), dict(w=[1.0, -0.5], b=0.2), ["w"]),
    "plots.loss_curve": (on_fresh_axes(plots.loss_curve),
                         dict(ax=FRESH_AXES, losses=[0.7, 0.5, 0.4], label="gd", log=True),
                         ["losses"]),
    "plots.descent_path": (on_fresh_axes(plots.descent_path),
                           dict(ax=FRESH_AXES, xs=[0.0, 1.0, 1.8], fs=[5.25, 1.25, -0.51],
                                color=plots.GREEN, label="steps"), ["xs", "fs"]),
    "plots.DescentPath.move": (moved(plots.descent_path, dict(xs=[0.0], fs=[5.25]), "move"),
                               dict(xs=[0.0, 1.0, 1.8], fs=[5.25, 1.25, -0.51]), ["xs", "fs"]),
    # the explorer machinery and the explorers (small runs; each build draws its figure, so
    # only one argument each is tried in its other forms: the labels where there are any)
    # name="value": a slider's messages name the explorer's keyword, its name
    "explorers.log_slider": (base.log_slider, dict(name="value", description="η", value=0.1,
                                                   low=0.001, high=10.0, step=0.05), []),
    "explorers.int_slider": (base.int_slider, dict(name="value", description="k", value=3,
                                                   low=0, high=10, step=1), []),
    "explorers.float_slider": (base.float_slider, dict(name="value", description="t",
                                                       value=0.5, low=0.0, high=1.0,
                                                       step=0.01), []),
    "explorers.slider_range": (_slider_range,
                               dict(slider=base.log_slider("lr", "η", 0.1, 0.001, 10.0)), []),
    "explorers.align_labels": (_align_labels, dict(sliders=_sliders()), []),
    "explorers.Explorer": (_explorer, dict(compute=hello.hello_compute, view=hello.hello_view,
                                           sliders=FRESH_SLIDERS, figsize=(6, 3), dpi=50), []),
    "explorers.hello_compute": (hello.hello_compute, dict(frequency=2), []),
    "explorers.coin_compute": (coin.coin_compute, dict(k=7, n=10, theta=0.3), []),
    "explorers.descent_compute": (descent.descent_compute, dict(lr=0.1, epochs=10, x0=0.0),
                                  []),
    "explorers.finite_prefix": (descent.finite_prefix,
                                dict(run=descent.descent_compute(1.1, 10, 0.0)), []),
    "explorers.two_lines": (descent.two_lines, dict(text="a verdict " * 9, width=40), []),
    "explorers.sigmoid_model_compute": (sigmoid_model.sigmoid_model_compute,
                                        dict(w=0.8, b=-4.0, x=X_ONE, y=Y_ONE), []),
    "explorers.best_fit": (sigmoid_model.best_fit, dict(x=X_ONE, y=Y_ONE), []),
    "explorers.decision_region": (on_fresh_axes(network_explorers.decision_region),
                                  dict(ax=FRESH_AXES, X=X_OVERLAP, y=Y_OVERLAP, params=PARAMS,
                                       resolution=12), ["X", "y"]),
    "explorers.hello_explorer": (built(hello.hello_explorer), dict(frequency=3), []),
    "explorers.coin_explorer": (built(coin.coin_explorer),
                                dict(k=3, n=5, theta=0.4, max_flips=20), []),
    "explorers.descent_explorer": (built(descent.descent_explorer),
                                   dict(lr=0.3, epochs=10, x0=1.0), []),
    "explorers.sigmoid_model_explorer": (built(sigmoid_model.sigmoid_model_explorer),
                                         dict(x=X_ONE, y=Y_ONE, w=1.0, b=-2.0,
                                              w_range=(-1.0, 3.0), b_range=(-10.0, 4.0)),
                                         ["x"]),
    "explorers.logreg_explorer": (built(training.logreg_explorer),
                                  dict(X=X_OVERLAP, y=Y_OVERLAP, backend="numpy", lr=0.5,
                                       epochs=10, max_epochs=20), ["y"]),
    "explorers.threshold_explorer": (built(threshold.threshold_explorer),
                                     dict(y=Y_OVERLAP, scores=SCORES40, threshold=0.5,
                                          names=("benign", "malignant")), ["y"]),
    "explorers.network_explorer": (built(network_explorers.network_explorer),
                                   dict(X=X_OVERLAP, y=Y_OVERLAP, hidden=2, lr=1.0, epochs=10,
                                        max_epochs=20, seed=0), ["y"]),
    # softmax (lesson 10): fuzzed, not fixed here (another helper owns softmax.py)
    "softmax.logsumexp": (softmax.logsumexp, dict(Z=W3), ["Z"]),
    "softmax.log_softmax": (softmax.log_softmax, dict(Z=W3), ["Z"]),
    "softmax.softmax": (softmax.softmax, dict(Z=W3), ["Z"]),
    "softmax.one_hot": (softmax.one_hot, dict(y=Y3, n_classes=4), ["y"]),
    "softmax.cross_entropy": (softmax.cross_entropy,
                              dict(Z=softmax.logits(X3, W3, B3), y=Y3, reduction="mean"),
                              ["Z", "y"]),
    "softmax.logits": (softmax.logits, dict(X=X3, W=W3, b=B3), ["X", "W", "b"]),
    "softmax.predict_proba": (softmax.predict_proba, dict(X=X3, W=W3, b=B3), ["X", "W", "b"]),
    "softmax.predict": (softmax.predict, dict(X=X3, W=W3, b=B3), ["X", "W", "b"]),
    "softmax.loss_and_gradient": (softmax.loss_and_gradient,
                                  dict(X=X3, y=Y3, W=W3, b=B3, l2=0.1), ["X", "y", "W", "b"]),
    "softmax.objective": (evaluated(softmax.objective, lambda kw: np.zeros(9)),
                          dict(X=X3, y=Y3, n_classes=3, l2=0.1), ["X", "y"]),
    "softmax.hessian": (softmax.hessian, dict(X=X3, W=W3, b=B3, l2=0.1), ["X", "W", "b"]),
    "softmax.fit": (softmax.fit, dict(X=X3, y=Y3, n_classes=3, lr=0.5, epochs=5, method="gd",
                                      l2=0.1, W0=None, b0=None), ["X", "y"]),
    "softmax.fit_newton": (softmax.fit, dict(X=X3, y=Y3, method="newton", epochs=3, l2=0.1),
                           ["X", "y"]),
    "softmax.unpack": (softmax.unpack, dict(theta=np.arange(9.0), d=2, K=3), ["theta"]),
    "softmax.centred": (softmax.centred, dict(W=W3, b=B3), ["W", "b"]),
    "softmax.class_labels": (softmax.class_labels, dict(y=Y3, n_samples=9, name="y"), ["y"]),
}

# Public callables that CALLS does not drive, and why.
EXEMPT = {
    "*": "a result record (dataclass or NamedTuple): built by the functions above, not by hand",
    "lessons_lib.estimator.LogisticRegressionGD": "fuzzed as 'estimator' (fit + predict_proba)",
    "lessons_lib.explorers.coin.coin_view": "an explorer's view(figure): called only by "
                                            "Explorer, with the Figure it made",
    "lessons_lib.explorers.descent.descent_view": "ditto",
    "lessons_lib.explorers.hello.hello_view": "ditto",
    "lessons_lib.explorers.sigmoid_model.sigmoid_model_view": "ditto",
    "lessons_lib.explorers.training.logreg_view": "ditto",
    "lessons_lib.explorers.threshold.threshold_view": "ditto",
    "lessons_lib.explorers.network.network_view": "ditto",
    "lessons_lib.explorers.training.LogregTraining": "an explorer's compute, made by "
                                                     "logreg_explorer from checked inputs",
    "lessons_lib.explorers.threshold.ThresholdMetrics": "ditto, by threshold_explorer",
    "lessons_lib.explorers.network.NetworkTraining": "ditto, by network_explorer",
    "lessons_lib.explorers.network.Region": "fuzzed through decision_region, which makes one",
}


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds):
    def alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def numbers_in(result):
    """Every float array inside a result (tuples, dataclasses, named tuples)."""
    if dataclasses.is_dataclass(result):
        result = [getattr(result, f.name) for f in dataclasses.fields(result)]
    if isinstance(result, (tuple, list)):
        return [a for item in result for a in numbers_in(item)]
    if isinstance(result, (float, np.floating, np.ndarray)):
        array = np.asarray(result)
        return [array] if array.dtype.kind == "f" else []
    return []


def outcome(function, kwargs):
    """'ok' with the result, or 'clear' with the message; anything else fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with time_limit(SECONDS_PER_CALL):
            try:
                result = function(**kwargs)
            except (ValueError, TypeError) as err:
                return "clear", str(err)
    for array in numbers_in(result):
        assert not np.any(np.isnan(array)), f"a silent NaN in the result: {result!r:.200}"
    return "ok", result


@pytest.mark.parametrize("name", CALLS)
def test_the_valid_call_works(name):
    function, kwargs, _ = CALLS[name]
    assert outcome(function, kwargs)[0] == "ok"


# each build of an explorer draws a figure (about a second on a busy machine): fewer examples
SLOW = {name for name in CALLS if name.endswith("_explorer") or name == "explorers.Explorer"}
FUZZ_SETTINGS = dict(deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow,
                                            HealthCheck.function_scoped_fixture])


def _odd_value_gets_a_clear_error_or_a_correct_result(name, data):
    function, kwargs, _ = CALLS[name]
    argument = data.draw(st.sampled_from(sorted(kwargs)), label="argument")
    value = data.draw(st.sampled_from(ODD), label="value")
    kind, detail = outcome(function, kwargs | {argument: value})
    if kind == "clear" and name != "estimator":   # scikit-learn words its own input errors
        assert argument in detail, f"{argument}={value!r}: the message does not name it: {detail}"


@pytest.mark.parametrize("name", [name for name, (_, kwargs, _) in CALLS.items()
                                  if kwargs and name not in SLOW])
@settings(max_examples=60, **FUZZ_SETTINGS)
@given(data=st.data())
def test_odd_values_get_a_clear_error_or_a_correct_result(name, data):
    _odd_value_gets_a_clear_error_or_a_correct_result(name, data)


@pytest.mark.parametrize("name", sorted(SLOW))
@settings(max_examples=15, **FUZZ_SETTINGS)
@given(data=st.data())
def test_odd_values_get_a_clear_error_or_a_correct_result_slow(name, data):
    _odd_value_gets_a_clear_error_or_a_correct_result(name, data)


@pytest.mark.parametrize("name", [n for n, (_, _, same) in CALLS.items() if same])
def test_the_same_numbers_in_another_form_give_the_same_result(name):
    function, kwargs, arguments = CALLS[name]
    expected = numbers_in(outcome(function, kwargs)[1])
    for argument in arguments:
        for form in same_numbers(kwargs[argument]):
            kind, result = outcome(function, kwargs | {argument: form})
            if kind == "clear" and np.ndim(form) == 2 and np.ndim(kwargs[argument]) == 1 \
                    and argument not in ("y",):
                continue        # a column is a different shape where a vector is wanted
            assert kind == "ok", f"{argument} as {type(form).__name__}: {result}"
            for got, want in zip(numbers_in(result), expected, strict=True):
                # an elementwise function keeps the shape it was given: compare the values
                np.testing.assert_allclose(np.ravel(got), np.ravel(want), rtol=1e-12,
                                           atol=1e-14)


@pytest.mark.parametrize("name", ["fit", "fit_sgd", "fit_newton", "fit_torch"])
def test_huge_features_diverge_or_refuse_without_nan(name):
    function, kwargs, _ = CALLS[name]
    kind, detail = outcome(function, kwargs | {"X": X_OVERLAP * 1e306})
    assert kind == "ok" and detail.diverged or kind == "clear" and "X" in detail


def test_float32_inputs_are_computed_in_float64():
    result = logreg.fit(X_OVERLAP.astype(np.float32), Y_OVERLAP.astype(np.float32), epochs=20)
    expected = logreg.fit(X_OVERLAP.astype(np.float32).astype(np.float64), Y_OVERLAP, epochs=20)
    assert result.w.dtype == np.float64
    np.testing.assert_array_equal(result.w, expected.w)


def _public_callables():
    """module.name of every function and class defined (not imported) in a public module of
    lessons_lib, except the checkers of lessons_lib.check (fuzzed by their own tests)."""
    found = {}
    for info in pkgutil.walk_packages(lessons_lib.__path__, "lessons_lib."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts) or parts[1] == "check":
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                    and obj.__module__ == module.__name__):
                found[f"{info.name}.{name}"] = obj
    return found


def _is_record(obj):
    return inspect.isclass(obj) and (dataclasses.is_dataclass(obj)
                                     or (issubclass(obj, tuple) and hasattr(obj, "_fields")))


def test_every_public_callable_is_fuzzed_or_exempt():
    covered = {getattr(function, "covers", function) for function, _, _ in CALLS.values()}
    public = _public_callables()
    missing = sorted(name for name, obj in public.items()
                     if obj not in covered and name not in EXEMPT and not _is_record(obj))
    assert not missing, f"add these to CALLS (or to EXEMPT, saying why): {missing}"
    stale = sorted(set(EXEMPT) - set(public) - {"*"})
    assert not stale, f"EXEMPT names callables that no longer exist: {stale}"


def survey(show=False):
    """Every (function, argument, odd value) combination once: counts of each outcome (with
    ``show``, also print every combination that breaks the rule)."""
    counts = {"ok": 0, "clear": 0, "unclear message": 0, "raw error": 0, "warning or NaN": 0,
              "hang": 0}
    for name, (function, kwargs, _) in CALLS.items():
        for argument in kwargs:
            for value in ODD:
                detail = ""
                try:
                    kind, detail = outcome(function, kwargs | {argument: value})
                    if kind == "clear" and argument not in detail and name != "estimator":
                        kind = "unclear message"
                except Hang:
                    kind = "hang"
                except (Warning, AssertionError) as err:
                    kind, detail = "warning or NaN", repr(err)
                except Exception as err:   # noqa: BLE001 - counting what escapes is the point
                    kind, detail = "raw error", repr(err)
                counts[kind] += 1
                if show and kind not in ("ok", "clear"):
                    print(f"{kind:15} {name}({argument}={value!r:.30}): {str(detail):.150}")
    return counts


if __name__ == "__main__":
    import sys
    print(survey(show="-v" in sys.argv))

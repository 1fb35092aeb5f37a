"""Every public function of lessons_lib, driven with wrong shapes, types, NaN/inf, empty and
huge inputs (Hypothesis picks the argument and the odd value).

The rule for each call: a ValueError/TypeError whose message names the argument that was
wrong, or a correct result. Never another exception, a warning, a silent NaN, or a hang.
Inputs that mean the same numbers in another form (a list, float32, a (n, 1) column, a
read-only or reversed-stride view) must give the same result as the plain array.
"""

import dataclasses
import signal
import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons_lib import data, functions, logreg, optimize
from lessons_lib.estimator import LogisticRegressionGD

SECONDS_PER_CALL = 20

X8, Y8 = data.eight_points()
X_OVERLAP, Y_OVERLAP = data.classification(40, 2)


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


# name -> (function, valid keyword arguments, arguments whose alternative forms are equal,
#          arguments where a (n, 1) column is an allowed form)
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
    "estimator": (lambda X, y, lr, epochs: LogisticRegressionGD(lr=lr, epochs=epochs)
                  .fit(X, y).predict_proba(X),
                  dict(X=X_OVERLAP, y=Y_OVERLAP, lr=0.5, epochs=10), ["X"]),
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


@pytest.mark.parametrize("name", CALLS)
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_odd_values_get_a_clear_error_or_a_correct_result(name, data):
    function, kwargs, _ = CALLS[name]
    argument = data.draw(st.sampled_from(sorted(kwargs)), label="argument")
    value = data.draw(st.sampled_from(ODD), label="value")
    kind, detail = outcome(function, kwargs | {argument: value})
    if kind == "clear" and name != "estimator":   # scikit-learn words its own input errors
        assert argument in detail, f"{argument}={value!r}: the message does not name it: {detail}"


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


def survey():
    """Every (function, argument, odd value) combination once: counts of each outcome."""
    counts = {"ok": 0, "clear": 0, "unclear message": 0, "raw error": 0, "warning or NaN": 0,
              "hang": 0}
    for name, (function, kwargs, _) in CALLS.items():
        for argument in kwargs:
            for value in ODD:
                try:
                    kind, detail = outcome(function, kwargs | {argument: value})
                    if kind == "clear" and argument not in detail and name != "estimator":
                        kind = "unclear message"
                except Hang:
                    kind = "hang"
                except (Warning, AssertionError):
                    kind = "warning or NaN"
                except Exception:   # noqa: BLE001 - counting what escapes is the point
                    kind = "raw error"
                counts[kind] += 1
    return counts


if __name__ == "__main__":
    print(survey())

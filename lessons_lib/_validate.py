"""Input checks shared by the public functions.

Every message names the argument, says what was wrong and what to do, because the person
reading it is a learner in the middle of an exercise.
"""

import math
import numbers

import numpy as np

MAX_SAMPLES = 10_000_000
"""The most samples any function of the course makes or loops over (a lesson needs thousands):
a typo such as n=10**12 gets a clear refusal instead of a MemoryError minutes later."""


def design_matrix(X, name="X"):
    """Return X as a finite float64 array of shape (n, d) with n, d >= 1."""
    X = float_array(X, name)
    if X.ndim != 2:
        hint = " Use X.reshape(-1, 1) for a single feature." if X.ndim == 1 else ""
        raise ValueError(f"{name} must be 2-D with shape (n_samples, n_features); "
                         f"got shape {X.shape}.{hint}")
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} is empty (shape {X.shape}); pass at least one sample "
                         "and one feature.")
    _require_finite(X, name)
    return X


def labels(y, n_samples, name="y"):
    """Return y as a float64 vector of 0s and 1s with one label per row of X.

    Shapes (n,) and (n, 1) are accepted; bools count as 0/1.
    """
    y = _label_vector(y, n_samples, name)
    if not np.all((y == 0) | (y == 1)):
        bad = np.unique(y[(y != 0) & (y != 1)])[:5]
        raise ValueError(f"{name} must contain only 0 and 1; found {bad.tolist()}. "
                         "Map your classes to 0/1 first, e.g. y = (y == positive_class).")
    return y


def soft_labels(y, n_samples, name="y"):
    """Return y as a float64 vector of probabilities in [0, 1] (the cross-entropy is defined
    for soft labels too), one per row of X."""
    y = _label_vector(y, n_samples, name)
    if not np.all((y >= 0) & (y <= 1)):
        bad = np.unique(y[(y < 0) | (y > 1)])[:5]
        raise ValueError(f"{name} must hold labels in [0, 1]; found {bad.tolist()}.")
    return y


def _label_vector(y, n_samples, name):
    y = float_array(y, name)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D with one label per sample; got shape {y.shape}. "
                         "A column of shape (n, 1) is fine too.")
    if y.shape[0] != n_samples:
        raise ValueError(f"{name} has {y.shape[0]} labels but X has {n_samples} rows; "
                         "they must match.")
    _require_finite(y, name)
    return y


def vector(v, length, name):
    """Return v as a finite float64 vector of the given length."""
    v = float_array(v, name)
    if v.ndim != 1 or v.shape[0] != length:
        raise ValueError(f"{name} must have shape ({length},), one entry per column of X; "
                         f"got shape {v.shape}.")
    _require_finite(v, name)
    return v


def finite_float(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value}.")
    return value


def positive_float(value, name):
    value = finite_float(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0; got {value}. Try a small positive value "
                         "such as 0.1.")
    return value


def non_negative_float(value, name):
    value = finite_float(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0 (it is a penalty strength); got {value}.")
    return value


def count(value, name, minimum=0, maximum=None):
    """An integer in [minimum, maximum] (bools and floats such as 10.0 are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {type(value).__name__} {value!r}. "
                        f"Write e.g. {name}=100.")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum:,}; got {value:,}.")
    return int(value)


def boolean(value, name):
    """True or False only: a string such as "False" would otherwise count as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {type(value).__name__} "
                        f"{value!r}.")
    return bool(value)


def function(value, name):
    if not callable(value):
        raise TypeError(f"{name} must be a function; got {type(value).__name__} {value!r:.60}.")
    return value


def one_of(value, name, options):
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; "
                         f"got {value!r}.")
    return value


def float_array(a, name):
    """a as a float64 array (any shape); strings, None and ragged lists are refused."""
    if a is None:
        raise TypeError(f"{name} is None; pass an array of numbers.")
    if isinstance(a, (str, bytes)) or (isinstance(a, np.ndarray) and a.dtype.kind in "USO"
                                       and a.size and isinstance(a.flat[0], (str, bytes))):
        raise TypeError(f"{name} must hold numbers, not text; got {a!r:.60}.")
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers; could not convert it "
                        f"({err}).") from None
    return arr


def finite_array(a, name):
    """float_array, with NaN and inf refused."""
    arr = float_array(a, name)
    _require_finite(arr, name)
    return arr


def _require_finite(a, name):
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf at {int(np.sum(~np.isfinite(a)))} "
                         "place(s); remove or impute those values first.")



def logits(X, weights, bias, weights_name="w", bias_name="b"):
    """``X @ weights + bias`` of already validated, finite arguments; refused when it overflows
    float64 (the only way it can then be non-finite), since every probability after it would
    be NaN."""
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ weights + bias
    if not np.all(np.isfinite(z)):
        raise ValueError(f"the logits X @ {weights_name} + {bias_name} overflow float64 at these "
                         f"{weights_name} and {bias_name}; use smaller weights or rescale X.")
    return z

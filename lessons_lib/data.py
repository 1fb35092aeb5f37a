"""The data sets of the lessons. Every random one is drawn from a seeded generator.

The two tiny sets come from common tutorials of this topic; both are linearly separable,
which lesson 08 turns into a lesson of its own (no finite maximum-likelihood estimate).
"""

from typing import NamedTuple

import numpy as np

from . import SEED, _validate

MAX_SAMPLES = _validate.MAX_SAMPLES
MAX_FEATURES = 10_000

_EIGHT_X = [[2.5, -1.2], [1.3, 2.5], [6.2, 3.6], [1.3, 4.0],
            [5.4, 3.4], [6.0, 2.3], [4.3, 7.2], [8.2, 3.9]]
_EIGHT_Y = [0, 0, 1, 0, 1, 1, 1, 1]

_FOUR_X = [[0.52, 1.12, 0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.30], [0.74, -2.49, 1.39]]
_FOUR_Y = [1, 1, 0, 1]


def eight_points():
    """8 points in 2-D with labels (X of shape (8, 2), y of shape (8,))."""
    return np.array(_EIGHT_X), np.array(_EIGHT_Y, dtype=np.float64)


def four_by_three():
    """4 samples, 3 features, meant to be fitted without an intercept."""
    return np.array(_FOUR_X), np.array(_FOUR_Y, dtype=np.float64)


def blobs(n=200, distance=3.0, spread=1.0, seed=SEED):
    """Two round Gaussian blobs in 2-D, n // 2 points each (class 0 first, then class 1).

    The centres are ``distance`` apart along the diagonal; with distance >> spread the blobs
    are linearly separable, with distance ~ 2 * spread they overlap.
    """
    n = _validate.count(n, "n", minimum=2, maximum=MAX_SAMPLES)
    distance = _validate.finite_float(distance, "distance")
    spread = _validate.positive_float(spread, "spread")
    rng = np.random.default_rng(seed)
    half = n // 2
    offset = distance / (2 * np.sqrt(2)) * np.ones(2)
    X = np.vstack([rng.normal(-offset, spread, size=(half, 2)),
                   rng.normal(offset, spread, size=(n - half, 2))])
    y = np.r_[np.zeros(half), np.ones(n - half)]
    return X, y


def classification(n=500, d=5, seed=SEED, **kwargs):
    """scikit-learn's ``make_classification`` with a fixed seed and float labels.

    By default every feature is informative and the classes overlap (``flip_y`` 0.05), so the
    maximum-likelihood estimate is finite. Extra keyword arguments go to scikit-learn.
    """
    from sklearn.datasets import make_classification

    n = _validate.count(n, "n", minimum=2, maximum=MAX_SAMPLES)
    d = _validate.count(d, "d", minimum=1, maximum=MAX_FEATURES)
    options = dict(n_informative=d, n_redundant=0, n_repeated=0, flip_y=0.05,
                   class_sep=1.0, random_state=seed)
    options.update(kwargs)
    X, y = make_classification(n_samples=n, n_features=d, **options)
    return X, y.astype(np.float64)


class Split(NamedTuple):
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    feature_names: list


def breast_cancer(test_size=0.25, seed=SEED):
    """The Wisconsin breast-cancer data (569 x 30) that ships with scikit-learn, offline.

    Split into train and test (stratified), then standardised with the *training* mean and
    standard deviation, so nothing about the test set leaks into training. y = 1 is benign.
    """
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    test_size = _validate.finite_float(test_size, "test_size")
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be between 0 and 1; got {test_size}.")
    bunch = load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(
        bunch.data, bunch.target.astype(np.float64), test_size=test_size,
        stratify=bunch.target, random_state=seed)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return Split((X_train - mean) / std, (X_test - mean) / std, y_train, y_test,
                 list(bunch.feature_names))


# --- lesson 02: one feature -----------------------------------------------------------------

def one_feature(n=30, w=0.8, b=-4.0, low=0.0, high=10.0, seed=SEED):
    """n labelled points on a line, drawn from the logistic model itself.

    x is uniform on [low, high] (sorted) and each label is a biased coin flip,
    y ~ Bernoulli(sigmoid(w x + b)), so the classes overlap around the true boundary
    x = -b / w (5 with the defaults). Returns (x, y), both 1-D of shape (n,); use
    ``x.reshape(-1, 1)`` where a function wants a 2-D X.
    """
    from .functions import sigmoid

    n = _validate.count(n, "n", minimum=2, maximum=MAX_SAMPLES)
    w, b = _validate.finite_float(w, "w"), _validate.finite_float(b, "b")
    low, high = _validate.finite_float(low, "low"), _validate.finite_float(high, "high")
    if not low < high:
        raise ValueError(f"low must be smaller than high; got low={low}, high={high}.")
    with np.errstate(over="ignore", invalid="ignore"):
        overflows = not np.all(np.isfinite([high - low, w * low + b, w * high + b]))
    if overflows:
        raise ValueError(f"w * x + b overflows float64 for x in [low, high]; keep w, b, low "
                         f"and high below about 1e300 (got w={w:g}, b={b:g}, low={low:g}, "
                         f"high={high:g}).")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, n))
    y = (rng.random(n) < sigmoid(w * x + b)).astype(np.float64)
    return x, y

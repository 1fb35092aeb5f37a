r"""The functions the lessons study, written once, in plain NumPy.

The logistic pieces all rest on one stable primitive, ``logaddexp(a, b) = log(e^a + e^b)``,
which NumPy computes as ``max(a, b) + log1p(exp(-|a - b|))``, so no ``exp`` ever sees a large
positive argument:

.. math::
    \log\sigma(z) = -\log(1 + e^{-z}), \qquad \sigma(z) = e^{\log\sigma(z)}, \qquad
    \ell(z, y) = \log(1 + e^{z}) - yz.

Each is finite and warning-free for any finite z (also |z| = 1000), and smooth at z = 0, so
HIPS autograd can trace these same functions: given autograd's traced arrays they compute with
``autograd.numpy`` (see :func:`_numpy_for`), and the autograd backend of :mod:`network` uses them.
"""

import numpy as np

from . import _validate

PARABOLA_MINIMUM = 2.5
"""The x that minimises :func:`parabola`; f there is -1."""


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), stable for any finite z (also |z| = 1000)."""
    z, xp = _logits(z)
    return xp.exp(-xp.logaddexp(0.0, -z))


def log_sigmoid(z):
    """log(sigmoid(z)) without underflow: about z for very negative z, not -inf."""
    z, xp = _logits(z)
    return -xp.logaddexp(0.0, -z)


def bce_with_logits(z, y, reduction="mean"):
    r"""Binary cross-entropy of labels y given logits z (log-odds), computed stably.

    Per sample :math:`\ell = -y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \log(1+e^z) - yz`.
    Labels may be soft (any y in [0, 1]). ``reduction`` is "mean", "sum" or "none" (the
    per-sample array).
    """
    z, xp = _logits(z)
    _validate.one_of(reduction, "reduction", ("mean", "sum", "none"))
    if xp is np:
        y = _labels_like(y, z)
    per_sample = xp.logaddexp(0.0, z) - y * z
    if reduction == "none":
        return per_sample
    total = xp.mean(per_sample) if reduction == "mean" else xp.sum(per_sample)
    return float(total) if xp is np else total


def _labels_like(y, z):
    y = _validate.finite_array(y, "y")
    if y.shape != z.shape:
        raise ValueError(f"z and y must have the same shape; got z {z.shape} and y {y.shape}.")
    if z.size == 0:
        raise ValueError("z and y are empty; pass at least one sample.")
    outside = (y < 0) | (y > 1)
    if np.any(outside):
        found = np.unique(y[outside])[:5].tolist()
        raise ValueError(f"y must hold labels in [0, 1]; found {found}.")
    return y


def _logits(z):
    """(z, the numpy module to compute with): z validated as finite floats, unless autograd
    is tracing it (then it is left alone, and autograd.numpy does the arithmetic)."""
    xp = _numpy_for(z)
    if xp is np:
        z = _validate.finite_array(z, "z")
    return z, xp


def _numpy_for(value):
    """autograd.numpy for autograd's traced values, plain numpy for everything else."""
    if type(value).__module__.startswith("autograd"):
        import autograd.numpy
        return autograd.numpy
    return np


# --- lessons 03-04: the parabola --------------------------------------------------------------

def parabola(x):
    """f(x) = (x - 2.5)**2 - 1, the function of the gradient-descent lessons (inf, quietly,
    where the square overflows: |x| beyond about 1e154)."""
    x = _validate.finite_array(x, "x")
    with np.errstate(over="ignore"):
        return (x - PARABOLA_MINIMUM) ** 2 - 1.0


def parabola_grad(x):
    """f'(x) = 2 (x - 2.5)."""
    x = _validate.finite_array(x, "x")
    with np.errstate(over="ignore"):
        return 2.0 * (x - PARABOLA_MINIMUM)


def parabola_value_and_grad(x):
    """(f(x), f'(x)) for :func:`parabola`: what ``optimize.gradient_descent`` descends."""
    return parabola(x), parabola_grad(x)


def parabola_closed_form(k, lr, x0=0.0):
    r"""The k-th gradient-descent iterate on :func:`parabola`, without running the loop.

    :math:`x_k - 2.5 = (1 - 2\eta)^k (x_0 - 2.5)`, because each step multiplies the distance
    to the minimum by :math:`1 - 2\eta`. Where that factor overflows (a diverging run after
    thousands of steps) the result is ±inf, without a warning.
    """
    k = _validate.finite_array(k, "k")
    if np.any(k < 0):
        raise ValueError("k must be >= 0: it counts steps.")
    lr = _validate.finite_float(lr, "lr")
    x0 = _validate.finite_float(x0, "x0")
    with np.errstate(over="ignore", invalid="ignore"):
        factor = (1.0 - 2.0 * lr) ** k
        return PARABOLA_MINIMUM + np.where(x0 == PARABOLA_MINIMUM, 0.0,
                                           factor * (x0 - PARABOLA_MINIMUM))


# --- lesson 01: the coin-flip likelihood ----------------------------------------------------

def coin_log_likelihood(theta, k, n):
    r"""Log-likelihood of a coin with heads-probability theta, after k heads in n flips.

    :math:`\ell(\theta) = k\log\theta + (n-k)\log(1-\theta)`, the log of
    :math:`\theta^k(1-\theta)^{n-k}` (the probability of one particular sequence of flips).
    ``theta`` may be an array. We take :math:`0\cdot\log 0 = 0`, so theta = 0 with k = 0 gives 0;
    an impossible theta (0 with k > 0, or 1 with k < n) gives -inf, without a warning.
    """
    k, n = _validate.count(k, "k"), _validate.count(n, "n")
    if k > n:
        raise ValueError(f"k (the number of heads) must be <= n (the number of flips); got "
                         f"k={k}, n={n}.")
    theta = _validate.float_array(theta, "theta")
    inside = (theta >= 0) & (theta <= 1)   # False for NaN too
    if not np.all(inside):
        raise ValueError("theta must hold probabilities in [0, 1]; got "
                         f"{np.atleast_1d(theta)[~np.atleast_1d(inside)][:5].tolist()}.")
    with np.errstate(divide="ignore"):
        heads = k * np.log(theta) if k else np.zeros_like(theta)
        tails = (n - k) * np.log1p(-theta) if n - k else np.zeros_like(theta)
    return heads + tails

r"""The functions the lessons study.

The logistic pieces are written in the numerically stable way: with :math:`e = e^{-|z|}`,

.. math::
    \sigma(z) = \begin{cases} 1/(1+e) & z \ge 0 \\ e/(1+e) & z < 0 \end{cases}, \qquad
    \log\sigma(z) = \min(z, 0) - \log(1 + e),

so no ``exp`` ever sees a large positive argument: finite and warning-free for any finite z.
"""

import numpy as np

from . import _validate

PARABOLA_MINIMUM = 2.5
"""The x that minimises :func:`parabola`; f there is -1."""


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), stable for any finite z (also |z| = 1000)."""
    z = _validate._float_array(z, "z")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def log_sigmoid(z):
    """log(sigmoid(z)) without underflow: about z for very negative z, not -inf."""
    z = _validate._float_array(z, "z")
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))


def bce_with_logits(z, y, reduction="mean"):
    r"""Binary cross-entropy of labels y given logits z (log-odds), computed stably.

    Per sample :math:`\ell = -y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \max(z,0) - yz +
    \log(1+e^{-|z|})`. ``reduction`` is "mean", "sum" or "none" (the per-sample vector).
    """
    z = _validate._float_array(z, "z")
    y = _validate._float_array(y, "y")
    if z.shape != y.shape:
        raise ValueError(f"z and y must have the same shape; got z {z.shape} and y {y.shape}.")
    _validate.one_of(reduction, "reduction", ("mean", "sum", "none"))
    per_sample = np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))
    if reduction == "none":
        return per_sample
    if per_sample.size == 0:
        raise ValueError("z and y are empty; pass at least one sample.")
    return float(per_sample.mean() if reduction == "mean" else per_sample.sum())


def parabola(x):
    """f(x) = (x - 2.5)**2 - 1, the function of the gradient-descent lessons."""
    return (np.asarray(x, dtype=np.float64) - PARABOLA_MINIMUM) ** 2 - 1.0


def parabola_grad(x):
    """f'(x) = 2 (x - 2.5)."""
    return 2.0 * (np.asarray(x, dtype=np.float64) - PARABOLA_MINIMUM)


def parabola_closed_form(k, lr, x0=0.0):
    r"""The k-th gradient-descent iterate on :func:`parabola`, without running the loop.

    :math:`x_k - 2.5 = (1 - 2\eta)^k (x_0 - 2.5)`, because each step multiplies the distance
    to the minimum by :math:`1 - 2\eta`.
    """
    return PARABOLA_MINIMUM + (1.0 - 2.0 * lr) ** np.asarray(k, dtype=np.float64) * (
        x0 - PARABOLA_MINIMUM)


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
    theta = _validate._float_array(theta, "theta")
    inside = (theta >= 0) & (theta <= 1)   # False for NaN too
    if not np.all(inside):
        raise ValueError("theta must hold probabilities in [0, 1]; got "
                         f"{np.atleast_1d(theta)[~np.atleast_1d(inside)][:5].tolist()}.")
    with np.errstate(divide="ignore"):
        heads = k * np.log(theta) if k else np.zeros_like(theta)
        tails = (n - k) * np.log1p(-theta) if n - k else np.zeros_like(theta)
    return heads + tails

r"""Softmax regression: logistic regression for K > 2 classes (lesson 10).

The model gives every class k a logit :math:`z_k = x^\top w_k + b_k` and turns the K logits
into probabilities with the softmax,

.. math::
    p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad
    \log p_k = z_k - \operatorname{logsumexp}(z), \qquad
    \operatorname{logsumexp}(z) = m + \log\sum_j e^{z_j - m},\ m = \max_j z_j .

Subtracting the largest logit first changes nothing (the softmax is invariant to adding one
constant to every logit) and keeps every ``exp`` at or below 1: no overflow for any finite
logits. Training minimises the mean cross-entropy :math:`-\frac1n\sum_i \log p_{i, y_i}`, whose
gradient is :math:`\nabla_W = X^\top(P - Y)/n`, :math:`\nabla_b = \operatorname{mean}(P - Y)`
(Y one-hot), plus :math:`\lambda W` for an optional L2 penalty :math:`\frac\lambda2\lVert W
\rVert^2` (b is not penalised).

Shapes: X (n, d), integer labels y (n,) in 0 ... K-1, W (d, K), b (K,), logits and
probabilities (n, K). For the optimisers of :mod:`optimize` the parameters travel as one
vector theta, the rows of ``[W; b]`` (shape (d + 1, K)) one after the other.

**Identifiability.** Adding the same vector to every column of W (and the same number to every
entry of b) adds a constant to every logit and changes no probability. So only
(d + 1)(K - 1) of the (d + 1)K numbers are determined by the data; :func:`centred` picks the
representative whose columns sum to zero (the one scikit-learn reports), and gradient descent
or Newton started from zeros stays on it.
"""

from dataclasses import dataclass

import numpy as np

from . import _validate, optimize

METHODS = ("gd", "newton")
MAX_CLASSES = 10_000
"""The most classes a label vector may name (digits has 10): y = [0, 10**12] is a typo, and
one-hot rows that long would not fit in memory."""
DEFAULT_LR = {"gd": 0.5, "newton": 1.0}


# --- the functions --------------------------------------------------------------------------

def logsumexp(Z):
    r"""log(sum_k exp(Z[..., k])) over the last axis, stable for any finite logits."""
    Z = _logits(Z)
    m = Z.max(axis=-1, keepdims=True)
    with np.errstate(over="ignore"):          # Z - m may reach -inf for |Z| near 1e308: exp 0
        shifted = Z - m
    return m[..., 0] + np.log(np.exp(shifted).sum(axis=-1))


def log_softmax(Z):
    """log p_k = Z_k - logsumexp(Z) over the last axis (-inf only where p underflows
    float64 entirely, a logit gap beyond about 1e308)."""
    Z = _logits(Z)
    with np.errstate(over="ignore"):
        return Z - logsumexp(Z)[..., None]


def softmax(Z):
    """Probabilities over the last axis: non-negative, each row sums to 1. Any finite logits
    (also 1000 or -1000) give a finite answer without a warning."""
    Z = _logits(Z)
    with np.errstate(over="ignore"):           # a gap beyond ~1e308: -inf, and exp gives 0
        E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def one_hot(y, n_classes=None):
    """Y[i, k] = 1 if y[i] == k else 0; shape (n, K) with K = n_classes (default max(y) + 1)."""
    y = class_labels(y)
    K = _n_classes(y, n_classes)
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def cross_entropy(Z, y, reduction="mean"):
    r"""The K-class cross-entropy of integer labels y given logits Z (n, K):
    :math:`-\log p_{i, y_i} = \operatorname{logsumexp}(z_i) - z_{i, y_i}`, from the logits
    (never log of a rounded probability). ``reduction``: "mean", "sum" or "none"."""
    Z = _logits(Z)
    if Z.ndim != 2 or Z.size == 0:
        raise ValueError(f"Z must be 2-D, one row of K logits per sample; got shape {Z.shape}. "
                         "For one sample use Z.reshape(1, -1).")
    y = class_labels(y, len(Z))
    _n_classes(y, Z.shape[1], "Z.shape[1]")
    _validate.one_of(reduction, "reduction", ("mean", "sum", "none"))
    per_sample = -log_softmax(Z)[np.arange(len(y)), y]
    if reduction == "none":
        return per_sample
    return float(per_sample.mean() if reduction == "mean" else per_sample.sum())


# --- the model ------------------------------------------------------------------------------

def logits(X, W, b):
    """Z = X W + b, shape (n, K)."""
    X, W, b = _model(X, W, b)
    return _validate.logits(X, W, b, "W", "b")


def predict_proba(X, W, b):
    """p(y = k | x) for each row of X: shape (n, K), rows summing to 1."""
    return softmax(logits(X, W, b))


def predict(X, W, b):
    """The most probable class of each row of X (ties: the lowest class number)."""
    return np.argmax(logits(X, W, b), axis=1)


def loss_and_gradient(X, y, W, b, l2=0.0):
    r"""(loss, grad_W, grad_b) of the mean cross-entropy (+ λ/2 ||W||²), by hand:
    :math:`\nabla_W = X^\top(P - Y)/n + \lambda W`, :math:`\nabla_b = \operatorname{mean}(P - Y)`.
    """
    X, W, b = _model(X, W, b)
    y = class_labels(y, len(X))
    _n_classes(y, W.shape[1], "W.shape[1]")
    l2 = _validate.non_negative_float(l2, "l2")
    return _loss_and_gradient(X, y, W, b, l2)


def _loss_and_gradient(X, y, W, b, l2):
    n, rows = len(X), np.arange(len(X))
    Z = _validate.logits(X, W, b, "W", "b")
    Z -= Z.max(axis=1, keepdims=True)          # the shift that changes nothing (stability)
    E = np.exp(Z)
    total = E.sum(axis=1)
    loss = np.log(total).mean() - Z[rows, y].mean() + 0.5 * l2 * float(np.sum(W * W))
    residual = E / total[:, None]              # P, then P - Y in place
    residual[rows, y] -= 1.0
    return float(loss), X.T @ residual / n + l2 * W, residual.sum(axis=0) / n


def objective(X, y, n_classes=None, l2=0.0):
    """``value_and_grad(theta)`` of the mean cross-entropy, theta the rows of [W; b] in one
    vector of length (d + 1) K: what :func:`optimize.gradient_descent` descends."""
    X = _validate.design_matrix(X)
    y = class_labels(y, len(X))
    K = _n_classes(y, n_classes)
    l2 = _validate.non_negative_float(l2, "l2")
    d = X.shape[1]

    def value_and_grad(theta):
        W, b = unpack(theta, d, K)
        try:
            loss, grad_W, grad_b = _loss_and_gradient(X, y, W, b, l2)
        except ValueError:      # the logits overflow: an overshooting step, reported as inf
            return np.inf, np.zeros_like(theta)
        return loss, np.vstack([grad_W, grad_b]).ravel()
    return value_and_grad


def hessian(X, W, b, l2=0.0):
    r"""The Hessian of the mean cross-entropy in theta (rows of [W; b]), shape
    ((d + 1) K, (d + 1) K): :math:`\frac1n\sum_i a_i a_i^\top \otimes
    (\mathrm{diag}(p_i) - p_i p_i^\top)` with :math:`a_i = (x_i, 1)`, plus λ on W's entries.
    It is singular (without a penalty): shifting every class by the same vector changes
    nothing, so those directions have zero curvature."""
    X, W, b = _model(X, W, b)
    l2 = _validate.non_negative_float(l2, "l2")
    n, d = X.shape
    K = W.shape[1]
    A = np.column_stack([X, np.ones(n)])
    P = softmax(_validate.logits(X, W, b, "W", "b"))
    S = P[:, :, None] * np.eye(K) - P[:, :, None] * P[:, None, :]      # (n, K, K)
    H = np.einsum("ij,il,ikm->jklm", A, A, S).reshape((d + 1) * K, (d + 1) * K) / n
    H[:d * K, :d * K] += l2 * np.eye(d * K)
    return H


@dataclass
class SoftmaxFit:
    """A trained softmax regression: ``losses[k]`` is the loss at the k-th visited parameters
    (k = 0 is the start); ``W`` (d, K) and ``b`` (K,) are the last of them."""

    W: np.ndarray
    b: np.ndarray
    losses: np.ndarray
    status: str
    verdict: str
    method: str = "gd"

    @property
    def diverged(self):
        return self.status == optimize.DIVERGED


def fit(X, y, n_classes=None, lr=None, epochs=1000, method="gd", l2=0.0, W0=None, b0=None):
    """Fit softmax regression with gradient descent (``epochs`` steps of size ``lr``, default
    0.5) or Newton's method (``epochs`` steps, lr 1), from W0, b0 (default zeros), through the
    loops of :mod:`optimize`. Returns a :class:`SoftmaxFit`.

    Without a penalty a finite optimum exists only if no class can be split off from the
    others without error (else the weights grow for ever, as in notebook 08)."""
    X = _validate.design_matrix(X)
    n, d = X.shape
    y = class_labels(y, n)
    K = _n_classes(y, n_classes)
    method = _validate.one_of(method, "method", METHODS)
    lr = DEFAULT_LR[method] if lr is None else _validate.positive_float(lr, "lr")
    epochs = _validate.count(epochs, "epochs")
    l2 = _validate.non_negative_float(l2, "l2")
    W0 = np.zeros((d, K)) if W0 is None else _matrix(W0, (d, K), "W0")
    b0 = np.zeros(K) if b0 is None else _bias(b0, K, "b0")
    value_and_grad = objective(X, y, K, l2)
    theta0 = np.vstack([W0, b0]).ravel()
    names = dict(steps_name="epochs", start_name="W0, b0")     # for the optimiser's messages
    if method == "gd":
        run = optimize.gradient_descent(value_and_grad, theta0, lr, max_steps=epochs, **names)
    else:
        if np.abs(X).max() > 1e150:
            raise ValueError("X has entries beyond 1e150: the Hessian would overflow. "
                             "Standardise the features first.")

        def value_grad_hessian(theta):
            value, gradient = value_and_grad(theta)
            W, b = unpack(theta, d, K)
            with np.errstate(over="ignore", invalid="ignore"):
                return value, gradient, hessian(X, W, b, l2)
        run = optimize.newton(value_grad_hessian, theta0, max_steps=epochs, lr=lr, **names)
    W, b = unpack(run.x, d, K)
    return SoftmaxFit(W.copy(), b.copy(), run.losses, run.status, run.verdict, method)


def unpack(theta, d, K):
    """(W, b) from the parameter vector theta = rows of [W; b]."""
    d = _validate.count(d, "d", minimum=1)
    K = _validate.count(K, "K", minimum=2, maximum=MAX_CLASSES)
    theta = _validate.float_array(theta, "theta")
    if theta.size != (d + 1) * K:
        raise ValueError(f"theta must hold (d + 1) * K = {(d + 1) * K} numbers (the rows of "
                         f"[W; b]) for d = {d}, K = {K}; got {theta.size}.")
    Theta = theta.reshape(d + 1, K)
    return Theta[:d], Theta[d]


def centred(W, b):
    """The same model with every row of W and b shifted to sum to zero over the classes (the
    gauge scikit-learn reports): the same probabilities, and a unique answer to compare."""
    W = _matrix(W, None, "W")
    b = _bias(b, W.shape[1], "b")
    return W - W.mean(axis=1, keepdims=True), b - b.mean()


# --- validation -----------------------------------------------------------------------------

def class_labels(y, n_samples=None, name="y"):
    """y as an integer vector of class numbers 0, 1, ..., K-1 (integer-valued floats are
    accepted, so are bools), one per sample when n_samples is given."""
    arr = _validate.float_array(y, name)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of class numbers 0 ... K-1; got "
                         f"shape {arr.shape}. For one-hot rows use y = Y.argmax(axis=1).")
    if n_samples is not None:
        n_samples = _validate.count(n_samples, "n_samples", minimum=1)
    if n_samples is not None and len(arr) != n_samples:
        raise ValueError(f"{name} has {len(arr)} labels but n_samples = {n_samples} (the rows "
                         "of X); they must match.")
    bad = ~np.isfinite(arr) | (arr < 0) | (arr != np.round(arr)) | (arr >= MAX_CLASSES)
    if np.any(bad):
        found = np.unique(arr[bad])[:5].tolist()
        raise ValueError(f"{name} must hold class numbers 0, 1, ..., K-1 (K <= {MAX_CLASSES:,}); "
                         f"found {found}. Map other labels first, e.g. with "
                         "np.unique(y, return_inverse=True).")
    return arr.astype(np.int64)


def _n_classes(y, n_classes, name="n_classes"):
    if n_classes is None:
        return max(int(y.max()) + 1, 2)
    n_classes = _validate.count(n_classes, name, minimum=2, maximum=MAX_CLASSES)
    if y.max() >= n_classes:
        raise ValueError(f"y holds the class {int(y.max())}, but {name} = {n_classes} allows "
                         f"only 0 ... {n_classes - 1}.")
    return n_classes


def _logits(Z):
    Z = _validate.finite_array(Z, "Z")
    if Z.ndim == 0 or Z.shape[-1] == 0:
        raise ValueError(f"Z must hold at least one logit along its last axis (the classes); "
                         f"got shape {Z.shape}.")
    return Z


def _matrix(W, shape, name):
    W = _validate.finite_array(W, name)
    if W.ndim != 2 or (shape is not None and W.shape != shape) or min(W.shape) < 1 \
            or W.shape[1] < 2:
        want = f"{shape}" if shape else "(d, K) with K >= 2 classes"
        raise ValueError(f"{name} must have shape {want}: one column of weights per class; "
                         f"got shape {W.shape}.")
    return W


def _bias(b, K, name):
    b = _validate.finite_array(b, name)
    if b.shape != (K,):
        raise ValueError(f"{name} must have shape ({K},), one intercept per class; got shape "
                         f"{b.shape}.")
    return b


def _model(X, W, b):
    X = _validate.design_matrix(X)
    W = _matrix(W, None, "W")
    if W.shape[0] != X.shape[1]:
        raise ValueError(f"W must have one row per feature of X ({X.shape[1]}); got shape "
                         f"{W.shape}. W is (d, K): features down, classes across.")
    return X, W, _bias(b, W.shape[1], "b")

r"""A neural network with one hidden layer: stacked logistic regressions (lesson 11).

Each hidden unit j is a logistic regression on the inputs, and the output is a logistic
regression on the hidden units:

.. math::
    H = \sigma(X W_1 + b_1) \quad (n \times h), \qquad
    p = \sigma(H w_2 + b_2) \quad (n,), \qquad
    L = \operatorname{mean}\big(\log(1 + e^{z}) - y z\big),\ z = H w_2 + b_2.

Backpropagation is the chain rule of lesson 05 applied twice (:func:`loss_and_gradient`):

.. math::
    \delta = (p - y)/n,\quad \nabla_{w_2} = H^\top \delta,\quad \partial_{b_2} = \textstyle\sum
    \delta,\quad \Delta = (\delta\, w_2^\top) \odot H \odot (1 - H),\quad
    \nabla_{W_1} = X^\top \Delta,\quad \nabla_{b_1} = \textstyle\sum_{\text{rows}} \Delta.

The parameters travel as one vector :math:`\theta` (:func:`pack` / :func:`unpack`), so
:func:`fit` is :func:`optimize.gradient_descent` applied to :func:`objective`, the same loop
as ``logreg.fit``. :func:`objective` also has an ``"autograd"`` and a ``"torch"`` backend
(float64); the tests hold all three equal to 1e-10.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import SEED, _validate, optimize
from .functions import bce_with_logits, sigmoid

BACKENDS = ("numpy", "autograd", "torch")
MAX_HIDDEN = 1000
MAX_INPUT = 1e100
MAX_WEIGHTS = 10_000_000
"""The largest n_inputs × n_hidden :func:`init` draws (80 MB of float64)."""
"""Entries of X larger than this are refused: X @ W1 could overflow float64."""


class Params(NamedTuple):
    """The weights of a one-hidden-layer network with d inputs and h hidden units."""

    W1: np.ndarray   # (d, h): column j holds the weights of hidden unit j
    b1: np.ndarray   # (h,)
    w2: np.ndarray   # (h,): the output's weights on the hidden units
    b2: float


def n_params(n_inputs, n_hidden):
    """How many numbers a network with these sizes learns: h(d + 1) + h + 1."""
    d = _validate.count(n_inputs, "n_inputs", minimum=1)
    h = _validate.count(n_hidden, "n_hidden", minimum=1, maximum=MAX_HIDDEN)
    return h * (d + 1) + h + 1


def init(n_inputs, n_hidden, seed=SEED, scale=1.0):
    """Random starting weights: W1 and w2 drawn from N(0, scale²) with a seeded generator,
    biases 0. Different seeds give different starts (and, the loss not being convex,
    possibly different solutions). All zeros would keep every hidden unit identical."""
    d = _validate.count(n_inputs, "n_inputs", minimum=1)
    h = _validate.count(n_hidden, "n_hidden", minimum=1, maximum=MAX_HIDDEN)
    if d * h > MAX_WEIGHTS:
        raise ValueError(f"n_inputs × n_hidden = {d:,} × {h:,} weights is more than "
                         f"{MAX_WEIGHTS:,}; use fewer inputs (e.g. PCA) or hidden units.")
    seed = _validate.count(seed, "seed")
    scale = _validate.positive_float(scale, "scale")
    rng = np.random.default_rng(seed)
    W1 = rng.normal(scale=scale, size=(d, h))
    w2 = rng.normal(scale=scale, size=h)
    return Params(W1, np.zeros(h), w2, 0.0)


def pack(params):
    """The parameters as one vector θ = (W1 row by row, b1, w2, b2)."""
    W1, b1, w2, b2 = params_like(params)
    return np.concatenate([W1.ravel(), b1, w2, [b2]])


def unpack(theta, n_inputs, n_hidden):
    """The inverse of :func:`pack`: a :class:`Params` (views into ``theta``, not copies)."""
    d = _validate.count(n_inputs, "n_inputs", minimum=1)
    h = _validate.count(n_hidden, "n_hidden", minimum=1, maximum=MAX_HIDDEN)
    theta = _validate.finite_array(theta, "theta")
    size = h * (d + 1) + h + 1
    if theta.shape != (size,):
        raise ValueError(f"theta must have shape ({size},) for n_inputs={d} and n_hidden={h} "
                         f"(h·(d+1) + h + 1 numbers); got shape {theta.shape}. Check "
                         "theta, n_inputs and n_hidden.")
    return _split(theta, d, h)


def _split(theta, d, h):
    return Params(theta[:d * h].reshape(d, h), theta[d * h:d * h + h],
                  theta[d * h + h:d * h + 2 * h], theta[-1])


def params_like(params, n_inputs=None, name="params"):
    """params checked: a Params (or 4-tuple W1, b1, w2, b2) of consistent, finite float64
    arrays; ``n_inputs`` (if given) must match W1's rows. ``name`` is the argument's name in
    the messages."""
    if not isinstance(params, (tuple, list)) or len(params) != 4:
        raise TypeError(f"{name} must be (W1, b1, w2, b2), e.g. from network.init(d, h); got "
                        f"{type(params).__name__}.")
    if n_inputs is not None:
        n_inputs = _validate.count(n_inputs, "n_inputs", minimum=1)
    W1 = _validate.finite_array(params[0], "W1")
    if W1.ndim != 2 or W1.size == 0:
        raise ValueError(f"W1 must be 2-D with shape (n_inputs, n_hidden); got shape "
                         f"{W1.shape}.")
    d, h = W1.shape
    if n_inputs is not None and d != n_inputs:
        raise ValueError(f"W1 has {d} rows but X has n_inputs = {n_inputs} columns; W1 needs "
                         "one row per input feature.")
    b1 = _validate.finite_array(params[1], "b1")
    w2 = _validate.finite_array(params[2], "w2")
    for name, v in (("b1", b1), ("w2", w2)):
        if v.shape != (h,):
            raise ValueError(f"{name} must have shape ({h},), one entry per hidden unit "
                             f"(W1 has {h} columns); got shape {v.shape}.")
    b2 = _validate.finite_array(params[3], "b2")
    if b2.size != 1:
        raise ValueError(f"b2 must be one number (the output's bias); got shape {b2.shape}.")
    b2 = float(b2.reshape(-1)[0])
    return Params(W1, b1, w2, b2)


def _inputs(X):
    X = _validate.design_matrix(X)
    largest = float(np.abs(X).max())
    if largest > MAX_INPUT:
        raise ValueError(f"X has entries as large as {largest:.3g}: the hidden layer would "
                         "overflow float64. Rescale the features first (e.g. standardise).")
    return X


# --- the forward pass, the loss and backpropagation ----------------------------------------

def _forward(X, params):
    W1, b1, w2, b2 = params
    # overflow only for absurd weights (a diverging run): the loss then comes back inf or NaN
    # and the optimiser's divergence rule stops the run
    with np.errstate(over="ignore", invalid="ignore"):
        A = X @ W1 + b1
        H = np.exp(-np.logaddexp(0.0, -A))       # σ(A), stable (functions.sigmoid, unchecked)
        z = H @ w2 + b2
    return A, H, z


def forward(X, params):
    """(H, z): the hidden units' outputs σ(X W1 + b1), shape (n, h), and the output logits
    z = H w2 + b2, shape (n,)."""
    X = _inputs(X)
    params = params_like(params, X.shape[1])
    _, H, z = _forward(X, params)
    return H, z


def predict_proba(X, params):
    """p(y = 1 | x) for every row of X."""
    return sigmoid(forward(X, params)[1])


def accuracy(X, y, params):
    """The fraction of rows where p >= 1/2 agrees with the 0/1 label."""
    X = _inputs(X)
    y = _validate.labels(y, X.shape[0])
    return float(np.mean((forward(X, params)[1] >= 0) == (y == 1)))


def loss(X, y, params):
    """The mean cross-entropy of the network's predictions."""
    X = _inputs(X)
    y = _validate.labels(y, X.shape[0])
    return bce_with_logits(forward(X, params)[1], y)


def loss_and_gradient(X, y, params):
    """(loss, gradient as a :class:`Params`), the gradient by backpropagation by hand."""
    X = _inputs(X)
    y = _validate.labels(y, X.shape[0])
    params = params_like(params, X.shape[1])
    return _loss_and_gradient(X, y, params)


def _loss_and_gradient(X, y, params):
    _, H, z = _forward(X, params)
    n = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        # one exp shared by the loss and σ(z), as in logreg: with e = exp(-|z|),
        # log(1 + e^z) = max(z, 0) + log1p(e)  and  σ(z) = 1/(1+e) for z >= 0, e/(1+e) below
        e = np.exp(-np.abs(z))
        value = float(np.mean(np.maximum(z, 0.0) + np.log1p(e) - y * z))
        p = np.where(z >= 0, 1.0, e) / (1.0 + e)
        delta = (p - y) / n                           # dL/dz, one entry per sample
        grad_w2 = H.T @ delta                         # the output: a logistic regression on H
        grad_b2 = float(delta.sum())
        # back through w2, then through each hidden unit's sigmoid: σ'(A) = H (1 - H)
        delta_hidden = np.outer(delta, params[2]) * (H * (1.0 - H))
        grad_W1 = X.T @ delta_hidden                  # each hidden unit: a logistic regression
        grad_b1 = delta_hidden.sum(axis=0)
    return (value if np.isfinite(value) else np.inf), Params(grad_W1, grad_b1, grad_w2, grad_b2)


# --- the objective three ways, and fit -----------------------------------------------------

def objective(X, y, n_hidden, backend="numpy"):
    """``value_and_grad(theta)`` of the mean cross-entropy, theta = :func:`pack` (params):
    the gradient by hand ("numpy"), by HIPS autograd or by PyTorch (float64)."""
    X = _inputs(X)
    y = _validate.labels(y, X.shape[0])
    h = _validate.count(n_hidden, "n_hidden", minimum=1, maximum=MAX_HIDDEN)
    backend = _validate.one_of(backend, "backend", BACKENDS)
    d = X.shape[1]
    if backend == "numpy":
        def value_and_grad(theta):
            value, (g1, g2, g3, g4) = _loss_and_gradient(X, y, _split(theta, d, h))
            return value, np.concatenate([g1.ravel(), g2, g3, [g4]])
        return value_and_grad
    if backend == "autograd":
        return _autograd_objective(X, y, d, h)
    return _torch_objective(X, y, d, h)


def _autograd_objective(X, y, d, h):
    import autograd.numpy as anp
    from autograd import value_and_grad as autograd_value_and_grad

    def mean_loss(theta):
        W1, b1, w2, b2 = _split(theta, d, h)
        H = sigmoid(anp.dot(X, W1) + b1)
        return bce_with_logits(anp.dot(H, w2) + b2, y)
    return autograd_value_and_grad(mean_loss)


def _torch_objective(X, y, d, h):
    import torch
    import torch.nn.functional as F

    X_t = torch.from_numpy(np.require(X, np.float64, ["C", "W"]))
    y_t = torch.from_numpy(np.require(y, np.float64, ["C", "W"]))

    def value_and_grad(theta):
        theta_t = torch.tensor(np.asarray(theta, dtype=np.float64), requires_grad=True)
        W1, b1, w2, b2 = _split(theta_t, d, h)
        H = torch.sigmoid(X_t @ W1 + b1)
        value = F.binary_cross_entropy_with_logits(H @ w2 + b2, y_t)
        value.backward()
        return value.item(), theta_t.grad.numpy()
    return value_and_grad


@dataclass
class NetworkFit:
    """A trained network and how it got there: ``losses[k]`` is the loss after k epochs, at
    the parameters :meth:`at` (k) returns; ``params`` are the last of them."""

    params: Params
    losses: np.ndarray        # (steps + 1,)
    history: np.ndarray       # (steps + 1, n_params): θ after k epochs
    n_hidden: int
    status: str
    verdict: str

    @property
    def diverged(self):
        return self.status == optimize.DIVERGED

    def at(self, epoch):
        """The parameters after ``epoch`` epochs (the last ones for a run that stopped early)."""
        epoch = _validate.count(epoch, "epoch")
        theta = self.history[min(epoch, len(self.history) - 1)]
        d = (len(theta) - 1 - 2 * self.n_hidden) // self.n_hidden
        return _split(theta, d, self.n_hidden)


def fit(X, y, n_hidden, lr=1.0, epochs=1000, seed=SEED, params0=None, backend="numpy"):
    """Train by full-batch gradient descent (``optimize.gradient_descent``, ``epochs`` steps)
    from :func:`init` (n_inputs, n_hidden, seed), or from ``params0``; returns a
    :class:`NetworkFit`."""
    X = _inputs(X)
    y = _validate.labels(y, X.shape[0])
    h = _validate.count(n_hidden, "n_hidden", minimum=1, maximum=MAX_HIDDEN)
    lr = _validate.positive_float(lr, "lr")
    epochs = _validate.count(epochs, "epochs")
    if params0 is None:
        params0 = init(X.shape[1], h, seed)
    params0 = params_like(params0, X.shape[1], "params0")
    if params0.W1.shape[1] != h:
        raise ValueError(f"params0 has {params0.W1.shape[1]} hidden units but n_hidden={h}; "
                         "they must match.")
    value_and_grad, theta0 = objective(X, y, h, backend), pack(params0)
    run = optimize.gradient_descent(value_and_grad, theta0, lr, max_steps=epochs,
                                    steps_name="epochs", start_name="params0")
    return NetworkFit(_split(run.params[-1].copy(), X.shape[1], h), run.losses, run.params, h,
                      run.status, run.verdict)

r"""Logistic regression three ways, behind one function.

The model is :math:`p(y=1 \mid x) = \sigma(w^\top x + b)`, trained by plain gradient descent on
the binary cross-entropy (the negative log-likelihood of Bernoulli labels), averaged over the
samples (``reduction="mean"``) or summed (``"sum"``), plus an optional L2 penalty
:math:`\tfrac{\lambda}{2}\lVert w\rVert^2` (the bias is not penalised).

The three backends differ only in how they get the gradient:

- ``"numpy"``    by hand: :math:`\nabla_w = X^\top(\sigma(Xw+b) - y)\,/\,n`, :math:`\partial_b =
  \operatorname{mean}(\sigma(Xw+b) - y)` (without the ``/ n`` for the summed loss);
- ``"autograd"`` HIPS autograd differentiates the loss written in ``autograd.numpy``;
- ``"torch"``    PyTorch tensors in float64 and ``loss.backward()``.

All three compute in float64 and agree to 1e-10 on the same inputs (the tests hold them to it).
"""

from dataclasses import dataclass, field

import numpy as np

from . import _validate
from .functions import bce_with_logits, sigmoid

BACKENDS = ("numpy", "autograd", "torch")
REDUCTIONS = ("mean", "sum")

DIVERGENCE_FACTOR = 100.0
"""Gradient descent with a step that suits the curvature never raises a convex loss, so a loss
this many times its starting value (floored at 1), or one that is not finite, means the steps
overshoot: training stops as diverged. (The cross-entropy grows only linearly in w, so an
overshooting run oscillates at a huge loss instead of overflowing; waiting for inf would wait
forever.)"""


@dataclass
class FitResult:
    w: np.ndarray          # (d,) weights, float64
    b: float               # intercept (0.0 when fit_intercept=False)
    losses: np.ndarray     # loss before each update; shorter than epochs if training diverged
    diverged: bool
    backend: str = "numpy"
    w_history: np.ndarray | None = field(default=None, repr=False)  # (len(losses), d)
    b_history: np.ndarray | None = field(default=None, repr=False)  # with history=True

    @property
    def verdict(self):
        if self.diverged:
            return (f"diverged at epoch {len(self.losses)}: the loss exceeded "
                    f"{DIVERGENCE_FACTOR:g}× its start; lower lr")
        if len(self.losses) == 0:
            return "not trained (epochs=0)"
        return f"trained {len(self.losses)} epochs, final loss {self.losses[-1]:.6g}"


def fit(X, y, backend="numpy", lr=0.1, epochs=1000, w0=None, b0=0.0,
        fit_intercept=True, reduction="mean", l2=0.0, history=False):
    """Fit logistic regression by gradient descent; see the module docstring.

    Returns a :class:`FitResult`. On divergence training stops, ``diverged`` is True, ``losses``
    ends at the last acceptable value and ``w``, ``b`` are the parameters that produced it.
    ``history=True`` also keeps the parameters before every update (``w_history[k]`` is what
    ``losses[k]`` was computed from), so one run serves every shorter run too.
    """
    X = _validate.design_matrix(X)
    n, d = X.shape
    y = _validate.labels(y, n)
    _validate.one_of(backend, "backend", BACKENDS)
    _validate.one_of(reduction, "reduction", REDUCTIONS)
    lr = _validate.positive_float(lr, "lr")
    epochs = _validate.count(epochs, "epochs")
    l2 = _validate.non_negative_float(l2, "l2")
    w0 = np.zeros(d) if w0 is None else _validate.vector(w0, d, "w0").copy()
    b0 = _validate.finite_float(b0, "b0")
    if not fit_intercept and b0 != 0.0:
        raise ValueError(f"b0 must be 0 when fit_intercept=False (the bias is not learned); "
                         f"got b0={b0}.")
    step = _STEP_FACTORIES[backend](X, y, reduction, l2, fit_intercept)
    return _descend(step, w0, b0, lr, epochs, backend, history)


def _descend(step, w, b, lr, epochs, backend, history=False):
    """The gradient-descent loop all backends share; ``step(w, b) -> (loss, grad_w, grad_b)``."""
    losses, visited = [], []
    limit = None
    diverged = False
    for _ in range(epochs):
        loss, grad_w, grad_b = step(w, b)
        if limit is None:
            limit = DIVERGENCE_FACTOR * max(abs(loss), 1.0)
        if not (np.isfinite(loss) and loss <= limit):
            diverged = True
            break
        losses.append(loss)
        if history:
            visited.append((w, b))
        w_next, b_next = w - lr * grad_w, b - lr * grad_b
        if not (np.all(np.isfinite(w_next)) and np.isfinite(b_next)):
            diverged = True
            break
        w, b = w_next, b_next
    result = FitResult(np.asarray(w, dtype=np.float64), float(b), np.array(losses),
                       diverged, backend)
    if history:
        result.w_history = np.array([v[0] for v in visited]).reshape(len(visited), len(w))
        result.b_history = np.array([v[1] for v in visited], dtype=np.float64)
    return result


# --- the three ways to get (loss, gradient) --------------------------------------------------

def loss_and_gradient(X, y, w, b, reduction="mean", l2=0.0):
    r"""The loss and its hand-derived gradient (the ``"numpy"`` backend's step).

    With :math:`p = \sigma(Xw + b)` the chain rule and :math:`\sigma' = \sigma(1-\sigma)` give
    :math:`\nabla_w = X^\top (p - y)/n + \lambda w` and :math:`\partial_b = \sum(p - y)/n`.
    """
    X = _validate.design_matrix(X)
    y = _validate.labels(y, X.shape[0])
    w = _validate.vector(w, X.shape[1], "w")
    b = _validate.finite_float(b, "b")
    _validate.one_of(reduction, "reduction", REDUCTIONS)
    return _numpy_step(X, y, reduction, l2, True)(w, b)


def _numpy_step(X, y, reduction, l2, fit_intercept):
    scale = 1.0 / X.shape[0] if reduction == "mean" else 1.0

    def step(w, b):
        with np.errstate(over="ignore", invalid="ignore"):  # overflow = divergence, checked
            z = X @ w + b
            residual = sigmoid(z) - y
            loss = bce_with_logits(z, y, "sum") * scale + 0.5 * l2 * (w @ w)
            grad_w = (X.T @ residual) * scale + l2 * w
            grad_b = residual.sum() * scale if fit_intercept else 0.0
        return loss, grad_w, grad_b
    return step


def _autograd_step(X, y, reduction, l2, fit_intercept):
    import autograd.numpy as anp
    from autograd import value_and_grad

    reduce = anp.mean if reduction == "mean" else anp.sum

    def objective(w, b):
        z = anp.dot(X, w) + b
        # log(1 + e^z) - y z is the cross-entropy from logits; logaddexp keeps it finite.
        return reduce(anp.logaddexp(0.0, z) - y * z) + 0.5 * l2 * anp.dot(w, w)

    value_and_grads = value_and_grad(objective, argnum=(0, 1))

    def step(w, b):
        with np.errstate(over="ignore", invalid="ignore"):
            loss, (grad_w, grad_b) = value_and_grads(w, b)
        return float(loss), grad_w, (float(grad_b) if fit_intercept else 0.0)
    return step


def _torch_step(X, y, reduction, l2, fit_intercept):
    import torch
    import torch.nn.functional as F

    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

    def step(w, b):
        w_t = torch.from_numpy(w).requires_grad_()      # shares w's memory: no copy
        b_t = torch.tensor(b, dtype=torch.float64, requires_grad=fit_intercept)
        z = torch.addmv(b_t, X_t, w_t)                  # b + X @ w in one pass
        loss = F.binary_cross_entropy_with_logits(z, y_t, reduction=reduction)
        loss = loss + 0.5 * l2 * (w_t @ w_t)
        loss.backward()
        grad_b = float(b_t.grad) if fit_intercept else 0.0
        return loss.item(), w_t.grad.numpy(), grad_b
    return step


_STEP_FACTORIES = {"numpy": _numpy_step, "autograd": _autograd_step, "torch": _torch_step}


# --- using a fitted model -------------------------------------------------------------------

def predict_proba(X, w, b=0.0):
    """p(y = 1 | x) for each row of X."""
    X = _validate.design_matrix(X)
    return sigmoid(X @ _validate.vector(w, X.shape[1], "w") + _validate.finite_float(b, "b"))


def accuracy(X, y, w, b=0.0):
    """Fraction of samples whose label equals the thresholded prediction (p >= 1/2)."""
    p = predict_proba(X, w, b)
    return float(np.mean((p >= 0.5) == _validate.labels(y, len(p))))


def smoothness_bound(X, reduction="mean", fit_intercept=True, l2=0.0):
    r"""L, an upper bound on the curvature of the loss: gradient descent is safe for lr < 2/L.

    The Hessian of the mean cross-entropy is :math:`A^\top S A / n` with
    :math:`S = \mathrm{diag}(p(1-p))` and :math:`p(1-p) \le 1/4`, so
    :math:`L = \lambda_{\max}(A^\top A)/(4n)` (without the ``/ n`` for the summed loss, which
    is why a fixed lr that suits 200 samples overshoots with 20 000), plus l2 for the penalty.
    A is X with a column of ones appended when the model has an intercept.
    """
    X = _validate.design_matrix(X)
    _validate.one_of(reduction, "reduction", REDUCTIONS)
    l2 = _validate.non_negative_float(l2, "l2")
    A = np.column_stack([X, np.ones(len(X))]) if fit_intercept else X
    curvature = np.linalg.eigvalsh(A.T @ A)[-1] / 4
    return float(curvature / (len(X) if reduction == "mean" else 1.0) + l2)


def reference_optimum(X, y, l2=0.0, reduction="mean", fit_intercept=True):
    """scikit-learn's (L-BFGS) minimiser of the same objective, as (w, b), to high precision.

    scikit-learn minimises C * sum(losses) + |w|^2 / 2, so C = 1 / l2 for the summed loss and
    C = 1 / (n * l2) for the mean loss; l2 = 0 is C = inf (no penalty).
    """
    from sklearn.linear_model import LogisticRegression

    X = _validate.design_matrix(X)
    y = _validate.labels(y, X.shape[0])
    _validate.one_of(reduction, "reduction", REDUCTIONS)
    l2 = _validate.non_negative_float(l2, "l2")
    if l2 == 0:
        C = np.inf
    else:
        C = 1.0 / (l2 * (X.shape[0] if reduction == "mean" else 1.0))
    model = LogisticRegression(C=C, tol=1e-12, max_iter=100_000,
                               fit_intercept=fit_intercept).fit(X, y)
    return model.coef_[0].copy(), float(model.intercept_[0]) if fit_intercept else 0.0


class LogisticRegressionGD:
    """A scikit-learn-shaped estimator over :func:`fit`, for readers who know sklearn.

    >>> model = LogisticRegressionGD(lr=0.5, epochs=500).fit(X, y)   # doctest: +SKIP
    >>> model.predict(X), model.coef_, model.intercept_              # doctest: +SKIP
    """

    def __init__(self, backend="numpy", lr=0.1, epochs=1000, fit_intercept=True,
                 reduction="mean", l2=0.0):
        self.backend, self.lr, self.epochs = backend, lr, epochs
        self.fit_intercept, self.reduction, self.l2 = fit_intercept, reduction, l2

    def fit(self, X, y):
        result = fit(X, y, backend=self.backend, lr=self.lr, epochs=self.epochs,
                     fit_intercept=self.fit_intercept, reduction=self.reduction, l2=self.l2)
        self.coef_ = result.w[np.newaxis, :]
        self.intercept_ = np.array([result.b])
        self.losses_, self.diverged_ = result.losses, result.diverged
        self.n_features_in_ = result.w.shape[0]
        return self

    def _require_fitted(self):
        if not hasattr(self, "coef_"):
            raise ValueError("This LogisticRegressionGD is not fitted yet; call .fit(X, y) "
                             "first.")

    def decision_function(self, X):
        self._require_fitted()
        X = _validate.design_matrix(X)
        return X @ _validate.vector(self.coef_[0], X.shape[1], "coef_") + self.intercept_[0]

    def predict_proba(self, X):
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        return (self.decision_function(X) >= 0).astype(np.float64)

    def score(self, X, y):
        return float(np.mean(self.predict(X) == _validate.labels(y, len(X))))

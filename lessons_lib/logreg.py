r"""Logistic regression: the model, its objective three ways, and ``fit``.

The model is :math:`p(y=1 \mid x) = \sigma(w^\top x + b)`. Training minimises the binary
cross-entropy (the negative log-likelihood of Bernoulli labels), averaged over the samples
(``reduction="mean"``) or summed (``"sum"``), plus an optional L2 penalty
:math:`\tfrac{\lambda}{2}\lVert w\rVert^2` (the bias is not penalised).

The parameters travel as one vector :math:`\theta = (w_1, \dots, w_d, b)`, and
:func:`objective` returns ``value_and_grad(theta)`` in one of three ways, which differ only in
how they get the gradient:

- ``"numpy"``    by hand: :math:`\nabla_w = X^\top(\sigma(Xw+b) - y)\,/\,n`, :math:`\partial_b =
  \operatorname{mean}(\sigma(Xw+b) - y)` (without the ``/ n`` for the summed loss);
- ``"autograd"`` HIPS autograd differentiates the negative log-likelihood,
  :math:`\sum \log(1 + e^{(1-2y)z})` (the value of :func:`functions.bce_with_logits`);
- ``"torch"``    PyTorch tensors in float64 and ``loss.backward()``.

All three compute in float64 and agree to 1e-10 on the same inputs (the tests hold them to it).
:func:`fit` hands the objective to an optimiser of :mod:`optimize`: gradient descent, mini-batch
SGD or Newton's method. ``LogisticRegressionGD``, the scikit-learn classifier over ``fit``,
lives in :mod:`lessons_lib.estimator` (it is also importable from here).
"""

import contextlib
import functools
import math
from dataclasses import dataclass

import numpy as np

from . import SEED, _validate, optimize
from .functions import log_sigmoid, sigmoid

BACKENDS = ("numpy", "autograd", "torch")
REDUCTIONS = ("mean", "sum")
METHODS = ("gd", "sgd", "newton")
DEFAULT_LR = {"gd": 0.1, "sgd": 0.1, "newton": 1.0}
NO_MLE = ("no finite maximum-likelihood estimate: the classes are linearly separable, so "
          "scaling up any separating w lowers the loss forever; add an L2 penalty (l2 > 0)")


@dataclass
class FitResult:
    """A trained model and how it got there: ``losses[k]`` is the loss at ``w_history[k]``,
    ``b_history[k]`` (k = 0 is the start); ``w``, ``b`` are the last of them."""

    w: np.ndarray            # (d,) weights, float64
    b: float                 # intercept (0.0 when fit_intercept=False)
    losses: np.ndarray       # (steps + 1,)
    w_history: np.ndarray    # (steps + 1, d)
    b_history: np.ndarray    # (steps + 1,)
    status: str              # an optimize status: "step cap" for a full budget, "diverged", ...
    verdict: str
    backend: str = "numpy"
    method: str = "gd"

    @property
    def diverged(self):
        return self.status == optimize.DIVERGED

    @classmethod
    def from_run(cls, run, backend, method):
        w_history, b_history = run.params[:, :-1], run.params[:, -1]
        return cls(w_history[-1].copy(), float(b_history[-1]), run.losses, w_history,
                   b_history, run.status, run.verdict, backend, method)


def fit(X, y, backend="numpy", lr=None, epochs=1000, w0=None, b0=0.0, fit_intercept=True,
        reduction="mean", l2=0.0, method="gd", batch_size=32, momentum=0.0, seed=SEED):
    """Fit logistic regression; returns a :class:`FitResult`.

    ``method``: "gd" (gradient descent, ``epochs`` steps on all samples), "sgd" (``epochs``
    passes of mini-batches of ``batch_size``, with ``momentum``) or "newton" (``epochs``
    Newton steps; NumPy backend only). ``lr`` defaults to 0.1 (1.0, the full step, for Newton).
    On divergence training stops: ``losses`` ends at the last value within the limit (see
    :mod:`optimize`) and ``w``, ``b`` are the parameters that produced it.
    """
    X = _validate.design_matrix(X)
    n, d = X.shape
    y = _validate.labels(y, n)
    method = _validate.one_of(method, "method", METHODS)
    lr = DEFAULT_LR[method] if lr is None else _validate.positive_float(lr, "lr")
    w0 = np.zeros(d) if w0 is None else _validate.vector(w0, d, "w0")
    b0 = _validate.finite_float(b0, "b0")
    fit_intercept = _validate.boolean(fit_intercept, "fit_intercept")
    if not fit_intercept and b0 != 0.0:
        raise ValueError(f"b0 must be 0 when fit_intercept=False (the bias is not learned); "
                         f"got b0={b0}.")
    epochs = _validate.count(epochs, "epochs")
    backend = _validate.one_of(backend, "backend", BACKENDS)
    reduction = _validate.one_of(reduction, "reduction", REDUCTIONS)
    l2 = _validate.non_negative_float(l2, "l2")
    # X and y are checked above: objective() would check them again, a full pass over X
    value_and_grad = _OBJECTIVES[backend](X, y, reduction, l2, fit_intercept)
    theta0 = np.r_[w0, b0]
    if method == "gd":
        run = optimize.gradient_descent(value_and_grad, theta0, lr, max_steps=epochs,
                                        steps_name="epochs", start_name="w0, b0")
    elif method == "sgd":
        run = optimize.sgd(value_and_grad, theta0, n, lr, epochs, batch_size, momentum, seed,
                           start_name="w0, b0")
    else:
        run = _newton(X, y, backend, reduction, l2, fit_intercept, theta0, lr, epochs)
    return FitResult.from_run(run, backend, method)


def _newton(X, y, backend, reduction, l2, fit_intercept, theta0, lr, steps):
    if backend != "numpy":
        raise ValueError(f"method='newton' uses the hand-derived Hessian of the 'numpy' "
                         f"backend; got backend={backend!r}. Use backend='numpy'.")
    _refuse_overflow(X)
    value_and_grad = objective(X, y, "numpy", reduction, l2, fit_intercept)

    def value_grad_hessian(theta):
        value, gradient = value_and_grad(theta)
        return value, gradient, hessian(X, theta[:-1], theta[-1], reduction, l2, fit_intercept)

    run = optimize.newton(value_grad_hessian, theta0, max_steps=steps, lr=lr,
                          steps_name="epochs", start_name="w0, b0")
    if l2 == 0 and run.status == optimize.STEP_CAP and is_separable(X, y):
        run.status, run.verdict = optimize.NO_MINIMUM, NO_MLE
    return run


def _refuse_overflow(X):
    # X^T X overflows (and LAPACK can spin without end on the infs) once entries pass ~1e154
    largest = float(np.abs(X).max())
    if largest > 1e150:
        raise ValueError(f"X has entries as large as {largest:.3g}: X^T X would overflow. "
                         "Rescale the features first (e.g. standardise them).")


# --- the objective, three ways -------------------------------------------------------------

def objective(X, y, backend="numpy", reduction="mean", l2=0.0, fit_intercept=True):
    """``value_and_grad(theta, rows=None)`` of the training loss, theta = (w, b).

    ``rows`` (an index array) evaluates the loss on those samples only, scaled to estimate the
    full objective: the batch mean for ``"mean"``, n / batch size times the batch sum for
    ``"sum"`` (what mini-batch SGD needs). Without an intercept the gradient's last entry is 0.
    """
    X = _validate.design_matrix(X)
    y = _validate.labels(y, X.shape[0])
    backend = _validate.one_of(backend, "backend", BACKENDS)
    reduction = _validate.one_of(reduction, "reduction", REDUCTIONS)
    l2 = _validate.non_negative_float(l2, "l2")
    fit_intercept = _validate.boolean(fit_intercept, "fit_intercept")
    return _OBJECTIVES[backend](X, y, reduction, l2, fit_intercept)


def _batch(X, per_sample, reduction, rows):
    """The rows of X and of ``per_sample`` (labels, or anything else with one entry per
    sample) in a batch, and the factor that turns their sum into the objective."""
    n = len(per_sample)
    if rows is not None:
        X, per_sample = X[rows], per_sample[rows]
    return X, per_sample, (1.0 / len(per_sample) if reduction == "mean" else n / len(per_sample))


def _numpy_objective(X, y, reduction, l2, fit_intercept):
    n, d = X.shape
    flip = 1.0 - 2.0 * y        # a = flip * z is the logit measured toward the wrong class
    # Buffers that every full-batch epoch writes into: with fresh arrays each epoch, allocation
    # and first touch cost as much as the arithmetic once n is large. e and tmp carry a zero
    # tail up to a whole number of _sum_log1p's blocks.
    padded = _padded_length(n)
    full_batch = np.empty(n), np.zeros(padded), np.empty(padded), np.empty(n, dtype=bool)

    def value_and_grad(theta, rows=None):
        Xb, flip_b, scale = _batch(X, flip, reduction, rows)
        m = len(flip_b)
        if rows is None:
            a, e_all, scratch, wrong = full_batch
        else:
            a, e_all, scratch, wrong = *np.empty((3, m)), np.empty(m, bool)
        e, tmp = e_all[:m], scratch[:m]
        w, b = theta[:d], theta[d]
        # overflow here means the steps overshoot: the loss comes back inf and the
        # optimiser's divergence rule stops the run
        with np.errstate(over="ignore", invalid="ignore"), _one_blas_thread(Xb):
            np.matmul(Xb, w, out=a)
            a += b
            a *= flip_b                  # z = Xw + b, then a = (1 - 2y) z
            # Per sample, loss = log(1 + e^z) - yz = log(1 + e^a) = max(a, 0) + log(1 + e^-|a|):
            # both terms >= 0, so their sums lose no digits to cancellation. One exp per epoch,
            # e = exp(-|a|) <= 1, which cannot overflow, serves the loss and the gradient.
            hinge = np.maximum(a, 0.0, out=tmp).sum()
            np.exp(np.negative(np.abs(a, out=e), out=e), out=e)
            loss = (hinge + _sum_log1p(e_all, scratch)) * scale
            # σ(a) = 1/(1 + e) where a > 0, else e/(1 + e): the numerator is max(e, [a > 0]),
            # which needs no branch per sample (np.where's costs more than the exp).
            np.maximum(e, np.greater(a, 0.0, out=wrong), out=tmp)
            sigma_a = np.divide(tmp, np.add(e, 1.0, out=e), out=e)
            residual = np.multiply(sigma_a, flip_b, out=e)      # σ(z) - y = (1 - 2y) σ(a)
            gradient = np.empty(d + 1)
            np.multiply(np.matmul(residual, Xb, out=gradient[:d]), scale, out=gradient[:d])
            gradient[d] = residual.sum() * scale if fit_intercept else 0.0
            if l2:
                gradient[:d] += l2 * w
                loss += 0.5 * l2 * (w @ w)
        return (loss if math.isfinite(loss) else math.inf), gradient
    return value_and_grad


# _sum_log1p multiplies blocks of this many factors (1 + e) <= 2: at most 2**512, far below
# float64's overflow at 2**1024; below _PRODUCTS_FROM samples log1p is cheap anyway
_LOG_BLOCK = 512
_PRODUCTS_FROM = 4 * _LOG_BLOCK


def _padded_length(n):
    """n, or n rounded up to whole blocks where _sum_log1p takes products (long vectors)."""
    return n if n < _PRODUCTS_FROM else -(-n // _LOG_BLOCK) * _LOG_BLOCK


def _sum_log1p(e, scratch):
    """Σ log(1 + e_i) for e_i in [0, 1], with one log per block of 512 samples.

    Without AVX-512, np.log1p is a libm call per sample and costs as much as np.exp (measured
    on an AVX2 machine: 0.7-0.9 ms per 100 000 samples; the products below, 0.1-0.2 ms). A sum
    of logs is the log of a product, and factors combine in pairs as (1 + a)(1 + b) =
    1 + (a + b + ab): carrying q = product - 1 instead of the product keeps every digit of a
    tiny e_i (1 + 1e-17 rounds to 1), and a, b, ab >= 0 lose none to cancellation. Each pass
    halves the vector; the zero tail of a padded e is a factor of 1. A short e (or a
    mini-batch's) takes log1p.
    """
    if len(e) < _PRODUCTS_FROM or len(e) % _LOG_BLOCK:
        return np.log1p(e, out=scratch[:len(e)]).sum()
    q = e
    while len(q) > len(e) // _LOG_BLOCK:
        half = len(q) // 2
        a, b = q[:half], q[half:]
        ab = np.multiply(a, b, out=scratch[-half:])
        q = np.add(a, b, out=scratch[:half])
        q += ab
    return np.log1p(q).sum()


def _autograd_objective(X, y, reduction, l2, fit_intercept):
    import autograd.numpy as anp
    from autograd import value_and_grad as autograd_value_and_grad

    d = X.shape[1]
    flip = 1.0 - 2.0 * y

    def value_and_grad(theta, rows=None):
        Xb, flip_b, scale = _batch(X, flip, reduction, rows)

        def loss(theta):
            w, b = theta[:d], (theta[d] if fit_intercept else 0.0)
            # -log p(y | x) = log(1 + e^a), a = (1 - 2y) z the logit toward the wrong label:
            # the value of functions.bce_with_logits, log(1 + e^z) - yz, from fewer n-vectors,
            # each of which autograd keeps for the backward pass (and a large one is new
            # memory, page faults included, every epoch)
            a = (anp.dot(Xb, w) + b) * flip_b
            total = anp.sum(anp.logaddexp(0.0, a)) * scale
            return total + 0.5 * l2 * anp.dot(w, w) if l2 else total
        with _one_blas_thread(Xb):
            return autograd_value_and_grad(loss)(theta)
    return value_and_grad


# Threads only pay on large problems. Each product of an epoch (X @ w, X.T @ r, y @ z; in torch
# also the loss and its backward) wakes the library's threads, which must then wait for a free
# core, while the elementwise work between the products runs on one thread anyway. On a machine
# running anything else, each epoch waits many times (measured on 2 shared cores at load ~6:
# torch at n = 1e5, d = 20 took 23 ms per epoch on one thread and 270 ms on two; NumPy's y @ z
# at n = 2e4 took 0.01 ms on one thread and 24 ms on two). So every backend computes problems
# up to this many entries of X on one thread, and gives the user's setting back after each call.
ONE_THREAD_UP_TO = 10**7
# OpenBLAS keeps smaller products on one thread by itself: below this size the limit, ~10 µs a
# call, would only slow a tiny problem's epoch (~20 µs).
_BLAS_THREADS_FROM = 10**4


def _one_blas_thread(X):
    """Holds NumPy's BLAS to one thread for products over X of the size ONE_THREAD_UP_TO names."""
    if _BLAS_THREADS_FROM < X.size <= ONE_THREAD_UP_TO:
        return _blas_threads().limit(limits=1, user_api="blas")
    return contextlib.nullcontext()


@functools.cache
def _blas_threads():
    from threadpoolctl import ThreadpoolController  # scikit-learn's dependency too
    return ThreadpoolController()


def _torch_objective(X, y, reduction, l2, fit_intercept):
    import torch
    import torch.nn.functional as F

    d = X.shape[1]
    # torch wants C-ordered, writeable memory (X[::-1] and read-only arrays are copied once)
    X_t = torch.from_numpy(np.require(X, requirements=["C", "W"]))
    y_t = torch.from_numpy(np.require(y, requirements=["C", "W"]))
    one_thread = X.size <= ONE_THREAD_UP_TO

    def value_and_grad(theta, rows=None):
        Xb, yb, scale = _batch(X_t, y_t, reduction, rows)
        # shares theta's memory (no copy); a fresh tensor each call, so .grad starts empty
        theta_t = torch.from_numpy(np.require(theta, np.float64, ["C", "W"])).requires_grad_()
        w = theta_t[:d]
        threads = torch.get_num_threads()
        if one_thread:
            torch.set_num_threads(1)             # see ONE_THREAD_UP_TO
        try:
            z = torch.addmv(theta_t[d], Xb, w) if fit_intercept else Xb @ w   # b + X @ w
            loss = F.binary_cross_entropy_with_logits(z, yb, reduction="sum") * scale
            loss = loss + 0.5 * l2 * (w @ w)
            loss.backward()
        finally:
            torch.set_num_threads(threads)
        return loss.item(), theta_t.grad.numpy()
    return value_and_grad


_OBJECTIVES = {"numpy": _numpy_objective, "autograd": _autograd_objective,
               "torch": _torch_objective}


def loss_and_gradient(X, y, w, b, reduction="mean", l2=0.0):
    r"""The loss and its hand-derived gradient, as (loss, grad_w, grad_b).

    With :math:`p = \sigma(Xw + b)` the chain rule and :math:`\sigma' = \sigma(1-\sigma)` give
    :math:`\nabla_w = X^\top (p - y)/n + \lambda w` and :math:`\partial_b = \sum(p - y)/n`.
    """
    X = _validate.design_matrix(X)
    w = _validate.vector(w, X.shape[1], "w")
    b = _validate.finite_float(b, "b")
    loss, gradient = objective(X, y, "numpy", reduction, l2)(np.r_[w, b])
    if not (np.isfinite(loss) and np.all(np.isfinite(gradient))):
        raise ValueError("the loss overflows at these w and b (the logits X @ w + b are too "
                         "large for float64); use smaller w, b or rescale X.")
    return float(loss), gradient[:-1], float(gradient[-1])


def hessian(X, w, b=0.0, reduction="mean", l2=0.0, fit_intercept=True):
    r"""The Hessian of the loss in theta = (w, b): :math:`A^\top S A / n + \lambda I_w`.

    A is X with a column of ones, :math:`S = \mathrm{diag}(p(1-p))`. Newton's method solves
    with it; at the optimum its inverse (for the summed loss) estimates the covariance of the
    maximum-likelihood estimate, whose diagonal gives the standard errors. Without an
    intercept the row and column of b are 0.
    """
    X = _validate.design_matrix(X)
    w = _validate.vector(w, X.shape[1], "w")
    b = _validate.finite_float(b, "b")
    reduction = _validate.one_of(reduction, "reduction", REDUCTIONS)
    l2 = _validate.non_negative_float(l2, "l2")
    fit_intercept = _validate.boolean(fit_intercept, "fit_intercept")
    _refuse_overflow(X)
    n, d = X.shape
    A = np.column_stack([X, np.ones(n) if fit_intercept else np.zeros(n)])
    p = predict_proba(X, w, b)
    H = (A * (p * (1 - p))[:, None]).T @ A / (n if reduction == "mean" else 1.0)
    H[:d, :d] += l2 * np.eye(d)
    return H


# --- using a fitted model -------------------------------------------------------------------

def predict_proba(X, w, b=0.0):
    """p(y = 1 | x) for each row of X."""
    return sigmoid(_logits(X, w, b))


def predict_log_proba(X, w, b=0.0):
    """log p(y = 1 | x) for each row of X, exact also where p rounds to 0."""
    return log_sigmoid(_logits(X, w, b))


def _logits(X, w, b):
    X = _validate.design_matrix(X)
    w = _validate.vector(w, X.shape[1], "w")
    b = _validate.finite_float(b, "b")
    return _validate.logits(X, w, b)


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
    reduction = _validate.one_of(reduction, "reduction", REDUCTIONS)
    fit_intercept = _validate.boolean(fit_intercept, "fit_intercept")
    l2 = _validate.non_negative_float(l2, "l2")
    _refuse_overflow(X)
    A = np.column_stack([X, np.ones(len(X))]) if fit_intercept else X
    curvature = np.linalg.eigvalsh(A.T @ A)[-1] / 4
    return float(curvature / (len(X) if reduction == "mean" else 1.0) + l2)


def is_separable(X, y):
    """True when a line (hyperplane) puts every y = 1 strictly on one side and every y = 0 on
    the other: then there is no finite maximum-likelihood estimate.

    Decided exactly by a linear program: is there (w, b) with (2y - 1)(w.x + b) >= 1 for all
    samples? (Any strict separator can be scaled to margin 1.)
    """
    from scipy.optimize import linprog

    X = _validate.design_matrix(X)
    y = _validate.labels(y, X.shape[0])
    signs = 2 * y - 1
    A = np.column_stack([X, np.ones(len(X))])
    result = linprog(np.zeros(A.shape[1]), A_ub=-signs[:, None] * A, b_ub=-np.ones(len(X)),
                     bounds=(None, None), method="highs")
    return result.status == 0     # 0: a feasible (w, b) exists; 2: infeasible


def reference_optimum(X, y, l2=0.0, reduction="mean", fit_intercept=True):
    """scikit-learn's (L-BFGS) minimiser of the same objective, as (w, b), to high precision.

    scikit-learn minimises C * sum(losses) + |w|^2 / 2, so C = 1 / l2 for the summed loss and
    C = 1 / (n * l2) for the mean loss; l2 = 0 is C = inf (no penalty). Without a penalty on
    separable data there is no minimiser, and this raises a ValueError that says so.
    """
    from sklearn.linear_model import LogisticRegression

    X = _validate.design_matrix(X)
    y = _validate.labels(y, X.shape[0])
    reduction = _validate.one_of(reduction, "reduction", REDUCTIONS)
    l2 = _validate.non_negative_float(l2, "l2")
    fit_intercept = _validate.boolean(fit_intercept, "fit_intercept")
    if len(np.unique(y)) < 2:
        raise ValueError("y holds one class only: the optimum sends b to ±infinity; "
                         "pass samples of both classes.")
    if l2 == 0 and is_separable(X, y):
        raise ValueError(NO_MLE + ".")
    C = np.inf if l2 == 0 else 1.0 / (l2 * (X.shape[0] if reduction == "mean" else 1.0))
    if C == 0:
        raise ValueError(f"l2={l2:g} is too large: the penalty would pin w to exactly 0. "
                         "Use a value below 1e300.")
    model = LogisticRegression(C=C, tol=1e-12, max_iter=100_000,
                               fit_intercept=fit_intercept).fit(X, y)
    return model.coef_[0].copy(), float(model.intercept_[0]) if fit_intercept else 0.0


def __getattr__(name):
    # The scikit-learn classifier imports sklearn, which takes ~0.5 s: load it on first use.
    if name == "LogisticRegressionGD":
        from .estimator import LogisticRegressionGD
        return LogisticRegressionGD
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

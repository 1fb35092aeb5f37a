"""Optimisers the lessons run and compare.

- :func:`gradient_descent` on any differentiable f (a number or a vector), with the stopping
  rules of lessons 03-04 and a verdict a learner can read, never a NaN;
- :func:`newton_logreg` (Newton's method = iteratively reweighted least squares) and
  :func:`sgd_logreg` (mini-batch SGD with momentum) for logistic regression, lesson 08.
"""

from dataclasses import dataclass

import numpy as np

from . import SEED, _validate
from .functions import bce_with_logits, sigmoid

CONVERGED, DIVERGED, FALSE_STOP, STEP_CAP = "converged", "diverged", "false stop", "step cap"


@dataclass
class Descent:
    """What a run did. On divergence the path ends at the last finite iterate: the verdict's
    "diverged at step k" names the step that crossed the limit, so ``steps`` is k - 1."""

    path: np.ndarray     # x_0, x_1, ..., x_k  (shape (k+1,) for a number, (k+1, dim) for a vector)
    values: np.ndarray   # f(x_0), ..., f(x_k)
    status: str          # CONVERGED, DIVERGED, FALSE_STOP or STEP_CAP
    verdict: str         # one sentence for a learner
    lr: float

    @property
    def steps(self):
        return len(self.path) - 1

    @property
    def x(self):
        return self.path[-1]

    @property
    def converged(self):
        return self.status == CONVERGED

    @property
    def diverged(self):
        return self.status == DIVERGED


def gradient_descent(f, grad, x0, lr, max_steps=10_000, tol=1e-8, grad_tol=None,
                     minimum_tol=1e-2, divergence_factor=1e12):
    """Run x <- x - lr * grad(x) from x0 until a stopping rule fires.

    Rules, checked after every step k:

    - divergence: f(x_k) not finite, or |f(x_k)| > divergence_factor * (1 + |f(x_0)|)
      -> DIVERGED, "diverged at step k" (we stop before anything overflows);
    - the epsilon rule (``tol``, None to switch off): |f(x_k) - f(x_{k-1})| < tol. It only says
      f stopped changing, so we look at the gradient: if |f'(x_k)| > ``minimum_tol`` the stop
      is FALSE_STOP (at lr = 1 on the parabola the iterate jumps 0 -> 5 -> 0 with f unchanged);
    - the gradient rule (``grad_tol``, None to switch off): |f'(x_k)| < grad_tol -> CONVERGED;
    - ``max_steps`` reached -> STEP_CAP.
    """
    lr = _validate.positive_float(lr, "lr")
    max_steps = _validate.count(max_steps, "max_steps")
    if tol is not None:
        tol = _validate.positive_float(tol, "tol")
    if grad_tol is not None:
        grad_tol = _validate.positive_float(grad_tol, "grad_tol")
    x = _validate._float_array(x0, "x0")
    if x.ndim > 1:
        raise ValueError(f"x0 must be a number or a 1-D vector; got shape {x.shape}.")
    _validate._require_finite(x, "x0")
    fx = float(f(x))
    path, values = [x], [fx]
    limit = divergence_factor * (1.0 + abs(fx))

    def done(status, verdict):
        return Descent(np.array(path), np.array(values), status, verdict, lr)

    for k in range(1, max_steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            x = x - lr * np.asarray(grad(x), dtype=np.float64)
            fx_new = float(f(x))
        if not (np.isfinite(fx_new) and abs(fx_new) <= limit and np.all(np.isfinite(x))):
            return done(DIVERGED, f"diverged at step {k} (f > {limit:.3g})")
        path.append(x)
        values.append(fx_new)
        slope = float(np.linalg.norm(grad(x)))
        if tol is not None and abs(fx_new - fx) < tol:
            if slope > minimum_tol:
                return done(FALSE_STOP, f"ε rule stopped at step {k}, not at a minimum "
                                        f"(|f'| = {slope:.3g})")
            return done(CONVERGED, f"converged in {_steps(k)} (ε rule)")
        if grad_tol is not None and slope < grad_tol:
            return done(CONVERGED, f"converged in {_steps(k)} (|f'(x)| < {grad_tol:g})")
        fx = fx_new
    if values[-1] > values[0]:
        trend = "f growing: diverging"
    elif len(values) >= 3 and values[-1] >= values[-3]:   # no progress over two steps
        trend = ("at a minimum" if float(np.linalg.norm(grad(x))) <= minimum_tol
                 else "f not falling: the iterates cycle")
    else:
        trend = "f still falling"
    return done(STEP_CAP, f"step cap {max_steps} reached, {trend}")


def _steps(k):
    return f"{k} step" if k == 1 else f"{k} steps"


@dataclass
class Trace:
    w: np.ndarray
    b: float
    losses: np.ndarray   # objective before each iteration (epoch, for SGD), then the final one


def _objective(X, y, w, b, l2):
    return bce_with_logits(X @ w + b, y, "mean") + 0.5 * l2 * (w @ w)


def _check_inputs(X, y, l2):
    X = _validate.design_matrix(X)
    y = _validate.labels(y, X.shape[0])
    l2 = _validate.non_negative_float(l2, "l2")
    return X, y, l2


def newton_logreg(X, y, iterations=10, l2=0.0):
    r"""Newton's method on the mean cross-entropy (+ l2/2 |w|^2), with an intercept.

    With the bias folded in as a column of ones, the gradient is :math:`A^\top(p-y)/n` and the
    Hessian :math:`A^\top S A / n` with :math:`S = \mathrm{diag}(p(1-p))`: each Newton step
    solves a weighted least-squares problem, hence the name IRLS. Convergence is quadratic
    near the optimum (the number of correct digits doubles per step).
    """
    X, y, l2 = _check_inputs(X, y, l2)
    iterations = _validate.count(iterations, "iterations")
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])
    theta = np.zeros(d + 1)
    penalty = l2 * np.diag(np.r_[np.ones(d), 0.0])   # the bias is not penalised
    losses = []
    for _ in range(iterations + 1):
        w, b = theta[:d], theta[d]
        losses.append(_objective(X, y, w, b, l2))
        if len(losses) > iterations:
            break
        p = sigmoid(A @ theta)
        gradient = A.T @ (p - y) / n + penalty @ theta
        hessian = (A * (p * (1 - p))[:, None]).T @ A / n + penalty
        theta = theta - np.linalg.lstsq(hessian, gradient, rcond=None)[0]
    return Trace(theta[:d].copy(), float(theta[d]), np.array(losses))


def sgd_logreg(X, y, lr=0.1, epochs=20, batch_size=32, momentum=0.0, l2=0.0, seed=SEED):
    """Mini-batch SGD (heavy-ball momentum when momentum > 0) on the mean cross-entropy.

    Each epoch shuffles the samples with a seeded generator and walks through them in batches;
    ``batch_size = n`` with momentum 0 is plain gradient descent.
    """
    X, y, l2 = _check_inputs(X, y, l2)
    lr = _validate.positive_float(lr, "lr")
    epochs = _validate.count(epochs, "epochs")
    batch_size = _validate.count(batch_size, "batch_size", minimum=1)
    momentum = _validate.finite_float(momentum, "momentum")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1); got {momentum}.")
    rng = np.random.default_rng(seed)
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    velocity_w, velocity_b = np.zeros(d), 0.0
    losses = [_objective(X, y, w, b, l2)]
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            residual = sigmoid(X[batch] @ w + b) - y[batch]
            grad_w = X[batch].T @ residual / len(batch) + l2 * w
            grad_b = residual.mean()
            velocity_w = momentum * velocity_w - lr * grad_w
            velocity_b = momentum * velocity_b - lr * grad_b
            w, b = w + velocity_w, b + velocity_b
        losses.append(_objective(X, y, w, b, l2))
    return Trace(w, float(b), np.array(losses))

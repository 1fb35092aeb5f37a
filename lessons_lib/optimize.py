"""Every iterative loop of the series, and one result type for all of them.

- :func:`gradient_descent`  x <- x - lr * grad f(x), on any f that returns (value, gradient):
  the parabola of lessons 03-04 and logistic regression run through this same loop;
- :func:`sgd`               mini-batch stochastic gradient descent, with heavy-ball momentum;
- :func:`newton`            Newton's method (for logistic regression: IRLS).

Each returns a :class:`Run`: ``params[k]`` and ``losses[k]`` for k = 0 ... steps, the loss
measured at the parameters beside it (the start included), a ``status`` and a one-sentence
``verdict`` for a learner. Nobody downstream adds or subtracts 1.

**The divergence rule**, the only one: a run has diverged when its loss is not finite or
exceeds ``DIVERGENCE_FACTOR`` times its starting size, ``|f(x_k)| > 100 · max(|f(x_0)|, 1)``.
With a step that suits the curvature, gradient descent never raises a convex loss, so a loss
100 times its start means the steps overshoot. The run then stops before anything overflows;
``params`` and ``losses`` end at the last step within the limit. (The logistic loss grows only
linearly in w, so an overshooting run on it can cycle at a high loss forever without ever
reaching infinity: the factor is where we decide to call that divergence.)

A run can always be interrupted (Kernel -> Interrupt): it then returns what it has, with
status "interrupted".
"""

import math
import time
from dataclasses import dataclass

import numpy as np

from . import SEED, _validate

CONVERGED, DIVERGED, FALSE_STOP = "converged", "diverged", "false stop"
STEP_CAP, INTERRUPTED, NO_MINIMUM = "step cap", "interrupted", "no minimum"

DIVERGENCE_FACTOR = 100.0
MAX_STEPS = 100_000
"""Step counts above this are refused (the largest run in the lessons is 10 000 steps). Raise
it, ``lessons_lib.optimize.MAX_STEPS = ...``, if you really mean a longer run."""


@dataclass
class Run:
    """What a run did: ``params[k]``, ``losses[k]`` for k = 0 ... steps."""

    params: np.ndarray   # shape (steps + 1,) + shape of x0
    losses: np.ndarray   # shape (steps + 1,): losses[k] = f(params[k])
    status: str          # CONVERGED, DIVERGED, FALSE_STOP, STEP_CAP, INTERRUPTED or NO_MINIMUM
    verdict: str         # one sentence for a learner
    lr: float | None = None

    @property
    def steps(self):
        return len(self.params) - 1

    @property
    def x(self):
        return self.params[-1]

    @property
    def converged(self):
        return self.status == CONVERGED

    @property
    def diverged(self):
        return self.status == DIVERGED

    @property
    def diverged_at_step(self):
        """The step whose loss broke the divergence rule (it is not recorded: params and
        losses stop at the last step inside the limit), or None if the run did not diverge."""
        return self.steps + 1 if self.diverged else None


class _Recorder:
    """Collects the visited parameters and losses, and applies the divergence rule."""

    def __init__(self, x0, loss0):
        self.params, self.losses = [x0], [loss0]
        self.limit = DIVERGENCE_FACTOR * max(abs(loss0), 1.0)

    def within_limit(self, loss):
        return math.isfinite(loss) and abs(loss) <= self.limit

    def add(self, x, loss):
        self.params.append(x)
        self.losses.append(loss)

    def diverged_at(self, k):
        return (f"diverged at step {k}: the loss left the limit {self.limit:.3g} "
                f"(100 × its start); lower the learning rate")

    def run(self, status, verdict, lr=None):
        return Run(np.array(self.params), np.array(self.losses, dtype=np.float64), status,
                   verdict, lr)


def gradient_descent(value_and_grad, x0, lr, max_steps=10_000, tol=None, grad_tol=None,
                     minimum_tol=1e-2, *, steps_name="max_steps", start_name="x0"):
    """Run x <- x - lr * gradient from x0; ``value_and_grad(x)`` returns (f(x), grad f(x)).

    Stopping rules, checked after every step k (each ``None`` switches one off):

    - divergence (always on; see the module docstring) -> DIVERGED;
    - the epsilon rule, ``tol``: |f(x_k) - f(x_{k-1})| < tol. It only says f stopped changing,
      so we look at the gradient too: if |grad f(x_k)| > ``minimum_tol`` the stop is a
      FALSE_STOP (at lr = 1 on the parabola the iterate jumps 0 -> 5 -> 0 with f unchanged);
    - the gradient rule, ``grad_tol``: |grad f(x_k)| < grad_tol -> CONVERGED;
    - ``max_steps`` reached -> STEP_CAP (with both rules off, every run ends so: a fixed budget).

    ``steps_name`` and ``start_name`` are what the caller calls ``max_steps`` and ``x0``, for the
    messages that refuse a budget or a start (``logreg.fit`` passes "epochs" and "w0, b0").
    """
    value_and_grad = _validate.function(value_and_grad, "value_and_grad")
    lr = _validate.positive_float(lr, "lr")
    max_steps = _validate.count(max_steps, "max_steps")
    tol = None if tol is None else _validate.positive_float(tol, "tol")
    grad_tol = None if grad_tol is None else _validate.positive_float(grad_tol, "grad_tol")
    minimum_tol = _validate.positive_float(minimum_tol, "minimum_tol")
    x, first, seconds = _timed_start(value_and_grad, x0, start_name)
    refuse_runaway(max_steps, steps_name, seconds)
    fx, gx = float(first[0]), np.asarray(first[1], dtype=np.float64)
    record = _Recorder(x, fx)
    # one errstate around the whole loop: entering it costs as much as a small problem's step
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for k in range(1, max_steps + 1):
                x_new = x - lr * gx
                if not np.isfinite(x_new).all():
                    return record.run(DIVERGED, record.diverged_at(k), lr)
                fx_new, gx_new = _evaluate(value_and_grad, x_new)
                if not record.within_limit(fx_new):
                    return record.run(DIVERGED, record.diverged_at(k), lr)
                record.add(x_new, fx_new)
                if tol is not None and abs(fx_new - fx) < tol:
                    slope = _norm(gx_new)
                    if slope > minimum_tol:
                        return record.run(FALSE_STOP, f"ε rule stopped at step {k}, not at a "
                                          f"minimum (|f'| = {slope:.3g})", lr)
                    return record.run(CONVERGED, f"converged in {_plural(k)} (ε rule)", lr)
                if grad_tol is not None and _norm(gx_new) < grad_tol:
                    return record.run(CONVERGED,
                                      f"converged in {_plural(k)} (|f'(x)| < {grad_tol:g})", lr)
                x, fx, gx = x_new, fx_new, gx_new
    except KeyboardInterrupt:
        return record.run(INTERRUPTED, f"interrupted after {_plural(len(record.losses) - 1)}",
                          lr)
    return record.run(STEP_CAP, f"stopped after {_plural(max_steps)} (the step budget): "
                      f"{_trend(record.losses, _norm(gx), minimum_tol)}", lr)


def sgd(value_and_grad, x0, n_samples, lr, epochs, batch_size=32, momentum=0.0, seed=SEED, *,
        start_name="x0"):
    """Mini-batch SGD with heavy-ball momentum: one epoch is one pass over the samples.

    ``value_and_grad(x, rows)`` returns the objective and its gradient on the samples ``rows``
    (``rows=None``: all of them). Each epoch shuffles the samples with a seeded generator and
    steps once per batch; ``params[k]``, ``losses[k]`` are taken after k epochs, the loss on all
    samples. ``batch_size = n_samples`` with momentum 0 is plain gradient descent.
    ``start_name`` is what the caller calls ``x0``, for the message that refuses a start.
    """
    value_and_grad = _validate.function(value_and_grad, "value_and_grad")
    n_samples = _validate.count(n_samples, "n_samples", minimum=1, maximum=_validate.MAX_SAMPLES)
    lr = _validate.positive_float(lr, "lr")
    epochs = _validate.count(epochs, "epochs")
    seed = _validate.count(seed, "seed")
    batch_size = _validate.count(batch_size, "batch_size", minimum=1)
    momentum = _validate.finite_float(momentum, "momentum")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1); got {momentum}. 0.9 is usual.")
    rng = np.random.default_rng(seed)
    x, (loss0, _), seconds = _timed_start(value_and_grad, x0, start_name)
    refuse_runaway(epochs, "epochs", seconds * (1 + n_samples / batch_size))
    record = _Recorder(x, float(loss0))
    velocity = np.zeros_like(x)
    try:
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n_samples)
            with np.errstate(over="ignore", invalid="ignore"):
                for start in range(0, n_samples, batch_size):
                    _, gradient = _evaluate(value_and_grad, x, order[start:start + batch_size])
                    velocity = momentum * velocity - lr * gradient
                    x = x + velocity
                    if not np.all(np.isfinite(x)):
                        break
                loss = _evaluate(value_and_grad, x)[0] if np.all(np.isfinite(x)) else np.inf
            if not record.within_limit(loss):
                return record.run(DIVERGED, record.diverged_at(epoch), lr)
            record.add(x, loss)
    except KeyboardInterrupt:
        return record.run(INTERRUPTED, f"interrupted after {len(record.losses) - 1} epochs", lr)
    return record.run(STEP_CAP, f"ran {epochs} epochs of mini-batch SGD, final loss "
                      f"{record.losses[-1]:.6g}", lr)


def newton(value_grad_hessian, x0, max_steps=20, lr=1.0, grad_tol=None, *,
           steps_name="max_steps", start_name="x0"):
    """Newton's method: x <- x - lr * H(x)^-1 grad f(x); ``value_grad_hessian(x)`` returns
    (f, gradient, Hessian). Near a minimum with a positive-definite Hessian the number of
    correct digits doubles every step (quadratic convergence). A singular Hessian is solved in
    the least-squares sense (the smallest step that does the job). ``steps_name`` and
    ``start_name``: as for :func:`gradient_descent`."""
    value_grad_hessian = _validate.function(value_grad_hessian, "value_grad_hessian")
    max_steps = _validate.count(max_steps, "max_steps")
    lr = _validate.positive_float(lr, "lr")
    grad_tol = None if grad_tol is None else _validate.positive_float(grad_tol, "grad_tol")
    x, (fx, gx, hx), seconds = _timed_start(value_grad_hessian, x0, start_name)
    refuse_runaway(max_steps, steps_name, seconds)
    record = _Recorder(x, float(fx))
    try:
        for k in range(1, max_steps + 1):
            with np.errstate(over="ignore", invalid="ignore"):
                x_new = x - lr * np.linalg.lstsq(hx, gx, rcond=None)[0]
                if np.all(np.isfinite(x_new)):
                    fx, gx, hx = value_grad_hessian(x_new)
                else:
                    fx = np.inf
            if not record.within_limit(float(fx)):
                return record.run(DIVERGED, record.diverged_at(k), lr)
            record.add(x_new, float(fx))
            x = x_new
            if grad_tol is not None and _norm(gx) < grad_tol:
                return record.run(CONVERGED, f"converged in {_plural(k)} "
                                  f"(|gradient| < {grad_tol:g})", lr)
    except KeyboardInterrupt:
        return record.run(INTERRUPTED, f"interrupted after {_plural(len(record.losses) - 1)}",
                          lr)
    return record.run(STEP_CAP, f"ran {_plural(max_steps)} of Newton's method, |gradient| "
                      f"{_norm(gx):.3g}", lr)


# --- shared pieces -------------------------------------------------------------------------

def refuse_runaway(steps, name, seconds_per_step):
    """Refuse a step count above MAX_STEPS, saying how long the run would have taken."""
    steps = _validate.count(steps, name)
    seconds_per_step = _validate.non_negative_float(seconds_per_step, "seconds_per_step")
    if steps > MAX_STEPS:
        hours = steps * seconds_per_step / 3600
        raise ValueError(f"{name}={steps:,} is above this course's limit of {MAX_STEPS:,} "
                         f"steps: at {seconds_per_step * 1e3:.2g} ms a step it would take about "
                         f"{hours:.3g} hours (a lesson needs at most 10 000 steps). Use fewer, "
                         "or set lessons_lib.optimize.MAX_STEPS higher if you really mean it.")


def _timed_start(function, x0, start_name):
    """x0 validated, the first evaluation, and the seconds it took."""
    x = _start(x0)
    start = time.perf_counter()
    first = function(x)
    seconds = time.perf_counter() - start
    if not math.isfinite(float(first[0])):
        raise ValueError(f"the loss at the start ({start_name}) is not finite "
                         f"({float(first[0])}): start where the function has a value (for a "
                         "model, smaller starting weights: the default is all zeros).")
    return x, first, seconds


def _start(x0):
    x = _validate.finite_array(x0, "x0")
    if x.ndim > 1 or x.size == 0:
        raise ValueError(f"x0 must be a number or a non-empty 1-D vector; got shape {x.shape}.")
    return x


def _evaluate(value_and_grad, x, *rows):
    value, gradient = value_and_grad(x, *rows)
    return float(value), np.asarray(gradient, dtype=np.float64)


def _trend(losses, slope, minimum_tol):
    """Where f is heading after the last steps, in words (for a run that hit its step cap)."""
    if len(losses) < 3:
        return "f growing: diverging" if losses[-1] > losses[0] else "f still falling"
    if losses[-1] < losses[-3] and not np.isclose(losses[-1], losses[-3], rtol=1e-9, atol=0):
        return "f still falling"
    if np.isclose(losses[-1], losses[-3], rtol=1e-9, atol=0) or losses[-1] <= losses[0]:
        # no change over two steps: a minimum, or a bounded cycle (an exact 2-cycle repeats
        # every second value, possibly above where it started)
        if slope <= minimum_tol:
            return "at a minimum"
        if losses[-1] > losses[0]:
            return "f above its start but not growing: the iterates bounce in a cycle"
        return "f not falling: the iterates cycle"
    return "f growing: diverging"


def _norm(g):
    """|g| for a gradient of any shape (a 0-d one included), as a float."""
    return math.sqrt(float(np.vdot(g, g)))


def _plural(k):
    return f"{k} step" if k == 1 else f"{k} steps"

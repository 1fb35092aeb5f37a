"""Exercise checkers: each prints "✓ …" or a hint, and never raises.

The framework (report, expect, close) is in ``framework``; the checkers of each lesson in
``lessonNN``. Notebooks call them as ``check.<name>(answer)``.
"""

from .framework import Hint, close, expect, report
from .lesson00 import fraction_of_ones, warm_up
from .lesson01 import bernoulli_nll, coin_log_likelihood, coin_mle
from .lesson02 import decision_boundary_1d, logit, stable_sigmoid
from .lesson03 import gd_step, partial_derivatives, steps_needed
from .lesson04 import converges, safe_learning_rate
from .lesson05 import gradient_step, logreg_gradient, predict_labels
from .lesson06 import autograd_loss, sigmoid_derivative
from .lesson07 import no_grad_step, second_derivative
from .lesson08 import is_separable, map_objective

__all__ = ["Hint", "close", "expect", "report", "fraction_of_ones", "warm_up", "bernoulli_nll",
           "coin_log_likelihood", "coin_mle", "decision_boundary_1d", "logit", "stable_sigmoid",
           "gd_step", "partial_derivatives", "steps_needed", "converges", "safe_learning_rate",
           "gradient_step", "logreg_gradient", "predict_labels", "autograd_loss",
           "sigmoid_derivative", "no_grad_step", "second_derivative", "is_separable",
           "map_objective"]

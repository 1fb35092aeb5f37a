"""Helpers for the logistic-regression lessons.

One module per concept, each small enough to read in one sitting:

- ``functions``  sigmoid, log-sigmoid, cross-entropy from logits, the parabola of lesson 03
- ``data``       the small data sets the lessons use, and breast cancer from scikit-learn
- ``optimize``   every iterative loop (gradient descent, SGD, Newton) and its ``Run`` result
- ``logreg``     logistic regression three ways (NumPy, autograd, PyTorch) behind one ``fit``
- ``estimator``  ``LogisticRegressionGD``, a scikit-learn classifier built on ``logreg.fit``
- ``evaluation`` confusion counts, ROC and precision-recall, AUC by pairs, calibration bins,
  standard errors and odds-ratio intervals (lesson 09)
- ``softmax``    softmax regression: log-sum-exp, K-class cross-entropy, fit (lesson 10)
- ``network``    a one-hidden-layer network with hand-written backprop (lesson 11)
- ``check``      exercise checkers: print a tick or a hint, never raise (one module per lesson)
- ``plots``      the figures the lessons share
- ``explorers``  the slider explorers (one module per explorer)

Submodules are imported on demand, so ``import lessons_lib`` stays fast and never loads torch.
"""

__version__ = "0.1.0"

SEED = 2024
"""The one seed every lesson uses, so every run of every notebook gives the same numbers."""

"""``LogisticRegressionGD``: the lessons' logistic regression as a scikit-learn classifier.

It is a classifier in full, so everything scikit-learn builds on classifiers works with it:
``clone``, ``make_pipeline(StandardScaler(), ...)``, ``GridSearchCV``, ``cross_val_score``
(also with ``scoring="roc_auc"``), ``CalibratedClassifierCV``. scikit-learn's own estimator
checks pass (``tests/test_estimator.py``). The training is :func:`logreg.fit`.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from . import logreg
from .functions import log_sigmoid, sigmoid


class LogisticRegressionGD(ClassifierMixin, BaseEstimator):
    """Binary logistic regression trained by :func:`lessons_lib.logreg.fit`.

    Any two labels work (0/1, -1/+1, "ham"/"spam", bools): ``classes_`` holds them sorted, and
    the second is the positive class, as in scikit-learn. Parameters are those of ``fit``.

    >>> model = LogisticRegressionGD(lr=0.5, epochs=500).fit(X, y)   # doctest: +SKIP
    >>> model.predict(X), model.coef_, model.intercept_              # doctest: +SKIP
    """

    def __init__(self, lr=0.1, epochs=1000, backend="numpy", method="gd", fit_intercept=True,
                 reduction="mean", l2=0.0, batch_size=32, momentum=0.0, random_state=0):
        self.lr = lr
        self.epochs = epochs
        self.backend = backend
        self.method = method
        self.fit_intercept = fit_intercept
        self.reduction = reduction
        self.l2 = l2
        self.batch_size = batch_size
        self.momentum = momentum
        self.random_state = random_state

    def fit(self, X, y):
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        target = type_of_target(y, input_name="y")
        if target != "binary" or len(self.classes_) != 2:
            raise ValueError(f"Only binary classification is supported: y must hold exactly "
                             f"two classes. The type of the target is {target}, with "
                             f"{len(self.classes_)} class(es) {self.classes_[:5].tolist()}. "
                             "For more classes see notebook 10 (softmax regression).")
        result = logreg.fit(X, (y == self.classes_[1]).astype(np.float64),
                            backend=self.backend, lr=self.lr, epochs=self.epochs,
                            fit_intercept=self.fit_intercept, reduction=self.reduction,
                            l2=self.l2, method=self.method, batch_size=self.batch_size,
                            momentum=self.momentum, seed=self.random_state)
        self.coef_ = result.w[np.newaxis, :]
        self.intercept_ = np.array([result.b])
        self.losses_ = result.losses
        self.status_, self.verdict_ = result.status, result.verdict
        self.n_iter_ = np.array([len(result.losses) - 1])
        return self

    def decision_function(self, X):
        """The logit w.x + b of each sample: positive means the second class."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict_log_proba(self, X):
        z = self.decision_function(X)
        return np.column_stack([log_sigmoid(-z), log_sigmoid(z)])

    def predict(self, X):
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False     # binary only, as scikit-learn documents
        return tags

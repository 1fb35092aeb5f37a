"""LogisticRegressionGD is a scikit-learn classifier in full: sklearn's own checks, and the
tools built on classifiers."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from lessons_lib import data
from lessons_lib.estimator import LogisticRegressionGD
from lessons_lib.logreg import fit


@parametrize_with_checks([LogisticRegressionGD()])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_also_importable_from_logreg():
    from lessons_lib import logreg
    assert logreg.LogisticRegressionGD is LogisticRegressionGD


@pytest.fixture(scope="module")
def overlapping():
    return data.classification(300, 4)


def test_same_weights_as_fit(overlapping):
    X, y = overlapping
    model = LogisticRegressionGD(lr=1.0, epochs=300).fit(X, y)
    np.testing.assert_array_equal(model.coef_[0], fit(X, y, lr=1.0, epochs=300).w)
    assert model.losses_.shape == (301,) and model.n_iter_[0] == 300


@pytest.mark.parametrize("labels", [("ham", "spam"), (-1, 1), (False, True), (3, 7)])
def test_any_two_labels_come_back_with_their_dtype(overlapping, labels):
    X, y01 = overlapping
    y = np.where(y01 == 1, labels[1], labels[0])
    model = LogisticRegressionGD(epochs=200).fit(X, y)
    assert list(model.classes_) == sorted(labels)
    predicted = model.predict(X)
    assert predicted.dtype == y.dtype and set(predicted) <= set(labels)
    reference = LogisticRegressionGD(epochs=200).fit(X, y01)
    np.testing.assert_array_equal(predicted == labels[1], reference.predict(X) == 1)


def test_probabilities_and_log_probabilities(overlapping):
    X, y = overlapping
    model = LogisticRegressionGD(epochs=200).fit(X, y)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X)), proba, rtol=1e-12)
    np.testing.assert_array_equal(model.predict(X), (model.decision_function(X) > 0) * 1.0)


def test_refuses_unfitted_wrong_width_and_three_classes(overlapping):
    X, y = overlapping
    with pytest.raises(NotFittedError):
        LogisticRegressionGD().predict(X)
    model = LogisticRegressionGD(epochs=10).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:, :3])
    with pytest.raises(ValueError, match="Only binary classification.*softmax"):
        LogisticRegressionGD().fit(X, np.arange(len(X)) % 3)
    with pytest.raises(TypeError, match="fit_intercept must be True or False"):
        LogisticRegressionGD(fit_intercept="False").fit(X, y)


def test_works_with_the_tools_built_on_classifiers(overlapping):
    X, y = overlapping
    X = X * 50 + 10                                   # unscaled: the pipeline must scale
    pipe = make_pipeline(StandardScaler(), LogisticRegressionGD(lr=0.5, epochs=300))
    assert cross_val_score(pipe, X, y, cv=3).mean() > 0.75
    auc = cross_val_score(pipe, X, y, cv=3, scoring="roc_auc")
    assert np.all((auc > 0.8) & (auc <= 1.0))
    assert np.all(np.isfinite(cross_val_score(pipe, X, y, cv=3, scoring="neg_log_loss")))
    search = GridSearchCV(pipe, {"logisticregressiongd__lr": [0.001, 1.0]}, cv=3,
                          scoring="neg_log_loss").fit(X, y)
    assert search.best_params_["logisticregressiongd__lr"] == 1.0
    copy = clone(pipe)
    assert copy is not pipe and not hasattr(copy[-1], "coef_")
    calibrated = CalibratedClassifierCV(pipe, cv=3).fit(X, y)
    assert calibrated.predict_proba(X).shape == (len(X), 2)

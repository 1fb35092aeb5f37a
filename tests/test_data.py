import numpy as np
import pytest

from lessons_lib import data


def test_tiny_sets_are_the_published_ones():
    X, y = data.eight_points()
    assert X.shape == (8, 2) and y.tolist() == [0, 0, 1, 0, 1, 1, 1, 1]
    assert X[0].tolist() == [2.5, -1.2] and X[-1].tolist() == [8.2, 3.9]
    X, y = data.four_by_three()
    assert X.shape == (4, 3) and y.tolist() == [1, 1, 0, 1]
    assert X[3].tolist() == [0.74, -2.49, 1.39]


def test_tiny_sets_return_fresh_copies():
    X, _ = data.eight_points()
    X[0, 0] = 99
    assert data.eight_points()[0][0, 0] == 2.5


def test_blobs_are_seeded_and_balanced():
    X1, y1 = data.blobs(101, seed=3)
    X2, y2 = data.blobs(101, seed=3)
    np.testing.assert_array_equal(X1, X2)
    assert X1.shape == (101, 2) and y1.sum() == 51
    assert not np.array_equal(X1, data.blobs(101, seed=4)[0])
    far_X, far_y = data.blobs(200, distance=20)
    # far apart blobs are separated by the line x1 + x2 = 0
    assert np.all((far_X.sum(axis=1) > 0) == (far_y == 1))


def test_classification_wrapper():
    X, y = data.classification(300, 4)
    assert X.shape == (300, 4) and set(np.unique(y)) == {0.0, 1.0}
    np.testing.assert_array_equal(X, data.classification(300, 4)[0])


def test_breast_cancer_is_standardised_on_the_training_set():
    split = data.breast_cancer()
    assert split.X_train.shape[1] == split.X_test.shape[1] == 30
    assert len(split.X_train) + len(split.X_test) == 569
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(split.X_train.std(axis=0), 1, atol=1e-12)
    assert abs(split.X_test.mean()) < 0.2   # close to, but not exactly, standardised
    assert len(split.feature_names) == 30


@pytest.mark.parametrize("call, message", [
    (lambda: data.blobs(n=1), "n must be >= 2"),
    (lambda: data.blobs(n=10.5), "n must be an integer"),
    (lambda: data.blobs(spread=0), "spread must be > 0"),
    (lambda: data.classification(d=0), "d must be >= 1"),
    (lambda: data.breast_cancer(test_size=1.5), "test_size"),
])
def test_bad_arguments(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()

"""lessons_lib.softmax: the functions, the gradient, validation, extreme logits, and parity
with scikit-learn's multinomial logistic regression."""

import numpy as np
import pytest
from scipy import special
from sklearn.datasets import load_wine

from lessons_lib import logreg, optimize
from lessons_lib import softmax as sm
from lessons_lib.functions import sigmoid


def wine_two_features():
    wine = load_wine()
    raw = wine.data[:, [wine.feature_names.index("alcohol"),
                        wine.feature_names.index("flavanoids")]]
    return (raw - raw.mean(axis=0)) / raw.std(axis=0), wine.target


def random_problem(n=40, d=3, K=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(K, size=n)
    y[:K] = np.arange(K)
    return X, y, rng.normal(size=(d, K)), rng.normal(size=K)


# --- the functions ----------------------------------------------------------------------------

def test_softmax_matches_scipy_sums_to_one_and_is_shift_invariant():
    Z = np.random.default_rng(1).normal(scale=5, size=(6, 4))
    P = sm.softmax(Z)
    np.testing.assert_allclose(P, special.softmax(Z, axis=1), rtol=1e-14)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(sm.softmax(Z + 123.0), P, rtol=1e-12)
    np.testing.assert_allclose(sm.log_softmax(Z), special.log_softmax(Z, axis=1), atol=1e-13)
    np.testing.assert_allclose(sm.logsumexp(Z), special.logsumexp(Z, axis=1), rtol=1e-15)
    np.testing.assert_allclose(sm.softmax(Z[0]), P[0])          # 1-D: one vector of logits


@pytest.mark.parametrize("z", [[1000.0, 0.0, -1000.0], [-1000.0, -1001.0, -1002.0],
                               [1e308, -1e308], [-1e308, -1e308, 0.0], [710.0, 709.0]])
def test_extreme_logits_give_finite_probabilities_without_warnings(z):
    p = sm.softmax(z)                    # pytest runs with filterwarnings = error
    assert np.all(np.isfinite(p)) and abs(p.sum() - 1) < 1e-15
    log_p = sm.log_softmax(z)
    assert not np.any(np.isnan(log_p))
    np.testing.assert_allclose(np.exp(log_p), p)


def test_log_softmax_is_exact_where_the_probability_underflows():
    assert sm.log_softmax([0.0, -1000.0])[1] == pytest.approx(-1000.0)
    assert sm.cross_entropy([[0.0, 800.0]], [0]) == pytest.approx(800.0)


def test_two_classes_are_the_sigmoid():
    z = np.array([-800.0, -30.0, -1.0, 0.0, 2.5, 37.0, 800.0])
    np.testing.assert_allclose(sm.softmax(np.column_stack([np.zeros_like(z), z]))[:, 1],
                               sigmoid(z), rtol=1e-14)


def test_one_hot_and_cross_entropy():
    np.testing.assert_array_equal(sm.one_hot([0, 2, 1], 4),
                                  [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0]])
    Z = np.array([[2.0, 1.0, -1.0], [0.0, 0.0, 0.0]])
    per_sample = sm.cross_entropy(Z, [1, 2], reduction="none")
    np.testing.assert_allclose(per_sample, -np.log(special.softmax(Z, axis=1)[[0, 1], [1, 2]]))
    assert sm.cross_entropy(Z, [1, 2]) == pytest.approx(per_sample.mean())
    assert sm.cross_entropy(Z, [1, 2], "sum") == pytest.approx(per_sample.sum())
    assert sm.cross_entropy(Z, np.array([1.0, 2.0])) == pytest.approx(per_sample.mean())


# --- the gradient -----------------------------------------------------------------------------

@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradient_matches_finite_differences(l2):
    X, y, W, b = random_problem()
    d, K = W.shape
    _, grad_W, grad_b = sm.loss_and_gradient(X, y, W, b, l2=l2)
    f = sm.objective(X, y, K, l2=l2)
    theta, h = np.vstack([W, b]).ravel(), 1e-6
    numeric = [(f(theta + h * e)[0] - f(theta - h * e)[0]) / (2 * h) for e in np.eye(theta.size)]
    np.testing.assert_allclose(np.vstack([grad_W, grad_b]).ravel(), numeric, atol=1e-8)
    np.testing.assert_allclose(f(theta)[1], np.vstack([grad_W, grad_b]).ravel())


def test_gradient_matches_autograd_and_torch_to_1e_10():
    import autograd.numpy as anp
    import torch
    from autograd import value_and_grad

    X, y, W, b = random_problem(n=60, d=4, K=5, seed=3)
    loss, grad_W, grad_b = sm.loss_and_gradient(X, y, W, b)

    def loss_ag(W, b):
        Z = anp.dot(X, W) + b
        m = anp.max(Z, axis=1, keepdims=True)
        log_P = Z - m - anp.log(anp.sum(anp.exp(Z - m), axis=1, keepdims=True))
        return -anp.mean(log_P[np.arange(len(y)), y])
    value, (gW, gb) = value_and_grad(loss_ag, argnum=(0, 1))(W, b)
    assert abs(value - loss) <= 1e-10
    assert max(np.abs(gW - grad_W).max(), np.abs(gb - grad_b).max()) <= 1e-10

    W_t = torch.tensor(W, requires_grad=True)
    b_t = torch.tensor(b, requires_grad=True)
    loss_t = torch.nn.CrossEntropyLoss()(torch.from_numpy(X) @ W_t + b_t, torch.from_numpy(y))
    loss_t.backward()
    assert abs(loss_t.item() - loss) <= 1e-10
    assert np.abs(W_t.grad.numpy() - grad_W).max() <= 1e-10
    assert np.abs(b_t.grad.numpy() - grad_b).max() <= 1e-10


def test_hessian_matches_differences_of_the_gradient_and_has_d_plus_1_flat_directions():
    X, y, W, b = random_problem(n=50, d=2, K=3, seed=4)
    d, K = W.shape
    H = sm.hessian(X, W, b)
    f = sm.objective(X, y, K)
    theta, h = np.vstack([W, b]).ravel(), 1e-6
    numeric = np.column_stack([(f(theta + h * e)[1] - f(theta - h * e)[1]) / (2 * h)
                               for e in np.eye(theta.size)])
    np.testing.assert_allclose(H, numeric, atol=1e-7)
    eigenvalues = np.linalg.eigvalsh(H)
    assert np.sum(np.abs(eigenvalues) < 1e-12) == d + 1
    # the penalty pins W; the unpenalised intercepts keep their common shift
    assert np.sum(np.abs(np.linalg.eigvalsh(sm.hessian(X, W, b, l2=0.1))) < 1e-12) == 1


def test_shift_invariance_and_centred():
    X, y, W, b = random_problem()
    c, c0 = np.array([1.0, -2.0, 0.5]), 3.0
    np.testing.assert_allclose(sm.predict_proba(X, W + c[:, None], b + c0),
                               sm.predict_proba(X, W, b), atol=1e-14)
    W_c, b_c = sm.centred(W + c[:, None], b + c0)
    np.testing.assert_allclose(W_c.sum(axis=1), 0, atol=1e-14)
    np.testing.assert_allclose(sm.predict_proba(X, W_c, b_c), sm.predict_proba(X, W, b),
                               atol=1e-14)
    np.testing.assert_allclose(sm.centred(*sm.centred(W, b))[0], sm.centred(W, b)[0])


# --- fitting, and parity with scikit-learn ---------------------------------------------------

def test_fit_reaches_sklearn_multinomial_optimum():
    from sklearn.linear_model import LogisticRegression

    X, y = wine_two_features()
    sk = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    newton = sm.fit(X, y, method="newton", epochs=12)
    gd = sm.fit(X, y, lr=3.0, epochs=3000)
    assert newton.status == optimize.STEP_CAP and gd.status == optimize.STEP_CAP
    assert len(gd.losses) == 3001 and gd.losses[0] == pytest.approx(np.log(3))
    assert np.abs(sm.predict_proba(X, newton.W, newton.b) - sk.predict_proba(X)).max() < 1e-6
    assert np.abs(sm.predict_proba(X, gd.W, gd.b) - sk.predict_proba(X)).max() < 1e-5
    W_c, b_c = sm.centred(newton.W, newton.b)
    np.testing.assert_allclose(W_c, sk.coef_.T, atol=1e-5)
    np.testing.assert_allclose(b_c, sk.intercept_, atol=1e-5)
    np.testing.assert_allclose(newton.W.sum(axis=1), 0, atol=1e-12)   # stays in the gauge
    np.testing.assert_array_equal(sm.predict(X, newton.W, newton.b), sk.predict(X))


def test_penalised_fit_matches_sklearn_with_finite_C():
    from sklearn.linear_model import LogisticRegression

    X, y = wine_two_features()
    lam = 0.05
    sk = LogisticRegression(C=1 / (lam * len(X)), tol=1e-12, max_iter=10_000).fit(X, y)
    r = sm.fit(X, y, method="newton", epochs=15, l2=lam)
    np.testing.assert_allclose(r.W, sk.coef_.T, atol=1e-6)       # the penalty fixes the gauge
    np.testing.assert_allclose(r.b, sk.intercept_ - sk.intercept_.mean() + r.b.mean(),
                               atol=1e-6)
    assert np.abs(sm.predict_proba(X, r.W, r.b) - sk.predict_proba(X)).max() < 1e-7


def test_two_class_fit_is_logistic_regression():
    X, y = wine_two_features()
    keep = y < 2
    X2, y2 = X[keep], y[keep]
    r = sm.fit(X2, y2, method="newton", epochs=20)
    lr = logreg.fit(X2, y2.astype(float), method="newton", epochs=20)
    np.testing.assert_allclose(r.W[:, 1] - r.W[:, 0], lr.w, atol=1e-8)
    assert r.b[1] - r.b[0] == pytest.approx(lr.b, abs=1e-8)


def test_overshooting_gradient_descent_is_reported_not_raised():
    X, y, _, _ = random_problem()
    r = sm.fit(X * 1e3, y, lr=1e6, epochs=50)
    assert r.diverged and "diverged" in r.verdict
    assert np.all(np.isfinite(r.losses)) and np.all(np.isfinite(r.W))


# --- bad input --------------------------------------------------------------------------------

X_OK, Y_OK, W_OK, B_OK = random_problem(n=10, d=2, K=3)


@pytest.mark.parametrize("call, error, words", [
    (lambda: sm.softmax([]), ValueError, "Z"),
    (lambda: sm.softmax([1.0, np.nan]), ValueError, "Z contains NaN"),
    (lambda: sm.softmax("abc"), TypeError, "Z must hold numbers"),
    (lambda: sm.softmax(None), TypeError, "Z is None"),
    (lambda: sm.cross_entropy([1.0, 2.0], [0]), ValueError, "Z must be 2-D"),
    (lambda: sm.cross_entropy([[1.0, 2.0]], [2]), ValueError, "class 2"),
    (lambda: sm.cross_entropy([[1.0, 2.0]], [0.5]), ValueError, "class numbers"),
    (lambda: sm.cross_entropy([[1.0, 2.0]], [-1]), ValueError, "class numbers"),
    (lambda: sm.cross_entropy([[1.0, 2.0]], [0, 1]), ValueError, "2 labels"),
    (lambda: sm.cross_entropy([[1.0, 2.0]], [0], "median"), ValueError, "reduction"),
    (lambda: sm.one_hot([[0, 1], [1, 0]]), ValueError, "argmax"),
    (lambda: sm.one_hot([0, 3], 2), ValueError, "n_classes"),
    (lambda: sm.one_hot([0, 1], 1), ValueError, "n_classes must be >= 2"),
    (lambda: sm.loss_and_gradient(X_OK, Y_OK, W_OK.T, B_OK), ValueError, "W must have one row"),
    (lambda: sm.loss_and_gradient(X_OK, Y_OK, W_OK, B_OK[:2]), ValueError, "b must have shape"),
    (lambda: sm.loss_and_gradient(X_OK[:, 0], Y_OK, W_OK, B_OK), ValueError, "X must be 2-D"),
    (lambda: sm.loss_and_gradient(X_OK, Y_OK, W_OK, B_OK, l2=-1), ValueError, "l2"),
    (lambda: sm.fit(X_OK, Y_OK, lr=0), ValueError, "lr must be > 0"),
    (lambda: sm.fit(X_OK, Y_OK, epochs=2.5), TypeError, "epochs must be an integer"),
    (lambda: sm.fit(X_OK, Y_OK, method="adam"), ValueError, "method"),
    (lambda: sm.fit(X_OK, Y_OK, W0=np.zeros((3, 3))), ValueError, "W0 must have shape (2, 3)"),
    (lambda: sm.fit(X_OK, Y_OK, b0=np.zeros(2)), ValueError, "b0 must have shape (3,)"),
    (lambda: sm.fit(X_OK, Y_OK[:-1]), ValueError, "9 labels"),
    (lambda: sm.fit(X_OK, Y_OK, epochs=10**9), ValueError, "epochs=1,000,000,000 is above"),
    (lambda: sm.fit(X_OK, Y_OK, epochs=10**9, method="newton"), ValueError,
     "epochs=1,000,000,000 is above"),
    (lambda: sm.fit(X_OK, Y_OK, W0=np.full((2, 3), 1e308) * [1, -1, 0]), ValueError,
     "the start (W0, b0) is not finite"),
    (lambda: sm.predict_proba(X_OK, W_OK * 1e308, B_OK), ValueError, "overflow"),
    (lambda: sm.centred(np.zeros(3), np.zeros(3)), ValueError, "W must have shape"),
])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, words):
    with pytest.raises(error, match=None) as info:
        call()
    assert words in str(info.value), str(info.value)

import numpy as np
import pytest

from lessons_lib import data
from lessons_lib.logreg import (
    BACKENDS,
    accuracy,
    fit,
    hessian,
    is_separable,
    loss_and_gradient,
    objective,
    predict_log_proba,
    predict_proba,
    reference_optimum,
)


@pytest.fixture(scope="module")
def overlapping():
    """Non-separable, standardised: the MLE is finite."""
    X, y = data.classification(400, 4)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


@pytest.mark.parametrize("reduction, lr", [("mean", 0.5), ("sum", 0.002)])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_backends_agree_to_1e_10(overlapping, reduction, lr, fit_intercept):
    X, y = overlapping
    w0 = np.linspace(-0.3, 0.3, X.shape[1])
    results = [fit(X, y, backend=b, lr=lr, epochs=300, w0=w0, reduction=reduction,
                   fit_intercept=fit_intercept) for b in BACKENDS]
    for other in results[1:]:
        np.testing.assert_allclose(other.w, results[0].w, atol=1e-10, rtol=0)
        assert abs(other.b - results[0].b) <= 1e-10
        np.testing.assert_allclose(other.losses, results[0].losses, atol=1e-10, rtol=0)
    if not fit_intercept:
        assert all(r.b == 0.0 for r in results)


@pytest.mark.parametrize("backend", BACKENDS)
def test_reaches_scikit_learns_unpenalised_optimum(overlapping, backend):
    X, y = overlapping
    result = fit(X, y, backend=backend, lr=1.0, epochs=3000)
    w, b = reference_optimum(X, y)
    np.testing.assert_allclose(result.w, w, atol=1e-6)
    assert result.b == pytest.approx(b, abs=1e-6)
    assert np.all(np.diff(result.losses) <= 1e-15)   # GD with a safe step never goes up


def test_l2_penalty_matches_scikit_learn(overlapping):
    X, y = overlapping
    result = fit(X, y, lr=1.0, epochs=2000, l2=0.1)
    w, b = reference_optimum(X, y, l2=0.1)
    np.testing.assert_allclose(result.w, w, atol=1e-7)


def test_losses_sit_beside_the_parameters_they_were_measured_at():
    X, y = data.eight_points()
    result = fit(X, y, lr=0.1, epochs=5)
    assert result.losses.shape == (6,) and result.losses[0] == pytest.approx(np.log(2))
    assert result.w_history.shape == (6, 2) and result.b_history.shape == (6,)
    for k in range(6):
        loss, _ = objective(X, y)(np.r_[result.w_history[k], result.b_history[k]])
        assert result.losses[k] == loss
    np.testing.assert_array_equal(result.w, result.w_history[-1])
    untrained = fit(X, y, epochs=0)
    assert untrained.losses.shape == (1,) and np.all(untrained.w == 0)


def test_hand_gradient_matches_finite_differences(overlapping):
    X, y = overlapping
    rng = np.random.default_rng(1)
    w, b, h = rng.normal(size=X.shape[1]), 0.3, 1e-6
    for reduction in ("mean", "sum"):
        _, grad_w, grad_b = loss_and_gradient(X, y, w, b, reduction)
        for j in range(len(w)):
            e = np.eye(len(w))[j] * h
            numeric = (loss_and_gradient(X, y, w + e, b, reduction)[0]
                       - loss_and_gradient(X, y, w - e, b, reduction)[0]) / (2 * h)
            assert numeric == pytest.approx(grad_w[j], rel=1e-6, abs=1e-8)
        numeric_b = (loss_and_gradient(X, y, w, b + h, reduction)[0]
                     - loss_and_gradient(X, y, w, b - h, reduction)[0]) / (2 * h)
        assert numeric_b == pytest.approx(grad_b, rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("margin, wrong", [(0.0, 0.5), (3.0, 0.1), (20.0, 0.0), (36.0, 0.0),
                                           (40.0, 0.0), (400.0, 0.01)])
@pytest.mark.parametrize("n", [7, 2047, 5000, 25_600])
def test_numpy_objective_is_exact_at_every_margin(margin, wrong, n):
    # The NumPy objective sums log(1 + e^-|z|) through products (logreg._sum_log1p) on long
    # vectors. Held, relative to the loss, to a per-sample log1p where the loss is large
    # (mixed signs), tiny (margin 20: e ~ 1e-9), where 1 + e rounds to 1 (36, 40) and where
    # a few wrong samples dominate (400), on vectors short, padded (5000) and whole (25 600).
    rng = np.random.default_rng(4)
    y = (rng.random(n) < 0.5).astype(float)
    z = (2 * y - 1) * (margin + rng.random(n))
    z[: int(wrong * n)] *= -1
    X = np.column_stack([z, rng.normal(size=n)])      # theta = (1, 0, 0): logits z
    loss, gradient = objective(X, y)(np.array([1.0, 0.0, 0.0]))
    per_sample = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    assert loss == pytest.approx(per_sample.mean(), rel=1e-13, abs=0)
    # σ(z) - y, to every digit also where σ(z) rounds to 1: -σ(-z) for y = 1
    residual = np.where(y == 1, -np.exp(-np.logaddexp(0.0, z)), np.exp(-np.logaddexp(0.0, -z)))
    scale = np.abs(X).T @ np.abs(residual) / n          # what rounding is relative to
    assert np.all(np.abs(gradient[:2] - X.T @ residual / n) <= 1e-13 * scale)
    assert gradient[2] == pytest.approx(residual.mean(), rel=0,
                                        abs=1e-13 * np.abs(residual).mean())


def test_numpy_objective_can_be_called_again_with_the_same_answer():
    X, y = data.classification(5000, 3)
    value_and_grad = objective(X, y)
    theta = np.array([0.5, -1.0, 2.0, 0.1])
    first = value_and_grad(theta)
    value_and_grad(theta * 7)                      # reuses (and overwrites) the buffers
    again = value_and_grad(theta)
    assert again[0] == first[0] and np.array_equal(again[1], first[1])


def test_autograd_check_grads_on_the_loss(overlapping):
    import autograd.numpy as anp
    from autograd.test_util import check_grads
    X, y = overlapping

    def loss(w):
        z = anp.dot(X, w)
        return anp.mean(anp.logaddexp(0.0, z) - y * z)
    check_grads(loss, modes=["rev"], order=2)(np.full(X.shape[1], 0.1))


def test_torch_gradcheck_of_the_loss(overlapping):
    import torch
    X, y = (torch.from_numpy(a) for a in overlapping)
    w = torch.full((X.shape[1],), 0.1, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda w: torch.nn.functional.binary_cross_entropy_with_logits(X @ w, y), (w,))


@pytest.mark.parametrize("threads", [1, 2])
def test_torch_backend_leaves_the_users_thread_count_alone(overlapping, threads):
    # the torch objective runs small problems on one thread and must restore the setting
    import torch
    X, y = overlapping
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(threads)
        fit(X, y, backend="torch", epochs=3)
        assert torch.get_num_threads() == threads
        with pytest.raises(IndexError):     # restored also when torch raises mid-call
            objective(X, y, "torch")(np.zeros(X.shape[1]))     # theta without its b
        assert torch.get_num_threads() == threads
    finally:
        torch.set_num_threads(before)


@pytest.mark.parametrize("method", ["gd", "sgd"])
def test_fit_evaluates_the_start_once(overlapping, monkeypatch, method):
    # the optimiser evaluates the start once, and fit adds no evaluation of its own (full-data
    # calls only: mini-batches pass their rows)
    from lessons_lib import logreg
    calls = []
    numpy_objective = logreg._OBJECTIVES["numpy"]

    def counting(*args):
        value_and_grad = numpy_objective(*args)
        return lambda theta, rows=None: calls.append(rows) or value_and_grad(theta, rows)
    monkeypatch.setitem(logreg._OBJECTIVES, "numpy", counting)
    X, y = overlapping
    result = fit(X, y, epochs=5, method=method)
    assert calls[0] is None and sum(rows is None for rows in calls) == len(result.losses)


@pytest.mark.parametrize("backend", BACKENDS)
def test_divergence_is_reported_without_warnings_or_nan(backend):
    X, y = data.classification(2000, 3)
    result = fit(X * 10, y, backend=backend, lr=5.0, epochs=500, reduction="sum")
    assert result.diverged and result.verdict.startswith("diverged at step")
    assert len(result.losses) < 501 and np.all(np.isfinite(result.losses))
    assert np.all(np.isfinite(result.w)) and np.isfinite(result.b)


@pytest.mark.parametrize("backend", BACKENDS)
def test_huge_learning_rate_stops_at_once(backend):
    X, y = data.eight_points()
    result = fit(X, y, backend=backend, lr=1e300, epochs=10)
    assert result.diverged and len(result.losses) == 1


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(X=[1.0, 2.0]), ValueError, "X must be 2-D.*reshape"),
    (dict(X=np.zeros((0, 2)), y=[]), ValueError, "X is empty"),
    (dict(y=[0, 1]), ValueError, "y has 2 labels but X has 8 rows"),
    (dict(y=[0, 1, 2, 0, 1, 1, 1, 1]), ValueError, "y must contain only 0 and 1"),
    (dict(X=[[np.nan, 1]] * 8), ValueError, "X contains NaN or inf"),
    (dict(y=[0, 1, np.inf, 0, 1, 1, 1, 1]), ValueError, "y contains NaN or inf"),
    (dict(lr=0), ValueError, "lr must be > 0"),
    (dict(lr=-0.1), ValueError, "lr must be > 0"),
    (dict(lr=float("inf")), ValueError, "lr must be finite"),
    (dict(epochs=-1), ValueError, "epochs must be >= 0"),
    (dict(epochs=10.0), TypeError, "epochs must be an integer"),
    (dict(epochs=True), TypeError, "epochs must be an integer"),
    (dict(backend="jax"), ValueError, "backend must be one of 'numpy', 'autograd', 'torch'"),
    (dict(reduction="max"), ValueError, "reduction must be one of 'mean', 'sum'"),
    (dict(w0=[1.0, 2.0, 3.0]), ValueError, r"w0 must have shape \(2,\)"),
    (dict(w0="zeros"), TypeError, "w0 must hold numbers, not text"),
    (dict(w0=[[1.0], "a"]), TypeError, "w0 must be an array of numbers"),
    (dict(b0=1.0, fit_intercept=False), ValueError, "b0 must be 0 when fit_intercept=False"),
    (dict(l2=-1.0), ValueError, "l2 must be >= 0"),
    (dict(X=None), TypeError, "X is None"),
    (dict(fit_intercept="False"), TypeError, "fit_intercept must be True or False"),
    (dict(method="adam"), ValueError, "method must be one of 'gd', 'sgd', 'newton'"),
    (dict(method="newton", backend="torch"), ValueError, "backend='numpy'"),
    (dict(epochs=10**9), ValueError, "epochs=1,000,000,000 is above .* hours"),
    (dict(epochs=10**9, method="sgd"), ValueError, "epochs=1,000,000,000 is above"),
    (dict(epochs=10**9, method="newton"), ValueError, "epochs=1,000,000,000 is above"),
    (dict(w0=[1e308, 1e308]), ValueError, r"loss at the start \(w0, b0\) is not finite"),
    (dict(w0=[1e308, 1e308], method="sgd"), ValueError, r"start \(w0, b0\) is not finite"),
    (dict(b0=-1e308, backend="torch"), ValueError, r"start \(w0, b0\) is not finite"),
    (dict(method="newton", X=np.full((8, 2), 1e306)), ValueError, "would overflow"),
])
def test_fit_bad_input_names_the_argument(kwargs, error, message):
    X, y = data.eight_points()
    args = dict(X=X, y=y) | kwargs
    with pytest.raises(error, match=message):
        fit(**args)


def test_prediction_helpers():
    X, y = data.eight_points()
    result = fit(X, y, lr=0.1, epochs=2000)
    p = predict_proba(X, result.w, result.b)
    assert p.shape == (8,) and np.all((p > 0) & (p < 1))
    assert accuracy(X, y, result.w, result.b) == 1.0   # the 8 points are separable


def test_log_proba_is_exact_where_p_rounds_to_zero():
    X = np.array([[-800.0], [0.0]])
    np.testing.assert_allclose(predict_log_proba(X, [1.0]), [-800.0, np.log(0.5)])
    assert predict_proba(X, [1.0])[0] == 0.0


def test_logits_that_overflow_are_refused_by_name():
    X = np.array([[1e300, 1e300]])
    with pytest.raises(ValueError, match=r"logits X @ w \+ b overflow float64.*rescale X"):
        predict_proba(X, [1e10, 1e10])
    with pytest.raises(ValueError, match="overflow"):
        predict_log_proba(X, [1e10, 0.0], b=0.0)
    np.testing.assert_allclose(predict_proba(X, [0.0, 0.0], b=0.0), [0.5])   # finite: no refusal


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_hessian_matches_finite_differences_of_the_gradient(overlapping, reduction):
    X, y = overlapping
    theta, h = np.r_[np.linspace(-0.5, 0.5, X.shape[1]), 0.2], 1e-6
    value_and_grad = objective(X, y, reduction=reduction, l2=0.3)
    numeric = np.array([(value_and_grad(theta + h * e)[1] - value_and_grad(theta - h * e)[1])
                        / (2 * h) for e in np.eye(len(theta))])
    H = hessian(X, theta[:-1], theta[-1], reduction, l2=0.3)
    np.testing.assert_allclose(H, numeric, rtol=1e-6, atol=1e-8)


def test_separability_is_decided_exactly():
    assert is_separable(*data.eight_points())
    assert is_separable(*data.blobs(200, distance=8.0))
    assert not is_separable(*data.blobs(200, distance=1.0))
    # XOR: no line separates it, although every point is far from the others
    assert not is_separable([[0, 0], [1, 1], [0, 1], [1, 0]], [0, 0, 1, 1])


def test_separable_data_is_named_not_silently_fitted():
    X, y = data.eight_points()
    with pytest.raises(ValueError, match="no finite maximum-likelihood estimate"):
        reference_optimum(X, y)
    w, _ = reference_optimum(X, y, l2=0.1)     # a penalty makes the optimum finite
    assert np.all(np.isfinite(w))
    newton = fit(X, y, method="newton", epochs=10)
    assert newton.status == "no minimum" and "linearly separable" in newton.verdict
    assert fit(X, y, method="newton", epochs=10, l2=0.1).status == "step cap"


@pytest.mark.parametrize("backend", BACKENDS)
def test_backends_accept_the_same_inputs(backend):
    X, y = data.classification(60, 3)
    expected = fit(X, y, backend=backend, epochs=20).w
    flipped = fit(X[::-1], y[::-1], backend=backend, epochs=20).w
    np.testing.assert_allclose(flipped, expected, atol=1e-12)
    frozen_X, frozen_y = X.copy(), y.copy()
    frozen_X.flags.writeable = frozen_y.flags.writeable = False
    np.testing.assert_allclose(fit(frozen_X, frozen_y, backend=backend, epochs=20).w, expected,
                               atol=1e-15)
    strided = np.repeat(X, 2, axis=1)[:, ::2]      # a view with a column stride
    np.testing.assert_allclose(fit(strided, y, backend=backend, epochs=20).w, expected,
                               atol=1e-15)
    np.testing.assert_allclose(fit(X.tolist(), y.reshape(-1, 1), backend=backend, epochs=20).w,
                               expected, atol=1e-15)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_smoothness_bound_is_the_largest_curvature_at_zero(overlapping, fit_intercept):
    from lessons_lib.logreg import smoothness_bound
    X, y = overlapping
    A = np.column_stack([X, np.ones(len(X))]) if fit_intercept else X
    hessian_at_zero = A.T @ A * 0.25 / len(X)         # every p = 1/2 there: p(1-p) = 1/4
    L = smoothness_bound(X, fit_intercept=fit_intercept)
    assert L == pytest.approx(np.linalg.eigvalsh(hessian_at_zero)[-1], rel=1e-12)
    assert smoothness_bound(X, "sum", fit_intercept) == pytest.approx(L * len(X), rel=1e-12)
    assert smoothness_bound(X, l2=0.5, fit_intercept=fit_intercept) == pytest.approx(L + 0.5)
    # gradient descent with lr = 1/L never raises the loss
    r = fit(X, y, lr=1 / L, epochs=200, fit_intercept=fit_intercept)
    assert np.all(np.diff(r.losses) <= 1e-15)


@pytest.mark.parametrize("kwargs, message", [
    (dict(X=[1.0, 2.0]), "X must be 2-D"), (dict(reduction="max"), "reduction must be one of"),
    (dict(l2=-1.0), "l2 must be >= 0")])
def test_smoothness_bound_bad_input(kwargs, message):
    from lessons_lib.logreg import smoothness_bound
    args = dict(X=data.eight_points()[0]) | kwargs
    with pytest.raises(ValueError, match=message):
        smoothness_bound(**args)

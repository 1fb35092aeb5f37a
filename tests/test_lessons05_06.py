"""Lessons 05 (logistic regression in NumPy) and 06 (with autograd): the exercise checkers,
the training explorer the notebook uses, and the facts the notebooks state."""

import json
import warnings
from pathlib import Path

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad, grad

from lessons_lib import check, data, logreg, widgets
from lessons_lib.functions import sigmoid

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def printed(capsys, checker, answer):
    assert checker(answer) is None          # a checker reports, it never returns or raises
    return capsys.readouterr().out


def passes(capsys, checker, answer):
    out = printed(capsys, checker, answer)
    assert out.startswith("✓") and "✗" not in out, out
    return out


def fails(capsys, checker, answer, *hint_words):
    out = printed(capsys, checker, answer)
    assert out.startswith("✗"), out
    for word in hint_words:
        assert word in out, f"hint should mention {word!r}: {out}"
    return out


def not_done(*_args):
    raise NotImplementedError


# --- lesson 05: the gradient ----------------------------------------------------------------

def gradient_solution(X, y, w, b):
    residual = sigmoid(X @ w + b) - y
    return X.T @ residual / X.shape[0], np.mean(residual)


def test_gradient_checker_accepts_the_solution(capsys):
    passes(capsys, check.logreg_gradient, gradient_solution)
    # the library function and a (1,)-shaped bias are fine too
    passes(capsys, check.logreg_gradient,
           lambda X, y, w, b: logreg.loss_and_gradient(X, y, w, b)[1:])
    passes(capsys, check.logreg_gradient,
           lambda X, y, w, b: (gradient_solution(X, y, w, b)[0],
                               np.array([gradient_solution(X, y, w, b)[1]])))


def features_bug(X, y, w, b):
    m = X.shape[-1]
    residual = sigmoid(X @ w + b) - y
    return X.T @ residual / m, np.sum(residual) / m


def bias_twice_bug(X, y, w, b):
    m = X.shape[0]
    residual = sigmoid(X @ w + b) - y
    return X.T @ residual / m, np.mean(residual) / m


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (features_bug, ["FEATURES", "X.shape[0]"]),
    (bias_twice_bug, ["grad_b", "divided by n twice"]),
    (lambda X, y, w, b: (X.T @ (sigmoid(X @ w + b) - y), np.sum(sigmoid(X @ w + b) - y)),
     ["MEAN", "divide the sum by n"]),
    (lambda X, y, w, b: tuple(-g for g in gradient_solution(X, y, w, b)), ["wrong sign"]),
    (lambda X, y, w, b: (X.T @ sigmoid(X @ w + b) / len(y), 0.0), ["grad_w differs"]),
    (lambda X, y, w, b: gradient_solution(X, y, w, b)[0], ["two things"]),
    (lambda X, y, w, b: (np.mean(X * (sigmoid(X @ w + b) - y)[:, None]), 0.0), ["shape"]),
    (lambda X, y, w, b: (gradient_solution(X, y, w, b)[0], np.zeros(3)), ["one number"]),
])
def test_gradient_checker_names_the_mistake(capsys, answer, words):
    fails(capsys, check.logreg_gradient, answer, *words)


def test_checkers_survive_answers_that_are_not_functions(capsys):
    for checker in (check.logreg_gradient, check.predict_labels, check.gradient_step,
                    check.autograd_loss, check.sigmoid_derivative):
        fails(capsys, checker, None, "raised TypeError")


# --- lesson 05: labels and one step ---------------------------------------------------------

def test_predict_checker(capsys):
    passes(capsys, check.predict_labels, lambda X, w, b: (X @ w + b >= 0).astype(int))
    passes(capsys, check.predict_labels, lambda X, w, b: sigmoid(X @ w + b) >= 0.5)
    fails(capsys, check.predict_labels, not_done, "not done yet")
    fails(capsys, check.predict_labels, lambda X, w, b: sigmoid(X @ w + b), "probabilities")
    fails(capsys, check.predict_labels, lambda X, w, b: (X @ w + b < 0).astype(int), "flipped")
    fails(capsys, check.predict_labels, lambda X, w, b: (X @ w + b > 0).astype(int), ">= 0.5")
    fails(capsys, check.predict_labels, lambda X, w, b: np.ones(3), "one label per row")
    fails(capsys, check.predict_labels, lambda X, w, b: np.sign(X @ w + b), "0 or 1")


def step_solution(X, y, w, b, lr):
    grad_w, grad_b = gradient_solution(X, y, w, b)
    return w - lr * grad_w, b - lr * grad_b


def test_gradient_step_checker(capsys):
    passes(capsys, check.gradient_step, step_solution)
    fails(capsys, check.gradient_step, not_done, "not done yet")

    def ascent(X, y, w, b, lr):
        grad_w, grad_b = gradient_solution(X, y, w, b)
        return w + lr * grad_w, b + lr * grad_b

    def no_lr(X, y, w, b, lr):
        grad_w, grad_b = gradient_solution(X, y, w, b)
        return w - grad_w, b - grad_b

    def bias_frozen(X, y, w, b, lr):
        return step_solution(X, y, w, b, lr)[0], b

    fails(capsys, check.gradient_step, ascent, "UP")
    fails(capsys, check.gradient_step, no_lr, "learning rate")
    fails(capsys, check.gradient_step, bias_frozen, "update the bias")
    fails(capsys, check.gradient_step, lambda X, y, w, b, lr: (w, b), "w did not move")


# --- lesson 06: autograd --------------------------------------------------------------------

def autograd_loss_solution(w, b, X, y):
    z = anp.dot(X, w) + b
    return anp.mean(anp.logaddexp(0.0, z) - y * z)


def textbook_loss(w, b, X, y):
    p = 1 / (1 + anp.exp(-(anp.dot(X, w) + b)))
    return -anp.mean(y * anp.log(p) + (1 - y) * anp.log(1 - p))


def test_autograd_loss_checker_accepts_stable_and_textbook_forms(capsys):
    passes(capsys, check.autograd_loss, autograd_loss_solution)
    passes(capsys, check.autograd_loss, textbook_loss)


def test_autograd_loss_checker_names_the_mistake(capsys):
    fails(capsys, check.autograd_loss, not_done, "not done yet")
    fails(capsys, check.autograd_loss,
          lambda w, b, X, y: len(y) * autograd_loss_solution(w, b, X, y), "SUM")
    fails(capsys, check.autograd_loss,
          lambda w, b, X, y: -autograd_loss_solution(w, b, X, y), "sign")
    # right value, but float() breaks the trace
    fails(capsys, check.autograd_loss,
          lambda w, b, X, y: float(autograd_loss_solution(w, b, X, y)), "cannot differentiate")

    def escapes_the_trace(w, b, X, y):   # the right number, computed outside autograd's view
        return logreg.loss_and_gradient(X, y, getattr(w, "_value", w), getattr(b, "_value", b))[0]

    fails(capsys, check.autograd_loss, escapes_the_trace, "no path", "autograd.numpy")
    fails(capsys, check.autograd_loss, lambda w, b, X, y: 0.5, "mean cross-entropy is")


def autograd_sigmoid(z):
    return 1 / (1 + anp.exp(-z))


def test_sigmoid_derivative_checker(capsys):
    passes(capsys, check.sigmoid_derivative, elementwise_grad(autograd_sigmoid))
    passes(capsys, check.sigmoid_derivative,
           elementwise_grad(lambda z: 0.5 * (anp.tanh(z / 2) + 1)))
    fails(capsys, check.sigmoid_derivative, not_done, "not done yet")
    fails(capsys, check.sigmoid_derivative, grad(autograd_sigmoid), "elementwise_grad")
    fails(capsys, check.sigmoid_derivative, autograd_sigmoid, "sigma itself")
    fails(capsys, check.sigmoid_derivative,
          lambda z: autograd_sigmoid(z) * (1 + autograd_sigmoid(z)), "at z =")
    fails(capsys, check.sigmoid_derivative, lambda z: 0.25, "shape")


# --- the training explorer of lesson 05 -----------------------------------------------------

@pytest.fixture(scope="module")
def blobs():
    return data.blobs(200, distance=2.5)


def test_explorer_compute_equals_fit(blobs):
    X, y = blobs
    compute = widgets.LogregTraining(X, y, backend="numpy", max_epochs=300)
    for epochs in (0, 1, 50, 300):
        result = compute(lr=0.1, epochs=epochs)
        run = logreg.fit(X, y, lr=0.1, epochs=epochs)
        np.testing.assert_allclose(result["w"], run.w, rtol=0, atol=1e-12)
        assert result["b"] == pytest.approx(run.b, abs=1e-12)
        assert len(result["losses"]) == epochs + 1 and not result["diverged"]


def test_explorer_moves_redraw_the_figure(blobs):
    X, y = blobs
    explorer = widgets.logreg_explorer(X, y, backend="numpy")
    before, loss_before = explorer.image.value, explorer.result["losses"][-1]
    explorer.set(epochs=400)
    assert explorer.image.value != before
    assert len(explorer.result["losses"]) == 401
    assert explorer.result["losses"][-1] < loss_before      # more epochs, lower loss
    after_epochs, loss_after = explorer.image.value, explorer.result["losses"][-1]
    explorer.set(lr=0.001)
    assert explorer.image.value != after_epochs
    assert explorer.result["losses"][-1] > loss_after + 0.2  # a tiny step is far behind
    assert len(explorer.update_seconds) == 3                  # built once, moved twice


def test_explorer_reports_divergence_without_warnings_or_nan(blobs):
    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = widgets.logreg_explorer(20 * X, y, backend="numpy")
        before = explorer.image.value
        explorer.set(lr=10.0)
    assert explorer.result["diverged"] is True
    assert np.all(np.isfinite(explorer.result["losses"]))
    assert np.all(np.isfinite(explorer.result["w"]))
    assert explorer.image.value != before


def test_huge_learning_rate_on_the_lesson_data_only_overshoots(blobs):
    """What notebook 05 tells the reader to try: eta = 10 overshoots, then recovers."""
    X, y = blobs
    w_opt, _ = logreg.reference_optimum(X, y)
    first = logreg.fit(X, y, lr=10.0, epochs=1)
    assert np.linalg.norm(first.w) > 2 * np.linalg.norm(w_opt)
    run = logreg.fit(X, y, lr=10.0, epochs=100)
    assert not run.diverged and np.allclose(run.w, w_opt, atol=1e-3)
    assert logreg.fit(20 * X, y, lr=10.0, epochs=100).diverged


def test_explorer_refuses_data_it_cannot_draw(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="2 columns"):
        widgets.logreg_explorer(np.column_stack([X, X]), y)


# --- facts the notebooks state --------------------------------------------------------------

def test_tutorial_bugs_are_what_lesson_05_says(blobs):
    X, y = blobs
    n, d = X.shape
    w, b = np.array([0.5, -0.3]), 0.2
    good_w, good_b = gradient_solution(X, y, w, b)
    bad_w, bad_b = features_bug(X, y, w, b)
    np.testing.assert_allclose(bad_w / good_w, n / d)
    assert bad_b / good_b == pytest.approx(n / d)
    assert bias_twice_bug(X, y, w, b)[1] / good_b == pytest.approx(1 / n)


@pytest.mark.parametrize("name", ["05_logreg_numpy.ipynb", "06_logreg_autograd.ipynb"])
def test_lessons_05_06_keep_torch_out(name):
    path = NOTEBOOKS / name
    if not path.exists():
        pytest.skip(f"{name} not built yet")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "torch" not in code
    assert 'backend="torch"' not in code

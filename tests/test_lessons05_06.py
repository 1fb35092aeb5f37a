"""Lessons 05 (logistic regression in NumPy) and 06 (with autograd): the exercise checkers,
the training explorer the notebook uses, and the facts the notebooks state."""

import json
import math
import warnings
from pathlib import Path

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad, grad
from checking import fails_with, passes

from lessons_lib import check, data, explorers, logreg
from lessons_lib.explorers import training
from lessons_lib.functions import sigmoid

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def fails(capsys, checker, answer, *hint_words):
    return fails_with(capsys, checker, answer, *hint_words)


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


def test_gradient_checker_accepts_loops_lists_and_float32(capsys):
    def loops(X, y, w, b):
        n, d = X.shape
        grad_w, grad_b = [0.0] * d, 0.0
        for i in range(n):
            r = 1 / (1 + math.exp(-(sum(X[i, j] * w[j] for j in range(d)) + b))) - y[i]
            grad_b += r / n
            for j in range(d):
                grad_w[j] += r * X[i, j] / n
        return grad_w, grad_b

    passes(capsys, check.logreg_gradient, loops)
    passes(capsys, check.logreg_gradient, lambda X, y, w, b: tuple(
        np.float32(g) if np.ndim(g) == 0 else np.asarray(g, dtype=np.float32)
        for g in gradient_solution(X, y, w, b)))


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
    # X @ residual does not even run (n != d): the hint must still name the shapes
    (lambda X, y, w, b: (X @ (sigmoid(X @ w + b) - y) / len(y), np.mean(sigmoid(X @ w + b) - y)),
     ["X.T @ residual", "shape"]),
])
def test_gradient_checker_names_the_mistake(capsys, answer, words):
    fails(capsys, check.logreg_gradient, answer, *words)


def test_checkers_survive_answers_that_are_not_functions(capsys):
    for checker in (check.logreg_gradient, check.predict_labels, check.gradient_step,
                    check.autograd_loss, check.sigmoid_derivative,
                    check.gradient_samples_in_columns, check.newton_step):
        fails(capsys, checker, None, "pass your function itself")
    fails(capsys, check.logistic_regressor, None, "the class itself")


# --- lesson 05: the gradient in the (features, samples) layout ------------------------------

def columns_solution(XT, y, W, b):
    residual = sigmoid(W @ XT + b) - y              # (1, n)
    return residual @ XT.T / XT.shape[1], np.mean(residual)


def test_columns_checker_accepts_the_solution_and_alternatives(capsys):
    passes(capsys, check.gradient_samples_in_columns, columns_solution)
    # a flat (d,) gradient works too: W - lr * dW keeps W's shape (1, d)
    passes(capsys, check.gradient_samples_in_columns,
           lambda XT, y, W, b: (columns_solution(XT, y, W, b)[0].ravel(),
                                columns_solution(XT, y, W, b)[1]))
    # transposing back to the (n, d) layout is fine
    passes(capsys, check.gradient_samples_in_columns,
           lambda XT, y, W, b: gradient_solution(XT.T, y, W.ravel(), b))
    passes(capsys, check.gradient_samples_in_columns,
           lambda XT, y, W, b: tuple(np.float32(g) if np.ndim(g) == 0
                                     else np.asarray(g, dtype=np.float32)
                                     for g in columns_solution(XT, y, W, b)))


def columns_rows_bug(XT, y, W, b):
    # the mirror image of the tutorial's bug: shape[0] counts FEATURES in this layout
    residual = sigmoid(W @ XT + b) - y
    return residual @ XT.T / XT.shape[0], np.sum(residual) / XT.shape[0]


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (columns_rows_bug, ["FEATURES", "XT.shape[0]", "XT.shape[1]"]),
    (lambda XT, y, W, b: (XT @ (sigmoid(W @ XT + b) - y).T / XT.shape[1],
                          np.mean(sigmoid(W @ XT + b) - y)), ["broadcast", "W's shape"]),
    (lambda XT, y, W, b: ((sigmoid(W @ XT + b) - y) @ XT / XT.shape[1], 0.0), ["shape"]),
    (lambda XT, y, W, b: (columns_solution(XT, y, W, b)[0],
                          np.mean(sigmoid(W @ XT + b) - y) / XT.shape[0]), ["db", "d = "]),
    (lambda XT, y, W, b: tuple(-g for g in columns_solution(XT, y, W, b)), ["wrong sign"]),
])
def test_columns_checker_names_the_mistake(capsys, answer, words):
    fails(capsys, check.gradient_samples_in_columns, answer, *words)


# --- lesson 05: the class ---------------------------------------------------------------------

class RegressorSolution:
    def __init__(self, lr=0.1, epochs=1000):
        self.lr, self.epochs = lr, epochs

    def fit(self, X, y):
        self.w, self.b = np.zeros(X.shape[1]), 0.0
        self.losses = []
        for _ in range(self.epochs):
            self.losses.append(self._loss(X, y))
            residual = sigmoid(X @ self.w + self.b) - y
            self.w = self.w - self.lr * X.T @ residual / len(y)
            self.b = self.b - self.lr * np.mean(residual)
        self.losses.append(self._loss(X, y))
        return self

    def _loss(self, X, y):
        z = X @ self.w + self.b
        return np.mean(np.logaddexp(0.0, z) - y * z)

    def predict(self, X):
        return (X @ self.w + self.b >= 0).astype(int)

    def plot_loss(self, ax):
        ax.plot(self.losses)
        ax.set(xlabel="epoch", ylabel="mean cross-entropy")
        return ax


def regressor_variant(**methods):
    return type("Variant", (RegressorSolution,), methods)


def test_class_checker_accepts_the_solution_and_alternatives(capsys):
    passes(capsys, check.logistic_regressor, RegressorSolution)

    def fit_bias_trick(self, X, y):              # the bias trick, losses as an array
        A = np.column_stack([X, np.ones(len(X))])
        theta, losses = np.zeros(A.shape[1]), []
        for _ in range(self.epochs):
            z = A @ theta
            losses.append(np.mean(np.logaddexp(0.0, z) - y * z))
            theta = theta - self.lr * A.T @ (sigmoid(z) - y) / len(y)
        z = A @ theta
        losses.append(np.mean(np.logaddexp(0.0, z) - y * z))
        self.w, self.b, self.losses = theta[:-1], theta[-1], np.array(losses)
        return self

    passes(capsys, check.logistic_regressor, regressor_variant(fit=fit_bias_trick))

    def plot_with_markers(self, ax):
        ax.plot(range(len(self.losses)), self.losses, "o-")
        ax.set_xlabel("epoch")
        ax.set_ylabel("J")
        return ax

    passes(capsys, check.logistic_regressor, regressor_variant(plot_loss=plot_with_markers))


def fit_features_bug(self, X, y):
    self.w, self.b = np.zeros(X.shape[1]), 0.0
    self.losses = [self._loss(X, y)]
    for _ in range(self.epochs):
        residual = sigmoid(X @ self.w + self.b) - y
        m = X.shape[-1]                          # the tutorial's bug: d, not n
        self.w = self.w - self.lr * X.T @ residual / m
        self.b = self.b - self.lr * np.mean(residual) / m
        self.losses.append(self._loss(X, y))
    return self


def fit_without_final_loss(self, X, y):
    RegressorSolution.fit(self, X, y)
    self.losses = self.losses[:-1]
    return self


def fit_continues(self, X, y):
    if not hasattr(self, "w"):
        self.w, self.b = np.zeros(X.shape[1]), 0.0
    self.losses = [self._loss(X, y)]
    for _ in range(self.epochs):
        residual = sigmoid(X @ self.w + self.b) - y
        self.w = self.w - self.lr * X.T @ residual / len(y)
        self.b = self.b - self.lr * np.mean(residual)
        self.losses.append(self._loss(X, y))
    return self


def fit_frozen_bias(self, X, y):
    RegressorSolution.fit(self, X, y)
    return self


@pytest.mark.parametrize("answer, words", [
    (regressor_variant(fit=lambda self, X, y: not_done()), ["not done yet"]),
    (regressor_variant(fit=lambda self, X, y: RegressorSolution.fit(self, X, y) and None),
     ["return self"]),
    (regressor_variant(fit=fit_features_bug), ["FEATURES", "X.shape[0]"]),
    (regressor_variant(fit=fit_without_final_loss), ["BEFORE", "51"]),
    (regressor_variant(fit=fit_continues), ["second time", "inside fit"]),
    (regressor_variant(predict=lambda self, X: sigmoid(X @ self.w + self.b)), ["labels"]),
    (regressor_variant(plot_loss=lambda self, ax: ax.plot(self.losses)), ["return them"]),
    (regressor_variant(plot_loss=lambda self, ax: ax), ["draw self.losses"]),
    (regressor_variant(plot_loss=lambda self, ax: (ax.plot(self.losses), ax)[1]),
     ["label the axes"]),
    (RegressorSolution(), ["the class itself"]),
])
def test_class_checker_names_the_mistake(capsys, answer, words):
    fails(capsys, check.logistic_regressor, answer, *words)


def test_class_checker_leaves_no_open_figure(capsys):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    passes(capsys, check.logistic_regressor, RegressorSolution)
    assert plt.get_fignums() == before


# --- lesson 05: labels and one step ---------------------------------------------------------

def test_predict_checker(capsys):
    passes(capsys, check.predict_labels, lambda X, w, b: (X @ w + b >= 0).astype(int))
    passes(capsys, check.predict_labels, lambda X, w, b: sigmoid(X @ w + b) >= 0.5)
    fails(capsys, check.predict_labels, not_done, "not done yet")
    # found by tools/survey_checkers.py: labels as text ('1', '0') were accepted
    fails(capsys, check.predict_labels,
          lambda X, w, b: (X @ w + b >= 0).astype(int).astype(str), "not a string")
    fails(capsys, check.predict_labels, lambda X, w, b: sigmoid(X @ w + b), "probabilities")
    fails(capsys, check.predict_labels, lambda X, w, b: (X @ w + b < 0).astype(int), "flipped")
    fails(capsys, check.predict_labels, lambda X, w, b: (X @ w + b > 0).astype(int), "p > 0.5")
    # np.round rounds 0.5 to the even number 0: the hint must say so, not blame ">"
    fails(capsys, check.predict_labels, lambda X, w, b: np.round(sigmoid(X @ w + b)),
          "np.round", "EVEN")
    passes(capsys, check.predict_labels, lambda X, w, b: [int(v >= 0) for v in X @ w + b])
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


def test_autograd_loss_checker_rejects_the_log_hacks(capsys):
    def plus_eps(w, b, X, y):
        p = 1 / (1 + anp.exp(-(anp.dot(X, w) + b)))
        return -anp.mean(y * anp.log(p + 1e-8) + (1 - y) * anp.log(1 - p + 1e-8))

    def clipped(w, b, X, y):
        p = anp.clip(1 / (1 + anp.exp(-(anp.dot(X, w) + b))), 1e-8, 1 - 1e-8)
        return -anp.mean(y * anp.log(p) + (1 - y) * anp.log(1 - p))

    fails(capsys, check.autograd_loss, plus_eps, "+ 1e-8", "logaddexp")
    fails(capsys, check.autograd_loss, clipped, "clipping")


def test_autograd_loss_checker_accepts_the_tanh_sigmoid_and_float32_data(capsys):
    def tanh_form(w, b, X, y):      # the sigmoid of autograd's README
        p = 0.5 * (anp.tanh((anp.dot(X, w) + b) / 2) + 1)
        return -anp.mean(y * anp.log(p) + (1 - y) * anp.log(1 - p))

    passes(capsys, check.autograd_loss, tanh_form)
    passes(capsys, check.autograd_loss, lambda w, b, X, y: anp.sum(
        anp.logaddexp(0.0, anp.dot(X, w) + b) - y * (anp.dot(X, w) + b)) / len(y))


def test_autograd_loss_checker_names_w_dot_on_a_traced_array(capsys):
    def method_dot(w, b, X, y):
        z = w.dot(X.T) + b
        return anp.mean(anp.logaddexp(0.0, z) - y * z)

    fails(capsys, check.autograd_loss, method_dot, "cannot differentiate", "w.dot")


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
    # found by tools/survey_checkers.py: text was read as numbers and accepted
    fails(capsys, check.sigmoid_derivative,
          lambda z: (autograd_sigmoid(z) * (1 - autograd_sigmoid(z))).astype(str), "not a string")


# --- lesson 06: one Newton step ------------------------------------------------------------

def newton_solution(f, x):
    return x - grad(f)(x) / grad(grad(f))(x)


def test_newton_checker_accepts_the_solution_and_egrad(capsys):
    passes(capsys, check.newton_step, newton_solution)
    # found by tools/survey_checkers.py: float32 was refused ("gives -1.19243; you returned
    # -1.19243")
    passes(capsys, check.newton_step, lambda f, x: np.float32(newton_solution(f, x)))
    passes(capsys, check.newton_step,
           lambda f, x: float(x - elementwise_grad(f)(x)
                              / elementwise_grad(elementwise_grad(f))(x)))


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda f, x: x + grad(f)(x) / grad(grad(f))(x), ["UP"]),
    (lambda f, x: x - grad(f)(x), ["curvature"]),
    (lambda f, x: x - grad(grad(f))(x) / grad(f)(x), ["upside down"]),
    (lambda f, x: x - f(x) / grad(f)(x), ["ZERO of f"]),
    (lambda f, x: x - 0.5 * grad(f)(x) / grad(grad(f))(x), ["grad(grad(f))"]),
    (lambda f, x: newton_solution(f, int(x)), ["float"]),
])
def test_newton_checker_names_the_mistake(capsys, answer, words):
    fails(capsys, check.newton_step, answer, *words)


def test_one_newton_step_minimises_the_parabola():
    """What the exercise text of notebook 06 claims: one step from 0 lands on 2.5."""
    assert newton_solution(lambda x: (x - 2.5) ** 2 - 1, 0.0) == 2.5


# --- the training explorer of lesson 05 -----------------------------------------------------

@pytest.fixture(scope="module")
def blobs():
    return data.blobs(200, distance=2.5)


def test_explorer_compute_equals_fit(blobs):
    X, y = blobs
    compute = training.LogregTraining(X, y, backend="numpy", max_epochs=300)
    for epochs in (0, 1, 50, 300):
        result = compute(lr=0.1, epochs=epochs)
        run = logreg.fit(X, y, lr=0.1, epochs=epochs)
        np.testing.assert_allclose(result["w"], run.w, rtol=0, atol=1e-12)
        assert result["b"] == pytest.approx(run.b, abs=1e-12)
        assert len(result["losses"]) == epochs + 1 and not result["diverged"]


def test_explorer_moves_redraw_the_figure(blobs):
    X, y = blobs
    explorer = explorers.logreg_explorer(X, y, backend="numpy")
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
        explorer = explorers.logreg_explorer(20 * X, y, backend="numpy")
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
        explorers.logreg_explorer(np.column_stack([X, X]), y)


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


def notebook_code(name):
    path = NOTEBOOKS / name
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_lesson_05_keeps_torch_out():
    assert not any("torch" in code for code in notebook_code("05_logreg_numpy.ipynb"))


def test_lesson_06_runs_no_torch_and_07_runs_its_torch_func_aside():
    """06 differentiates with autograd and names torch.func, autograd's maintained successor,
    in text only: PyTorch is imported where it is taught (notebook 07, which runs the aside)."""
    assert not any("torch" in code for code in notebook_code("06_logreg_autograd.ipynb"))
    assert any("torch.func" in code and "grad(" in code
               for code in notebook_code("07_logreg_pytorch.ipynb"))


def test_tutorial_setting_of_lesson_05():
    """The numbers notebook 05 asserts: the NumPy tutorial's setting, with random_state=0."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    X, y = make_classification(n_samples=150, n_features=10, random_state=0)
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.3, random_state=0)
    n, d = X_train.shape
    assert (n, d) == (105, 10)
    fixed = logreg.fit(X_train, y_train, lr=0.01, epochs=3000)
    assert round(fixed.losses[-1], 4) == 0.1629
    # the tutorial's m = X.shape[-1]: weights step n/d times longer, the bias d times shorter
    w, b = np.zeros(d), 0.0
    for _ in range(3000):
        _, grad_w, grad_b = logreg.loss_and_gradient(X_train, y_train, w, b)
        w, b = w - 0.01 * grad_w * n / d, b - 0.01 * grad_b / d
    buggy = logreg.loss_and_gradient(X_train, y_train, w, b)[0]
    assert round(buggy, 4) == 0.1522
    w_min, b_min = logreg.reference_optimum(X_train, y_train)
    assert round(logreg.loss_and_gradient(X_train, y_train, w_min, b_min)[0], 4) == 0.1346


def test_autograd_readme_example_of_lesson_06():
    X, y = data.four_by_three()
    run = logreg.fit(X, y, lr=0.01, epochs=100, fit_intercept=False, reduction="sum")
    assert round(run.losses[0], 4) == 2.7726 and round(run.losses[-1], 4) == 1.0673


def test_hand_written_tanh_slope_of_lesson_06():
    def tanh(x):
        e = anp.exp(-2.0 * x)
        return (1.0 - e) / (1.0 + e)

    assert abs(grad(tanh)(1.0) - 0.419974341614026) < 1e-15
    assert grad(lambda x: x / 2)(3.0) == 0.5

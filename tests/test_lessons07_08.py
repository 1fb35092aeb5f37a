"""Lessons 07 (PyTorch) and 08 (side by side): their checkers, the torch explorer, and the
facts the two notebooks teach."""

import numpy as np
import pytest

from lessons_lib import check, data, logreg, optimize, widgets

torch = pytest.importorskip("torch")


def printed(capsys, checker, answer):
    assert checker(answer) is None          # a checker returns nothing ...
    out = capsys.readouterr().out           # ... and prints one line
    assert out.count("\n") == 1, out
    return out


def correct(capsys, checker, answer):
    out = printed(capsys, checker, answer)
    assert out.startswith("✓"), out


def wrong(capsys, checker, answer, *hint_words):
    out = printed(capsys, checker, answer)
    assert out.startswith("✗"), out
    for word in hint_words:
        assert word in out, f"hint {out!r} should mention {word!r}"


# --- lesson 07: a training step under torch.no_grad() ---------------------------------------

def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
    for p in params:
        p.grad.zero_()


def test_no_grad_step_accepts_the_solution_and_setting_grad_to_none(capsys):
    correct(capsys, check.no_grad_step, sgd_step)

    def step_then_none(params, lr):
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    correct(capsys, check.no_grad_step, step_then_none)


def test_no_grad_step_hints(capsys):
    def without_no_grad(params, lr):
        for p in params:
            p -= lr * p.grad
    wrong(capsys, check.no_grad_step, without_no_grad, "torch.no_grad()")

    def rebinds(params, lr):
        for p in params:
            p = p - lr * p.grad   # the learner's bug: a new tensor, the parameter unchanged
    wrong(capsys, check.no_grad_step, rebinds, "did not change", "in place")

    def forgets_to_zero(params, lr):
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    wrong(capsys, check.no_grad_step, forgets_to_zero, "ADDS", "zero_()")

    def climbs(params, lr):
        with torch.no_grad():
            for p in params:
                p += lr * p.grad
                p.grad.zero_()
    wrong(capsys, check.no_grad_step, climbs, "sign")

    def new_leaves(params, lr):   # replaces the list entries with detached copies
        for i, p in enumerate(params):
            params[i] = (p - lr * p.grad).detach()
    wrong(capsys, check.no_grad_step, new_leaves, "did not change")


def test_no_grad_step_stub_and_garbage(capsys):
    def stub(params, lr):
        raise NotImplementedError
    wrong(capsys, check.no_grad_step, stub, "not done yet")
    wrong(capsys, check.no_grad_step, 42, "TypeError")


# --- lesson 07: second derivative -----------------------------------------------------------

def second_derivative(f, x):
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (first,) = torch.autograd.grad(f(x), x, create_graph=True)
    (second,) = torch.autograd.grad(first, x)
    return second.item()


def test_second_derivative_accepts_the_solution_and_a_tensor_answer(capsys):
    correct(capsys, check.second_derivative, second_derivative)
    correct(capsys, check.second_derivative,
            lambda f, x: torch.tensor(second_derivative(f, x), dtype=torch.float64))

    def float32(f, x):   # PyTorch's default dtype: accurate to ~1e-7, good enough here
        x = torch.tensor(x, requires_grad=True)
        (first,) = torch.autograd.grad(f(x), x, create_graph=True)
        return torch.autograd.grad(first, x)[0].item()
    correct(capsys, check.second_derivative, float32)


def test_second_derivative_hints(capsys):
    def without_create_graph(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        (first,) = torch.autograd.grad(f(x), x)
        (second,) = torch.autograd.grad(first, x)
        return second.item()
    wrong(capsys, check.second_derivative, without_create_graph, "create_graph=True")

    def first_derivative(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        return torch.autograd.grad(f(x), x)[0].item()
    wrong(capsys, check.second_derivative, first_derivative, "FIRST derivative")

    def forgets_to_return(f, x):
        second_derivative(f, x)
    wrong(capsys, check.second_derivative, forgets_to_return, "None")

    def halved(f, x):
        return second_derivative(f, x) / 2
    wrong(capsys, check.second_derivative, halved, "the second derivative is 2,")


# --- lesson 08: is the data separable? -------------------------------------------------------

def separable_by_gradient_descent(X, y):
    """The notebook's solution."""
    A = np.column_stack([X, np.ones(len(X))])
    r = logreg.fit(X, y, lr=4 * len(A) / np.linalg.eigvalsh(A.T @ A)[-1], epochs=1000)
    return logreg.accuracy(X, y, r.w, r.b) == 1.0


def separable_by_linear_program(X, y):
    """The exact test: is there (w, b) with s_i (w·x_i + b) >= 1 for every i?"""
    from scipy.optimize import linprog

    s = 2 * np.asarray(y) - 1
    A = -(s[:, None] * np.column_stack([X, np.ones(len(X))]))
    result = linprog(np.zeros(A.shape[1]), A_ub=A, b_ub=-np.ones(len(X)),
                     bounds=[(None, None)] * A.shape[1])
    return result.status == 0


def test_separability_cases_are_labelled_right():
    for name, X, y, answer, _ in check.lesson08._separability_cases():
        assert separable_by_linear_program(X, y) == answer, name


def test_is_separable_accepts_gradient_descent_and_the_exact_test(capsys):
    correct(capsys, check.is_separable, separable_by_gradient_descent)
    correct(capsys, check.is_separable, separable_by_linear_program)


def test_is_separable_hints(capsys):
    wrong(capsys, check.is_separable, lambda X, y: True, "overlap")
    wrong(capsys, check.is_separable, lambda X, y: False, "eight points")

    def almost_all(X, y):    # the "accuracy > 0.99" rule of lesson 07
        A = np.column_stack([X, np.ones(len(X))])
        r = logreg.fit(X, y, lr=4 * len(A) / np.linalg.eigvalsh(A.T @ A)[-1], epochs=1000)
        return logreg.accuracy(X, y, r.w, r.b) > 0.99
    wrong(capsys, check.is_separable, almost_all, "ONE label flipped", "not > 0.99")
    wrong(capsys, check.is_separable, lambda X, y: 1.0, "True or False")


# --- lesson 08: the MAP objective ------------------------------------------------------------

def map_objective(X, y, w, b, lam):
    z = X @ w + b
    return np.mean(np.logaddexp(0, z) - y * z) + lam / 2 * (w @ w)


def test_map_objective_accepts_the_solution_and_the_library(capsys):
    correct(capsys, check.map_objective, map_objective)
    correct(capsys, check.map_objective,
            lambda X, y, w, b, lam: logreg.loss_and_gradient(X, y, w, b, l2=lam)[0])


@pytest.mark.parametrize("answer, hint", [
    (lambda X, y, w, b, lam: map_objective(X, y, w, b, lam) + lam / 2 * b * b, "bias"),
    (lambda X, y, w, b, lam: map_objective(X, y, w, b, 0) + lam * (w @ w), "1/2"),
    (lambda X, y, w, b, lam: len(y) * map_objective(X, y, w, b, 0) + lam / 2 * (w @ w), "MEAN"),
    (lambda X, y, w, b, lam: -map_objective(X, y, w, b, lam), "sign"),
    (lambda X, y, w, b, lam: map_objective(X, y, w, b, 0), "penalty is missing"),
    (lambda X, y, w, b, lam: map_objective(X, y, w, b, 0) + lam / 2 * np.linalg.norm(w),
     "SQUARED"),
    (lambda X, y, w, b, lam: None, "None"),
])
def test_map_objective_hints(capsys, answer, hint):
    wrong(capsys, check.map_objective, answer, hint)


# --- lesson 07: the explorer with backend="torch" -------------------------------------------

def test_torch_explorer_driven_by_set_matches_numpy():
    X, y = data.blobs(200, distance=2.5)
    explorer = widgets.logreg_explorer(X, y, backend="torch", lr=0.1, epochs=100,
                                       max_epochs=120)
    first = explorer.image.value
    explorer.set(lr=1.0)
    moved_lr = explorer.image.value
    assert moved_lr != first
    assert explorer.result["lr"] == 1.0 and explorer.result["epochs"] == 100
    reference = logreg.fit(X, y, backend="numpy", lr=1.0, epochs=100)
    assert np.abs(explorer.result["w"] - reference.w).max() <= 1e-10
    assert abs(explorer.result["b"] - reference.b) <= 1e-10
    np.testing.assert_allclose(explorer.result["losses"][:100], reference.losses, atol=1e-12)
    explorer.set(epochs=20)
    assert explorer.image.value != moved_lr
    assert explorer.result["epochs"] == 20 and len(explorer.result["losses"]) == 21
    assert len(explorer.update_seconds) == 3


# --- facts the notebooks print --------------------------------------------------------------

def test_early_stopping_facts_of_lesson_07():
    X, y = data.eight_points()
    run = logreg.fit(X, y, lr=0.01, epochs=401, reduction="sum", history=True)
    accuracy = [logreg.accuracy(X, y, w, b) for w, b in zip(run.w_history, run.b_history,
                                                             strict=True)]
    first_perfect = accuracy.index(1.0)
    stop = next(k for k in range(20, 401, 20) if accuracy[k] > 0.99)
    assert (first_perfect, stop) == (142, 160)


def test_bce_with_logits_keeps_the_gradient_that_sigmoid_bce_loses():
    z = torch.tensor([-200.0], requires_grad=True)
    target = torch.tensor([1.0])
    loss = torch.nn.BCELoss()(torch.sigmoid(z), target)
    loss.backward()
    assert loss.item() == 100.0 and z.grad.item() == 0.0       # clamped, and no gradient
    z.grad = None
    loss = torch.nn.BCEWithLogitsLoss()(z, target)
    loss.backward()
    assert loss.item() == 200.0 and z.grad.item() == -1.0


def test_newton_doubles_the_digits_on_breast_cancer():
    cancer = data.breast_cancer()
    newton = optimize.newton_logreg(cancer.X_train, cancer.y_train, iterations=12, l2=0.01)
    gaps = newton.losses - newton.losses.min()
    digits = -np.log10(gaps[4:8])               # 2.6, 4.1, 7.1, 12.9
    assert np.all(np.diff(digits) > 1.4) and digits[-1] > 12
    assert gaps[8] < 1e-15


@pytest.mark.parametrize("checker, hint", [(check.no_grad_step, "did not change"),
                                           (check.second_derivative, "one number"),
                                           (check.is_separable, "True or False"),
                                           (check.map_objective, "one number")])
def test_checkers_never_raise_on_garbage(capsys, checker, hint):
    wrong(capsys, checker, None, "TypeError")
    wrong(capsys, checker, lambda *args: "text", hint)

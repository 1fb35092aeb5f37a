"""Lessons 07 (autograd in PyTorch), 07b (training in PyTorch) and 08 (side by side): their
checkers, and the facts the notebooks state."""

import math

import numpy as np
import pytest
from checking import fails_with, passes

from lessons_lib import data, logreg
from lessons_lib.check import lesson07, lesson08

torch = pytest.importorskip("torch")


def correct(capsys, checker, answer):
    passes(capsys, checker, answer)


def wrong(capsys, checker, answer, *hint_words):
    fails_with(capsys, checker, answer, *hint_words)


def not_done(*_args):
    raise NotImplementedError


# --- lesson 07: second derivative -----------------------------------------------------------

def second_derivative(f, x):
    """The notebook's solution."""
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (first,) = torch.autograd.grad(f(x), x, create_graph=True)
    if not first.requires_grad:     # f' does not depend on x (f is linear): f'' = 0
        return 0.0
    (second,) = torch.autograd.grad(first, x)
    return second.item()


def test_second_derivative_accepts_the_solution_and_alternatives(capsys):
    correct(capsys, lesson07.second_derivative, second_derivative)
    correct(capsys, lesson07.second_derivative,
            lambda f, x: torch.tensor(second_derivative(f, x), dtype=torch.float64))

    def float32(f, x):   # PyTorch's default dtype: accurate to ~1e-7, good enough here
        x = torch.tensor(x, requires_grad=True)
        (first,) = torch.autograd.grad(f(x), x, create_graph=True)
        if first.grad_fn is None:
            return 0
        return torch.autograd.grad(first, x)[0].item()
    correct(capsys, lesson07.second_derivative, float32)

    def materialized(f, x):   # a zero for an unused input instead of the requires_grad test
        x = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
        (first,) = torch.autograd.grad(f(x), x, create_graph=True)
        first = first + 0 * x          # keeps a graph also when f' is a constant
        return torch.autograd.grad(first, x, materialize_grads=True)[0].item()
    correct(capsys, lesson07.second_derivative, materialized)

    def backward_then_zero(f, x):   # backward() twice, with the gradient reset in between
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        f(x).backward(create_graph=True)
        first = x.grad
        x.grad = None
        if not first.requires_grad:
            return 0.0
        first.backward()
        return x.grad.item()
    correct(capsys, lesson07.second_derivative, backward_then_zero)


def test_second_derivative_hints(capsys):
    def without_create_graph(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        (first,) = torch.autograd.grad(f(x), x)
        (second,) = torch.autograd.grad(first, x)
        return second.item()
    wrong(capsys, lesson07.second_derivative, without_create_graph, "create_graph=True")

    def no_linear_case(f, x):   # the old model solution: raises on a linear f
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        (first,) = torch.autograd.grad(f(x), x, create_graph=True)
        return torch.autograd.grad(first, x)[0].item()
    wrong(capsys, lesson07.second_derivative, no_linear_case, "linear", "requires_grad")

    def first_derivative(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        return torch.autograd.grad(f(x), x)[0].item()
    wrong(capsys, lesson07.second_derivative, first_derivative, "FIRST derivative")

    def backward_twice(f, x):   # the second backward() adds f'' to the f' already in .grad
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        f(x).backward(create_graph=True)
        if x.grad.requires_grad:
            x.grad.backward()
        return x.grad.item()
    wrong(capsys, lesson07.second_derivative, backward_twice, "ADDS", "f' + f''")

    def same_graph_twice(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = f(x)
        torch.autograd.grad(y, x)
        return torch.autograd.grad(y, x)[0].item()
    wrong(capsys, lesson07.second_derivative, same_graph_twice, "freed", "create_graph")

    def forgets_to_return(f, x):
        second_derivative(f, x)
    wrong(capsys, lesson07.second_derivative, forgets_to_return, "None")

    def doubled(f, x):
        return second_derivative(f, x) * 2
    wrong(capsys, lesson07.second_derivative, doubled, "the second derivative is -6,")
    wrong(capsys, lesson07.second_derivative, not_done, "not done yet")


# --- lesson 07: the Jacobian ----------------------------------------------------------------

def jacobian(f, x):
    """The notebook's solution: one backward() per output, weighted by a one-hot vector."""
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = f(x)
    rows = []
    for i in range(len(y)):
        one_hot = torch.zeros(len(y), dtype=torch.float64)
        one_hot[i] = 1.0
        x.grad = None                                  # backward() adds: start at 0
        y.backward(gradient=one_hot, retain_graph=True)
        rows.append(x.grad.clone())
    return torch.stack(rows)


def test_jacobian_cases_are_right():
    for f, x, want, name in lesson07._jacobian_cases():
        got = torch.autograd.functional.jacobian(f, torch.tensor(x, dtype=torch.float64))
        np.testing.assert_allclose(got.numpy(), want, atol=1e-12, err_msg=name)


def test_jacobian_accepts_the_solution_and_alternatives(capsys):
    correct(capsys, lesson07.jacobian, jacobian)
    correct(capsys, lesson07.jacobian, lambda f, x: jacobian(f, x).numpy().tolist())
    correct(capsys, lesson07.jacobian, lambda f, x: torch.autograd.functional.jacobian(
        f, torch.tensor(x, dtype=torch.float64)))

    def autograd_grad_rows(f, x):       # torch.autograd.grad returns a fresh tensor per row
        x = torch.tensor(x, requires_grad=True)          # float32
        y = f(x)
        return [torch.autograd.grad(y, x, grad_outputs=torch.eye(len(y))[i],
                                    retain_graph=True)[0] for i in range(len(y))]
    correct(capsys, lesson07.jacobian, autograd_grad_rows)

    def rebuild_each_row(f, x):         # a new graph per row needs no retain_graph
        rows = []
        for i in range(len(f(torch.tensor(x)))):
            xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
            f(xt)[i].backward()
            rows.append(xt.grad.numpy())
        return np.array(rows)
    correct(capsys, lesson07.jacobian, rebuild_each_row)


def test_jacobian_hints(capsys):
    def no_zeroing(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = f(x)
        rows = []
        for i in range(len(y)):
            y.backward(gradient=torch.eye(len(y), dtype=torch.float64)[i], retain_graph=True)
            rows.append(x.grad.clone())
        return torch.stack(rows)
    wrong(capsys, lesson07.jacobian, no_zeroing, "SUM of rows", "ADDS")

    def stores_grad_itself(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = f(x)
        rows = []
        for i in range(len(y)):
            if x.grad is not None:
                x.grad.zero_()
            y.backward(gradient=torch.eye(len(y), dtype=torch.float64)[i], retain_graph=True)
            rows.append(x.grad)
        return torch.stack(rows)
    wrong(capsys, lesson07.jacobian, stores_grad_itself, "clone()")

    def no_retain_graph(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = f(x)
        rows = []
        for i in range(len(y)):
            x.grad = None
            y.backward(gradient=torch.eye(len(y), dtype=torch.float64)[i])
            rows.append(x.grad.clone())
        return torch.stack(rows)
    wrong(capsys, lesson07.jacobian, no_retain_graph, "retain_graph=True")

    wrong(capsys, lesson07.jacobian, lambda f, x: jacobian(f, x).T, "TRANSPOSE")

    def all_ones(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = f(x)
        y.backward(gradient=torch.ones_like(y))
        return x.grad.repeat(len(y), 1)
    wrong(capsys, lesson07.jacobian, all_ones, "one-hot")

    def scalar_backward(f, x):
        x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        f(x).backward()
        return x.grad
    wrong(capsys, lesson07.jacobian, scalar_backward, "gradient=")
    wrong(capsys, lesson07.jacobian, lambda f, x: None, "None")
    wrong(capsys, lesson07.jacobian, not_done, "not done yet")


# --- lesson 07b: a training step under torch.no_grad() --------------------------------------

def sgd_step(params, lr):
    """The notebook's solution."""
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
    for p in params:
        p.grad.zero_()


def test_no_grad_step_accepts_the_solution_and_alternatives(capsys):
    correct(capsys, lesson07.no_grad_step, sgd_step)

    def step_then_none(params, lr):
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    correct(capsys, lesson07.no_grad_step, step_then_none)

    def sub_with_alpha(params, lr):
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad, alpha=lr)
                p.grad.zero_()
    correct(capsys, lesson07.no_grad_step, sub_with_alpha)

    def by_the_optimizer(params, lr):
        optimizer = torch.optim.SGD(params, lr=lr)
        optimizer.step()
        optimizer.zero_grad()
    correct(capsys, lesson07.no_grad_step, by_the_optimizer)


def test_no_grad_step_hints(capsys):
    def without_no_grad(params, lr):
        for p in params:
            p -= lr * p.grad
    wrong(capsys, lesson07.no_grad_step, without_no_grad, "torch.no_grad()")

    def through_data(params, lr):          # the old tutorials' update
        for p in params:
            p.data -= lr * p.grad
            p.grad.zero_()
    wrong(capsys, lesson07.no_grad_step, through_data, ".data", "torch.no_grad()")

    def through_data_assignment(params, lr):
        for p in params:
            p.data = p.data - lr * p.grad.data
            p.grad.data.zero_()
    wrong(capsys, lesson07.no_grad_step, through_data_assignment, ".data")

    def rebinds(params, lr):
        for p in params:
            p = p - lr * p.grad   # the learner's bug: a new tensor, the parameter unchanged
    wrong(capsys, lesson07.no_grad_step, rebinds, "did not change", "NEW tensor")

    def zeroes_first(params, lr):
        for p in params:
            p.grad.zero_()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    wrong(capsys, lesson07.no_grad_step, zeroes_first, "BEFORE", "zeroed")

    def none_first(params, lr):
        for p in params:
            p.grad = None
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    wrong(capsys, lesson07.no_grad_step, none_first, "BEFORE", "None")

    def forgets_to_zero(params, lr):
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    wrong(capsys, lesson07.no_grad_step, forgets_to_zero, "ADDS", "zero_()")

    def climbs(params, lr):
        with torch.no_grad():
            for p in params:
                p += lr * p.grad
                p.grad.zero_()
    wrong(capsys, lesson07.no_grad_step, climbs, "sign")

    def new_leaves(params, lr):   # replaces the list entries with detached copies
        for i, p in enumerate(params):
            params[i] = (p - lr * p.grad).detach()
    wrong(capsys, lesson07.no_grad_step, new_leaves, "did not change")
    wrong(capsys, lesson07.no_grad_step, not_done, "not done yet")


# --- lesson 07b: how many errors does "accuracy > threshold" allow? -------------------------

def max_errors_allowed(n, threshold):
    """The notebook's solution: count with the rule itself."""
    return max(k for k in range(n + 1) if (n - k) / n > threshold)


def test_max_errors_allowed_accepts_the_solution_and_alternatives(capsys):
    correct(capsys, lesson07.max_errors_allowed, max_errors_allowed)

    def loop_up(n, threshold):
        errors = 0
        while (n - errors - 1) / n > threshold:
            errors += 1
        return errors
    correct(capsys, lesson07.max_errors_allowed, loop_up)

    def exact_fractions(n, threshold):
        from fractions import Fraction
        return math.ceil(n * (1 - Fraction(str(threshold)))) - 1   # the decimal 0.99
    correct(capsys, lesson07.max_errors_allowed, exact_fractions)
    correct(capsys, lesson07.max_errors_allowed,
            lambda n, t: np.int64(max_errors_allowed(n, t)))
    correct(capsys, lesson07.max_errors_allowed, lambda n, t: float(max_errors_allowed(n, t)))


def test_max_errors_allowed_hints(capsys):
    wrong(capsys, lesson07.max_errors_allowed, lambda n, t: int(n * (1 - t)), "STRICT")
    wrong(capsys, lesson07.max_errors_allowed,   # ceil - 1 is right on paper, not in floats
          lambda n, t: math.ceil(n * (1 - t)) - 1, "STRICT", "2.0000000000000018")
    wrong(capsys, lesson07.max_errors_allowed, lambda n, t: n * (1 - t), "whole number")
    wrong(capsys, lesson07.max_errors_allowed, lambda n, t: 5, "the answer is 1")
    wrong(capsys, lesson07.max_errors_allowed, lambda n, t: True, "True/False")
    wrong(capsys, lesson07.max_errors_allowed, lambda n, t: None, "None")
    wrong(capsys, lesson07.max_errors_allowed, not_done, "not done yet")


# --- lesson 08: is the data separable? -------------------------------------------------------

def separable_by_gradient_descent(X, y):
    """The notebook's solution."""
    r = logreg.fit(X, y, lr=1 / logreg.smoothness_bound(X), epochs=1000)
    return logreg.accuracy(X, y, r.w, r.b) == 1.0


def test_separability_cases_are_labelled_right():
    for name, X, y, answer, _ in lesson08._separability_cases():
        assert logreg.is_separable(X, y) == answer, name


def test_is_separable_accepts_gradient_descent_and_the_exact_test(capsys):
    correct(capsys, lesson08.is_separable, separable_by_gradient_descent)
    correct(capsys, lesson08.is_separable, logreg.is_separable)


def test_is_separable_hints(capsys):
    wrong(capsys, lesson08.is_separable, lambda X, y: True, "overlap")
    wrong(capsys, lesson08.is_separable, lambda X, y: False, "eight points")

    def almost_all(X, y):    # the "accuracy > 0.99" rule of lesson 07b
        r = logreg.fit(X, y, lr=1 / logreg.smoothness_bound(X), epochs=1000)
        return logreg.accuracy(X, y, r.w, r.b) > 0.99
    wrong(capsys, lesson08.is_separable, almost_all, "ONE label flipped", "not > 0.99")
    wrong(capsys, lesson08.is_separable, lambda X, y: 1.0, "True or False")
    wrong(capsys, lesson08.is_separable, not_done, "not done yet")


# --- lesson 08: the MAP objective of a Laplace prior -----------------------------------------

def laplace_map_objective(X, y, w, b, s):
    """The notebook's solution."""
    z = X @ w + b
    return np.mean(np.logaddexp(0, z) - y * z) + np.abs(w).sum() / (len(y) * s)


def test_map_objective_accepts_the_solution_and_alternatives(capsys):
    correct(capsys, lesson08.map_objective, laplace_map_objective)

    def with_loops(X, y, w, b, s):
        total = 0.0
        for x_i, y_i in zip(X.tolist(), y.tolist(), strict=True):
            z = sum(a * c for a, c in zip(x_i, w.tolist(), strict=True)) + b
            total += math.log1p(math.exp(-abs(z))) + max(z, 0) - y_i * z
        return total / len(y) + sum(abs(v) for v in w.tolist()) / (len(y) * s)
    correct(capsys, lesson08.map_objective, with_loops)

    def in_float32(X, y, w, b, s):     # accurate to ~1e-7
        return laplace_map_objective(X.astype(np.float32), y.astype(np.float32),
                                     w.astype(np.float32), np.float32(b), np.float32(s))
    correct(capsys, lesson08.map_objective, in_float32)

    def via_torch(X, y, w, b, s):
        z = torch.from_numpy(X @ w + b)
        bce = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.from_numpy(y))
        return bce + torch.from_numpy(w).abs().sum() / (len(y) * s)
    correct(capsys, lesson08.map_objective, via_torch)


def _laplace_variant(data_term, penalty):
    def objective(X, y, w, b, s):
        z = X @ w + b
        return data_term(np.logaddexp(0, z) - y * z) + penalty(w, b, s, len(y))
    return objective


@pytest.mark.parametrize("answer, hint", [
    (_laplace_variant(np.mean, lambda w, b, s, n: (w @ w) / (2 * n * s ** 2)), "GAUSSIAN"),
    (_laplace_variant(np.mean, lambda w, b, s, n: np.abs(w).sum() / s), "by n too"),
    (_laplace_variant(np.mean, lambda w, b, s, n: np.abs(w).sum() / (2 * n * s)), "no 1/2"),
    (_laplace_variant(np.mean, lambda w, b, s, n: (np.abs(w).sum() + abs(b)) / (n * s)),
     "bias"),
    (_laplace_variant(np.mean, lambda w, b, s, n: (w @ w) / (n * s)), "absolute values"),
    (_laplace_variant(np.sum, lambda w, b, s, n: np.abs(w).sum() / (n * s)), "MEAN"),
    (_laplace_variant(np.sum, lambda w, b, s, n: np.abs(w).sum() / s), "divide it by n"),
    (_laplace_variant(np.mean, lambda w, b, s, n: 0.0), "prior is missing"),
    (_laplace_variant(np.mean, lambda w, b, s, n: (np.abs(w).sum() / s
                                                   + len(w) * np.log(2 * s)) / n), "constant"),
    (lambda X, y, w, b, s: -laplace_map_objective(X, y, w, b, s), "sign"),
    (lambda X, y, w, b, s: None, "None"),
    (not_done, "not done yet"),
])
def test_map_objective_hints(capsys, answer, hint):
    wrong(capsys, lesson08.map_objective, answer, hint)


@pytest.mark.parametrize("checker", [lesson07.no_grad_step, lesson07.second_derivative,
                                     lesson07.jacobian, lesson07.max_errors_allowed,
                                     lesson08.is_separable, lesson08.map_objective])
def test_checkers_never_raise_on_garbage(capsys, checker):
    wrong(capsys, checker, None, "pass your function itself")
    wrong(capsys, checker, 42, "pass your function itself")
    wrong(capsys, checker, lambda *args: "text")


# --- facts the notebooks print --------------------------------------------------------------

EIGHT_X = [[2.5, -1.2], [1.3, 2.5], [6.2, 3.6], [1.3, 4], [5.4, 3.4], [6, 2.3], [4.3, 7.2],
           [8.2, 3.9]]


def test_the_eight_point_tutorial_is_reproduced_to_rounding():
    X, y = data.eight_points()
    np.testing.assert_array_equal(X, EIGHT_X)
    run = logreg.fit(X, y, lr=0.01, epochs=1000, w0=[2.0, 2.0], b0=1.0, reduction="sum")
    np.testing.assert_allclose(run.w, [1.30352664, 0.3015996], atol=5e-9)  # printed to 8 places
    assert abs(run.b - -4.817742837478265) < 1e-13
    assert round(run.losses[999], 4) == 0.4908       # the last loss the tutorial printed


def test_the_blob_tutorial_stops_at_380_with_one_point_wrong():
    torch.manual_seed(10)
    ones = torch.ones(100, 2)
    X = torch.cat([torch.normal(1.7 * ones, 1) + 1, torch.normal(-1.7 * ones, 1) + 1])
    y = torch.cat([torch.zeros(100), torch.ones(100)])
    model = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Sigmoid())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for iteration in range(1000):
        p = model(X).squeeze()
        loss = torch.nn.BCELoss()(p, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if iteration % 20 == 0:
            errors = int(((p >= 0.5).float() != y).sum())
            if errors / 200 < 0.01:
                break
    assert (iteration, errors) == (380, 1)
    assert logreg.is_separable(X.numpy().astype(np.float64), y.numpy().astype(np.float64))


def test_early_stopping_facts_of_the_eight_points():
    X, y = data.eight_points()
    run = logreg.fit(X, y, lr=0.01, epochs=400, reduction="sum")
    accuracy = [logreg.accuracy(X, y, w, b)
                for w, b in zip(run.w_history, run.b_history, strict=True)]
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


def test_softplus_switches_to_linear_above_20():
    z = torch.tensor([25.0], dtype=torch.float64)
    exact = 25.0 + math.log1p(math.exp(-25.0))
    assert torch.nn.functional.softplus(z).item() == 25.0           # off by e^-25 ≈ 1.4e-11
    logits_loss = torch.nn.functional.binary_cross_entropy_with_logits(
        z, torch.zeros(1, dtype=torch.float64), reduction="sum").item()
    assert abs(logits_loss - exact) < 1e-15


def test_newton_doubles_the_digits_on_breast_cancer():
    cancer = data.breast_cancer()
    newton = logreg.fit(cancer.X_train, cancer.y_train, method="newton", epochs=12, l2=0.01)
    gaps = newton.losses - newton.losses.min()
    digits = -np.log10(gaps[4:8])               # 2.6, 4.1, 7.1, 12.9
    assert np.all(np.diff(digits) > 1.4) and digits[-1] > 12
    assert gaps[8] < 1e-15

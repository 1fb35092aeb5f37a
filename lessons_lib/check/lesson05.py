"""Checkers of lesson 05: logistic regression in NumPy."""

import numpy as np

from .framework import Hint, call, close, expect, number, numbers, report

__all__ = ["logreg_gradient", "gradient_samples_in_columns", "predict_labels", "gradient_step",
           "logistic_regressor"]


def _logreg_cases():
    """Small random problems (X, y, w, b) with n != d, so a wrong divisor cannot hide."""
    rng = np.random.default_rng(5)
    for n, d in ((30, 3), (7, 1), (50, 4)):
        X = rng.normal(size=(n, d))
        y = (rng.random(n) < 0.5).astype(np.float64)
        yield X, y, rng.normal(size=d), float(rng.normal())


def _scalar(value, name):
    return number(value, name)


def _factor(got, want):
    """c when got == c * want (a wrong divisor or sign), else None."""
    got = np.asarray(got, dtype=np.float64).ravel()
    want = np.asarray(want, dtype=np.float64).ravel()
    if got.shape != want.shape or not np.all(np.isfinite(got)) or not np.any(want):
        return None
    c = float(got @ want / (want @ want))
    return c if np.allclose(got, c * want, rtol=1e-6, atol=1e-12) else None


def _wrong_divisor_hint(c, n, d, name, samples="X.shape[0]", features="X.shape[1]"):
    """Name the common slip behind a gradient that is c times the right one."""
    if c is None:
        return None
    slips = [(n / d, f"{name} is n/d = {n}/{d} times too big: you divided by the number of "
                     f"FEATURES ({features} = {d}) instead of the number of SAMPLES "
                     f"({samples} = {n})."),
             (1 / n, f"{name} is n = {n} times too small: you divided by n twice "
                     "(np.mean already divides by n)."),
             (1 / d, f"{name} is d = {d} times too small: np.mean already divides by the "
                     f"number of samples; dividing again by the number of features "
                     f"({features} = {d}) makes it smaller still."),
             (float(n), f"{name} is n = {n} times too big: the loss is the MEAN over samples, "
                        "so divide the sum by n."),
             (-1.0, f"{name} has the wrong sign: it is built from (p - y), not (y - p).")]
    for factor, hint in slips:
        if abs(c - factor) <= 1e-6 * abs(factor):
            return hint
    return None


def _run(fn, *args, shapes=""):
    """Call the learner's fn; a failed matrix product becomes a hint about shapes."""
    try:
        return call(fn, *args)
    except ValueError as err:
        if "matmul" in str(err) or "aligned" in str(err) or "broadcast" in str(err):
            raise Hint(f"a matrix product failed ({err}). Check the shapes: {shapes}") from None
        raise


def _sigmoid(z):
    return 0.5 * (np.tanh(0.5 * z) + 1.0)     # no overflow for any z


def logreg_gradient(fn):
    """Lesson 05: fn(X, y, w, b) returns (grad_w, grad_b) of the mean cross-entropy."""
    from ..logreg import loss_and_gradient

    def test():
        for X, y, w, b in _logreg_cases():
            n, d = X.shape
            _, want_w, want_b = loss_and_gradient(X, y, w, b)
            out = _run(fn, X, y, w.copy(), b, shapes=(
                f"X is (n, d) = ({n}, {d}), w is ({d},), the residual p - y is ({n},). "
                f"X @ w is ({n},); the weight gradient is X.T @ residual, shape ({d},) — "
                "X @ residual does not fit."))
            expect(isinstance(out, (tuple, list)) and len(out) == 2,
                   "return two things: grad_w, grad_b")
            got_w = np.asarray(out[0], dtype=np.float64)
            got_b = _scalar(out[1], "grad_b")
            expect(got_w.shape == want_w.shape,
                   f"grad_w needs one entry per feature, shape {want_w.shape}; got "
                   f"{got_w.shape}. Use X.T @ (p - y), not X @ …")
            if not close(got_w, want_w):
                expect(False, _wrong_divisor_hint(_factor(got_w, want_w), n, d, "grad_w")
                       or "grad_w differs from X.T @ (sigmoid(X @ w + b) - y) / n.")
            if not close(got_b, want_b):
                expect(False, _wrong_divisor_hint(_factor(got_b, want_b), n, d, "grad_b")
                       or "grad_b differs from np.mean(sigmoid(X @ w + b) - y).")
    report("the gradient by hand", test)


def gradient_samples_in_columns(fn):
    """Lesson 05: fn(XT, y, W, b) with XT of shape (d, n) (one COLUMN per sample) and W of
    shape (1, d) returns (dW, db) of the mean cross-entropy; dW has W's shape (or (d,))."""
    from ..logreg import loss_and_gradient

    def test():
        for X, y, w, b in _logreg_cases():
            n, d = X.shape
            _, want_w, want_b = loss_and_gradient(X, y, w, b)
            out = _run(fn, X.T.copy(), y, w.reshape(1, d).copy(), b, shapes=(
                f"here XT is (d, n) = ({d}, {n}) and W is (1, {d}): W @ XT is (1, {n}), "
                f"one logit per sample; the residual is (1, {n}) and the weight gradient "
                f"residual @ XT.T is (1, {d})."))
            expect(isinstance(out, (tuple, list)) and len(out) == 2,
                   "return two things: dW, db")
            got_w = np.asarray(out[0], dtype=np.float64)
            got_b = _scalar(out[1], "db")
            expect(got_w.shape != (d, 1) or d == 1,
                   f"dW has shape ({d}, 1) but W is (1, {d}): W - lr * dW would broadcast "
                   f"to a ({d}, {d}) matrix. Return dW with W's shape, e.g. "
                   "residual @ XT.T / n.")
            expect(got_w.size == d, f"dW needs one entry per feature ({d}); got an array of "
                   f"shape {got_w.shape}. Sum over the samples, the columns of XT.")
            got_w = got_w.ravel()
            names = dict(samples="XT.shape[1]", features="XT.shape[0]")
            if not close(got_w, want_w):
                expect(False, _wrong_divisor_hint(_factor(got_w, want_w), n, d, "dW", **names)
                       or "dW differs from (sigmoid(W @ XT + b) - y) @ XT.T / n.")
            if not close(got_b, want_b):
                expect(False, _wrong_divisor_hint(_factor(got_b, want_b), n, d, "db", **names)
                       or "db differs from np.mean(sigmoid(W @ XT + b) - y).")
    report("the gradient with samples in columns", test)


def predict_labels(fn):
    """Lesson 05: fn(X, w, b) returns 1 where p(y=1|x) >= 1/2 and 0 elsewhere, per row of X."""
    def test():
        X = np.array([[2.0, 1.0], [-1.0, 0.5], [0.0, 0.0], [1.0, 3.0], [0.5, 0.5]])
        w, b = np.array([1.5, -0.5]), -0.5
        z = X @ w + b                      # the last point lies exactly on the boundary
        want = (z >= 0).astype(np.float64)
        got = numbers(call(fn, X, w.copy(), b), "your labels", bools=True)   # not text
        expect(got.size == len(X), f"return one label per row of X ({len(X)}); got an array "
               f"of shape {got.shape}.")
        got = got.ravel()
        expect(not np.all((got > 0) & (got < 1)), "those are probabilities; turn them into "
               "labels: 1 where p >= 0.5, else 0, e.g. (p >= 0.5).astype(int).")
        expect(np.all((got == 0) | (got == 1)), f"labels must be 0 or 1; got {got.tolist()}.")
        expect(not np.array_equal(got, 1 - want), "the labels are flipped: label 1 goes where "
               "p(y=1|x) >= 0.5.")
        expect(np.array_equal(got[:-1], want[:-1]), "label 1 goes where sigmoid(X @ w + b) "
               ">= 0.5, that is where X @ w + b >= 0.")
        expect(got[-1] == want[-1], "the point exactly on the boundary (z = 0, p = 0.5) got "
               "label 0, but p >= 0.5 means label 1. Two ways to get this wrong: `p > 0.5` "
               "leaves it out, and `np.round(p)` rounds 0.5 to the nearest EVEN number, 0 "
               "(NumPy rounds halves to even). Use `p >= 0.5` or `z >= 0`.")
    report("predicted labels", test)


def gradient_step(fn):
    """Lesson 05: fn(X, y, w, b, lr) returns (w_new, b_new) after one gradient-descent step."""
    from ..logreg import loss_and_gradient

    def test():
        lr = 0.3
        for X, y, w, b in _logreg_cases():
            _, grad_w, grad_b = loss_and_gradient(X, y, w, b)
            out = call(fn, X, y, w.copy(), b, lr)
            expect(isinstance(out, (tuple, list)) and len(out) == 2,
                   "return two things: w_new, b_new")
            w_new = np.asarray(out[0], dtype=np.float64)
            b_new = _scalar(out[1], "b_new")
            expect(w_new.shape == w.shape, f"w_new must have the shape of w, {w.shape}; got "
                   f"{w_new.shape}.")
            expect(not (close(w_new, w + lr * grad_w) and close(b_new, b + lr * grad_b)),
                   "you stepped UP the loss: subtract lr * gradient, do not add it.")
            expect(not close(w_new, w - grad_w), "the step is missing the learning rate: "
                   "w - lr * grad_w.")
            expect(not close(w_new, w), "w did not move: return w - lr * grad_w.")
            expect(close(w_new, w - lr * grad_w), "w_new should be w - lr * grad_w with "
                   "grad_w = X.T @ (sigmoid(X @ w + b) - y) / n.")
            expect(not close(b_new, b), "b did not move: update the bias too, "
                   "b - lr * grad_b.")
            expect(close(b_new, b - lr * grad_b), "b_new should be b - lr * grad_b with "
                   "grad_b = np.mean(sigmoid(X @ w + b) - y).")
    report("one gradient-descent step", test)


def _descent(X, y, lr, epochs):
    """Reference run: (w, b, losses) with losses[k] measured at the k-th parameters."""
    from ..logreg import loss_and_gradient

    w, b, losses = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        loss, grad_w, grad_b = loss_and_gradient(X, y, w, b)
        losses.append(loss)
        w, b = w - lr * grad_w, b - lr * grad_b
    losses.append(loss_and_gradient(X, y, w, b)[0])
    return w, b, np.array(losses)


def logistic_regressor(cls):
    """Lesson 05: cls(lr=..., epochs=...) is a class with fit(X, y) -> self (gradient descent
    from w = 0, b = 0, keeping w, b and losses, the loss at the start and after every epoch),
    predict(X) -> labels 0/1, and plot_loss(ax) -> ax."""
    def test():
        import matplotlib.pyplot as plt

        rng = np.random.default_rng(7)
        X = rng.normal(size=(40, 3)) + np.array([1.0, -2.0, 0.5])
        y = (X @ np.array([1.5, -1.0, 0.5]) + rng.normal(size=40) > 3.0).astype(np.float64)
        n, d = X.shape
        lr, epochs = 0.2, 50
        want_w, want_b, want_losses = _descent(X, y, lr, epochs)

        expect(callable(cls), "pass the class itself, LogisticRegressor, not an instance "
               "of it (no parentheses).")
        try:
            model = call(cls, lr=lr, epochs=epochs)
        except TypeError as err:
            raise Hint(f"LogisticRegressor(lr=0.2, epochs=50) failed ({err}); __init__ "
                       "should take lr and epochs as keyword arguments.") from None
        expect(all(callable(getattr(model, name, None))
                   for name in ("fit", "predict", "plot_loss")),
               "LogisticRegressor(lr=..., epochs=...) should build a model with the methods "
               "fit, predict and plot_loss.")
        out = call(model.fit, X, y)
        expect(out is model, "fit should end with `return self`, so that "
               "model.fit(X, y).predict(X) works, as in scikit-learn.")
        for name in ("w", "b", "losses"):
            expect(hasattr(model, name), f"after fit the model needs an attribute "
                   f"`self.{name}`.")
        got_w = np.asarray(model.w, dtype=np.float64).ravel()
        got_b = _scalar(model.b, "self.b")
        losses = np.asarray(model.losses, dtype=np.float64).ravel()
        expect(got_w.size == d, f"self.w needs one weight per feature ({d}); got "
               f"{got_w.size}.")
        if not close(got_w, want_w, 1e-8):
            one = call(call(cls, lr=lr, epochs=1).fit, X, y)
            first = -np.asarray(one.w, dtype=np.float64).ravel() / lr
            from ..logreg import loss_and_gradient
            grad_w = loss_and_gradient(X, y, np.zeros(d), 0.0)[1]
            expect(False, _wrong_divisor_hint(_factor(first, grad_w), n, d, "the weight step")
                   or "after fit, self.w differs from plain gradient descent from w = 0, "
                   "b = 0 with the mean cross-entropy's gradient X.T @ (p - y) / n.")
        expect(close(got_b, want_b, 1e-8), "the weights are right but the bias is not: "
               "update b with np.mean(p - y) each epoch.")
        expect(len(losses) != epochs, f"self.losses has {epochs} entries, one per epoch "
               f"BEFORE the update; add the loss after the last update too ({epochs + 1} "
               "entries), so losses[-1] is the loss of the fitted model.")
        expect(len(losses) == epochs + 1, f"self.losses should hold {epochs + 1} values: the "
               f"loss at the start and after each of the {epochs} epochs; got {len(losses)}.")
        expect(close(losses, want_losses, 1e-8), "self.losses should be the MEAN "
               "cross-entropy at each visited (w, b), the start first.")

        again = call(model.fit, X, y)
        expect(close(np.asarray(again.w, dtype=np.float64).ravel(), want_w, 1e-8),
               "calling fit a second time continued from the old weights. Start from "
               "w = 0, b = 0 inside fit (not in __init__), so every fit is a fresh start.")

        labels = np.asarray(call(model.predict, X), dtype=np.float64).ravel()
        expect(labels.size == n, f"predict(X) should return one label per row ({n}); got "
               f"{labels.size}.")
        expect(np.all((labels == 0) | (labels == 1)), "predict should return labels 0 or 1, "
               "not probabilities.")
        expect(np.array_equal(labels, (X @ want_w + want_b >= 0).astype(float)),
               "predict should return 1 where sigmoid(X @ w + b) >= 0.5, else 0.")

        fig, ax = plt.subplots()
        try:
            drawn = call(model.plot_loss, ax)
            expect(drawn is ax, "plot_loss(ax) should draw on the axes it is given and "
                   "return them.")
            ys = [np.asarray(line.get_ydata(), dtype=np.float64) for line in ax.get_lines()]
            expect(any(len(v) == len(want_losses) and close(v, want_losses, 1e-8) for v in ys),
                   "plot_loss(ax) should draw self.losses as a line on ax.")
            expect(ax.get_xlabel() and ax.get_ylabel(), "label the axes of the loss plot "
                   "(ax.set_xlabel('epoch'), ax.set_ylabel('mean cross-entropy')).")
        finally:
            plt.close(fig)
    report("a logistic-regression class", test)

"""The checker framework, a robustness sweep over every checker, and the lesson-00 checkers."""

import signal
import sys
import threading
import time

import numpy as np
import pytest
from checking import fails_with, passes, printed

from lessons_lib import check
from lessons_lib.check import framework

CHECKERS = sorted(set(check.__all__) - set(dir(framework)))


def run_report(capsys, test, title="t"):
    """Print-and-read one report(title, test)."""
    return printed(capsys, lambda _: check.report(title, test), None)


# --- close, numbers, number ------------------------------------------------------------------

def test_close_compares_numbers_and_arrays_of_the_same_shape():
    assert check.close(0.1 + 0.2, 0.3) is True
    assert check.close([1.0, 2.0], np.array([1.0, 2.0])) is True
    assert check.close(np.int64(3), 3.0) is True
    assert check.close(1.001, 1.0) is False
    assert check.close([1.0, 2.0], [1.0]) is False          # shapes differ
    assert check.close([[1.0, 2.0]], [1.0, 2.0]) is False   # (1, 2) is not (2,)


@pytest.mark.parametrize("junk", [None, {"a": 1}, object(), [[1.0], [2.0, 3.0]], 1 + 2j])
def test_close_is_false_not_none_on_junk(junk):
    assert check.close(junk, 1.0) is False


@pytest.mark.parametrize("text", ["0.7", b"0.7", ["0.7"], np.array(["0.7"]), [0.1, "0.7"]])
def test_close_refuses_text_with_a_hint(text):
    with pytest.raises(check.Hint, match="text .*return a number, not a string"):
        check.close(text, 0.7)


def test_close_refuses_bools_where_numbers_belong_but_compares_bools_with_bools():
    with pytest.raises(check.Hint, match="True/False; return a number"):
        check.close(True, 1.0)
    with pytest.raises(check.Hint, match="True/False"):
        check.close(np.array([True, False]), [1.0, 0.0])
    assert check.close(True, True) and not check.close(False, True)


def test_close_accepts_float32_at_float32_precision_only():
    exact = 1 / (1 + np.exp(2.0))                       # σ(-2) = 0.11920292202211755
    as_float32 = np.float32(exact)                      # off by 2.5e-9 relative
    assert check.close(as_float32, exact, tol=1e-12)
    assert check.close(np.full(3, as_float32), np.full(3, exact), tol=1e-12)
    assert check.close([as_float32, as_float32], [exact, exact], tol=1e-12)
    assert not check.close(float(as_float32), exact, tol=1e-12)   # a float64 is held to tol
    assert not check.close(np.float32(exact * (1 + 1e-5)), exact, tol=1e-12)
    torch = pytest.importorskip("torch")
    assert check.close(torch.tensor(exact, dtype=torch.float32, requires_grad=True), exact,
                       tol=1e-12)
    assert not check.close(torch.tensor(exact * (1 + 1e-5)), exact, tol=1e-12)


def test_numbers_and_number_turn_answers_into_floats_or_hint():
    assert check.number(np.array([2.5])) == 2.5
    assert check.numbers([1, 2]).dtype == np.float64
    with pytest.raises(check.Hint, match="None: did you forget `return`"):
        check.number(None)
    with pytest.raises(check.Hint, match="the loss is the text '0.7'"):
        check.number("0.7", "the loss")
    with pytest.raises(check.Hint, match="must be one number; got \\[1, 2\\] with shape"):
        check.number([1, 2])
    with pytest.raises(check.Hint, match="not a number or an array of numbers"):
        check.numbers({"a": 1})


# --- what hints show -------------------------------------------------------------------------

def test_abbreviate_keeps_every_value_short():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")
    for value in ([0.5] * 10**6, np.zeros(10**6), "x" * 10**6, {i: i for i in range(10**4)},
                  (1,) * 1000, [[1.0] * 1000] * 1000, Broken()):
        text = check.abbreviate(value)
        assert len(text) <= 80 and "\n" not in text, text
    assert check.abbreviate(0.7) == "0.7" and check.abbreviate("0.7") == "'0.7'"
    assert check.abbreviate(Broken()).startswith("<Broken")


def test_format_pair_shows_enough_digits_to_tell_values_apart():
    exact = 1 / (1 + np.exp(2.0))
    assert check.format_pair(exact, 0.5) == ("0.119203", "0.5")
    want, got = check.format_pair(exact, np.float32(exact))
    assert want != got and want.startswith("0.11920292")
    assert check.format_pair(1.0, 1.0) == ("1", "1")   # equal values print the same


# --- report: every way an answer can go wrong ------------------------------------------------

def test_report_prints_tick_hint_stub_or_error_and_never_raises(capsys):
    assert run_report(capsys, lambda: None, "ok") == "✓ ok: correct!"
    assert run_report(capsys, lambda: check.fail("try harder"), "hinted") == "✗ hinted: try harder"
    assert run_report(capsys, lambda: check.expect(False, "same"), "e") == "✗ e: same"

    def unfinished():
        raise NotImplementedError
    stub = run_report(capsys, unfinished, "stub")
    assert stub.startswith("✗ stub: not done yet") and "NotImplementedError" in stub
    assert run_report(capsys, lambda: 1 / 0, "buggy") == (
        "✗ buggy: your code raised ZeroDivisionError: division by zero")


def test_the_learners_error_and_the_checkers_own_are_told_apart(capsys):
    def learner_bug():
        raise ValueError("boom")

    def checker_with(answer):
        def test():
            got = check.call(answer)
            float(got)                     # the checker's own conversion fails on a dict
        return test
    assert run_report(capsys, checker_with(learner_bug)) == "✗ t: your code raised ValueError: boom"
    line = run_report(capsys, checker_with(lambda: {"a": [1] * 10**6}))
    assert line.startswith("✗ t: your function returned {'a': [1, 1, 1, 1, 1, 1, ...]}, which is "
                           "not what this exercise asks for (checking it gave TypeError")
    # an answer that is itself a library function: call() still knows the error is the answer's
    assert "your code raised TypeError" in run_report(capsys, lambda: check.call(np.mean, "a"))


# A checker that calls the answer directly, without call(), compiled as if it lived in
# lessons_lib/check (as the lesson checkers do); here the traceback tells who raised.
DIRECT_CHECKER = compile("""
def direct_checker(answer):
    def test():
        got = answer()
        float(got)
    report("direct", test)
""", framework.__file__, "exec")


def test_without_call_the_traceback_tells_who_raised(capsys):
    namespace = {"report": check.report}
    exec(DIRECT_CHECKER, namespace)
    checker = namespace["direct_checker"]
    assert printed(capsys, checker, lambda: {}["k"]) == "✗ direct: your code raised KeyError: 'k'"
    line = printed(capsys, checker, lambda: {"k": 1})
    assert line.startswith("✗ direct: what your function returned is not what this exercise "
                           "asks for (checking it gave TypeError: float() argument")


def test_call_wants_a_function(capsys):
    line = run_report(capsys, lambda: check.call(0.7))
    assert "pass your function itself" in line and "you passed 0.7" in line


@pytest.mark.parametrize("stop", [sys.exit, exit, lambda: sys.exit("bye"), lambda: sys.exit(3)])
def test_exit_in_the_answer_is_a_hint_not_the_end_of_the_kernel(capsys, stop):
    assert "called exit() or sys.exit()" in run_report(capsys, lambda: check.call(stop))


def test_a_real_keyboard_interrupt_still_stops_the_checker():
    def interrupted():
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        check.report("interrupted", interrupted)


def loop_forever():
    while True:
        pass


def test_an_endless_loop_is_stopped_at_the_time_limit(capsys, monkeypatch):
    monkeypatch.setattr(framework, "TIME_LIMIT", 0.3)
    start = time.monotonic()
    line = run_report(capsys, loop_forever)
    assert time.monotonic() - start < 1.0
    assert "ran longer than 0.3 seconds" in line and "loop" in line

    def swallows_exceptions():             # `except Exception` cannot catch the time limit
        while True:
            try:
                time.sleep(1)
            except Exception:
                pass
    assert "ran longer than" in run_report(capsys, swallows_exceptions)


def test_the_time_limit_restores_a_previous_handler_and_timer(capsys, monkeypatch):
    monkeypatch.setattr(framework, "TIME_LIMIT", 0.2)
    fired = []

    def handler(*_):
        fired.append(True)
    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    try:
        run_report(capsys, loop_forever)
        run_report(capsys, lambda: None)
        assert signal.getsignal(signal.SIGALRM) is handler
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 29.0 < remaining < 30.0 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_off_the_main_thread_there_is_no_time_limit_and_no_crash(capsys):
    lines = []
    worker = threading.Thread(
        target=lambda: check.report("thread", lambda: time.sleep(0.05) or lines.append(1)))
    worker.start()
    worker.join()
    assert lines == [1] and capsys.readouterr().out == "✓ thread: correct!\n"


def test_a_long_hint_is_cut_to_one_short_line(capsys):
    line = run_report(capsys, lambda: check.fail("start " + "x" * 10**6 + "\n end advice"))
    assert len(line) <= framework.MAX_LINE and line.startswith("✗ t: start")
    assert line.endswith("end advice")


def test_strict_mode_raises_the_hint_for_an_autograder(capsys):
    with check.strict():
        check.report("ok", lambda: None)
        with pytest.raises(AssertionError, match="✗ bad: try harder"):
            check.report("bad", lambda: check.fail("try harder"))
    check.report("after", lambda: check.fail("only printed"))   # strict ended with the block
    assert capsys.readouterr().out.splitlines() == [
        "✓ ok: correct!", "✗ bad: try harder", "✗ after: only printed"]


# --- every checker, against everything a learner can type ------------------------------------

def raises_value_error(*_args, **_kwargs):
    raise ValueError("boom")


def not_done(*_args, **_kwargs):
    raise NotImplementedError


ROBUSTNESS = {   # answer -> words the hint must contain
    "loops forever": (lambda *a, **k: loop_forever(), "ran longer than"),
    "calls sys.exit()": (lambda *a, **k: sys.exit(), "exit()"),
    "raises ValueError": (raises_value_error, "your code raised ValueError: boom"),
    "returns a string": (lambda *a, **k: "0.7", ""),
    "returns None": (lambda *a, **k: None, ""),
    "returns a million numbers": (lambda *a, **k: [0.5] * 10**6, ""),
    "is the stub": (not_done, "not done yet"),
}


def test_every_checker_is_in_the_sweep():
    assert len(CHECKERS) >= 22 and "report" not in CHECKERS and "warm_up" in CHECKERS


@pytest.mark.parametrize("answer", ROBUSTNESS)
@pytest.mark.parametrize("name", CHECKERS)
def test_every_checker_survives_anything_a_learner_types(capsys, monkeypatch, name, answer):
    monkeypatch.setattr(framework, "TIME_LIMIT", 1.0)
    function, words = ROBUSTNESS[answer]
    printed(capsys, getattr(check, name), not_done)   # first run: the checker's imports (torch)
    start = time.monotonic()
    line = fails_with(capsys, getattr(check, name), function, words)
    assert len(line) < 500
    assert time.monotonic() - start < 5.0, "the time limit should have stopped the answer"


# --- lesson 00 -------------------------------------------------------------------------------

def test_warm_up(capsys):
    passes(capsys, check.warm_up, lambda v: sum(v) / len(v))
    passes(capsys, check.warm_up, lambda v: np.float32(np.mean(v)))
    fails_with(capsys, check.warm_up, lambda v: sum(v), "divide by how many")
    fails_with(capsys, check.warm_up, lambda v: v.mean(), "your code raised AttributeError")
    fails_with(capsys, check.warm_up, lambda v: str(sum(v) / len(v)), "not a string")


def test_fraction_of_ones(capsys):
    passes(capsys, check.fraction_of_ones, lambda v: sum(v) / len(v))
    passes(capsys, check.fraction_of_ones, lambda v: np.mean(v))
    fails_with(capsys, check.fraction_of_ones, lambda v: sum(v), "Count the 1s")


def test_exit_in_a_jupyter_kernel_is_a_hint_and_the_kernel_stays(capsys, monkeypatch):
    """IPython's exit() does not raise: it calls shell.ask_exit(), which shuts the kernel down
    after the cell. During a check it raises SystemExit instead, so it becomes a hint."""
    class Shell:
        def ask_exit(self):
            self.exit_now = True
    shell = Shell()
    monkeypatch.setitem(sys.modules, "IPython", type(sys)("IPython"))
    sys.modules["IPython"].get_ipython = lambda: shell
    line = printed(capsys, check.warm_up, lambda values: shell.ask_exit())
    assert "called exit()" in line and not hasattr(shell, "exit_now")
    shell.ask_exit()                        # outside a check, exit() works as IPython meant
    assert shell.exit_now

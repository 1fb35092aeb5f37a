"""Exercise checkers: the framework.

Each checker takes the learner's answer (usually a function), tries it on cases with known
answers, and prints either a tick or one hint. It never raises, so a notebook with unfinished
exercises still runs from top to bottom. The pattern of a checker::

    def coin_mle(fn):
        def test():
            got = call(fn, 7, 10)
            expect(close(got, 0.7), f"for k = 7 of n = 10 the peak is at 0.7; you returned "
                   f"{abbreviate(got)}")
        report("coin-flip MLE", test)

What `report` guarantees, whatever the learner typed:

- a time limit: an answer that runs longer than TIME_LIMIT seconds (an endless `while`, a
  huge `range`) is stopped and gets a hint about loops. The limit needs SIGALRM and the main
  thread (a Jupyter kernel and pytest run cells there); elsewhere there is no limit.
- `exit()` / `sys.exit()` in the answer is a hint, never the end of the kernel. A real
  KeyboardInterrupt (the learner pressed Interrupt) is NOT caught: it stops the checker, as
  the learner asked.
- an error raised inside the learner's code reads "your code raised …"; an error in the
  checker's own handling of a returned value reads "your function returned …, which …".
- every line stays short: hints abbreviate returned values (`abbreviate`), and a hint that is
  still too long is cut in the middle.
- `with strict():` a failure also raises AssertionError(hint), for an autograder (nbgrader).

A checker says "fail with this hint" in one way: `fail(hint)`; `expect(condition, hint)` is
`if not condition: fail(hint)`. Compare numbers with `close` (type-strict, and at float32
precision for float32 answers); turn a returned value into numbers with `number` / `numbers`.
"""

import contextlib
import contextvars
import os
import reprlib
import signal
import sys
import sysconfig
import threading
import time

import numpy as np

TIME_LIMIT = 5.0          # seconds one answer may take (all the calls of one checker together)
MAX_LINE = 400            # characters of one printed hint line, the title included
FLOAT_ULPS = 8            # a float answer may be off by this many units of its own precision

_strict = contextvars.ContextVar("strict", default=False)
_returned = contextvars.ContextVar("returned", default=None)   # (value,) of the last call()


class Hint(Exception):
    """Raised inside a checker's test to stop at the first failed expectation."""


class TimeLimit(BaseException):
    """Raised inside the learner's code when TIME_LIMIT runs out. A BaseException, so the
    learner's own `except Exception:` does not swallow it."""


def fail(hint):
    """Stop the checker's test here and show the learner `hint`."""
    raise Hint(hint)


def expect(condition, hint):
    """fail(hint) unless condition holds."""
    if not condition:
        fail(hint)


# --- showing values --------------------------------------------------------------------------

_short = reprlib.Repr()
_short.maxstring, _short.maxother, _short.maxlist, _short.maxtuple = 40, 60, 6, 6


def abbreviate(value, limit=80):
    """A repr of value at most `limit` characters long: '[0.5, 0.5, 0.5, ...]', never the whole
    of a million-element list, and never an error (even from a broken __repr__)."""
    try:
        if isinstance(value, np.ndarray):
            with np.printoptions(threshold=6, edgeitems=2, precision=6):
                text = repr(value)
        else:
            text = _short.repr(value)
    except Exception:   # a learner's class with a broken __repr__
        text = f"<{type(value).__name__} object>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def format_pair(want, got):
    """want and got as text with enough significant digits (6 at least) to tell them apart,
    so a hint never reads "expected 0.119203; you returned 0.119203"."""
    want, got = float(want), float(got)
    for digits in range(6, 18):
        a, b = f"{want:.{digits}g}", f"{got:.{digits}g}"
        if a != b:
            break
    return a, b


# --- numbers, type-strict --------------------------------------------------------------------

def _type_hint(value, what, bools=False):
    """A hint when value holds text, or True/False (unless `bools`), where numbers belong,
    else None."""
    try:
        array = np.asarray(value)
    except Exception:   # not array-like at all; numbers() and close() deal with that
        return None
    kinds = {array.dtype.kind}
    if array.dtype.kind == "O":
        kinds = {"U" if isinstance(item, (str, bytes)) else
                 "b" if isinstance(item, (bool, np.bool_)) else "?"
                 for item in array.ravel()[:1000]}
    if kinds & {"U", "S"}:
        return (f"{what} is the text {abbreviate(value)}; return a number, not a string "
                "(no quotes, no str(), no f-string).")
    if "b" in kinds and not bools:
        return f"{what} is {abbreviate(value)}, True/False; return a number."
    return None


def numbers(value, what="your answer", bools=False):
    """value (a number, list, NumPy array or tensor) as a float64 array, or fail with a hint
    when it is not made of numbers: text, True/False (read as 1/0 with `bools=True`, e.g. for
    labels), None or something else."""
    expect(value is not None, f"{what} is None: did you forget `return`?")
    hint = _type_hint(value, what, bools)
    if hint:
        fail(hint)
    if hasattr(value, "detach"):   # a torch tensor that requires grad still holds numbers
        value = value.detach().cpu()
    try:
        array = np.asarray(value, dtype=np.float64)
    except Exception:
        fail(f"{what} is {abbreviate(value)}, which is not a number or an array of numbers.")
    return array


def number(value, what="your answer"):
    """value as one float (a Python or NumPy number, or a one-element array or tensor), or fail
    with a hint."""
    array = numbers(value, what)
    expect(array.size == 1, f"{what} must be one number; got {abbreviate(value)} with shape "
           f"{array.shape}.")
    return float(array.reshape(-1)[0])


_LOW_PRECISION = {"float16": float(np.finfo(np.float16).eps),
                  "float32": float(np.finfo(np.float32).eps)}


def _precision(value):
    """Machine epsilon of value's float type when it is float32 or float16 (NumPy or torch),
    else 0: float32 answers are compared at float32 precision."""
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    return _LOW_PRECISION.get(str(getattr(value, "dtype", "")).replace("torch.", ""), 0.0)


def tolerance(value, tol):
    """tol, or FLOAT_ULPS units of value's own float precision when that is larger: the
    tolerance close() uses, for a checker that turned a float32 answer into a float."""
    return max(tol, FLOAT_ULPS * _precision(value))


def close(actual, expected, tol=1e-6):
    """True when actual is numerically equal to expected (arrays too: same shape), within
    tol or within FLOAT_ULPS units of actual's own float precision, whichever is larger.
    False when actual is not numbers at all (None, a dict, a ragged list, a wrong shape).
    Text, or True/False where numbers are expected, fails with a hint instead: a string is
    not a number."""
    if not isinstance(expected, (bool, np.bool_)) and actual is not None:
        hint = _type_hint(actual, "your answer")
        if hint:
            fail(hint)
    try:
        if hasattr(actual, "detach"):
            actual = actual.detach().cpu()
        tol = tolerance(actual, tol)
        actual = np.asarray(actual, dtype=np.float64)
        expected = np.asarray(expected, dtype=np.float64)
    except Exception:
        return False
    with np.errstate(all="ignore"):
        return actual.shape == expected.shape and bool(
            np.allclose(actual, expected, rtol=tol, atol=tol))


# --- running the learner's code --------------------------------------------------------------

def call(fn, *args, **kwargs):
    """fn(*args, **kwargs), the learner's function. An error raised inside it is reported as
    "your code raised …"; the returned value is remembered, so that if the checker cannot use
    it the hint says what it was. Once a checker uses call(), any other error is the checker's
    own: call every learner function through it."""
    expect(callable(fn), f"pass your function itself, e.g. check.name(my_function) without "
           f"(); you passed {abbreviate(fn)}.")
    _returned.set(())
    try:
        value = fn(*args, **kwargs)
    except Exception as err:
        err._raised_by_learner = True
        raise
    _returned.set((value,))
    return value


_LIBRARY_DIRS = tuple(os.path.realpath(p) for p in {
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),        # lessons_lib
    *(sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib"))})


def _raised_by_learner(err):
    """True when err came out of the learner's code: through call(), or, for a checker that
    calls the answer directly (no call() so far), when the traceback passes through code that
    is not installed library code: a notebook cell or the learner's own file."""
    if getattr(err, "_raised_by_learner", False):
        return True
    if _returned.get() is not None:
        return False
    tb = err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename   # "<...>": generated code, no evidence
        if not filename.startswith("<") and not os.path.realpath(filename).startswith(
                _LIBRARY_DIRS):
            return True
        tb = tb.tb_next
    return False


@contextlib.contextmanager
def time_limit(seconds):
    """Raise TimeLimit inside the running code after `seconds`, via SIGALRM. Without SIGALRM
    (Windows) or off the main thread there is no limit. A timer that was already running is
    paused and restored, with its remaining time."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not (hasattr(signal, "setitimer") and in_main_thread):
        yield
        return

    def on_alarm(signum, frame):
        raise TimeLimit

    start = time.monotonic()
    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay:
            remaining = old_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-3), old_interval)


@contextlib.contextmanager
def exit_raises():
    """In IPython, exit() and quit() do not raise SystemExit: they shut the kernel down once the
    cell ends. Inside this block they raise SystemExit, so a checker can turn them into a hint."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None:
        yield
        return

    def raise_system_exit(*args, **kwargs):
        raise SystemExit

    shell.ask_exit = raise_system_exit      # what IPython's exit() calls
    try:
        yield
    finally:
        del shell.ask_exit                  # the class's own method again


def _shorten(line):
    """line cut in the middle to MAX_LINE characters (a safety net: hints should abbreviate
    the values they show)."""
    if len(line) <= MAX_LINE:
        return line
    tail = MAX_LINE // 3
    return line[:MAX_LINE - tail - 5] + " […] " + line[-tail:]


def _outcome(test):
    """Run test(); return None when it passed, else the hint to show and the exception."""
    _returned.set(None)   # None: the checker has not used call() (yet)
    try:
        with time_limit(TIME_LIMIT), exit_raises():
            test()
    except Hint as hint:
        return str(hint), hint
    except NotImplementedError as err:
        return ("not done yet. Replace `raise NotImplementedError` with your code, run that "
                "cell, then run this one again."), err
    except TimeLimit as err:
        return (f"your code ran longer than {TIME_LIMIT:g} seconds, so it was stopped. Look "
                "for a loop that never ends (a `while` whose condition stays true) or a loop "
                "over a huge range; this exercise needs no long computation."), err
    except SystemExit as err:
        return ("your code called exit() or sys.exit(), which would end the whole program. "
                "Return the answer with `return` instead."), err
    except Exception as err:  # a learner's bug, or an answer the checker cannot use
        message = f"{type(err).__name__}: {err}"
        if _raised_by_learner(err):
            return f"your code raised {message}", err
        returned = _returned.get()
        what = (f"your function returned {abbreviate(returned[0])}, which"
                if returned else "what your function returned")
        return (f"{what} is not what this exercise asks for (checking it gave {message}). "
                "Compare its type and shape with the exercise text."), err
    return None


def report(title, test):
    """Run test(); print "✓ title: correct!" or "✗ title: <hint>". Returns nothing, so a
    checker call leaves no ``Out[ ]`` in the notebook. In strict() mode a failure also raises
    AssertionError(<the printed line>)."""
    outcome = _outcome(test)
    if outcome is None:
        print(f"✓ {title}: correct!")
        return
    hint, err = outcome
    line = _shorten(" ".join(f"✗ {title}: {hint}".split()))
    print(line)
    if _strict.get():
        raise AssertionError(line) from err


@contextlib.contextmanager
def strict():
    """Inside `with check.strict():` a failing checker raises AssertionError(hint) after
    printing it, so an autograder (nbgrader) can count the exercise as failed."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


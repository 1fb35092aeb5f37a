"""Exercise checkers.

Each checker takes the learner's answer (usually a function), tries it on cases with known
answers, and prints either a tick or one hint. It never raises, so a notebook with unfinished
exercises still runs from top to bottom. The pattern of a checker::

    def coin_mle(fn):
        def test():
            expect(close(fn(7, 10), 0.7), "for k = 7 of n = 10 the peak is at 0.7")
        report("coin-flip MLE", test)

Checkers are grouped by lesson below the framework.
"""

import numpy as np


class Hint(Exception):
    """Raised inside a checker's test to stop at the first failed expectation."""


def expect(condition, hint):
    if not condition:
        raise Hint(hint)


def close(actual, expected, tol=1e-6):
    """True when actual is numerically equal to expected (arrays too), False on any trouble."""
    try:
        actual = np.asarray(actual, dtype=np.float64)
        expected = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return
    return actual.shape == expected.shape and bool(
        np.allclose(actual, expected, rtol=tol, atol=tol))


def report(title, test):
    """Run test(); print "✓ title: correct!" or "✗ title: <hint>". Returns nothing, so a
    checker call leaves no ``Out[ ]`` in the notebook."""
    try:
        test()
    except NotImplementedError:
        print(f"✗ {title}: not done yet. Replace `raise NotImplementedError` with your code, "
              "run that cell, then run this one again.")
        return
    except Hint as hint:
        print(f"✗ {title}: {hint}")
        return
    except Exception as err:  # a learner's bug must not stop the notebook
        print(f"✗ {title}: your code raised {type(err).__name__}: {err}")
        return
    print(f"✓ {title}: correct!")


# --- lesson 00 ------------------------------------------------------------------------------

def warm_up(fn):
    """Lesson 00: fn(values) returns the mean of a list of numbers."""
    def test():
        for values in ([1, 2, 3], [2.5], [-1.0, 1.0, 4.0, 8.0]):
            got = fn(values)
            expect(close(got, np.mean(values)),
                   f"for {values} the mean is {np.mean(values):g}, you returned {got!r}. "
                   "Add the numbers and divide by how many there are.")
    report("warm-up: the mean", test)


def fraction_of_ones(fn):
    """Lesson 00: fn(labels) returns the fraction of labels equal to 1."""
    def test():
        for labels in ([1, 0, 1, 1], [0, 0, 0], [1], [0, 1] * 50 + [1] * 10):
            got = fn(labels)
            want = sum(labels) / len(labels)
            expect(close(got, want), f"for {labels[:8]}{'…' if len(labels) > 8 else ''} the "
                   f"fraction of ones is {want:g}, you returned {got!r}. Count the 1s, "
                   "then divide by the number of labels.")
    report("warm-up: fraction of ones", test)

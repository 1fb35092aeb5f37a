"""Exercise checkers.

Each checker takes the learner's answer (usually a function), tries it on cases with known
answers, and prints either a tick or one hint. It never raises, so a notebook with unfinished
exercises still runs from top to bottom. The pattern of a checker::

    def coin_mle(fn):
        def test():
            expect(close(fn(7, 10), 0.7), "for k = 7 of n = 10 the peak is at 0.7")
        report("coin-flip MLE", test)

The checkers themselves live in one module per lesson, beside this one.
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

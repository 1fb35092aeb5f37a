"""Checkers of lesson 00."""

import numpy as np

from .framework import close, expect, report


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

"""Checkers of lesson 00: two warm-ups that show how an exercise, its checker and its folded
solution work together."""

import numpy as np

from .framework import call, close, expect, report

__all__ = ["warm_up", "fraction_of_ones"]


def warm_up(fn):
    """Lesson 00: fn(values) returns the mean of a list of numbers."""
    def test():
        for values in ([1, 2, 3], [2.5], [-1.0, 1.0, 4.0, 8.0], [0.1] * 10):
            got = call(fn, list(values))
            want = sum(values) / len(values)
            if close(got, want):
                continue
            expect(not close(got, sum(values)), f"for {values} you returned the sum, "
                   f"{sum(values):g}: divide by how many numbers there are.")
            expect(len(values) < 2 or not close(got, sum(values) / (len(values) - 1)),
                   f"for {values} you divided by {len(values) - 1}, one less than the number "
                   "of values: divide by len(values).")
            expect(False, f"for {values} the mean is {want:g}, you returned {got!r}. "
                   "Add the numbers and divide by how many there are.")
    report("warm-up: the mean", test)


def fraction_of_ones(fn):
    """Lesson 00: fn(labels) returns the fraction of labels equal to 1, for a list or a NumPy
    array of 0/1 labels (ints, floats or booleans)."""
    def test():
        for labels in ([1, 0, 1, 1], [0, 0, 0], [1], [0, 1] * 50 + [1] * 10,
                       np.array([0.0, 1.0, 1.0, 0.0, 1.0]), np.array([True, False, False])):
            shown = f"{list(labels)[:8]}{'…' if len(labels) > 8 else ''}"
            got = call(fn, labels.copy() if isinstance(labels, np.ndarray) else list(labels))
            ones = int(sum(labels))
            want = ones / len(labels)
            if close(got, want):
                continue
            expect(not close(got, ones) or ones == 0, f"for {shown} you returned {ones}, the "
                   "number of ones. Count the 1s, then divide by the number of labels.")
            expect(not close(got, 1 - want), f"for {shown} you returned the fraction of ZEROS, "
                   f"{1 - want:g}. Count the labels equal to 1.")
            expect(False, f"for {shown} the fraction of ones is {want:g}, you returned "
                   f"{got!r}. Count the 1s, then divide by the number of labels.")
    report("warm-up: fraction of ones", test)

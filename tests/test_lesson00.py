"""Lesson 00: the two warm-up checkers accept every correct formulation and name the mistake."""

import math

import numpy as np
import pytest
from checking import fails_with, passes

from lessons_lib import check


def not_done(*_args):
    raise NotImplementedError


def mean_loop(values):
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


@pytest.mark.parametrize("answer", [
    lambda v: sum(v) / len(v), mean_loop, lambda v: math.fsum(v) / len(v),
    lambda v: np.float32(sum(v) / len(v)), lambda v: np.mean(v),
])
def test_warm_up_accepts(capsys, answer):
    passes(capsys, check.warm_up, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda v: sum(v), "divide by how many"),
    (lambda v: sum(v) / (len(v) - 1) if len(v) > 1 else v[0], "one less than"),
    (lambda v: min(v), "the mean is"),
    (lambda v: str(sum(v) / len(v)), "not a string"),
    (not_done, "not done yet"),
])
def test_warm_up_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, check.warm_up, answer, hint)


def count_loop(labels):
    ones = 0
    for label in labels:
        if label == 1:
            ones += 1
    return ones / len(labels)


@pytest.mark.parametrize("answer", [
    lambda v: sum(v) / len(v), count_loop, lambda v: np.mean(v),
    lambda v: list(v).count(1) / len(v), lambda v: np.count_nonzero(np.asarray(v) == 1) / len(v),
])
def test_fraction_of_ones_accepts_lists_arrays_and_booleans(capsys, answer):
    passes(capsys, check.fraction_of_ones, answer)


@pytest.mark.parametrize("answer, hint", [
    (lambda v: sum(v), "Count the 1s"),
    (lambda v: 1 - sum(v) / len(v), "ZEROS"),
    (lambda v: sum(v) / 2, "the fraction of ones is"),
    (not_done, "not done yet"),
])
def test_fraction_of_ones_names_the_mistake(capsys, answer, hint):
    fails_with(capsys, check.fraction_of_ones, answer, hint)

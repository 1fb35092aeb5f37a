"""Lesson 09: the exercise checkers, against correct alternatives and typical wrong answers."""

import math

import numpy as np
import pytest
from checking import fails_with, passes
from sklearn.metrics import roc_curve

from lessons_lib import check


def not_done(*_args):
    raise NotImplementedError


# --- the threshold for a recall target --------------------------------------------------------

def threshold_solution(y, p, target):
    positives = np.sort(p[y == 1])[::-1]
    k = math.ceil(target * len(positives) - 1e-9)
    return positives[k - 1]


def threshold_loop(y, p, target):
    best = 0.0
    for t in sorted(set(p.tolist())):
        caught = sum(1 for yi, pi in zip(y, p, strict=True) if yi == 1 and pi >= t)
        if caught / sum(y) >= target:
            best = t
    return best


def threshold_sklearn(y, p, target):
    _, tpr, thresholds = roc_curve(y, p)
    return float(thresholds[np.argmax(tpr >= target - 1e-12)])


def threshold_just_below(y, p, target):
    # any t above the next lower score gives the same labels: fine too
    return threshold_solution(y, p, target) - 1e-9


def test_threshold_checker_accepts_correct_answers(capsys):
    for answer in (threshold_solution, threshold_loop, threshold_sklearn, threshold_just_below,
                   lambda y, p, t: np.float32(threshold_solution(y, p, t))):
        passes(capsys, check.threshold_for_recall, answer)


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda y, p, t: np.quantile(p, 1 - t), ["ALL scores", "positives only"]),
    (lambda y, p, t: 0.0, ["not the highest"]),
    (lambda y, p, t: float(p[y == 1].min()), ["not the highest"]),
    (lambda y, p, t: threshold_solution(y, p, t) + 1e-6, ["recall is only", "p >= t"]),
    (lambda y, p, t: t, ["recall"]),
    (lambda y, p, t: None, ["None"]),
])
def test_threshold_checker_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.threshold_for_recall, answer, *words)


# --- the odds-ratio interval ------------------------------------------------------------------

def interval_solution(w, se, units):
    return (math.exp(units * (w - 1.96 * se)), math.exp(units * (w + 1.96 * se)))


def test_odds_ratio_checker_accepts_correct_answers(capsys):
    passes(capsys, check.odds_ratio_ci, interval_solution)
    passes(capsys, check.odds_ratio_ci, lambda w, se, u: np.exp(u * w + np.array([-1, 1]) *
                                                                1.959964 * u * se))
    passes(capsys, check.odds_ratio_ci, lambda w, se, u: [
        (math.exp(w) ** u) * math.exp(-1.96 * se) ** u, math.exp(u * w + 1.96 * u * se)])
    passes(capsys, check.odds_ratio_ci,
           lambda w, se, u: np.float32(interval_solution(w, se, u)))


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda w, se, u: (math.exp(w - 1.96 * se), math.exp(w + 1.96 * se)), ["ONE unit"]),
    (lambda w, se, u: (u * math.exp(w - 1.96 * se), u * math.exp(w + 1.96 * se)),
     ["multiply"]),
    (lambda w, se, u: (math.exp(u * w - 1.96 * se), math.exp(u * w + 1.96 * se)),
     ["standard error scales"]),
    (lambda w, se, u: (u * (w - 1.96 * se), u * (w + 1.96 * se)), ["exponentiate"]),
    (lambda w, se, u: (math.exp(u * (w - 1.645 * se)), math.exp(u * (w + 1.645 * se))),
     ["90%"]),
    (lambda w, se, u: math.exp(u * w), ["two numbers"]),
    (lambda w, se, u: (1.0, 2.0), ["log scale"]),
])
def test_odds_ratio_checker_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.odds_ratio_ci, answer, *words)


# --- precision at a new prevalence ------------------------------------------------------------

def ppv_solution(sens, spec, prev):
    return sens * prev / (sens * prev + (1 - spec) * (1 - prev))


def test_precision_checker_accepts_correct_answers(capsys):
    passes(capsys, check.precision_at_prevalence, ppv_solution)
    # Bayes' rule with odds, and counts out of a population of 100 000
    passes(capsys, check.precision_at_prevalence, lambda se, sp, pr: 1 / (
        1 + (1 - sp) / se * (1 - pr) / pr))
    passes(capsys, check.precision_at_prevalence, lambda se, sp, pr: (
        lambda tp, fp: tp / (tp + fp))(se * pr * 1e5, (1 - sp) * (1 - pr) * 1e5))
    passes(capsys, check.precision_at_prevalence,
           lambda se, sp, pr: np.float32(ppv_solution(se, sp, pr)))


@pytest.mark.parametrize("answer, words", [
    (not_done, ["not done yet"]),
    (lambda se, sp, pr: se, ["sensitivity", "PREDICTED"]),
    (lambda se, sp, pr: se / (se + 1 - sp), ["prevalence"]),
    (lambda se, sp, pr: se * pr / (se * pr + sp * (1 - pr)), ["1 - specificity"]),
    (lambda se, sp, pr: sp, ["the precision is"]),
    (lambda se, sp, pr: str(ppv_solution(se, sp, pr)), ["text"]),
])
def test_precision_checker_rejects_typical_mistakes(capsys, answer, words):
    fails_with(capsys, check.precision_at_prevalence, answer, *words)


def test_lesson09_checkers_are_exported():
    from lessons_lib.check import lesson09

    for name in lesson09.__all__:
        assert getattr(check, name) is getattr(lesson09, name)

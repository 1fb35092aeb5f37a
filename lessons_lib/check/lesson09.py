"""Checkers of lesson 09: evaluating and interpreting a classifier."""

import math

import numpy as np

from .framework import call, close, expect, fail, format_pair, number, numbers, report

__all__ = ["threshold_for_recall", "odds_ratio_ci", "precision_at_prevalence"]

Z95 = 1.959963984540054


def _recall_cases():
    """(y, p, target): scores with ties, a target met exactly by some count, and targets
    that fall between two counts."""
    rng = np.random.default_rng(9)
    y = (rng.random(60) < 0.4).astype(np.float64)
    p = np.round(1 / (1 + np.exp(-(2.5 * y - 1.2 + rng.normal(size=60)))), 2)
    for target in (0.8, 0.9, 0.5, 1.0, 0.75):
        yield y, p, target
    yield np.array([0, 1, 0, 1, 1.0]), np.array([0.9, 0.8, 0.3, 0.6, 0.1]), 2 / 3


def _recall_at(y, p, t):
    return float(np.sum((p >= t) & (y == 1)) / np.sum(y == 1))


def threshold_for_recall(fn):
    """Lesson 09: fn(y, p, target) returns the highest threshold t at which the rule
    "predict 1 when p >= t" reaches recall >= target."""
    def test():
        for y, p, target in _recall_cases():
            positives = np.sort(p[y == 1])[::-1]
            k = math.ceil(target * len(positives) - 1e-9)       # positives to catch
            want = positives[k - 1]
            returned = call(fn, y.copy(), p.copy(), target)
            got = number(returned, "your threshold")
            if close(returned, want, 1e-9):       # (float32 may round a tie up)
                continue
            recall = _recall_at(y, p, got)
            where = f"(target {target:.3g}, {len(positives)} positives)"
            expect(not close(got, np.quantile(p, 1 - target), 1e-9),
                   f"your t = {got:.3g} gives the recall {recall:.3f} {where}: a quantile of "
                   "ALL scores mixes in the negatives; recall counts the positives only, so "
                   "look at the scores of the samples with y = 1.")
            if recall < target:
                fail(f"at your t = {got:.3g} the recall is only {recall:.3f} < {target:.3g} "
                     f"{where}. The rule predicts 1 when p >= t (ties with t count as 1); "
                     f"you need at least {k} of the {len(positives)} positives at or above t.")
            expect(np.sum(p >= got) == np.sum(p >= want),
                   f"your t = {got:.3g} reaches the recall {where} but is not the highest "
                   f"such threshold (that is {want:.3g}): a lower t than needed predicts "
                   "more samples positive, which costs precision for nothing.")
    report("threshold for a recall target", test)


def odds_ratio_ci(fn):
    """Lesson 09: fn(w, se, units) returns (low, high), the 95% confidence interval of the
    odds ratio for an increase of ``units`` in the feature, from the coefficient w (per one
    unit) and its standard error se."""
    def test():
        for w, se, units in ((0.39, 0.0706, 5.0), (1.458, 0.19, 2.0), (-0.8, 0.3, 0.5),
                             (0.39, 0.0706, 1.0)):
            out = call(fn, w, se, units)
            got = numbers(out, "your interval")
            expect(got.size == 2, f"return two numbers (low, high); got "
                   f"{got.size} number(s).")
            got = np.sort(got.ravel())
            low, high = (math.exp(units * (w - Z95 * se)), math.exp(units * (w + Z95 * se)))
            if close(got, [low, high], 2e-3):
                continue
            case = f"for w = {w}, se = {se}, {units:g} units"
            wrong = {
                "exp-per-unit": [math.exp(w - Z95 * se), math.exp(w + Z95 * se)],
                "times-units": [units * math.exp(w - Z95 * se), units * math.exp(w + Z95 * se)],
                "se-not-scaled": [math.exp(units * w - Z95 * se), math.exp(units * w + Z95 * se)],
                "log-scale": [units * (w - Z95 * se), units * (w + Z95 * se)],
                "ninety": [math.exp(units * (w - 1.645 * se)), math.exp(units * (w + 1.645 * se))],
            }
            hints = {
                "exp-per-unit": "that is the interval for ONE unit; for a change of u units "
                                "the log-odds change by u·w, so the odds ratio is e^(u·w).",
                "times-units": "odds ratios multiply, they do not add up: u units multiply the "
                               "odds by (e^w)^u = e^(u·w), not u·e^w.",
                "se-not-scaled": "the standard error scales too: the log odds ratio for u "
                                 "units is u·w, whose standard error is u·se.",
                "log-scale": "that is the interval of the log odds ratio u·w; exponentiate "
                             "both ends to get the interval of the odds ratio.",
                "ninety": "1.645 gives a 90% interval; 95% needs z = 1.96.",
            }
            for key, values in wrong.items():
                expect(not close(got, sorted(values), 2e-3), f"{case}: {hints[key]}")
            fail(f"{case} the interval is ({low:.4g}, {high:.4g}); you returned "
                 f"({got[0]:.4g}, {got[1]:.4g}). Build it on the log scale: "
                 "u·w ± 1.96·u·se, then exponentiate.")
    report("odds-ratio confidence interval", test)


def precision_at_prevalence(fn):
    """Lesson 09: fn(sensitivity, specificity, prevalence) returns the precision (positive
    predictive value) of a test used where a fraction ``prevalence`` is positive."""
    def test():
        for sens, spec, prev in ((0.9, 0.95, 0.01), (0.8, 0.9, 0.3), (0.99, 0.99, 0.001),
                                 (0.7, 0.6, 0.5)):
            returned = call(fn, sens, spec, prev)
            got = number(returned, "your precision")
            tp, fp = sens * prev, (1 - spec) * (1 - prev)
            want = tp / (tp + fp)
            if close(returned, want, 1e-9):
                continue
            case = f"for sensitivity {sens}, specificity {spec}, prevalence {prev}"
            expect(not close(got, sens, 1e-9), f"{case}: you returned the sensitivity "
                   "(recall, TP / all positives); precision is TP / all PREDICTED positives.")
            expect(not close(got, sens / (sens + 1 - spec), 1e-9),
                   f"{case}: you left out the prevalence: out of a population, sens·prev are "
                   "true positives and (1 - spec)·(1 - prev) false positives.")
            expect(not close(got, tp / (tp + spec * (1 - prev)), 1e-9),
                   f"{case}: the false positives are the negatives the test gets WRONG, a "
                   "fraction 1 - specificity of them, not the specificity.")
            want_text, got_text = format_pair(want, got)
            fail(f"{case} the precision is {want_text}; you returned {got_text}. Count, out "
                 "of a population: true positives sens·prev, false positives "
                 "(1 - spec)·(1 - prev).")
    report("precision at a new prevalence", test)

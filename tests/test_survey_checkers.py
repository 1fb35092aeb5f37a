"""tools/survey_checkers.py: the robustness survey of the exercise checkers, on a real
checker (no hang, escape, false accept or false reject allowed) and on a naive checker of
the old kind, which it must catch hanging, letting SystemExit out and accepting "0.7"."""

import json
import os
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import survey_checkers  # noqa: E402


def by_kind(results):
    return {r["kind"]: r for r in results}


def test_a_lesson_00_checker_survives_every_answer():
    results, notes = survey_checkers.survey(ROOT, checkers=["fraction_of_ones"],
                                            time_limit=1.0, timeout=15.0)
    assert not notes, notes
    assert {r["checker"] for r in results} == {"fraction_of_ones"}
    assert len(results) == len(survey_checkers.KINDS)
    totals = survey_checkers.totals(results)
    assert totals == {**totals, "hang": 0, "false accept": 0, "false reject": 0, "escape": 0,
                      "huge": 0, "blame": 0, "silent": 0}, survey_checkers.problems(results)
    kinds = by_kind(results)
    assert kinds["solution"]["verdict"] == kinds["float32"]["verdict"] == "pass"
    for wrong in ("stub", "none", "loop", "system_exit", "huge_list", "string", "sign"):
        assert kinds[wrong]["verdict"] == "hint", kinds[wrong]
    # the framework lets a KeyboardInterrupt through on purpose (the learner pressed
    # Interrupt); the survey counts it apart
    assert kinds["keyboard_interrupt"]["escaped"] == "KeyboardInterrupt"
    assert "ran longer than" in kinds["loop"]["line"]
    assert "not a string" in kinds["string"]["line"]


NAIVE_CHECK = '''
"""A checker of the kind issue 14 measured: no time limit, SystemExit escapes, str accepted."""

__all__ = ["coin_mle"]


def coin_mle(fn):
    try:
        ok = float(fn(7, 10)) == 0.7
    except Exception as err:
        print(f"✗ coin: your code raised {type(err).__name__}: {err}")
        return
    print("✓ coin: correct!" if ok else "✗ coin: for k = 7 of n = 10 the peak is at 0.7")
'''


def notebook_with_one_exercise():
    def cell(kind, text, tag=None):
        return {"cell_type": kind, "metadata": {"tags": [tag] if tag else []}, "source": text,
                **({"outputs": [], "execution_count": None} if kind == "code" else {})}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        cell("code", "import math"),
        cell("code", "def coin_mle(k, n):\n    # your code here\n    raise NotImplementedError",
             "exercise"),
        cell("code", "check.coin_mle(coin_mle)", "check"),
        cell("markdown", '<details class="solution"><summary>Solution</summary>\n\n```python\n'
             "def coin_mle(k, n):\n    return k / n\n```\n\n</details>", "solution")]}


def test_the_survey_catches_a_naive_checker(tmp_path):
    package = tmp_path / "lessons_lib" / "check"
    package.mkdir(parents=True)
    (tmp_path / "lessons_lib" / "__init__.py").write_text("")
    (package / "__init__.py").write_text(
        "from .lesson01 import coin_mle\n\nLESSONS = (__import__('lessons_lib.check.lesson01',"
        " fromlist=['x']),)\n__all__ = ['coin_mle']\n")
    (package / "lesson01.py").write_text(textwrap.dedent(NAIVE_CHECK))
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_x.ipynb").write_text(json.dumps(notebook_with_one_exercise()))

    results, _ = survey_checkers.survey(str(tmp_path), timeout=3.0)
    kinds = by_kind(results)
    assert kinds["solution"]["verdict"] == "pass"
    assert kinds["loop"]["verdict"] == "hang"
    assert kinds["system_exit"]["escaped"] == "SystemExit"
    assert kinds["string"]["verdict"] == "pass"            # float("0.7") == 0.7
    assert kinds["none"]["verdict"] == "hint"
    assert "blame" in survey_checkers.outcome_flags(kinds["none"])   # float(None) is no raise
    totals = survey_checkers.totals(results)
    assert totals["hang"] == 1 and totals["escape"] == 1 and totals["false accept"] >= 1


@pytest.mark.parametrize(("kind", "value", "want"), [
    ("float32", 0.5, "float32"), ("python", (1.0, 2), "tuple"), ("string", 0.7, "0.7")])
def test_answers_derived_from_a_solution(kind, value, want):
    state = {"raised": False, "applies": False}
    answer = survey_checkers.make_answer(kind, lambda: value, state)
    got = answer()
    assert (str(got) if kind == "string" else type(got).__name__) == want
    assert state["applies"] == (kind != "python")    # a plain tuple is already plain Python

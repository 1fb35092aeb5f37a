"""The checker framework, and the lesson-00 checkers against right and wrong answers."""

import numpy as np
import pytest

from lessons_lib import check


def run(capsys, checker, answer):
    assert checker(answer) is None          # no Out[ ] in the notebook
    return capsys.readouterr().out


def test_close_handles_numbers_arrays_and_junk():
    assert check.close(0.1 + 0.2, 0.3)
    assert check.close([1.0, 2.0], np.array([1.0, 2.0]))
    assert not check.close([1.0, 2.0], [1.0])           # shapes differ
    assert not check.close("abc", 1.0)
    assert not check.close(None, 1.0)


def test_report_prints_tick_hint_or_error_and_never_raises(capsys):
    check.report("ok", lambda: None)
    check.expect(True, "unused")

    def failing():
        check.expect(False, "try harder")
    check.report("hinted", failing)

    def unfinished():
        raise NotImplementedError
    check.report("stub", unfinished)
    check.report("buggy", lambda: 1 / 0)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "✓ ok: correct!"
    assert lines[1] == "✗ hinted: try harder"
    assert lines[2].startswith("✗ stub: not done yet") and "NotImplementedError" in lines[2]
    assert lines[3] == "✗ buggy: your code raised ZeroDivisionError: division by zero"


def test_report_does_not_swallow_keyboard_interrupt():
    def interrupted():
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        check.report("interrupted", interrupted)


def test_warm_up(capsys):
    assert run(capsys, check.warm_up, lambda v: sum(v) / len(v)).startswith("✓")
    wrong = run(capsys, check.warm_up, lambda v: sum(v))
    assert wrong.startswith("✗") and "divide by how many" in wrong
    crash = run(capsys, check.warm_up, lambda v: v.mean())
    assert "AttributeError" in crash


def test_fraction_of_ones(capsys):
    assert run(capsys, check.fraction_of_ones, lambda v: sum(v) / len(v)).startswith("✓")
    wrong = run(capsys, check.fraction_of_ones, lambda v: sum(v))
    assert wrong.startswith("✗") and "Count the 1s" in wrong

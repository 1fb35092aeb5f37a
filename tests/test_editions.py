"""The classroom editions (tools/editions.py): the student edition and nbgrader's source.

Fast and static, over every notebook in notebooks/. The round trip through real nbgrader
(generate_assignment, autograde) is tests/test_grading.py; the printed handouts are
tests/test_print.py.
"""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import editions  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_edition_removes_solutions_and_keeps_the_rest(path):
    nb = load(path)
    found = editions.exercises(nb)
    student = editions.student_edition(nb)
    assert len(student["cells"]) == len(nb["cells"]) - len(found)
    assert not any("solution" in editions.tags(c) for c in student["cells"])
    text = json.dumps(student)
    assert '<details class="solution">' not in text
    sources = [editions.source(c) for c in student["cells"]]
    for exercise in found:
        code = exercise.solution_code.strip()
        assert not any(code in s for s in sources), f"{path.stem}: a solution is still there"
    kept = [c for i, c in enumerate(nb["cells"]) if i not in {e.solution for e in found}]
    exercise_cells = {id(nb["cells"][i]) for e in found for i in (e.stub, e.check)}
    for before, after in zip(kept, student["cells"], strict=True):
        assert editions.source(before) == editions.source(after)
        if id(before) in exercise_cells:
            assert after["outputs"] == [] and after["execution_count"] is None
        else:
            assert before == after, "cells outside the exercises stay as they are"
    assert nb == load(path), "the notebook itself is not changed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_nbgrader_source_gives_back_the_stubs(path):
    """What nbgrader's ClearSolutions (with CODE_STUB) makes of each answer cell is the
    notebook's stub, letter for letter; its solution region holds the solution's code."""
    nb = load(path)
    source_nb = editions.nbgrader_source(nb)
    answers = [c for c in source_nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    tests = [c for c in source_nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    found = editions.exercises(nb)
    assert len(answers) == len(tests) == len(found)
    for exercise, answer, test in zip(found, answers, tests, strict=True):
        stub = editions.source(nb["cells"][exercise.stub])
        assert editions.clear_solutions(answer["source"]) == stub
        # the regions hold the solution's own lines (demonstrations after it may be left out)
        solution_lines = {line.strip() for line in exercise.solution_code.splitlines()}
        inside = [line.strip() for block in answer["source"].split(editions.BEGIN_SOLUTION)[1:]
                  for line in block.split(editions.END_SOLUTION)[0].splitlines()[1:]]
        assert inside and set(inside) <= solution_lines | {"", "pass"}
        name = editions.checker_name(nb, exercise)
        visible = editions.source(nb["cells"][exercise.check]).strip()
        assert test["source"].startswith(visible + "\n" + editions.BEGIN_HIDDEN)
        assert f"with check.strict():\n    check.{name}(" in test["source"]
        assert test["source"].endswith(editions.END_HIDDEN)
        assert answer["metadata"]["nbgrader"]["grade_id"] == f"answer_{name}"
        assert test["metadata"]["nbgrader"] == {
            "grade": True, "grade_id": f"check_{name}", "locked": True, "points": 1,
            "schema_version": 3, "solution": False, "task": False}


def test_solution_regions_follow_the_stub():
    stub = "def f(x):\n    # your code here\n    raise NotImplementedError"
    solution = "# derivation: f = 2x\ndef f(x):\n    y = 2 * x\n    return y\n"
    regions = editions.solution_regions(stub, solution)
    assert regions == ("def f(x):\n    ### BEGIN SOLUTION\n    # derivation: f = 2x\n"
                       "    y = 2 * x\n    return y\n    ### END SOLUTION")
    assert editions.clear_solutions(regions) == stub


def test_solution_regions_in_a_class_with_several_placeholders():
    stub = ("class A:\n    def __init__(self):\n        # your code here\n"
            "        raise NotImplementedError\n\n    def g(self):\n        # your code here\n"
            "        raise NotImplementedError")
    solution = ("class A:\n    def __init__(self):\n        self.a = 1\n\n    def g(self):\n"
                "        return self.a\n")
    regions = editions.solution_regions(stub, solution)
    assert regions.count(editions.BEGIN_SOLUTION) == 2
    assert editions.clear_solutions(regions) == stub


def test_solution_regions_move_imports_in_and_leave_demonstrations_out():
    stub = "def f(x):\n    # the hint stays\n    # your code here\n    raise NotImplementedError"
    solution = "import math\n\ndef f(x):\n    return math.e * x\n\nprint(f(1))\n"
    regions = editions.solution_regions(stub, solution)
    assert regions == ("def f(x):\n    # the hint stays\n    ### BEGIN SOLUTION\n"
                       "    import math\n    return math.e * x\n    ### END SOLUTION")
    assert editions.clear_solutions(regions) == stub


@pytest.mark.parametrize("solution", [
    "def f(x, y):\n    return x\n",                               # the def line changed
    "def f(x):\n    return x\ndef g(x):\n    return x\n"         # code where the stub
    "def h(x):\n    return x\n",                                  # has no placeholder
])
def test_solution_regions_refuse_a_solution_of_another_shape(solution):
    stub = ("def f(x):\n    # your code here\n    raise NotImplementedError\n"
            "def h(x):\n    return x")
    assert editions.solution_regions(stub, solution) is None


def test_nbgrader_source_names_the_exercise_whose_solution_does_not_fit():
    nb = {"cells": [
        {"cell_type": "code", "metadata": {"tags": ["exercise"]}, "outputs": [],
         "execution_count": None,
         "source": "def f(x):\n    # your code here\n    raise NotImplementedError"},
        {"cell_type": "code", "metadata": {"tags": ["check"]}, "outputs": [],
         "execution_count": None, "source": "check.f(f)"},
        {"cell_type": "markdown", "metadata": {"tags": ["solution"]},
         "source": '<details class="solution"><summary>S</summary>\n\n```python\n'
                   'def g(x):\n    return x\n```\n\n</details>'}]}
    with pytest.raises(ValueError, match="cell 0: the solution does not keep the stub"):
        editions.nbgrader_source(nb)
    assert len(editions.student_edition(nb)["cells"]) == 2

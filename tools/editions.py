"""The exercise convention, read in one place: every exercise is three cells in a row.

- a code cell tagged ``exercise``: the stub the learner fills in (``raise NotImplementedError``);
- a code cell tagged ``check``: ``check.<name>(answer)``, which prints ✓ or a hint;
- a markdown cell tagged ``solution``: ``<details class="solution">`` around one ```` ```python ````
  block. It is markdown, so "Run All" can never replace a learner's answer with it.

``exercises(notebook)`` finds them; ``with_solutions(notebook)`` is the notebook with every stub
replaced by its solution (the tests run it: every solution must pass its checker).

The classroom editions come from the same cells (tools/make_editions.py writes them):

- ``student_edition(notebook)``: every solution cell removed (not hidden) and the outputs of the
  stubs and checkers cleared; every other cell as it is (figures, explanations). The stubs still
  run: each checker prints its "not done yet" hint.
- ``nbgrader_source(notebook)``: the student edition as an nbgrader *source* notebook. A stub
  becomes an "autograded answer" cell whose solution region (``### BEGIN SOLUTION`` …
  ``### END SOLUTION``) holds the solution's body, placed so that nbgrader's ClearSolutions,
  with ``CODE_STUB`` as its stub, gives back the notebook's stub exactly. A checker becomes an
  "autograder tests" cell worth ``points``: visible ``check.x(fn)`` (prints a hint, never stops
  Run All) and hidden ``with check.strict(): check.x(fn)``, which raises on a wrong answer when
  nbgrader autogrades.

Works on nbformat notebooks and on plain dicts read with ``json``.
"""

import copy
import re
import textwrap
from dataclasses import dataclass

SOLUTION_CODE = re.compile(r"```python\n(.*?)```", re.S)
# what a stub holds where the learner's code goes; nbgrader's ClearSolutions.code_stub
CODE_STUB = "# your code here\nraise NotImplementedError"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CHECK_CALL = re.compile(r"\bcheck\.(\w+)\(")


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def source(cell):
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


@dataclass(frozen=True)
class Exercise:
    stub: int        # cell indices in notebook["cells"]
    check: int
    solution: int
    solution_code: str


def exercises(notebook):
    """The exercises of a notebook, in order; ValueError if a tagged cell breaks the pattern."""
    cells = notebook["cells"]
    found = []
    for index, cell in enumerate(cells):
        if "exercise" not in tags(cell):
            continue
        check, solution = cells[index + 1: index + 3] if index + 2 < len(cells) else (None, None)
        if (cell["cell_type"] != "code" or check is None or "check" not in tags(check)
                or check["cell_type"] != "code" or "solution" not in tags(solution)
                or solution["cell_type"] != "markdown"):
            raise ValueError(f"cell {index}: an 'exercise' code cell must be followed by a "
                             "'check' code cell and a 'solution' markdown cell")
        blocks = SOLUTION_CODE.findall(source(solution))
        if len(blocks) != 1:
            raise ValueError(f"cell {index + 2}: a solution holds exactly one ```python block, "
                             f"found {len(blocks)}")
        found.append(Exercise(index, index + 1, index + 2, blocks[0]))
    tagged = sum(("exercise" in tags(c)) + ("check" in tags(c)) + ("solution" in tags(c))
                 for c in cells)
    if tagged != 3 * len(found):
        raise ValueError("a 'check' or 'solution' cell stands outside an exercise's three cells")
    return found


def with_solutions(notebook):
    """A copy of the notebook whose exercise stubs hold their solutions."""
    solved = copy.deepcopy(notebook)
    for exercise in exercises(solved):
        solved["cells"][exercise.stub]["source"] = exercise.solution_code
    return solved


# --- the classroom editions ------------------------------------------------------------------

def checker_name(notebook, exercise):
    """The checker an exercise calls: 'gd_step' for ``check.gd_step(gd_step)``."""
    found = CHECK_CALL.search(source(notebook["cells"][exercise.check]))
    if found is None:
        raise ValueError(f"cell {exercise.check}: a 'check' cell calls check.<name>(...)")
    return found.group(1)


def student_edition(notebook):
    """A copy without solution cells, the stubs' and checkers' outputs cleared."""
    student = copy.deepcopy(notebook)
    found = exercises(student)
    for exercise in found:
        for index in (exercise.stub, exercise.check):
            student["cells"][index]["outputs"] = []
            student["cells"][index]["execution_count"] = None
    drop = {exercise.solution for exercise in found}
    student["cells"] = [cell for index, cell in enumerate(student["cells"]) if index not in drop]
    return student


def _placeholder_at(lines, index):
    """The indent of a ``# your code here`` / ``raise NotImplementedError`` pair starting at
    lines[index], else None."""
    first, second = CODE_STUB.split("\n")
    if index + 1 >= len(lines) or lines[index].strip() != first:
        return None
    indent = lines[index][:len(lines[index]) - len(lines[index].lstrip())]
    if lines[index + 1] != indent + second and lines[index + 1] != indent + second + "()":
        return None
    return indent


def clear_solutions(text):
    """What nbgrader's ClearSolutions makes of a cell with solution regions (with CODE_STUB)."""
    out, inside = [], False
    for line in text.split("\n"):
        if line.strip() == BEGIN_SOLUTION:
            inside = True
            indent = line[:len(line) - len(line.lstrip())]
            out += [indent + stub for stub in CODE_STUB.split("\n")]
        elif line.strip() == END_SOLUTION:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _indent(line):
    return len(line) - len(line.lstrip())


def solution_regions(stub, solution):
    """The solution with its new lines wrapped in solution regions where the stub has its
    placeholders, so that ``clear_solutions`` of the result is the stub again. None when the
    solution does not keep the stub's code lines (its `def` line, say) in order.

    - Lines above the stub's first line (a derivation in comments, an ``import``) move into
      the first region, indented to it.
    - A stub's comment line that the solution left out stays, outside the regions.
    - Lines after the last region that are indented less than it (a demonstration such as
      ``print(f(data))`` after the function) are left out: students get the stub anyway.
    """
    stub_lines = stub.rstrip("\n").split("\n")
    lines = solution.rstrip("\n").split("\n")
    # the stub as anchors (lines that stay) and gaps (a placeholder's indent, before anchor k)
    anchors, gaps, index = [], {}, 0
    while index < len(stub_lines):
        indent = _placeholder_at(stub_lines, index)
        if indent is not None:
            gaps[len(anchors)] = indent
            index += 2
        else:
            anchors.append(stub_lines[index])
            index += 1
    if not gaps:
        return None
    # find the anchors in the solution, in order; a missing comment line is kept as it is
    pieces, start = [], 0
    for anchor in anchors:
        try:
            found = lines.index(anchor, start)
        except ValueError:
            if anchor.strip() and not anchor.lstrip().startswith("#"):
                return None
            pieces.append([])
            continue
        pieces.append(lines[start:found])
        start = found + 1
    pieces.append(lines[start:])
    # what stands above the stub's first line moves into the first region
    if 0 not in gaps and any(line.strip() for line in pieces[0]):
        first = min(gaps)
        lead = [line for line in pieces[0]]
        while lead and not lead[-1].strip():
            lead.pop()
        pieces[first] = [gaps[first] + line if line.strip() else line
                         for line in lead] + pieces[first]
        pieces[0] = []
    out = []
    last = max(gaps)
    for k, piece in enumerate(pieces):
        if k in gaps:
            indent = gaps[k]
            body = list(piece)
            cut = next((i for i, line in enumerate(body)
                        if line.strip() and _indent(line) < len(indent)), None)
            if cut is not None:
                if k != last or k != len(anchors):
                    return None      # code outside the placeholder's block
                body = body[:cut]
            while body and not body[-1].strip():
                body.pop()
            out += [indent + BEGIN_SOLUTION, *(body or [indent + "pass"]), indent + END_SOLUTION]
        elif any(line.strip() for line in piece):
            return None      # new code where the stub has no placeholder
        if k < len(anchors):
            out.append(anchors[k])
    result = "\n".join(out)
    return result if clear_solutions(result) == stub.rstrip("\n") else None


def _nbgrader(cell, grade_id, *, solution, grade, points=0):
    cell["metadata"]["nbgrader"] = {
        "grade": grade, "grade_id": grade_id, "locked": grade and not solution,
        "schema_version": 3, "solution": solution, "task": False,
        **({"points": points} if grade else {})}


def nbgrader_source(notebook, points=1):
    """The student edition with nbgrader metadata and the solutions inside solution regions
    (see the module docstring). ValueError when a solution does not fit its stub's shape."""
    cells = notebook["cells"]
    source_nb = student_edition(notebook)
    removed = 0
    for exercise in exercises(notebook):
        name = checker_name(notebook, exercise)
        stub, check = (source_nb["cells"][exercise.stub - removed],
                       source_nb["cells"][exercise.check - removed])
        removed += 1     # the solution cell before the next exercise is gone
        regions = solution_regions(source(cells[exercise.stub]), exercise.solution_code)
        if regions is None:
            raise ValueError(
                f"cell {exercise.stub}: the solution does not keep the stub's lines around "
                f"'{CODE_STUB.splitlines()[0]}' (e.g. the same `def` line), so nbgrader cannot "
                "give the stub back to students; make the solution start from the stub")
        stub["source"] = regions
        _nbgrader(stub, f"answer_{name}", solution=True, grade=False)
        visible = source(check).rstrip("\n")
        check["source"] = (f"{visible}\n{BEGIN_HIDDEN}\nwith check.strict():\n"
                           f"{textwrap.indent(visible, '    ')}\n{END_HIDDEN}")
        _nbgrader(check, f"check_{name}", solution=False, grade=True, points=points)
    return source_nb

"""The nbgrader round trip, with real nbgrader: release -> hand-ins -> `tools/grade.py`.

The course is built from the two lightest lessons with exercises (00 and 03) into a
temporary folder, exactly as `make student` builds build/nbgrader. nbgrader runs every cell of a
hand-in: one hand-in of 03 takes 10-60 s here (kernel start, imports, the lesson's own cells;
the more the machine is shared, the longer), so the students hand in five notebooks in all:

- full:    00 and 03, every stub replaced by the lesson's solution  -> full marks
- blank:   03 as released, the stubs untouched                      -> zero
- partial: 03 with typical wrong answers for two exercises          -> exactly those lose
- trouble: 03: the first answer loops forever (`while True: pass`), the second is right, the
           third kills the kernel -> the loop is interrupted after the per-cell timeout and
           the kernel lives on (the second scores); the dead kernel scores what passed before it

The tests also pin what a student receives: the release's stubs and checkers are the
notebook's, letter for letter, and under Run All the release prints hints and never stops.
"""

import csv
import json
import shutil
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "grading"
sys.path.insert(0, str(ROOT / "tools"))
import editions  # noqa: E402
import grade  # noqa: E402
import make_editions  # noqa: E402

LESSONS = [ROOT / "notebooks" / "00_start_here.ipynb",
           ROOT / "notebooks" / "03_gradient_descent.ipynb"]
HAND_INS = {"full": LESSONS, "blank": LESSONS[1:], "partial": LESSONS[1:],
            "trouble": LESSONS[1:]}
CELL_TIMEOUT = 30      # s per cell while grading here; 03's slowest cell takes 1-13 s here

# typical wrong answers, each one the lesson warns about (checker name -> answer cell)
WRONG = {
    "gd_step": "def gd_step(x, grad, lr):\n    return x + lr * grad(x)   # uphill",
    "partial_derivatives": "def grad_f(v):\n    x, y = v\n"
                           "    return np.array([2 * x, 4 * y])   # the cross term forgotten",
}
LOOP = "while True:   # a loop that never ends, at the top level of the answer cell\n    pass\n"
CRASH = "import os\nos._exit(1)   # the kernel dies\n"


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def hand_in(release, answers):
    """The release notebook with the answer cells replaced: {checker name: source}."""
    nb = json.loads(json.dumps(release))
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        name = grade_id.removeprefix("answer_")
        if grade_id.startswith("answer_") and name in answers:
            cell["source"] = answers[name]
    return nb


def solutions(path, graded=None):
    """{checker name: solution code} of a lesson (as copied for the run, when graded)."""
    nb = load(graded["lessons"] / path.name if graded else path)
    return {editions.checker_name(nb, e): e.solution_code for e in editions.exercises(nb)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Build the course, write the four students' hand-ins, grade them; the CSV rows."""
    tmp = tmp_path_factory.mktemp("grading")
    course, student_dir, hand_ins = tmp / "course", tmp / "student", tmp / "hand-in"
    # the lessons as they are now: the tests compare with this copy, not with a file that may
    # be edited while nbgrader runs
    (tmp / "notebooks").mkdir()
    for path in LESSONS:
        shutil.copyfile(path, tmp / "notebooks" / path.name)
    lessons = [tmp / "notebooks" / path.name for path in LESSONS]
    start = time.perf_counter()
    assert make_editions.main(["--notebooks", *map(str, lessons), "--course", str(course),
                               "--out", str(student_dir)]) == 0
    built = time.perf_counter() - start
    plans = {"full": lambda solved, name: solved,
             "blank": lambda solved, name: None,
             "partial": lambda solved, name: WRONG.get(name, solved),
             "trouble": lambda solved, name: {"gd_step": LOOP, "steps_needed": CRASH}.get(
                 name, "") + solved}
    for student, plan in plans.items():
        for path in HAND_INS[student]:
            release = load(student_dir / path.name)
            answers = {name: plan(solved, name)
                       for name, solved in solutions(tmp / "notebooks" / path.name).items()}
            nb = hand_in(release, {k: v for k, v in answers.items() if v is not None})
            target = hand_ins / student / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(nb), encoding="utf-8")
    out = tmp / "grades.csv"
    start = time.perf_counter()
    assert grade.main([str(hand_ins), "--course", str(course), "--out", str(out),
                       "--timeout", str(CELL_TIMEOUT)]) == 0
    graded_in = time.perf_counter() - start
    count = sum(map(len, HAND_INS.values()))
    print(f"\ncourse and release built in {built:.1f} s; {count} hand-ins graded in "
          f"{graded_in:.1f} s")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out, ARTIFACTS / "grades.csv")      # the rows, to read after a run
    with out.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    return {"rows": table, "student": student_dir, "course": course, "lessons": tmp / "notebooks",
            "score": {(r["student"], r["exercise"]): float(r["points"]) for r in table}}


def test_csv_has_one_row_per_student_notebook_and_exercise(graded):
    rows = graded["rows"]
    assert list(rows[0]) == grade.FIELDS
    for student, lessons in HAND_INS.items():
        mine = [(r["notebook"], r["exercise"]) for r in rows if r["student"] == student]
        assert mine == [(p.stem, name) for p in lessons for name in solutions(p, graded)]
    assert all(r["max_points"] == "1" for r in rows)


def test_solutions_get_full_marks_and_stubs_zero(graded):
    score = graded["score"]
    for student, points in (("full", 1), ("blank", 0)):
        names = [name for p in HAND_INS[student] for name in solutions(p, graded)]
        assert [score[student, n] for n in names] == [points] * len(names)


def test_typical_wrong_answers_lose_exactly_their_points(graded):
    score = graded["score"]
    names = [n for p in HAND_INS["partial"] for n in solutions(p, graded)]
    assert [score["partial", n] for n in names] == [0 if n in WRONG else 1 for n in names]
    assert 0 < sum(score["partial", n] for n in names) < len(names)


def test_a_loop_or_a_dead_kernel_scores_what_passed_before_it(graded):
    score = graded["score"]
    # the loop is interrupted after CELL_TIMEOUT (gd_step never defined: 0); the kernel lives,
    # so the second exercise runs and passes; the third kills the kernel: 0
    assert [score["trouble", n] for n in ("gd_step", "partial_derivatives",
                                          "steps_needed")] == [0, 1, 0]


def test_the_release_is_the_student_edition_with_nbgrader_metadata(graded):
    for path in LESSONS:
        release = load(graded["student"] / path.name)
        student = editions.student_edition(load(graded["lessons"] / path.name))
        assert [editions.source(c) for c in release["cells"]] == \
               [editions.source(c) for c in student["cells"]]
        assert [c.get("outputs") for c in release["cells"]] == \
               [c.get("outputs") for c in student["cells"]], "figures and outputs are kept"
        assert "### BEGIN" not in json.dumps(release)
        kinds = [(c["metadata"]["nbgrader"]["solution"], c["metadata"]["nbgrader"]["grade"],
                  c["metadata"]["nbgrader"].get("points"))
                 for c in release["cells"] if "nbgrader" in c["metadata"]]
        assert kinds == [(True, False, None), (False, True, 1)] * len(solutions(path, graded))


def test_untouched_release_runs_all_and_prints_hints(graded):
    """The blank hand-in, as nbgrader ran it: the visible checkers printed "not done yet"
    (the hidden strict ones raised AssertionError); no other cell failed."""
    for path in HAND_INS["blank"]:
        nb = load(graded["course"] / "autograded" / "blank" / path.stem / path.name)
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
            is_test = cell["metadata"].get("nbgrader", {}).get("grade", False)
            if is_test:
                text = "".join(editions.source({"source": o["text"]}) for o in cell["outputs"]
                               if o["output_type"] == "stream")
                assert "not done yet" in text
                assert [e["ename"] for e in errors] == ["AssertionError"]
            else:
                assert not errors, editions.source(cell)[:80]

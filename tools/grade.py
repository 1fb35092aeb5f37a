"""Autograde students' notebooks with nbgrader and write one CSV row per exercise.

    make grade SUBMISSIONS=hand-in        # python tools/grade.py hand-in

The submissions folder holds one folder per student, named by the student's id, with the
notebooks as they were handed in, under their original names::

    hand-in/ada/03_gradient_descent.ipynb
    hand-in/ada/04_learning_rate.ipynb
    hand-in/bo/03_gradient_descent.ipynb

Each notebook is its own nbgrader assignment (named after it), so a folder may hold any
lessons. The notebooks are placed in the course's ``submitted/<student>/<notebook>/`` (the
previous run's placed and autograded copies are replaced), then nbgrader's own
``nbgrader autograde`` runs every cell of every submission with a time limit per cell and
stores the scores in the gradebook (``gradebook.db``, which formgrader reads too). The rows
of ``build/grades.csv``, read from the gradebook: student, notebook, exercise (the checker's
name), points, max_points.

An answer that loops forever is interrupted after the time limit (that exercise scores 0; the
cells after it still run); a kernel that dies scores what passed before it; either way the
other submissions are graded. Files that are not ``<notebook>.ipynb`` of a lesson with
exercises are reported and skipped.
"""

import argparse
import csv
import shutil
import sys
from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute as NbgraderExecute

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["student", "notebook", "exercise", "points", "max_points"]


class Execute(NbgraderExecute):
    """nbgrader's Execute, for lessons: widget comms are not opened (nbclient can wait on
    them forever, jupyter/nbclient#312), and when the kernel dies, the cells it did not
    reach get an error (so their tests score 0, not full marks) instead of failing the whole
    submission."""

    def on_comm_open_jupyter_widget(self, msg):
        return None

    def preprocess(self, nb, resources=None, km=None):
        try:
            return super().preprocess(nb, resources, km)
        except DeadKernelError as err:
            self.log.warning("the kernel died (%s); the cells after it score nothing", err)
            for cell in nb.cells:
                if cell.cell_type == "code" and cell.get("execution_count") is None \
                        and cell.source.strip() \
                        and not any(o.output_type == "error" for o in cell.outputs):
                    cell.outputs.append(nbformat.v4.new_output(
                        "error", ename="DeadKernelError", evalue="not run: the kernel died",
                        traceback=["DeadKernelError: not run: the kernel died earlier"]))
            return nb, resources


def place(submissions, course):
    """Copy <submissions>/<student>/<notebook>.ipynb into the course's submitted/ folder;
    returns [(student, assignment)] and the skipped files."""
    known = {p.name for p in (course / "source").iterdir() if p.is_dir()}
    for folder in ("submitted", "autograded"):
        shutil.rmtree(course / folder, ignore_errors=True)
    placed, skipped = [], []
    # hidden folders (.ipynb_checkpoints, .git) are not students
    for student in sorted(p for p in submissions.iterdir()
                          if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(student.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix != ".ipynb" or path.stem not in known:
                skipped.append(path)
                continue
            target = course / "submitted" / student.name / path.stem / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            placed.append((student.name, path.stem))
    skipped += [p for p in submissions.iterdir() if not p.is_dir()]
    return placed, skipped


def grade_ids(course, assignment):
    """The test cells' grade ids of an assignment, in notebook order."""
    nb = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    return [cell.metadata.nbgrader["grade_id"] for cell in nb.cells
            if cell.metadata.get("nbgrader", {}).get("grade")]


def rows(course, placed):
    """One row per student, notebook and exercise, from the gradebook. A submission that
    nbgrader could not grade at all (not a notebook, say) scores 0 on every exercise."""
    from make_editions import COURSE_ID
    from nbgrader.api import Gradebook, MissingEntry

    out = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gradebook:
        for student, assignment in placed:
            try:
                notebook = gradebook.find_submission_notebook(assignment, assignment, student)
                grades = {g.name: g for g in notebook.grades}
            except MissingEntry:
                grades = {}
            for grade_id in grade_ids(course, assignment):
                grade = grades.get(grade_id)
                cell = gradebook.find_grade_cell(grade_id, assignment, assignment)
                score = grade.score if grade is not None and grade.score is not None else 0
                out.append({"student": student, "notebook": assignment,
                            "exercise": grade_id.removeprefix("check_"),
                            "points": f"{score:g}", "max_points": f"{cell.max_score:g}"})
    return out


def main(argv=None):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_editions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path,
                        help="folder of <student>/<notebook>.ipynb hand-ins")
    parser.add_argument("--course", type=Path, default=ROOT / "build" / "nbgrader",
                        help="the nbgrader course (default: build/nbgrader, `make student`)")
    parser.add_argument("--notebooks", type=Path, nargs="+",
                        default=sorted((ROOT / "notebooks").glob("*.ipynb")),
                        help="the lessons, to build the course when it is missing")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "grades.csv")
    parser.add_argument("--timeout", type=float, default=make_editions.CELL_TIMEOUT,
                        help="seconds one cell may run (default %(default)s)")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder of <student>/<notebook>.ipynb")
    course = args.course.resolve()
    if not (course / "source").is_dir():
        make_editions.build_course(args.notebooks, course, args.timeout)
    make_editions.write_config(course, args.timeout)
    placed, skipped = place(args.submissions, course)
    for path in skipped:
        print(f"skipped {path}: not <student>/<lesson with exercises>.ipynb", file=sys.stderr)
    if not placed:
        print("no submissions to grade", file=sys.stderr)
        return 1
    run = make_editions.nbgrader("autograde", "*", "--create", "--force", "--log-level=WARN",
                                 course=course)
    if run.returncode != 0:
        print("nbgrader reported errors (above); the grades of every submission it could "
              "run are in the CSV", file=sys.stderr)
    table = rows(course, placed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(table)
    total = sum(float(r["points"]) for r in table)
    print(f"wrote {args.out}: {len(table)} rows, {len(placed)} notebooks from "
          f"{len({s for s, _ in placed})} students, {total:g} points in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())

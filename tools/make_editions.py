"""Build the classroom editions of the series (`make student`).

    python tools/make_editions.py                       # build/nbgrader and build/student
    python tools/make_editions.py --notebooks notebooks/03_*.ipynb --course /tmp/c --out /tmp/s

Writes

- an nbgrader course directory (``build/nbgrader``): one assignment per notebook that has
  exercises, named after the notebook (``03_gradient_descent``), its source version from
  ``editions.nbgrader_source`` in ``source/<notebook>/<notebook>.ipynb``, and the student
  version made by nbgrader's own ``nbgrader generate_assignment`` in ``release/<notebook>/``;
- the student release (``build/student``): every notebook, solutions removed. A notebook with
  exercises is nbgrader's release version (its answer and test cells carry nbgrader's
  metadata, so a hand-in can be autograded; the stubs are the notebook's stubs, letter for
  letter); a notebook without exercises is copied as it is.

Outputs stay: nbgrader's ClearOutput is left out of generate_assignment, so figures and printed
results are kept; ``student_edition`` has already cleared the stubs' and checkers' outputs.
The gradebook (``gradebook.db``) and the submissions of an existing course are kept.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import editions  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COURSE_ID = "logreg-lessons"
CELL_TIMEOUT = 60      # s per cell when autograding (tools/grade.py --timeout)

CONFIG = '''# nbgrader's configuration for this course; written by tools/make_editions.py.
import sys

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearHiddenTests,
                                    ClearMarkScheme, ClearSolutions, ComputeChecksums,
                                    IgnorePattern, IncludeHeaderFooter, InstantiateTests,
                                    LimitOutput, LockCells, SaveAutoGrades, SaveCells)

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = {course_id!r}
# nbgrader puts this in place of each solution region: the notebook's own stubs come back
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
# the student version keeps every output (figures), so ClearOutput is left out
c.GenerateAssignment.preprocessors = [
    IncludeHeaderFooter, InstantiateTests, LockCells, ClearSolutions, CheckCellMetadata,
    ComputeChecksums, SaveCells, ClearHiddenTests, ClearMarkScheme, ComputeChecksums,
    CheckCellMetadata]
# autograding: a time limit per cell (an answer that loops forever is interrupted and the
# following cells still run), widgets never wait for a browser, a dead kernel fails only the
# cells it did not reach (tools/grade.py: Execute)
sys.path.insert(0, {tools!r})
from grade import Execute  # noqa: E402

c.Autograde.autograde_preprocessors = [
    Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    AssignLatePenalties, CheckCellMetadata]
c.Execute.timeout = {timeout}
'''


def with_venv_on_path():
    """nbgrader runs `alembic` (its database migrations) from PATH: put this Python's scripts
    folder first, for `make` runs without an activated venv. Changes os.environ."""
    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def nbgrader(*args, course):
    """Run an nbgrader command in the course directory; its log goes to the caller's stderr."""
    with_venv_on_path()
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                          stdin=subprocess.DEVNULL, check=False)


def write_config(course, timeout=CELL_TIMEOUT):
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG.format(
        course_id=COURSE_ID, code_stub=editions.CODE_STUB, timeout=int(timeout),
        tools=str(Path(__file__).resolve().parent)), encoding="utf-8")


def read(path):
    return nbformat.read(path, as_version=4)


def build_course(notebooks, course, timeout=CELL_TIMEOUT):
    """Write the source versions and let nbgrader generate the release; returns the
    assignment ids (the stems of the notebooks with exercises)."""
    write_config(course, timeout)
    for folder in ("source", "release"):
        shutil.rmtree(course / folder, ignore_errors=True)
    assignments = []
    for path in notebooks:
        nb = read(path)
        if not editions.exercises(nb):
            continue
        target = course / "source" / path.stem / path.name
        target.parent.mkdir(parents=True)
        nbformat.write(nbformat.from_dict(editions.nbgrader_source(nb)), target)
        assignments.append(path.stem)
    if assignments:
        run = nbgrader("generate_assignment", "*", "--force", "--log-level=WARN", course=course)
        if run.returncode != 0:
            raise SystemExit(f"nbgrader generate_assignment failed (exit {run.returncode}); "
                             f"if the notebooks changed a lot, delete {course / 'gradebook.db'}")
        missing = [a for a in assignments
                   if not (course / "release" / a / f"{a}.ipynb").is_file()]
        if missing:
            raise SystemExit(f"nbgrader wrote no release for {missing}")
    return assignments


def write_student(notebooks, course, out):
    """The student release: nbgrader's release versions, other notebooks as they are."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for path in notebooks:
        release = course / "release" / path.stem / path.name
        if release.is_file():
            shutil.copyfile(release, out / path.name)
        else:
            nb = editions.student_edition(json.loads(path.read_text(encoding="utf-8")))
            nbformat.write(nbformat.from_dict(nb), out / path.name)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, nargs="+",
                        default=sorted((ROOT / "notebooks").glob("*.ipynb")))
    parser.add_argument("--course", type=Path, default=ROOT / "build" / "nbgrader",
                        help="the nbgrader course directory (default: build/nbgrader)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student",
                        help="the student release (default: build/student)")
    parser.add_argument("--timeout", type=float, default=CELL_TIMEOUT,
                        help=f"seconds per cell when autograding (default {CELL_TIMEOUT})")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    assignments = build_course(args.notebooks, course, args.timeout)
    write_student(args.notebooks, course, args.out)
    print(f"wrote {args.out} ({len(args.notebooks)} notebooks, solutions removed) and the "
          f"nbgrader course {course} ({len(assignments)} assignments: one per notebook with "
          "exercises)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Survey the exercise checkers: feed every checker a catalogue of answers and count what goes
wrong (issue 14's checker-robustness numbers).

    .venv/bin/python tools/survey_checkers.py                        # this tree
    .venv/bin/python tools/survey_checkers.py --root /tmp/before     # an exported older tree
    .venv/bin/python tools/survey_checkers.py --checkers warm_up,gd_step --time-limit 1

For every checker in ``lessons_lib.check`` (the tree's own: its ``lessonNN.__all__``, or the
names its ``check/__init__.py`` exports) the survey builds answers and runs the checker on each:

- correct answers: the notebook's own solution (tools/editions.py finds the exercise and its
  ``check.<name>(answer)`` call), and the solution's values turned into float32, into plain
  Python (lists, Python numbers: what a loop gives) and into NumPy. Anything but a ✓ is a
  FALSE REJECT.
- wrong answers: a stub raising NotImplementedError, one returning None, one looping forever,
  one raising SystemExit, one raising KeyboardInterrupt, one returning a 10**6-element list
  (none of these needs a solution), and, from the solution: its values as strings ("0.7"),
  the first value returned again for every call (a constant), the signs flipped, and the
  values doubled (integers off by one). A ✓ is a FALSE ACCEPT.

An answer derived from the solution that changes nothing (float32 of an integer, the sign of
a zero, a constant for a checker that calls once) is "n/a" and not counted.

Per answer also: HANG (no verdict within --timeout seconds: the checkers run in a worker
process that is killed and restarted), ESCAPE (an exception leaves the checker; a
KeyboardInterrupt raised by the answer is counted apart, since the framework lets
KeyboardInterrupt through on purpose: the learner pressed Interrupt), HUGE (more than
HUGE_OUTPUT characters printed) and BLAME (the hint says "your code raised" although the
answer returned normally: the checker's own conversion failed).

The checkers and lessons_lib are imported from --root (PYTHONPATH), so an older tree exported
with ``git archive <commit> | tar -x -C /tmp/before`` is surveyed with its own code.
"""

import argparse
import ast
import copy
import glob
import io
import json
import os
import select
import subprocess
import sys
import time
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HUGE_OUTPUT = 2000       # characters a checker may print for one answer
TIMEOUT = 15.0           # seconds before an answer counts as a hang

CORRECT = ("solution", "float32", "python", "numpy")
GENERIC_WRONG = ("stub", "none", "loop", "system_exit", "keyboard_interrupt", "huge_list")
DERIVED_WRONG = ("string", "constant", "sign", "scale")
KINDS = CORRECT + GENERIC_WRONG + DERIVED_WRONG
NEEDS_SOLUTION = set(CORRECT + DERIVED_WRONG)


# --- the catalogue: which checkers, which solutions ------------------------------------------

def exercise_catalogue(notebook_dirs):
    """{checker name: (notebook path, answer name)} from the exercises of the notebooks; the
    first directory wins when several have an exercise for the same checker."""
    sys.path.insert(0, HERE)
    import editions

    found = {}
    for directory in notebook_dirs:
        for path in sorted(glob.glob(os.path.join(directory, "*.ipynb"))):
            with open(path, encoding="utf-8") as file:
                notebook = json.load(file)
            for exercise in editions.exercises(notebook):
                name = editions.checker_name(notebook, exercise)
                call = ast.parse(editions.source(notebook["cells"][exercise.check])).body[0]
                answer = call.value.args[0].id
                found.setdefault(name, (path, answer))
    return found


def _checker_names():
    """(worker side) The checkers of the lessons_lib on sys.path, in lesson order."""
    from lessons_lib import check

    lessons = getattr(check, "LESSONS", None)
    if lessons:
        return [name for lesson in lessons for name in lesson.__all__]
    framework = {"Hint", "close", "expect", "report", "fail", "call", "strict", "number",
                 "numbers", "abbreviate", "format_pair", "TIME_LIMIT"}
    return [name for name in check.__all__ if name not in framework]


# --- building answers (worker side) -----------------------------------------------------------

def _namespace(path, answer):
    """The notebook's imports and definitions, then the exercise's solution, statement by
    statement (a demonstration line that needs the notebook's data is skipped); returns the
    solution object named `answer`."""
    sys.path.insert(0, HERE)
    import editions

    with open(path, encoding="utf-8") as file:
        notebook = json.load(file)
    exercise = next(e for e in editions.exercises(notebook)
                    if editions.source(notebook["cells"][e.check]).find(f"({answer})") >= 0)
    namespace = {"__name__": "__survey__"}
    wanted = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)
    # earlier exercises count as solved (a later solution may call an earlier one's function)
    solved = editions.with_solutions(notebook)["cells"]
    for cell in solved[:exercise.stub]:
        if cell["cell_type"] != "code" or "check" in editions.tags(cell):
            continue
        try:
            tree = ast.parse(editions.source(cell))
        except SyntaxError:   # IPython magics
            continue
        for statement in tree.body:
            if isinstance(statement, wanted):
                _run_statement(statement, namespace)
    for statement in ast.parse(exercise.solution_code).body:
        _run_statement(statement, namespace)
    return namespace[answer]


def _run_statement(statement, namespace):
    module = ast.Module(body=[statement], type_ignores=[])
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            exec(compile(module, "<solution>", "exec"), namespace)
    except Exception:
        pass


def _is_tensor(value):
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


def _is_box(value):
    """An autograd tracer box: only arithmetic applies."""
    return type(value).__module__.startswith("autograd")


def _convert(value, kind):
    """value with its numbers converted for `kind`, recursing into tuples and lists."""
    import numpy as np

    if isinstance(value, (tuple, list)) and not (
            kind == "numpy" and value and all(isinstance(v, (int, float)) for v in value)):
        return type(value)(_convert(v, kind) for v in value)
    if _is_box(value):
        return {"sign": lambda v: -v, "scale": lambda v: 2 * v,
                "string": str}.get(kind, lambda v: v)(value)
    is_bool = isinstance(value, (bool, np.bool_)) or (
        isinstance(value, np.ndarray) and value.dtype.kind == "b")
    is_int = (isinstance(value, (int, np.integer)) and not is_bool) or (
        isinstance(value, np.ndarray) and value.dtype.kind in "iu")
    is_number = isinstance(value, (int, float, np.generic, np.ndarray)) and not (
        isinstance(value, np.ndarray) and value.dtype.kind not in "biuf")
    if kind == "float32":
        if _is_tensor(value) and value.is_floating_point():
            return value.float()
        if isinstance(value, (float, np.floating)) or (
                isinstance(value, np.ndarray) and value.dtype.kind == "f"):
            return np.float32(value) if np.ndim(value) == 0 else value.astype(np.float32)
        return value
    if kind == "python":
        if isinstance(value, (np.generic, np.ndarray)):
            return value.tolist()
        return value
    if kind == "numpy":
        if isinstance(value, list):
            return np.asarray(value)
        if isinstance(value, float):
            return np.float64(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return np.int64(value)
        return value
    if kind == "string":
        if _is_tensor(value):
            return str(value.detach().tolist())
        if isinstance(value, np.ndarray):
            return value.astype(str)
        return str(value) if is_number else value
    if kind in ("sign", "scale"):
        if _is_tensor(value):
            if value.dtype == __import__("torch").bool:
                return ~value
            if kind == "sign" or value.is_floating_point():
                return -value if kind == "sign" else 2 * value
            return value + 1
        if not is_number:
            return value
        if is_bool:
            return np.logical_not(value) if isinstance(value, np.ndarray) else not value
        if kind == "sign":
            return -value
        return value + 1 if is_int else 2 * value
    raise ValueError(kind)


def _numbers(value):
    """value as a flat float64 array (tuples and lists flattened), or None."""
    import numpy as np

    if isinstance(value, (tuple, list)):
        parts = [_numbers(v) for v in value]
        return None if any(p is None for p in parts) else (
            np.concatenate(parts) if parts else np.zeros(0))
    if _is_box(value):
        value = getattr(value, "_value", value)
    if _is_tensor(value):
        value = value.detach().cpu().numpy()
    if isinstance(value, (str, bytes)) or value is None:
        return None
    try:
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            return None
        return array.astype(np.float64).ravel()
    except Exception:
        return None


def _differs(a, b):
    """True when a and b are not the same numbers of the same type structure (or cannot be
    compared: then assume they differ)."""
    import numpy as np

    if type(a) is not type(b) and not (_numbers(a) is not None and _numbers(b) is not None
                                       and not isinstance(b, str)):
        return True
    x, y = _numbers(a), _numbers(b)
    if x is None or y is None:
        return a is not b
    return x.shape != y.shape or not np.array_equal(x, y, equal_nan=True)


def _type_changed(a, b):
    """True when b holds a different type than a somewhere (float32, lists, ...)."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b) \
            and type(a) is type(b):
        return any(_type_changed(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return True
    return getattr(a, "dtype", None) != getattr(b, "dtype", None)


def make_answer(kind, solution, state):
    """The answer of `kind`; `state` records whether it raised and whether the derived variant
    changed anything (else it is n/a)."""
    import functools
    import inspect

    def generic(body):
        def answer(*args, **kwargs):
            state["raised"] = True
            return body()
        state["applies"] = True
        return answer

    if kind == "stub":
        def body():
            raise NotImplementedError
        return generic(body)
    if kind == "loop":
        def body():
            while True:
                pass
        return generic(body)
    if kind == "system_exit":
        def body():
            sys.exit(1)
        return generic(body)
    if kind == "keyboard_interrupt":
        def body():
            raise KeyboardInterrupt
        return generic(body)
    if kind == "none":
        state["applies"] = True
        return lambda *args, **kwargs: None
    if kind == "huge_list":
        state["applies"] = True
        return lambda *args, **kwargs: [0.5] * 10**6
    if solution is None:
        return None
    if kind == "solution":
        state["applies"] = True
        return solution
    if inspect.isclass(solution):
        return None    # values of a class's methods: no generic variant

    if kind == "constant":
        first = []

        @functools.wraps(solution)
        def answer(*args, **kwargs):
            if not first:
                first.append(solution(*args, **kwargs))
                return first[0]
            try:
                want = solution(*copy.deepcopy(args), **copy.deepcopy(kwargs))
                if _differs(want, first[0]):
                    state["applies"] = True
            except Exception:
                state["applies"] = True
            return first[0]
        return answer

    @functools.wraps(solution)
    def answer(*args, **kwargs):
        value = solution(*args, **kwargs)
        try:
            new = _convert(value, kind)
        except Exception as err:       # a bug of the survey, not of the checker
            state["convert_error"] = f"{type(err).__name__}: {err}"
            return value
        changed = (_type_changed(value, new) if kind in CORRECT else
                   True if kind == "string" and isinstance(new, str) else _differs(value, new))
        if changed:
            state["applies"] = True
        return new
    return answer


# --- the worker: runs the jobs, one JSON line per answer --------------------------------------

def worker(jobs_file, time_limit):
    with open(jobs_file, encoding="utf-8") as file:
        jobs = json.load(file)
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    import numpy as np  # noqa: F401  (imported before any timed call)

    from lessons_lib import check
    if time_limit is not None:
        check.framework.TIME_LIMIT = time_limit
    solutions, warmed = {}, set()
    for job in jobs:
        key = (job["notebook"], job["answer"])
        if job["notebook"] and key not in solutions and job["kind"] in NEEDS_SOLUTION:
            try:
                solutions[key] = _namespace(job["notebook"], job["answer"])
            except Exception as err:
                solutions[key] = None
                print(json.dumps({"note": f"{job['checker']}: no solution ({err})"}), file=out)
        state = {"raised": False, "applies": False}
        answer = make_answer(job["kind"], solutions.get(key), state)
        result = {"index": job["index"]}
        if answer is None:
            print(json.dumps({**result, "verdict": "n/a"}), file=out)
            continue
        checker = getattr(check, job["checker"])
        if job["checker"] not in warmed:   # its first run imports (torch: seconds): not timed
            warmed.add(job["checker"])
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                try:
                    checker(make_answer("stub", None, {}))
                except BaseException:   # noqa: B036  (measured below, with the answers)
                    pass
        print(json.dumps({"start": job["index"]}), file=out)
        buffer, escaped = io.StringIO(), None
        start = time.monotonic()
        try:
            with redirect_stdout(buffer), redirect_stderr(buffer):
                checker(answer)
        except BaseException as err:   # noqa: B036  (an escape is what we measure)
            escaped = type(err).__name__
        text = buffer.getvalue()
        lines = [line for line in text.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        verdict = ("escape" if escaped else "pass" if last.startswith("✓") else
                   "hint" if last.startswith("✗") else "silent")
        result.update(verdict=verdict, escaped=escaped, printed=len(text),
                      line=last[:300], applies=state["applies"], raised=state["raised"],
                      seconds=round(time.monotonic() - start, 2),
                      convert_error=state.get("convert_error"))
        print(json.dumps(result), file=out)


# --- the parent: plans jobs, runs workers, restarts after a hang -------------------------------

def _run_worker(root, jobs, timeout, time_limit, startup=180.0):
    """Run jobs in worker processes; a job without a verdict after `timeout` s is a hang: its
    worker is killed and a new one takes the remaining jobs."""
    import tempfile

    results, notes = {}, []
    pending = list(jobs)
    env = {**os.environ, "PYTHONPATH": root, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "ignore"}
    while pending:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
            json.dump(pending, file)
        command = [sys.executable, os.path.abspath(__file__), "--worker", file.name]
        if time_limit is not None:
            command += ["--time-limit", str(time_limit)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   env=env, cwd=root, text=True)
        current, deadline, buffer = None, time.monotonic() + startup, ""
        try:
            while True:
                left = deadline - time.monotonic()
                ready = select.select([process.stdout], [], [], max(left, 0))[0] if left > 0 \
                    else []
                if not ready:           # no verdict in time: a hang (or a stuck start-up)
                    if current is not None:
                        results[current] = {"index": current, "verdict": "hang"}
                    else:
                        notes.append("a worker did not start its next answer in time")
                    break
                chunk = os.read(process.stdout.fileno(), 65536).decode()
                if not chunk:           # the worker ended
                    if current is not None:
                        results[current] = {"index": current, "verdict": "escape",
                                            "escaped": "worker died"}
                    break
                buffer += chunk
                *lines, buffer = buffer.split("\n")
                for line in lines:
                    message = json.loads(line)
                    if "note" in message:
                        notes.append(message["note"])
                    elif "start" in message:
                        current, deadline = message["start"], time.monotonic() + timeout
                    else:
                        results[message["index"]] = message
                        current, deadline = None, time.monotonic() + startup
        finally:
            if process.poll() is None:
                process.kill()          # only the worker this call started
            process.wait()
            process.stdout.close()
            os.unlink(file.name)
        done = set(results)
        remaining = [job for job in pending if job["index"] not in done]
        if len(remaining) == len(pending):   # no progress at all: give up on this batch
            for job in remaining:
                results[job["index"]] = {"index": job["index"], "verdict": "n/a"}
            notes.append("a worker made no progress; its jobs are n/a")
            break
        pending = remaining
    return results, notes


def _list_checkers(root):
    """The checker names of the tree at root, asked of a fresh interpreter that imports it."""
    env = {**os.environ, "PYTHONPATH": root, "MPLBACKEND": "Agg"}
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--list"], env=env,
                         cwd=root, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def survey(root=ROOT, checkers=None, kinds=KINDS, timeout=TIMEOUT, time_limit=None,
           notebook_dirs=None):
    """Survey the checkers of the tree at `root`; returns (results, notes), one result per
    (checker, kind): checker, kind, verdict ("pass", "hint", "hang", "escape", "silent", "n/a"),
    escaped, printed, line, raised."""
    root = os.path.abspath(root)
    names = _list_checkers(root)
    if checkers is not None:
        unknown = set(checkers) - set(names)
        if unknown:
            raise ValueError(f"checkers: no checker named {sorted(unknown)} in {root}")
        names = [name for name in names if name in checkers]
    catalogue = exercise_catalogue(notebook_dirs or [os.path.join(root, "notebooks")])
    jobs = []
    for name in names:
        notebook, answer = catalogue.get(name, (None, None))
        for kind in kinds:
            jobs.append({"index": len(jobs), "checker": name, "kind": kind,
                         "notebook": notebook, "answer": answer})
    results, notes = _run_worker(root, jobs, timeout, time_limit)
    table = []
    for job in jobs:
        result = results.get(job["index"], {"verdict": "n/a"})
        if result.get("verdict") not in ("hang", "escape", "n/a") and not result.get("applies"):
            result = {**result, "verdict": "n/a"}
        table.append({**result, "checker": job["checker"], "kind": job["kind"],
                      "has_solution": job["notebook"] is not None})
    return table, notes


# --- counting ----------------------------------------------------------------------------------

def outcome_flags(result):
    """The problems one result shows, as a set of names."""
    verdict, kind = result["verdict"], result["kind"]
    flags = set()
    if verdict == "n/a":
        return flags
    if verdict == "hang":
        flags.add("hang")
    if verdict == "escape":
        flags.add("escape (by design)" if kind == "keyboard_interrupt"
                  and result.get("escaped") == "KeyboardInterrupt" else "escape")
    if verdict == "silent":
        flags.add("silent")
    if result.get("printed", 0) > HUGE_OUTPUT:
        flags.add("huge")
    if kind in CORRECT and verdict != "pass":
        flags.add("false reject")
    if kind not in CORRECT and verdict == "pass":
        flags.add("false accept")
    if verdict == "hint" and "your code raised" in result.get("line", "") \
            and not result.get("raised"):
        flags.add("blame")
    return flags


TOTALS = ("hang", "false accept", "false reject", "escape", "escape (by design)", "huge",
          "blame", "silent")


def totals(results):
    counts = Counter()
    for result in results:
        counts.update(outcome_flags(result))
    return {name: counts[name] for name in TOTALS}


def format_table(results):
    columns = ("✓", "hint", "hang", "escape", "huge", "n/a", "bad")
    lines = [f"{'answer':<20}" + "".join(f"{c:>8}" for c in columns)]
    for kind in KINDS:
        rows = [r for r in results if r["kind"] == kind]
        if not rows:
            continue
        count = Counter()
        for r in rows:
            v = r["verdict"]
            count[{"pass": "✓", "hint": "hint", "hang": "hang", "escape": "escape",
                   "n/a": "n/a", "silent": "hint"}[v]] += 1
            count["huge"] += "huge" in outcome_flags(r)
            bad = outcome_flags(r) & {"false accept", "false reject"}
            count["bad"] += bool(bad)
        label = kind + (" (correct)" if kind in CORRECT else "")
        lines.append(f"{label:<20}" + "".join(f"{count[c]:>8}" for c in columns))
    lines.append("bad = false reject on a correct answer, false accept on a wrong one")
    total = totals(results)
    lines.append("totals: " + ", ".join(f"{k} {v}" for k, v in total.items()))
    return "\n".join(lines)


def problems(results):
    """One line per result with a problem flag."""
    out = []
    for r in results:
        flags = outcome_flags(r) - {"escape (by design)"}
        if flags:
            out.append(f"{r['checker']:<28} {r['kind']:<18} {', '.join(sorted(flags)):<24} "
                       f"{r.get('escaped') or r.get('line', '')[:150]}")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=ROOT, help="the tree whose lessons_lib is surveyed")
    parser.add_argument("--notebooks", action="append",
                        help="folder(s) of notebooks with the solutions (default ROOT/notebooks; "
                             "repeat to add a fallback folder)")
    parser.add_argument("--checkers", help="comma-separated checker names (default: all)")
    parser.add_argument("--kinds", help=f"comma-separated answer kinds of {', '.join(KINDS)}")
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    parser.add_argument("--time-limit", type=float, default=None,
                        help="override the framework's TIME_LIMIT (seconds)")
    parser.add_argument("--json", help="write every result to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--list", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.list:
        import lessons_lib
        print(lessons_lib.__file__, file=sys.stderr)
        print(json.dumps(_checker_names()))
        return 0
    if args.worker:
        worker(args.worker, args.time_limit)
        return 0
    results, notes = survey(
        args.root, checkers=args.checkers.split(",") if args.checkers else None,
        kinds=tuple(args.kinds.split(",")) if args.kinds else KINDS, timeout=args.timeout,
        time_limit=args.time_limit, notebook_dirs=args.notebooks)
    checkers = sorted({r["checker"] for r in results})
    solved = sorted({r["checker"] for r in results if r["has_solution"]})
    print(f"{len(checkers)} checkers ({len(solved)} with a notebook solution), "
          f"{sum(r['verdict'] != 'n/a' for r in results)} answers")
    for note in notes:
        print("note:", note)
    print(format_table(results))
    for line in problems(results):
        print(line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(results, file, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

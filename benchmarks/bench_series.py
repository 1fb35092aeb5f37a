"""How long the whole series takes under nbval strict, as a ratio to its floor, and which cells
a learner waits for.

The floor is what no lesson can avoid: start a kernel per notebook and run its import cell (its
first code cell, nbval's "Cell 0"). Both are timed in one run, floor - series - floor, so that
drift on a shared machine hits both alike; the ratio uses the mean of the floor timings.
From the series run pytest's --durations gives the time of every cell: those over CELL_GOAL
seconds are listed, cells that import marked as such (the goal exempts imports).

    python benchmarks/bench_series.py [notebooks/NN_x.ipynb ...] [--rounds 1]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
GOAL = 2.5          # the series may take at most this many times its floor
CELL_GOAL = 1.5     # seconds; no cell slower than this, imports aside
# the project's pytest configuration (warnings are errors) also for the copies outside it
NBVAL = ["-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
         "-p", "no:cacheprovider", "-q", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
         "--durations=0", "--durations-min=0"]
# pytest --durations: "2.31s call     notebooks/08_side_by_side.ipynb::Cell 3"
DURATION = re.compile(r"^\s*([\d.]+)s\s+(setup|call|teardown)\s+(\S+\.ipynb)::Cell (\d+)\s*$")


def code_cells(notebook):
    """The sources of the code cells, in nbval's numbering ("Cell 0" is the first code cell)."""
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def imports(source):
    """True when the cell imports something (its time is then mostly the import)."""
    return bool(re.search(r"^(import|from) \S+", source, re.MULTILINE))


def floor_copies(paths, folder):
    """Each notebook reduced to its import cell, written to ``folder``."""
    copies = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        notebook.cells = [cell for cell in notebook.cells if cell.cell_type == "code"][:1]
        if not notebook.cells:
            continue
        copy = Path(folder) / path.name
        nbformat.write(notebook, copy)
        copies.append(copy)
    return copies


def run_nbval(paths):
    """Wall time of one nbval run over ``paths``, its per-cell call times and its summary."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, *NBVAL, *map(str, paths)], cwd=ROOT,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    cells = {}
    for line in out.stdout.splitlines():
        match = DURATION.match(line)
        if match:
            t, phase, path, index = match.groups()
            if phase == "call":      # (the setup of a notebook's first cell starts its kernel)
                cells[Path(path).name, int(index)] = float(t)
    summary = next((line.strip("= ") for line in reversed(out.stdout.splitlines())
                    if re.search(r"\d+ (passed|failed|error)", line)), "no summary")
    return seconds, cells, summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: every notebook in notebooks/")
    parser.add_argument("--rounds", type=int, default=1,
                        help="series runs, each between two floor runs")
    args = parser.parse_args()
    paths = [p.resolve() for p in (args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb")))]
    with tempfile.TemporaryDirectory() as folder:
        floors, series, slowest, summary = measure(paths, floor_copies(paths, folder),
                                                   args.rounds)
    report(paths, floors, series, slowest, summary)
    return 0


def measure(paths, copies, rounds):
    floors, series, slowest = [], [], {}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    floors.append(run_nbval(copies)[0])
    for _ in range(rounds):
        seconds, cells, summary = run_nbval(paths)
        series.append(seconds)
        for key, t in cells.items():
            slowest[key] = min(t, slowest.get(key, t))
        floors.append(run_nbval(copies)[0])
    return floors, series, slowest, summary


def report(paths, floors, series, slowest, summary):
    sources = {p.name: code_cells(nbformat.read(p, as_version=4)) for p in paths}
    floor, full = statistics.mean(floors), statistics.median(series)
    ratio = full / floor
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"{len(paths)} notebooks under nbval strict ({summary})")
    print(f"  floor (kernel start + import cell), mean of {len(floors)}: {floor:7.1f} s   1.00x  "
          f"(runs: {', '.join(f'{t:.1f}' for t in floors)} s)")
    print(f"  series, median of {len(series)}: {' ' * 25}{full:7.1f} s  {ratio:5.2f}x   "
          f"goal <= {GOAL}x  {'ok' if ratio <= GOAL else 'MISSED'}")
    slow = sorted(((t, name, index) for (name, index), t in slowest.items() if t > CELL_GOAL),
                  reverse=True)
    print(f"cells over {CELL_GOAL} s ({len(slow)}; nbval's numbering: code cells only, from 0):")
    for t, name, index in slow:
        what = ("  (the import cell: exempt)" if index == 0 else
                "  (imports)" if imports(sources[name][index]) else "")
        print(f"  {t:6.2f} s  {name} cell {index}{what}")


if __name__ == "__main__":
    raise SystemExit(main())    # a benchmark reports; it does not fail the build

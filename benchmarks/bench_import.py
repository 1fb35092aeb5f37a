"""How long `import lessons_lib` takes in a fresh interpreter, and what it drags in.

torch, autograd, scikit-learn and matplotlib must load only when a lesson uses them.

    python benchmarks/bench_import.py
"""

import json
import statistics
import subprocess
import sys

GOAL_SECONDS = 0.3
PROBE = """
import json, sys, time
start = time.perf_counter()
import {module}
elapsed = time.perf_counter() - start
heavy = [m for m in ("torch", "autograd", "sklearn", "matplotlib") if m in sys.modules]
print(json.dumps({{"seconds": elapsed, "heavy": heavy}}))
"""


def probe(module):
    out = subprocess.run([sys.executable, "-c", PROBE.format(module=module)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main():
    for module in ("lessons_lib", "lessons_lib.logreg", "lessons_lib.optimize"):
        runs = [probe(module) for _ in range(5)]
        seconds = statistics.median(r["seconds"] for r in runs)
        heavy = runs[0]["heavy"]
        print(f"import {module:22s} {seconds * 1e3:6.1f} ms  ({seconds / GOAL_SECONDS:4.2f}x of "
              f"the {GOAL_SECONDS}s goal)  heavy modules loaded: {heavy or 'none'}")


if __name__ == "__main__":
    main()

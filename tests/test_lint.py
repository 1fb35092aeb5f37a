"""The code a reader sees is linted: the library, the tests, the tools and every notebook's
code cells (ruff reads .ipynb itself; pyproject.toml lists the notebook idioms it allows)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).parent / "ruff"
    run = subprocess.run([str(ruff), "check", "--output-format", "concise", "lessons_lib",
                          "tests", "tools", "benchmarks", "notebooks"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]

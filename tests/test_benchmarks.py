"""The benchmark scripts still run (tiny sizes; they print ratios, nothing here is timed)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("script, args", [
    ("bench_backends.py", ["--n", "2000", "--d", "5", "--epochs", "2", "--rounds", "1"]),
    ("bench_import.py", []),
    ("bench_explorer.py", []),
])
def test_benchmark_runs_and_prints_ratios(script, args):
    out = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True,
                         text=True, timeout=300, env=os.environ | {"MPLBACKEND": "Agg"})
    assert out.returncode == 0, out.stderr
    assert "x" in out.stdout and "ms" in out.stdout

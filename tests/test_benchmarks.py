"""The benchmark scripts still run (tiny sizes; they print ratios, nothing here is timed)."""

import os
import re
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


def run_benchmark(script, *args):
    out = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True,
                         text=True, timeout=600, env=os.environ | {"MPLBACKEND": "Agg"})
    assert out.returncode == 0, out.stderr
    assert "Warning" not in out.stderr, out.stderr
    return out.stdout


def test_scaling_benchmark_prints_every_size_and_backend_and_stores_its_figure(tmp_path):
    figure = tmp_path / "scaling.png"
    lines = run_benchmark("bench_scaling.py", "--quick", "--out", str(figure)).splitlines()
    rows = [line.split() for line in lines if line.split()[:1] in (["n"], ["d"])]
    assert len(rows) == 4                                      # 2 values of n, 2 of d
    assert all(len(row) == 4 + 1 + 2 * 3 for row in rows)     # size, floor, 3 backends (ratio)
    for backend in ("floor", "numpy", "torch", "autograd"):
        assert any(line.split()[:2] == [backend, "slope"] for line in lines), backend
    memory = [line for line in lines if "MiB  (" in line]
    assert [line.split()[0] for line in memory] == ["numpy", "torch", "autograd"]
    assert figure.stat().st_size > 10_000 and figure.read_bytes()[:4] == b"\x89PNG"


def test_series_benchmark_times_one_notebook_against_its_floor():
    # one small notebook only: the whole series takes minutes
    notebook = BENCHMARKS.parent / "notebooks" / "00_start_here.ipynb"
    out = run_benchmark("bench_series.py", str(notebook))
    assert "1 notebooks under nbval strict" in out and "passed" in out
    assert re.search(r"floor \(kernel start \+ import cell\).* s +1\.00x", out)
    assert re.search(r"series, median of 1: +[\d.]+ s +[\d.]+x", out)
    assert "cells over 1.5 s" in out

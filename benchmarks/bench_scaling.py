"""How the time per epoch of each backend grows with the data: n = 1e3 ... 1e6 samples at d = 20,
and d = 2 ... 200 features at n = 1e5.

An epoch of gradient descent reads X twice (X @ w, X.T @ r), so once X is large its cost is
linear in n·d; for small X a fixed cost per epoch (Python, the libraries' dispatch, autograd's
tape, torch's graph) dominates and the line goes flat. Across d at fixed n the line also
flattens at small d: the loss and the residual cost a few passes over n-vectors (exp, log1p),
whatever d. The log-log figure shows these regimes with the floor (the two matrix products
alone) and a slope-1 guide; the table gives the slope fitted over the largest sizes and the
per-epoch overhead at the smallest. Timings are interleaved (every backend at one size, then the
next round), medians of the rounds, with every thread pool at one thread: this measures the cost
of the work (bench_backends.py shows what the thread pools add or cost; --default-threads keeps
them here too).

Memory: each backend trains once at the largest n in a fresh process; the peak resident size
above the data (X and y, already in memory) is reported, in units of X's size (a backend that
copies X shows >= 1) and of n-length float64 vectors (the temporaries of an epoch).

    python benchmarks/bench_scaling.py [--quick] [--rounds 3] [--default-threads]
                                       [--out build/bench/scaling.png]
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from lessons_lib.logreg import fit

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("numpy", "torch", "autograd")
COLOURS = {"floor": "black", "numpy": "tab:blue", "torch": "tab:orange", "autograd": "tab:green"}
D_FOR_N = 20            # the n sweep holds d here ...
N_FOR_D = 100_000       # ... and the d sweep holds n here
FULL = {"n": [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000], "d": [2, 6, 20, 60, 200]}
QUICK = {"n": [1_000, 4_000], "d": [2, 8]}
WORK_PER_POINT = 1e7    # epochs at a size ~ this / (n·d): enough to time, little at large sizes


def data(n, d, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + rng.normal(size=n) > 0).astype(float)
    return X, y


def floor_epochs(X, y, epochs):
    w, r = np.zeros(X.shape[1]), y - 0.5
    for _ in range(epochs):
        X @ w
        X.T @ r


def time_point(n, d, rounds, epochs=None):
    """Median seconds per epoch of the floor and of each backend at one size."""
    X, y = data(n, d)
    epochs = epochs or int(min(200, max(2, WORK_PER_POINT / (n * d))))
    names = ("floor", *BACKENDS)
    times = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:   # rotate the order
            start = time.perf_counter()
            if name == "floor":
                floor_epochs(X, y, epochs)
            else:
                fit(X, y, backend=name, lr=0.1, epochs=epochs)
            times[name].append((time.perf_counter() - start) / epochs)
    return {name: statistics.median(values) for name, values in times.items()}


def slope(sizes, seconds):
    """Least-squares slope of log(seconds) against log(size): 1 means linear cost."""
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


MEMORY_PROBE = """
import gc, json, re, resource, sys
sys.path.insert(0, {benchmarks!r})
from bench_scaling import data
from lessons_lib.logreg import fit

def kib(field):
    with open("/proc/self/status") as f:
        return int(re.search(field + r":\\s+(\\d+) kB", f.read()).group(1))

X, y = data({n}, {d})
fit(X[:100], y[:100], backend={backend!r}, epochs=2)        # imports and first-call costs
gc.collect()
try:        # Linux: reset the peak (VmHWM) to the current resident size, then read both
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = kib("VmRSS")
except OSError:   # elsewhere the lifetime peak, which data() may already have set higher
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
fit(X, y, backend={backend!r}, lr=0.1, epochs=3)
after = kib("VmHWM") if sys.platform == "linux" else resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"extra": (after - before) * 1024, "X": X.nbytes}}))
"""


def peak_memory(backend, n, d):
    """Peak resident memory a fit adds above the data, in bytes, and X's size (own process)."""
    code = MEMORY_PROBE.format(benchmarks=str(Path(__file__).parent), n=n, d=d, backend=backend)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    result = json.loads(out)
    return result["extra"], result["X"]


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for ax, sweep, other in ((axes[0], "n", "d"), (axes[1], "d", "n")):
        points = [row for row in rows if row["sweep"] == sweep]
        fixed = f"{other} = {points[0][other]:,}"
        x = np.array([row[sweep] for row in points], dtype=float)
        for name in ("floor", *BACKENDS):
            seconds = np.array([row["seconds"][name] for row in points])
            ax.loglog(x, seconds * 1e3, marker="o", color=COLOURS[name], lw=1.5, ms=4,
                      label="floor (X@w, X.T@r)" if name == "floor" else name,
                      ls="--" if name == "floor" else "-")
        guide = np.array([row["seconds"]["floor"] for row in points])
        ax.loglog(x, guide[-1] * 1e3 * x / x[-1], ":", color="grey", lw=1,
                  label="slope 1 (linear in n·d)")
        ax.set_xlabel(f"{sweep} ({fixed})")
        ax.set_title(f"time per epoch against {sweep}, {fixed}")
        ax.grid(True, which="major", alpha=0.3)
    axes[0].set_ylabel("ms per epoch (log)")
    axes[0].legend(fontsize=8)
    fig.suptitle("Gradient descent on logistic regression: flat where per-epoch overhead "
                 "dominates, linear in n·d beyond", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one round (smoke test)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "scaling.png")
    parser.add_argument("--default-threads", action="store_true",
                        help="keep the libraries' thread pools (default: one thread each)")
    args = parser.parse_args()
    if args.default_threads:
        return run(args, "default threads")
    import torch
    from threadpoolctl import threadpool_limits

    threads = torch.get_num_threads()
    try:
        with threadpool_limits(1):
            torch.set_num_threads(1)
            return run(args, "one thread")
    finally:
        torch.set_num_threads(threads)


def run(args, threads):
    sizes, rounds, epochs = (QUICK, 1, 3) if args.quick else (FULL, args.rounds, None)
    for backend in BACKENDS:                      # warm up: imports, first-call costs
        fit(*data(100, 2), backend=backend, epochs=2)

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    rows = [{"sweep": "n", "n": n, "d": D_FOR_N, "seconds": time_point(n, D_FOR_N, rounds, epochs)}
            for n in sizes["n"]]
    n_fixed = sizes["n"][-1] if args.quick else N_FOR_D
    rows += [{"sweep": "d", "n": n_fixed, "d": d, "seconds": time_point(n_fixed, d, rounds, epochs)}
             for d in sizes["d"]]
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"time per epoch (ms), median of {rounds} interleaved round(s), {threads}; "
          f"each backend's time, then its ratio to the floor")
    print(f"  {'sweep':5s} {'n':>9s} {'d':>4s} {'n·d':>9s} " +
          " ".join(f"{name:>17s}" for name in ("floor", *BACKENDS)))
    for row in rows:
        s = row["seconds"]
        cells = [f"{s['floor'] * 1e3:9.3f}       "] + [
            f"{s[b] * 1e3:9.3f} {s[b] / s['floor']:6.1f}x" for b in BACKENDS]
        print(f"  {row['sweep']:5s} {row['n']:9d} {row['d']:4d} {row['n'] * row['d']:9.0e} " +
              " ".join(cells))

    n_rows = [row for row in rows if row["sweep"] == "n"]
    top = n_rows[-3:] if len(n_rows) >= 3 else n_rows
    print(f"slope of log(time) against log(n) over n = {top[0]['n']:,} ... {top[-1]['n']:,} "
          f"(1 = linear), and the time per epoch at n = {n_rows[0]['n']:,} (overhead):")
    for name in ("floor", *BACKENDS):
        fitted = (slope([r["n"] for r in top], [r["seconds"][name] for r in top])
                  if len(top) > 1 else math.nan)
        print(f"  {name:9s} slope {fitted:5.2f}   {n_rows[0]['seconds'][name] * 1e6:8.0f} µs "
              f"per epoch at the smallest n")

    n_memory = sizes["n"][-1]
    print(f"peak memory a fit adds above the data, n = {n_memory:,}, d = {D_FOR_N} "
          f"(fresh process each; peak resident size, VmHWM):")
    for backend in BACKENDS:
        extra, x_bytes = peak_memory(backend, n_memory, D_FOR_N)
        print(f"  {backend:9s} {extra / 2**20:8.1f} MiB  ({extra / x_bytes:4.2f}x the "
              f"{x_bytes / 2**20:.1f} MiB of X, {extra / (8 * n_memory):4.1f} n-vectors)")

    plot(rows, args.out)
    print(f"figure: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

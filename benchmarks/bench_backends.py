"""Time per epoch of each backend, as a ratio to the floor: the two matrix products alone.

Every epoch of gradient descent must compute X @ w (the logits) and X.T @ r (the gradient);
nothing can be faster than those two. Absolute times drift on a shared machine, so all timings
are interleaved in one run and reported as ratios of medians. Two figures, both of which users
see: with the libraries' default thread pools (settled), and with every pool at one thread.

    python benchmarks/bench_backends.py [--n 100000] [--d 20] [--epochs 20] [--rounds 7]
"""

import argparse
import statistics
import time

import numpy as np

from lessons_lib.logreg import ONE_THREAD_UP_TO, fit

GOALS = {"numpy": 2.5, "torch": 2.5, "autograd": 4.0}
# After a burst of work, numpy's OpenBLAS threads and torch's OpenMP threads keep spinning for
# a moment; on two cores the next library's threads then fight them (measured here: torch at
# 5.9 ms/epoch right after numpy, 1.5 ms alone). A pause before each timed block lets them go
# idle, so each backend is timed in its steady state.
SETTLE_SECONDS = 0.3


def floor_epoch(X, y, epochs):
    w, r = np.zeros(X.shape[1]), y - 0.5
    for _ in range(epochs):
        z = X @ w
        g = X.T @ r
    return z, g


def timed(fn, *args, **kwargs):
    time.sleep(SETTLE_SECONDS)
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def measure(X, y, epochs, rounds):
    times = {name: [] for name in ["floor", *GOALS]}
    for _ in range(rounds):                     # interleaved, so drift hits all alike
        times["floor"].append(timed(floor_epoch, X, y, epochs) / epochs)
        for backend in GOALS:
            t = timed(fit, X, y, backend=backend, lr=0.1, epochs=epochs)
            times[backend].append(t / epochs)
    return {name: statistics.median(values) for name, values in times.items()}


def report(title, medians):
    floor = medians["floor"]
    print(title)
    print(f"  {'floor (X@w and X.T@r)':24s} {floor * 1e3:7.2f} ms   1.00x")
    failures = 0
    for backend, goal in GOALS.items():
        ratio = medians[backend] / floor
        failures += ratio > goal
        print(f"  {backend:24s} {medians[backend] * 1e3:7.2f} ms  {ratio:5.2f}x   goal <= {goal}x  "
              f"{'ok' if ratio <= goal else 'MISSED'}")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--d", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    import torch
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    X = rng.normal(size=(args.n, args.d))
    y = (X @ rng.normal(size=args.d) + rng.normal(size=args.n) > 0).astype(float)
    for backend in GOALS:                       # warm up: imports, first-call costs
        fit(X[:100], y[:100], backend=backend, epochs=2)

    settled = measure(X, y, args.epochs, args.rounds)
    default_threads = torch.get_num_threads()
    with threadpool_limits(1):
        torch.set_num_threads(1)
        single = measure(X, y, args.epochs, args.rounds)
    torch.set_num_threads(default_threads)
    what = (f"time per epoch, n = {args.n}, d = {args.d}, loss recorded every epoch, median "
            f"of {args.rounds} interleaved rounds of {args.epochs} epochs")
    failures = report(f"{what}, default threads ({SETTLE_SECONDS}s settle before each):",
                      settled)
    failures += report(f"{what}, one thread:", single)
    if args.n * args.d <= ONE_THREAD_UP_TO:
        print(f"(every backend computes problems up to {ONE_THREAD_UP_TO:.0e} entries of X "
              f"on one thread in both: logreg.ONE_THREAD_UP_TO)")
    return failures


if __name__ == "__main__":
    raise SystemExit(main() and 0)   # a benchmark reports; it does not fail the build

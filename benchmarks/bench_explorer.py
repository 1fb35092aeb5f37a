"""Kernel time of one explorer update (compute + redraw + PNG), median over slider moves.

The goal is <= 50 ms, so a dragged slider feels live. What a student sees also includes the
browser round trip: tests/test_browser.py measures key press -> new figure in Chromium.

    python benchmarks/bench_explorer.py
"""

import statistics

import numpy as np

from lessons_lib import data, explorers

GOAL_MS = 50


def moves(explorer, name, values, repeat):
    explorer.update_seconds.clear()
    for _ in range(repeat):
        for value in values:
            explorer.set(**{name: value})
    return statistics.median(explorer.update_seconds) * 1e3


def cases():
    X, y = data.blobs(200, distance=2.5)
    yield "hello (lesson 00): frequency", explorers.hello_explorer(), "frequency", [2, 5, 3, 8]
    coin = explorers.coin_explorer()
    yield "coin (01): theta", coin, "theta", [0.2, 0.5, 0.7, 0.9]
    yield "coin (01): flips n", coin, "n", [10, 20, 50, 100]
    model = explorers.sigmoid_model_explorer()
    yield "sigmoid model (02): weight w", model, "w", [0.5, 1.0, 1.5, 2.0]
    yield "sigmoid model (02): bias b", model, "b", [-6.0, -4.0, -2.0, 0.0]
    descent = explorers.descent_explorer()
    yield "descent (03-04): learning rate", descent, "lr", [0.05, 0.5, 0.9, 1.05]
    # the step panel's x range snaps to 10/20/50/100/200: crossing a width redraws everything
    yield "descent (03-04): epochs, new range", descent, "epochs", [10, 50, 120, 200]
    yield "descent (03-04): epochs, same range", descent, "epochs", [21, 25, 30, 35]
    logreg = explorers.logreg_explorer(X, y)
    logreg.set(lr=0.5)                       # the epoch moves below reuse this run
    yield "logreg numpy (05): epochs", logreg, "epochs", [10, 100, 300, 500]
    # every learning rate is new, so each move trains a full max_epochs run (repeat 1: a
    # repeated value would reuse its cached run and hide that cost)
    yield "logreg numpy (05): new learning rate", logreg, "lr", list(np.geomspace(0.01, 5, 8)), 1
    torch = explorers.logreg_explorer(X, y, backend="torch")
    torch.set(lr=0.5)
    yield "logreg torch (07): epochs", torch, "epochs", [10, 100, 300, 500]
    yield "logreg torch (07): new learning rate", torch, "lr", list(np.geomspace(0.02, 4, 3)), 1


def main():
    print(f"explorer update, kernel time, median (goal <= {GOAL_MS} ms)")
    for label, explorer, slider, values, *repeat in cases():
        full_before = explorer.full_redraws
        ms = moves(explorer, slider, values, repeat[0] if repeat else 3)
        full = explorer.full_redraws - full_before
        print(f"  {label:38s} {ms:6.1f} ms  {ms / GOAL_MS:4.2f}x of goal  "
              f"({full} of {len(explorer.update_seconds)} redraws full, the rest blitted)")


if __name__ == "__main__":
    main()

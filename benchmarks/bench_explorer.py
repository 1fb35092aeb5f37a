"""Kernel time of one explorer update (compute + redraw + PNG), median over slider moves.

The goal is <= 50 ms, so a dragged slider feels live. What a student sees also includes the
browser round trip: tests/test_browser.py measures key press -> new figure in Chromium.

    python benchmarks/bench_explorer.py
"""

import statistics

import numpy as np

from lessons_lib import data, widgets

GOAL_MS = 50


def moves(explorer, name, values, repeat=3):
    explorer.update_seconds.clear()
    for _ in range(repeat):
        for value in values:
            explorer.set(**{name: value})
    return statistics.median(explorer.update_seconds) * 1e3


def cases():
    X, y = data.blobs(200, distance=2.5)
    yield "hello (lesson 00): frequency", widgets.hello_explorer(), "frequency", [2, 5, 3, 8]
    descent = widgets.descent_explorer()
    yield "descent (03-04): learning rate", descent, "lr", [0.05, 0.5, 0.9, 1.05]
    # the step panel's x range snaps to 10/20/50/100/200: crossing a width redraws everything
    yield "descent (03-04): epochs, new range", descent, "epochs", [10, 50, 120, 200]
    yield "descent (03-04): epochs, same range", descent, "epochs", [21, 25, 30, 35]
    logreg = widgets.logreg_explorer(X, y)
    logreg.set(lr=0.5)                       # the epoch moves below reuse this run
    yield "logreg numpy (05): epochs", logreg, "epochs", [10, 100, 300, 500]
    yield "logreg numpy (05): learning rate", logreg, "lr", list(np.geomspace(0.01, 5, 4))


def main():
    print(f"explorer update, kernel time, median (goal <= {GOAL_MS} ms)")
    for label, explorer, slider, values in cases():
        ms = moves(explorer, slider, values)
        print(f"  {label:38s} {ms:6.1f} ms  {ms / GOAL_MS:4.2f}x of goal")


if __name__ == "__main__":
    main()

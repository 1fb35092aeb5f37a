"""Re-run notebooks top to bottom on a fresh kernel and store the outputs in place.

    python tools/execute_notebooks.py notebooks/*.ipynb

nbclient can wait forever on a cell that opens widget comms (jupyter/nbclient#312), so we
drop its comm handlers (widgets then render only in a live JupyterLab, as they should) and
give every cell a timeout.
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 180


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)      # timings of an earlier run
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            record_timing=False,   # timestamps would make every diff noisy
                            resources={"metadata": {"path": str(path.parent)}})
    client.comm_open_handlers = {}
    client.execute()
    notebook.metadata.pop("widgets", None)   # widget state would be stale and changes each run
    nbformat.write(notebook, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    for path in parser.parse_args().notebooks:
        start = time.perf_counter()
        print(f"executing {path} ...", end=" ", flush=True)
        try:
            execute(path)
        except Exception as err:
            print(f"FAILED\n{err}", file=sys.stderr)
            return 1
        print(f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

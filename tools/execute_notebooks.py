"""Re-run notebooks top to bottom on a fresh kernel and store the outputs in place.

    python tools/execute_notebooks.py notebooks/*.ipynb
    python tools/execute_notebooks.py --refresh-timings notebooks/08_side_by_side.ipynb

Running it twice leaves every file byte for byte the same (tests/test_reexecute.py), so
`git diff` after `make execute` shows only what a change to a lesson really changed:
- no execution timestamps and no widget state are stored;
- a widget view is stored with an empty model id: the id is random on every run, and
  JupyterLab hides a view whose id is empty (instead of "model not found") until the cell
  runs again; nbval does not compare widget views;
- consecutive stream outputs of one name are merged: the kernel flushes printed text in
  chunks whose boundaries depend on timing;
- a cell marked `# NBVAL_IGNORE_OUTPUT` keeps its stored outputs when the fresh ones differ
  only in the numbers they print (live timings); `--refresh-timings` stores fresh numbers;
- a cell without an id gets one derived from its position and source, and nbformat.write
  formats the JSON.
Figures need nothing: with the same package versions the inline backend's PNGs are equal.
A memory address in stored text ("<… at 0x7f3a…>") changes on every run and only the cell can
fix it; the tool names such cells.

nbclient can wait forever on a cell that opens widget comms (jupyter/nbclient#312), so we
drop its comm handlers (widgets then render only in a live JupyterLab, as they should) and
give every cell a timeout. A notebook that fails is left untouched; the others still run.
"""

import argparse
import copy
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 180   # s; the slowest lesson cell takes a few seconds
IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# A number with the spaces that pad it: "(  7.0 GD epochs)" and "( 17.0 GD epochs)" are
# the same text once masked.
NUMBER = re.compile(r"\s*\d[\d.,]*(?:e[+-]?\d+)?")
# "<matplotlib.lines.Line2D at 0x7f3a…>": a new address on every run
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{6,}>")


def stable_cell_ids(notebook):
    """Give every cell a unique id that does not change from run to run.

    nbformat would fill a missing id with a random one, which would show up in every diff."""
    if (notebook.nbformat, notebook.nbformat_minor) < (4, 5):
        return   # ids arrived with nbformat 4.5; older notebooks must not carry them
    seen = set()
    for index, cell in enumerate(notebook.cells):
        if cell.get("id") and cell.id not in seen:
            seen.add(cell.id)
            continue
        digest = hashlib.sha1(f"{index}\n{cell.cell_type}\n{cell.source}".encode()).hexdigest()
        candidate, extra = digest[:8], 0
        while candidate in seen:
            extra += 1
            candidate = f"{digest[:8]}-{extra}"
        cell.id = candidate
        seen.add(candidate)


def merge_streams(outputs):
    """Consecutive stream outputs of one name become one output with the joined text."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def blank_widget_ids(outputs):
    for output in outputs:
        view = output.get("data", {}).get(WIDGET_MIME)
        if view is not None:
            view["model_id"] = ""


def masked(outputs):
    """The outputs with every number in their printed text masked; the rest unchanged (a
    widget's or a figure's data must match exactly)."""
    outputs = copy.deepcopy(outputs)
    for output in outputs:
        if output.output_type == "stream":
            output.text = NUMBER.sub("#", output.text)
    return outputs


def cells_printing_addresses(notebook):
    """Numbers (from 1, as JupyterLab shows them) of code cells whose stored text holds a
    memory address, which changes on every run: a diff nothing can fix but the cell."""
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return [number for number, cell in enumerate(code, start=1)
            if not is_marked(cell) and ADDRESS.search(json.dumps(cell.outputs))]


def is_marked(cell):
    return cell.cell_type == "code" and cell.source.split("\n", 1)[0] == IGNORE_MARKER


def run(notebook, directory):
    """Execute the nbformat notebook in place, on a fresh kernel started in directory."""
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            record_timing=False,   # timestamps would make every diff noisy
                            resources={"metadata": {"path": str(directory)}})
    client.comm_open_handlers = {}
    client.execute()


def execute(path, refresh_timings=False):
    """Run the notebook at `path` and store it; returns notes for the person who ran it."""
    # read without nbformat.read's validation, which would fill missing ids at random
    notebook = nbformat.convert(nbformat.reader.reads(path.read_text(encoding="utf-8")), 4)
    stable_cell_ids(notebook)
    nbformat.validate(notebook)
    stored = [copy.deepcopy(cell.get("outputs", [])) for cell in notebook.cells]
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)      # timings of an earlier run
    run(notebook, path.parent)
    notebook.metadata.pop("widgets", None)   # widget state would be stale and changes each run
    kept = 0
    for cell, before in zip(notebook.cells, stored, strict=True):
        if cell.cell_type != "code":
            continue
        cell.outputs = merge_streams(cell.outputs)
        blank_widget_ids(cell.outputs)
        if (is_marked(cell) and not refresh_timings and before != cell.outputs
                and masked(before) == masked(cell.outputs)):
            cell.outputs = before   # only the live numbers moved: keep the stored run
            kept += 1
    nbformat.write(notebook, path)
    notes = [f"kept the stored numbers of {kept} timing cell{'s' * (kept != 1)} "
             "(--refresh-timings stores fresh ones)"] if kept else []
    notes += [f"warning: code cell {number} shows a memory address, new on every run: end its "
              "last line with ';' or show something stable"
              for number in cells_printing_addresses(notebook)]
    return notes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--refresh-timings", action="store_true",
                        help="store fresh numbers also in cells marked " + IGNORE_MARKER)
    args = parser.parse_args(argv)
    failed = []
    for path in args.notebooks:
        start = time.perf_counter()
        print(f"executing {path} ...", end=" ", flush=True)
        try:
            notes = execute(path, refresh_timings=args.refresh_timings)
        except Exception as err:
            print(f"FAILED\n{err}", file=sys.stderr, flush=True)
            failed.append(path)
            continue
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
        for note in notes:
            print(f"  {note}", flush=True)
    if failed:
        print(f"{len(failed)} of {len(args.notebooks)} notebooks failed (left unchanged): "
              + ", ".join(map(str, failed)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make execute` twice leaves no diff: tools/execute_notebooks.py run twice on a copy writes
the same bytes (issue 14 §5).

The tool runs as `make execute` runs it, on copies in a temp dir (never on notebooks/, which
nbval checks): a synthetic notebook that holds every kind of output that used to change from
run to run (a widget, text printed in two flushes, a figure, a live timing, a cell without an
id), and the shortest lesson, which shows a real explorer.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "execute_notebooks.py"
LESSON = ROOT / "notebooks" / "00_start_here.ipynb"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def load_tool():
    spec = importlib.util.spec_from_file_location("execute_notebooks", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = load_tool()


def synthetic_notebook():
    code = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A notebook with every output that used to churn"),
        code("import time\nimport ipywidgets\nimport matplotlib.pyplot as plt"),
        # the kernel flushes stdout every 0.2 s: two prints 0.5 s apart arrive as two outputs
        code('print("before the pause")\ntime.sleep(0.5)\nprint("after the pause")'),
        code('fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([0, 1, 2], [2, 0, 1])\n'
             'ax.set_title("three points")\nplt.show()'),
        code('# NBVAL_IGNORE_OUTPUT\nipywidgets.IntSlider(value=3, description="n")'),
        code('# NBVAL_IGNORE_OUTPUT\nstart = time.perf_counter()\ntotal = sum(range(10**5))\n'
             'print(f"summing took {1e6 * (time.perf_counter() - start):.1f} µs")'),
    ])
    del nb.cells[2]["id"]   # nbformat.read would fill it with a random id
    return nb


def write_raw(nb, path):
    """Written as a person's editor might: nbformat.write would complain about the missing id."""
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def run_tool(*args):
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)   # as `make execute`: the kernel's inline backend draws figures
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True,
                          text=True, timeout=600, env=env, cwd=ROOT)


def outputs(path, cell_index):
    return nbformat.read(path, as_version=4).cells[cell_index].outputs


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Copies of the notebooks after one run and after a second run of the tool."""
    first = tmp_path_factory.mktemp("first")
    write_raw(synthetic_notebook(), first / "synthetic.ipynb")
    shutil.copy(LESSON, first / LESSON.name)
    paths = sorted(first.glob("*.ipynb"))
    done = run_tool(*paths)
    assert done.returncode == 0, f"first run failed:\n{done.stdout}\n{done.stderr}"
    second = tmp_path_factory.mktemp("second")
    for path in paths:
        shutil.copy(path, second / path.name)
    done = run_tool(*sorted(second.glob("*.ipynb")))
    assert done.returncode == 0, f"second run failed:\n{done.stdout}\n{done.stderr}"
    return first, second, done.stdout


@pytest.mark.parametrize("name", ["synthetic.ipynb", LESSON.name])
def test_second_run_writes_the_same_bytes(two_runs, name):
    first, second, _ = two_runs
    before, after = (first / name).read_bytes(), (second / name).read_bytes()
    if before != after:
        changed = [i for i, (a, b) in enumerate(zip(json.loads(before)["cells"],
                                                    json.loads(after)["cells"], strict=False))
                   if a != b]
        pytest.fail(f"{name}: a second run changed cells {changed}")


def test_the_synthetic_notebook_shows_what_used_to_churn(two_runs):
    _, second, stdout = two_runs
    path = second / "synthetic.ipynb"
    nb = nbformat.read(path, as_version=4)
    # the second run kept the first run's timing: its message says so
    assert "kept the stored numbers of 1 timing cell" in stdout
    streams = [o for o in outputs(path, 2) if o.output_type == "stream"]
    assert [o.text for o in streams] == ["before the pause\nafter the pause\n"]
    figures = [o for o in outputs(path, 3) if "image/png" in o.get("data", {})]
    assert len(figures) == 1, "the figure cell stored no PNG"
    views = [o.data[WIDGET_MIME] for o in outputs(path, 4) if WIDGET_MIME in o.get("data", {})]
    assert views and all(view["model_id"] == "" for view in views)
    assert "µs" in outputs(path, 5)[0].text
    assert nb.cells[2].id == load_tool_ids(synthetic_notebook())[2]
    assert "widgets" not in nb.metadata
    assert not [c for c in nb.cells if "execution" in c.metadata]


def load_tool_ids(nb):
    tool.stable_cell_ids(nb)
    return [cell.id for cell in nb.cells]


def test_figures_are_the_same_pixels_and_bytes(two_runs):
    first, second, _ = two_runs
    for name in ("synthetic.ipynb", LESSON.name):
        png = [[o.data["image/png"] for c in nbformat.read(d / name, as_version=4).cells
                if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
               for d in (first, second)]
        assert png[0], f"{name} stores no figure"
        assert png[0] == png[1], f"{name}: a figure's PNG changed between two runs"


def test_refresh_timings_stores_the_fresh_numbers(two_runs, tmp_path):
    _, second, _ = two_runs
    path = tmp_path / "synthetic.ipynb"
    nb = nbformat.read(second / "synthetic.ipynb", as_version=4)
    nb.cells[5].outputs[0].text = "summing took 123456789.0 µs\n"   # an old, slow machine
    nbformat.write(nb, path)
    assert run_tool(path).returncode == 0
    assert outputs(path, 5)[0].text == "summing took 123456789.0 µs\n", "kept, numbers only"
    assert run_tool("--refresh-timings", path).returncode == 0
    assert outputs(path, 5)[0].text != "summing took 123456789.0 µs\n", "refreshed"


def test_a_memory_address_in_stored_text_is_pointed_out(tmp_path):
    shown = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("class Thing:\n    pass\nThing()"),
        nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nThing()"),   # marked: nbval skips it
        nbformat.v4.new_code_cell("Thing();")])
    nbformat.write(shown, tmp_path / "shown.ipynb")
    done = run_tool(tmp_path / "shown.ipynb")
    assert done.returncode == 0
    warnings = [line for line in done.stdout.splitlines() if "memory address" in line]
    assert len(warnings) == 1 and "code cell 1 " in warnings[0], done.stdout


def test_a_failing_notebook_is_left_unchanged_and_the_others_run(tmp_path):
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    nbformat.write(broken, tmp_path / "broken.ipynb")
    fine = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nbformat.write(fine, tmp_path / "fine.ipynb")
    stored = (tmp_path / "broken.ipynb").read_bytes()
    done = run_tool(tmp_path / "broken.ipynb", tmp_path / "fine.ipynb")
    assert done.returncode == 1
    assert "1 of 2 notebooks failed" in done.stderr and "ZeroDivisionError" in done.stderr
    assert (tmp_path / "broken.ipynb").read_bytes() == stored
    assert outputs(tmp_path / "fine.ipynb", 0)[0].text == "42\n"


# --- the pieces, without a kernel ---------------------------------------------------------------

def stream(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_merge_streams_joins_only_neighbours_of_one_name():
    figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    merged = tool.merge_streams([stream("a\n"), stream("b\n"), stream("!\n", "stderr"),
                                 stream("c\n"), figure, stream("d\n"), stream("e\n")])
    assert [(o.get("name"), o.get("text")) for o in merged] == [
        ("stdout", "a\nb\n"), ("stderr", "!\n"), ("stdout", "c\n"), (None, None),
        ("stdout", "d\ne\n")]


@pytest.mark.parametrize("old, new, same", [
    ("numpy 0.024 ms (  1.0×)\n", "numpy 0.031 ms ( 11.3×)\n", True),   # a timing moved
    ("took 7 ms\n", "took 1.5e-05 s\n", False),                         # the unit changed
    ("backend numpy\n", "backend torch\n", False),                      # the words changed
    ("took 7 ms\n", "took 7 ms\nwarning\n", False),                     # a line more
])
def test_masked_hides_numbers_only(old, new, same):
    assert (tool.masked([stream(old)]) == tool.masked([stream(new)])) is same


def test_masked_compares_widget_and_figure_data_exactly():
    def slider(value):
        return nbformat.v4.new_output("display_data", data={
            "text/plain": f"IntSlider(value={value})", WIDGET_MIME: {"model_id": ""}})
    assert tool.masked([slider(3)]) != tool.masked([slider(4)])


def test_stable_cell_ids_fill_missing_and_repair_duplicates_the_same_way_twice():
    def notebook():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                             nbformat.v4.new_code_cell("x = 1"),
                                             nbformat.v4.new_markdown_cell("same")])
        del nb.cells[0]["id"]
        del nb.cells[1]["id"]
        nb.cells[2].id = "kept-id"
        return nb
    ids = load_tool_ids(notebook())
    assert ids == load_tool_ids(notebook())
    assert ids[2] == "kept-id" and len(set(ids)) == 3
    twins = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a"),
                                            nbformat.v4.new_code_cell("b")])
    twins.cells[1].id = twins.cells[0].id
    assert len(set(load_tool_ids(twins))) == 2

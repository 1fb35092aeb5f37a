"""Hygiene of the stored notebooks: executed top to bottom, and built on the lesson skeleton.

nbval (run by `make test` over notebooks/) proves the stored outputs equal a fresh run; these
tests check what nbval does not: the order of execution and the shape of every lesson.
"""

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import editions  # noqa: E402
import execute_notebooks  # noqa: E402

NOTEBOOKS = sorted(Path(__file__).resolve().parent.parent.joinpath("notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if re.match(r"\d\d[a-z]?_", p.name)]
IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"])


def markdown(nb):
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def ids(paths):
    return [p.name for p in paths]


def test_there_are_notebooks():
    assert LESSONS and LESSONS[0].name.startswith("00_")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_stored_executed_top_to_bottom_without_errors(path):
    cells = code_cells(load(path))
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name} was not executed top to bottom on a fresh kernel: run `make execute "
        f"NB={path.relative_to(path.parent.parent)}`")
    errors = [o.get("ename") for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"{path.name} has error outputs {errors}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_stray_stderr_or_warnings(path):
    for cell in code_cells(load(path)):
        for out in cell["outputs"]:
            if out["output_type"] == "stream" and out["name"] == "stderr":
                pytest.fail(f"{path.name}: a cell wrote to stderr: {''.join(out['text'])[:200]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_ignore_marker_only_where_allowed(path):
    for cell in code_cells(load(path)):
        text = source(cell)
        if "NBVAL_IGNORE_OUTPUT" in text:
            first = text.splitlines()[0]
            # nbval silently ignores a marker with anything after it
            assert first == IGNORE_MARKER, f"{path.name}: marker must be alone: {first!r}"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_skeleton(path):
    nb = load(path)
    text = markdown(nb)
    first = source(nb["cells"][0])
    number = path.name.split("_")[0]
    assert first.startswith(f"# {number} · "), f"{path.name}: title '# {number} · …' first"
    assert re.search(r"\*\*Estimated time:\*\* \d+ minutes", text), "estimated time missing"
    assert re.search(r"(?i)you will|objectives", first), "learning objectives at the top"
    assert re.search(r"^## 1\. ", text, re.M), "numbered sections (## 1. …)"
    assert re.search(r"(?i)^## Summary", text, re.M), "a summary section"
    if number != "00":
        assert "**Previous:**" in text, "a link to the previous notebook"
    if path != LESSONS[-1]:
        assert "**Next:**" in text, "a link to the next notebook"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_at_least_two_exercises_each_with_checker_and_folded_solution(path):
    nb = load(path)
    found = editions.exercises(nb)      # raises if the three-cell pattern is broken
    assert len(found) >= 2, f"{path.name}: at least two exercises"
    for exercise in found:
        stub, check = (source(nb["cells"][i]) for i in (exercise.stub, exercise.check))
        assert "NotImplementedError" in stub, f"{path.name}: a stub raises NotImplementedError"
        assert re.match(r"check\.\w+\(", check), f"{path.name}: a check cell calls check.<name>"
        outputs = nb["cells"][exercise.check]["outputs"]
        printed = "".join("".join(o.get("text", "")) for o in outputs)
        assert printed.startswith("✗") and "not done yet" in printed, (
            f"{path.name}: the stored checker output should be the untouched stub's hint")
        assert source(nb["cells"][exercise.solution]).startswith('<details class="solution">')


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_every_solution_passes_its_checker(path):
    """Run the notebook with each stub replaced by its solution: every check cell prints ✓."""
    nb = editions.with_solutions(nbformat.reads(path.read_text(encoding="utf-8"), 4))
    execute_notebooks.run(nb, path.parent)
    for exercise in editions.exercises(nb):
        cell = nb.cells[exercise.check]
        printed = "".join(o.get("text", "") for o in cell.outputs)
        assert printed.startswith("✓"), f"{path.name}, {cell.source}: {printed[:300]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_randomness_is_seeded(path):
    code = "\n".join(source(c) for c in code_cells(load(path)))
    # the legacy global generator (np.random.rand, np.random.seed …) is not seeded per notebook
    legacy = re.findall(r"np\.random\.(?!default_rng)\w+", code)
    assert not legacy, f"{path.name}: use rng = np.random.default_rng(SEED), not {legacy}"
    if re.search(r"\btorch\.(rand|randn|randint|randperm|nn\.Linear)\b", code):
        assert "torch.manual_seed(" in code, f"{path.name}: torch randomness needs manual_seed"
    if "default_rng(" in code:
        assert not re.search(r"default_rng\(\s*\)", code), "default_rng() needs the seed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_relative_links_resolve(path):
    text = markdown(load(path))
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if re.match(r"[a-z]+:", target):      # http:, https:, mailto: …
            continue
        assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def test_readme_syllabus_lists_every_notebook_with_its_time():
    readme = (NOTEBOOKS[0].parent.parent / "README.md").read_text(encoding="utf-8")
    for path in LESSONS:
        first = source(load(path)["cells"][0])
        minutes = re.search(r"\*\*Estimated time:\*\* (\d+) minutes", first).group(1)
        row = re.search(rf"^\|.*\(notebooks/{re.escape(path.name)}\).*\| (\d+) min \|$",
                        readme, re.M)
        assert row, f"README syllabus has no row for {path.name}"
        assert row.group(1) == minutes, f"{path.name}: {minutes} min in the notebook, " \
                                        f"{row.group(1)} in the README"

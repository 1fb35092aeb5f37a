"""The static HTML handout (`make html`): complete, and silent on the network when opened.

The export runs once into a temporary folder, as `make html` runs it. Then every page is
opened in headless Chromium with every request that is not a local file aborted and
recorded: there must be none, the maths must be typeset by the local MathJax, every figure
must load, and the links between pages must resolve. Screenshots go to artifacts/html/.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "html"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
EXPORT_TIMEOUT = 300   # s
PAGE_TIMEOUT = 60_000  # ms

# a tag that the browser fetches by itself, pointing at http(s) or a protocol-relative URL
FETCHING_TAG = re.compile(
    r"""<(script|link|img|iframe|embed|source|audio|video)\b[^>]*?\b(src|href)\s*=\s*"""
    r"""["']?\s*(https?:)?//""", re.I)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def first_title(path):
    first = "".join(next(c for c in load(path)["cells"] if c["cell_type"] == "markdown")["source"])
    return re.search(r"^#\s+(.+?)\s*$", first, re.M).group(1)


def count_outputs(path, mime):
    return sum(mime in o.get("data", {}) for c in load(path)["cells"] if c["cell_type"] == "code"
               for o in c.get("outputs", []))


def count_solutions(path):
    return sum("solution" in c.get("metadata", {}).get("tags", [])
               for c in load(path)["cells"] if c["cell_type"] == "markdown")


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "export_html.py"), "--out",
                          str(out)], capture_output=True, text=True, timeout=EXPORT_TIMEOUT,
                         cwd=ROOT, stdin=subprocess.DEVNULL)
    if run.returncode == 2 and "MathJax 3 not found" in run.stderr:
        # the same rule as a missing browser (conftest.missing_tool): skip here, fail on CI
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(run.stderr.strip(), pytrace=False)
        pytest.skip(run.stderr.strip())
    assert run.returncode == 0, f"export failed:\n{run.stdout}\n{run.stderr}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    return out


def test_every_notebook_has_a_page_and_the_index_lists_them_in_order(handout):
    index = (handout / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="notebook" href="([^"]+)">([^<]+)</a>', index)
    assert [href for href, _ in links] == [f"{p.stem}.html" for p in NOTEBOOKS]
    for (href, text), path in zip(links, NOTEBOOKS, strict=True):
        assert (handout / href).is_file(), f"index links to missing {href}"
        assert text == first_title(path).replace("&", "&amp;")
    assert (handout / "mathjax" / "tex-svg-full.js").is_file()


def test_no_page_fetches_from_the_internet(handout):
    for page in [handout / "index.html", *sorted(handout.glob("[!i]*.html"))]:
        text = page.read_text(encoding="utf-8")
        hits = [m.group(0)[:120] for m in FETCHING_TAG.finditer(text)]
        assert not hits, f"{page.name} fetches from the internet: {hits}"
        assert "cdn" not in " ".join(re.findall(r"<script[^>]*>", text)).lower()


def test_widgets_are_notes_and_solutions_are_folded(handout):
    for path in NOTEBOOKS:
        text = (handout / f"{path.stem}.html").read_text(encoding="utf-8")
        assert WIDGET_MIME not in text, f"{path.name}: a widget view is left in the page"
        assert text.count('<p class="widget-note">') == count_outputs(path, WIDGET_MIME)
        assert text.count('<details class="solution">') == count_solutions(path)
        assert "NBVAL_IGNORE_OUTPUT" not in text


@pytest.mark.parametrize("name", ["index", "README"] + [p.stem for p in NOTEBOOKS])
def test_page_reads_well_offline(name, handout, chromium):
    page_path = handout / f"{name}.html"
    notebook = name not in ("index", "README")
    has_math = notebook and re.search(
        r"\$[^$]+\$", " ".join("".join(c["source"]) for c in load(
            ROOT / "notebooks" / f"{name}.ipynb")["cells"] if c["cell_type"] == "markdown"))
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT)
    outside, errors = [], []

    def only_local_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local_files)
    page.on("pageerror", lambda error: errors.append(f"JavaScript error: {error}"))
    page.on("console", lambda message: errors.append(f"console error: {message.text}")
            if message.type == "error" else None)
    try:
        page.goto(page_path.as_uri(), wait_until="load")
        if has_math:
            page.wait_for_function("window.MathJax?.startup?.promise", timeout=PAGE_TIMEOUT)
            page.evaluate("MathJax.startup.promise")   # resolves when typesetting is done
        facts = page.evaluate("""() => ({
            math: document.querySelectorAll('mjx-container').length,
            mathErrors: document.querySelectorAll('mjx-merror').length,
            rawMath: [...document.querySelectorAll('.jp-MarkdownOutput')]
                       .map(e => e.innerText).filter(t => /\\$\\$|\\\\frac|\\\\sum/.test(t)),
            images: [...document.images].map(i => ({src: i.src.slice(0, 60),
                                                    ok: i.complete && i.naturalWidth > 0})),
            links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
            openSolutions: document.querySelectorAll('details.solution[open]').length,
        })""")
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
        if notebook:
            page.screenshot(path=ARTIFACTS / f"{name}-top.png")
    finally:
        context.close()

    assert not outside, f"{name}.html asked the network for {outside}"
    assert not errors, f"{name}.html: " + "\n".join(errors)
    if has_math:
        assert facts["math"] > 0, f"{name}.html: no formula was typeset"
        assert facts["mathErrors"] == 0, f"{name}.html: {facts['mathErrors']} TeX errors"
        assert not facts["rawMath"], f"{name}.html: raw TeX left: {facts['rawMath'][0][:200]}"
    broken = [i["src"] for i in facts["images"] if not i["ok"]]
    assert not broken, f"{name}.html: images that did not load: {broken}"
    if notebook:
        figures = count_outputs(ROOT / "notebooks" / f"{name}.ipynb", "image/png")
        assert len(facts["images"]) >= figures, f"{name}.html shows fewer figures than stored"
    assert facts["openSolutions"] == 0, "solutions must start folded"
    for href in facts["links"]:
        target = href.split("#")[0]
        if target and not re.match(r"[a-z]+:", target):   # a relative link to another page
            assert (handout / target).is_file(), f"{name}.html links to missing {href}"


# --- the classroom editions (`make html`: build/html/teacher and build/html/student) --------
# Printed through Chromium in tests/test_print.py; here the pages' text, for one lesson.

@pytest.fixture(scope="module")
def editions_of_one_lesson(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "tools"))
    import export_html

    mathjax = export_html.find_mathjax()
    if mathjax is None:
        pytest.skip("MathJax 3 not found (django-static-mathjax)")
    lesson = next(p for p in NOTEBOOKS if count_solutions(p))
    pages = {}
    for edition in export_html.EDITIONS:
        out = tmp_path_factory.mktemp(edition)
        entries, problems = export_html.export([lesson], out, mathjax, edition)
        assert not problems
        pages[edition] = (out / f"{lesson.stem}.html").read_text(encoding="utf-8")
    return lesson, pages


def test_teacher_opens_every_solution_and_student_has_none(editions_of_one_lesson):
    lesson, pages = editions_of_one_lesson
    solutions = count_solutions(lesson)
    assert pages["self-study"].count('<details class="solution">') == solutions
    assert pages["teacher"].count('<details class="solution" open>') == solutions
    assert "<details" not in pages["student"]
    assert "(try the exercise first)" not in pages["student"]


def test_every_edition_carries_the_print_rules(editions_of_one_lesson):
    lesson, pages = editions_of_one_lesson
    figures = count_outputs(lesson, "image/png")
    for edition, text in pages.items():
        assert "@media print" in text and "@page" in text, edition
        # each figure knows its own size, so print can keep its text readable
        assert text.count("data-natural-width=") == figures, edition

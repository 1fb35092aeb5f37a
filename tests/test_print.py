"""The handouts on paper: `make html`'s teacher and student editions printed to A4 by Chromium.

Each page is opened with print media emulated, at the width of an A4 page's text (portrait,
tools/export_html.PORTRAIT_WIDTH CSS px), and measured:

- no code block or text output is wider than its box (scrollWidth <= clientWidth for every
  pre) and nothing sticks out to the right of the page;
- every figure prints at MIN_FIGURE_SCALE of its own size or more (10 pt figure text stays
  >= 8 pt); a figure too wide for a portrait page is measured on the landscape page it gets;
- the teacher's solutions are open (printed), the student's do not exist.

Then the page is printed to PDF (A4, the page's own @page rules) and the PDF's pages are
counted; the counts are in the session summary and in artifacts/print/pages.txt, with the
PDFs and a PNG of one printed page per handout.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import export_html  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "print"
EXPORT_TIMEOUT = 600   # s
PAGE_TIMEOUT = 60_000  # ms
PAGE_COUNTS = {}       # (edition, notebook) -> (pages, landscape pages)

MEASURE = """(width) => {
  const pres = [...document.querySelectorAll('pre')].filter(p => p.offsetParent !== null);
  const wide = pres.filter(p => p.scrollWidth > p.clientWidth + 1)
                   .map(p => p.innerText.slice(0, 80));
  const beyond = [...document.querySelectorAll('.jp-Cell *')]
      .filter(e => e.offsetParent !== null && !e.closest('.print-wide') &&
                   !e.classList.contains('print-wide') &&
                   e.getBoundingClientRect().right > width + 1)
      .map(e => e.tagName + '.' + e.className + ': ' + (e.innerText || '').slice(0, 60));
  const figures = [...document.querySelectorAll('img[data-natural-width]')].map(i => ({
      natural: +i.dataset.naturalWidth, shown: i.getBoundingClientRect().width,
      wide: i.classList.contains('print-wide')}));
  return {pres: pres.length, wide, beyond: beyond.slice(0, 5), figures,
          scroll: document.documentElement.scrollWidth,
          solutions: document.querySelectorAll('details.solution').length,
          open: document.querySelectorAll('details.solution[open]').length};
}"""


def count_pages(pdf):
    """(pages, landscape pages) of a PDF that Chromium wrote."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    landscape = sum(float(w) > float(h) for w, h in boxes)
    return pages, landscape


@pytest.fixture(scope="module", params=["teacher", "student"])
def handout(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "export_html.py"), "--edition",
                          request.param, "--out", str(out)], capture_output=True, text=True,
                         timeout=EXPORT_TIMEOUT, cwd=ROOT, stdin=subprocess.DEVNULL)
    if run.returncode == 2 and "MathJax 3 not found" in run.stderr:
        pytest.skip(run.stderr.strip())
    assert run.returncode == 0, f"export failed:\n{run.stdout}\n{run.stderr}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return request.param, out


def measure(browser, path, width):
    context = browser.new_context(viewport={"width": width, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT)
    page.emulate_media(media="print")
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("window.MathJax?.startup?.promise", timeout=PAGE_TIMEOUT)
    page.evaluate("MathJax.startup.promise")
    return context, page, page.evaluate(MEASURE, width)


@pytest.mark.parametrize("name", [p.stem for p in NOTEBOOKS])
def test_printed_page_fits_a4(name, handout, chromium, summary):
    edition, folder = handout
    portrait = export_html.PORTRAIT_WIDTH
    context, page, facts = measure(chromium, folder / f"{name}.html", portrait)
    try:
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        if name == "03_gradient_descent":
            (ARTIFACTS / f"{edition}-{name}.pdf").write_bytes(pdf)
            page.screenshot(path=ARTIFACTS / f"{edition}-{name}-print.png", full_page=False)
    finally:
        context.close()
    pages, landscape_pages = count_pages(pdf)
    PAGE_COUNTS[edition, name] = (pages, landscape_pages)
    summary("printed handouts (A4 pages; landscape pages for wide figures)").append(
        f"{edition:8s} {name:32s} {pages:3d} pages ({landscape_pages} landscape)")
    with (ARTIFACTS / "pages.txt").open("a", encoding="utf-8") as log:
        log.write(f"{edition} {name} {pages} {landscape_pages}\n")

    assert not facts["wide"], f"{name}: code or text runs off its box: {facts['wide'][:3]}"
    assert not facts["beyond"], f"{name}: wider than the A4 text width: {facts['beyond']}"
    assert facts["scroll"] <= portrait + 1, f"{name}: the page scrolls sideways in print"
    assert pages >= 1
    narrow = [f for f in facts["figures"] if not f["wide"]]
    for figure in narrow:
        assert figure["shown"] >= export_html.MIN_FIGURE_SCALE * figure["natural"] - 1 or \
            figure["natural"] * export_html.MIN_FIGURE_SCALE > portrait, figure
    if any(f["wide"] for f in facts["figures"]):
        assert landscape_pages >= 1, f"{name}: a wide figure did not get a landscape page"
    if edition == "teacher":
        assert facts["open"] == facts["solutions"]
    else:
        assert facts["solutions"] == 0


def test_wide_figures_keep_their_text_on_a_landscape_page(handout, chromium):
    """The figures marked print-wide, measured at the width of a landscape page's text: each
    prints at MIN_FIGURE_SCALE of its own size or more, so its 10 pt text stays >= 8 pt. A
    figure wider than that (over LANDSCAPE_WIDTH / MIN_FIGURE_SCALE CSS px, about 1360 px at
    100 dpi) fails here: make it narrower (figsize, fewer columns, two rows)."""
    edition, folder = handout
    landscape = export_html.LANDSCAPE_WIDTH
    for path in NOTEBOOKS:
        html = (folder / f"{path.stem}.html").read_text(encoding="utf-8")
        if "print-wide" not in html:
            continue
        context, _, facts = measure(chromium, folder / f"{path.stem}.html", landscape)
        context.close()
        for figure in (f for f in facts["figures"] if f["wide"]):
            scale = figure["shown"] / figure["natural"]
            assert scale >= export_html.MIN_FIGURE_SCALE - 1e-3, (
                f"{path.stem}: a figure {figure['natural'] * 100 / 96:.0f} px wide at 100 dpi "
                f"prints at {scale:.2f} of its size on a landscape page (its 10 pt text at "
                f"{10 * scale:.1f} pt); make it at most "
                f"{landscape / export_html.MIN_FIGURE_SCALE * 100 / 96:.0f} px wide", figure)

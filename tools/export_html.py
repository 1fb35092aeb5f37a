"""Export the notebooks as a static HTML handout that reads well offline.

    python tools/export_html.py --edition teacher --out build/html/teacher   # `make html`
    python tools/export_html.py --edition student --out build/html/student   # `make html`
    python tools/export_html.py --out build/html/self-study    # solutions folded (default)

Three editions of the same pages: ``self-study`` (each solution folded, one click to open),
``teacher`` (every solution open, so it is printed) and ``student`` (no solutions at all: the
notebooks' student edition, tools/editions.py).

Writes ``index.html`` (the syllabus: one link per notebook, in order, with the titles and
estimated times read from each notebook's first cell) and one page per notebook, with

- maths typeset by a LOCAL copy of MathJax 3 (``mathjax/tex-svg-full.js``: one file, fonts
  included as SVG paths), taken from the ``django-static-mathjax`` package (plain MathJax
  files, no Django needed) or from ``--mathjax PATH``;
- the stored figures embedded as PNG data;
- each live widget replaced by a short note (the static figure above it carries the lesson);
- solutions folded (each is a markdown cell holding a ``<details>`` element), and links
  between notebooks pointing at the HTML pages.

Printing (A4): code and text outputs wrap at spaces and punctuation, never run off the page;
a figure prints at its own size when that fits, and is never shrunk below MIN_FIGURE_SCALE of it
(so 10 pt figure text stays >= 8 pt): a figure too wide for a portrait page gets a landscape
page of its own; widget notes and figures are never cut across pages.

Nothing is fetched from the internet, neither now nor when a page is opened: nbconvert's
require.js, CDN MathJax, widget manager and mermaid scripts are left out, and the export
fails if any script, stylesheet or image would still come from http(s).
"""

import argparse
import base64
import html
import importlib.util
import json
import re
import shutil
import struct
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import editions  # noqa: E402

EDITIONS = ("self-study", "teacher", "student")
# A4 in CSS px (96 per inch): the page, and the text width inside the print margins
MM = 96 / 25.4
PORTRAIT_MARGIN_MM, LANDSCAPE_MARGIN_MM = 12, 10
PORTRAIT_WIDTH = round((210 - 2 * PORTRAIT_MARGIN_MM) * MM)      # 703 px
LANDSCAPE_WIDTH = round((297 - 2 * LANDSCAPE_MARGIN_MM) * MM)    # 1047 px
# Figures print at their own size (figsize, at 96 CSS px per inch) when it fits and never
# below this share of it: the lessons' smallest figure text (10 pt) stays >= 8 pt.
MIN_FIGURE_SCALE = 0.8
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
MATHJAX_FILE = "tex-svg-full.js"
WIDGET_NOTE = ('<p class="widget-note"><strong>Interactive in JupyterLab:</strong> '
               'open this notebook in JupyterLab to move the sliders. The figure above shows '
               'the explorer&rsquo;s starting position.</p>')

MATHJAX_CONFIG = r"""<script>
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\(', '\\)']], displayMath: [['$$', '$$'], ['\\[', '\\]']],
        processEscapes: true, processEnvironments: true, tags: 'ams'},
  svg: {fontCache: 'global'},
  options: {enableMenu: false}
};
</script>
<script defer src="mathjax/tex-svg-full.js"></script>"""

STYLE = """<style>
.handout-nav { margin: 12px 0 0 100px; font-family: var(--jp-ui-font-family);
                font-size: 14px; }
.handout-nav a { text-decoration: none; }
details.solution { margin: 6px 0 6px 0; border-left: 4px solid #009E73; padding-left: 6px; }
details.solution > summary { cursor: pointer; color: #006b4f; font-weight: 600;
                             font-family: var(--jp-ui-font-family); font-size: 14px;
                             padding: 4px 0 4px 64px; }
.widget-note { border: 1px dashed #0072B2; background: #eef6fb; padding: 6px 10px;
               margin: 4px 0; border-radius: 4px; }
@page { size: A4; margin: PORTRAIT_MARGINmm; }
@page wide { size: A4 landscape; margin: LANDSCAPE_MARGINmm; }
@media print {
  body, body.jp-Notebook, .jp-Notebook { margin: 0 !important; padding: 0 !important;
                                         width: auto !important; }
  .handout-nav, .jp-InputPrompt, .jp-OutputPrompt, .jp-Collapser { display: none !important; }
  .jp-Cell { padding: 2px 0 !important; }
  .jp-Cell-inputWrapper, .jp-Cell-outputWrapper, .jp-InputArea, .jp-OutputArea-child,
  .jp-InputArea-editor, .jp-OutputArea-output { min-width: 0 !important;
                                                max-width: 100% !important; }
  /* code and text outputs wrap at spaces and punctuation (spaces wrap too, none hangs past
     the edge); a token longer than the line is the only thing broken inside */
  pre, code, .highlight pre, .jp-OutputArea-output pre {
    white-space: break-spaces !important; word-break: normal !important;
    overflow-wrap: anywhere !important; overflow: visible !important; }
  .jp-InputArea-editor { overflow: visible !important; }
  .jp-RenderedImage img { display: block; width: var(--print-width, auto);
                          max-width: 100% !important; height: auto !important; }
  .jp-RenderedImage img.print-wide { page: wide; }
  .jp-RenderedImage, .jp-RenderedImage img, .widget-note, details.solution > summary,
  mjx-container[display="true"] { break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; }
  details.solution { break-inside: auto; }
  details.solution > summary { padding-left: 0; list-style: none; }
  mjx-container[display="true"] { max-width: 100%; overflow: hidden; }
  table { max-width: 100%; }
}
</style>""".replace("PORTRAIT_MARGIN", str(PORTRAIT_MARGIN_MM)).replace(
    "LANDSCAPE_MARGIN", str(LANDSCAPE_MARGIN_MM))

# Extends nbconvert's "lab" page: drop every script that would come from a CDN, add the
# local MathJax. Solutions are markdown cells that fold themselves (<details class="solution">).
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
""" + MATHJAX_CONFIG + """
{%- endblock html_head_js_mathjax -%}
{%- block extra_css -%}
""" + STYLE + """
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="handout-nav"><a href="index.html">&larr; All notebooks</a></nav>
{%- endblock body_header -%}
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 760px;
       margin: 40px auto; padding: 0 16px; line-height: 1.5; color: #222; }}
ol.syllabus {{ padding-left: 0; list-style: none; }}
.syllabus li {{ margin: 10px 0; display: flex; justify-content: space-between; gap: 16px;
      border-bottom: 1px solid #e6e6e6; padding-bottom: 8px; }}
a {{ color: #0072B2; text-decoration: none; }}
.syllabus a {{ font-size: 18px; }}
pre {{ background: #f5f5f5; padding: 8px; overflow-x: auto; }}
table {{ border-collapse: collapse; }}
th, td {{ padding: 4px 10px; border-bottom: 1px solid #e6e6e6; text-align: left; }}
a.anchor-link {{ display: none; }}
.time {{ color: #666; white-space: nowrap; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""

INDEX = """<h1>{title}</h1>
<p>Work through the notebooks in this order. Each page is a static copy of a notebook with its
stored outputs; the sliders move when the notebooks run in JupyterLab
(<a href="README.html">README</a>: how to install and start it).</p>
<ol class="syllabus">
{items}
</ol>
<p class="time">In all, about {total} minutes.</p>
"""


def find_mathjax(explicit=None):
    """Path of MathJax 3's tex-svg-full.js, or None."""
    if explicit:
        path = Path(explicit)
        return path if path.is_file() else None
    spec = importlib.util.find_spec("mathjax")   # the django-static-mathjax package
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            path = Path(location) / "static" / "mathjax" / "es5" / MATHJAX_FILE
            if path.is_file():
                return path
    return None


def png_size(data):
    """(width px, dots per inch) of a PNG (bytes); 100 dpi, matplotlib's inline default, when
    the PNG does not say."""
    width = struct.unpack(">I", data[16:20])[0]
    found = data.find(b"pHYs")
    dpi = 100.0
    if found > 0:
        per_x, _, unit = struct.unpack(">IIB", data[found + 4:found + 13])
        if unit == 1 and per_x:
            dpi = per_x * 0.0254
    return width, dpi


IMG_PNG = re.compile(r'<img\b([^>]*?)\bsrc="data:image/png;base64,([^"]+)"([^>]*)>')


def print_sizes(page):
    """Give every embedded figure its print width: its own size at 96 CSS px per inch, capped
    by the page; a figure that would shrink below MIN_FIGURE_SCALE on a portrait page gets
    the class print-wide (a landscape page of its own)."""
    def size(match):
        try:
            # the header chunks (size, pHYs) are in the first few hundred bytes
            width, dpi = png_size(base64.b64decode(match.group(2)[:4000]))
        except (ValueError, struct.error):
            return match.group(0)
        natural = width * 96 / dpi
        wide = natural * MIN_FIGURE_SCALE > PORTRAIT_WIDTH
        attributes = (f' data-natural-width="{natural:.1f}" style="--print-width: '
                      f'{natural:.1f}px"' + (' data-print-wide="1"' if wide else ""))
        before = match.group(1)
        if wide:
            before = (re.sub(r'\bclass="([^"]*)"', r'class="\1 print-wide"', before)
                      if 'class="' in before else before + ' class="print-wide"')
        return f'<img{before}{attributes} src="data:image/png;base64,{match.group(2)}"' \
               f'{match.group(3)}>'
    return IMG_PNG.sub(size, page)


def first_cell_facts(nb, fallback):
    """(title, minutes) from the first markdown cell: '# 03 · Gradient descent', '**Estimated
    time:** 40 minutes'."""
    text = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = re.search(r"^#\s+(.+?)\s*$", text, re.M)
    minutes = re.search(r"\*\*Estimated time:\*\*\s*(\d+)\s*minutes", text)
    return (title.group(1) if title else fallback), (int(minutes.group(1)) if minutes else None)


def prepare(nb):
    """The notebook as a reader of the handout should see it (changes nb in place)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.split("\n")
        if lines and lines[0].strip() == IGNORE_MARKER:   # a testing detail, not the lesson
            cell.source = "\n".join(lines[1:])
        outputs = []
        for output in cell.outputs:
            if WIDGET_MIME in output.get("data", {}):
                output = nbformat.v4.new_output("display_data", data={"text/html": WIDGET_NOTE})
            outputs.append(output)
        cell.outputs = outputs
    return nb


class _References(HTMLParser):
    """Every URL that a browser would fetch by itself: script/img/iframe/... src and
    stylesheet href (plain <a href> links are only followed when clicked)."""

    FETCHED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("embed", "src"),
               ("source", "src"), ("audio", "src"), ("video", "src"), ("object", "data"),
               ("link", "href")}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in self.FETCHED and value:
                self.urls.append(value)


def external_fetches(page):
    """The http(s) URLs a browser would fetch on opening this HTML (should be none)."""
    parser = _References()
    parser.feed(page)
    urls = list(parser.urls)
    urls += re.findall(r"""url\(\s*['"]?(https?:[^'")\s]+)""", page)       # CSS url(...)
    urls += re.findall(r"""@import\s+['"](https?:[^'"]+)""", page)        # CSS @import
    return [u for u in urls if re.match(r"(?i)\s*(https?:)?//", u)]


def local_links(page):
    """Links to notebooks (and to the README) point at their pages in the handout."""
    page = re.sub(r'href="(?:notebooks/)?([^":/#]+)\.ipynb(#[^"]*)?"',
                  lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', page)
    return re.sub(r'href="(?:\.\./)?README\.md(#[^"]*)?"',
                  lambda m: f'href="README.html{m.group(1) or ""}"', page)


def write_readme(out, title):
    """README.md as README.html: how to install and run the notebooks. Links to files of the
    repository that are not in the handout keep their text only."""
    from nbconvert.filters import markdown2html

    body = local_links(markdown2html((ROOT / "README.md").read_text(encoding="utf-8")))

    def keep_if_present(match):
        target = match.group(1).split("#")[0]
        return match.group(0) if not target or (out / target).is_file() else match.group(2)

    body = re.sub(r'<a href="(?![a-z]+:)([^"]*)"[^>]*>(.*?)</a>', keep_if_present, body,
                  flags=re.S)
    def alt_text(match):
        alt = re.search(r'\balt="([^"]*)"', match.group(0))
        return alt.group(1) if alt else ""

    # images from the web (badges) would be fetched on opening: keep their alt text only
    body = re.sub(r'<img\b[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>', alt_text, body)
    page = PAGE.format(title=html.escape(title), body=body)
    (out / "README.html").write_text(page, encoding="utf-8")
    return page


def read_edition(path, edition):
    """The notebook of one edition: the student edition has no solution cells."""
    if edition == "student":
        data = editions.student_edition(json.loads(path.read_text(encoding="utf-8")))
        return nbformat.reads(json.dumps(data), as_version=4)
    return nbformat.read(path, as_version=4)


def open_solutions(page):
    """The teacher's edition: every solution unfolded (on screen and so on paper)."""
    return page.replace('<details class="solution">', '<details class="solution" open>')


def export(notebooks, out, mathjax, edition="self-study"):
    out.mkdir(parents=True, exist_ok=True)
    (out / "mathjax").mkdir(exist_ok=True)
    shutil.copyfile(mathjax, out / "mathjax" / MATHJAX_FILE)
    license_file = mathjax.parent.parent / "LICENSE"
    if license_file.is_file():
        shutil.copyfile(license_file, out / "mathjax" / "LICENSE")
    exporter = HTMLExporter(template_name="lab", template_file="handout.html.j2",
                            extra_loaders=[DictLoader({"handout.html.j2": TEMPLATE})],
                            embed_images=True)
    entries, problems = [], []
    for path in notebooks:
        nb = prepare(read_edition(path, edition))
        title, minutes = first_cell_facts(nb, path.stem)
        nb.metadata["title"] = title
        page, _ = exporter.from_notebook_node(
            nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
        page = print_sizes(local_links(page))
        if edition == "teacher":
            page = open_solutions(page)
        problems += [f"{path.name}: {url}" for url in external_fetches(page)]
        (out / f"{path.stem}.html").write_text(page, encoding="utf-8")
        entries.append((path.stem, title, minutes))
    items = "\n".join(
        f'<li><a class="notebook" href="{stem}.html">{html.escape(title)}</a>'
        f'<span class="time">{f"{minutes} min" if minutes else ""}</span></li>'
        for stem, title, minutes in entries)
    readme = ROOT / "README.md"
    heading = re.search(r"^#\s+(.+?)\s*$", readme.read_text(encoding="utf-8"), re.M) \
        if readme.is_file() else None
    title = heading.group(1) if heading else "Logistic regression"
    if readme.is_file():
        problems += [f"README.md: {url}" for url in external_fetches(write_readme(out, title))]
    index = PAGE.format(title=html.escape(title), body=INDEX.format(
        title=html.escape(title), items=items, total=sum(m or 0 for _, _, m in entries)))
    problems += [f"index: {url}" for url in external_fetches(index)]
    (out / "index.html").write_text(index, encoding="utf-8")
    return entries, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html",
                        help="output folder (default: build/html)")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks",
                        help="folder of the .ipynb files (default: notebooks/)")
    parser.add_argument("--edition", choices=EDITIONS, default="self-study",
                        help="self-study: solutions folded (default); teacher: solutions open "
                             "(printed); student: no solutions")
    parser.add_argument("--mathjax", help="path of MathJax 3's es5/tex-svg-full.js "
                        "(default: the one in the django-static-mathjax package)")
    args = parser.parse_args(argv)
    mathjax = find_mathjax(args.mathjax)
    if mathjax is None:
        print("MathJax 3 not found: `pip install django-static-mathjax` (plain MathJax files, "
              "installed once; nothing is downloaded when the pages are opened), or pass "
              "--mathjax PATH/es5/tex-svg-full.js", file=sys.stderr)
        return 2
    notebooks = sorted(args.notebooks.glob("*.ipynb"))
    if not notebooks:
        print(f"no notebooks in {args.notebooks}", file=sys.stderr)
        return 2
    entries, problems = export(notebooks, args.out, mathjax, args.edition)
    if problems:
        print("these pages would fetch from the internet:\n  " + "\n  ".join(problems),
              file=sys.stderr)
        return 1
    print(f"wrote {args.out / 'index.html'} and {len(entries)} notebook pages, {args.edition} "
          f"edition "
          f"(MathJax from {mathjax})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The explorers in a real JupyterLab, driven by a real (headless) Chromium.

One `jupyter lab` serves a temporary copy of notebooks/ (running cells in the browser must not
touch the committed, nbval-checked notebooks). For every notebook whose stored outputs hold a
widget, a fresh page opens it, clears the outputs, runs all cells from the Run menu and waits
for the status bar's "| Idle". Then, for every explorer on the page: each slider renders with
its whole label visible, and each arrow-key press on a slider handle swaps in a new figure.
The time from key press to the new image being loaded is reported (not asserted) at the end
of the pytest run and in artifacts/browser/latency.txt; screenshots land in the same folder.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "artifacts" / "browser"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PRESSES_PER_SLIDER = 4     # right, left, right, left (or the mirror image at the maximum)
LATENCY_GOAL_MS = 250
SUMMARY_TITLE = ("explorer latency in JupyterLab: key press -> new figure "
                 f"(goal <= {LATENCY_GOAL_MS} ms)")

SERVER_START_TIMEOUT = 120     # s, `jupyter lab` answering on its port
PAGE_TIMEOUT = 60_000          # ms, one Playwright action or wait
RUN_ALL_TIMEOUT = 240_000      # ms, opening the notebook and running every cell
FIGURE_TIMEOUT = 20_000        # ms, one slider move to its new figure


def widget_views(path):
    """How many widget views the notebook's stored outputs display."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return sum(WIDGET_MIME in output.get("data", {})
               for cell in notebook["cells"] if cell["cell_type"] == "code"
               for output in cell.get("outputs", []))


WIDGET_NOTEBOOKS = {p.name: n for p in sorted(NOTEBOOKS.glob("*.ipynb"))
                    if (n := widget_views(p))}


# --- the JupyterLab server ------------------------------------------------------------------

# Written to the server's own settings folder: no autosave (the copy is thrown away anyway),
# every cell rendered even off screen (windowing would leave widgets unattached), and no
# news/update checks (there is no internet, and their toast would cover the notebook).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    def __init__(self, base_url, token):
        self.base_url, self.token = base_url, token

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base_url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, notebook, workspace):
        # a fresh workspace per page, so JupyterLab does not reopen earlier notebooks
        return (f"{self.base_url}/lab/workspaces/{quote(workspace)}/tree/{quote(notebook)}"
                f"?reset&token={self.token}")

    def shut_down_kernels(self):
        """Two cores: a finished notebook's kernel must not keep running beside the next."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """`jupyter lab` on 127.0.0.1, a free port and a random token, serving a copy of notebooks/;
    stopped by its own PID when the module's tests are done (also when they fail)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in [*ARTIFACTS.glob("*.png"), *ARTIFACTS.glob("*-console.txt")]:
        old.unlink()
    home = tmp_path_factory.mktemp("lab")
    served = home / "notebooks"
    shutil.copytree(NOTEBOOKS, served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = home / "settings"
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={served}", f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={home / 'workspaces'}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    env.pop("MPLBACKEND", None)   # with Agg, plt.show() would leave the kernels' figures empty
    log_path = ARTIFACTS / "jupyter-lab.log"
    log = log_path.open("w", encoding="utf-8")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env, cwd=home)
    try:
        server = Lab(f"http://127.0.0.1:{port}", token)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyter lab exited with code {process.returncode}; see {log_path}")
            try:
                server.api("status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer in {SERVER_START_TIMEOUT} s; "
                                f"see {log_path}")
                time.sleep(0.5)
        yield server
        server.shut_down_kernels()
    finally:
        stop(process)
        log.close()


# --- in-page helpers --------------------------------------------------------------------------

# Resolves to {done: true} once every visible code cell shows an execution count, no cell
# waits ("[*]"), all expected widget views are rendered and the status bar has said "| Idle"
# for a whole second (the kernel is briefly idle between cells, so one sighting is not
# enough); or to {error} as soon as a cell prints a traceback or to stderr.
RUN_FINISHED = """([expected]) => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!notebook) return false;
  const stderr = notebook.querySelector('[data-mime-type="application/vnd.jupyter.stderr"]');
  const status = document.querySelector('#jp-main-statusbar')?.innerText ?? '';
  const idle = /\\| Idle/.test(status);
  if (stderr && idle) return {error: stderr.innerText.slice(0, 2000)};
  const prompts = [...notebook.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .map(e => e.textContent.trim());
  const views = notebook.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
  const ok = idle && prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t))
    && views >= expected;
  const now = performance.now();
  if (!ok) { window.__finishedSince = null; return false; }
  window.__finishedSince ??= now;
  return now - window.__finishedSince > 1000 ? {done: true} : false;
}"""

# Before a key press: remember the figure (its bytes' SHA-256) and arm a MutationObserver on
# the <img>; window.__figure then resolves with the time from the keydown to the new image
# being loaded, and the new image's hash.
ARM_FIGURE = """async (img, timeoutMs) => {
  const digest = async (url) => {
    const bytes = await (await fetch(url)).arrayBuffer();
    const hash = await crypto.subtle.digest('SHA-256', bytes);
    return [...new Uint8Array(hash)].map(b => b.toString(16).padStart(2, '0')).join('');
  };
  const oldSrc = img.src, oldHash = await digest(oldSrc);
  let pressed = null;
  document.addEventListener('keydown', () => { pressed = performance.now(); },
                            {capture: true, once: true});
  window.__figure = new Promise((resolve) => {
    const timer = setTimeout(() => resolve({timeout: true}), timeoutMs);
    const observer = new MutationObserver(() => {
      if (img.src === oldSrc) return;
      observer.disconnect();
      const swapped = performance.now();
      const done = async () => {
        const loaded = performance.now();
        clearTimeout(timer);
        resolve({swapMs: swapped - pressed, loadMs: loaded - pressed,
                 changed: (await digest(img.src)) !== oldHash, width: img.naturalWidth});
      };
      if (img.complete && img.naturalWidth) done();
      else img.addEventListener('load', done, {once: true});
    });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
  });
}"""


def harmless(message):
    """Console errors that say nothing about the notebooks (keep this list short)."""
    text = message.text
    # Chromium asks for /favicon.ico on every page; a 404 there is not our problem.
    return "favicon" in text.lower()


def slug(text):
    return re.sub(r"\W+", "_", text).strip("_") or "slider"


def menu(page, top, item):
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.get_by_role("menuitem", name=re.compile(f"^{re.escape(item)}")).click()


def move_slider(page, img, handle, key):
    img.evaluate(ARM_FIGURE, FIGURE_TIMEOUT)
    handle.focus()
    page.keyboard.press(key)
    return page.evaluate("window.__figure")


# --- the test ---------------------------------------------------------------------------------

def test_there_is_a_widget_notebook():
    assert WIDGET_NOTEBOOKS, "no notebook displays a widget: 00_start_here.ipynb should"


@pytest.mark.parametrize("name", list(WIDGET_NOTEBOOKS))
def test_explorers_work_in_jupyterlab(name, chromium, lab, summary):
    expected_views = WIDGET_NOTEBOOKS[name]
    stem = Path(name).stem
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT)
    errors = []
    page.on("pageerror", lambda error: errors.append(f"JavaScript error: {error}"))
    page.on("console", lambda message: errors.append(f"console error: {message.text}")
            if message.type == "error" and not harmless(message) else None)
    try:
        page.goto(lab.url(name, stem), timeout=PAGE_TIMEOUT)
        page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(
            timeout=RUN_ALL_TIMEOUT)   # the kernel has started
        menu(page, "Edit", "Clear Outputs of All Cells")
        menu(page, "Run", "Run All Cells")
        state = page.wait_for_function(RUN_FINISHED, arg=[expected_views],
                                       timeout=RUN_ALL_TIMEOUT, polling=100).json_value()
        page.screenshot(path=ARTIFACTS / f"{stem}-page.png")
        assert "error" not in state, f"{name}: a cell failed in JupyterLab:\n{state['error']}"

        # outputs only: the lessons' prose may quote these messages to explain them
        text = "\n".join(page.locator(".jp-Notebook .jp-OutputArea").all_inner_texts())
        for bad in ("Error displaying widget", "model not found"):
            assert bad not in text, f"{name}: an output shows {bad!r}"
        views = page.locator(".jp-OutputArea-output > .jupyter-widgets")
        assert views.count() == expected_views, (
            f"{name}: {views.count()} widget views rendered, {expected_views} stored")

        explorers = 0
        for v in range(views.count()):
            view = views.nth(v)
            sliders = view.locator(".widget-slider")
            for s in range(sliders.count()):
                slider = sliders.nth(s)
                assert slider.locator(".noUi-handle").is_visible(), (
                    f"{name}: view {v + 1}, slider {s + 1} has no visible handle")
                label = slider.locator("label.widget-label").evaluate(
                    "e => ({text: e.textContent.trim(), scroll: e.scrollWidth,"
                    " client: e.clientWidth})")
                assert label["text"], f"{name}: view {v + 1}, slider {s + 1} has no label"
                assert label["scroll"] <= label["client"], (
                    f"{name}: the label {label['text']!r} is cut off "
                    f"({label['scroll']} px of text in {label['client']} px)")
            img = view.locator("img.widget-image")
            if img.count() != 1:
                continue   # a widget without a figure: labels checked, nothing to move
            explorers += 1
            assert sliders.count() > 0, f"{name}: explorer {explorers} has no slider"
            view.screenshot(path=ARTIFACTS / f"{stem}-explorer{explorers}-0-start.png")
            for s in range(sliders.count()):
                slider = sliders.nth(s)
                description = slider.locator("label.widget-label").inner_text().strip()
                handle = slider.locator(".noUi-handle")
                at_max = handle.evaluate("h => Number(h.getAttribute('aria-valuenow'))"
                                         " >= Number(h.getAttribute('aria-valuemax'))")
                keys = ["ArrowLeft", "ArrowRight"] if at_max else ["ArrowRight", "ArrowLeft"]
                latencies = []
                for press in range(PRESSES_PER_SLIDER):
                    key = keys[press % 2]
                    result = move_slider(page, img, handle, key)
                    where = f"{name}, explorer {explorers}, slider {description!r}, {key}"
                    assert not result.get("timeout"), (
                        f"{where}: no new figure within {FIGURE_TIMEOUT / 1000:.0f} s")
                    assert result["changed"], f"{where}: the figure's bytes did not change"
                    assert result["width"] > 0, f"{where}: the new figure did not load"
                    latencies.append(result["loadMs"])
                    if press == 0:
                        view.screenshot(path=ARTIFACTS / (f"{stem}-explorer{explorers}-"
                                                          f"{s + 1}-{slug(description)}.png"))
                summary(SUMMARY_TITLE).append(
                    f"{name} explorer {explorers} {description!r}: median "
                    f"{statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms "
                    f"({len(latencies)} presses)")
        assert explorers > 0, f"{name}: no explorer (sliders + figure) among its widgets"
        (ARTIFACTS / "latency.txt").write_text(
            f"# {SUMMARY_TITLE}\n" + "\n".join(summary(SUMMARY_TITLE)) + "\n",
            encoding="utf-8")
        assert not errors, f"{name}: errors in the browser:\n" + "\n".join(errors)
    finally:
        if errors:   # also kept when an earlier assertion failed
            (ARTIFACTS / f"{stem}-console.txt").write_text("\n".join(errors), encoding="utf-8")
        context.close()
        with contextlib.suppress(OSError):   # a dead server must not hide the real failure
            lab.shut_down_kernels()

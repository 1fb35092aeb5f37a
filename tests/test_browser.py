"""The explorers in a real JupyterLab, driven by a real (headless) Chromium.

One `jupyter lab` serves a temporary copy of notebooks/ (running cells in the browser must not
touch the committed, nbval-checked notebooks). For every notebook whose stored outputs hold a
widget, a fresh page opens it, clears the outputs, runs all cells from the Run menu and waits
for the status bar's "| Idle". Then, for every explorer on the page: each slider renders with
its whole label visible, and each arrow-key press on a slider handle swaps in a new figure.
The time from key press to the new image being loaded is reported (not asserted) at the end
of the pytest run and in artifacts/browser/latency.txt; screenshots land in the same folder.

Every lab here starts as `make lab` does, with tools/jupyter_lab_config.py, and nothing may
leave this machine: the pages' requests to other hosts are blocked and counted, and the
server and kernels run with a guard that records and refuses outside connections. A separate
test opens the first lesson in a lab exactly as a learner's first `make lab` (no settings),
runs it, waits, and asserts 0 outside requests; its control shows that without the config
file the same server asks pypi.org and the guard sees it.
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
from urllib.parse import quote, urlparse

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

# `make lab` runs `jupyter lab --config=tools/jupyter_lab_config.py`: no update check, no news,
# no PyPI listings. Every lab of these tests starts with that file, as `make lab` does.
LAB_CONFIG = ROOT / "tools" / "jupyter_lab_config.py"

# Written to the explorer test's own settings folder, for the test's sake only: no autosave
# (the copy is thrown away anyway) and every cell rendered even off screen (windowing would
# leave widgets unattached, and the test counts them).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}

# sitecustomize.py for every Python process of a test's lab (server and kernels, through
# PYTHONPATH): a connection to, or a name lookup of, any host but this machine is written to
# $LAB_OUTSIDE_LOG and refused, so the test also passes, and also fails, on a machine with a
# network. (libzmq's own sockets are not Python's; they only ever join 127.0.0.1.)
OUTSIDE_GUARD = r'''
import errno, ipaddress, os, socket, traceback

_log = os.environ["LAB_OUTSIDE_LOG"]


def _is_local(host):
    if isinstance(host, bytes):
        host = host.decode()
    if host is None or isinstance(host, int) or host in ("", "localhost"):
        return True   # None and "" name this machine's own (listening) addresses
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host.endswith(".localhost")
    return address.is_loopback or address.is_unspecified


def _refuse(what):
    caller = " | ".join(line.strip().replace("\n", " ")
                        for line in traceback.format_stack(limit=5)[:-2])
    with open(_log, "a", encoding="utf-8") as log:
        log.write(f"pid {os.getpid()}: {what}  <- {caller}\n")


_connect, _connect_ex, _getaddrinfo = (socket.socket.connect, socket.socket.connect_ex,
                                       socket.getaddrinfo)


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse(f"connect {address[0]}:{address[1]}")
        raise OSError(errno.ENETUNREACH, "outside connection refused by the lab test")
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse(f"connect {address[0]}:{address[1]}")
        return errno.ENETUNREACH
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse(f"look up {host}")
        raise socket.gaierror(socket.EAI_NONAME, "name lookup refused by the lab test")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = (
    connect, connect_ex, getaddrinfo)
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    def __init__(self, base_url, token, outside_log):
        self.base_url, self.token, self.outside_log = base_url, token, outside_log

    def api(self, path, method="GET"):
        """`path` under the server's /api/ (or /lab/api/ when it starts with "lab/")."""
        prefix = "" if path.startswith("lab/") else "api/"
        request = urllib.request.Request(f"{self.base_url}/{prefix}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, notebook, workspace):
        # a fresh workspace per page, so JupyterLab does not reopen earlier notebooks
        return (f"{self.base_url}/lab/workspaces/{quote(workspace)}/tree/{quote(notebook)}"
                f"?reset&token={self.token}")

    def outside_attempts(self):
        """What the server and its kernels tried to reach beyond this machine (refused)."""
        if not self.outside_log.exists():
            return []
        return self.outside_log.read_text(encoding="utf-8").splitlines()

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


def lab_command(port, token, served, config=LAB_CONFIG):
    """`make lab`'s command (config file, 127.0.0.1, no browser, --allow-root as root), plus
    what a test needs: its own port and token, no port retries, its own folder."""
    command = [sys.executable, "-m", "jupyter", "lab"]
    if config is not None:
        command.append(f"--config={config}")
    command += ["--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--no-browser",
                "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={served}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return command


@contextlib.contextmanager
def running_lab(home, served, extra_args=(), config=LAB_CONFIG, log_path=None):
    """A `jupyter lab` serving `served`, with a fresh Jupyter config folder under `home` (a
    learner's first start: no earlier answers, no user settings) and the outside guard;
    stopped by its own PID when the block ends (also when it fails)."""
    guard = home / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(OUTSIDE_GUARD, encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               LAB_OUTSIDE_LOG=str(home / "outside.log"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(guard),
                                                        os.environ.get("PYTHONPATH")])))
    env.pop("MPLBACKEND", None)   # with Agg, plt.show() would leave the kernels' figures empty
    log_path = log_path or home / "jupyter-lab.log"
    log = log_path.open("w", encoding="utf-8")
    process = subprocess.Popen([*lab_command(port, token, served, config), *extra_args],
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env=env, cwd=home)
    try:
        server = Lab(f"http://127.0.0.1:{port}", token, home / "outside.log")
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
    finally:
        stop(process)
        log.close()


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """The lab of the explorer test: a copy of notebooks/ (running cells in the browser must
    not touch the committed, nbval-checked notebooks) and the test's own settings."""
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
    with running_lab(home, served, [f"--LabApp.user_settings_dir={settings}",
                                    f"--LabApp.workspaces_dir={home / 'workspaces'}"],
                     log_path=ARTIFACTS / "jupyter-lab.log") as server:
        yield server
        server.shut_down_kernels()


class OutsideRequests:
    """Every request of a browser context to a host other than this machine: aborted and
    listed. Service workers are blocked so that no request goes around the routing."""

    def __init__(self, context):
        self.urls = []
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("http:", "https:", "ws:", "wss:")) and host not in (
                "127.0.0.1", "localhost", "[::1]", "::1"):
            self.urls.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()


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

# The quiet lab has no settings, so its notebook scrolls as the JupyterLab version does by
# default: in 4.2 (and, reportedly, up to 4.4) windowing mode "full", where only the cells in
# the viewport keep their contents in the page. Run All ends scrolled to the last cell
# (markdown in the first lesson), so no code prompt is left to read and RUN_FINISHED waits
# forever (the locked 4.6 defaults to "contentVisibility", which keeps every cell in the
# page; the explorer test sets "none"). A learner's run is complete. That test therefore
# waits for this, which needs no particular cell on screen: the status bar has said "| Idle"
# for a whole second and no prompt on screen waits ("[*]"); and then reads the run's result
# from the notebook as saved (run_all_and_read_back).
KERNEL_SETTLED = """() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!notebook) return false;
  const status = document.querySelector('#jp-main-statusbar')?.innerText ?? '';
  const waiting = [...notebook.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .some(e => e.textContent.includes('*'));
  const now = performance.now();
  if (!/\\| Idle/.test(status) || waiting) { window.__settledSince = null; return false; }
  window.__settledSince ??= now;
  return now - window.__settledSince > 1000;
}"""

# True once the notebook's tab no longer marks unsaved changes.
SAVED = """() => {
  const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
  return !!tab && !tab.classList.contains('jp-mod-dirty');
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


def run_all_and_read_back(page, lab, name, timeout_ms=RUN_ALL_TIMEOUT):
    """Clear the outputs, Run All, and return the code cells of the notebook as saved once
    every one of them holds an execution count of this run (checked after the kernel has
    settled and the page has saved; repeated until then). Independent of what the page
    renders: see KERNEL_SETTLED."""
    deadline = time.monotonic() + timeout_ms / 1000
    menu(page, "Edit", "Clear Outputs of All Cells")   # counts from before cannot pass
    menu(page, "Run", "Run All Cells")
    while True:
        left_ms = max(1_000, (deadline - time.monotonic()) * 1000)
        page.evaluate("window.__settledSince = null")
        page.wait_for_function(KERNEL_SETTLED, timeout=left_ms, polling=100)
        page.keyboard.press("Control+s")
        page.wait_for_function(SAVED, timeout=PAGE_TIMEOUT, polling=100)
        cells = lab.api(f"contents/{quote(name)}")["content"]["cells"]
        code = [cell for cell in cells if cell["cell_type"] == "code"]
        pending = [i for i, cell in enumerate(code, 1) if cell["execution_count"] is None]
        if code and not pending:
            return code
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: Run All did not finish in {timeout_ms / 1000:.0f} s "
                        f"(code cells {pending} of {len(code)} never ran)", pytrace=False)
        page.wait_for_timeout(1_000)


def failed_outputs(code_cells):
    """The error outputs and stderr text of saved code cells, numbered as code cells."""
    return [f"code cell {i}: " + ("".join(out.get("text", "")) if out["output_type"] == "stream"
                                  else f"{out.get('ename')}: {out.get('evalue')}")[:500]
            for i, cell in enumerate(code_cells, 1) for out in cell.get("outputs", [])
            if out["output_type"] == "error"
            or (out["output_type"] == "stream" and out.get("name") == "stderr")]


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
    context = chromium.new_context(viewport={"width": 1400, "height": 1000},
                                   service_workers="block")
    outside = OutsideRequests(context)
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
        assert not outside.urls, f"{name}: the page asked other hosts: {outside.urls}"
        assert not lab.outside_attempts(), (
            f"{name}: the server or a kernel tried to reach other hosts:\n"
            + "\n".join(lab.outside_attempts()))
    finally:
        if errors:   # also kept when an earlier assertion failed
            (ARTIFACTS / f"{stem}-console.txt").write_text("\n".join(errors), encoding="utf-8")
        context.close()
        with contextlib.suppress(OSError):   # a dead server must not hide the real failure
            lab.shut_down_kernels()


# --- `make lab` keeps quiet -------------------------------------------------------------------

FIRST_LESSON = "00_start_here.ipynb"
QUIET_WAIT_MS = 5_000   # after the last cell: JupyterLab's checks start a few seconds in
# What JupyterLab asks beyond this machine when nothing stops it (issue 14 §6): the server's
# update check (pypi.org) and news feed (jupyterlab.github.io), and the page's announcements
# plugin that calls both endpoints.
PHONING_ENDPOINTS = ("lab/api/update", "lab/api/news", "lab/api/extensions?query=&page=1")


@pytest.fixture(scope="module")
def quiet_lab(chromium, tmp_path_factory):
    """`make lab` at a learner's first start: tools/jupyter_lab_config.py and nothing else (no
    user settings, no earlier answer to the news prompt)."""
    home = tmp_path_factory.mktemp("quiet-lab")
    served = home / "notebooks"
    served.mkdir()
    shutil.copy(NOTEBOOKS / FIRST_LESSON, served)
    with running_lab(home, served) as server:
        yield server
        server.shut_down_kernels()


def test_make_lab_sends_no_request_beyond_this_machine(chromium, quiet_lab):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000},
                                   service_workers="block")
    outside = OutsideRequests(context)
    local_paths = []
    try:
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT)
        page.on("request", lambda request: local_paths.append(urlparse(request.url).path))
        page.goto(quiet_lab.url(FIRST_LESSON, "quiet"), timeout=PAGE_TIMEOUT)
        page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(
            timeout=RUN_ALL_TIMEOUT)
        code = run_all_and_read_back(page, quiet_lab, FIRST_LESSON)
        assert not failed_outputs(code), (
            f"{FIRST_LESSON}: a cell failed in JupyterLab:\n" + "\n".join(failed_outputs(code)))
        page.wait_for_timeout(QUIET_WAIT_MS)
        assert "official Jupyter news" not in page.locator("body").inner_text(), (
            "the first-start news prompt is shown")
        asked = set(local_paths) & {"/lab/api/update", "/lab/api/news"}
        assert not asked, f"the page asked {sorted(asked)}: the announcements plugin is on"
        # the server's endpoints that reach out by default, asked directly
        replies = {endpoint: quiet_lab.api(endpoint) for endpoint in PHONING_ENDPOINTS}
        assert replies["lab/api/update"]["notification"] is None
        assert replies["lab/api/news"]["news"] == []
        assert not outside.urls, f"the page asked other hosts: {outside.urls}"
        assert not quiet_lab.outside_attempts(), (
            "the server or the kernel tried to reach other hosts:\n"
            + "\n".join(quiet_lab.outside_attempts()))
        # control: the routing does see a request to another host (and stops it)
        page.evaluate("fetch('https://pypi.org/pypi/jupyterlab/json').catch(() => null)")
        assert outside.urls == ["https://pypi.org/pypi/jupyterlab/json"]
    finally:
        context.close()


def test_without_the_config_the_server_asks_pypi_and_the_guard_sees_it(tmp_path):
    """The control of the test above: the same server without tools/jupyter_lab_config.py
    asks pypi.org for a newer JupyterLab and fetches the news feed; the guard records both
    (and refuses them, so no request leaves even on a machine with a network)."""
    served = tmp_path / "notebooks"
    served.mkdir()
    with running_lab(tmp_path, served, config=None) as server:
        assert server.api("lab/api/update")["notification"] is None   # refused, so no news
        server.api("lab/api/news")
        attempts = "\n".join(server.outside_attempts())
    assert "look up pypi.org" in attempts, attempts
    assert "look up jupyterlab.github.io" in attempts, attempts

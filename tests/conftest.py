import os
import shutil

import matplotlib
import pytest

# Agg for the test process only. Do not set MPLBACKEND in the environment: nbval's kernels
# inherit it, and with Agg `plt.show()` leaves no output in a notebook.
matplotlib.use("Agg")


# --- browser tests: one headless Chromium per session, and measured figures in the summary ---
# Used by tests/test_browser.py (JupyterLab) and tests/test_html_export.py (the handout).

# Debian's Chromium, never a browser downloaded by `playwright install` (no internet here).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
_SUMMARY = {}   # section title -> lines printed after the run


def on_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_tool(reason):
    """A missing browser skips the test on a laptop, but fails it under CI."""
    if on_ci():
        pytest.fail(f"{reason} (CI must run the browser tests)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (Playwright) shared by the session's browser tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("playwright is not installed: `pip install playwright` "
                     "(then `apt-get install -y chromium`; never `playwright install`)")
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        missing_tool("Chromium is not installed: `apt-get install -y chromium` "
                     "(never `playwright install`, which downloads a browser)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS,
                                             headless=True, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def summary():
    """``summary(title)`` is a list; lines appended to it are printed at the end of the run
    (also without -s), for benchmark figures that are reported, not asserted."""
    return lambda title: _SUMMARY.setdefault(title, [])


def pytest_terminal_summary(terminalreporter):
    for title, lines in _SUMMARY.items():
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)

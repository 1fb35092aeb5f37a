"""JupyterLab for the lessons: nothing leaves 127.0.0.1.

    jupyter lab --config=tools/jupyter_lab_config.py        (what `make lab` runs)

An offline classroom or a privacy-minded school expects silence. Out of the box JupyterLab 4
asks pypi.org for a newer JupyterLab (the update check), fetches an Atom feed of news from
jupyterlab.github.io once the user says yes to the first-start prompt, and its extension
manager searches PyPI. tests/test_browser.py starts a lab with this file and counts
every request to another host, from the page and from the server: 0.
"""

c = get_config()  # noqa: F821 -- provided by traitlets when Jupyter loads this file

# Listen on this machine only; a token still guards the page.
c.ServerApp.ip = "127.0.0.1"

# The update check (GET https://pypi.org/pypi/jupyterlab/json, made by the server).
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

# The news feed: None turns the server's /lab/api/news off (page config "news.disabled").
c.LabApp.news_url = None

# The extension manager: "readonly" lists installed extensions without asking PyPI for
# listings or newer versions (the default, "pypi", does both when its panel opens).
c.LabApp.extension_manager = "readonly"

# Without the announcements plugin the page neither asks "Would you like to get notified
# about official Jupyter news?" nor calls the news and update endpoints at all. A hook, not
# page_config data: it runs last, so a labconfig/page_config.json (written by
# `jupyter labextension disable …`) cannot bring the plugin back.
ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"


def disable_announcements(handler, page_config):
    """Called by jupyterlab_server for every page; the page reads a list of plugin ids."""
    disabled = page_config.get("disabledExtensions") or []
    if ANNOUNCEMENTS not in disabled:
        page_config["disabledExtensions"] = [*disabled, ANNOUNCEMENTS]
    return page_config


c.ServerApp.tornado_settings = {"page_config_hook": disable_announcements}

"""Sphinx configuration of the course website (staged by ``python -m sitegen.stage``).

Built by ``bash scripts/build-site.sh``. Nothing here loads from the network: the
theme's scripts and styles come from its PyPI package, the widget manager and
require.js from npm, copied into ``_static/widgets/`` by the staging step.
"""

import json
from pathlib import Path

_settings = json.loads((Path(__file__).parent / "site-settings.json").read_text(encoding="utf-8"))

project = "Ketensamenwerking is mensenwerk"
author = "ketenles-ontwikkelaars"
copyright = "ketenles-ontwikkelaars; cursusinhoud CC BY 4.0, code MIT"
language = "nl"

extensions = ["myst_nb"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "_extra", "**.ipynb_checkpoints"]

# The staging step has executed every lesson (with its widget state); Sphinx only renders.
nb_execution_mode = "off"
# The ipywidgets HTML manager renders the saved widget state. Both scripts are served
# from the site (npm packages @jupyter-widgets/html-manager and requirejs), never a CDN.
nb_ipywidgets_js = {
    "widgets/require.js": {},
    "widgets/require-config.js": {},
    "widgets/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/widgets/"},
}
nb_merge_streams = True

html_theme = "sphinx_book_theme"
html_title = "Ketensamenwerking is mensenwerk"
html_static_path = ["_static"]
html_extra_path = ["_extra"]
html_css_files = ["ketenles.css"]
html_js_files = ["ketenles-a11y.js", "ketenles-nl.js"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": f"https://github.com/{_settings['repository']}",
    "repository_branch": _settings["branch"],
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
}

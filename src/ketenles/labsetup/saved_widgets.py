"""A saved lesson reopens with a Dutch line where its widgets were, not a widget error.

JupyterLab saves a widget's output as a *view* of a model that lives in the
kernel. After a reload the kernel is new, the model is gone, and ipywidgets
shows "Error displaying widget: model not found" until the cell runs again.
This module's :func:`pre_save_hook` (a jupyter_server ``ContentsManager``
pre-save hook) removes those views from the file as it is saved and keeps the
output's text version, set to a Dutch line that says what to do. The widgets on
screen are not touched: only the saved file changes.

The module is a small jupyter_server extension that registers the hook.
:func:`write_config` enables it for the course's Python environment, with a file
in ``jupyter_server_config.d`` as extensions do, so no other setting is
overwritten (``scripts/setup.sh`` and Binder's ``postBuild`` call it)::

    python -m ketenles.labsetup.saved_widgets

>>> nb = {"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "outputs": [
...     {"output_type": "display_data", "metadata": {}, "data": {
...         "text/plain": "VBox(...)", "application/vnd.jupyter.widget-view+json": {"model_id": "1a"}}}]}]}
>>> strip_widget_views(nb)
1
>>> nb["cells"][0]["outputs"][0]["data"]["text/plain"].startswith("Voer deze cel opnieuw uit")
True
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXTENSION = "ketenles.labsetup.saved_widgets"
CONFIG_NAME = "ketenles-saved-widgets.json"


def strip_widget_views(notebook: dict) -> int:
    """Replace every widget view in a notebook (nbformat 4 dict) by the Dutch line.

    Returns how many outputs were changed. The widget state JupyterLab may keep
    in the notebook metadata goes too: without the views nothing would use it.
    """
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ArgumentError("notebook", type(notebook).__name__, msg("saved_widgets.expect.notebook"))
    line = msg("saved_widgets.rerun")
    changed = 0
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data")
            if isinstance(data, dict) and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                data["text/plain"] = line
                changed += 1
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)
    return changed


def pre_save_hook(model: dict, **_kwargs) -> None:
    """jupyter_server calls this with the contents model of every file it saves."""
    content = model.get("content")
    if model.get("type") == "notebook" and isinstance(content, dict) and content.get("nbformat") == 4:
        strip_widget_views(content)


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": EXTENSION}]


def _load_jupyter_server_extension(serverapp) -> None:
    serverapp.contents_manager.register_pre_save_hook(pre_save_hook)


def default_config_dir() -> Path:
    """jupyter_server's config folder of the running Python environment."""
    return Path(sys.prefix) / "etc" / "jupyter"


def write_config(config_dir: str | Path | None = None) -> Path:
    """Enable the extension: ``<config_dir>/jupyter_server_config.d/ketenles-saved-widgets.json``."""
    if config_dir is not None and not isinstance(config_dir, (str, Path)):
        raise ArgumentError("config_dir", config_dir, msg("saved_widgets.expect.config_dir"))
    folder = Path(config_dir) if config_dir is not None else default_config_dir()
    path = folder / "jupyter_server_config.d" / CONFIG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {EXTENSION: True}}}, indent=2) + "\n",
                    encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = write_config(args[0] if args else None)
    print(msg("saved_widgets.installed", path=str(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Saving a lesson keeps a Dutch line where its widgets were (the file is reopened later)."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.labsetup import saved_widgets
from ketenles.labsetup.saved_widgets import WIDGET_VIEW, pre_save_hook, strip_widget_views, write_config

LINE = msg("saved_widgets.rerun")


def notebook_with_widget():
    nb = new_notebook(cells=[
        new_code_cell("scan", outputs=[new_output("display_data", data={
            "text/plain": "ScanExercise(children=(...))", WIDGET_VIEW: {"model_id": "abc", "version_major": 2}})]),
        new_code_cell("print(1)", outputs=[new_output("stream", name="stdout", text="1\n")]),
        new_code_cell("views.factors_list()", outputs=[new_output("execute_result", data={
            "text/html": "<ol></ol>", "text/plain": "HTMLView"}, execution_count=3)]),
    ])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_widget_views_become_the_dutch_line_and_other_outputs_stay():
    nb = notebook_with_widget()
    assert strip_widget_views(nb) == 1
    assert nb.cells[0].outputs[0]["data"] == {"text/plain": LINE}
    assert nb.cells[1].outputs[0]["text"] == "1\n"
    assert nb.cells[2].outputs[0]["data"]["text/html"] == "<ol></ol>"
    assert "widgets" not in nb.metadata
    nbformat.validate(nb)
    assert "Alles boven de geselecteerde cel uitvoeren" in LINE  # the Dutch menu item that fills the memory


def test_the_hook_changes_notebooks_only():
    text_model = {"type": "file", "format": "text", "content": "hallo"}
    pre_save_hook(model=text_model, path="x.txt", contents_manager=None)
    assert text_model["content"] == "hallo"
    model = {"type": "notebook", "content": json.loads(nbformat.writes(notebook_with_widget()))}
    pre_save_hook(model=model, path="les.ipynb", contents_manager=None)
    assert model["content"]["cells"][0]["outputs"][0]["data"] == {"text/plain": LINE}


def test_a_real_contents_manager_saves_the_line(tmp_path):
    """jupyter_server's own file manager, with the hook the extension registers."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    manager = FileContentsManager(root_dir=str(tmp_path))

    class App:
        contents_manager = manager

    saved_widgets._load_jupyter_server_extension(App())
    model = {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(notebook_with_widget()))}
    manager.save(model, "les.ipynb")
    saved = nbformat.read(tmp_path / "les.ipynb", as_version=4)
    assert saved.cells[0].outputs[0]["data"] == {"text/plain": LINE}


def test_write_config_enables_the_extension_without_touching_other_settings(tmp_path):
    other = tmp_path / "jupyter_server_config.d" / "nbgrader.json"
    other.parent.mkdir(parents=True)
    other.write_text('{"ServerApp": {"jpserver_extensions": {"nbgrader": true}}}', encoding="utf-8")
    path = write_config(tmp_path)
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "ServerApp": {"jpserver_extensions": {"ketenles.labsetup.saved_widgets": True}}}
    assert "nbgrader" in other.read_text(encoding="utf-8")
    assert saved_widgets._jupyter_server_extension_points() == [{"module": "ketenles.labsetup.saved_widgets"}]


def test_setup_and_binder_install_it(repo):
    assert "python -m ketenles.labsetup.saved_widgets" in (repo / "scripts" / "setup.sh").read_text()
    assert "python -m ketenles.labsetup.saved_widgets" in (repo / "postBuild").read_text()


def test_bad_input_gets_a_dutch_message():
    with pytest.raises(ArgumentError, match="notebook als dict"):
        strip_widget_views("les.ipynb")
    with pytest.raises(ArgumentError, match="map"):
        write_config(42)

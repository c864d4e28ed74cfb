"""Student output is cleaned before a lecturer's page or a feedback file shows it.

The formgrader test (tests/browser/test_browser_formgrader.py) proves in
Chromium that a markdown answer's script does not run; these tests cover the
other ways a submission carries script: rich code outputs and the whole HTML
export the formgrader and ``generate_feedback`` make.
"""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from ketenles.grading.plugins.sanitize import SanitizeStudentHTML, sanitize_cell

MARK = "ketenles_xss_mark"
ATTACKS = [
    f"<img src=x onerror=\"window.{MARK}=1\">",
    f"<script>window.{MARK}=1</script>",
    f"<a href=\"javascript:window.{MARK}=1\">klik</a>",
    f"<iframe src=\"data:text/html,<script>window.{MARK}=1</script>\"></iframe>",
    f"<div style=\"background:url(javascript:window.{MARK}=1)\" onmouseover=\"window.{MARK}=1\">x</div>",
]


def _output(data: dict):
    return new_output("display_data", data=data)


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_output_keeps_its_text_and_loses_its_script(attack):
    cell = new_code_cell("display(HTML(...))", outputs=[_output({"text/html": f"<p>mijn tabel</p>{attack}",
                                                                  "text/plain": "<HTML>"})])
    data = sanitize_cell(cell).outputs[0]["data"]
    assert MARK not in data["text/html"]
    assert "mijn tabel" in data["text/html"] and data["text/plain"] == "<HTML>"


def test_script_output_types_are_dropped_and_the_plain_text_stays():
    cell = new_code_cell("x", outputs=[_output({"application/javascript": f"window.{MARK}=1",
                                                 "image/svg+xml": f"<svg onload=\"window.{MARK}=1\"/>",
                                                 "text/plain": "een figuur"})])
    assert sanitize_cell(cell).outputs[0]["data"] == {"text/plain": "een figuur"}


def test_an_output_of_only_script_leaves_an_empty_text_not_a_broken_output():
    cell = new_code_cell("x", outputs=[_output({"application/javascript": f"window.{MARK}=1"})])
    assert sanitize_cell(cell).outputs[0]["data"] == {"text/plain": ""}


def test_markdown_output_becomes_clean_html():
    cell = new_code_cell("x", outputs=[_output({"text/markdown": f"**vet** {ATTACKS[0]}"})])
    data = sanitize_cell(cell).outputs[0]["data"]
    assert "text/markdown" not in data and MARK not in data["text/html"] and "<strong>vet</strong>" in data["text/html"]


def test_the_html_export_of_a_submission_carries_none_of_the_students_script():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.preprocessors = ["ketenles.grading.plugins.sanitize.SanitizeStudentHTML"]
    nb = new_notebook(cells=[
        new_markdown_cell("Mijn diagnose " + " ".join(ATTACKS)),
        new_code_cell("x", outputs=[_output({"text/html": " ".join(ATTACKS), "text/plain": "t"})]),
    ])
    page, _ = HTMLExporter(config=config).from_notebook_node(nb)
    assert "Mijn diagnose" in page
    assert MARK not in page
    # Without the preprocessor nbconvert passes the script on: the test can fail.
    unsafe, _ = HTMLExporter().from_notebook_node(nb)
    assert MARK in unsafe


def test_the_course_config_cleans_every_html_export():
    from paths import COURSE
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(COURSE)).load_config()
    name = f"{SanitizeStudentHTML.__module__}.{SanitizeStudentHTML.__name__}"
    assert name in config.HTMLExporter.preprocessors

"""Student HTML is shown to the lecturer and in feedback only after sanitising.

A markdown answer may hold raw HTML. nbgrader's formgrader renders the
autograded notebook to HTML on the lecturer's own Jupyter server, so an answer
like ``<img src=x onerror=...>`` runs script in the lecturer's logged-in
session (issue 10); code output with ``text/html`` or ``application/javascript``
does the same. JupyterLab sanitises what it shows, nbconvert does not.

:class:`SanitizeStudentHTML` is an nbconvert preprocessor for every HTML export
of a submission: the formgrader's and ``generate_feedback``'s (both build an
``HTMLExporter`` from the course config)::

    c.HTMLExporter.preprocessors = ["ketenles.grading.plugins.sanitize.SanitizeStudentHTML"]

Each markdown cell is rendered to HTML the way nbconvert would and cleaned with
``nh3`` (bindings to the Rust sanitiser *ammonia*; an allow-list of tags and
attributes, never hand-written patterns), and that clean HTML becomes the cell
(HTML is valid markdown, so it renders the same). In outputs, ``text/html`` is
cleaned, ``text/markdown`` becomes clean HTML, and script-carrying types
(JavaScript, SVG) are dropped; the plain-text form of an output stays.

>>> from nbformat.v4 import new_markdown_cell
>>> cell = sanitize_cell(new_markdown_cell("Mijn antwoord <img src=x onerror=alert(1)>"))
>>> "onerror" in cell.source, "Mijn antwoord" in cell.source
(False, True)
"""

from __future__ import annotations

import nh3
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor

# Output types that carry script when rendered inline, or are script.
DROPPED_OUTPUTS = ("application/javascript", "text/javascript", "image/svg+xml")
# MathJax renders $...$ from text; the headings' anchor links are nbconvert's own.
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
               "*": {"id", "class"}, "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align"}}


def clean_html(text: str) -> str:
    """HTML with only harmless tags and attributes left (no script, no event handlers, no javascript: links)."""
    return nh3.clean(text, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"})


def markdown_to_clean_html(source: str) -> str:
    return clean_html(markdown2html_mistune(source))


def _sanitize_output(output: dict) -> None:
    data = output.get("data")
    if not isinstance(data, dict):
        return
    for mimetype in DROPPED_OUTPUTS:
        data.pop(mimetype, None)
    if "text/markdown" in data:
        data["text/html"] = markdown_to_clean_html(_text(data.pop("text/markdown")))
    if "text/html" in data:
        data["text/html"] = clean_html(_text(data["text/html"]))
    if not data:
        data["text/plain"] = ""


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def sanitize_cell(cell):
    """Clean one cell in place (markdown source, rich outputs); return it."""
    if cell.get("cell_type") == "markdown":
        cell["source"] = markdown_to_clean_html(cell.get("source", ""))
        cell.pop("attachments", None)  # attachment: URLs would be dropped anyway
    for output in cell.get("outputs", []) or []:
        _sanitize_output(output)
    return cell


class SanitizeStudentHTML(Preprocessor):
    """nbconvert preprocessor: no student HTML reaches a rendered page uncleaned."""

    def preprocess_cell(self, cell, resources, cell_index):
        return sanitize_cell(cell), resources

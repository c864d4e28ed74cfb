"""Feedback without leaks: hidden-test tracebacks become one Dutch line.

nbgrader's ``ClearHiddenTests`` removes the hidden-test source from feedback,
but the cell's error output still carries the traceback, and a traceback quotes
the failing line: a plain ``assert aantal == 7`` in a hidden test shows the
student the expected answer. ketenles' own checks raise ``AnswerIncorrect``,
which the kernel shows as one sentence, but a lecturer's plain ``assert`` or
an unexpected exception would leak.

:class:`StripHiddenTracebacks` runs in ``GenerateFeedback.preprocessors``
*before* ``ClearHiddenTests`` (it recognises hidden-test cells by their
markers). For each error output of such a cell it keeps the exception name and
message (``AnswerIncorrect: 'x' klopt nog niet. ...``) and drops every
traceback line; an exception without a message gets a Dutch sentence that says
a hidden test failed. Visible tests keep their full traceback: their source is
in the student's notebook anyway.

>>> from nbformat.v4 import new_code_cell, new_output
>>> cell = new_code_cell("### BEGIN HIDDEN TESTS\\nassert x == 7\\n### END HIDDEN TESTS")
>>> cell.outputs = [new_output("error", ename="AssertionError", evalue="",
...                            traceback=["----> 2 assert x == 7"])]
>>> "x == 7" in strip_cell(cell).outputs[0].traceback[0]
False
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from ketenles.i18n import msg

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HIDDEN_MARKER = "BEGIN HIDDEN TESTS"


def safe_traceback(ename: str, evalue: str) -> list[str]:
    """The one line a student sees for a failed hidden test."""
    message = _ANSI.sub("", evalue or "").strip()
    if not message:
        return [msg("grading_workflow.feedback.hidden_failed_plain", ename=ename)]
    return [msg("grading_workflow.feedback.hidden_failed", ename=ename, message=message)]


def strip_cell(cell, marker: str = HIDDEN_MARKER):
    """Replace the tracebacks of a hidden-test cell by :func:`safe_traceback` (in place)."""
    if cell.get("cell_type") != "code" or marker not in cell.get("source", ""):
        return cell
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            output["traceback"] = safe_traceback(output.get("ename", ""), output.get("evalue", ""))
    return cell


class StripHiddenTracebacks(NbGraderPreprocessor):
    """nbgrader preprocessor: no traceback line of a hidden test reaches the feedback."""

    begin_test_delimeter = Unicode(HIDDEN_MARKER, help="Marker that starts a hidden test").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        return strip_cell(cell, self.begin_test_delimeter), resources

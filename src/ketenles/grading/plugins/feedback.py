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

from pathlib import Path

from nbconvert.exporters import HTMLExporter
from nbgrader.preprocessors import ClearHiddenTests as NbgraderClearHiddenTests
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from ketenles.grading.sandbox.hidden_failure import HIDDEN_MARKER, safe_traceback, strip_cell

__all__ = ["HIDDEN_MARKER", "ClearHiddenTests", "DutchFeedbackExporter", "StripHiddenTracebacks", "feedback_labels",
           "safe_traceback", "strip_cell"]

# nbconvert's HTMLExporter configures ``NbConvertBase.display_data_priority``; nbgrader's
# preprocessors redeclare that trait without ``config=True``, so traitlets warns
# "Config option `display_data_priority` not recognized" once per preprocessor on
# every generate_feedback. Declaring it configurable (as nbgrader's own GetGrades
# does) accepts the exporter's setting instead of warning about it.
_DISPLAY_PRIORITY = ["text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png", "image/jpeg",
                     "text/plain"]


class StripHiddenTracebacks(NbGraderPreprocessor):
    """nbgrader preprocessor: no traceback line of a hidden test reaches the feedback."""

    display_data_priority = List(_DISPLAY_PRIORITY).tag(config=True)
    begin_test_delimeter = Unicode(HIDDEN_MARKER, help="Marker that starts a hidden test").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        return strip_cell(cell, self.begin_test_delimeter), resources


class ClearHiddenTests(NbgraderClearHiddenTests):
    """nbgrader's ``ClearHiddenTests``, without its config warning in the feedback pipeline."""

    display_data_priority = List(_DISPLAY_PRIORITY).tag(config=True)


# --- the feedback page in the course language ---------------------------------------------

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_LABELS = ("score", "test_cell", "code_answer", "written_answer", "task", "comment", "late_penalty", "top",
           "answer", "own_task", "grade_cell", "comments", "lang")


def feedback_labels() -> dict[str, str]:
    """The feedback page's headings and labels from the message catalogue."""
    from ketenles.i18n import msg

    return {key: msg(f"grading_workflow.feedback_page.{key}") for key in _LABELS}


def _number(value) -> str:
    from ketenles.i18n.numbers import format_number

    return format_number(round(float(value), 2))


class DutchFeedbackExporter(HTMLExporter):
    """nbgrader's feedback page with the catalogue's labels (``GenerateFeedback.exporter_class``).

    Its own class, so the template applies to feedback only: the Formgrader's
    grading view keeps nbgrader's ``HTMLExporter`` set-up.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GenerateFeedback configures HTMLExporter (our parent class) with nbgrader's own
        # 'feedback' template, and a parent's config outranks a trait default: set them here.
        self.extra_template_basedirs = [str(_TEMPLATES)]
        self.template_name = "feedback_nl"
        self.template_paths = self._template_paths()  # computed once in __init__ from the old name

    def default_filters(self):
        yield from super().default_filters()
        yield ("getal", _number)

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = dict(resources or {})
        resources["ketenles_labels"] = feedback_labels()
        return super().from_notebook_node(nb, resources, **kw)

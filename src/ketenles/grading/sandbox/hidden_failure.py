"""The one line a student sees for a failed hidden test, without its traceback.

Kept apart from :mod:`ketenles.grading.plugins.feedback` (the nbgrader preprocessors)
because the clean checker process (:mod:`ketenles.grading.sandbox.checker`)
needs it too, and importing nbgrader there cost about 5 CPU seconds per
submission (nbgrader's package imports its server extensions and
jupyter_server).

>>> safe_traceback("AnswerIncorrect", "\x1b[31maantal klopt nog niet\x1b[0m")
['AnswerIncorrect: aantal klopt nog niet']
"""

from __future__ import annotations

import re

from ketenles.grading.markers import DEFAULT as MARKERS
from ketenles.i18n import msg

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HIDDEN_MARKER = MARKERS.begin_hidden


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

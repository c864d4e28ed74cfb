"""Self-check for self-learners: run the visible tests of your own copy, get Dutch feedback.

On Binder there is no nbgrader exchange and no lecturer. From a notebook cell::

    from ketenles.grading.selfcheck import selfcheck
    selfcheck("ketenanalyse.ipynb")

runs a *copy* of the saved notebook from top to bottom in a fresh kernel (your
file is never changed) and says per question whether its visible test passes,
and if not, the Dutch message of the check. It refuses a notebook that still
holds hidden tests (the lecturer's source version): hidden tests are never run
or shown. Save the notebook first (Ctrl+S): the check reads the saved file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

# Set while a self-check runs, so a notebook that calls selfcheck() itself does
# not start another self-check inside the copy being checked.
RUNNING = "KETENLES_SELFCHECK_RUNNING"
HIDDEN = re.compile(r"BEGIN HIDDEN TESTS|END HIDDEN TESTS")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class QuestionResult:
    question: str  # the grade id of the test cell
    points: float
    status: str  # "passed", "failed" or "manual"
    message: str = ""

    def describe(self) -> str:
        points = f"{self.points:g}"
        if self.status == "manual":
            return msg("grading_workflow.selfcheck.manual", question=self.question, points=points)
        if self.status == "passed":
            return msg("grading_workflow.selfcheck.passed", question=self.question, points=points)
        return msg("grading_workflow.selfcheck.failed", question=self.question, points=points,
                   message=self.message)


@dataclass
class SelfCheck:
    notebook: str
    questions: list[QuestionResult]

    @property
    def passed(self) -> int:
        return sum(q.status == "passed" for q in self.questions)

    @property
    def autograded(self) -> int:
        return sum(q.status != "manual" for q in self.questions)

    def lines(self) -> list[str]:
        if not self.questions:
            return [msg("grading_workflow.selfcheck.no_tests")]
        return [msg("grading_workflow.selfcheck.heading", notebook=self.notebook),
                *(q.describe() for q in self.questions),
                msg("grading_workflow.selfcheck.summary", passed=self.passed, total=self.autograded),
                msg("grading_workflow.selfcheck.caveat")]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines()[1:-2])
        head, summary, caveat = (html.escape(t) for t in (self.lines()[0], *self.lines()[-2:]))
        return f"<section><h3>{head}</h3><ul>{items}</ul><p><strong>{summary}</strong></p><p>{caveat}</p></section>"


def _error_message(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            ename, evalue = output.get("ename", ""), _ANSI.sub("", output.get("evalue", "")).strip()
            # A ketenles check's message is written for students; other errors
            # point back to the notebook, where the student sees the full output.
            if evalue and ename in ("AnswerIncorrect", "ArgumentError"):
                return evalue
            return msg("grading_workflow.selfcheck.failed_plain", ename=ename)
    return None


def load_student_copy(path: str | Path):
    """Read the notebook and make sure it is a student copy (no hidden tests)."""
    import nbformat

    path = Path(path)
    if path.suffix != ".ipynb" or not path.is_file():
        raise ArgumentError("notebook", str(path), msg("grading_workflow.expect.notebook"))
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same Dutch explanation
        raise ArgumentError("notebook", str(path), msg("grading_workflow.expect.notebook")) from None
    if any(HIDDEN.search(cell.source) for cell in nb.cells):
        raise ArgumentError("notebook", str(path), msg("grading_workflow.expect.student_copy"))
    return nb


def selfcheck(path: str | Path, timeout: int = 60) -> SelfCheck:
    """Run the visible tests of a student's own notebook and return per-question feedback."""
    import os

    from nbclient import NotebookClient

    nb = load_student_copy(path)
    path = Path(path).resolve()
    if os.environ.get(RUNNING):
        return SelfCheck(path.name, [])
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    os.environ[RUNNING] = "1"  # inherited by the kernel that runs the copy
    try:
        client.execute()
    finally:
        del os.environ[RUNNING]
    questions = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        points = float(meta.get("points", 0))
        if cell.cell_type != "code":
            questions.append(QuestionResult(meta["grade_id"], points, "manual"))
            continue
        error = _error_message(cell)
        status = "passed" if error is None else "failed"
        questions.append(QuestionResult(meta["grade_id"], points, status, error or ""))
    return SelfCheck(path.name, questions)

"""Self-check for self-learners: run your own copy's tests, hear per question what is right.

On Binder there is no nbgrader exchange and no lecturer. From a notebook cell::

    from ketenles.selfstudy.selfcheck import selfcheck
    selfcheck("ketenanalyse.ipynb")

runs a *copy* of the saved notebook from top to bottom in a fresh kernel (your
file is never changed) and says per question whether its visible test passes,
and if not, the Dutch message of the check. In the self-learners' version of a
practice assignment it also says whether the answer is right: it compares a
salted digest of the answer with the model answer's digest in the notebook's
metadata (:mod:`ketenles.selfstudy.answer_key`) and, for a wrong answer, gives
the hidden test's hint and the lesson section to reread, never the answer. Questions are named as the student
sees them, after the heading above the test ("Vraag 1 — De partners"). It
refuses a notebook that still holds hidden tests (the lecturer's source
version): hidden tests are never run or shown.

The check reads the *saved* file, and says so with the time it was saved. A
kernel cannot read what is on screen, but it knows what the student ran: when
a cell that set an answer was run with code that is not in the saved file,
the result starts with a warning to save (Ctrl+S) and check again. The kernel
that runs the copy writes its start-up warnings (in English) to its own
stderr; that goes nowhere, so the student sees only the Dutch result.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.grading.markers import DEFAULT as MARKERS
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.predictions import RECORD_FILE
from ketenles.selfstudy import answer_key, solutions
from ketenles.selfstudy.solutions import SELFCHECK_RUNNING as RUNNING

# Set while a self-check runs, so a notebook that calls selfcheck() itself does
# not start another self-check inside the copy being checked.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# "## Vraag 1 — De partners (1 punt)" -> "Vraag 1 — De partners"
_QUESTION_HEADING = re.compile(r"^#+\s*(Vraag\b[^\n(]*)", re.MULTILINE)
_ASSIGNED = re.compile(r"^([A-Za-z_]\w*)\s*=(?!=)", re.MULTILINE)


@dataclass
class QuestionResult:
    question: str  # as the student sees it: "Vraag 1 — De partners" (the grade id if no heading)
    points: float
    status: str  # "passed" (format only), "right", "wrong", "failed" (format), "missing" or "manual"
    message: str = ""
    hints: list[str] = field(default_factory=list)  # catalogue keys of the hints for a wrong answer
    lesson: str = ""  # the lesson and section to reread for a wrong answer
    section: str = ""

    def describe(self) -> str:
        points = format_number(self.points)
        if self.status == "right":
            return msg("grading_workflow.selfcheck.right", question=self.question, points=points)
        if self.status == "wrong":
            reread = (msg("grading_workflow.selfcheck.reread", lesson=self.lesson, section=self.section)
                      if self.lesson else "")
            return msg("grading_workflow.selfcheck.wrong", question=self.question, points=points,
                       hint=" ".join(msg(h) for h in self.hints), reread=reread).strip()
        if self.status == "manual":
            return msg("grading_workflow.selfcheck.manual", question=self.question, points=points)
        if self.status == "missing":
            return msg("grading_workflow.selfcheck.not_run", question=self.question, points=points)
        if self.status == "passed":
            return msg("grading_workflow.selfcheck.passed", question=self.question, points=points)
        return msg("grading_workflow.selfcheck.failed", question=self.question, points=points,
                   message=self.message)


@dataclass
class SelfCheck:
    notebook: str
    questions: list[QuestionResult]
    saved_at: datetime | None = None
    unsaved: list[str] = field(default_factory=list)  # answers run in the kernel but not saved

    @property
    def passed(self) -> int:
        return sum(q.status in ("passed", "right") for q in self.questions)

    @property
    def judged(self) -> bool:
        """Whether the check said right or wrong (a practice version), not only checked the format."""
        return any(q.status in ("right", "wrong") for q in self.questions)

    @property
    def autograded(self) -> int:
        return sum(q.status != "manual" for q in self.questions)

    def lines(self) -> list[str]:
        if not self.questions:
            return [msg("grading_workflow.selfcheck.no_tests")]
        saved = self.saved_at.strftime("%H:%M") if self.saved_at else "?"
        head = [msg("grading_workflow.selfcheck.heading", notebook=self.notebook, saved=saved)]
        if self.unsaved:
            head.append(msg("grading_workflow.selfcheck.unsaved", names=", ".join(self.unsaved)))
        summary = "grading_workflow.selfcheck.summary_judged" if self.judged else "grading_workflow.selfcheck.summary"
        return [*head,
                *(q.describe() for q in self.questions),
                msg(summary, passed=self.passed, total=self.autograded),
                msg("grading_workflow.selfcheck.caveat_judged" if self.judged else "grading_workflow.selfcheck.caveat"),
                *self._solutions_hint()]

    def _solutions_hint(self) -> list[str]:
        name = Path(self.notebook).stem
        if not solutions.available(name):
            return []
        return [msg("grading_workflow.selfcheck.solutions", call=solutions.call_for(name), name=name)]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        lines = self.lines()
        if not self.questions:
            return f"<p>{html.escape(lines[0])}</p>"
        warning = f'<p role="alert"><strong>{html.escape(lines[1])}</strong></p>' if self.unsaved else ""
        first = 2 if self.unsaved else 1
        tail = len(self._solutions_hint())
        end = len(lines) - tail
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[first:end - 2])
        head, summary, caveat = (html.escape(t) for t in (lines[0], *lines[end - 2:end]))
        extra = "".join(f"<p>{html.escape(t)}</p>" for t in lines[end:])
        return (f"<section><h3>{head}</h3>{warning}<ul>{items}</ul>"
                f"<p><strong>{summary}</strong></p><p>{caveat}</p>{extra}</section>")


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
    if any(MARKERS.begin_hidden in cell.source or MARKERS.end_hidden in cell.source for cell in nb.cells):
        raise ArgumentError("notebook", str(path), msg("grading_workflow.expect.student_copy"))
    return nb


def question_names(nb) -> dict[int, str]:
    """``{cell index: name}`` for every grade cell, named after the "Vraag ..." heading above it.

    Several graded cells under one heading get "(deel 1)", "(deel 2)", ...
    """
    names, groups, current = {}, {}, None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found = _QUESTION_HEADING.search(cell.source)
            if found:
                current = found.group(1).strip()
                continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            names[index] = current or meta.get("grade_id", f"cel {index + 1}")
            groups.setdefault(names[index], []).append(index)
    for name, indices in groups.items():
        if len(indices) > 1:
            for part, index in enumerate(indices, start=1):
                names[index] = f"{name} (deel {part})"
    return names


def unsaved_answers(nb, executed: list[str]) -> list[str]:
    """Answer variables the student set in the kernel with code that is not in the saved notebook.

    ``executed`` is the code the student ran (IPython's ``In``). An answer run but
    not saved means the saved file, which is what gets checked, is older than
    what is on screen.
    """
    saved = {cell.source.strip() for cell in nb.cells if cell.cell_type == "code"}
    answers = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            answers.update(_ASSIGNED.findall(cell.source))
    # Only the last code that set an answer counts: an earlier try that the
    # student corrected, ran again and saved is history, not unsaved work.
    last: dict[str, str] = {}
    for code in executed:
        for name in _ASSIGNED.findall(code):
            if name in answers:
                last[name] = code.strip()
    return [name for name, code in last.items() if code not in saved]


def _executed_in_this_kernel() -> list[str]:
    try:
        from IPython import get_ipython
    except ImportError:
        return []
    shell = get_ipython()
    return list(shell.user_ns.get("In", [])) if shell is not None else []


def selfcheck(path: str | Path, timeout: int = 60) -> SelfCheck:
    """Run the visible tests of a student's own notebook and return per-question feedback."""
    import os

    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.v4 import new_code_cell

    nb = load_student_copy(path)
    path = Path(path).resolve()
    saved_at = datetime.fromtimestamp(path.stat().st_mtime)
    if os.environ.get(RUNNING):
        return SelfCheck(path.name, [])
    unsaved = unsaved_answers(nb, _executed_in_this_kernel())
    keys = {} if solutions.switched_off() else answer_key.keys_of(nb)
    if keys:  # a last cell reports the answers' values (and recorded predictions), to compare with the digests
        answers = [a for key in keys.values() for a in key["answers"]]
        nb.cells.append(new_code_cell(answer_key.dump_cell(
            [a["variable"] for a in answers], {a["variable"]: a["item"] for a in answers if a.get("item")})))
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    os.environ[RUNNING] = "1"  # inherited by the kernel that runs the copy
    try:
        # The kernel's own stderr (English start-up warnings) must not reach the
        # student's notebook, where ipykernel would show it; the copy's outputs
        # still arrive through the kernel protocol.
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (CellTimeoutError, DeadKernelError):
        pass  # the tests not reached are reported as "not run", never as passed
    finally:
        del os.environ[RUNNING]
    values = answer_key.read_dump(nb.cells[-1]) if keys else {}
    recorded = values.pop(answer_key.RECORDED_KEY, None) or {}
    names = question_names(nb)
    questions = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        points = float(meta.get("points", 0))
        if cell.cell_type != "code":
            questions.append(QuestionResult(names[index], points, "manual"))
            continue
        if cell.get("execution_count") is None:
            # An earlier cell ran out of time or the kernel died: say so, never "passed".
            questions.append(QuestionResult(names[index], points, "missing"))
            continue
        error = _error_message(cell)
        key = keys.get(meta.get("grade_id"))
        if error is not None:
            questions.append(QuestionResult(names[index], points, "failed", error))
        elif key is None or not values:
            questions.append(QuestionResult(names[index], points, "passed"))
        elif unrecorded := [a["item"] for a in key["answers"] if a.get("item") and recorded.get(a["variable"]) is None]:
            # A prediction counts once it is recorded (leg_vast), as in grading; the variable alone does not.
            questions.append(QuestionResult(names[index], points, "failed", msg(
                "predictions.grade.not_recorded", item=unrecorded[0], file=RECORD_FILE)))
        else:
            judged = {**values, **{a["variable"]: recorded[a["variable"]] for a in key["answers"] if a.get("item")}}
            hints = answer_key.wrong_hints(key, judged)
            questions.append(QuestionResult(names[index], points, "wrong" if hints else "right", hints=hints,
                                            lesson=key.get("lesson", ""), section=key.get("section", "")))
    return SelfCheck(path.name, questions, saved_at=saved_at, unsaved=unsaved)

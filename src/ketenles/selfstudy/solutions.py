"""Worked solutions for self-learners, made from the assignment's source after an honest try.

A self-learner has no lecturer to discuss the model answers with, so after
trying the assignment they can ask for the worked solution::

    from ketenles.selfstudy.solutions import uitwerking
    uitwerking("ketenanalyse")                 # in a cell of the notebook
    ketenles uitwerkingen ketenanalyse         # or in a terminal

It writes ``uitwerking-<name>.ipynb`` next to the student's own copy: the
source's model solutions and model answers, without hidden tests and without
nbgrader's marker lines. It refuses, kindly and in Dutch, while answer cells
are still as handed out. "As handed out" is computed from the pristine source
shipped with the package (nbgrader's placeholders put back into the solution
regions), never from ``notebooks/opdrachten/``: on Binder that is the very file
the student edits. There is no way around the refusal: a stuck learner writes
an attempt, which is the point. An exam (``kind: exam`` in its
``selfstudy.yaml``) never has a worked solution, and a lecturer who grades the
assignment switches the whole thing off with ``KETENLES_UITWERKINGEN=uit``, as
the course's hub does (see course/lecturer-guide.md, which also says why that
alone is not enough).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.grading.course import CONFIG_TEMPLATE, DEFAULT_ASSIGNMENTS, assignment_names
from ketenles.grading.markers import DEFAULT as MARKERS
from ketenles.i18n import msg
from ketenles.selfstudy import answer_key
from ketenles.selfstudy.student_version import STUDENT_ROOT

ENV_VAR = "KETENLES_UITWERKINGEN"
OFF = {"uit", "nee", "0", "off", "no", "false"}
# Set while a self-check runs a copy of the student's notebook (inherited by its
# kernel), so that a uitwerking() call in that copy hands out nothing.
SELFCHECK_RUNNING = "KETENLES_SELFCHECK_RUNNING"
_MODEL_NOTE = re.compile(r"^\*Modelantwoord[^\n]*\*\s*\n", re.MULTILINE)


def switched_off(environ: dict[str, str] | None = None) -> bool:
    """Whether the lecturer (or the hub) switched self-study answers off here."""
    return (environ if environ is not None else os.environ).get(ENV_VAR, "").strip().lower() in OFF


def available(name: str, environ: dict[str, str] | None = None) -> bool:
    """Whether worked solutions of assignment ``name`` can be handed out here (never for an exam)."""
    return (not switched_off(environ) and (DEFAULT_ASSIGNMENTS / name / f"{name}.ipynb").is_file()
            and not answer_key.is_exam(name))


def call_for(name: str) -> str:
    return f'uitwerking("{name}")'


def _source(name: str) -> Path:
    if not isinstance(name, str) or name not in assignment_names(DEFAULT_ASSIGNMENTS):
        raise ArgumentError("opdracht", name, msg("grading_workflow.solutions.expect_name",
                                                   names=", ".join(assignment_names(DEFAULT_ASSIGNMENTS))))
    return DEFAULT_ASSIGNMENTS / name / f"{name}.ipynb"


def worked_solution(name: str):
    """The worked solution of ``name`` as a notebook: model solutions and answers, no hidden tests."""
    import nbformat
    from nbformat.v4 import new_markdown_cell

    nb = nbformat.read(_source(name), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.pop("nbgrader", {})
        if cell.cell_type == "code":
            cell.source = MARKERS.hidden_block.sub("", cell.source).rstrip()
            if meta.get("solution") and MARKERS.solution_block.search(cell.source):
                # The placeholder line ("x = None  # ...") only made sense for the student.
                cell.source = "\n".join(m.rstrip() for m in MARKERS.solution_block.findall(cell.source)).strip()
        elif meta.get("solution"):
            cell.source = _MODEL_NOTE.sub(msg("grading_workflow.solutions.model_answer") + "\n\n", cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells.insert(0, new_markdown_cell(msg("grading_workflow.solutions.intro", name=name)))
    return nb


def _stubs() -> tuple[str, str]:
    """nbgrader's placeholders for code and text answers, from the course's own configuration."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_TEMPLATE.name, path=str(CONFIG_TEMPLATE.parent)).load_config()
    code = config.ClearSolutions.code_stub
    return (code.get("python", "") if isinstance(code, dict) else str(code)), str(config.ClearSolutions.text_stub)


def released_answers(name: str) -> dict[str, str]:
    """``{grade id: source}`` of every answer cell as nbgrader hands it out, made from the pristine source.

    Mirrors nbgrader's ClearSolutions: a code cell's solution region becomes the
    code placeholder, a text answer becomes the text placeholder.
    """
    import nbformat

    code_stub, text_stub = _stubs()
    released = {}
    for cell in nbformat.read(_source(name), as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        if cell.cell_type == "code":
            released[meta["grade_id"]] = MARKERS.solution_block.sub(
                lambda m: code_stub + ("\n" if m.group(0).endswith("\n") else ""), cell.source)
        else:
            released[meta["grade_id"]] = text_stub
    return released


def open_answers(name: str, copy: Path) -> list[str]:
    """Grade ids of the answer cells in ``copy`` that are still as handed out."""
    import nbformat

    stubs = {grade_id: source.strip() for grade_id, source in released_answers(name).items()}
    own = nbformat.read(copy, as_version=4)
    answered = {c.metadata["nbgrader"]["grade_id"] for c in own.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") in stubs
                and c.source.strip() != stubs[c.metadata["nbgrader"]["grade_id"]]}
    return [grade_id for grade_id in stubs if grade_id not in answered]


@dataclass
class Handout:
    """What ``uitwerking`` did: the file it wrote, or why it did not."""

    message: str
    path: Path | None = None

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        text = html.escape(self.message)
        if self.path is None:
            return f"<p>{text}</p>"
        name = html.escape(self.path.name)
        return f'<p>{text} <a href="{name}">{name}</a></p>'


def _own_copy(name: str, notebook: str | Path | None) -> Path:
    candidates = [Path(notebook)] if notebook is not None else [
        Path.cwd() / f"{name}.ipynb", STUDENT_ROOT / name / f"{name}.ipynb"]
    for path in candidates:
        if path.is_file():
            return path
    raise ArgumentError("notebook", str(candidates[0]), msg("grading_workflow.expect.notebook"))


def uitwerking(name: str, notebook: str | Path | None = None) -> Handout:
    """Write the worked solution of ``name`` next to the student's own copy, after an honest try."""
    import nbformat

    _source(name)
    if os.environ.get(SELFCHECK_RUNNING):
        # Inside the copy that a self-check runs: hand out nothing there.
        return Handout(msg("grading_workflow.solutions.during_selfcheck"))
    if answer_key.is_exam(name):
        return Handout(msg("grading_workflow.solutions.exam", name=name))
    if not available(name):
        return Handout(msg("grading_workflow.solutions.switched_off"))
    copy = _own_copy(name, notebook)
    still_open = open_answers(name, copy)
    if still_open:
        return Handout(msg("grading_workflow.solutions.try_first", count=len(still_open), name=name))
    target = copy.parent / f"uitwerking-{name}.ipynb"
    nbformat.write(worked_solution(name), target)
    return Handout(msg("grading_workflow.solutions.written", path=target.name), target)

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

On a class hub ``KETENLES_UITWERKINGEN`` is an absolute folder instead: the list
of opened assignments. The hub image holds no sources, so nothing can be built
there; after an assignment's deadline the lecturer runs ``ketenles
uitwerkingen-openen NAME`` in the course folder, which writes the worked solution
as ``<folder>/<NAME>.ipynb``, and from then on ``uitwerking(NAME)`` hands out that
copy. An assignment without a file there stays closed, and an exam never opens.
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


def opened_folder(environ: dict[str, str] | None = None) -> Path | None:
    """The folder of opened worked solutions (a class hub), or None outside a hub."""
    value = (environ if environ is not None else os.environ).get(ENV_VAR, "").strip()
    return Path(value) if os.path.isabs(value) else None


def switched_off(environ: dict[str, str] | None = None) -> bool:
    """Whether self-study answers (verdicts, worked solutions built here) are off: switched off
    by the lecturer, or a class hub, where only opened worked solutions are handed out."""
    value = (environ if environ is not None else os.environ).get(ENV_VAR, "").strip().lower()
    return value in OFF or opened_folder(environ) is not None


def available(name: str, environ: dict[str, str] | None = None) -> bool:
    """Whether worked solutions of assignment ``name`` can be handed out here (never for an exam)."""
    if answer_key.is_exam(name):
        return False
    folder = opened_folder(environ)
    if folder is not None:
        return (folder / f"{name}.ipynb").is_file()
    return not switched_off(environ) and (DEFAULT_ASSIGNMENTS / name / f"{name}.ipynb").is_file()


def _known_names() -> list[str]:
    # The hub image has the student versions but no sources.
    return assignment_names(DEFAULT_ASSIGNMENTS) or assignment_names(STUDENT_ROOT)


def call_for(name: str) -> str:
    return f'uitwerking("{name}")'


def _source(name: str) -> Path:
    if not isinstance(name, str) or name not in _known_names():
        raise ArgumentError("opdracht", name, msg("grading_workflow.solutions.expect_name",
                                                   names=", ".join(_known_names())))
    return DEFAULT_ASSIGNMENTS / name / f"{name}.ipynb"


def worked_solution(name: str, source: Path | None = None):
    """The worked solution of ``name`` as a notebook: model solutions and answers, no hidden tests.

    ``source`` is the assignment's source notebook (a lecturer's course folder);
    by default the repository's or the wheel's.
    """
    import nbformat
    from nbformat.v4 import new_markdown_cell

    nb = nbformat.read(source if source is not None else _source(name), as_version=4)
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

    source = _source(name)
    if not source.is_file():
        # No sources here (the hub image): the student version inside the installed
        # package is as handed out, since nobody edits site-packages.
        shipped = nbformat.read(STUDENT_ROOT / name / f"{name}.ipynb", as_version=4)
        return {c.metadata["nbgrader"]["grade_id"]: c.source for c in shipped.cells
                if c.metadata.get("nbgrader", {}).get("solution")}
    code_stub, text_stub = _stubs()
    released = {}
    for cell in nbformat.read(source, as_version=4).cells:
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


def unrecorded_predictions(copy: Path) -> list[str]:
    """Prediction items of the student's ``copy`` (its leg_vast cells and self-check keys) not yet recorded."""
    import nbformat

    from ketenles.models import predictions

    own = nbformat.read(copy, as_version=4)
    items = [item for c in own.cells if c.cell_type == "code" for item in predictions.locked_items(c.source)]
    items += [a["item"] for key in answer_key.keys_of(own).values() for a in key["answers"] if a.get("item")]
    text = predictions.read_text(copy.parent)
    return [item for item in dict.fromkeys(items) if predictions.recorded_at(text, item) is None]


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
        key = "not_opened" if opened_folder() is not None else "switched_off"
        return Handout(msg(f"grading_workflow.solutions.{key}", name=name))
    copy = _own_copy(name, notebook)
    still_open = open_answers(name, copy)
    if still_open:
        return Handout(msg("grading_workflow.solutions.try_first", count=len(still_open), name=name))
    unrecorded = unrecorded_predictions(copy)
    if unrecorded:
        # The worked solution holds the predictions' answers: predict first, as the simulation asks.
        return Handout(msg("grading_workflow.solutions.predict_first", items=", ".join(unrecorded), name=name))
    target = copy.parent / f"uitwerking-{name}.ipynb"
    folder = opened_folder()
    solution = nbformat.read(folder / f"{name}.ipynb", as_version=4) if folder else worked_solution(name)
    nbformat.write(solution, target)
    return Handout(msg("grading_workflow.solutions.written", path=target.name), target)


def open_for_class(name: str, course: str | Path, folder: str | Path | None = None, now=None) -> Path:
    """Open the worked solution of ``name`` on a class hub, after its deadline: write it into ``folder``.

    ``course`` is the lecturer's nbgrader course folder (its ``source/<name>``);
    ``folder`` defaults to ``KETENLES_UITWERKINGEN``. Before the deadline nbgrader
    holds for the assignment (``nbgrader db assignment add --duedate``) it refuses.
    """
    from datetime import datetime, timezone

    import nbformat

    source = Path(course).expanduser() / "source" / name / f"{name}.ipynb"
    if not source.is_file():
        raise ArgumentError("opdracht", name, msg("grading_workflow.solutions.expect_source", path=str(source)))
    target_folder = Path(folder) if folder is not None else opened_folder()
    if target_folder is None:
        raise ArgumentError("naar", os.environ.get(ENV_VAR, ""), msg("grading_workflow.solutions.expect_folder"))
    deadline = _deadline(Path(course).expanduser(), name)
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    if deadline is not None and now < deadline:
        raise ArgumentError("opdracht", name, msg("grading_workflow.solutions.before_deadline", name=name,
                                                   deadline=deadline.strftime("%d-%m-%Y %H:%M")))
    target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / f"{name}.ipynb"
    nbformat.write(worked_solution(name, source), target)
    target.chmod(0o644)  # every student's server reads it; only the lecturer writes the folder
    return target


def _deadline(course: Path, name: str):
    """The assignment's due date (UTC, naive) in the course's gradebook.db, or None."""
    database = course / "gradebook.db"
    if not database.is_file():
        return None
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{database}") as gradebook:
        try:
            return gradebook.find_assignment(name).duedate
        except MissingEntry:
            return None

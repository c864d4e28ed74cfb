"""Glue between a lesson notebook and the library: progress, quizzes, exercises.

A lesson's first code cell calls :func:`start`; quiz cells call :func:`quiz`;
an open answer is typed into :func:`reflection` (done from a few words on) and
exported with :func:`export_reflections`. Nothing here marks an exercise done by
itself: only what the student does in a widget counts. The exercise list comes from the notebook's own metadata
(``metadata.ketenles.exercises``), so it is written down once.

>>> import tempfile, pathlib
>>> les = start("01-wat-is-een-keten", progress_path=pathlib.Path(tempfile.mkdtemp()) / "p.json")
>>> les.exercises
('sprekers-koppelen', 'dominant-probleem', 'ketenscan-strafrecht', 'reflectie-01')
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ketenles.content import DATA_DIR
from ketenles.content.bundle import course_path
from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg
from ketenles.models import progress

LESSON_NOTEBOOKS = course_path("notebooks")
QUIZ_DIR = DATA_DIR / "quizzes"


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    minutes: int
    exercises: tuple[str, ...]

    def _repr_html_(self) -> str:
        from ketenles.notebook.widget_fixes import frontend_fixes_html

        # The script makes the lesson's widgets accessible by name and keyboard (see notebook/widget_fixes.py).
        started = html.escape(msg("lessons.started", title=self.title, count=len(self.exercises)))
        return f"<p>{started}</p>{frontend_fixes_html()}"


def _notebook_path(lesson_id: str) -> Path | None:
    for folder in (Path.cwd(), LESSON_NOTEBOOKS):
        candidate = folder / f"{lesson_id}.ipynb"
        if candidate.is_file():
            return candidate
    return None


@cache
def lesson_metadata(lesson_id: str) -> dict:
    """``metadata.ketenles`` of a lesson notebook (read as JSON: no nbformat needed)."""
    progress.check_lesson_id(lesson_id)
    path = _notebook_path(lesson_id)
    if path is None:
        raise ArgumentError("lesson_id", lesson_id, msg("lessons.expect.lesson"))
    return json.loads(path.read_text(encoding="utf-8"))["metadata"].get("ketenles", {})


def start(lesson_id: str, progress_path: str | os.PathLike | None = None) -> Lesson:
    """Start a lesson: register its exercises and save progress from now on."""
    meta = lesson_metadata(lesson_id)
    lesson = Lesson(lesson_id, meta.get("title", lesson_id), int(meta.get("minutes", 0)),
                    tuple(meta.get("exercises", ())))
    progress.start_lesson(lesson_id, list(lesson.exercises), title=lesson.title, path=progress_path)
    return lesson


@cache
def _quiz_file(lesson_id: str) -> dict:
    from ketenles.models.quiz_yaml import quiz_from_data

    path = QUIZ_DIR / f"{lesson_id}.yaml"
    if not path.is_file():
        raise ArgumentError("lesson_id", lesson_id, msg("lessons.expect.quiz_file"))
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {quiz_id: quiz_from_data(questions) for quiz_id, questions in data.items()}


def quiz_questions(lesson_id: str, quiz_id: str):
    """The questions of one quiz of a lesson (plain model objects, for tests)."""
    quizzes = _quiz_file(lesson_id)
    if quiz_id not in quizzes:
        raise ArgumentError("quiz_id", quiz_id, ", ".join(sorted(quizzes)))
    return quizzes[quiz_id]


# The latest widget of each single-question quiz shown in this kernel, so that a
# reveal below it can wait until it is answered.
_shown_quizzes: dict[str, object] = {}


def quiz(lesson_id: str, quiz_id: str):
    """A quiz from ``data/quizzes/<lesson_id>.yaml`` as widgets; a right answer counts as done."""
    from ketenles.widgets.quiz import QuizBox, question_widget

    questions = quiz_questions(lesson_id, quiz_id)
    if len(questions) == 1:
        widget = question_widget(questions[0], lesson=lesson_id)
        _shown_quizzes[quiz_id] = widget
        return widget
    return QuizBox(questions, lesson=lesson_id)


def reveal(content, after: str | None = None):
    """Show ``content`` (a simulation's table) only after a click: a prediction above stays a prediction.

    ``after``: the id of the prediction quiz above; the button works only once
    that quiz is answered (until its cell has run, the reveal waits as well).
    """
    from ketenles.widgets.reveal import Reveal

    if after is None:
        return Reveal(content)
    if after not in _shown_quizzes:
        raise KetenlesError(msg("lessons.reveal_needs_quiz", quiz=after))
    return Reveal(content, wait_for=_shown_quizzes[after])


def reflection(exercise_id: str, lesson_id: str | None = None, rows: int = 6):
    """A text box for an open answer, kept in the progress store; done from a few words on."""
    from ketenles.widgets.reflection import ReflectionBox

    box = ReflectionBox(exercise_id, lesson=lesson_id, rows=rows)
    if box.lesson is not None:
        box.set_export(lambda: write_reflections(box.lesson))
    return box


def _notebook_cells(lesson_id: str) -> list[dict]:
    path = _notebook_path(lesson_id)
    if path is None:
        raise ArgumentError("lesson_id", lesson_id, msg("lessons.expect.lesson"))
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


_REFLECTION_CALL = re.compile(r"""lessons\.reflection\(\s*["']([^"']+)["']""")


def reflection_prompts(lesson_id: str) -> list[tuple[str, str, str]]:
    """``(exercise_id, heading, prompt)`` of every text box a lesson shows, in order.

    The prompt is the markdown right above the box's cell; the heading is the
    nearest ``##`` heading above it.
    """
    progress.check_lesson_id(lesson_id)
    cells = _notebook_cells(lesson_id)
    found = []
    for index, cell in enumerate(cells):
        call = _REFLECTION_CALL.search("".join(cell.get("source", "")))
        if cell["cell_type"] != "code" or call is None:
            continue
        exercise = call.group(1)
        heading, prompt, next_to_box = "", [], True
        for above in reversed(cells[:index]):
            if above["cell_type"] != "markdown":
                next_to_box = False  # the prompt is the markdown right above; the heading may be higher
                continue
            text = "".join(above.get("source", "")).strip()
            first, _, rest = text.partition("\n")
            if first.startswith("#"):
                heading = first.lstrip("#").strip()
                if next_to_box:
                    prompt.insert(0, rest.strip())
                break
            if next_to_box:
                prompt.insert(0, text)
        found.append((exercise, heading, "\n\n".join(p for p in prompt if p)))
    return found


def export_reflections(lesson_id: str, folder: str | os.PathLike = "reflecties"):
    """Write a lesson's saved reflections to ``<folder>/<lesson_id>.md``; shows where.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> print(export_reflections("03-mensenwerk", folder))  # doctest: +ELLIPSIS
    Je reflecties staan in .../03-mensenwerk.md (0 van ... ingevuld).
    >>> sorted(p.name for p in folder.iterdir())
    ['03-mensenwerk.md']
    """
    from ketenles.display.views import HTMLView

    return HTMLView(f"<p>{html.escape(write_reflections(lesson_id, folder))}</p>")


def write_reflections(lesson_id: str, folder: str | os.PathLike = "reflecties") -> str:
    """Write ``<folder>/<lesson_id>.md`` (one section per reflection); the Dutch note on it."""
    from ketenles.models.reflection import export_markdown

    if not isinstance(folder, (str, os.PathLike)):
        raise ArgumentError("folder", folder, msg("progress.expect.path"))
    meta = lesson_metadata(lesson_id)
    active = progress.active_lesson()
    store = active[0] if active else progress.ProgressStore()
    saved = store.texts(lesson_id)
    answers = [(heading or exercise, prompt, saved.get(exercise, ""))
               for exercise, heading, prompt in reflection_prompts(lesson_id)]
    target = Path(folder) / f"{lesson_id}.md"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(export_markdown(meta.get("title", lesson_id), answers), encoding="utf-8")
    except OSError as exc:
        note = msg("reflection.export.failed", path=target, reason=exc)
    else:
        filled = sum(1 for *_, text in answers if text.strip())
        note = msg("reflection.export.done", path=target, count=filled, total=len(answers))
    return note


def advice_outline(case, scan, dilemmas, governance=None, oefening: str = "bouwstenen"):
    """The building blocks of an advice from the student's own widgets (lesson 06).

    ``scan``: a ScanExercise, ``dilemmas``: a DilemmaExplorer, ``governance``: a
    GovernanceAdvisor or None. The exercise ``oefening`` counts as done only when
    the scan and the dilemmas were moved from where they started: blocks built on
    the starting positions are not the student's analysis.
    """
    from ketenles.display.views import HTMLView
    from ketenles.models.synthesis import advice_outline as outline_of
    from ketenles.widgets.dilemmas import DilemmaExplorer
    from ketenles.widgets.scan import ScanExercise

    if not isinstance(scan, ScanExercise):
        raise ArgumentError("scan", scan, msg("lessons.expect.scan_widget"))
    if not isinstance(dilemmas, DilemmaExplorer):
        raise ArgumentError("dilemmas", dilemmas, msg("lessons.expect.dilemma_widget"))
    outline = outline_of(case, scan.result, dilemmas.reading,
                         governance.advice if governance is not None else None)
    untouched = [msg(f"lessons.outline.{name}") for name, widget in (("scan", scan), ("dilemmas", dilemmas))
                 if not widget.moved]
    if untouched:
        note = msg("lessons.outline.untouched", parts=" en ".join(untouched))
    else:
        note = progress.record_success(oefening)
    extra = f"<p><strong>{html.escape(note)}</strong></p>" if note else ""
    return HTMLView(extra + outline._repr_html_())


def claims_quiz(claim_ids: list[str], exercise_id: str, lesson_id: str | None = None):
    """A matching exercise: which seminar speaker said what (see ``seminar.claims()``)."""
    from ketenles.models.quiz import claims_matching
    from ketenles.widgets.quiz import question_widget

    return question_widget(claims_matching(claim_ids, id=exercise_id), lesson=lesson_id)

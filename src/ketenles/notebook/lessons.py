"""Glue between a lesson notebook and the library: progress, quizzes, exercises.

A lesson's first code cell calls :func:`start`; quiz cells call :func:`quiz`;
an exercise without a right answer (a reflection, a scan) is marked done with
:func:`done`. The exercise list comes from the notebook's own metadata
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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ketenles.content import DATA_DIR
from ketenles.content.bundle import course_path
from ketenles.errors import ArgumentError
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


def quiz(lesson_id: str, quiz_id: str):
    """A quiz from ``data/quizzes/<lesson_id>.yaml`` as widgets; a right answer counts as done."""
    from ketenles.widgets.quiz import QuizBox, question_widget

    questions = quiz_questions(lesson_id, quiz_id)
    if len(questions) == 1:
        return question_widget(questions[0], lesson=lesson_id)
    return QuizBox(questions, lesson=lesson_id)


def done(exercise_id: str, lesson_id: str | None = None):
    """Mark an open exercise (a reflection, a scan) as done; shows a short note."""
    from ketenles.display.views import HTMLView

    note = progress.record_success(exercise_id, lesson_id=lesson_id)
    return HTMLView(f"<p>{html.escape(note or msg('lessons.not_tracking'))}</p>")


def claims_quiz(claim_ids: list[str], exercise_id: str, lesson_id: str | None = None):
    """A matching exercise: which seminar speaker said what (see ``seminar.claims()``)."""
    from ketenles.models.quiz import claims_matching
    from ketenles.widgets.quiz import question_widget

    return question_widget(claims_matching(claim_ids, id=exercise_id), lesson=lesson_id)

"""A manual grade stands only on the answer it was given for.

nbgrader keeps a manual score when a submission is graded again, and marks
every manually graded cell "needs manual grade" again (``SaveAutoGrades``).
Both are wrong for a lecturer: after a resubmission (``nbgrader collect
--update``) the old 4/4 silently stands on a new, perhaps blank answer; after a
plain re-run of autograde, finished grading shows up as unfinished (issue 10).

Around ``ketenles autograde``:

1. :func:`snapshot` records, per student, every hand-given score with the
   answers it was given for, from the autograded notebook that was graded;
2. after autograde, :func:`reconcile` compares those answers with the newly
   autograded notebook. Unchanged: the grade stays finished (needs manual grade
   off, score and extra credit as they were). Changed: the manual score and
   extra credit are removed, the cell needs manual grading again, and a Dutch
   line names the student and the questions.

The answers a grade depends on: for an answer cell graded by hand, that cell;
for an autograded test whose score the lecturer overrode, every answer cell of
the notebook (any of them can change the test's outcome).

>>> Review("anna", "ketenanalyse", ["q4_diagnose"]).describe()  # doctest: +ELLIPSIS
'anna heeft ketenanalyse opnieuw ingeleverd na je beoordeling: het antwoord op q4_diagnose is veranderd. ...'
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ketenles.grading.gradebook.reader import gradebook_url
from ketenles.i18n import msg


@dataclass
class GivenGrade:
    """A score given by hand, and the answers it was given for."""

    notebook: str
    cell: str
    manual_score: float
    extra_credit: float | None
    answers: dict[str, str]  # grade id of an answer cell -> its source when graded


@dataclass
class Review:
    """Hand-given scores whose answers changed: to be graded again."""

    student: str
    assignment: str
    cells: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return msg("lecturer.review.changed", student=self.student, assignment=self.assignment,
                   cells=", ".join(self.cells))


@dataclass
class ReconcileReport:
    reviews: list[Review] = field(default_factory=list)
    kept: int = 0

    def lines(self) -> list[str]:
        lines = [r.describe() for r in self.reviews]
        if self.kept:
            lines.append(msg("lecturer.review.kept", count=self.kept))
        return lines


def _answers(path: Path) -> dict[str, str]:
    """``{grade id: source}`` of the answer (solution) cells of a notebook; empty when unreadable."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - a missing or broken notebook simply has no answers
        return {}
    answers = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id"):
            answers[meta["grade_id"]] = cell.get("source", "")
    return answers


def _autograded(root: Path, student: str, assignment: str, notebook: str) -> Path:
    return root / "autograded" / student / assignment / f"{notebook}.ipynb"


def _gradebook(root: Path):
    from nbgrader.api import Gradebook

    # nbgrader runs `alembic` by name when it opens a gradebook: use this environment's.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    return Gradebook(gradebook_url(root))


def snapshot(root: str | Path, assignment: str, students: list[str]) -> dict[str, list[GivenGrade]]:
    """Every hand-given score of ``students`` for ``assignment``, with the answers it was given for."""
    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SAWarning

    root = Path(root)
    given: dict[str, list[GivenGrade]] = {}
    with warnings.catch_warnings(), _gradebook(root) as gb:
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own session handling
        for student in students:
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                continue
            for notebook in submission.notebooks:
                answers = _answers(_autograded(root, student, assignment, notebook.name))
                for grade in notebook.grades:
                    if grade.manual_score is None:
                        continue
                    depends = {grade.name: answers.get(grade.name, "")} if grade.name in answers else answers
                    given.setdefault(student, []).append(GivenGrade(
                        notebook.name, grade.name, grade.manual_score, grade.extra_credit, dict(depends)))
    return given


def reconcile(root: str | Path, assignment: str, given: dict[str, list[GivenGrade]],
              students: list[str]) -> ReconcileReport:
    """After autograde of ``students``: keep grades on unchanged answers, reopen the others."""
    from sqlalchemy.exc import SAWarning

    root = Path(root)
    report = ReconcileReport()
    with warnings.catch_warnings(), _gradebook(root) as gb:
        warnings.simplefilter("ignore", SAWarning)
        for student in students:
            review = Review(student, assignment)
            for old in given.get(student, []):
                now = _answers(_autograded(root, student, assignment, old.notebook))
                grade = gb.find_grade(old.cell, old.notebook, assignment, student)
                if all(now.get(cell) == source for cell, source in old.answers.items()):
                    grade.manual_score, grade.extra_credit = old.manual_score, old.extra_credit
                    grade.needs_manual_grade = False
                    report.kept += 1
                else:
                    grade.manual_score, grade.extra_credit = None, None
                    grade.needs_manual_grade = True
                    review.cells.append(old.cell)
            if review.cells:
                report.reviews.append(review)
        gb.db.commit()
    return report

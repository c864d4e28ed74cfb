"""A simulated class for the grading workflow: many submissions, fast to set up.

``nbgrader collect`` copies each student's notebook to
``submitted/<student>/<assignment>/`` with a ``timestamp.txt``; writing those
files directly gives the same course state as fetch/submit/collect for 60
students without 120 nbgrader start-ups (the full student path is covered by
test_nbgrader_flow.py). Used by the robustness tests and benchmarks/autograde.py.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
from nbgrader_sim import Course, grade_id, solutions
from paths import REPO

ASSIGNMENT = "ketenanalyse"
SOURCE = REPO / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SUBMITTED_AT = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)

# Partial: right, wrong (visible test passes, hidden fails), wrong type (visible test fails).
PARTIAL = {
    "q1_probleem": 'dominant_probleem = "B"',
    "q2_factoren": 'factoren = ["gezamenlijk_doel", "successen_gunnen", "draagvlak_top", "persoonlijk_commitment"]',
    "q3_lezing": 'lezing_scan = ["b"]',
    "q4_diagnose": "De keten draait om het delen van gegevens.",
}
WRONG = {
    "q1_probleem": 'dominant_probleem = "c"',
    "q2_factoren": 'factoren = ["draagvlak_top", "draagvlak_top", "draagvlak_top", "draagvlak_top"]',
    "q3_lezing": 'lezing_scan = "a"',
}
# autograded points per kind of student: q1, q2, q3 tests
POINTS = {"complete": (1, 2, 1), "partial": (1, 0, 0), "wrong": (0, 0, 0), "empty": (0, 0, 0)}


def make_course(tmp: Path, extra_config: str = "") -> Course:
    """A course with the assignment generated and the config extended by ``extra_config``."""
    course = Course.create(tmp, REPO / "assignments")
    if extra_config:
        config = course.root / "nbgrader_config.py"
        config.write_text(config.read_text(encoding="utf-8") + "\n" + extra_config + "\n", encoding="utf-8")
    course.lecturer("generate_assignment", ASSIGNMENT, "--force")
    return course


def released(course: Course) -> nbformat.NotebookNode:
    return nbformat.read(course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def answered(course: Course, kind: str) -> nbformat.NotebookNode:
    """The released notebook filled in as a student of ``kind`` would."""
    answers = {"complete": solutions(SOURCE), "partial": PARTIAL, "wrong": WRONG, "empty": {}}[kind]
    nb = released(course)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


def submit(course: Course, student: str, notebook: nbformat.NotebookNode | str,
           at: datetime = SUBMITTED_AT, assignment: str = ASSIGNMENT) -> Path:
    """Place a collected submission (a notebook, or raw file text) as ``nbgrader collect`` does."""
    folder = course.root / "submitted" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    path = folder / f"{assignment}.ipynb"
    if isinstance(notebook, str):
        path.write_text(notebook, encoding="utf-8")
    else:
        nbformat.write(notebook, path)
    (folder / "timestamp.txt").write_text(at.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
    return path


def class_kinds(size: int) -> dict[str, str]:
    """``{student: kind}`` for a mixed class: half complete, the rest partial, wrong, empty."""
    kinds = ["complete", "complete", "partial", "complete", "wrong", "empty"]
    return {f"student{i:02d}": kinds[i % len(kinds)] for i in range(size)}


def simulated_class(tmp: Path, size: int) -> tuple[Course, dict[str, str]]:
    """A course with ``size`` collected submissions of a mixed class (:func:`class_kinds`)."""
    course = make_course(tmp)
    kinds = class_kinds(size)
    notebooks = {kind: answered(course, kind) for kind in set(kinds.values())}
    for student, kind in kinds.items():
        submit(course, student, notebooks[kind])
    return course, kinds


def copy_course(course: Course, target: Path) -> Course:
    """An independent copy of a course (same submissions, its own gradebook)."""
    shutil.copytree(course.root, target / "course")
    return Course(target / "course", course.exchange, course.homes)


def scores(database: Path) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    """``{(student, cell): (auto_score, manual_score)}`` straight from the gradebook."""
    import sqlite3

    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT sa.student_id, gc.name, g.auto_score, g.manual_score FROM grade g "
            "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
            "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
            "JOIN base_cell gc ON g.cell_id = gc.id").fetchall()
    return {(s, c): (a, m) for s, c, a, m in rows}


def text_of(page: str) -> str:
    """What a reader of an HTML page sees: tags removed (ANSI colours split lines into spans)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", page))


def later(days: float) -> datetime:
    return SUBMITTED_AT + timedelta(days=days)


def not_json() -> str:
    return json.dumps({"cells": []})[:-3] + "<<kapot"


def tiny_gradebook(path: Path, scores_by_student: dict[str, dict[str, float | None]],
                   max_scores: dict[str, float], duedate: datetime | None = None,
                   submitted: dict[str, datetime] | None = None, students: dict[str, dict] | None = None) -> Path:
    """A gradebook for one assignment ``opdracht`` built through nbgrader's API, without autograde.

    A score of ``None`` leaves the grade ungraded; a cell name starting with
    ``open`` is a markdown cell (graded by hand), the others are code cells.
    """
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings(), Gradebook(f"sqlite:///{path}") as gb:
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own session handling
        gb.add_assignment("opdracht", duedate=duedate)
        gb.add_notebook("opdracht", "opdracht")
        for cell, top in max_scores.items():
            kind = "markdown" if cell.startswith("open") else "code"
            gb.add_grade_cell(cell, "opdracht", "opdracht", max_score=top, cell_type=kind)
        for student in scores_by_student:
            gb.add_student(student, **(students or {}).get(student, {}))
        for student, cells in scores_by_student.items():
            gb.add_submission("opdracht", student, timestamp=(submitted or {}).get(student, SUBMITTED_AT))
            for cell, score in cells.items():
                grade = gb.find_grade(cell, "opdracht", "opdracht", student)
                if cell.startswith("open"):
                    grade.manual_score = score
                else:
                    grade.auto_score = score
        gb.db.commit()
    return path

"""The one gradebook reader that export, report and the gradebook check share."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from grading_class import SUBMITTED_AT, tiny_gradebook

from ketenles.grading.gradebook.reader import GradebookReader


@pytest.fixture
def gradebook(tmp_path):
    return tiny_gradebook(
        tmp_path / "gradebook.db",
        {"s1": {"q2": 2, "q1": 3, "open": 4}, "s2": {"q1": 1, "q2": None, "open": None}},
        {"q2": 3, "q1": 3, "open": 4}, duedate=SUBMITTED_AT + timedelta(days=1),
        students={"s1": {"first_name": "Anna", "last_name": "de Vries"}})


def test_cells_come_in_notebook_order_with_the_lecturers_score_before_the_automatic_one(gradebook):
    with sqlite3.connect(gradebook) as db:  # the lecturer overrides s1's automatic q1
        db.execute("UPDATE grade SET manual_score = 1 WHERE auto_score = 3")
    with GradebookReader(gradebook) as reader:
        assert reader.grade_cells("opdracht") == [("q2", 3.0), ("q1", 3.0), ("open", 4.0)]
        cells = {(c.student, c.cell): c for c in reader.cell_grades("opdracht")}
    assert [c for (s, c) in cells if s == "s1"] == ["q2", "q1", "open"]
    assert cells[("s1", "q1")].score == 1 and cells[("s1", "q1")].auto_score == 3
    assert cells[("s2", "q2")].score is None and cells[("s2", "q2")].has_grade
    assert {c.cell_type for c in cells.values() if c.cell == "open"} == {"markdown"}


def test_a_missing_grade_row_is_shown_not_skipped(gradebook):
    with sqlite3.connect(gradebook) as db:
        db.execute("DELETE FROM grade WHERE manual_score = 4")
    with GradebookReader(gradebook) as reader:
        missing = [(c.student, c.cell) for c in reader.cell_grades() if not c.has_grade]
    assert missing == [("s1", "open")]


def test_submissions_students_and_assignments_as_plain_values(gradebook):
    with GradebookReader(gradebook) as reader:
        assert reader.assignment("bestaat-niet") is None
        assignment_id, due = reader.assignment("opdracht")
        utc = SUBMITTED_AT.replace(tzinfo=None)  # nbgrader stores times in UTC, without a zone
        assert due == utc + timedelta(days=1)
        assert [(s.student, s.timestamp, s.late_penalty) for s in reader.submissions("opdracht")] == [
            ("s1", utc, 0.0), ("s2", utc, 0.0)]
        assert reader.students() == [("s1", "Anna", "de Vries", ""), ("s2", "", "", "")]


def test_reading_never_creates_or_changes_a_gradebook(tmp_path, gradebook):
    missing = tmp_path / "geen" / "gradebook.db"
    with pytest.raises(Exception), GradebookReader(missing) as reader:  # noqa: B017, PT011 - any driver error
        reader.students()
    assert not missing.exists()
    before = gradebook.read_bytes()
    with GradebookReader(gradebook) as reader, pytest.raises(Exception):  # noqa: B017, PT011
        reader.count("DELETE FROM grade")
    assert gradebook.read_bytes() == before

"""Gradebook integrity check: a sound gradebook passes, every kind of damage is named."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from catalogue_match import parse
from grading_class import tiny_gradebook

from ketenles.cli import main
from ketenles.grading.gradebook.integrity import check_gradebook
from ketenles.i18n import msg


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    # Building a gradebook through nbgrader's API takes seconds; each test gets a copy.
    tmp_path = tmp_path_factory.mktemp("gradebook")
    return tiny_gradebook(tmp_path / "gradebook.db", {"s1": {"q1": 1, "q2": 2, "open": 3},
                                                      "s2": {"q1": 0, "q2": 0, "open": None}},
                          {"q1": 1, "q2": 2, "open": 4})


@pytest.fixture
def gradebook(template, tmp_path):
    return Path(shutil.copy(template, tmp_path / "gradebook.db"))


def _execute(path, sql, *args):
    with sqlite3.connect(path) as db:
        db.execute(sql, args)


def test_sound_gradebook_with_an_open_answer_is_not_called_in_order(gradebook, capsys):
    report = check_gradebook(gradebook)
    assert report.ok and report.submissions == 2 and report.grades == 6 and not report.attention
    assert report.ungraded == {"s2": ["opdracht/open"]}
    assert main(["check-gradebook", "--course", str(gradebook.parent)]) == 0
    out = capsys.readouterr().out
    assert msg("grading_workflow.integrity.ungraded", submissions=2, count=1, students=1) in out
    assert msg("grading_workflow.integrity.ok", submissions=2, grades=6) not in out


def test_fully_graded_gradebook_is_in_order(gradebook, capsys):
    _execute(gradebook, "UPDATE grade SET manual_score = 2 WHERE manual_score IS NULL AND cell_id = "
             "(SELECT id FROM base_cell WHERE name = 'open')")
    assert check_gradebook(gradebook).ungraded == {}
    assert main(["check-gradebook", "--course", str(gradebook.parent)]) == 0
    assert msg("grading_workflow.integrity.ok", submissions=2, grades=6) in capsys.readouterr().out


def test_missing_grade_row_is_a_problem(gradebook, capsys):
    _execute(gradebook, "DELETE FROM grade WHERE cell_id = (SELECT id FROM base_cell WHERE name = 'q2') "
             "AND notebook_id IN (SELECT sn.id FROM submitted_notebook sn JOIN submitted_assignment sa "
             "ON sn.assignment_id = sa.id WHERE sa.student_id = 's1')")
    report = check_gradebook(gradebook)
    assert report.problems == ["s1 / opdracht: geen cijferregel voor cel q2."]
    assert main(["check-gradebook", "--course", str(gradebook.parent)]) == 1
    assert "geen cijferregel" in capsys.readouterr().out


@pytest.mark.parametrize("score", [-1, 2.5])
def test_score_outside_range_is_a_problem(gradebook, score):
    _execute(gradebook, "UPDATE grade SET auto_score = ? WHERE cell_id = (SELECT id FROM base_cell "
             "WHERE name = 'q2')", score)
    assert len(check_gradebook(gradebook).problems) == 2
    assert "buiten 0..2.0" in check_gradebook(gradebook).problems[0]


def test_orphan_rows_are_problems(gradebook):
    _execute(gradebook, "INSERT INTO grade (id, notebook_id, cell_id, needs_manual_grade) "
             "VALUES ('weesje', 'geen-notebook', 'geen-cel', 0)")
    _execute(gradebook, "INSERT INTO submitted_assignment (id, assignment_id, student_id) "
             "VALUES ('weeshuis', 'geen-opdracht', 'niemand')")
    problems = check_gradebook(gradebook).problems
    assert any("weesje" in p for p in problems) and any("weeshuis" in p for p in problems)


def test_unscored_code_cell_needs_attention_but_is_no_damage(gradebook):
    _execute(gradebook, "UPDATE grade SET auto_score = NULL WHERE cell_id = (SELECT id FROM base_cell "
             "WHERE name = 'q1')")
    report = check_gradebook(gradebook, "opdracht")
    assert report.ok and len(report.attention) == 2
    assert parse(report.attention[0])[0] == "grading_workflow.integrity.not_autograded"


def test_missing_gradebook_is_reported(tmp_path):
    report = check_gradebook(tmp_path)
    assert not report.ok and "Geen cijferboek" in report.problems[0]

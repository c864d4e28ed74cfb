"""Whose exam variant a notebook shows and is graded against (issue 19)."""

from __future__ import annotations

from ketenles.grading import student_id
from ketenles.grading.student_id import current_student, student_from_path


def test_the_graders_student_wins_over_everything():
    env = {"KETENLES_STUDENT": "anna", "JUPYTERHUB_USER": "docent", "NBGRADER_EXECUTION": "autograde"}
    assert current_student(env, cwd="/c/autograded/bram/eindtoets") == "anna"


def test_plain_nbgrader_autograde_takes_the_student_folder_of_the_path():
    env = {"NBGRADER_EXECUTION": "autograde", "JUPYTERHUB_USER": "docent"}
    assert current_student(env, cwd="/cursus/autograded/bram/eindtoets") == "bram"


def test_grading_without_a_student_gives_none_never_the_grading_account():
    env = {"NBGRADER_EXECUTION": "autograde", "JUPYTERHUB_USER": "docent"}
    assert current_student(env, cwd="/tmp/ketenles-check-x") is None
    assert current_student({"KETENLES_STUDENT": ""}, cwd="/tmp") is None


def test_outside_grading_the_id_nbgrader_submits_under(monkeypatch):
    monkeypatch.setattr(student_id, "_account", lambda: "jovyan")
    assert current_student({"JUPYTERHUB_USER": "anna"}, cwd="/home/jovyan") == "anna"
    assert current_student({}, cwd="/home/jovyan") == "jovyan"
    monkeypatch.setattr(student_id, "_account", lambda: "bram")
    assert current_student({"JUPYTERHUB_USER": "someone"}, cwd="/home/bram") == "bram"


def test_student_from_path_needs_the_autograded_shape():
    assert student_from_path("/c/autograded/anna/eindtoets") == "anna"
    assert student_from_path("/c/submitted/anna/eindtoets") is None
    assert student_from_path("/eindtoets") is None

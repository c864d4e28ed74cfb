"""A student who renamed their notebook gets the feedback of its grading (issue 22).

The whole exchange round trip with nbgrader's own commands: release, fetch,
the student renames the notebook (as a browser download does) and submits,
collect, ``ketenles autograde``, ``ketenles feedback``, release_feedback, and
the student's fetch_feedback. nbgrader finds feedback by a hash of the notebook's
name, so without the copy under the student's own name the student got "Could not
find feedback" although the work was graded.
"""

from __future__ import annotations

import os
from contextlib import redirect_stdout
from io import StringIO

import pytest
from grading_class import ASSIGNMENT, make_course
from nbgrader_sim import COURSE_ID, run

from ketenles.cli import main

pytestmark = pytest.mark.slow

OWN_NAME = f"{ASSIGNMENT} (1)"


def test_feedback_reaches_the_student_under_their_own_notebook_name(tmp_path):
    course = make_course(tmp_path)
    course.lecturer("release_assignment", ASSIGNMENT)
    folder = course.fetch("hernoemd", ASSIGNMENT)
    (folder / f"{ASSIGNMENT}.ipynb").rename(folder / f"{OWN_NAME}.ipynb")
    course.submit("hernoemd", ASSIGNMENT)
    course.lecturer("collect", ASSIGNMENT)
    cwd = os.getcwd()
    os.chdir(course.root)
    try:
        with redirect_stdout(StringIO()):
            assert main(["autograde", ASSIGNMENT]) == 0
            assert main(["feedback", ASSIGNMENT]) == 0
    finally:
        os.chdir(cwd)
    course.lecturer("release_feedback", ASSIGNMENT)
    home = course.home("hernoemd")
    fetched = run(["nbgrader", "fetch_feedback", ASSIGNMENT, "--course", COURSE_ID, "--student", "hernoemd",
                   f"--Exchange.root={course.exchange}"], cwd=home, home=home)
    assert "Could not find feedback" not in fetched.stdout + fetched.stderr
    pages = list((home / ASSIGNMENT / "feedback").rglob("*.html"))
    assert [p.name for p in pages] == [f"{OWN_NAME}.html"]

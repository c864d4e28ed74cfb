"""A student's markdown answer with script does not run in the lecturer's formgrader (issue 10).

The lecturer's JupyterLab runs in the course folder (as the guide says), so
nbgrader's formgrader extension uses the course's nbgrader_config.py. A student
answered the open question with ``<img src=x onerror=...>``; after autograde the
lecturer opens that submission for grading: the page the Formgrader panel
shows (``/formgrader/submissions/<id>``), in Chromium. The answer's text is
there, its image is harmless, and the handler never ran.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import pytest
from conftest import require_browser, start_lab

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from grading_class import ASSIGNMENT, answered, make_course, submit  # noqa: E402
from nbgrader_sim import grade_id  # noqa: E402

STUDENT = "bram"
ANSWER = 'Mijn diagnose van de keten. <img src=x onerror="window.__xss = (window.__xss || 0) + 1"> Einde.'


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    require_browser()
    course = make_course(tmp_path_factory.mktemp("formgrader"))
    nb = answered(course, "partial")
    for cell in nb.cells:
        if grade_id(cell) == "q4_diagnose":
            cell.source = ANSWER
    submit(course, STUDENT, nb)
    course.lecturer("autograde", ASSIGNMENT)
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings(), Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        warnings.simplefilter("ignore", SAWarning)
        submission_id = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, STUDENT).id
    return course, submission_id


@pytest.fixture(scope="module")
def lecturer_lab(graded_course, tmp_path_factory):
    course, _ = graded_course
    server = start_lab(course.root, tmp_path_factory.mktemp("lecturer"))
    yield server
    server.stop()


def test_student_script_does_not_run_when_the_lecturer_grades(graded_course, lecturer_lab, page):
    _, submission_id = graded_course
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(lecturer_lab.url(f"formgrader/submissions/{submission_id}"))
    answer = page.get_by_text("Mijn diagnose van de keten.")
    answer.wait_for()
    # The image has been loaded (and failed) by now: give a handler every chance to run.
    page.wait_for_function("() => Array.from(document.images).every(img => img.complete)")
    time.sleep(1.0)
    assert page.evaluate("() => window.__xss") is None
    assert not dialogs
    html = page.content()
    assert "onerror" not in html
    # The grading form itself works: the score box of the open question is there.
    assert page.locator("input.score").count() >= 1

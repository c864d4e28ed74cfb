"""A student fetches and submits a released nbgrader assignment in JupyterLab.

The lecturer side is the real course set-up (``init_course``, generate,
release) with a temporary exchange; the student's JupyterLab is pointed at it by
an ``nbgrader_config.py`` in its JUPYTER_CONFIG_DIR, as on a shared server.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import require_browser, start_lab
from labpage import run_command
from nbgrader_sim import COURSE_ID, Course
from paths import REPO

ASSIGNMENT = "ketenanalyse"
STUDENT = "student-anna"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    require_browser()
    course = Course.create(tmp_path_factory.mktemp("course"), REPO / "assignments")
    course.lecturer("generate_assignment", ASSIGNMENT, "--force")
    course.lecturer("release_assignment", ASSIGNMENT)
    assert (course.exchange / COURSE_ID / "outbound" / ASSIGNMENT).is_dir()
    return course


@pytest.fixture(scope="module")
def student_lab(released, tmp_path_factory):
    state = tmp_path_factory.mktemp("student")
    home = state / "home"
    home.mkdir()
    config = state / "config"
    config.mkdir()
    (config / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.Exchange.root = {str(released.exchange)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.CourseDirectory.student_id = {STUDENT!r}\n",
        encoding="utf-8",
    )
    server = start_lab(home, state)
    yield server
    server.stop()


def _row(panel, list_id: str):
    return panel.locator(f"#{list_id} .list_item:not(.nested_list_item)", has_text=ASSIGNMENT).first


def _wait_for_files(find, timeout: float = 60) -> list[Path]:
    deadline = time.monotonic() + timeout
    found = find()
    while not found and time.monotonic() < deadline:
        time.sleep(0.5)
        found = find()
    return found


def test_student_fetches_and_submits_in_assignment_list(page, student_lab, released):
    page.goto(student_lab.url("lab"))
    page.locator(".jp-LabShell").wait_for(timeout=90_000)
    run_command(page, "Nbgrader", "nbgrader:open-assignment-list")
    panel = page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden)", has=page.locator("#released_assignments_list"))
    panel.wait_for()

    released_row = _row(panel, "released_assignments_list")
    released_row.wait_for(timeout=60_000)
    assert COURSE_ID in released_row.text_content()
    released_row.locator("button", has_text=re.compile("^Fetch$")).click()

    fetched_row = _row(panel, "fetched_assignments_list")
    fetched_row.wait_for(timeout=60_000)
    notebook = Path(student_lab.root) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert _wait_for_files(lambda: [notebook] if notebook.is_file() else []), \
        "Fetch did not put the notebook in the student's folder"

    inbound = released.exchange / COURSE_ID / "inbound"
    assert not list(inbound.glob(f"{STUDENT}+{ASSIGNMENT}+*"))
    fetched_row.locator("button", has_text=re.compile("^Submit$")).click()
    # The student sees the submission listed with its time stamp: nbgrader shows
    # it only after the submit command has finished copying.
    _row(panel, "submitted_assignments_list").wait_for(timeout=60_000)
    # Wait for what is asserted: the notebook inside the submission folder, not
    # the folder itself, which nbgrader creates before it copies the files into it.
    submitted = _wait_for_files(lambda: list(inbound.glob(f"{STUDENT}+{ASSIGNMENT}+*/{ASSIGNMENT}.ipynb")))
    assert len(submitted) == 1, "the submitted notebook did not arrive in the exchange"
    assert submitted[0].stat().st_size > 0

    # The lecturer can collect exactly this student's work.
    released.lecturer("collect", ASSIGNMENT)
    assert (released.root / "submitted" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()

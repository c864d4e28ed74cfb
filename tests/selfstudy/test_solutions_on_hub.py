"""On a class hub worked solutions stay closed until a lecturer opens them per assignment (issue 22).

The hub sets ``KETENLES_UITWERKINGEN`` to a folder; ``ketenles uitwerkingen-openen`` writes an
assignment's worked solution there from the lecturer's course folder, after its deadline.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import nbformat
import pytest
from nbgrader_sim import hidden_test_lines

from ketenles.errors import ArgumentError
from ketenles.grading.course import init_course
from ketenles.i18n import msg
from ketenles.selfstudy import solutions as worked
from ketenles.selfstudy.student_version import STUDENT_ROOT

NAME = "ketenanalyse"


@pytest.fixture
def hub(tmp_path, monkeypatch):
    opened = tmp_path / "uitwerkingen"
    monkeypatch.setenv("KETENLES_UITWERKINGEN", str(opened))
    copy = tmp_path / "student" / f"{NAME}.ipynb"
    copy.parent.mkdir()
    shutil.copy(STUDENT_ROOT / NAME / f"{NAME}.ipynb", copy)
    course = init_course(tmp_path / "cursus")
    return opened, copy, course


def answer_everything(copy) -> None:
    """An honest try: every answer cell changed (right or wrong does not matter here)."""
    nb = nbformat.read(copy, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "mijn_antwoord = 'c'" if cell.cell_type == "code" else "Mijn eigen uitleg."
    nbformat.write(nb, copy)


def test_closed_until_opened_even_after_trying(hub):
    opened, copy, _ = hub
    answer_everything(copy)
    handout = worked.uitwerking(NAME, copy)
    assert handout.path is None
    assert handout.message == msg("grading_workflow.solutions.not_opened", name=NAME)
    assert not worked.available(NAME) and not opened.exists()


def test_the_lecturer_opens_one_assignment_and_students_get_that_copy(hub):
    opened, copy, course = hub
    path = worked.open_for_class(NAME, course)
    assert path == opened / f"{NAME}.ipynb"
    assert worked.available(NAME) and not worked.available("vertrouwen")
    assert worked.uitwerking(NAME, copy).path is None  # opened, but nobody gets it without a try
    answer_everything(copy)
    handout = worked.uitwerking(NAME, copy)
    assert handout.path == copy.parent / f"uitwerking-{NAME}.ipynb"
    shown = "\n".join(c.source for c in nbformat.read(handout.path, as_version=4).cells)
    assert "BEGIN SOLUTION" not in shown
    source = course / "source" / NAME / f"{NAME}.ipynb"
    assert [line for line in hidden_test_lines(source) if line in shown] == []


def test_opening_before_the_deadline_in_the_gradebook_is_refused(hub):
    from nbgrader.api import Gradebook

    opened, _, course = hub
    deadline = datetime(2030, 3, 1, 17, 0)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment(NAME, duedate=deadline)
    with pytest.raises(ArgumentError, match="01-03-2030 17:00"):
        worked.open_for_class(NAME, course, now=deadline - timedelta(minutes=1))
    assert not (opened / f"{NAME}.ipynb").exists()
    assert worked.open_for_class(NAME, course, now=deadline + timedelta(minutes=1)).is_file()


def test_opening_needs_the_source_in_the_course_and_a_folder(hub, monkeypatch, tmp_path):
    _, _, course = hub
    with pytest.raises(ArgumentError):
        worked.open_for_class(NAME, tmp_path / "geen-cursus")
    monkeypatch.delenv("KETENLES_UITWERKINGEN")
    with pytest.raises(ArgumentError):
        worked.open_for_class(NAME, course)

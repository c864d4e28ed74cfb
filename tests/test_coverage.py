"""course/coverage.yaml: every seminar statement and course objective is taught somewhere real.

A statement or objective without a lesson fails, and so does an entry that points
at a lesson, exercise or graded cell that does not exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from ketenles import seminar

REPO = Path(__file__).resolve().parents[1]
COVERAGE = yaml.safe_load((REPO / "course" / "coverage.yaml").read_text(encoding="utf-8"))


def lessons() -> dict[str, set[str]]:
    """lesson id -> its exercise ids (from the tagged cells)."""
    found = {}
    for path in (REPO / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        found[path.stem] = {t.split(":", 1)[1] for c in nb.cells for t in c.metadata.get("tags", [])
                            if t.startswith("oefening:")}
    return found


def graded_cells() -> dict[str, set[str]]:
    """assignment -> its graded cell ids."""
    found = {}
    for path in (REPO / "assignments").glob("*/*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        found[path.parent.name] = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                                   if c.metadata.get("nbgrader", {}).get("grade")}
    return found


def seed_statements() -> set[str]:
    statements = {f"claim:{c.id}" for c in seminar.claims()}
    statements |= {f"factor:{f.id}" for f in seminar.factors()}
    statements |= {f"dilemma:{d.id}" for d in seminar.dilemmas()}
    statements |= {f"overarching:{o.id}" for o in seminar.overarching_factors()}
    statements |= {f"conclusion:{c}" for c in seminar._data()["conclusion"]}
    return statements


def syllabus_objectives() -> set[str]:
    text = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| (LD\d) \|", text, re.M))


def check_activity(ref: str, known: dict[str, set[str]]) -> None:
    lesson, _, exercise = ref.partition("/")
    assert lesson in known, f"{ref}: no lesson {lesson}"
    assert exercise in known[lesson], f"{ref}: lesson {lesson} has no exercise {exercise}"


def test_every_seed_statement_is_mapped_and_nothing_else():
    assert set(COVERAGE["statements"]) == seed_statements()


@pytest.mark.parametrize("statement", sorted(seed_statements()))
def test_statement_is_taught_in_a_lesson_that_exists(statement):
    entry = COVERAGE["statements"][statement]
    known = lessons()
    assert entry.get("lessons"), f"{statement} has no lesson"
    for lesson in entry["lessons"]:
        assert lesson in known, f"{statement}: no lesson {lesson}"
    for ref in entry.get("exercises", []):
        check_activity(ref, known)


def test_every_course_objective_is_mapped():
    assert set(COVERAGE["objectives"]) == syllabus_objectives()
    assert len(syllabus_objectives()) >= 5


@pytest.mark.parametrize("objective", sorted(syllabus_objectives()))
def test_objective_has_lessons_activities_and_assessments(objective):
    entry = COVERAGE["objectives"][objective]
    known, graded = lessons(), graded_cells()
    assert entry.get("lessons") and entry.get("activities"), objective
    for lesson in entry["lessons"]:
        assert lesson in known, f"{objective}: no lesson {lesson}"
    for ref in entry["activities"]:
        check_activity(ref, known)
    for ref in entry.get("assessments", []):
        assignment, _, cell = ref.partition("/")
        assert assignment in graded, f"{objective}: no assignment {assignment}"
        assert cell in graded[assignment], f"{objective}: {assignment} has no graded cell {cell}"


def test_every_graded_cell_assesses_some_objective():
    assessed = {ref for entry in COVERAGE["objectives"].values() for ref in entry.get("assessments", [])}
    for assignment, cells in graded_cells().items():
        for cell in cells:
            assert f"{assignment}/{cell}" in assessed, f"{assignment}/{cell} assesses no course objective"


def test_every_lesson_is_used():
    used = {lesson for entry in COVERAGE["statements"].values() for lesson in entry["lessons"]}
    used |= {lesson for entry in COVERAGE["objectives"].values() for lesson in entry["lessons"]}
    assert set(lessons()) - {"00-welkom"} <= used

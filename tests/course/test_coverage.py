"""course/coverage.yaml: every seminar statement and objective is taught and assessed somewhere real.

A statement or objective without a lesson fails, and so does an entry that points
at a lesson, exercise, graded cell or bank question that does not exist. Every
objective of every lesson (its metadata) needs an activity in that lesson and an
assessment item: a graded cell of an assignment or a question of the final test's bank.
"""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml
from paths import REPO

from ketenles import seminar

COVERAGE = yaml.safe_load((REPO / "course" / "coverage.yaml").read_text(encoding="utf-8"))
_BANK_FILE = REPO / "course" / "oefenvragen.yaml"
BANK = {q["id"]: q for q in yaml.safe_load(_BANK_FILE.read_text(encoding="utf-8"))["vragen"]}
EXAM = "eindtoets"
# grade id of each numbered question of the final test -> the course objectives of its pool
EXAM_OBJECTIVES = yaml.safe_load((REPO / "assignments" / EXAM / "objectives.yaml").read_text(
    encoding="utf-8"))["questions"]


def lesson_objectives() -> dict[str, str]:
    """"<lesson id>/<number>" -> objective text, from each lesson's metadata."""
    found = {}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        meta = nbformat.read(path, as_version=4).metadata["ketenles"]
        for number, text in enumerate(meta["objectives"], 1):
            found[f"{meta['id']}/{number}"] = text
    return found


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
        if path.parent.name == EXAM:
            # Each numbered question of the final test is a pool: every student gets one of its
            # bank questions, graded in that question's cell (issue 19), so each counts as graded.
            found[EXAM] |= {f"{q}_test" for q in nb.metadata["ketenles"]["exam"]["questions"]}
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
            if f"{assignment}/{cell}" in assessed:
                continue
            if assignment == EXAM and cell in EXAM_OBJECTIVES:
                # A numbered question of the final test assesses what its pool's bank entries name.
                assert set(EXAM_OBJECTIVES[cell]) <= {*COVERAGE["objectives"], "werkwijze"}, cell
                continue
            # A drawn question of the final test assesses what its bank entry names.
            question = BANK.get(cell.removesuffix("_test")) if assignment == EXAM else None
            assert question, f"{assignment}/{cell} assesses no course objective"
            assert question["leerdoel"] in COVERAGE["objectives"] or question["leerdoel"] == "werkwijze", cell


def test_every_lesson_objective_is_mapped():
    assert set(COVERAGE["lesson_objectives"]) == set(lesson_objectives())
    assert len(lesson_objectives()) >= 25


@pytest.mark.parametrize("objective", sorted(lesson_objectives()))
def test_lesson_objective_has_an_activity_and_an_assessment_item(objective):
    entry = COVERAGE["lesson_objectives"][objective]
    lesson = objective.split("/")[0]
    known, graded = lessons(), graded_cells()
    assert entry.get("activities"), f"{objective} has no activity"
    for exercise in entry["activities"]:
        assert exercise in known[lesson], f"{objective}: lesson {lesson} has no exercise {exercise}"
    assert entry.get("assessments"), f"{objective} has no assessment item"
    for ref in entry["assessments"]:
        where, _, item = ref.partition("/")
        if where == "toetsbank":
            assert item in BANK, f"{objective}: no bank question {item}"
            assert BANK[item]["doel"] == objective, f"{objective}: bank question {item} tests {BANK[item]['doel']}"
        else:
            assert item in graded.get(where, set()), f"{objective}: {where} has no graded cell {item}"


def test_every_bank_question_is_listed_under_its_lesson_objective():
    listed = {ref.partition("/")[2] for entry in COVERAGE["lesson_objectives"].values()
              for ref in entry["assessments"] if ref.startswith("toetsbank/")}
    assert set(BANK) == listed
    assert {q["doel"] for q in BANK.values()} <= set(lesson_objectives())


def test_winters_dilemmas_have_a_summative_item_in_an_assignment():
    """Lesson 4's dilemmas (LD4) are graded in an assignment, not only in the bank."""
    refs = COVERAGE["objectives"]["LD4"]["assessments"]
    assert any(not ref.startswith(EXAM + "/") for ref in refs)
    assert any(ref.startswith(EXAM + "/") for ref in refs)


def test_every_lesson_is_used():
    used = {lesson for entry in COVERAGE["statements"].values() for lesson in entry["lessons"]}
    used |= {lesson for entry in COVERAGE["objectives"].values() for lesson in entry["lessons"]}
    assert set(lessons()) - {"00-welkom"} <= used

"""The whole nbgrader cycle for a class of three simulated students.

generate -> release -> fetch -> submit -> collect -> autograde -> manual grade ->
feedback -> export, in a temporary course and exchange, with exact scores, and
proof that nothing a student receives holds a solution or a hidden test.
"""

from __future__ import annotations

import csv

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader_sim import Course, answer, hidden_test_lines, secret_lines, solutions
from paths import REPO

pytestmark = pytest.mark.slow

ASSIGNMENT = "ketenanalyse"
SOURCE = REPO / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

PARTIAL = {
    "q1_probleem": 'dominant_probleem = "b"',
    "q2_factoren": 'factoren = ["gezamenlijk_doel", "successen_gunnen", "draagvlak_top", "gezamenlijk_doel"]',
    "q3_lezing": 'lezing_scan = ["b"]',
    "q4_diagnose": "De keten draait om het delen van gegevens.",
}
# grade id -> (complete, partial, empty) autograded points
EXPECTED_AUTO = {
    "q1_probleem_test": (1, 1, 0),
    "q2_factoren_test": (2, 0, 0),
    "q3_lezing_test": (1, 0, 0),
}
MANUAL = {"complete": 5, "partial": 1}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = Course.create(tmp_path_factory.mktemp("nbgrader"), REPO / "assignments")
    course.lecturer("generate_assignment", ASSIGNMENT, "--force")
    course.lecturer("release_assignment", ASSIGNMENT)
    model = solutions(SOURCE)
    for student, answers in (("complete", model), ("partial", PARTIAL), ("empty", None)):
        folder = course.fetch(student, ASSIGNMENT)
        if answers:
            answer(folder / f"{ASSIGNMENT}.ipynb", answers)
        course.submit(student, ASSIGNMENT)
    course.lecturer("collect", ASSIGNMENT)
    course.lecturer("autograde", ASSIGNMENT)
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        for student, points in MANUAL.items():
            grade = gb.find_grade("q4_diagnose", ASSIGNMENT, ASSIGNMENT, student)
            grade.manual_score = points
        gb.db.commit()
    course.lecturer("generate_feedback", ASSIGNMENT)
    course.lecturer("export", "--to", str(course.root / "grades.csv"))
    return course


def test_source_solution_passes_its_own_tests(course):
    result = course.lecturer("validate", str(SOURCE))
    assert "Success" in result.stdout


def test_released_notebook_has_no_solutions_or_hidden_tests(course):
    released = (course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    fetched = (course.home("empty") / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    secrets = secret_lines(SOURCE)
    assert len(secrets) >= 6
    for text in (released, fetched):
        for line in secrets:
            assert line not in text
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
        assert "Modelantwoord" not in text


def test_released_answer_cells_are_dutch_placeholders(course):
    nb = nbformat.read(course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
    assert code and all("None" in s and "Schrijf hier je antwoord" in s for s in code)


def test_exact_autograded_and_manual_scores(course):
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        for index, student in enumerate(("complete", "partial", "empty")):
            for grade_id, points in EXPECTED_AUTO.items():
                grade = gb.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, student)
                assert grade.score == points[index], (student, grade_id)
            manual = gb.find_grade("q4_diagnose", ASSIGNMENT, ASSIGNMENT, student)
            assert manual.score == MANUAL.get(student, 0)
        assert gb.find_submission(ASSIGNMENT, "empty").score == 0


def test_export_has_one_row_per_student_with_totals(course):
    with open(course.root / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {"complete", "partial", "empty"}
    assert {s: float(r["score"]) for s, r in rows.items()} == {"complete": 9.0, "partial": 2.0, "empty": 0.0}
    assert all(float(r["max_score"]) == 10.0 for r in rows.values())


def test_feedback_reaches_every_student_without_secrets(course):
    for student in ("complete", "partial", "empty"):
        html_file = course.root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        text = html_file.read_text(encoding="utf-8")
        # The complete student answered with the model solution, so only the
        # others' feedback can show that no solution leaks.
        secrets = hidden_test_lines(SOURCE) + ([] if student == "complete" else secret_lines(SOURCE))
        assert len(secrets) >= 3
        for line in secrets:
            assert line not in text, (student, line)
        assert "check_equal" not in text and "check_same_items" not in text
    partial = (course.root / "feedback" / "partial" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    # The student still learns which answer failed, and why, in Dutch.
    assert "factoren" in partial and "klopt nog niet" in partial
    assert "moet tekst zijn" in partial

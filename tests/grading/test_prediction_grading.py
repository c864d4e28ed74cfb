"""Predictions graded on what was recorded, through a real nbgrader course (issue 19, point 4).

Students of ``vertrouwen`` fetch with nbgrader, work in a kernel of their own
(Run All in their assignment folder, so the notebook's own ``leg_vast`` cells
write ``.voorspellingen.json``), submit; the lecturer collects and grades with
``nbgrader autograde`` and, on a copy of the course, with ``ketenles autograde``
(sandboxed). Both must give:

* predicted right, then saw the outcome: full points;
* predicted wrong, saw the outcome, then put the right letters in the variables
  (and ran everything again): the recorded wrong predictions are graded, and the
  feedback says the recorded value counted;
* no record (never ran the lock cells): 0 with the reason;
* a damaged record (not JSON) or a forged one (a letter that is no option):
  0 with the reason for the items concerned, no crash, the class graded.
"""

from __future__ import annotations

import json
from contextlib import redirect_stdout
from io import StringIO

import nbformat
import pytest
from grading_class import copy_course, scores
from nbgrader_sim import Course, answer, grade_id, solutions
from paths import REPO

from ketenles.cli import main
from ketenles.i18n import msg
from ketenles.models import predictions

pytestmark = pytest.mark.slow

ASSIGNMENT = "vertrouwen"
SOURCE = REPO / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
TESTS = {"q1_geduld_test": "geduld", "q2_ruis_test": "ruis", "q3_informeel_test": "informeel",
         "q4_sanctie_test": "sanctie"}
OPTIONS = {"geduld": "'a', 'b', 'c', 'd'", "ruis": "'a', 'b', 'c'", "informeel": "'a', 'b', 'c'",
           "sanctie": "'a', 'b', 'c'"}
VARIABLES = {"geduld": "voorspelling_geduld", "ruis": "voorspelling_ruis", "informeel": "paren_vooruit",
             "sanctie": "voorspelling_sanctie"}
WRONG = {"q1_geduld": 'voorspelling_geduld = "c"', "q2_ruis": 'voorspelling_ruis = "b"',
         "q3_informeel": 'paren_vooruit = ["a"]', "q4_sanctie": 'voorspelling_sanctie = "c"'}
RIGHT = {"geduld": "a", "ruis": "c", "informeel": ["b", "c"], "sanctie": "a"}
STUDENTS = ("eerlijk", "omgezet", "zonder", "kapot", "vervalst")
# Autograded points per test cell (q1..q4) that each student must get.
EXPECTED = {"eerlijk": (1, 1, 1, 1), "omgezet": (0, 0, 0, 0), "zonder": (0, 0, 0, 0), "kapot": (0, 0, 0, 0),
            "vervalst": (0, 1, 1, 1)}


def run_all(notebook) -> nbformat.NotebookNode:
    """The student's Run All, in their own folder: the kernel writes the record file there."""
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=300, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    nbformat.write(nb, notebook)
    return nb


def outputs(nb, grade: str) -> list[str]:
    cell = next(c for c in nb.cells if grade_id(c) == grade)
    return [o.get("evalue") or o.get("text", "") for o in cell.outputs]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """``{"nbgrader": course, "ketenles": course}``, both graded from the same collected submissions."""
    tmp = tmp_path_factory.mktemp("voorspellen")
    course = Course.create(tmp, REPO / "assignments")
    course.lecturer("generate_assignment", ASSIGNMENT, "--force")
    course.lecturer("release_assignment", ASSIGNMENT)
    right = solutions(SOURCE)
    seen = {}
    for student in STUDENTS:
        folder = course.fetch(student, ASSIGNMENT)
        notebook = folder / f"{ASSIGNMENT}.ipynb"
        answer(notebook, WRONG if student == "omgezet" else right)
        if student != "zonder":
            seen[student] = run_all(notebook)
        if student == "omgezet":  # saw the outcomes, then "corrects" the predictions and runs everything again
            answer(notebook, right)
            seen["omgezet-opnieuw"] = run_all(notebook)
        if student == "kapot":
            (folder / predictions.RECORD_FILE).write_text('{"format": "ketenles-voorspellingen/1", "predic',
                                                          encoding="utf-8")
        if student == "vervalst":
            data = json.loads((folder / predictions.RECORD_FILE).read_text(encoding="utf-8"))
            data["predictions"]["geduld"]["value"] = "e"
            (folder / predictions.RECORD_FILE).write_text(json.dumps(data), encoding="utf-8")
        course.submit(student, ASSIGNMENT)
    course.lecturer("collect", ASSIGNMENT)
    # A record in the lecturer's source folder (all right) is released to nobody and graded for nobody.
    right_record = None
    for item, value in RIGHT.items():
        right_record, _ = predictions.record(right_record, item, value, None, "2026-12-01T09:00:00+00:00")
    predictions.write_text(right_record, course.root / "source" / ASSIGNMENT)
    other = copy_course(course, tmp_path_factory.mktemp("ketenles-autograde"))
    course.lecturer("autograde", ASSIGNMENT)
    with redirect_stdout(StringIO()):
        assert main(["autograde", ASSIGNMENT, "--course", str(other.root), "--workers", "2"]) == 0
    return {"nbgrader": course, "ketenles": other, "seen": seen}


def autograded(course: Course, student: str) -> nbformat.NotebookNode:
    return nbformat.read(course.root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def test_the_record_travels_with_the_submission(graded):
    course = graded["nbgrader"]
    for student in STUDENTS:
        record = course.root / "submitted" / student / ASSIGNMENT / predictions.RECORD_FILE
        assert record.is_file() == (student != "zonder"), student


def test_the_student_saw_each_outcome_only_after_recording_and_the_first_value_stayed(graded):
    again = graded["seen"]["omgezet-opnieuw"]
    kept = [line for c in again.cells for line in (o.get("text", "") for o in c.get("outputs", []))
            if line.startswith(msg("predictions.kept", item="geduld", first="'c'", value="'a'", at="").split("(")[0])]
    assert kept
    record = graded["nbgrader"].home("omgezet") / ASSIGNMENT / predictions.RECORD_FILE
    text = record.read_text(encoding="utf-8")
    assert predictions.recorded_value(text, "geduld", ["a", "b", "c", "d"]) == ("c", None)
    assert predictions.recorded_value(text, "informeel", ["a", "b", "c"]) == (("a",), None)


@pytest.mark.parametrize("grader", ["nbgrader", "ketenles"])
def test_the_recorded_prediction_is_graded(graded, grader):
    course = graded[grader]
    got = scores(course.root / "gradebook.db")
    for student in STUDENTS:
        points = tuple(got[(student, cell)][0] for cell in TESTS)
        assert points == EXPECTED[student], (grader, student)


@pytest.mark.parametrize("grader", ["nbgrader", "ketenles"])
def test_every_zero_has_its_reason_in_dutch_and_a_changed_variable_is_named(graded, grader):
    course = graded[grader]
    for cell, item in TESTS.items():
        reason = {problem: msg(f"predictions.grade.{problem}", item=item, file=predictions.RECORD_FILE,
                               options=OPTIONS[item]) for problem in ("no_file", "not_json", "bad_entry")}
        assert outputs(autograded(course, "zonder"), cell) == [reason["no_file"]]
        assert outputs(autograded(course, "kapot"), cell) == [reason["not_json"]]
        assert outputs(autograded(course, "eerlijk"), cell) == []
        (changed,) = outputs(autograded(course, "omgezet"), cell)
        assert msg("predictions.grade.differs", item=item, name=VARIABLES[item],
                   recorded=predictions.shown(predictions.entry(
                       (course.root / "submitted" / "omgezet" / ASSIGNMENT / predictions.RECORD_FILE)
                       .read_text(encoding="utf-8"), item)[0]),
                   current=predictions.shown(predictions.normalise(RIGHT[item]))) in changed
    assert outputs(autograded(course, "vervalst"), "q1_geduld_test") == [
        msg("predictions.grade.bad_entry", item="geduld", file=predictions.RECORD_FILE, options=OPTIONS["geduld"])]
    assert outputs(autograded(course, "vervalst"), "q2_ruis_test") == []

"""The lecturer's cycle around a class that resubmits, is regraded and gets feedback (issue 10).

One simulated class, the lecturer's `ketenles` commands in order:

autograde -> grade the open question by hand -> autograde again (nothing
changed) -> feedback -> change a manual score -> feedback -> a student resubmits
with a changed answer -> autograde that student -> export.

Each step's promise is a test: finished grading stays finished, a grade on a
changed answer is reopened and the lecturer is told by name, feedback follows
every regrade and is made again only where it changed, every failure is in a
log file whose path the summary prints, and student HTML never reaches the
feedback unsanitised.
"""

from __future__ import annotations

import contextlib
import csv
import io
import warnings

import pytest
from grading_class import ASSIGNMENT, answered, later, make_course, not_json, submit
from nbgrader.api import Gradebook
from nbgrader_sim import grade_id
from sqlalchemy.exc import SAWarning

from ketenles.cli import main
from ketenles.i18n import msg

pytestmark = pytest.mark.slow

OPEN = "q4_diagnose"
XSS = 'Mijn diagnose. <img src=x onerror="document.title=\'XSS\'"> Einde.'


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    return code, out.getvalue()


def _grade(root, student):
    with warnings.catch_warnings(), Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        warnings.simplefilter("ignore", SAWarning)
        grade = gb.find_grade(OPEN, ASSIGNMENT, ASSIGNMENT, student)
        return grade.manual_score, grade.needs_manual_grade


def _set_manual(root, scores):
    """What the formgrader does when the lecturer enters a score."""
    with warnings.catch_warnings(), Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        warnings.simplefilter("ignore", SAWarning)
        for student, score in scores.items():
            grade = gb.find_grade(OPEN, ASSIGNMENT, ASSIGNMENT, student)
            grade.manual_score = score
            grade.needs_manual_grade = False
        gb.db.commit()


def _feedback(root, student):
    return root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("cycle"))
    root = str(course.root)
    bram = answered(course, "partial")
    for cell in bram.cells:
        if grade_id(cell) == OPEN:
            cell.source = XSS
    submit(course, "anna", answered(course, "complete"))
    submit(course, "bram", bram)
    submit(course, "kapot", not_json())
    steps = {"first": _run("autograde", ASSIGNMENT, "--workers", "2", "--course", root)}
    _set_manual(course.root, {"anna": 4, "bram": 2})
    steps["again"] = _run("autograde", ASSIGNMENT, "--workers", "2", "--student", "anna", "--student", "bram",
                          "--course", root)
    steps["after_again"] = {s: _grade(course.root, s) for s in ("anna", "bram")}
    steps["feedback1"] = _run("feedback", ASSIGNMENT, "--course", root)
    steps["anna_mtime"] = _feedback(course.root, "anna").stat().st_mtime_ns
    _set_manual(course.root, {"bram": 1})
    steps["feedback2"] = _run("feedback", ASSIGNMENT, "--course", root)
    # bram resubmits: the written answer is now empty.
    resubmitted = answered(course, "partial")
    for cell in resubmitted.cells:
        if grade_id(cell) == OPEN:
            cell.source = ""
    submit(course, "bram", resubmitted, at=later(0.5))
    steps["resubmitted"] = _run("autograde", ASSIGNMENT, "--student", "bram", "--course", root)
    steps["after_resubmit"] = {s: _grade(course.root, s) for s in ("anna", "bram")}
    steps["export"] = _run("export-grades", ASSIGNMENT, "--to", str(course.root / "canvas.csv"),
                           "--format", "canvas", "--course", root)
    return course, steps


def test_rerun_of_autograde_keeps_finished_manual_grading_finished(cycle):
    _, steps = cycle
    assert steps["after_again"] == {"anna": (4, False), "bram": (2, False)}
    assert msg("lecturer.review.kept", count=2) in steps["again"][1]


def test_changed_answer_reopens_the_manual_grade_and_names_the_student(cycle):
    _, steps = cycle
    code, out = steps["resubmitted"]
    assert "bram heeft ketenanalyse opnieuw ingeleverd na je beoordeling" in out
    assert OPEN in out and "anna" not in out.split("Logboek")[0]
    # The old 1/4 no longer stands on the blank answer; anna's grade is untouched.
    assert steps["after_resubmit"] == {"anna": (4, False), "bram": (None, True)}


def test_reopened_grade_is_not_exported_as_final(cycle):
    course, _ = cycle
    with open(course.root / "canvas.csv", newline="", encoding="utf-8") as handle:
        rows = {r["SIS User ID"]: r for r in csv.DictReader(handle)}
    assert rows["bram"]["ketenanalyse"] == ""
    assert rows["anna"]["ketenanalyse"] == "8.0"  # 4 automatic + 4 of the 6 manual points


def test_feedback_follows_a_changed_manual_score_and_rewrites_only_that_student(cycle):
    course, steps = cycle
    assert steps["feedback1"][0] == 0 and "anna" in steps["feedback1"][1] and "bram" in steps["feedback1"][1]
    code, out = steps["feedback2"]
    assert code == 0
    assert "Feedback bijgewerkt voor 1 student(en): bram." in out
    assert "nbgrader release_feedback ketenanalyse" in out
    page = _feedback(course.root, "bram").read_text(encoding="utf-8")
    # bram: q1 1 point + manual 1 point; the Dutch feedback page prints the total as "Punten: 2 / 10".
    assert "2 / 10)" in page and "3 / 10)" not in page
    assert _feedback(course.root, "anna").stat().st_mtime_ns == steps["anna_mtime"]


def test_every_failure_is_in_a_log_file_the_summary_names(cycle):
    _, steps = cycle
    code, out = steps["first"]
    assert code == 1 and "kapot: NIET nagekeken" in out
    line = next(x for x in out.splitlines() if x.startswith("Logboek van deze run"))
    from pathlib import Path

    log = Path(line.split(": ", 1)[1].strip())
    text = log.read_text(encoding="utf-8")
    assert "== kapot" in text and "JSON" in text  # nbgrader's own error text, not just the summary line
    assert "== anna" in text


def test_feedback_never_carries_student_script(cycle):
    course, _ = cycle
    page = _feedback(course.root, "bram").read_text(encoding="utf-8")
    assert "Mijn diagnose." in page
    assert "onerror" not in page and "document.title" not in page

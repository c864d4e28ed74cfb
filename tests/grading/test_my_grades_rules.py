"""The student's grade view applies the course's rules: own deadline, days late, grade after the rules, course grade.

One gradebook with the course's four parts and eight students (built with
nbgrader's Gradebook API, as tests/grading/gradebook/test_course_grade.py does),
each student's submission folders and own nbgrader cache as nbgrader leaves
them, and the feedback released into an exchange folder. The lecturer publishes
with the real ``ketenles deadlines-publiceren``; each student's view then reads
only what that student's own cache unlocks. Every value must equal what the
export computes (``course_grades``), and no student's view or any published file
may show another student's extension or grade.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from paths import COURSE, TESTS

from ketenles.cli import main
from ketenles.grading.gradebook import deadlines
from ketenles.grading.gradebook.course_grade import course_grades, load_rules
from ketenles.grading.gradebook.export import class_grades
from ketenles.grading.my_grades import describe, headers, my_grades
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number

sys.path.insert(0, str(TESTS / "grading" / "gradebook"))
from test_course_grade import CLASS, DUE, FULL, PARTS, _build  # noqa: E402

COURSE_ID = "ketenles"
NOT_RELEASED = {("s7", "regie-advies")}  # its open answer is not graded: no feedback out yet


def _nbgrader_time(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}.000000 UTC"


def _hours(student: str, part: str):
    spec = CLASS[student].get(part, (*FULL[part], -1))
    return None if spec is None else spec[2]


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    from nbgrader.utils import notebook_hash

    base = tmp_path_factory.mktemp("termijn")
    course, exchange = base / "cursus", base / "exchange"
    course.mkdir()
    _build(course / "gradebook.db")
    shutil.copy(COURSE / "beoordeling.yaml", course)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\nc.Exchange.root = {str(exchange)!r}\n",
        encoding="utf-8")
    deadlines.grant(course, "ketenanalyse", "s5", 24, by="docent")
    rules = load_rules(course / "beoordeling.yaml")
    points = {part: {g.student: g for g in class_grades(course, part, rules.scale)} for part in PARTS}
    feedback = exchange / COURSE_ID / "feedback"
    feedback.mkdir(parents=True)
    caches = {}
    for student in CLASS:
        cache = base / "homes" / student / "jupyter"
        caches[student] = cache
        for part in PARTS:
            hours = _hours(student, part)
            if hours is None:
                continue
            secret = f"geheim-{student}-{part}"
            stamp = DUE + timedelta(hours=hours)
            # What nbgrader collect leaves for the lecturer, and what submit leaves in the student's cache.
            for folder in (course / "submitted" / student / part,
                           cache / "nbgrader_cache" / COURSE_ID / f"{student}+{part}+{_nbgrader_time(stamp)}"):
                folder.mkdir(parents=True)
                (folder / "submission_secret.txt").write_text(secret, encoding="utf-8")
                (folder / "timestamp.txt").write_text(_nbgrader_time(stamp), encoding="utf-8")
                (folder / f"{part}.ipynb").write_text("{}", encoding="utf-8")
            if (student, part) not in NOT_RELEASED:
                grade = points[part][student]
                result = json.dumps({"score": grade.points, "max_score": grade.max_points})
                page = feedback / f"{notebook_hash(secret=secret, notebook_id=part)}.html"
                page.write_text(f'<script type="application/json" id="ketenles-resultaat">{result}</script>',
                                encoding="utf-8")
    assert main(["deadlines-publiceren", "--course", str(course)]) == 0
    views = {student: {s.assignment: s for s in my_grades(COURSE_ID, exchange, caches[student])}
             for student in CLASS}
    return {"course": course, "exchange": exchange, "rules": rules, "views": views,
            "export": {g.student: g for g in course_grades(course, rules)}}


def test_every_grade_in_the_view_is_the_exports_grade_under_the_rules(term):
    for student, view in term["views"].items():
        exported = term["export"][student]
        for part, status in view.items():
            applied = exported.parts[part]
            if status.submitted is None:  # nothing submitted: no secret, so nothing of the rules to show
                assert status.rules_grade is None and status.days_late is None, (student, part)
                continue
            assert status.days_late == applied.days_late, (student, part)
            if (student, part) in NOT_RELEASED or not applied.graded:
                assert status.rules_grade is None, (student, part)  # no grade before the feedback is out
            else:
                assert status.rules_grade == applied.grade, (student, part)
                assert status.written_missed == applied.written_missed
                assert status.not_graded_late == applied.not_graded_late


def test_late_days_deduct_and_an_extension_moves_only_that_students_deadline(term):
    s4, s5, s1 = (term["views"][s]["ketenanalyse"] for s in ("s4", "s5", "s1"))
    assert (s4.days_late, s4.late) == (2, True)
    assert s4.rules_grade == pytest.approx(s4.grade - 2 * term["rules"].late_deduction)
    assert s5.deadline == (DUE + timedelta(hours=24)).astimezone() and s5.own_deadline
    assert (s5.extension_hours, s5.days_late, s5.late) == (24, 0, False)
    assert s1.deadline == DUE.astimezone() and s1.extension_hours == 0
    row = dict(zip(headers(), describe([s5])[0], strict=True))
    assert row[msg("grading_workflow.my_grades.deadline")] == msg(
        "grading_workflow.my_grades.deadline_extended", deadline=s5.deadline.strftime("%d-%m-%Y %H:%M"),
        hours=format_number(24))
    late_row = dict(zip(headers(), describe([s4])[0], strict=True))
    assert late_row[msg("grading_workflow.my_grades.days_late")] == msg("grading_workflow.my_grades.days", days=2)
    note = late_row[msg("grading_workflow.my_grades.rules_note")]
    assert msg("grading_workflow.my_grades.late_deducted", days=2) in note


def test_a_missed_written_minimum_and_not_graded_late_are_said_with_what_they_mean(term):
    s2 = term["views"]["s2"]["vertrouwen"]
    assert s2.written_missed and s2.rules_grade == term["rules"].cap
    note = dict(zip(headers(), describe([s2])[0], strict=True))[msg("grading_workflow.my_grades.rules_note")]
    assert msg("grading_workflow.my_grades.written_missed", cap=format_number(term["rules"].cap, decimals=1)) in note
    s6 = term["views"]["s6"]["vertrouwen"]
    assert s6.not_graded_late and s6.rules_grade == 1.0
    note = dict(zip(headers(), describe([s6])[0], strict=True))[msg("grading_workflow.my_grades.rules_note")]
    assert msg("grading_workflow.my_grades.late_not_graded", days=5) in note


def test_the_course_grade_shows_once_everything_is_graded_and_released(term):
    for student, view in term["views"].items():
        exported = term["export"][student]
        complete = exported.grade is not None and all(
            (student, p) not in NOT_RELEASED and _hours(student, p) is not None for p in PARTS)
        for status in view.values():
            assert status.course_grade == (exported.grade if complete else None), student
            if complete:
                assert status.passed == exported.passed
    s1 = next(iter(term["views"]["s1"].values()))
    cell = dict(zip(headers(), describe([s1])[0], strict=True))[msg("grading_workflow.my_grades.course_grade")]
    assert cell.startswith(format_number(term["export"]["s1"].grade, decimals=1))
    assert msg("grading_workflow.my_grades.passed_yes") in cell
    s3 = next(iter(term["views"]["s3"].values()))  # the exam below its minimum of 5,0
    assert s3.passed is False and s3.below_minimum == ("eindtoets",)
    assert all(s.course_grade is None for s in term["views"]["s7"].values())  # a part not graded yet


def test_no_student_sees_another_students_extension_or_grade(term):
    files = sorted((term["exchange"] / COURSE_ID / "feedback").glob("*.json"))
    assert len(files) == sum(1 for s in CLASS for p in PARTS if _hours(s, p) is not None)  # one per submission
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not any(f'"{student}"' in text or f"geheim-{student}" in text for student in CLASS), path.name
    public = (term["exchange"] / f"ketenles-deadlines-{COURSE_ID}.json").read_text(encoding="utf-8")
    assert "s5" not in public and json.loads(public)["ketenanalyse"] == DUE.isoformat() + "+00:00"
    # Only s5's own cache unlocks the extension; every other student's view has none.
    for student, view in term["views"].items():
        hours = view["ketenanalyse"].extension_hours
        assert hours == (24 if student == "s5" else 0), student


def test_before_a_submission_the_view_shows_the_class_deadline_and_says_so(term, tmp_path):
    view = my_grades(COURSE_ID, term["exchange"], tmp_path / "new-student")
    assert {s.assignment for s in view} == set(PARTS)
    status = next(s for s in view if s.assignment == "ketenanalyse")
    assert not status.own_deadline and status.rules_grade is None and status.course_grade is None
    note = dict(zip(headers(), describe([status])[0], strict=True))[msg("grading_workflow.my_grades.rules_note")]
    assert note == msg("grading_workflow.my_grades.class_deadline")


def test_early_in_a_term_the_known_parts_are_published_without_a_course_grade(term, tmp_path):
    from dataclasses import replace

    from ketenles.grading.my_grades import publish_outcomes

    exchange = Path(shutil.copytree(term["exchange"], tmp_path / "exchange"))
    for old in (exchange / COURSE_ID / "feedback").glob("*.json"):
        old.unlink()
    later = replace(term["rules"], weights={**term["rules"].weights, "nog-niet-uitgedeeld": 10})
    assert publish_outcomes(term["course"], exchange, COURSE_ID, later) == len(
        list((exchange / COURSE_ID / "feedback").glob("*.json"))) > 0
    cache = tmp_path / "s1"
    shutil.copytree(term["course"].parent / "homes" / "s1" / "jupyter", cache)
    view = {s.assignment: s for s in my_grades(COURSE_ID, exchange, cache)}
    assert view["ketenanalyse"].rules_grade == term["export"]["s1"].parts["ketenanalyse"].grade
    assert all(s.course_grade is None for s in view.values())

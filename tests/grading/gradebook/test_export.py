"""Grade export: the Dutch 1-10 scale, its rounding rules, and the LMS CSV formats."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from grading_class import SUBMITTED_AT, tiny_gradebook
from hypothesis import given
from hypothesis import strategies as st

from ketenles.errors import ArgumentError
from ketenles.grading.gradebook.export import (
    GradeScale,
    class_grades,
    export_grades,
    grade_warnings,
    raw_grade,
    to_csv,
    to_grade,
)


@pytest.mark.parametrize(("score", "top", "grade"), [
    (0, 10, 1.0), (10, 10, 10.0),          # the ends of the scale
    (11, 20, 5.5),                          # exactly the cesuur (55 %) is a pass
    (9, 10, 9.0), (6, 10, 6.0),             # above the cesuur: 5.5 + 4.5 * (p - 55) / 45
    (2, 10, 2.6), (5, 10, 5.1),             # below: 1 + 4.5 * p / 55 (2.636.., 5.0909..)
    (10.9, 20, 5.4),                        # raw 5.4590..: would round to 5.5, stays a fail
    (10.88, 20, 5.4),                       # raw 5.4509..
    (12.9, 20, 6.5),                        # raw 6.45 exactly: halves round up
    (1, 3, 3.7),                            # 33.3..% -> 3.7272..
])
def test_default_scale_gives_exact_grades(score, top, grade):
    assert to_grade(score, top) == grade


def test_round_up_to_pass_only_when_configured():
    assert to_grade(10.9, 20, GradeScale(round_up_to_pass=True)) == 5.5
    assert to_grade(10.8, 20, GradeScale(round_up_to_pass=True)) == 5.4  # raw 5.418..: no rounding up


def test_pass_percentage_moves_the_pass_mark():
    linear = GradeScale(pass_percentage=50)
    assert to_grade(5, 10, linear) == 5.5 and to_grade(7, 10, linear) == 7.3
    assert to_grade(6, 10, GradeScale(pass_percentage=60)) == 5.5
    with pytest.raises(ArgumentError):
        GradeScale(pass_percentage=100)
    with pytest.raises(ArgumentError):
        to_grade(11, 10)


@given(st.integers(0, 400), st.integers(0, 400), st.floats(10, 90))
def test_grades_rise_with_score_and_never_pass_below_the_cesuur(a, b, cut):
    scale = GradeScale(pass_percentage=cut)
    low, high = sorted((a, b))
    assert 1.0 <= to_grade(low, 400, scale) <= to_grade(high, 400, scale) <= 10.0
    assert (to_grade(low, 400, scale) >= 5.5) == (raw_grade(low, 400, scale) >= 5.5)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    # Building a gradebook through nbgrader's API takes seconds; each test gets a copy.
    tmp_path = tmp_path_factory.mktemp("gradebook")
    due = SUBMITTED_AT + timedelta(days=1)
    return tiny_gradebook(
        tmp_path / "gradebook.db",
        {"s1": {"q1": 3, "q2": 2, "open": 4}, "s2": {"q1": 3, "q2": 0, "open": None},
         "s3": {"q1": 1, "q2": 1, "open": 1}},
        {"q1": 3, "q2": 3, "open": 4}, duedate=due,
        submitted={"s3": due + timedelta(hours=5)},
        students={"s1": {"first_name": "Anna", "last_name": "de Vries", "lms_user_id": "1001"}})


@pytest.fixture
def gradebook(template, tmp_path):
    return Path(shutil.copy(template, tmp_path / "gradebook.db"))


def test_class_grades_include_penalty_free_late_flag_and_completeness(gradebook):
    grades = {g.student: g for g in class_grades(gradebook, "opdracht")}
    assert [(g.points, g.max_points, g.grade) for g in grades.values()] == [(9, 10, 9.0), (3, 10, 3.5), (3, 10, 3.5)]
    assert grades["s3"].late and grades["s3"].seconds_late == 5 * 3600 and not grades["s1"].late
    assert grades["s1"].complete and not grades["s2"].complete


def test_plain_table(gradebook):
    rows = list(csv.DictReader(io.StringIO(to_csv(class_grades(gradebook, "opdracht"), "opdracht"))))
    assert rows[0] == {"student_id": "s1", "voornaam": "Anna", "achternaam": "de Vries", "ingeleverd": "ja",
                       "punten": "9", "max_punten": "10", "percentage": "90.0", "cijfer": "9.0",
                       "voldoende": "ja", "volledig_beoordeeld": "ja", "te_laat": "nee", "seconden_te_laat": "0"}
    assert rows[2]["te_laat"] == "ja" and rows[2]["seconden_te_laat"] == "18000"


def test_canvas_format(gradebook):
    text = to_csv(class_grades(gradebook, "opdracht"), "opdracht", "canvas", column="Ketenanalyse (4711)")
    assert text == ("Student,ID,SIS User ID,Section,Ketenanalyse (4711)\n"
                    '"de Vries, Anna",1001,s1,,9.0\n'
                    "s2,,s2,,\n"          # not completely graded: no provisional grade
                    "s3,,s3,,3.5\n")


def test_brightspace_format_and_file(gradebook, tmp_path):
    target = tmp_path / "bs.csv"
    assert export_grades(gradebook, "opdracht", target, "brightspace", include_incomplete=True) == 3
    assert target.read_text(encoding="utf-8") == (
        "OrgDefinedId,opdracht Points Grade,End-of-Line Indicator\ns1,9.0,#\ns2,3.5,#\ns3,3.5,#\n")


def test_unknown_format_and_assignment_are_reported(gradebook):
    with pytest.raises(ArgumentError, match="canvas"):
        to_csv([], "opdracht", "excel")
    with pytest.raises(ArgumentError, match="cijferboek"):
        class_grades(gradebook, "bestaat-niet")


def _give_extra_credit(database: Path, student: str, cell: str, extra: float) -> None:
    import sqlite3

    with sqlite3.connect(database) as db:
        db.execute("UPDATE grade SET extra_credit = ? WHERE cell_id = (SELECT id FROM base_cell WHERE name = ?) "
                   "AND notebook_id IN (SELECT sn.id FROM submitted_notebook sn JOIN submitted_assignment sa "
                   "ON sn.assignment_id = sa.id WHERE sa.student_id = ?)", (extra, cell, student))


def test_extra_credit_above_the_maximum_is_capped_named_and_never_blocks_the_class(gradebook, tmp_path):
    _give_extra_credit(gradebook, "s1", "open", 3)  # 9 + 3 = 12 of 10 points
    grades = {g.student: g for g in class_grades(gradebook, "opdracht")}
    assert grades["s1"].grade == 10.0
    assert [(g.student, g.grade) for g in grades.values() if g.student != "s1"] == [("s2", 3.5), ("s3", 3.5)]
    warnings = grade_warnings(list(grades.values()))
    assert len(warnings) == 1 and "s1" in warnings[0] and "12" in warnings[0]
    target = tmp_path / "canvas.csv"
    assert export_grades(gradebook, "opdracht", target, "canvas") == 3  # the whole class is written
    assert '"de Vries, Anna",1001,s1,,10.0' in target.read_text(encoding="utf-8")


def test_extra_credit_is_reported_by_check_gradebook_and_the_export_command(gradebook, tmp_path, capsys):
    from ketenles.cli import main
    from ketenles.grading.gradebook.integrity import check_gradebook

    _give_extra_credit(gradebook, "s1", "open", 3)
    report = check_gradebook(gradebook, "opdracht")
    assert report.ok  # extra credit is the lecturer's own decision, no damage
    assert any("s1" in line and "3" in line for line in report.attention)
    course = tmp_path / "cursus"
    course.mkdir()
    shutil.copy(gradebook, course / "gradebook.db")
    code = main(["export-grades", "opdracht", "--course", str(course), "--to", str(tmp_path / "cijfers.csv"),
                 "--include-incomplete"])
    out = capsys.readouterr()
    assert code == 0
    assert "s1" in out.out + out.err and (tmp_path / "cijfers.csv").read_text(encoding="utf-8").count("\n") == 4

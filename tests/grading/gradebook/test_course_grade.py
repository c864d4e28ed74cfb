"""The course grade under course/beoordeling.yaml: weights, written minimum, exam minimum, late rule (issue 22).

One gradebook with the course's four parts and eight students, built through
nbgrader's API; every part has an autograded cell and an open answer graded by
hand (written points 6 per assignment, 15 in the exam, as in the course).
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from paths import COURSE

from ketenles.errors import KetenlesError
from ketenles.grading.gradebook import deadlines
from ketenles.grading.gradebook.course_grade import (
    apply_part_rules,
    course_csv,
    course_grades,
    days_late,
    load_rules,
    load_student_numbers,
)
from ketenles.grading.gradebook.export import class_grades
from ketenles.i18n import msg

DUE = datetime(2027, 3, 1, 17, 0)
PARTS = {"ketenanalyse": (4, 6), "vertrouwen": (4, 6), "regie-advies": (4, 6), "eindtoets": (15, 15)}
FULL = {part: (auto, written) for part, (auto, written) in PARTS.items()}
# student -> part -> (auto points, written points or None = not graded yet, hours after the deadline)
CLASS = {
    "s1": {},                                                  # everything full, on time
    "s2": {"vertrouwen": (4, 2, 0)},                           # written 2 < 2,4 of 6: capped at 5,0
    "s3": {"eindtoets": (4, 6, 0)},                            # exam 10/30: 3,7 < 5,0 (written 6 = 40 %)
    "s4": {"ketenanalyse": (4, 5, 30)},                        # 2 started days late: -1,0
    "s5": {"ketenanalyse": (4, 5, 10)},                        # late, but has 24 h extension
    "s6": {"vertrouwen": (4, 6, 5 * 24)},                      # 5 days late: not graded (1,0)
    "s7": {"regie-advies": (4, None, 0)},                      # open answer not graded yet
    "s8": {"eindtoets": None},                                 # no exam submitted
}


def _build(path: Path) -> Path:
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings(), Gradebook(f"sqlite:///{path}") as gb:
        warnings.simplefilter("ignore", SAWarning)
        for part, (auto, written) in PARTS.items():
            gb.add_assignment(part, duedate=DUE)
            gb.add_notebook(part, part)
            gb.add_grade_cell("q", part, part, max_score=auto, cell_type="code")
            gb.add_grade_cell("open", part, part, max_score=written, cell_type="markdown")
        for student, changes in CLASS.items():
            gb.add_student(student)
            for part in PARTS:
                spec = changes.get(part, (*FULL[part], -1))
                if spec is None:
                    continue
                auto, written, hours = spec
                gb.add_submission(part, student, timestamp=DUE + timedelta(hours=hours))
                gb.find_grade("q", part, part, student).auto_score = auto
                gb.find_grade("open", part, part, student).manual_score = written
        gb.db.commit()
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    course = tmp_path_factory.mktemp("cursus")
    _build(course / "gradebook.db")
    shutil.copy(COURSE / "beoordeling.yaml", course)
    deadlines.grant(course, "ketenanalyse", "s5", 24, by="docent", now=datetime(2027, 2, 28, 9, 0))
    return course


@pytest.fixture
def course(template, tmp_path):
    return Path(shutil.copytree(template, tmp_path / "cursus"))


@pytest.fixture
def rules():
    return load_rules(COURSE / "beoordeling.yaml")


def test_the_course_file_holds_the_agreed_rules(rules):
    assert rules.weights == {"ketenanalyse": 20, "vertrouwen": 20, "regie-advies": 25, "eindtoets": 35}
    assert rules.minimum_grades == {"eindtoets": 5.0}
    assert (rules.written_minimum, rules.cap, rules.pass_grade, rules.pass_percentage) == (40, 5.0, 5.5, 55)
    assert (rules.late_rule, rules.late_deduction, rules.late_max_days) == ("aftrek_per_dag", 0.5, 3)


def test_every_student_gets_the_grade_the_rules_give(course, rules):
    grades = {g.student: g for g in course_grades(course, rules)}
    assert {s: (g.grade, g.passed) for s, g in grades.items()} == {
        "s1": (10.0, True),
        "s2": (9.0, False),   # 5,0 in vertrouwen after the cap; the written minimum fails the course
        "s3": (7.8, False),   # (200 + 200 + 250 + 35 x 3,7) / 100; the exam is below 5,0
        "s4": (9.6, True),    # 9,0 - 2 x 0,5 = 8,0 in ketenanalyse
        "s5": (9.8, True),    # 9,0 on time thanks to the extension
        "s6": (8.2, True),    # 1,0 in vertrouwen: not graded because 5 days late
        "s7": (None, False),  # no course grade while an answer is open
        "s8": (6.9, False),   # no exam: 1,0; 6,85 rounds half up
    }
    assert grades["s2"].parts["vertrouwen"].grade == 5.0 and grades["s2"].parts["vertrouwen"].written_missed
    assert grades["s4"].parts["ketenanalyse"].days_late == 2
    assert grades["s6"].parts["vertrouwen"].not_graded_late


def test_who_misses_what_is_named(course, rules):
    reasons = {g.student: g.reasons for g in course_grades(course, rules)}
    assert reasons["s1"] == [] and reasons["s5"] == []
    assert reasons["s2"] == [msg("grading_workflow.rules.written_missed", student="s2", part="vertrouwen",
                                 points="2", max_points="6", cap="5")]
    assert reasons["s3"] == [msg("grading_workflow.rules.below_minimum", student="s3", part="eindtoets",
                                 grade="3,7", minimum="5")]
    assert reasons["s7"] == [msg("grading_workflow.rules.not_graded", student="s7", parts="regie-advies")]
    assert reasons["s6"] == [msg("grading_workflow.rules.late_not_graded", student="s6", part="vertrouwen", days=5)]


def test_lms_files_name_the_ungraded_student_and_use_student_numbers(course, rules, tmp_path):
    numbers_file = tmp_path / "nummers.csv"
    numbers_file.write_text("account,studentnummer\n" + "".join(f"s{i},{4000 + i}\n" for i in range(1, 8)))
    numbers = load_student_numbers(numbers_file)
    grades = course_grades(course, rules)
    rows = list(csv.reader(io.StringIO(course_csv(grades, rules, "brightspace", numbers))))
    assert rows[0] == ["OrgDefinedId", "Eindcijfer Points Grade", "End-of-Line Indicator"]
    assert rows[1] == ["4001", "10.0", "#"] and rows[7] == ["4007", "", "#"]
    assert rows[8][0] == "s8"  # no number known: the hub name, and the export command names the account
    canvas = list(csv.DictReader(io.StringIO(course_csv(grades, rules, "canvas", numbers))))
    assert canvas[0]["SIS User ID"] == "4001" and canvas[0]["Eindcijfer"] == "10.0"
    table = {r["student_id"]: r for r in csv.DictReader(io.StringIO(course_csv(grades, rules, "tabel", numbers)))}
    assert table["s7"]["eindcijfer"] == "" and table["s7"]["regie-advies"] == "" and table["s7"]["toelichting"]
    assert table["s4"]["ketenanalyse"] == "8.0" and table["s4"]["studentnummer"] == "4004"


def test_export_command_writes_the_course_grade_and_names_blanks(course, tmp_path, capsys):
    from ketenles.cli import main

    numbers_file = tmp_path / "nummers.csv"
    numbers_file.write_text("account,studentnummer\ns1,4001\n")
    code = main(["export-grades", "--course", str(course), "--format", "brightspace", "--to",
                 str(tmp_path / "eind.csv"), "--studentnummers", str(numbers_file)])
    out = capsys.readouterr().out
    assert code == 0
    assert msg("grading_workflow.rules.not_graded", student="s7", parts="regie-advies") in out
    assert msg("grading_workflow.export.unmapped", students="s2, s3, s4, s5, s6, s7, s8") in out
    assert (tmp_path / "eind.csv").read_text().count("\n") == 9


def test_assignment_export_applies_the_rules_and_counts_only_written_grades(course, tmp_path, capsys):
    from ketenles.cli import main

    code = main(["export-grades", "regie-advies", "--course", str(course), "--format", "canvas", "--to",
                 str(tmp_path / "r.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert msg("grading_workflow.export.written", count=7, path=str(tmp_path / "r.csv"), format="canvas") in out
    assert msg("grading_workflow.export.blank", count=1, students="s7") in out
    main(["export-grades", "ketenanalyse", "--course", str(course), "--to", str(tmp_path / "k.csv")])
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO((tmp_path / "k.csv").read_text()))}
    assert rows["s4"]["cijfer"] == "8.0" and rows["s5"]["cijfer"] == "9.0" and rows["s5"]["te_laat"] == "nee"


def test_an_extension_granted_after_grading_changes_the_next_export(course, rules):
    before = {g.student: g.grade for g in course_grades(course, rules)}
    deadlines.grant(course, "ketenanalyse", "s4", 48, by="docent")
    after = {g.student: g.grade for g in course_grades(course, rules)}
    assert (before["s4"], after["s4"]) == (9.6, 9.8)
    log = deadlines.history(course)
    assert [(e["student"], e["uren"], e["door"]) for e in log] == [("s5", 24.0, "docent"), ("s4", 48.0, "docent")]
    assert all(e["wanneer"] for e in log)


def test_the_other_late_rules(course, rules):
    from dataclasses import replace

    late = {g.student: g for g in class_grades(course, "ketenanalyse")}["s4"]
    assert apply_part_rules(late, "ketenanalyse", replace(rules, late_rule="geen")).grade == 9.0
    assert apply_part_rules(late, "ketenanalyse", replace(rules, late_rule="niet_nakijken")).grade == 1.0
    assert [days_late(s) for s in (0, 1, 24 * 3600, 24 * 3600 + 1)] == [0, 1, 1, 2]


@pytest.mark.parametrize(("text", "key"), [
    ("onderdelen: {a: {gewicht: 60}, b: {gewicht: 30}}", "weights"),
    ("onderdelen: {a: {gewicht: 100}}\nte_laat: {regel: streng}", "late_rule"),
    ("onderdelen: {a: {gewicht: honderd}}", "number"),
    ("cesuur: 55", "parts"),
    ("onderdelen: [", "yaml"),
])
def test_a_wrong_rules_file_gets_a_dutch_message(tmp_path, text, key):
    path = tmp_path / "beoordeling.yaml"
    path.write_text(text)
    with pytest.raises(KetenlesError) as error:
        load_rules(path)
    assert str(error.value).split(str(path))[0] == msg(f"grading_workflow.rules.{key}", path="|", total="",
                                                        key="", value="", rules="", error="").split("|")[0]


def test_a_missing_number_file_or_column_is_explained(tmp_path):
    with pytest.raises(KetenlesError):
        load_student_numbers(tmp_path / "weg.csv")
    (tmp_path / "n.csv").write_text("naam,nummer\na,1\n")
    with pytest.raises(KetenlesError):
        load_student_numbers(tmp_path / "n.csv")

"""The grading workflow against a difficult class: every case graded or reported, nothing lost.

One simulated class, shared by all tests (module fixture): complete, partial,
wrong and empty work; an edited test cell; a deleted test cell; a deleted
answer cell *with* its test cell (nbgrader 0.9.6's own repair crashes on it);
added and reordered cells; an infinite loop; a kernel killed with os._exit; a
huge output; a file that is not JSON; a late submission. The lecturer's steps
from course/lecturer-guide.md run as commands: student import, parallel
autograde, feedback, export to 1-10, class report, gradebook check.
"""

from __future__ import annotations

import csv
import os
from datetime import timedelta

import nbformat
import pytest
from grading_class import (
    ASSIGNMENT,
    POINTS,
    SOURCE,
    SUBMITTED_AT,
    answered,
    copy_course,
    make_course,
    not_json,
    scores,
    submit,
    text_of,
)
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader_sim import grade_id, hidden_test_lines, secret_lines

from ketenles.cli import main

pytestmark = pytest.mark.slow

TESTS = ("q1_probleem_test", "q2_factoren_test", "q3_lezing_test")
DUE = SUBMITTED_AT + timedelta(days=1)


def _without(nb, *ids):
    nb.cells = [c for c in nb.cells if grade_id(c) not in ids]
    return nb


def _replace(nb, cell_id, source):
    for cell in nb.cells:
        if grade_id(cell) == cell_id:
            cell.source = source
    return nb


def _added_and_reordered(nb):
    nb.cells.insert(2, new_code_cell("notitie = 'eigen aantekening'"))
    nb.cells.append(new_markdown_cell("Mijn extra uitleg."))
    nb.cells[0], nb.cells[2] = nb.cells[2], nb.cells[0]  # markdown intro and own note swapped
    return nb


def _class(course):
    complete = lambda: answered(course, "complete")  # noqa: E731 - a fresh copy per student
    return {
        "complete": (complete(), POINTS["complete"]),
        "partial": (answered(course, "partial"), POINTS["partial"]),
        "wrong": (answered(course, "wrong"), POINTS["wrong"]),
        "empty": (answered(course, "empty"), POINTS["empty"]),
        "edited_test": (_replace(complete(), "q2_factoren_test", "pass  # test weggehaald"), (1, 2, 1)),
        "deleted_test": (_without(complete(), "q3_lezing_test"), (1, 2, 1)),
        "deleted_pair": (_without(complete(), "q1_probleem", "q1_probleem_test"), (0, 2, 1)),
        "reordered": (_added_and_reordered(complete()), (1, 2, 1)),
        "loop": (_replace(complete(), "q2_factoren", "while True:\n    pass"), (1, 0, 1)),
        "killer": (_replace(complete(), "q2_factoren", "import os\nos._exit(1)"), None),
        "huge": (_replace(complete(), "q1_probleem", 'dominant_probleem = "b"\n'
                          "for i in range(200_000):\n    print('regel', i)"), (1, 2, 1)),
        "broken": (not_json(), None),
        "late": (complete(), (1, 2, 1)),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("robust")
    course = make_course(tmp / "ours", "c.ExecutePreprocessor.timeout = 5")
    roster = tmp / "studenten.csv"
    students = _class(course)
    roster.write_text("id,first_name,last_name,email,lms_user_id\n" + "".join(
        f"{s},Voornaam{i},Achternaam{i},{s}@example.org,{1000 + i}\n" for i, s in enumerate(students)),
        encoding="utf-8")
    course.lecturer("db", "student", "import", str(roster))
    course.lecturer("db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE.strftime('%Y-%m-%d %H:%M:%S')} UTC")
    for student, (notebook, _) in students.items():
        submit(course, student, notebook, DUE + timedelta(days=2) if student == "late" else SUBMITTED_AT)
    sequential = copy_course(course, tmp / "sequential")
    sequential.lecturer("autograde", ASSIGNMENT, check=False)
    cwd = os.getcwd()
    os.chdir(course.root)  # the lecturer runs the commands in the course folder
    try:
        from contextlib import redirect_stdout
        from io import StringIO

        out = StringIO()
        with redirect_stdout(out):
            code = main(["autograde", ASSIGNMENT, "--workers", "2"])
            # The lecturer grades the open question of one student by hand.
            from nbgrader.api import Gradebook
            with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
                gb.find_grade("q4_diagnose", ASSIGNMENT, ASSIGNMENT, "complete").manual_score = 3
                gb.db.commit()
            exports = {fmt: main(["export-grades", ASSIGNMENT, "--to", f"{fmt}.csv", "--format", fmt])
                       for fmt in ("tabel", "canvas", "brightspace")}
            report = main(["report", ASSIGNMENT, "--out", "rapport"])
            check = main(["check-gradebook", "--assignment", ASSIGNMENT])
    finally:
        os.chdir(cwd)
    feedback = course.lecturer("generate_feedback", ASSIGNMENT, check=False)
    return {"course": course, "sequential": sequential, "students": students, "code": code,
            "out": out.getvalue(), "exports": exports, "report": report, "check": check, "feedback": feedback}


def test_every_student_is_graded_or_reported_by_name(graded):
    out = graded["out"]
    assert graded["code"] == 1  # failures were reported
    assert "11 van 13 inzendingen nagekeken" in out
    assert "killer: NIET nagekeken — de kernel is gestopt" in out
    assert "broken: NIET nagekeken — het bestand is geen geldig notebook" in out


def test_exact_scores_of_every_graded_case(graded):
    got = scores(graded["course"].root / "gradebook.db")
    for student, (_, points) in graded["students"].items():
        for cell, expected in zip(TESTS, points or (None, None, None), strict=True):
            assert got[(student, cell)][0] == expected, (student, cell)


def test_grades_equal_those_of_sequential_nbgrader(graded):
    # Autograded scores only: the lecturer graded one open question by hand in our course.
    ours = {k: auto for k, (auto, _) in scores(graded["course"].root / "gradebook.db").items()}
    plain = {k: auto for k, (auto, _) in scores(graded["sequential"].root / "gradebook.db").items()}
    assert len(ours) == 13 * 4 and ours == plain


def test_failed_submissions_stay_visible_for_the_lecturer(graded):
    autograded = graded["course"].root / "autograded"
    assert not (autograded / "killer" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    assert (autograded / "loop" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()


def test_huge_output_is_cut_in_the_autograded_notebook(graded):
    path = graded["course"].root / "autograded" / "huge" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert path.stat().st_size < 500_000
    assert nbformat.read(path, as_version=4)


def test_gradebook_passes_the_integrity_check(graded):
    from ketenles.grading.gradebook.integrity import check_gradebook

    assert graded["check"] == 0
    report = check_gradebook(graded["course"].root, ASSIGNMENT)
    assert report.ok and report.submissions == 13
    # Only the two failed submissions need a person: 3 autograded cells each.
    assert sorted({line.split(" /")[0] for line in report.attention}) == ["broken", "killer"]
    assert len(report.attention) == 6


def _rows(graded, fmt):
    with open(graded["course"].root / f"{fmt}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_export_shows_grades_late_flag_and_imported_names(graded):
    assert graded["exports"] == {"tabel": 0, "canvas": 0, "brightspace": 0}
    table = {r["student_id"]: r for r in _rows(graded, "tabel")}
    # 4 automatic points and 3 of the 6 written ones: 70 % is a 7.0.
    assert table["complete"]["punten"] == "7" and table["complete"]["cijfer"] == "7.0"
    assert table["complete"]["volledig_beoordeeld"] == "ja"
    assert table["late"]["te_laat"] == "ja" and table["late"]["seconden_te_laat"] == str(2 * 24 * 3600)
    assert table["complete"]["te_laat"] == "nee"
    assert table["killer"]["volledig_beoordeeld"] == "nee"
    canvas = {r["SIS User ID"]: r for r in _rows(graded, "canvas")}
    assert canvas["complete"]["Student"] == "Achternaam0, Voornaam0" and canvas["complete"]["ID"] == "1000"
    assert canvas["complete"][ASSIGNMENT] == "7.0" and canvas["killer"][ASSIGNMENT] == ""
    brightspace = _rows(graded, "brightspace")
    assert all(r["End-of-Line Indicator"] == "#" for r in brightspace) and len(brightspace) == 13


def test_class_report_is_written(graded):
    assert graded["report"] == 0
    folder = graded["course"].root / "rapport"
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "13 studenten" in md and "Het dominante ketenprobleem herkennen" in md
    assert (folder / "leerdoelen.png").exists() and (folder / "vragen.png").exists()


def test_no_release_or_feedback_file_holds_solutions_or_hidden_tests(graded):
    root = graded["course"].root
    release = (root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    assert all(line not in release for line in secret_lines(SOURCE))
    files = list((root / "feedback").rglob("*.html"))
    assert len(files) >= 11  # every graded student; failed ones have no autograded notebook
    for path in files:
        text = text_of(path.read_text(encoding="utf-8"))
        # Students who answered with the model solution see it, as in test_nbgrader_flow.
        model = path.parts[-3] not in ("partial", "wrong", "empty", "killer", "broken")
        for line in hidden_test_lines(SOURCE) + ([] if model else secret_lines(SOURCE)):
            assert line not in text, (path, line)
        assert "BEGIN HIDDEN TESTS" not in text


def test_upstream_repair_crashes_where_ours_restores_the_cells(graded):
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import OverwriteCells

    from ketenles.grading.plugins.overwrite import SafeOverwriteCells

    submitted = graded["course"].root / "submitted" / "deleted_pair" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    with Gradebook(f"sqlite:///{graded['sequential'].root / 'gradebook.db'}") as gb:
        for kind in (OverwriteCells, SafeOverwriteCells):
            nb = nbformat.read(submitted, as_version=4)
            repair = kind(add_missing_cells=True)
            repair.gradebook, repair.notebook_id, repair.assignment_id = gb, ASSIGNMENT, ASSIGNMENT
            if kind is OverwriteCells:
                with pytest.raises(KeyError):
                    repair.add_missing_grade_cells(nb, {})
            else:
                nb, _ = repair.add_missing_grade_cells(nb, {})
                ids = [grade_id(c) for c in nb.cells if grade_id(c)]
                assert ids.index("q1_probleem_test") < ids.index("q2_factoren")

"""Odd notebooks in a real nbgrader course: graded on the original cells, or reported by name.

Everyday accidents of students, each one a submission in the same class
(module fixture), graded with ``ketenles autograde`` as a lecturer runs it:
a duplicated test cell, a duplicated answer cell, a grade cell pasted in from
another notebook, a grade cell whose metadata was deleted or edited, a
renamed notebook, two notebooks with other names, extra files, a file that is
not JSON and JSON that is not a notebook. nbgrader 0.9.6 crashed on the cell
cases (``KeyError``) and skipped the renamed notebook; all of them were
reported as "onverwachte fout", with no log.
"""

from __future__ import annotations

import copy
import json
import os
import re
from contextlib import redirect_stdout
from io import StringIO

import nbformat
import pytest
from catalogue_match import contains
from grading_class import ASSIGNMENT, answered, make_course, not_json, scores, submit
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader_sim import grade_id

from ketenles.cli import main

pytestmark = pytest.mark.slow

TESTS = ("q1_probleem_test", "q2_factoren_test", "q3_lezing_test")
FULL = (1, 2, 1)
DIAGNOSIS = "Mijn eigen diagnose: de keten mist een gezamenlijk doel."


def _index(nb, cell_id):
    return next(i for i, c in enumerate(nb.cells) if grade_id(c) == cell_id)


def _duplicated_test(nb):
    i = _index(nb, "q2_factoren_test")
    nb.cells.insert(i + 1, copy.deepcopy(nb.cells[i]))
    return nb


def _duplicated_answer(nb, stub):
    # "Duplicate cell" on the blank answer; the student answers in the copy.
    i = _index(nb, "q1_probleem")
    answer = copy.deepcopy(nb.cells[i])
    nb.cells[i].source = stub
    nb.cells.insert(i + 1, answer)
    return nb


def _foreign(nb):
    cell = new_code_cell("assert True  # uit een ander vak")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "vak2_test", "locked": True, "points": 5,
                                 "solution": False, "schema_version": 3}
    nb.cells.insert(_index(nb, "q3_lezing"), cell)
    return nb


def _lost_metadata(nb):
    for cell_id in ("q3_lezing_test", "q4_diagnose"):
        del nb.cells[_index(nb, cell_id)].metadata["nbgrader"]
    nb.cells[-1].source = DIAGNOSIS  # the answer cell of q4 is the last cell
    return nb


def _edited_flags(nb):
    cell = nb.cells[_index(nb, "q2_factoren_test")]
    cell.source = "pass  # deze test doet niets meer"
    cell.metadata["nbgrader"].update(locked=False, points=20, checksum="0" * 32)
    return nb


def _placed(course, student, nb, names):
    """Submit ``nb`` under other file names (and remove the expected one)."""
    path = submit(course, student, nb)
    for name in names:
        (path.parent / name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("odd")
    course = make_course(tmp)
    stub = next(c.source for c in answered(course, "empty").cells if grade_id(c) == "q1_probleem")
    complete = lambda: answered(course, "complete")  # noqa: E731 - a fresh copy per student
    submit(course, "gewoon", complete())
    submit(course, "dubbele_test", _duplicated_test(complete()))
    submit(course, "dubbel_antwoord", _duplicated_answer(complete(), stub))
    submit(course, "vreemde_cel", _foreign(complete()))
    submit(course, "kwijt", _lost_metadata(complete()))
    submit(course, "bewerkt", _edited_flags(complete()))
    _placed(course, "hernoemd", complete(), [f"{ASSIGNMENT} (1).ipynb"])
    _placed(course, "twee", complete(), [f"{ASSIGNMENT} (1).ipynb", f"{ASSIGNMENT} (2).ipynb"])
    folder = submit(course, "extra", complete()).parent
    (folder / "aantekeningen.txt").write_text("mijn notities", encoding="utf-8")
    (folder / "plaatjes").mkdir()
    (folder / "plaatjes" / "schets.png").write_bytes(b"\x89PNG")
    submit(course, "kapot", not_json())
    submit(course, "geen_notebook", json.dumps({"hallo": "wereld"}))
    out = StringIO()
    cwd = os.getcwd()
    os.chdir(course.root)
    try:
        with redirect_stdout(out):
            code = main(["autograde", ASSIGNMENT, "--workers", "2"])
    finally:
        os.chdir(cwd)
    return {"course": course, "code": code, "out": out.getvalue()}


def _line(graded, student):
    lines = [line.strip() for line in graded["out"].splitlines() if line.strip().startswith(f"{student}:")]
    assert lines, graded["out"]
    return lines[0]


def _log(graded) -> str:
    match = re.search(r"Logboek van deze run.*?: (\S+)", graded["out"])
    assert match, graded["out"]
    return (graded["course"].root / match.group(1)).read_text(encoding="utf-8")


def _points(graded, student):
    got = scores(graded["course"].root / "gradebook.db")
    return tuple(got[(student, cell)][0] for cell in TESTS)


def test_no_submission_is_an_unexplained_error(graded):
    assert "onverwachte fout" not in graded["out"]
    assert graded["code"] == 1  # three submissions cannot be graded, the rest is
    assert "8 van 11 inzendingen nagekeken" in graded["out"]


@pytest.mark.parametrize(("student", "note"), [
    ("dubbele_test", "stond er dubbel in; de kopie is weggelaten"),
    ("dubbel_antwoord", "een antwoordcel stond er dubbel in"),
    ("vreemde_cel", "grade id die niet bij deze opdracht hoort"),
    ("kwijt", "nakijkgegevens verloren"),
    ("bewerkt", "nakijkgegevens van een cel waren veranderd"),
    ("hernoemd", "andere naam en is onder de naam van de opdracht nagekeken"),
    ("extra", "extra bestanden; die zijn niet nagekeken"),
])
def test_odd_but_sound_submissions_are_graded_in_full_with_a_note(graded, student, note):
    line = _line(graded, student)
    assert line.startswith(f"{student}: nagekeken.") and note in line, line
    assert _points(graded, student) == FULL


def test_a_clean_submission_gets_no_note(graded):
    assert "gewoon" not in graded["out"]  # the summary lists only failures and notes
    assert _points(graded, "gewoon") == FULL


@pytest.mark.parametrize(("student", "reason"), [
    ("twee", "meerdere andere notebooks"),
    ("kapot", "geen geldig notebook"),
    ("geen_notebook", "geen geldig notebook"),
])
def test_unsound_submissions_are_reported_by_name_with_what_to_do(graded, student, reason):
    line = _line(graded, student)
    assert line.startswith(f"{student}: NIET nagekeken") and reason in line and "--student" in line, line


def test_the_log_names_files_and_cells(graded):
    log = _log(graded)
    assert f"{ASSIGNMENT} (1).ipynb -> {ASSIGNMENT}.ipynb" in log
    assert f"{ASSIGNMENT} (1).ipynb, {ASSIGNMENT} (2).ipynb" in log
    assert "aantekeningen.txt, plaatjes/schets.png" in log
    assert "onbekende grade id als gewone cel behandeld: vak2_test" in log
    assert "dubbele test- of alleen-lezencel weggelaten: q2_factoren_test" in log
    assert contains(log, "grading_workflow.details.restored_metadata", detail="q4_diagnose")
    for student in ("kapot", "geen_notebook"):
        assert f"== {student}: {student}: NIET nagekeken" in log


def test_graded_cells_are_the_originals(graded):
    root = graded["course"].root / "autograded"
    nb = nbformat.read(root / "kwijt" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    diagnosis = [c for c in nb.cells if grade_id(c) == "q4_diagnose"]
    assert [c.source for c in diagnosis] == [DIAGNOSIS]  # the student's own text, not a blank stub
    nb = nbformat.read(root / "vreemde_cel" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert "vak2_test" not in [grade_id(c) for c in nb.cells]
    nb = nbformat.read(root / "bewerkt" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    test = next(c for c in nb.cells if grade_id(c) == "q2_factoren_test")
    assert "deze test doet niets meer" not in test.source and test.metadata["nbgrader"]["points"] == 2
    # The extra files stay with the submission; nothing of them is graded.
    assert (graded["course"].root / "submitted" / "extra" / ASSIGNMENT / "aantekeningen.txt").is_file()


def test_an_added_ordinary_cell_is_not_taken_for_a_lost_answer(graded, tmp_path):
    """The repair of lost metadata needs exactly one candidate; two own cells: leave them alone."""
    from nbgrader.api import Gradebook

    from ketenles.grading.plugins.odd_cells import TidyGradeCells

    course = graded["course"]
    nb = _lost_metadata(answered(course, "complete"))
    nb.cells.append(new_markdown_cell("Nog een eigen aantekening."))
    tidy = TidyGradeCells()
    tidy.config.CourseDirectory.root = str(course.root)
    resources = {"nbgrader": {"notebook": ASSIGNMENT, "assignment": ASSIGNMENT,
                              "db_url": f"sqlite:///{course.root / 'gradebook.db'}"}}
    with Gradebook(resources["nbgrader"]["db_url"]):
        nb, _ = tidy.preprocess(nb, resources)
    ids = [grade_id(c) for c in nb.cells]
    assert "q4_diagnose" not in ids  # nbgrader restores it as an empty cell; the lecturer sees both texts
    assert "q3_lezing_test" in ids  # its one candidate (the unchanged test code) got its metadata back

"""Self-check: visible tests of a student's own copy, Dutch feedback, never hidden tests."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from grading_class import SOURCE, answered, make_course
from nbformat.v4 import new_code_cell

from ketenles.errors import ArgumentError
from ketenles.selfstudy.selfcheck import load_student_copy, selfcheck

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def partial_copy(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("selfcheck")
    course = make_course(tmp)
    folder = tmp / "student"
    folder.mkdir()
    path = folder / "ketenanalyse.ipynb"
    nbformat.write(answered(course, "partial"), path)
    return path


def test_partial_copy_gets_per_question_feedback(partial_copy):
    before = partial_copy.read_bytes()
    result = selfcheck(partial_copy)
    assert [(q.question.split(" — ")[0], q.status) for q in result.questions] == [
        ("Vraag 1", "passed"), ("Vraag 2", "passed"), ("Vraag 3", "failed"), ("Vraag 4", "manual")]
    text = str(result)
    assert "✘ nog niet — Vraag 3" in text and "(1 pt): 'lezing_scan' moet tekst zijn" in text
    assert "q3_lezing_test" not in text
    assert "2 van 3 automatisch nagekeken vragen" in text and "extra tests" in text
    assert "<li>" in result._repr_html_()
    assert partial_copy.read_bytes() == before  # the student's file is never changed


def test_source_version_with_hidden_tests_is_refused_unrun(tmp_path):
    copy = tmp_path / "ketenanalyse.ipynb"
    shutil.copy(SOURCE, copy)
    with pytest.raises(ArgumentError, match="verborgen tests"):
        selfcheck(copy)
    with pytest.raises(ArgumentError, match="ipynb"):
        load_student_copy(tmp_path / "geen.txt")


def test_student_copy_holds_no_hidden_tests(partial_copy):
    text = partial_copy.read_text(encoding="utf-8")
    assert "HIDDEN TESTS" not in text and "check_equal" not in text
    load_student_copy(partial_copy)


def test_usable_from_a_cell_of_the_checked_notebook_itself(partial_copy, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(partial_copy, as_version=4)
    nb.cells.append(new_code_cell('from ketenles.selfstudy.selfcheck import selfcheck\n'
                                  'print(selfcheck("ketenanalyse.ipynb"))'))
    path = tmp_path / "ketenanalyse.ipynb"
    nbformat.write(nb, path)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    # The self-check inside the checked copy does not start yet another one.
    assert "✘ nog niet — Vraag 3" in printed and printed.count("Zelfcontrole") == 1


def test_the_exam_self_check_keeps_format_checks_for_the_learners_own_variant(tmp_path):
    """Issue 19: a self-learner's practice exam shows their own variant; the self-check judges form only."""
    from paths import REPO

    from ketenles.grading.exam_sheet import ExamSheet

    for path in (REPO / "notebooks" / "opdrachten" / "eindtoets").iterdir():
        shutil.copy(path, tmp_path / path.name)
    copy = tmp_path / "eindtoets.ipynb"
    nb = nbformat.read(copy, as_version=4)
    setup = next(c.source for c in nb.cells if "ExamSheet(" in c.source)
    namespace: dict = {}
    exec(setup.replace("from ketenles.grading import checks", ""), namespace)  # noqa: S102 - the exam's own plan
    sheet: ExamSheet = namespace["toets"]
    mine = sheet.variant()  # whoever runs the tests, as a self-learner on Binder
    letters = mine.letters(mine.items["vraag_01"])
    for cell in nb.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if name == "vraag_01":
            cell.source = f'vraag_01 = "{letters[-1]}"'
        elif name == "vraag_02":
            cell.source = 'vraag_02 = "z"'
    nbformat.write(nb, copy)
    result = selfcheck(copy)
    statuses = {q.question: q.status for q in result.questions}
    assert statuses["Vraag 1"] == "passed" and statuses["Vraag 2"] == "failed"
    assert statuses["Vraag 3"] == "failed"
    assert {q.status for q in result.questions} <= {"passed", "failed", "manual"}  # never right or wrong
    assert "vraag_02" in next(q.message for q in result.questions if q.question == "Vraag 2")

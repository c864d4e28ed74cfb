"""Right or wrong without the answer: digests of the model answers in practice versions only."""

from __future__ import annotations

import json

import nbformat
import pytest
from paths import REPO

from ketenles.grading.course import assignment_names
from ketenles.i18n import msg
from ketenles.selfstudy import answer_key
from ketenles.selfstudy.student_version import STUDENT_ROOT

ASSIGNMENTS = assignment_names(REPO / "assignments")
PRACTICE = [name for name in ASSIGNMENTS if not answer_key.is_exam(name)]


def _source(name):
    return nbformat.read(REPO / "assignments" / name / f"{name}.ipynb", as_version=4)


def _student(name):
    return nbformat.read(STUDENT_ROOT / name / f"{name}.ipynb", as_version=4)


def test_the_final_test_is_an_exam_and_the_others_are_practice():
    assert answer_key.is_exam("eindtoets")
    assert set(PRACTICE) == {"ketenanalyse", "regie-advies", "vertrouwen"}
    # An assignment without selfstudy.yaml is treated as an exam: no verdicts, no worked solution.
    assert answer_key.is_exam("eindtoets", REPO / "tests")


@pytest.mark.parametrize("name", PRACTICE)
def test_every_graded_question_of_a_practice_version_has_a_key_that_accepts_the_model_answer(name):
    keys = answer_key.keys_of(_student(name))
    graded = [c.metadata["nbgrader"]["grade_id"] for c in _source(name).cells
              if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    assert sorted(keys) == sorted(graded)
    models = answer_key.model_answers(_source(name))
    for key in keys.values():
        assert answer_key.wrong_hints(key, models) == []
        # Written differently but the same answer (spaces, capitals) is still right.
        sloppy = {v: f"  {x.upper()} " if isinstance(x, str) else x for v, x in models.items()}
        assert answer_key.wrong_hints(key, sloppy) == []


@pytest.mark.parametrize("name", PRACTICE)
def test_a_wrong_answer_gets_the_hidden_tests_hint_and_a_lesson_section(name):
    models = answer_key.model_answers(_source(name))
    for key in answer_key.keys_of(_student(name)).values():
        first = key["answers"][0]
        wrong = {**models, first["variable"]: "zzz"}
        hints = answer_key.wrong_hints(key, wrong)
        assert hints == [first["hint"]]
        assert msg(hints[0]) != hints[0]  # the hint is a catalogue message
        assert key["lesson"].startswith("Les ") and key["section"]


@pytest.mark.parametrize("name", PRACTICE)
def test_a_practice_version_holds_no_model_answer_in_its_metadata(name):
    text = json.dumps(_student(name).metadata, ensure_ascii=False)
    for value in answer_key.model_answers(_source(name)).values():
        assert json.dumps(value, ensure_ascii=False) not in text
        assert json.dumps(answer_key.normalise(value), ensure_ascii=False) not in text


def test_order_counts_for_a_list_unless_the_hidden_test_takes_any_order():
    salt = "zout"
    ordered = answer_key.digest(salt, ["a", "b"])
    assert answer_key.digest(salt, ["b", "a"]) != ordered
    assert answer_key.digest(salt, ["b", "a"], answer_key.SAME_ITEMS) == answer_key.digest(
        salt, ["a", "b"], answer_key.SAME_ITEMS)
    assert answer_key.digest("ander zout", ["a", "b"]) != ordered


def test_the_exam_version_keeps_format_checks_only_and_invites_no_worked_solution():
    exam = _student("eindtoets")
    assert answer_key.keys_of(exam) == {}
    assert "ketenles" not in exam.metadata
    assert not any("uitwerking(" in c.source for c in exam.cells)
    assert any("selfcheck(" in c.source for c in exam.cells)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_lesson_section_a_hint_points_to_exists(name):
    sections = answer_key.settings(name).get("sections", {})
    grade_ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in _source(name).cells}
    for grade_id, where in sections.items():
        assert grade_id in grade_ids, f"{name}: {grade_id} is not a cell of the assignment"
        lesson = nbformat.read(REPO / "notebooks" / f"{where['lesson']}.ipynb", as_version=4)
        headings = {line.lstrip("#").strip() for c in lesson.cells if c.cell_type == "markdown"
                    for line in c.source.splitlines() if line.startswith("#")}
        assert where["section"] in headings, f"{name}: no heading '{where['section']}' in {where['lesson']}"


def test_the_dump_cell_reports_the_students_values_for_the_comparison():
    code = answer_key.dump_cell(["factoren", "dominant_probleem"])
    printed = {}
    namespace = {"factoren": ["a"], "print": lambda text: printed.setdefault("text", text)}
    exec(code, namespace)  # noqa: S102 - the code the self-check appends, run as its kernel would
    cell = {"outputs": [{"output_type": "stream", "text": printed["text"] + "\n"}]}
    assert answer_key.read_dump(cell) == {"dominant_probleem": None, "factoren": ["a"]}

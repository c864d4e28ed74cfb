"""Answer checks used in nbgrader test cells: Dutch, helpful, never the answer."""

import pytest

from ketenles.errors import KetenlesError
from ketenles.grading import checks
from ketenles.grading.checks import AnswerIncorrect
from ketenles.i18n import msg


def test_failure_is_an_assertion_for_nbgrader_and_a_friendly_error_for_notebooks():
    with pytest.raises(AnswerIncorrect) as info:
        checks.check_answered("aantal", None)
    assert isinstance(info.value, AssertionError) and isinstance(info.value, KetenlesError)
    assert str(info.value) == msg("grading.not_answered", name="aantal")


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: checks.check_type("x", "4", int), "een geheel getal zijn, maar is nu tekst (str)"),
        (lambda: checks.check_type("x", True, int), "True of False"),
        (lambda: checks.check_type("x", ..., int), "nog niet ingevuld"),
        (lambda: checks.check_type("x", 3, (list, tuple)), "een lijst of een tuple"),
        (lambda: checks.check_in("x", "d", ["a", "b"]), "kies een van: 'a', 'b'"),
        (lambda: checks.check_all_in("x", ["a", "z"], ["a", "b"]), "In 'x' staat 'z'"),
        (lambda: checks.check_same_items("x", [1], [1, 2], "grading.hints.weakest"), "1 onderdelen"),
        (lambda: checks.check_close("x", 2.0, 3.0, 0.5, "grading.hints.weakest"), "klopt nog niet"),
    ],
)
def test_messages_say_what_is_wrong(call, words):
    with pytest.raises(AnswerIncorrect) as info:
        call()
    assert words in str(info.value)


def test_wrong_value_shows_the_hint_not_the_expected_value():
    with pytest.raises(AnswerIncorrect) as info:
        checks.check_equal("dominant_probleem", "a", "b", "grading.hints.dominant_problem")
    text = str(info.value)
    assert "'b'" not in text and "geen partner alleen" in text


def test_passing_checks_are_silent():
    checks.check_type("x", 3, int)
    checks.check_type("x", 3.0, (int, float))
    checks.check_in("x", "a", ["a"])
    checks.check_same_items("x", ["b", "a"], ("a", "b"), "grading.hints.weakest")
    checks.check_close("x", 2.9, 3.0, 0.1, "grading.hints.weakest")


def test_an_exam_hint_does_not_repeat_what_the_message_already_says():
    import re

    from ketenles.i18n import msg

    with pytest.raises(AnswerIncorrect) as failure:
        checks.check_equal("vraag_01", "a", "c", "grading_hints.eindtoets.wrong")
    text = str(failure.value)
    assert msg("grading_hints.eindtoets.wrong") in text
    sentences = [s.strip().lower() for s in re.split(r"[.;]", text) if s.strip()]
    assert len(sentences) == len(set(sentences))
    assert text.lower().count("klopt nog niet") == 1


# --- per-student exam variants (issue 19) ----------------------------------------------------

VARIANT_PLAN = {"toets": "t", "seed": 5, "vakken": [["vraag_01", {"x": 4, "y": 3}]],
                "casussen": {"c1": {"vragen": [["c1_q", 3]], "feiten": {"f": ["een", "twee"]}}},
                "casusvakken": ["vraag_02"]}


def _sheet():
    from ketenles.grading.exam_sheet import ExamSheet

    return ExamSheet(VARIANT_PLAN)


def test_variant_choice_maps_the_students_letter_back_to_the_bank_option(monkeypatch):
    monkeypatch.setenv("KETENLES_STUDENT", "anna")
    sheet = _sheet()
    v = sheet.variant()
    key = {"x": "c", "y": "a"}
    right = v.letter(v.items["vraag_01"], key[v.items["vraag_01"]])
    checks.check_variant_choice("vraag_01", right, sheet, key, "grading_hints.eindtoets.wrong")
    assert checks.variant_answer(sheet, "vraag_01", key) == right
    wrong = next(letter for letter in v.letters(v.items["vraag_01"]) if letter != right)
    with pytest.raises(checks.AnswerIncorrect):
        checks.check_variant_choice("vraag_01", wrong, sheet, key, "grading_hints.eindtoets.wrong")
    # Another student's variant of the same exam: the same letter need not be right there.
    monkeypatch.setenv("KETENLES_STUDENT", "bram")
    assert sheet.variant() != v


def test_a_case_key_follows_the_students_alternative_of_the_fact(monkeypatch):
    monkeypatch.setenv("KETENLES_STUDENT", "anna")
    sheet = _sheet()
    v = sheet.variant()
    key = {"c1_q": {"f": {"een": "a", "twee": "b"}}}
    right = v.letter("c1_q", {"een": "a", "twee": "b"}[v.facts["f"]])
    checks.check_variant_choice("vraag_02", right, sheet, key, "grading_hints.eindtoets.wrong")
    checks.check_variant_form("vraag_02", right, sheet)
    with pytest.raises(checks.AnswerIncorrect):
        checks.check_variant_form("vraag_02", "d", sheet)


def test_without_a_student_while_grading_the_check_fails_in_dutch(monkeypatch, tmp_path):
    monkeypatch.delenv("KETENLES_STUDENT", raising=False)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(checks.AnswerIncorrect) as caught:
        checks.check_variant_choice("vraag_01", "a", _sheet(), {"x": "a", "y": "a"}, "grading_hints.eindtoets.wrong")
    assert str(caught.value) == msg("exam.no_student", name="vraag_01")

"""Hidden tests of a prediction grade the recorded value, say so, and give a reason for 0."""

from __future__ import annotations

import json

import pytest

from ketenles.grading import checks
from ketenles.grading.checks import AnswerIncorrect
from ketenles.grading.sandbox import answers
from ketenles.i18n import msg
from ketenles.models import predictions as p

HINT = "grading_hints.vertrouwen.patience"
LETTERS = ["a", "b", "c", "d"]


def record(**items) -> str:
    text = None
    for item, value in items.items():
        text, outcome = p.record(text, item, value, None, "2026-12-01T10:00:00+00:00")
        assert outcome == p.RECORDED
    return text


def grade(text, value, expected="a", item="geduld", options=LETTERS):
    with checks.captured_record(text):
        checks.check_recorded("voorspelling_geduld", value, expected, HINT, item=item, options=options)


def test_a_recorded_right_prediction_passes_quietly(capsys):
    grade(record(geduld="a"), " A ")
    assert capsys.readouterr().out == ""


def test_the_recorded_value_counts_and_the_feedback_says_so_when_the_variable_differs(capsys):
    grade(record(geduld="a"), "c")
    assert capsys.readouterr().out.strip() == msg("predictions.grade.differs", item="geduld",
                                                  name="voorspelling_geduld", recorded="'a'", current="'c'")
    with pytest.raises(AnswerIncorrect) as wrong:
        grade(record(geduld="c"), "a")
    expected = msg("predictions.grade.wrong", item="geduld", name="voorspelling_geduld", recorded="'c'",
                   hint=msg(HINT))
    assert str(wrong.value).startswith(expected)
    assert msg("predictions.grade.differs", item="geduld", name="voorspelling_geduld", recorded="'c'",
               current="'a'") in str(wrong.value)
    assert "'a'" not in expected  # the expected answer is never named


def test_a_list_prediction_is_compared_as_a_set():
    grade(record(informeel=["c", "b"]), ["b", "c"], expected=["b", "c"], item="informeel", options=["a", "b", "c"])
    with pytest.raises(AnswerIncorrect):
        grade(record(informeel=["b"]), ["b", "c"], expected=["b", "c"], item="informeel", options=["a", "b", "c"])


@pytest.mark.parametrize(("text", "problem"), [
    (None, "no_file"),
    (json.dumps({"format": p.FORMAT, "predictions": {}}), "not_recorded"),
    ("dit is geen json", "not_json"),
    (json.dumps({"predictions": {"geduld": {"value": "a", "recorded_at": "nu"}}}), "malformed"),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": {"value": "x", "recorded_at": "nu"}}}), "bad_entry"),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": {"value": ["a"], "recorded_at": 3}}}), "bad_entry"),
])
def test_no_or_a_damaged_record_scores_zero_with_the_reason(text, problem):
    with pytest.raises(AnswerIncorrect) as failed:
        grade(text, "a")
    assert str(failed.value) == msg(f"predictions.grade.{problem}", item="geduld", file=p.RECORD_FILE,
                                    options="'a', 'b', 'c', 'd'")


def test_in_a_kernel_the_record_file_of_the_working_folder_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnswerIncorrect, match=p.RECORD_FILE):
        checks.check_recorded("voorspelling_geduld", "a", "a", HINT, item="geduld", options=LETTERS)
    p.write_text(record(geduld="a"), tmp_path)
    checks.check_recorded("voorspelling_geduld", "a", "a", HINT, item="geduld", options=LETTERS)


def test_only_a_test_that_grades_a_record_makes_the_kernel_capture_the_file():
    hidden = 'checks.check_recorded("x", x, "a", "h", item="geduld", options=["a"])'
    assert answers.reads_record(hidden)
    assert not answers.reads_record('checks.check_equal("x", x, "a", "h")')
    assert "open(record_file" in answers.capture_source(["x"], record=True)
    assert repr(p.RECORD_FILE) in answers.capture_source(["x"], record=True)
    assert repr(p.RECORD_FILE) not in answers.capture_source(["x"])


def test_the_captured_record_travels_as_plain_text_only():
    assert answers.decode_record({"values": {}, "missing": []}) == (False, None)
    assert answers.decode_record({"values": {}, "record": None}) == (True, None)
    assert answers.decode_record({"values": {}, "record": "{}"}) == (True, "{}")
    assert answers.decode_record({"values": {}, "record": {"int": "3"}}) == (True, None)
    assert answers.decode_record("niet eens een payload") == (False, None)


def test_the_capture_cell_publishes_the_record_file_as_it_is(tmp_path, monkeypatch):
    """The capture code itself, run as the kernel runs it (IPython's display replaced by a list)."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.chdir(tmp_path)
    source = answers.capture_source(["voorspelling_geduld"], record=True)
    exec(source, {"voorspelling_geduld": "b"})  # noqa: S102 - the capture cell, as the kernel runs it
    p.write_text(record(geduld="a"), tmp_path)
    exec(source, {"voorspelling_geduld": "b"})  # noqa: S102
    (tmp_path / p.RECORD_FILE).write_bytes(b"{" * (p.MAX_RECORD_BYTES + 50))
    exec(source, {"voorspelling_geduld": "b"})  # noqa: S102
    payloads = [s[answers.CAPTURE_MIME] for s in shown]
    assert [answers.decode(x)[0] for x in payloads] == [{"voorspelling_geduld": "b"}] * 3
    missing, present, huge = (answers.decode_record(x)[1] for x in payloads)
    assert missing is None
    assert p.recorded_value(present, "geduld", LETTERS) == ("a", None)
    assert p.recorded_value(huge, "geduld", LETTERS) == (None, p.TOO_LARGE)

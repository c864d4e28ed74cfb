"""The prediction lock's pure part: what is recorded, what is kept, and what a damaged record says."""

from __future__ import annotations

import json

import pytest

from ketenles.models import predictions as p

LETTERS = ["a", "b", "c", "d"]
T1, T2 = "2026-12-01T10:00:00+00:00", "2026-12-01T10:05:00+00:00"


def recorded(item: str, value, options=LETTERS) -> str:
    text, outcome = p.record(None, item, value, options, T1)
    assert outcome == p.RECORDED
    return text


def test_a_recorded_prediction_is_normalised_and_graded_as_recorded():
    text = recorded("geduld", " A ")
    assert p.recorded_value(text, "geduld", LETTERS) == ("a", None)
    assert p.recorded_at(text, "geduld") == T1
    pairs = recorded("informeel", ["c", "B", "c"], ["a", "b", "c"])
    assert p.recorded_value(pairs, "informeel", ["a", "b", "c"]) == (("b", "c"), None)


def test_the_first_recorded_value_wins_and_a_later_one_changes_nothing():
    text = recorded("geduld", "a")
    again, outcome = p.record(text, "geduld", "b", LETTERS, T2)
    assert (again, outcome) == (None, p.KEPT)
    assert p.record(text, "geduld", " a", LETTERS, T2) == (None, p.SAME)
    # Another item is added next to the first, which keeps its value and time.
    both, outcome = p.record(text, "ruis", "c", ["a", "b", "c"], T2)
    assert outcome == p.RECORDED
    assert p.entry(both, "geduld") == ("a", T1) and p.entry(both, "ruis") == ("c", T2)


@pytest.mark.parametrize(("value", "problem"), [
    (None, p.EMPTY), ("", p.EMPTY), ("   ", p.EMPTY), (..., p.EMPTY),
    (3, p.WRONG_TYPE), (True, p.WRONG_TYPE), (["a", 1], p.WRONG_TYPE), ({"a": 1}, p.WRONG_TYPE),
    ("e", p.NOT_AN_OPTION), (["a", "x"], p.NOT_AN_OPTION), ("a, b", p.NOT_AN_OPTION),
])
def test_an_empty_or_impossible_prediction_is_refused_and_records_nothing(value, problem):
    assert p.record(None, "geduld", value, LETTERS, T1) == (None, problem)


def test_an_empty_list_is_a_prediction_that_no_option_qualifies():
    text = recorded("informeel", [], ["a", "b", "c"])
    assert p.recorded_value(text, "informeel", ["a", "b", "c"]) == ((), None)


def test_a_bad_item_name_is_refused():
    assert p.record(None, "Geduld!", "a", LETTERS, T1) == (None, p.MALFORMED)


@pytest.mark.parametrize(("text", "problem"), [
    (None, p.NO_FILE),
    ("{niet af", p.NOT_JSON),
    ("[1, 2]", p.MALFORMED),
    (json.dumps({"format": "iets anders", "predictions": {}}), p.MALFORMED),
    (json.dumps({"format": p.FORMAT, "predictions": []}), p.MALFORMED),
    (json.dumps({"format": p.FORMAT, "predictions": {}}), p.NOT_RECORDED),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": "a"}}), p.BAD_ENTRY),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": {"value": "a"}}}), p.BAD_ENTRY),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": {"value": 1, "recorded_at": T1}}}), p.BAD_ENTRY),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": {"value": "e", "recorded_at": T1}}}), p.BAD_ENTRY),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": {"value": "a", "recorded_at": 5}}}), p.BAD_ENTRY),
    (json.dumps({"format": p.FORMAT, "predictions": {"geduld": {"value": "a", "recorded_at": T1, "x": 1}}}),
     p.BAD_ENTRY),
    ("[" * 100_000, p.TOO_LARGE),
])
def test_a_missing_damaged_or_forged_record_gives_a_problem_never_an_exception(text, problem):
    assert p.recorded_value(text, "geduld", LETTERS) == (None, problem)


def test_a_damaged_entry_fails_only_its_own_item():
    text = json.dumps({"format": p.FORMAT, "predictions": {
        "geduld": {"value": "e", "recorded_at": T1}, "ruis": {"value": "c", "recorded_at": T1}}})
    assert p.recorded_value(text, "geduld", LETTERS)[1] == p.BAD_ENTRY
    assert p.recorded_value(text, "ruis", ["a", "b", "c"]) == ("c", None)


def test_a_damaged_record_is_never_overwritten():
    for text in ("{niet af", json.dumps({"format": p.FORMAT, "predictions": {"geduld": "a"}})):
        new_text, problem = p.record(text, "geduld", "a", LETTERS, T1)
        assert new_text is None and problem in (p.NOT_JSON, p.BAD_ENTRY)


def test_the_file_is_read_capped_and_written_in_one_step(tmp_path):
    assert p.read_text(tmp_path) is None
    text = recorded("geduld", "a")
    p.write_text(text, tmp_path)
    assert p.read_text(tmp_path) == text
    assert [f.name for f in tmp_path.iterdir()] == [p.RECORD_FILE]
    (tmp_path / p.RECORD_FILE).write_bytes(b"x" * (p.MAX_RECORD_BYTES + 10))
    assert p.recorded_value(p.read_text(tmp_path), "geduld", LETTERS)[1] == p.TOO_LARGE
    (tmp_path / p.RECORD_FILE).write_bytes(b"\xff\xfe{")
    assert p.recorded_value(p.read_text(tmp_path), "geduld", LETTERS)[1] == p.NOT_JSON


def test_a_link_or_folder_in_place_of_the_file_counts_as_no_record(tmp_path):
    target = tmp_path / "elders.json"
    target.write_text(recorded("geduld", "a"), encoding="utf-8")
    (tmp_path / p.RECORD_FILE).symlink_to(target)
    assert p.read_text(tmp_path) is None
    other = tmp_path / "map"
    (other / p.RECORD_FILE).mkdir(parents=True)
    assert p.read_text(other) is None


def test_recorded_values_for_the_self_check(tmp_path):
    p.write_text(recorded("informeel", ["c", "b"], ["a", "b", "c"]), tmp_path)
    assert p.recorded_values({"paren_vooruit": "informeel", "voorspelling_ruis": "ruis"}, tmp_path) == {
        "paren_vooruit": ["b", "c"], "voorspelling_ruis": None}


def test_records_kept_in_memory_are_per_folder_and_never_written(tmp_path):
    text = recorded("geduld", "a")
    p.remember(text, tmp_path)
    try:
        assert p.remembered(tmp_path) == text
        assert p.remembered(tmp_path / "elders") is None
        assert not (tmp_path / p.RECORD_FILE).exists()
    finally:
        p.forget(tmp_path)
    assert p.remembered(tmp_path) is None

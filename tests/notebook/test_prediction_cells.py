"""The prediction lock's notebook cells: leg_vast records once, toon_uitkomst waits for it."""

from __future__ import annotations

import json

import pytest

from ketenles.i18n import msg
from ketenles.models import predictions as p
from ketenles.notebook import predictions as cells
from ketenles.notebook.predictions import PredictionRefused, leg_vast, toon_uitkomst

LETTERS = ["a", "b", "c", "d"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A student's assignment folder as the working folder, outside any grading run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(cells.NBGRADER_EXECUTION, raising=False)
    monkeypatch.delenv(cells.SELFCHECK_RUNNING, raising=False)
    yield tmp_path
    p.forget(tmp_path)


def lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_outcome_waits_for_the_prediction_then_shows(folder, capsys):
    assert toon_uitkomst("geduld") is False
    assert lines(capsys) == [msg("predictions.lock_first", item="geduld")]
    leg_vast("geduld", " A ", keuzes=LETTERS)
    assert p.recorded_value(p.read_text(folder), "geduld", LETTERS) == ("a", None)
    capsys.readouterr()
    assert toon_uitkomst("geduld") is True
    assert lines(capsys) == []


def test_an_outcome_that_answers_two_questions_waits_for_both(folder, capsys):
    leg_vast("informeel", ["b"], keuzes=["a", "b", "c"])
    capsys.readouterr()
    assert toon_uitkomst("ruis", "informeel") is False
    assert lines(capsys) == [msg("predictions.lock_first", item="ruis")]
    leg_vast("ruis", "c", keuzes=["a", "b", "c"])
    assert toon_uitkomst("ruis", "informeel") is True


def test_the_first_prediction_stays_and_the_student_is_told(folder, capsys):
    leg_vast("geduld", "b", keuzes=LETTERS)
    before = (folder / p.RECORD_FILE).read_bytes()
    capsys.readouterr()
    leg_vast("geduld", "a", keuzes=LETTERS)
    stamp = cells.shown_time(p.recorded_at(before.decode(), "geduld"))
    assert lines(capsys) == [msg("predictions.kept", item="geduld", first="'b'", value="'a'", at=stamp)]
    assert (folder / p.RECORD_FILE).read_bytes() == before


@pytest.mark.parametrize(("value", "problem"), [(None, "empty"), ("", "empty"), ("e", "not_an_option"),
                                                (4, "wrong_type")])
def test_an_empty_or_impossible_prediction_is_refused_in_dutch_and_records_nothing(folder, value, problem):
    with pytest.raises(PredictionRefused) as refused:
        leg_vast("geduld", value, keuzes=LETTERS)
    assert str(refused.value) == msg(f"predictions.refused.{problem}", item="geduld", file=p.RECORD_FILE,
                                     options="'a', 'b', 'c', 'd'", got=repr(value))
    assert not (folder / p.RECORD_FILE).exists()


def test_a_damaged_record_file_is_left_alone(folder):
    (folder / p.RECORD_FILE).write_text("{kapot", encoding="utf-8")
    with pytest.raises(PredictionRefused, match=p.RECORD_FILE):
        leg_vast("geduld", "a", keuzes=LETTERS)
    assert (folder / p.RECORD_FILE).read_text(encoding="utf-8") == "{kapot"


def test_while_grading_nothing_is_recorded_and_the_submitted_record_is_shown(folder, monkeypatch, capsys):
    monkeypatch.setenv(cells.NBGRADER_EXECUTION, "autograde")
    leg_vast("geduld", "a", keuzes=LETTERS)
    assert not (folder / p.RECORD_FILE).exists()
    assert lines(capsys) == [msg("predictions.during_grading.not_recorded", item="geduld", at="?")]
    assert toon_uitkomst("geduld") is False
    text, _ = p.record(None, "geduld", "b", LETTERS, "2026-12-01T10:00:00+00:00")
    p.write_text(text, folder)
    capsys.readouterr()
    leg_vast("geduld", "a", keuzes=LETTERS)
    assert p.read_text(folder) == text
    assert toon_uitkomst("geduld") is True


def test_the_self_check_copy_records_nothing(folder, monkeypatch):
    monkeypatch.setenv(cells.SELFCHECK_RUNNING, "1")
    leg_vast("geduld", "a", keuzes=LETTERS)
    assert not (folder / p.RECORD_FILE).exists()


@pytest.mark.parametrize("where", ["validate", "source"])
def test_validation_and_a_lecturers_source_record_in_memory_only(folder, monkeypatch, capsys, where):
    if where == "validate":
        monkeypatch.setenv(cells.NBGRADER_EXECUTION, "validate")
    else:
        (folder / "vertrouwen.ipynb").write_text(json.dumps({"cells": [{"source": "### BEGIN HIDDEN TESTS"}]}),
                                                 encoding="utf-8")
    assert cells.mode() == cells.MEMORY
    leg_vast("geduld", "a", keuzes=LETTERS)
    assert not (folder / p.RECORD_FILE).exists()
    assert p.recorded_value(p.remembered(folder), "geduld", LETTERS) == ("a", None)
    capsys.readouterr()
    assert toon_uitkomst("geduld") is True


def test_a_students_folder_records_in_the_file(folder):
    (folder / "vertrouwen.ipynb").write_text(json.dumps({"cells": [{"source": "leg_vast('geduld', x)"}]}),
                                             encoding="utf-8")
    assert cells.mode() == cells.FILE

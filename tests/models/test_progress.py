"""The self-learner progress store: saving, totals, atomic writes, damaged files, widget."""

import json
import os

import pytest

from ketenles import progress
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.progress import ProgressError, ProgressStore, ProgressWarning
from ketenles.widgets.progress import ProgressOverview

LES1, LES2 = "01-wat-is-een-keten", "02-succesfactoren"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "voortgang" / "progress.json"


@pytest.fixture
def store(path):
    return ProgressStore(path)


@pytest.fixture(autouse=True)
def _no_tracking_leaks():
    yield
    progress.stop_tracking()


def test_mark_done_is_saved_and_read_back_by_a_new_store(store, path):
    assert not store.is_done(LES1, "sprekers")
    assert store.mark_done(LES1, "sprekers") is True
    assert store.mark_done(LES1, "sprekers") is False  # second time: nothing new
    assert ProgressStore(path).is_done(LES1, "sprekers")
    assert json.loads(path.read_text())["lessons"][LES1]["done"].keys() == {"sprekers"}


def test_overview_uses_registered_totals_and_keeps_unregistered_done_work(store, path):
    store.register(LES1, ["a", "b", "c", "d", "e"], title="Wat is een keten?")
    for ex in ("a", "b", "c"):
        store.mark_done(LES1, ex)
    store.mark_done(LES2, "oud")  # lesson without a registered list
    assert store.overview() == {LES1: (3, 5), LES2: (1, 1)}
    # The registered list is saved: a later notebook knows the total without registering.
    assert ProgressStore(path).overview()[LES1] == (3, 5)
    assert ProgressStore(path).title(LES1) == "Wat is een keten?"
    # A done exercise that was renamed away still counts: done never exceeds total.
    store.register(LES1, ["a", "b", "x"])
    assert store.overview()[LES1] == (3, 4)


def test_registry_argument_gives_totals_without_writing(path):
    store = ProgressStore(path, registry={LES1: ["a", "b"]})
    assert store.overview() == {LES1: (0, 2)}
    assert not path.exists()
    assert store.title(LES1) == "01. Wat is een keten"


def test_path_comes_from_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KETENLES_PROGRESS", str(tmp_path / "env.json"))
    assert ProgressStore().path == tmp_path / "env.json"
    assert ProgressStore(tmp_path / "arg.json").path == tmp_path / "arg.json"
    monkeypatch.delenv("KETENLES_PROGRESS")
    assert progress.default_path().parts[-2:] == (".ketenles", "progress.json")


def test_a_crash_during_replace_leaves_the_old_file_intact(store, path, monkeypatch):
    store.mark_done(LES1, "a")
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError("schijf vol")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ProgressError, match="niet worden opgeslagen"):
        store.mark_done(LES1, "b")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["progress.json"]  # no temp file left
    monkeypatch.undo()
    assert store.is_done(LES1, "a") and not store.is_done(LES1, "b")


def test_a_crash_while_writing_the_temp_file_leaves_the_old_file_intact(store, path, monkeypatch):
    store.mark_done(LES1, "a")
    before = path.read_bytes()

    def crash(fd):
        raise OSError("stroom weg")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(ProgressError):
        store.mark_done(LES1, "b")
    assert path.read_bytes() == before
    assert len(list(path.parent.iterdir())) == 1


def test_a_corrupt_file_is_set_aside_with_a_dutch_warning(store, path):
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "lessons": {"01-wat', encoding="utf-8")
    with pytest.warns(ProgressWarning, match="beschadigd"):
        assert store.overview() == {}
    backups = list(path.parent.glob("progress.kapot-*.json"))
    assert len(backups) == 1
    assert backups[0].read_text(encoding="utf-8").startswith('{"version": 1')  # nothing lost
    assert str(backups[0]) in store.warnings[0]
    # Work goes on in a fresh file.
    store.mark_done(LES1, "a")
    assert ProgressStore(path).is_done(LES1, "a")


def test_a_partly_damaged_file_keeps_what_is_readable(store, path):
    path.parent.mkdir(parents=True)
    data = {"version": 1, "lessons": {
        LES1: {"done": {"a": "2026-11-28T03:00:00Z", "b": 7}, "exercises": ["a", "b"]},
        "Les Twee!": {"done": {}},
    }}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(ProgressWarning):
        assert store.overview() == {LES1: (1, 2)}
    assert len(list(path.parent.glob("progress.kapot-*.json"))) == 1
    assert "1 afgeronde" in store.warnings[0]
    assert ProgressStore(path).is_done(LES1, "a")  # the salvage was written


def test_two_corrupt_files_in_the_same_second_get_separate_backups(path):
    path.parent.mkdir(parents=True)
    for text in ("kapot", "ook kapot"):
        path.write_text(text, encoding="utf-8")
        with pytest.warns(ProgressWarning):
            ProgressStore(path).overview()
    assert sorted(p.read_text() for p in path.parent.glob("progress.kapot-*.json")) == [
        "kapot", "ook kapot"]


@pytest.mark.parametrize("lesson", ["", "Les 1", "01/../x", 1, None])
def test_bad_lesson_ids_are_refused_in_dutch(store, lesson):
    with pytest.raises(ArgumentError, match="les-id"):
        store.mark_done(lesson, "a")


@pytest.mark.parametrize("exercises", ["abc", ["a", "a"], [""], 3])
def test_bad_exercise_lists_are_refused(store, exercises):
    with pytest.raises(ArgumentError):
        store.register(LES1, exercises)


def test_record_success_only_saves_when_tracking_is_on(path):
    assert progress.record_success("a") is None
    progress.start_lesson(LES1, ["a", "b"], path=path)
    note = progress.record_success("a")
    assert note == msg("progress.note.saved", done=1, total=2)
    progress.stop_tracking()
    assert progress.record_success("b") is None
    assert ProgressStore(path).overview() == {LES1: (1, 2)}


def test_record_success_reports_a_failing_disk_instead_of_crashing(path, monkeypatch):
    store = ProgressStore(path)

    def crash(src, dst):
        raise OSError("alleen-lezen")

    monkeypatch.setattr(os, "replace", crash)
    note = progress.record_success("a", lesson_id=LES1, store=store)
    assert note.startswith(msg("progress.note.not_saved", reason="").strip())


def test_overview_widget_shows_a_labelled_bar_and_words_per_lesson(store):
    store.register(LES1, ["a", "b", "c", "d", "e"])
    for ex in ("a", "b", "c"):
        store.mark_done(LES1, ex)
    widget = ProgressOverview(store)
    bar = widget.bars[LES1]
    assert (bar.value, bar.max) == (3, 5) and bar.description
    assert widget.texts[LES1].value == msg("progress.widget.count", done=3, total=5)
    assert widget.overview == {LES1: (3, 5)}
    store.mark_done(LES1, "d")
    store.mark_done(LES1, "e")
    widget.refresh_button.click()
    assert widget.bars[LES1].value == 5
    assert widget.texts[LES1].value.startswith(msg("progress.widget.count", done=5, total=5))
    assert msg("progress.widget.complete") in widget.texts[LES1].value


def test_overview_widget_without_lessons_says_so(store):
    widget = ProgressOverview(store)
    assert widget.bars == {}
    assert "Nog geen lessen" in widget.rows_box.children[0].value
    with pytest.raises(ArgumentError):
        ProgressOverview(store="pad.json")


def test_an_explicit_lesson_still_uses_the_file_chosen_with_start_lesson(path):
    progress.start_lesson(LES1, ["a"], path=path)
    progress.record_success("b", lesson_id=LES2)
    assert ProgressStore(path).is_done(LES2, "b")

"""Reflections: typed into a text box, kept across sessions, done from a few words on, exported."""

from __future__ import annotations

import json

import nbformat
import pytest
from lesson_source import REPO

from ketenles import lessons
from ketenles.errors import ArgumentError
from ketenles.models import progress
from ketenles.models.progress import ProgressStore
from ketenles.models.reflection import MIN_WORDS, export_markdown, is_enough, status, word_count
from ketenles.widgets.reflection import ReflectionBox

LESSON = "03-mensenwerk"
LONG = ("De wijkagent kent de leerplichtambtenaar al jaren, dus een melding over spijbelen komt "
        "dezelfde dag aan en niet pas na weken via het formulier.")
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture
def tracked(tmp_path):
    store = progress.start_lesson(LESSON, ["reflectie-03"], path=tmp_path / "p.json")
    yield store
    progress.stop_tracking()


def test_words_are_counted_without_punctuation_or_extra_spaces():
    assert word_count("") == 0
    assert word_count("  ...  ") == 0
    assert word_count("Ik  werk bij de gemeente,\nin de zorg.") == 8
    assert word_count("ketenpartner's e-overheid") == 2


def test_the_minimum_decides_and_the_status_says_how_far_in_dutch():
    assert not is_enough(" ".join(["woord"] * (MIN_WORDS - 1)))
    assert is_enough(" ".join(["woord"] * MIN_WORDS))
    assert "Nog niets geschreven" in status("")
    short = status("Ik weet het niet")
    assert "4 woorden" in short and f"Nog {MIN_WORDS - 4} woorden" in short
    assert "telt als gedaan" in status(LONG)


def test_a_short_answer_is_saved_but_not_done(tracked):
    box = ReflectionBox("reflectie-03")
    box.text.value = "weet niet"
    box.save()
    assert tracked.text(LESSON, "reflectie-03") == "weet niet"
    assert not tracked.is_done(LESSON, "reflectie-03")
    assert "Nog" in box.status_text and "Opgeslagen" in box.status_text


def test_an_empty_box_is_not_done_even_after_save(tracked):
    box = ReflectionBox("reflectie-03")
    box.save()
    assert not tracked.is_done(LESSON, "reflectie-03")


def test_a_real_answer_is_done_and_comes_back_in_a_new_session(tracked, tmp_path):
    box = ReflectionBox("reflectie-03")
    assert box.text.description == "Jouw antwoord"  # labelled
    box.text.value = LONG
    box.save_button.click()
    assert tracked.is_done(LESSON, "reflectie-03")
    assert "1 van 1 oefeningen" in box.status_text
    # A new kernel: a fresh store on the same file shows the saved text again.
    progress.stop_tracking()
    progress.start_lesson(LESSON, ["reflectie-03"], path=tmp_path / "p.json")
    again = ReflectionBox("reflectie-03")
    assert again.text.value == LONG
    assert "telt als gedaan" in again.status_text


def test_creating_the_box_marks_nothing(tracked):
    ReflectionBox("reflectie-03")
    assert tracked.done(LESSON) == ()


def test_without_a_started_lesson_the_box_says_so_in_dutch():
    progress.stop_tracking()
    box = ReflectionBox("reflectie-03")
    box.text.value = LONG
    box.save()
    assert "niet bewaard" in box.status_text and "lessons.start" in box.status_text


def test_bad_arguments_get_a_dutch_message():
    with pytest.raises(ArgumentError, match="oefening-id"):
        ReflectionBox("reflectie 03!")
    with pytest.raises(ArgumentError, match="tekst"):
        ProgressStore().save_text(LESSON, "reflectie-03", 42)


def test_saved_texts_survive_salvage_of_a_damaged_file(tmp_path):
    path = tmp_path / "p.json"
    store = ProgressStore(path)
    store.save_text(LESSON, "reflectie-03", LONG)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["lessons"][LESSON]["reflections"]["kapot"] = "geen dict"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(progress.ProgressWarning):
        assert ProgressStore(path).texts(LESSON) == {"reflectie-03": LONG}


def test_export_markdown_quotes_the_prompt_and_marks_an_empty_answer():
    text = export_markdown("Mensenwerk", [("Oefening 8 — Reflectie", "Welk contact?\nWie kent wie?", LONG),
                                          ("Extra", "", "")])
    assert text.startswith("# Mijn reflecties bij Mensenwerk\n")
    assert "## Oefening 8 — Reflectie\n\n> Welk contact?\n> Wie kent wie?\n\n" + LONG in text
    assert "*(nog niets geschreven)*" in text


def test_export_writes_one_markdown_file_per_lesson(tracked, tmp_path):
    box = lessons.reflection("reflectie-03")
    box.text.value = LONG
    folder = tmp_path / "reflecties"
    view = lessons.export_reflections(LESSON, folder=folder)
    assert "nog niets" in (folder / f"{LESSON}.md").read_text(encoding="utf-8")  # not saved yet
    box.save()
    view = lessons.export_reflections(LESSON, folder=folder)
    written = (folder / f"{LESSON}.md").read_text(encoding="utf-8")
    assert written.startswith("# Mijn reflecties bij ")
    assert "## Oefening 8 — Reflectie" in written and "> Denk aan een keten die je kent" in written
    assert LONG in written
    assert str(folder / f"{LESSON}.md") in str(view) and "1 van 1 ingevuld" in str(view)


def test_the_export_button_saves_first_and_writes_the_file(tracked, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    box = lessons.reflection("reflectie-03")
    assert box.export_button in box.buttons.children
    box.text.value = LONG
    box.export_button.click()
    assert LONG in (tmp_path / "reflecties" / f"{LESSON}.md").read_text(encoding="utf-8")
    assert tracked.is_done(LESSON, "reflectie-03")
    assert "reflecties" in box.status_text


def test_export_to_a_folder_that_cannot_be_made_says_so(tracked, tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    assert "Let op" in str(lessons.export_reflections(LESSON, folder=blocker / "reflecties"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_has_reflections_in_text_boxes_not_markdown_cells(path):
    nb = nbformat.read(path, as_version=4)
    exercises = nb.metadata["ketenles"]["exercises"]
    prompts = lessons.reflection_prompts(path.stem)
    # Lesson 00 is the 30-minute orientation on notebooks (issue 20); every course lesson reflects.
    assert prompts or path.stem.startswith("00-"), "a lesson without a reflection text box"
    for exercise, heading, prompt in prompts:
        assert exercise in exercises
        assert heading and prompt, exercise  # a markdown prompt stays above the box
    for cell in nb.cells:
        assert not cell.source.lstrip().startswith(("*Mijn antwoord:*", "*Mijn advies:*")), cell.source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "lessons.done(" not in code

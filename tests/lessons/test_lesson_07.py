"""Lesson 07 (Keteninformatisering): what a student relies on is right.

The quiz answers about the error traveller are what the model gives on the same
maps, the steps of exercise 3 do what the lesson says, the widget's controls have
the names the lesson uses, and the primary-source exercise marks as "shown" only
what the quoted fragments really say.
"""

from __future__ import annotations

import re

import pytest
from lesson_source import LessonSource

from ketenles.i18n import msg
from ketenles.models.errorflow import best_check, compare, edit_flows, scenario, trace_error
from ketenles.models.quiz import Matching, MultipleChoice, SingleChoice

LESSON = "07-keteninformatisering"
SOURCE = LessonSource(LESSON)
TEXT, CODE, EXERCISES = SOURCE.text, SOURCE.code, SOURCE.exercises
only = SOURCE.only
BRP, SOCIAL, BKWI = "Basisregistratie Personen (BRP)", "Gemeente (sociale dienst)", "BKWI (Suwinet)"


def test_every_quiz_is_one_question_named_after_its_exercise():
    ids = SOURCE.quiz_ids()
    assert len(ids) == 6 and set(ids) <= set(EXERCISES)
    for quiz_id in ids:
        assert only(quiz_id).id == quiz_id


@pytest.mark.parametrize("quiz_id", SOURCE.quiz_ids())
def test_every_wrong_answer_gets_its_own_explanation(quiz_id):
    q = only(quiz_id)
    if isinstance(q, SingleChoice):
        for key in q.options:
            if key != q.correct:
                feedback = q.check(key)
                assert not feedback.correct and q.explanations[key] in feedback.text()
    elif isinstance(q, Matching):
        assert set(q.explanations) == set(q.items)
        assert q.check(dict(q.correct)).correct
    else:
        assert isinstance(q, MultipleChoice)
        assert set(q.explanations) == set(q.options)


def test_the_widget_exercise_runs_on_the_brp_scenario_and_counts_progress():
    assert 'ErrorFlowExplorer("brp-adres", oefening="foutenreiziger")' in CODE
    assert "foutenreiziger" in EXERCISES


def test_the_lesson_names_the_widget_controls_as_the_widget_does():
    for key in ("origin", "arrangement", "at", "sender", "receiver", "label", "add", "missing"):
        assert msg(f"errorflow.widget.{key}") in TEXT, key
    for arrangement in ("geen", "afspraak", "ketenregister"):
        assert msg(f"errorflow.arrangement.{arrangement}.name") in TEXT, arrangement


def test_the_check_answer_is_the_models_best_check():
    s = scenario("brp-adres")
    q = only("foutenreiziger-afspraak")
    assert best_check(s.chain, s.origin) == (BKWI,)
    assert "BKWI" in q.options[q.correct]
    # The wrong options really leave more partners reached, as their explanations say.
    reach = {p: trace_error(s.chain, s.origin, checks=[p]).count for p in s.chain.partners if p != s.origin}
    assert all(reach[BKWI] < reach[p] for p in ("UWV", "Sociale Verzekeringsbank (SVB)", SOCIAL))


def test_the_register_answer_is_what_the_model_gives():
    s = scenario("brp-adres")
    q = only("ketenregister-herstel")
    none, register = compare(s.chain, s.origin, "geen"), compare(s.chain, s.origin, "ketenregister")
    # The keyed option is the one where the error still reaches everyone and one repair does too.
    assert "bereikt nog steeds iedereen" in q.options[q.correct] and "herstel" in q.options[q.correct]
    assert register.reached == none.reached and register.still_wrong == () and none.still_wrong


def test_the_identity_answer_is_what_the_model_gives():
    s = scenario("strafrecht-identiteit")
    justid = compare(s.chain, s.origin, "afspraak", at="Justitiële Informatiedienst (Justid)")
    assert "Rechtspraak" in justid.trace.reached
    assert justid.trace.paths["Rechtspraak"] == ("Politie", "Openbaar Ministerie (OM)", "Rechtspraak")
    assert best_check(s.chain, s.origin) == ("Openbaar Ministerie (OM)",)
    keyed = only("identiteit-justid")
    assert "buiten Justid om" in keyed.options[keyed.correct] and "OM" in keyed.options[keyed.correct]


def test_the_steps_of_exercise_3_change_what_the_lesson_says():
    s = scenario("brp-adres")
    before = compare(s.chain, s.origin, "geen")
    assert SOCIAL in before.still_wrong  # step 1: a copy of a copy stays wrong
    edited = edit_flows(s.chain, add=[(BRP, SOCIAL, "adres")], remove=[(BKWI, SOCIAL, "adres")])
    after = compare(edited, s.origin, "geen")
    assert after.trace.reached[SOCIAL] == 1 and SOCIAL not in after.still_wrong  # step 3
    section = SOURCE.section("Oefening 3")
    assert "Voeg stroom toe" in section and "Laat deze stroom niet aankomen" in section


def _quoted_fragments() -> str:
    quoted = [line[2:] for cell in SOURCE.nb.cells if cell.cell_type == "markdown"
              for line in cell.source.splitlines() if line.startswith("> ")]
    return " ".join(" ".join(quoted).split())


def test_the_source_exercise_marks_as_shown_only_what_the_fragments_say():
    fragments = _quoted_fragments()
    q = only("bron-brp")
    assert q.correct == {"a", "b", "c"}
    # Each option counted as shown rests on words that stand in the quoted fragments.
    for phrase in ("aanzienlijke uitloop in tijd en in kosten", "Bureau ICT-toetsing (BIT) werkt op dit moment",
                   "afstemming met gemeenten en afnemers van de BRP nodig is"):
        assert phrase in fragments, phrase
    # What the fragments do not say: no amount, no decision to stop, no cause.
    assert not re.search(r"\d+ miljoen|stopp|draagvlak", fragments)
    assert q.check(["a", "b", "c"]).correct
    assert q.check(["a", "b", "c", "e"]).score < 1


def test_the_fragments_are_cited_with_their_kamerstuk_numbers_and_pages():
    for number in ("102", "103"):
        assert f"Kamerstuk 27 859, nr. {number}" in TEXT
        assert f"https://zoek.officielebekendmakingen.nl/kst-27859-{number}.html" in TEXT
    # The letter once cited as the BIT advice (nr. 105) is another letter: not cited here.
    assert "nr. 105" not in TEXT


def test_unconfirmed_figures_are_named_as_unconfirmed_and_carry_no_question():
    quizzes = SOURCE.quiz_file.read_text(encoding="utf-8")
    assert "niet in het BIT-advies zelf kunnen nakijken" in TEXT
    q = only("bron-brp")
    assert "225" in q.options["f"] and "f" not in q.correct
    assert "draagvlak" in q.options["e"] and "e" not in q.correct
    assert quizzes.count("225") == 1  # only as a wrong option of the source exercise

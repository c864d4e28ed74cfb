"""Lesson 04 (Van leider naar netwerkbestuurder): what a student relies on is right.

The quiz answers agree with the seminar, the case files and the dilemma model,
every wrong answer explains the right one, and what the text says the dilemma
explorer shows is what the model gives.
"""

from __future__ import annotations

import ast
import re

import pytest
from lesson_source import LessonSource, case_text

import ketenles
from ketenles.i18n import msg
from ketenles.models.dilemmas import dilemma_ids, read_dilemmas
from ketenles.models.quiz import claims_matching

LESSON = "04-netwerkbestuurder"
SOURCE = LessonSource(LESSON)
NB, CODE, TEXT, EXERCISES = SOURCE.nb, SOURCE.code, SOURCE.text, SOURCE.exercises
QUIZ_FILE = SOURCE.quiz_file
quiz_ids_in_notebook, only, section = SOURCE.quiz_ids, SOURCE.only, SOURCE.section


def claims_call() -> tuple[list[str], str]:
    match = re.search(r"lessons\.claims_quiz\((\[[^\]]*\]), \"([^\"]+)\"\)", CODE)
    assert match, "the lesson has no claims quiz"
    return ast.literal_eval(match.group(1)), match.group(2)


# -- the lesson's exercises are wired up -----------------------------------------

def test_every_quiz_in_the_notebook_is_one_question_with_the_exercise_id():
    ids = quiz_ids_in_notebook()
    assert len(ids) == 3
    for quiz_id in ids:
        assert only(quiz_id).id == quiz_id
        assert quiz_id in EXERCISES


def test_every_exercise_gives_feedback_or_is_the_written_reflection():
    _, claims_exercise = claims_call()
    done = re.findall(r'lessons\.reflection\("([^"]+)"', CODE)
    assert done == ["reflectie-04"]
    assert sorted(EXERCISES) == sorted([*quiz_ids_in_notebook(), claims_exercise, *done])


def test_every_case_the_lesson_loads_exists():
    ids = re.findall(r'load_case\("([^"]+)"\)', CODE)
    assert ids
    for case_id in ids:
        assert ketenles.load_case(case_id).id == case_id


# -- Oefening 1: who said what ---------------------------------------------------

def test_claims_quiz_links_winters_froger_and_groothedde():
    claim_ids, exercise = claims_call()
    question = claims_matching(claim_ids, id=exercise)
    assert set(question.correct.values()) == {"winters", "froger", "groothedde"}
    assert question.correct["rol_veranderd"] == "winters"
    assert question.check(question.answer_key).correct
    assert question.check({c: "winters" for c in claim_ids}).score == pytest.approx(1 / 3)


def test_text_after_the_claims_quiz_names_the_claims_it_explains():
    # The paragraph after the quiz ties each claim to a dilemma; it must quote the claims used.
    claim_ids, _ = claims_call()
    assert set(claim_ids) == {"rol_veranderd", "buiten_centrum", "balans_belangen"}
    after_quiz = section("Oefening 1 — Wie zei wat?")
    for phrase in ("bestuurder van netwerken* brengt nieuwe dilemma's mee", "Buiten het centrum durven staan",
                   "evenwicht tussen eigenbelang en gemeenschappelijk belang"):
        assert phrase in after_quiz, phrase


# -- Oefening 2 and 4: matching onto the three dilemmas --------------------------

@pytest.mark.parametrize("quiz_id", ["dilemma-herkennen", "literatuur-koppelen"])
def test_dilemma_matchings_offer_the_three_dilemmas(quiz_id):
    question = only(quiz_id)
    assert list(question.choices) == list(dilemma_ids())
    for key, label in question.choices.items():
        # The choice reads as the slider's two poles, so the quiz and the explorer agree.
        for pole in ("left", "right"):
            assert msg(f"seminar.dilemmas.{key}.{pole}").lower() in label.lower()


@pytest.mark.parametrize("quiz_id", ["dilemma-herkennen", "literatuur-koppelen"])
def test_a_wrong_match_is_told_which_dilemma_is_meant_and_why(quiz_id):
    question = only(quiz_id)
    for item, right in question.correct.items():
        name = msg(f"dilemmas.names.{right}")
        assert question.explanations[item].startswith(("Dit is het dilemma", "Dit hoort bij"))
        assert f"'{name}'" in question.explanations[item]
        wrong = next(d for d in dilemma_ids() if d != right)
        feedback = question.check({item: wrong})
        assert feedback.score == 0
        assert any(name in line for line in feedback.messages)


def test_situations_cover_every_dilemma():
    assert set(only("dilemma-herkennen").correct.values()) == set(dilemma_ids())


def test_situation_facts_agree_with_the_case_files():
    question = only("dilemma-herkennen")
    suwi = case_text(ketenles.load_case("suwi-keten"))
    assert "slechts 4% voldoet aan alle zeven" in suwi and "80 gemeenten" in suwi
    assert "4% van 80 onderzochte gemeenten alle zeven normen" in question.explanations["suwi"]
    basis = case_text(ketenles.load_case("basisregistraties"))
    assert "te weinig regie en doorzettingsmacht" in basis
    assert "te weinig regie en doorzettingsmacht" in question.explanations["basisregistraties"]
    assert "straffen of zorgen" in case_text(ketenles.load_case("zorg-en-veiligheidshuizen")).lower()


def test_literature_is_linked_to_the_dilemma_the_explorer_cites_it_for():
    question = only("literatuur-koppelen")
    assert question.correct["poppo_zenger"] == "vertrouwen_of_vastleggen"
    assert "Poppo & Zenger" in msg("dilemmas.vertrouwen_of_vastleggen.middle.literature")
    assert question.correct["provan_kenis"] == "regie_of_autonomie"
    assert "efficiëntie en inclusiviteit" in msg("dilemmas.regie_of_autonomie.left.literature")


# -- Oefening 3: DigiD and the explorer ------------------------------------------

def test_digid_answer_follows_from_the_case():
    case = ketenles.load_case("digid-logius")
    # Announced at the end of 2011, first assessment in 2012, by an external IT auditor.
    assert any(e.date.year == 2011 and "aangekondigd" in e.text for e in case.timeline())
    assert any(e.date.year == 2012 and "eerste assessment" in e.text for e in case.timeline())
    assert "externe IT-auditor" in case.summary
    question = only("dilemma-digid")
    assert "zwart op wit" in question.options[question.correct]
    assert "afgesloten" in question.options[question.correct]
    for key in question.options:
        assert question.check(key).correct is (key == question.correct)


DIGID_READING = {"regie_of_autonomie": -2, "eigen_of_gezamenlijk_belang": -1,
                 "vertrouwen_of_vastleggen": 2}


def test_the_course_reading_of_digid_is_in_the_text_with_the_slider_names():
    for did, position in DIGID_READING.items():
        assert f"**{msg(f'dilemmas.names.{did}')}: {position:+d}**" in TEXT


def test_what_the_text_says_the_explorer_shows_for_digid_is_what_it_shows():
    reading = read_dilemmas(DIGID_READING)
    assert f"*Alles samen*: **{reading.combined.title}**" in TEXT
    risk = reading.implications["vertrouwen_of_vastleggen"].risk
    assert "doen wat er staat en niet meer" in risk
    assert "doen wat er staat en niet meer" in TEXT
    assert "doen wat er staat en niet meer" in only("dilemma-digid").explanations[only("dilemma-digid").correct]


def test_the_explorer_in_the_lesson_starts_in_the_middle():
    # The student places DigiD; a preset would give the answer away.
    assert "ketenles.DilemmaExplorer()" in CODE
    assert set(ketenles.DilemmaExplorer().positions.values()) == {0}


# -- facts and sources -------------------------------------------------------------

@pytest.mark.parametrize("case_id, phrases", [
    ("suwi-keten", ["4%", "80", "51%", "393"]),
    ("loonaangifteketen", ["april 2007", "nog niet stabiel", "regie onvoldoende"]),
    ("jeugdbescherming", ["bijna 2.800 kinderen gemiddeld 30 dagen", "10 dagen de norm",
                          "meer dan 3.100"]),
    ("digid-logius", ["Eind 2011", "externe IT-auditor", "afgesloten", "sinds 2010 Logius"]),
])
def test_case_facts_in_the_text_are_in_the_case_file(case_id, phrases):
    source = case_text(ketenles.load_case(case_id))
    for phrase in phrases:
        assert phrase in source, f"{phrase!r} is not in case {case_id}"


def test_case_facts_are_taught_as_the_case_files_say():
    for phrase in ("4% van de 80 onderzochte gemeenten", "51% van alle 393 gemeenten",
                   "april 2007", "bijna 2.800 kinderen gemiddeld 30 dagen", "meer dan 3.100",
                   "Eind 2011", "externe IT-auditor"):
        assert phrase in TEXT, phrase


def test_the_five_tasks_of_milward_and_provan_are_taught():
    for task in ("Verantwoording", "Legitimiteit", "Conflict", "Ontwerp", "Commitment"):
        assert f"**{task}**" in TEXT


def test_every_work_cited_in_the_lesson_is_in_the_sources():
    sources = section("Bronnen")
    for author in ("Milward", "Provan", "Kenis", "Poppo", "Zenger", "Inspectie SZW",
                   "Sociale Zaken en Werkgelegenheid", "Kinderbescherming", "Logius",
                   "Zorg- en Veiligheidshuizen", "Algemene Rekenkamer"):
        assert author in sources, author
    # The explorer's own texts cite these; the lesson lists them too.
    explorer_text = " ".join(msg(f"dilemmas.{d}.{side}.literature") for d in dilemma_ids()
                             for side in ("left", "middle", "right"))
    for author in ("Falk", "Cao", "Das", "Ansell"):
        assert author in explorer_text and author in sources, author

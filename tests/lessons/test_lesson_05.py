"""Lesson 05 (Geen recept: regie onder druk): what a student relies on is right.

The answers to the advisor and chain-map questions are computed here with the
models, the scenario the text gives is the one the answer was computed for, and
the source-critical quiz agrees with what the case files do and do not say.
"""

from __future__ import annotations

import re

import pytest
import yaml
from lesson_source import LessonSource, case_text

import ketenles
from ketenles.models.chainmap import centrality, chain_from_case, drop_out
from ketenles.models.governance import (
    CONTINGENCIES,
    IDEAL,
    MODES,
    advise,
    level_label,
    mode_name,
    participants_level,
)

LESSON = "05-geen-recept"
SOURCE = LessonSource(LESSON)
NB, CODE, MARKDOWN, TEXT = SOURCE.nb, SOURCE.code, SOURCE.markdown, SOURCE.text
EXERCISES, QUIZ_FILE = SOURCE.exercises, SOURCE.quiz_file
quiz_ids_in_notebook, only, section = SOURCE.quiz_ids, SOURCE.only, SOURCE.section

# The inschatting of the loonaangifteketen that Oefening 1 asks the student to set.
SCENARIO = {"trust": "laag", "participants": 2, "goal_consensus": "matig_laag",
            "competencies": "gemiddeld"}
OM, POLITIE = "Openbaar Ministerie (OM)", "Politie"




# -- wiring ------------------------------------------------------------------------

def test_every_quiz_in_the_notebook_is_one_question_with_the_exercise_id():
    ids = quiz_ids_in_notebook()
    assert len(ids) == 4
    for quiz_id in ids:
        assert only(quiz_id).id == quiz_id
        assert quiz_id in EXERCISES


def test_every_quiz_in_the_file_is_used_and_every_exercise_gives_feedback():
    data = yaml.safe_load(QUIZ_FILE.read_text(encoding="utf-8"))
    assert set(data) == set(quiz_ids_in_notebook())
    done = re.findall(r'lessons\.reflection\("([^"]+)"', CODE)
    assert sorted(EXERCISES) == sorted([*quiz_ids_in_notebook(), *done])


def test_every_case_the_lesson_loads_exists():
    ids = re.findall(r'load_case\("([^"]+)"\)', CODE)
    assert set(ids) == {"loonaangifteketen", "strafrechtketen"}
    for case_id in ids:
        assert ketenles.load_case(case_id).id == case_id


# -- Provan & Kenis ------------------------------------------------------------------

WORDS = {"hoog": ("hoog",), "laag": ("laag",), "gemiddeld": ("gemiddeld",), "weinig": ("weinig",),
         "middelgroot": ("gemiddeld",), "matig laag": ("matig_laag",),
         "matig hoog": ("matig_hoog",), "middelgroot tot veel": ("gemiddeld", "veel")}
ROWS = {"gedeeld": "gedeeld bestuur", "leidende_organisatie": "leidende organisatie",
        "nao": "aparte netwerkorganisatie"}


@pytest.mark.parametrize("mode", MODES)
def test_the_table_of_predictors_is_the_models_table(mode):
    row = next(line for line in MARKDOWN.splitlines() if line.startswith(f"| {ROWS[mode]} |"))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    assert len(cells) == len(CONTINGENCIES)
    for contingency, cell in zip(CONTINGENCIES, cells, strict=True):
        assert WORDS[cell.split(",")[0]] == IDEAL[mode][contingency], (mode, contingency, cell)


# -- Oefening 1: the governance advisor on the loonaangifteketen -----------------

def test_the_scenario_in_the_text_uses_the_advisors_own_option_texts():
    for contingency, level in SCENARIO.items():
        if contingency == "participants":
            assert f"typ **{level}**" in TEXT
            level = participants_level(level)
        assert level_label(contingency, level) in TEXT, contingency


def test_the_right_answer_is_what_the_advisor_gives_for_the_scenario():
    advice = advise(**SCENARIO)
    question = only("bestuursvorm-loonaangifte")
    assert advice.best == (question.correct,) == ("leidende_organisatie",)
    assert advice.scores == {"gedeeld": 1.5, "leidende_organisatie": 3.5, "nao": 2.0}
    assert "3,5 van 4 punten" in question.explanations["leidende_organisatie"]
    # "Geen enkele voorspeller past precies" for the NAO; "alleen het aantal deelnemers" for gedeeld.
    assert advice.matches["nao"] == 0
    assert [i.contingency for i in advice.fits["gedeeld"].items if i.verdict == "match"] == ["participants"]
    assert advice.fits["leidende_organisatie"].items[1].verdict == "partial"  # participants: half


def test_the_answer_holds_if_a_student_reads_trust_one_step_higher():
    assert advise(**{**SCENARIO, "trust": "gemiddeld"}).best == ("leidende_organisatie",)


def test_the_options_are_the_advisors_mode_names():
    question = only("bestuursvorm-loonaangifte")
    for mode in MODES:
        assert question.options[mode] == mode_name(mode)
    assert not question.check("partij").correct


def test_the_case_worked_with_shared_governance_as_the_text_says():
    case = ketenles.load_case("loonaangifteketen")
    assert case.governance_form == "gedeeld"
    verdict = advise(**SCENARIO).compare_with_case(case)[1]
    assert "minder goed" in verdict


def test_more_trust_ties_shared_governance_with_a_lead_organisation_as_the_text_says():
    advice = advise(**{**SCENARIO, "trust": "hoog"})
    assert set(advice.best) == {"gedeeld", "leidende_organisatie"}
    assert "Dan krijgt gedeeld bestuur evenveel punten als een leidende organisatie" in TEXT


# -- Oefening 3: the chain map ------------------------------------------------------

def strafrecht():
    return chain_from_case(ketenles.load_case("strafrechtketen"))


def test_the_om_stands_in_the_centre():
    assert centrality(strafrecht()).centre == (OM,)


def test_the_right_answer_is_what_the_chain_map_gives():
    chain = strafrecht()
    without_om, without_police = drop_out(chain, OM), drop_out(chain, POLITIE)
    assert (without_om.largest_before, without_om.largest_after, without_om.parts_after) == (7, 3, 3)
    assert (without_police.largest_after, without_police.parts_after) == (6, 1)
    question = only("ketenkaart-uitval")
    right = question.options[question.correct]
    assert "drie losse delen" in right and "overige zes partners met elkaar verbonden" in right
    assert "van 7 naar 3" in question.explanations[question.correct]


def test_the_partners_said_to_be_cut_off_without_the_om_are():
    lost = drop_out(strafrecht(), OM).lost_reach
    for sender in (POLITIE, "Justitiële Informatiedienst (Justid)", "Raad voor de Kinderbescherming"):
        assert {"Rechtspraak", "Dienst Justitiële Inrichtingen (DJI)"} <= set(lost[sender])


def test_no_route_between_two_others_runs_through_the_police():
    assert centrality(strafrecht()).betweenness[POLITIE] == 0
    assert drop_out(strafrecht(), POLITIE).lost_reach == {}


# -- Oefening 2: drivers -----------------------------------------------------------

def test_each_situation_has_its_own_driver_and_the_explanation_names_it():
    question = only("motieven-herkennen")
    assert sorted(question.correct.values()) == sorted(question.choices)
    names = {"leiderschap": "leiderschap", "prikkels": "een prikkel",
             "afhankelijkheid": "wederzijdse afhankelijkheid", "onzekerheid": "onzekerheid"}
    for item, driver in question.correct.items():
        assert question.explanations[item].startswith(f"Dit is {names[driver]}")
    for driver in ("Leiderschap", "Prikkels", "Wederzijdse afhankelijkheid", "Onzekerheid"):
        assert f"**{driver}**" in TEXT


def test_the_situations_from_cases_agree_with_the_case_files():
    question = only("motieven-herkennen")
    assert "kan worden afgesloten" in question.items["digid"] and "kan worden afgesloten" in case_text("digid-logius")
    loon = case_text("loonaangifteketen")
    assert "polisadministratie" in loon and "loonaangifte" in loon
    assert "polisadministratie" in question.items["loonaangifte"]


# -- Oefening 4: facts from the sources versus a reading --------------------------

def test_the_supported_statements_are_the_ones_the_case_files_carry():
    question = only("vergelijking-bronnen")
    assert question.correct == frozenset({"a", "c"})
    suwi, basis = case_text("suwi-keten"), case_text("basisregistraties")
    assert "80 gemeenten: slechts 4% voldoet aan alle zeven" in suwi          # a, 2013
    assert "65 gemeenten laat zien dat die allemaal aan de normen voldoen" in suwi  # a, 2017
    assert "393 gemeenten: 51% voldoet nog niet" in suwi                       # b is wrong
    assert "te weinig regie en doorzettingsmacht" in basis                     # c
    assert "2014" in basis


def test_the_unsupported_statements_claim_what_no_case_file_says():
    # d and e put trust forward as a cause; neither case file says anything about trust.
    assert "vertrouw" not in case_text("basisregistraties").lower()
    assert "vertrouw" not in case_text("suwi-keten").lower()
    question = only("vergelijking-bronnen")
    assert "vertrouw" in question.options["d"] and "vertrouw" in question.options["e"]


def test_ticking_everything_does_not_pay():
    question = only("vergelijking-bronnen")
    assert question.check(question.answer_key).correct
    assert question.check(list(question.options)).score == 0


@pytest.mark.parametrize("case_id, phrase", [
    ("suwi-keten", "112 miljoen"),
    ("basisregistraties", "90 tot 100 miljoen euro"),
    ("basisregistraties", "aanzienlijke uitloop in tijd en kosten"),
    ("basisregistraties", "juli 2017"),
    ("basisregistraties", "van onderop"),
    ("loonaangifteketen", "april 2007"),
])
def test_facts_in_the_comparison_are_in_the_case_files_and_taught_so(case_id, phrase):
    assert phrase in case_text(case_id)
    assert phrase in TEXT


def test_readings_are_marked_as_readings():
    # Every row of the comparison that applies an overarching factor is the course's reading.
    rows = [line for line in MARKDOWN.splitlines() if line.startswith("| ") and "|" in line[2:]]
    factors = ("initiatief", "grondhouding van vertrouwen", "persoonlijk commitment")
    marked = [row.split("|")[1].strip() for row in rows if row.split("|")[1].strip().startswith(factors)]
    assert marked == [f"{f} (lezing)" for f in factors]
    assert "zijn de interpretatie van deze cursus, niet wat de bronnen zeggen" in TEXT


def test_every_work_cited_is_in_the_sources():
    sources = section("Bronnen")
    for author in ("Provan", "Kenis", "Emerson", "Nabatchi", "Balogh", "Sociale Zaken",
                   "Prestaties in de strafrechtketen", "BKWI", "Inspectie SZW", "Grip op gegevens",
                   "27 859, nr. 102", "Plasterk", "Logius"):
        assert author in sources, author

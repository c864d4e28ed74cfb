"""Lesson 03 (Mensenwerk): what the text and the quizzes claim is what the seminar and the model give.

The simulation settings below are the ones in notebooks/03-mensenwerk.ipynb; a
change in the cooperation model that changes a claim of the lesson fails here.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from paths import NOTEBOOKS

from ketenles import cooperation, seminar
from ketenles.display.pairs import same_strategy_pairs
from ketenles.i18n.numbers import format_number
from ketenles.notebook.lessons import quiz_questions

LESSON = "03-mensenwerk"
NOTEBOOK = NOTEBOOKS / f"{LESSON}.ipynb"
PARTNERS = ["tit_for_tat", "generous_tit_for_tat", "win_stay_lose_shift", "grim_trigger", "defector"]
QUIZ_IDS = ["mensen-kiezen", "voorspel-ruis", "toernooi-informeel", "vertrouwenscirkel",
            "vertrouwen-en-contract"]


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


# The lesson's text with line breaks folded, so a sentence is found whatever the wrapping.
TEXT = " ".join("\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
                          if c.cell_type == "markdown").split())


def code_text(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def numbers_in(text: str) -> list[float]:
    return [float(n.replace(",", ".")) for n in re.findall(r"\d+,\d+", text)]


# --- The quiz file and the notebook agree -----------------------------------------------

def test_every_quiz_is_an_exercise_of_the_lesson_and_is_shown(notebook):
    exercises = notebook.metadata["ketenles"]["exercises"]
    code = code_text(notebook)
    for quiz_id in QUIZ_IDS:
        (question,) = quiz_questions(LESSON, quiz_id)
        assert question.id == quiz_id and quiz_id in exercises
        assert f'lessons.quiz("{LESSON}", "{quiz_id}")' in code


def test_the_settings_in_this_test_are_the_notebooks(notebook):
    code = code_text(notebook)
    listed = re.search(r"ketenpartners = (\[[^\]]*\])", code).group(1)
    assert ast.literal_eval(listed) == PARTNERS
    for call in ('continuation=0.5, repetitions=100, seed=1', 'continuation=0.99, repetitions=100, seed=1',
                 'noise=0.05, repetitions=20, seed=1', 'generations=200',
                 'noise=0.05, sanction=2, monitoring=0.5', 'TournamentExplorer(ketenpartners, noise=0.05)',
                 'TrustGame("tit_for_tat", rounds=10, seed=1)', '"CCDCCCCCCC"',
                 'same_strategy_pairs(["tit_for_tat", "generous_tit_for_tat", "grim_trigger"], noise=0.05)'):
        assert call in code, call


# --- Oefening 1 and 2: the seminar ---------------------------------------------------------

def test_the_claims_quiz_is_about_froger_and_groothedde(notebook):
    code = code_text(notebook)
    ids = re.search(r"claims_quiz\((\[[^\]]*\])", code).group(1)
    claim_ids = re.findall(r'"([a-z_]+)"', ids)
    speakers = {c.id: c.speaker_id for c in seminar.claims()}
    assert {speakers[c] for c in claim_ids} == {"froger", "groothedde"}
    # The lesson's core claims, taught in section 1 before the quiz: trust is decisive, name
    # how far you trust. The balance of interests comes after the quiz; lesson 4 asks it.
    assert {"vertrouwen_doorslaggevend", "vertrouwen_benoemen"} <= set(claim_ids)


def test_the_qualities_are_frogers_own_words():
    (question,) = quiz_questions(LESSON, "mensen-kiezen")
    froger = seminar.speaker("froger")
    said = next(c.text for c in froger.claims if c.id == "gedreven_mensen").lower()
    for choice in question.choices.values():
        assert choice.split()[-1][:6] in said, choice  # gedreven, lef, ondernemer, netwerk, geduld
    # Every quality is the answer to exactly one situation.
    assert sorted(question.correct.values()) == sorted(question.choices)
    assert question.check(question.answer_key).correct
    wrong = question.check({k: "lef" for k in question.items})
    assert 0 < wrong.score < 1 and len(wrong.messages) == len(question.items)


# --- Oefening 3: the trust game and the played example ------------------------------------

def test_the_played_example_is_what_the_text_says():
    from ketenles.widgets.cooperation import TrustGame

    example = TrustGame("tit_for_tat", rounds=10, seed=1)
    for move in "CCDCCCCCCC":
        example.play(move)
    assert example.finished
    assert example.history[2:4] == [("D", "C"), ("C", "D")]  # tit for tat pays back once
    assert example.scores == (29.0, 29.0)                      # "beiden eindigen op 29 punten"
    assert 10 * cooperation.Conditions().reward == 30          # "30 punten"
    assert any("Leer om leer" in line for line in example.summary)

    grim = TrustGame("grim_trigger", rounds=10, seed=1)
    for move in "CCDCCCCCCC":
        grim.play(move)
    assert grim.scores == (11.0, 41.0)                         # "11 punten; wrok op 41"


def test_the_students_trust_game_can_be_created_without_a_seed(notebook):
    from ketenles.widgets.cooperation import TrustGame

    assert 'TrustGame("verrassing", rounds=10, oefening="vertrouwensspel")' in code_text(notebook)
    game = TrustGame("verrassing", rounds=10, oefening="vertrouwensspel")
    assert not game.finished and game.partner_id in cooperation.STRATEGY_IDS


# --- Section 4a: patience ----------------------------------------------------------------

def test_tit_for_tat_is_stable_from_two_thirds_for_these_payoffs():
    t, r, p, s = cooperation.Conditions().payoffs
    assert (t, r, p, s) == (5, 3, 1, 0)
    assert max((t - r) / (t - p), (t - r) / (r - s)) == pytest.approx(2 / 3)


def test_short_relations_reward_defection_long_ones_reciprocity():
    short = cooperation.tournament(PARTNERS, continuation=0.5, repetitions=100, seed=1)
    long = cooperation.tournament(PARTNERS, continuation=0.99, repetitions=100, seed=1)
    assert short.winner == "defector"
    # "ongeveer 3,3 punten per ronde, tegen hooguit 2,4 voor de andere vier"
    assert round(short.score("defector"), 1) == 3.3
    assert round(max(short.score(p) for p in PARTNERS[:4]), 1) == 2.4
    assert "ongeveer 3,3 punten per ronde, tegen hooguit 2,4" in TEXT
    assert long.ranking[-1] == "defector"
    # "eindigen dan dicht bij elkaar, met 'Leer om leer' bovenaan"
    assert long.ranking[0] == "tit_for_tat"
    reciprocators = [long.score(p) for p in PARTNERS[:4]]
    assert max(reciprocators) - min(reciprocators) < 0.2


def test_the_text_explains_total_over_total_with_its_example():
    # "'Altijd eigen belang' lijkt tegen 'Leer om leer' dan 3,8 punten per ronde te halen.
    # Per ronde verwacht zij er 3,0" (w = 0.5), and the break-even 5 - 4w = 3 at w = 1/2.
    result = cooperation.play_match("defector", "tit_for_tat", continuation=0.5,
                                    repetitions=20000, seed=2)
    per_game = sum(m[0] for m in result.mean_scores_per_repetition) / result.repetitions
    assert round(per_game, 1) == 3.8
    assert round(result.mean_scores[0], 1) == 3.0
    for phrase in ("alle punten van alle spellen bij elkaar op en deelt die door alle gespeelde rondes",
                   "3,8 punten per ronde", "Per ronde verwacht zij er 3,0", "5 − 4*w*"):
        assert phrase in TEXT, phrase


# --- Oefening 4 and section 4b: noise ---------------------------------------------------

def test_the_noise_prediction_quiz_agrees_with_the_model():
    (question,) = quiz_questions(LESSON, "voorspel-ruis")
    table = same_strategy_pairs(["tit_for_tat", "generous_tit_for_tat", "grim_trigger"], noise=0.05)
    score = {r.players[0]: sum(r.mean_scores) / 2 for r in table.results}
    best = max(score, key=score.get)
    assert question.options[question.correct].startswith("Twee partners die de strategie 'Gulle leer om leer'")
    assert best == "generous_tit_for_tat"
    assert score["generous_tit_for_tat"] > score["tit_for_tat"] > score["grim_trigger"]
    # The numbers quoted in the feedback are the model's, to one decimal.
    for key, sid in (("a", "tit_for_tat"), ("b", "generous_tit_for_tat"), ("c", "grim_trigger")):
        quoted = numbers_in(question.explanations[key])
        assert quoted and quoted[0] == pytest.approx(score[sid], abs=0.05), (key, quoted, score[sid])


def test_under_noise_strict_strategies_top_one_tournament_but_generosity_wins_evolution():
    noisy = cooperation.tournament(PARTNERS, noise=0.05, repetitions=20, seed=1)
    assert set(noisy.ranking[:2]) == {"grim_trigger", "defector"}
    assert abs(noisy.score("grim_trigger") - noisy.score("defector")) < 0.1  # "dicht bij elkaar"
    evolution = cooperation.evolve(noisy, generations=200)
    assert evolution.winner == "generous_tit_for_tat"
    shares = dict(zip(evolution.players, evolution.trajectory[-1], strict=True))
    assert shares["generous_tit_for_tat"] > 0.5
    assert set(evolution.gone) == {"grim_trigger", "defector"}


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_the_noise_claims_do_not_hang_on_one_seed(seed):
    noisy = cooperation.tournament(PARTNERS, noise=0.05, repetitions=20, seed=seed)
    assert set(noisy.ranking[:2]) == {"grim_trigger", "defector"}
    assert cooperation.evolve(noisy, generations=200).winner == "generous_tit_for_tat"


# --- Section 4c: a contract with monitoring ------------------------------------------------

def test_a_contract_sinks_defection_but_costs_everyone_under_noise():
    without = cooperation.tournament(PARTNERS, noise=0.05, repetitions=20, seed=1)
    contract = cooperation.tournament(PARTNERS, noise=0.05, sanction=2, monitoring=0.5,
                                      repetitions=20, seed=1)
    assert contract.ranking[-1] == "defector"
    assert contract.winner == "generous_tit_for_tat"
    for player in PARTNERS:  # "elke strategie haalt nu minder punten"
        assert contract.score(player) < without.score(player)


# --- Oefening 5 and section 4d: informal contact in the explorer ---------------------------

@pytest.fixture(scope="module")
def explorer():
    from ketenles.widgets.cooperation import TournamentExplorer

    return TournamentExplorer(PARTNERS, noise=0.05)


def test_the_numeric_answer_is_what_the_explorer_shows(explorer):
    (question,) = quiz_questions(LESSON, "toernooi-informeel")
    explorer.set_settings(informal_contact=0.0)
    before = explorer.result
    explorer.set_settings(informal_contact=1.0)
    after = explorer.result
    assert explorer.settings["noise"] == pytest.approx(0.05)
    shown = after.score("tit_for_tat")
    assert question.accepts(shown)
    assert question.check(format_number(round(shown, 2))).correct
    assert not question.check(format_number(round(before.score("tit_for_tat"), 2))).correct
    # The feedback quotes the value before and after, and what happens to defection.
    quoted = numbers_in(question.explanation)
    assert quoted[0] == pytest.approx(before.score("tit_for_tat"), abs=0.01)
    assert quoted[1] == pytest.approx(shown, abs=0.01)
    assert before.ranking[0] == "defector" and after.ranking[-1] == "defector"
    # The same numbers as the model itself (the explorer plays in catalogue order).
    assert set(after.players) == set(PARTNERS)
    model = cooperation.tournament(list(after.players), noise=0.05, informal_contact=1.0,
                                   repetitions=5, seed=0)
    assert model.score("tit_for_tat") == pytest.approx(shown)


def test_full_informal_contact_undoes_most_of_the_damage_of_noise(explorer):
    field = list(explorer.result.players)
    clean = cooperation.tournament(field, repetitions=5, seed=0)
    noisy = cooperation.tournament(field, noise=0.05, repetitions=5, seed=0)
    talked = cooperation.tournament(field, noise=0.05, informal_contact=1.0, repetitions=5, seed=0)
    for player in PARTNERS[:4]:
        lost, recovered = clean.score(player) - noisy.score(player), talked.score(player) - noisy.score(player)
        assert lost > 0 and recovered > 0.8 * lost, player
    # The quiz feedback: tit for tat gets as much as without misunderstandings.
    assert talked.score("tit_for_tat") == pytest.approx(clean.score("tit_for_tat"), abs=0.05)


# --- Oefening 6 and 7: literature ----------------------------------------------------------

def test_the_trust_loop_follows_vangen_and_huxham():
    (question,) = quiz_questions(LESSON, "vertrouwenscirkel")
    assert question.answer_key == ["verwachtingen", "risico", "uitkomst", "versterkt", "ambitie"]
    assert question.check(question.answer_key).correct
    assert question.check(list(reversed(question.answer_key))).score == 0
    assert "klein" in question.explanation  # small wins feed the loop


def test_the_contract_quiz_says_what_the_literature_says():
    (question,) = quiz_questions(LESSON, "vertrouwen-en-contract")
    assert set(question.correct) == {"samen", "signaal"}
    why = " ".join(question.explanations.values())
    for source in ("Poppo en Zenger (2002)", "Cao en Lumineau (2015)", "Falk en Kosfeld (2006)"):
        assert source in why
    assert "149" in question.explanations["samen"]  # the meta-analysis size from the content brief
    assert question.check(["altijd_kapot", "weerlegd"]).score == 0


def test_the_simulation_that_checks_a_prediction_waits_for_a_click(notebook):
    # Run All must not print the answer right under "Voorspel het vóór je de simulatie draait".
    code = code_text(notebook)
    assert 'lessons.reveal(same_strategy_pairs(["tit_for_tat", "generous_tit_for_tat", "grim_trigger"]' in code
    # ... and the click works only once the prediction quiz above it is answered.
    assert code.index('lessons.quiz("03-mensenwerk", "voorspel-ruis")') < code.index('after="voorspel-ruis")')
    assert re.search(r"^same_strategy_pairs\(", code, re.M) is None

"""Tests of ketenles.models.cooperation: the iterated prisoner's dilemma between chain partners.

The reference values come from the axelrod package via
benchmarks/axelrod_reference.py; this file only reads the JSON.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from catalogue_match import contains
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import SRC, TESTS

from ketenles.errors import ArgumentError
from ketenles.i18n import catalogue
from ketenles.models.cooperation import (
    SHARED_WITH_AXELROD,
    STRATEGY_IDS,
    Conditions,
    EvolutionResult,
    all_strategies,
    evolve,
    explain,
    explain_conditions,
    play_match,
    strategy,
    tournament,
)

REFERENCE = json.loads(
    (TESTS / "data" / "axelrod_reference.json").read_text(encoding="utf-8"))
DETERMINISTIC = [s.id for s in all_strategies() if not s.stochastic]


def expand(runs):
    return [(float(a), float(b)) for a, b, n in runs for _ in range(n)]


# --- Agreement with axelrod ----------------------------------------------------------

@pytest.mark.parametrize("item", REFERENCE["exact"], ids=lambda i: f"{i['first']}-{i['second']}")
def test_without_noise_every_turn_equals_axelrod(item):
    ours = play_match(item["first"], item["second"], rounds=item["turns"]).per_turn()
    assert ours == expand(item["scores"])


def test_reference_covers_all_deterministic_shared_pairs():
    shared = [s for s in SHARED_WITH_AXELROD if not strategy(s).stochastic]
    pairs = {(i["first"], i["second"]) for i in REFERENCE["exact"]}
    assert pairs == {(a, b) for a in shared for b in shared}
    assert REFERENCE["provenance"]["axelrod_version"]


SETTINGS = {
    "noise_0.05": {"noise": 0.05, "rounds": 200},
    "no_noise": {"rounds": 200},
    "continuation_0.9": {"continuation": 0.9},
}


@pytest.mark.parametrize("item", REFERENCE["sampled"],
                         ids=lambda i: f"{i['setting']}-{i['first']}-{i['second']}")
def test_sampled_means_agree_with_axelrod_within_sampling_error(item):
    ours = play_match(item["first"], item["second"], repetitions=2000, seed=7,
                      **SETTINGS[item["setting"]])
    # axelrod's reference is the mean over games of each game's score per turn
    # (final_score_per_turn); compare the same quantity, so the engine is tested
    # whatever summary the course teaches.
    per_game = np.asarray(ours.mean_scores_per_repetition)
    per_game_mean = per_game.mean(axis=0)
    per_game_error = per_game.std(axis=0, ddof=1) / np.sqrt(len(per_game))
    if "continuation" not in SETTINGS[item["setting"]]:
        # Games of one length: the course's measure (total over total) is the same number.
        assert ours.mean_scores == pytest.approx(tuple(per_game_mean), abs=1e-9)
    for side in (0, 1):
        for mine, error, theirs, their_error in (
                (per_game_mean[side], per_game_error[side],
                 item["mean_scores"][side], item["standard_errors"][side]),
                (ours.cooperation_rates[side], None,
                 item["cooperation_rates"][side], item["cooperation_errors"][side])):
            # Our standard error of the cooperation rate is not reported; the
            # two spreads are equal in expectation, so use theirs twice.
            error = their_error if error is None else error
            tolerance = 4 * math.hypot(error, their_error) + 1e-9
            assert abs(mine - theirs) <= tolerance, (side, mine, theirs, tolerance)


# --- Strategy behaviour --------------------------------------------------------------

def moves(first, second, **kwargs):
    result = play_match(first, second, **kwargs)
    return result.moves[0]


def test_tit_for_tat_opens_with_cooperation_and_then_copies_the_last_move():
    tft, other = moves("tit_for_tat", "random", rounds=300, seed=3)
    assert tft[0] == "C"
    assert tft[1:] == other[:-1]


def test_grim_trigger_never_forgives():
    grim, other = moves("grim_trigger", strategy("random", p=0.9), rounds=300, seed=4)
    first_defection = other.index("D")
    assert grim[:first_defection + 1] == "C" * (first_defection + 1)
    assert set(grim[first_defection + 1:]) == {"D"}


def test_win_stay_lose_shift_cooperates_after_equal_moves():
    wsls, other = moves("win_stay_lose_shift", "random", rounds=300, seed=5)
    assert wsls[0] == "C"
    for t in range(1, 300):
        assert (wsls[t] == "C") == (wsls[t - 1] == other[t - 1])


def test_always_strategies():
    allc, alld = moves("cooperator", "defector", rounds=50)
    assert allc == "C" * 50 and alld == "D" * 50


def test_generous_tit_for_tat_forgives_a_third_of_defections():
    result = play_match("generous_tit_for_tat", "defector", rounds=200, repetitions=200, seed=1)
    # After the opening, every move answers a defection.
    forgiven = np.mean([m[0][1:].count("C") / 199 for m in result.moves])
    assert abs(forgiven - 1 / 3) < 0.02
    assert all(m[0][0] == "C" for m in result.moves)


def test_generous_tit_for_tat_edge_settings():
    # Without forgiveness it is tit for tat: open with C, then copy.
    strict, other = moves(strategy("generous_tit_for_tat", forgiveness=0), "random", rounds=100,
                          seed=2)
    assert strict == "C" + other[:-1]
    saint = moves(strategy("generous_tit_for_tat", forgiveness=1), "defector", rounds=100)
    assert saint[0] == "C" * 100


def test_random_strategy_cooperates_with_probability_p():
    result = play_match(strategy("random", p=0.2), "cooperator", rounds=200, repetitions=50,
                        seed=9)
    assert abs(result.cooperation_rates[0] - 0.2) < 0.02


def test_trust_cooperates_while_expected_trust_reaches_the_threshold():
    for threshold in (0.5, 0.7):
        mine, other = moves(strategy("trust", threshold=threshold), strategy("random", p=0.6),
                            rounds=300, seed=11)
        r = s = 0
        for t in range(300):
            expected = (r + 1) / (r + s + 2)
            assert (mine[t] == "C") == (expected >= threshold)
            r += other[t] == "C"
            s += other[t] == "D"


def test_trust_forgives_a_single_slip_but_not_a_defector():
    mine, _ = moves("trust", "defector", rounds=20)
    assert mine == "C" + "D" * 19
    # A long-time cooperator that slips once by noise keeps being trusted.
    result = play_match("trust", "cooperator", rounds=200, noise=0.01, repetitions=20, seed=2)
    assert result.cooperation_rates[0] > 0.95


def test_trust_forgetting_weights_recent_moves_more():
    remembering = play_match("trust", strategy("random", p=0.45), rounds=200, repetitions=50,
                             seed=1)
    forgetting = play_match(strategy("trust", forgetting=0.5), strategy("random", p=0.45),
                            rounds=200, repetitions=50, seed=1)
    # A slightly-bad partner is distrusted for good by the long memory, but
    # a short memory keeps giving it chances after its cooperative streaks.
    assert forgetting.cooperation_rates[0] > remembering.cooperation_rates[0] + 0.1


def test_every_strategy_has_a_dutch_name_and_explanation():
    texts = catalogue("nl")
    for sid in STRATEGY_IDS:
        assert texts[f"cooperation.strategies.{sid}.name"] == strategy(sid).name
        assert strategy(sid).explanation.endswith(".")


def test_every_cooperation_message_key_in_the_code_exists():
    source = SRC / "models" / "cooperation"
    used = set()
    for path in source.glob("*.py"):
        used |= set(re.findall(r'"(cooperation\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert used, "the pattern should find the keys"
    missing = used - set(catalogue("nl"))
    assert not missing


# --- Conditions ----------------------------------------------------------------------

def test_without_noise_the_game_is_deterministic_whatever_the_seed():
    one = play_match("tit_for_tat", "win_stay_lose_shift", repetitions=3, seed=1)
    two = play_match("tit_for_tat", "win_stay_lose_shift", repetitions=3, seed=2)
    assert one.scores == two.scores


def test_same_seed_same_result_different_seed_different_result():
    kwargs = {"noise": 0.05, "repetitions": 5}
    assert play_match("tit_for_tat", "tit_for_tat", seed=3, **kwargs) == \
        play_match("tit_for_tat", "tit_for_tat", seed=3, **kwargs)
    assert play_match("tit_for_tat", "tit_for_tat", seed=3, **kwargs).moves != \
        play_match("tit_for_tat", "tit_for_tat", seed=4, **kwargs).moves
    assert tournament(seed=5, noise=0.1) == tournament(seed=5, noise=0.1)


def test_a_generator_can_be_passed_as_seed():
    a = play_match("random", "random", seed=np.random.default_rng(1))
    b = play_match("random", "random", seed=np.random.default_rng(1))
    assert a.moves == b.moves


def test_noise_breaks_cooperation_between_tit_for_tats():
    clean = play_match("tit_for_tat", "tit_for_tat", repetitions=50)
    noisy = play_match("tit_for_tat", "tit_for_tat", noise=0.05, repetitions=50, seed=1)
    assert clean.mean_scores == (3.0, 3.0)
    assert noisy.mean_scores[0] < 2.6


def test_informal_contact_stops_retaliation_spirals():
    noisy = play_match("grim_trigger", "grim_trigger", noise=0.05, repetitions=50, seed=1)
    talked = play_match("grim_trigger", "grim_trigger", noise=0.05, informal_contact=1.0,
                        repetitions=50, seed=1)
    # With every misunderstanding talked through, only the accidents remain.
    assert abs(talked.cooperation_rates[0] - 0.95) < 0.01
    assert noisy.cooperation_rates[0] < 0.3
    half = play_match("grim_trigger", "grim_trigger", noise=0.05, informal_contact=0.5,
                      repetitions=50, seed=1)
    assert noisy.cooperation_rates[0] < half.cooperation_rates[0] < talked.cooperation_rates[0]


def test_informal_contact_without_noise_changes_nothing():
    assert play_match("tit_for_tat", "defector", informal_contact=1.0).scores == \
        play_match("tit_for_tat", "defector").scores


def test_sanction_lowers_the_payoff_of_a_defection():
    plain = play_match("defector", "cooperator", rounds=100)
    fined = play_match("defector", "cooperator", rounds=100, sanction=2)
    assert plain.mean_scores == (5.0, 0.0)
    assert fined.mean_scores == (3.0, 0.0)
    sometimes = play_match("defector", "cooperator", rounds=200, sanction=2, monitoring=0.5,
                           repetitions=50, seed=1)
    assert abs(sometimes.mean_scores[0] - 4.0) < 0.05
    unseen = play_match("defector", "cooperator", sanction=2, monitoring=0)
    assert unseen.mean_scores == (5.0, 0.0)


def test_power_raises_the_temptation_of_the_first_player_only():
    strong = play_match("defector", "cooperator", rounds=10, power=2)
    weak = play_match("cooperator", "defector", rounds=10, power=2)
    assert strong.mean_scores == (7.0, 0.0)
    assert weak.mean_scores == (0.0, 5.0)


def test_power_in_a_tournament_plays_both_orders():
    result = tournament(["defector", "cooperator"], rounds=10, power=2)
    # The defector is the stronger partner in half of its games: (7 + 5) / 2.
    assert result.score("defector") == pytest.approx(6.0)


def test_continuation_gives_random_lengths_with_the_right_mean():
    result = play_match("tit_for_tat", "defector", continuation=0.9, repetitions=2000, seed=1)
    assert min(result.rounds) >= 1
    assert len(set(result.rounds)) > 10
    assert abs(np.mean(result.rounds) - 10) < 0.5
    assert all(len(m[0]) == n for m, n in zip(result.moves, result.rounds, strict=False))


def test_custom_payoffs_are_used():
    result = play_match("cooperator", "cooperator", rounds=5, temptation=10, reward=4,
                        punishment=2, sucker=-1)
    assert result.mean_scores == (4.0, 4.0)


# --- Tournament and evolution ---------------------------------------------------------

def test_tournament_ranking_follows_the_scores():
    result = tournament(STRATEGY_IDS, repetitions=5, seed=1)
    ranked_scores = [result.score(p) for p in result.ranking]
    assert ranked_scores == sorted(ranked_scores, reverse=True)
    assert set(result.ranking) == set(STRATEGY_IDS)
    assert result.winner == result.ranking[0]


def test_tournament_payoff_matrix_matches_single_matches():
    result = tournament(["tit_for_tat", "defector", "win_stay_lose_shift"])
    match = play_match("defector", "win_stay_lose_shift")
    m = result.payoff_matrix
    assert m[1][2] == match.mean_scores[0] and m[2][1] == match.mean_scores[1]
    assert m[0][0] == 3.0
    # The score is the mean against the others, self-play excluded.
    assert result.score("defector") == pytest.approx((m[1][0] + m[1][2]) / 2)


def test_tournament_without_self_play_has_no_diagonal_and_cannot_evolve():
    result = tournament(["tit_for_tat", "defector"], self_play=False)
    assert math.isnan(result.payoff_matrix[0][0])
    with pytest.raises(ArgumentError):
        evolve(result)


def test_defectors_take_over_a_population_of_unconditional_cooperators():
    result = evolve(tournament(["cooperator", "defector"], rounds=10), generations=200)
    assert result.winner == "defector"
    assert result.gone == ("cooperator",)


def test_reciprocity_takes_over_when_the_future_counts():
    field = tournament(["tit_for_tat", "defector", "cooperator"], rounds=200)
    result = evolve(field, initial={"tit_for_tat": 1, "defector": 1, "cooperator": 1},
                    generations=300)
    assert result.winner == "tit_for_tat"
    assert "defector" in result.gone


def test_strategies_missing_from_the_start_stay_absent():
    field = tournament(["tit_for_tat", "defector", "cooperator"], rounds=20)
    result = evolve(field, initial={"tit_for_tat": 1, "defector": 3}, generations=50)
    assert all(shares[2] == 0 for shares in result.trajectory)


@given(st.lists(st.floats(0.01, 10), min_size=3, max_size=3), st.integers(1, 100))
@settings(max_examples=25, deadline=None)
def test_evolution_shares_stay_a_distribution(weights, generations):
    field = tournament(["tit_for_tat", "defector", "random"], rounds=20, seed=1)
    result = evolve(field, initial=dict(zip(field.players, weights, strict=True)),
                    generations=generations)
    assert isinstance(result, EvolutionResult)
    assert result.generations == generations
    for shares in result.trajectory:
        assert min(shares) >= 0 and sum(shares) == pytest.approx(1.0)


# --- Explanations ------------------------------------------------------------------------

def test_explain_names_the_winner_and_the_conditions():
    text = explain(play_match("defector", "cooperator", rounds=10))
    assert contains(text, "cooperation.explain.match_winner", winner="Altijd eigen belang")
    assert "Axelrod" in text  # plain conditions
    noisy = explain(play_match("tit_for_tat", "tit_for_tat", noise=0.05, informal_contact=0.5,
                               sanction=1, power=1, seed=1))
    assert "Misverstanden: 5%" in noisy and "Informeel contact: 50%" in noisy
    assert "Contract en toezicht" in noisy and "Machtsdruk" in noisy
    tour = explain(tournament(seed=1))
    assert contains(tour, "cooperation.explain.tournament", count=7)
    evo = explain(evolve(tournament(["cooperator", "defector"], rounds=10), generations=200))
    assert "Altijd eigen belang" in evo and "Bijna verdwenen" in evo


def test_explain_conditions_mentions_the_shadow_of_the_future():
    assert "gemiddeld 10 rondes" in explain_conditions(Conditions(continuation=0.9))


# --- Properties ----------------------------------------------------------------------------

ids = st.sampled_from(STRATEGY_IDS)
probabilities = st.floats(0, 1)


@given(ids, ids, st.integers(1, 30), st.integers(1, 4), probabilities, probabilities,
       st.floats(0, 3), probabilities, st.floats(0, 3), st.integers(0, 2**31))
@settings(max_examples=60, deadline=None)
def test_scores_and_rates_stay_within_bounds(a, b, rounds, reps, noise, talk, sanction, seen,
                                             power, seed):
    c = Conditions(rounds=rounds, noise=noise, informal_contact=talk, sanction=sanction,
                   monitoring=seen, power=power)
    result = play_match(a, b, repetitions=reps, seed=seed, conditions=c)
    low, high = c.sucker - sanction, c.temptation + power
    for first, second in result.scores:
        assert len(first) == len(second) == rounds
        assert all(low - 1e-9 <= x <= high + 1e-9 for x in first + second)
    assert all(low - 1e-9 <= m <= high + 1e-9 for m in result.mean_scores)
    assert all(0 <= r <= 1 for r in result.cooperation_rates)
    assert 0 <= result.mutual_cooperation <= min(result.cooperation_rates) + 1e-12


@given(st.sampled_from(DETERMINISTIC), st.sampled_from(DETERMINISTIC), st.integers(1, 50))
@settings(max_examples=40, deadline=None)
def test_deterministic_matches_are_symmetric(a, b, rounds):
    ab = play_match(a, b, rounds=rounds)
    ba = play_match(b, a, rounds=rounds)
    assert ab.mean_scores == ba.mean_scores[::-1]
    assert ab.moves[0] == ba.moves[0][::-1]
    if a == b:
        assert ab.mean_scores[0] == ab.mean_scores[1]


@given(st.lists(ids, min_size=2, max_size=5, unique=True), probabilities, st.integers(0, 99))
@settings(max_examples=25, deadline=None)
def test_tournament_values_are_bounded(players, noise, seed):
    result = tournament(players, rounds=20, repetitions=2, noise=noise, seed=seed)
    assert all(0 <= s <= 5 for s in result.scores)
    assert all(0 <= r <= 1 for r in result.cooperation_rates)
    assert sorted(result.ranking) == sorted(players)


# --- Bad input ---------------------------------------------------------------------------

BAD_CALLS = [
    ("strategy", lambda: play_match("tft", "defector")),
    ("strategy", lambda: play_match(3, "defector")),
    ("repetitions", lambda: play_match("tit_for_tat", "defector", repetitions=0)),
    ("repetitions", lambda: play_match("tit_for_tat", "defector", repetitions=2.0)),
    ("rounds", lambda: play_match("tit_for_tat", "defector", rounds=0)),
    ("rounds", lambda: play_match("tit_for_tat", "defector", rounds=True)),
    ("noise", lambda: play_match("tit_for_tat", "defector", noise=1.5)),
    ("noise", lambda: play_match("tit_for_tat", "defector", noise="5%")),
    ("noise", lambda: play_match("tit_for_tat", "defector", noise=float("nan"))),
    ("informal_contact", lambda: play_match("cooperator", "defector", informal_contact=-0.1)),
    ("continuation", lambda: play_match("cooperator", "defector", continuation=1.0)),
    ("sanction", lambda: play_match("cooperator", "defector", sanction=-1)),
    ("monitoring", lambda: play_match("cooperator", "defector", monitoring=2)),
    ("power", lambda: play_match("cooperator", "defector", power=-1)),
    ("temptation, reward, punishment, sucker",
     lambda: play_match("cooperator", "defector", temptation=2)),
    ("nois", lambda: play_match("cooperator", "defector", nois=0.1)),
    ("conditions", lambda: play_match("cooperator", "defector", conditions={"noise": 0.1})),
    ("seed", lambda: play_match("cooperator", "defector", seed=-1)),
    ("seed", lambda: play_match("cooperator", "defector", seed="abc")),
    ("forgiveness", lambda: strategy("generous_tit_for_tat", forgiveness=2)),
    ("threshold", lambda: strategy("tit_for_tat", threshold=0.5)),
    ("forgetting", lambda: strategy("trust", forgetting=0)),
    ("strategies", lambda: tournament(["tit_for_tat"])),
    ("strategies", lambda: tournament("tit_for_tat")),
    ("strategies", lambda: tournament(["tit_for_tat", "tit_for_tat"])),
    ("self_play", lambda: tournament(self_play="ja")),
    ("repetitions", lambda: tournament(repetitions=-1)),
    ("repetitions", lambda: tournament(repetitions=5000)),
    ("repetitions", lambda: play_match("cooperator", "defector", rounds=10_000,
                                       repetitions=10_000)),
    ("result", lambda: evolve("toernooi")),
    ("generations", lambda: evolve(tournament(rounds=5), generations=0)),
    ("step", lambda: evolve(tournament(rounds=5), step=5)),
    ("initial", lambda: evolve(tournament(rounds=5), initial={"onbekend": 1})),
    ("initial['defector']", lambda: evolve(tournament(rounds=5), initial={"defector": -1})),
    ("initial", lambda: evolve(tournament(rounds=5), initial={"defector": 0})),
    ("result", lambda: explain(None)),
    ("conditions", lambda: explain_conditions({})),
    ("repetition", lambda: play_match("cooperator", "defector").per_turn(1)),
    ("player", lambda: tournament(rounds=5).score("onbekend")),
]


@pytest.mark.parametrize(("argument", "call"), BAD_CALLS, ids=[a for a, _ in BAD_CALLS])
def test_bad_input_gives_a_dutch_argument_error(argument, call):
    with pytest.raises(ArgumentError) as info:
        call()
    assert info.value.argument == argument
    assert "Toegestaan:" in str(info.value)


# --- The measure the course teaches: expected score per round ------------------------

def test_mean_scores_are_total_score_over_total_rounds():
    result = play_match("defector", "tit_for_tat", continuation=0.5, repetitions=50, seed=3)
    for side in (0, 1):
        total = sum(sum(game[side]) for game in result.scores)
        assert result.mean_scores[side] == pytest.approx(total / sum(result.rounds))
    per_game = np.mean([m[0] for m in result.mean_scores_per_repetition])
    assert per_game > result.mean_scores[0] + 0.3  # short games weigh more per game


@pytest.mark.parametrize("w", [0.3, 0.5, 0.8])
def test_defecting_against_tit_for_tat_pays_5_minus_4w_per_round(w):
    # E[total] = 5 + (E[rounds] - 1) with E[rounds] = 1 / (1 - w): per round 5 - 4w,
    # which equals mutual cooperation's 3 exactly at w = 1/2.
    result = play_match("defector", "tit_for_tat", continuation=w, repetitions=20000, seed=11)
    assert abs(result.mean_scores[0] - (5 - 4 * w)) <= 4 * result.standard_errors[0]


def test_tournament_scores_are_total_over_total_too():
    result = tournament(["defector", "tit_for_tat"], continuation=0.5, repetitions=4000, seed=5,
                        self_play=False)
    assert abs(result.score("defector") - 3.0) < 0.05
    assert result.payoff_matrix[0][1] == pytest.approx(result.score("defector"))


def test_the_student_named_inside_a_sentence_is_jij_not_jij_with_a_capital():
    import dataclasses

    from ketenles.i18n import msg

    you = msg("cooperation_widgets.game.you")
    # The student (second) always defected against a cooperator: the student wins by exploiting.
    result = dataclasses.replace(play_match("cooperator", "defector", rounds=10), names=("Altijd samenwerken", you))
    text = explain(result)
    assert f"terwijl {you} " not in text and f", {you} in" not in text
    assert f"terwijl {msg('cooperation_widgets.game.you_mid')} " in text

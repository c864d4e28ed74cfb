"""The turn-by-turn game (ketenles.models.cooperation.game) that the trust game builds on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenles.errors import ArgumentError, KetenlesError
from ketenles.models.cooperation import all_strategies, explain, play_match
from ketenles.models.cooperation.game import Game

DETERMINISTIC = [s.id for s in all_strategies() if not s.stochastic]
PAYOFF = {("C", "C"): 3.0, ("C", "D"): 0.0, ("D", "C"): 5.0, ("D", "D"): 1.0}


@pytest.mark.parametrize("person", DETERMINISTIC)
@pytest.mark.parametrize("partner", DETERMINISTIC)
def test_replaying_a_strategy_by_hand_gives_the_same_game_as_play_match(person, partner):
    # If the person clicks exactly what strategy `person` would play, the
    # partner must answer exactly as in the vectorised simulation.
    match = play_match(person, partner, rounds=12)
    own_moves, partner_moves = match.moves[0]
    game = Game(partner, rounds=12, seed=0)
    for move in own_moves:
        game.play(move)
    assert "".join(b for _, b in game.history) == partner_moves
    assert [r.scores for r in game.rounds] == match.per_turn()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="CD", min_size=1, max_size=30))
def test_tit_for_tat_answers_with_the_previous_move_and_scores_add_up(moves):
    game = Game("tit_for_tat", rounds=len(moves), seed=1)
    for move in moves:
        game.play(move)
    partner = "".join(b for _, b in game.history)
    assert partner == "C" + moves[:-1]
    assert game.totals[0] == sum(PAYOFF[(a, b)] for a, b in zip(moves, partner, strict=True))
    assert game.cumulative[0][-1] == game.totals[0] and game.cumulative[0][0] == 0.0
    assert game.mirror_count() == len(moves) - 1
    assert game.finished


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.text(alphabet="CD", min_size=1, max_size=15))
def test_a_seed_fixes_a_stochastic_partner_and_the_noise(seed, moves):
    def run():
        game = Game("generous_tit_for_tat", rounds=len(moves), noise=0.2, informal_contact=0.5,
                    sanction=1.0, monitoring=0.5, seed=seed)
        return [game.play(m) for m in moves]

    assert run() == run()


def test_a_misunderstanding_that_is_talked_through_is_not_retaliated():
    # noise=1: every move comes across as the opposite.
    plain = Game("tit_for_tat", rounds=3, noise=1.0, seed=0)
    talked = Game("tit_for_tat", rounds=3, noise=1.0, informal_contact=1.0, seed=0)
    for _ in range(3):
        plain.play("C")
        talked.play("C")
    assert [r.intended[1] for r in plain.rounds] == ["C", "D", "D"]  # remembers the D it saw
    assert [r.intended[1] for r in talked.rounds] == ["C", "C", "C"]  # remembers the intended C
    assert all(r.misunderstood == (True, True) for r in talked.rounds)
    assert all(r.talked_through == (True, True) for r in talked.rounds)
    assert plain.rounds[0].played == ("D", "D")


def test_a_detected_defection_costs_the_sanction():
    game = Game("cooperator", rounds=2, sanction=2.0, monitoring=1.0, seed=0)
    first = game.play("D")
    assert first.fined == (True, False) and first.scores == (3.0, 0.0)
    second = game.play("C")
    assert second.fined == (False, False) and second.scores == (3.0, 3.0)
    unwatched = Game("cooperator", rounds=1, sanction=2.0, monitoring=0.0, seed=0)
    assert unwatched.play("D").scores == (5.0, 0.0)


def test_the_game_ends_after_its_rounds():
    game = Game("defector", rounds=2, seed=0)
    game.play("C")
    assert not game.finished
    game.play("c")  # lower case is accepted
    assert game.finished and game.history == [("C", "D"), ("C", "D")]
    with pytest.raises(KetenlesError, match="afgelopen"):
        game.play("C")


def test_the_rounds_so_far_can_be_explained_in_dutch():
    game = Game("tit_for_tat", rounds=4, seed=0)
    for move in "CCDC":
        game.play(move)
    match = game.as_match("Jij")
    assert match.mean_scores == (game.totals[0] / 4, game.totals[1] / 4)
    assert match.cooperation_rates == (0.75, 0.75)
    text = explain(match)
    assert "Jij" in text and "Leer om leer" in text and "4 rondes" in text
    with pytest.raises(KetenlesError, match="nog geen ronde"):
        Game("tit_for_tat").as_match("Jij")


@pytest.mark.parametrize("kwargs, argument", [
    ({"rounds": 0}, "rounds"),
    ({"rounds": 201}, "rounds"),
    ({"noise": 1.5}, "noise"),
    ({"continuation": 0.9}, "continuation"),
    ({"power": 1.0}, "power"),
    ({"seed": -1}, "seed"),
    ({"mood": "goed"}, "mood"),
])
def test_bad_settings_are_refused_in_dutch(kwargs, argument):
    with pytest.raises(ArgumentError) as info:
        Game("tit_for_tat", **kwargs)
    assert info.value.argument == argument
    assert "Toegestaan" in str(info.value)


def test_bad_moves_and_partners_are_refused_in_dutch():
    with pytest.raises(ArgumentError, match="samenwerken"):
        Game("tit_for_tat").play("X")
    with pytest.raises(ArgumentError, match="tit_for_tat"):
        Game("altijd_aardig")

"""What the trust game says (ketenles.models.cooperation.narration), without a widget."""

from __future__ import annotations

import pytest
from catalogue_match import keys, parse

from ketenles.i18n import msg
from ketenles.models.cooperation import Conditions, narration
from ketenles.models.cooperation.game import Game

K = "cooperation_widgets.game."


def test_the_intro_names_the_partner_and_the_payoffs_and_only_the_settings_that_are_on():
    plain = narration.intro(Game("defector", rounds=3, seed=0))
    assert len(plain) == 1
    key, values = parse(plain[0])
    assert key == K + "intro"
    assert values == {"rounds": "3", "partner": "'Altijd eigen belang'", "reward": "3", "punishment": "1",
                      "temptation": "5", "sucker": "0"}
    full = narration.intro(Game("defector", rounds=3, noise=0.1, informal_contact=0.5,
                                sanction=2.5, monitoring=0.8, seed=0))
    assert [parse(line) for line in full[1:]] == [
        (K + "intro_noise", {"noise": "10%"}),
        (K + "intro_informal", {"share": "50%"}),
        (K + "intro_contract", {"monitoring": "80%", "sanction": "2,5"}),
    ]
    # A contract nobody watches, or informal contact without misunderstandings, is not mentioned.
    quiet = narration.intro(Game("defector", rounds=3, informal_contact=0.5, sanction=2.0,
                                 monitoring=0.0, seed=0))
    assert len(quiet) == 1


def test_a_hidden_partner_is_not_named_in_the_intro():
    game = Game("grim_trigger", rounds=2, seed=0)
    hidden = narration.intro(game, partner_hidden=True)[0]
    assert parse(hidden) == (K + "intro", {**parse(hidden)[1], "partner": msg(K + "surprise_hidden")})
    assert game.partner.name not in hidden
    assert game.partner.name in narration.intro(game)[0]


def test_the_round_lines_tell_misunderstandings_fines_points_and_moves():
    game = Game("tit_for_tat", rounds=2, noise=1.0, informal_contact=1.0, sanction=2.0,
                monitoring=1.0, seed=0)
    assert narration.round_lines(game) == []
    game.play("C")
    cooperate, defect = narration.move_name("C"), narration.move_name("D")
    assert [parse(line) for line in narration.round_lines(game)] == [
        (K + "round", {"number": "1", "rounds": "2", "own": defect, "other": defect}),
        (K + "misunderstood_own", {"intended": cooperate, "played": defect}),
        (K + "talked_through", {}),
        (K + "misunderstood_other", {"intended": cooperate, "played": defect}),
        (K + "talked_through", {}),
        (K + "fined_own", {"sanction": "2"}),
        (K + "fined_other", {"sanction": "2"}),
        (K + "points", {"own": "-1", "other": "-1", "own_total": "-1", "other_total": "-1"}),
        (K + "moves_so_far", {"own": "D", "other": "D"}),
    ]


def test_the_round_lines_are_about_the_last_round_with_totals_so_far():
    game = Game("tit_for_tat", rounds=3, seed=1)
    for move in "DC":
        game.play(move)
    lines = narration.round_lines(game)
    assert parse(lines[0]) == (K + "round", {"number": "2", "rounds": "3", "own": narration.move_name("C"),
                                             "other": narration.move_name("D")})
    assert parse(lines[-2]) == (K + "points", {"own": "0", "other": "5", "own_total": "5", "other_total": "5"})
    assert parse(lines[-1]) == (K + "moves_so_far", {"own": "DC", "other": "CD"})


def test_the_summary_waits_for_the_end_and_then_names_partner_mirror_and_best_total():
    game = Game("defector", rounds=2, seed=0)
    game.play("C")
    assert narration.summary(game, "Jij") == []
    game.play("D")
    lines = narration.summary(game, "Jij")
    assert parse(lines[0])[0] == K + "partner_was" and parse(lines[0])[1]["name"] == "Altijd eigen belang"
    assert parse(lines[1]) == (K + "mirror", {"count": "0", "total": "1"})
    assert parse(lines[2]) == (K + "best", {"best": "6", "own": "1", "other": "6"})
    assert lines[3].startswith("Jij behaalde gemiddeld 0,50 punten per ronde")  # the person's name
    assert parse(lines[-1]) == (K + "reflect", {})


def test_a_one_round_game_has_no_mirror_sentence():
    game = Game("defector", rounds=1, seed=0)
    game.play("C")
    assert K + "mirror" not in keys(narration.summary(game, "Jij"))


def test_status_and_chart_text_follow_the_game():
    game = Game("cooperator", rounds=2, seed=0)
    assert parse(narration.status(game)) == (K + "status_start", {})
    assert parse(narration.chart_text(game)) == (K + "alt_empty", {})
    game.play("D")
    assert parse(narration.status(game)) == (K + "status_next", {"number": "2", "rounds": "2"})
    assert parse(narration.chart_text(game)) == (K + "alt", {"number": "1", "own": "5", "other": "0"})
    game.play("C")
    assert parse(narration.status(game)) == (K + "status_finished", {"rounds": "2"})


# --- Score bounds, the fixed scale of both cooperation charts -------------------------------

@pytest.mark.parametrize("settings, bounds", [
    ({}, (0.0, 5.0)),
    ({"sanction": 2.0}, (-1.0, 5.0)),                   # both defect and both are fined
    ({"sanction": 2.0, "monitoring": 0.0}, (0.0, 5.0)),  # nobody watches: no fine
    ({"sanction": 0.5}, (0.0, 5.0)),                    # P - 0,5 is still above S
    ({"power": 1.5}, (0.0, 6.5)),                       # the stronger partner's temptation
    ({"temptation": 8, "reward": 4, "punishment": -1, "sucker": -3}, (-3.0, 8.0)),
])
def test_score_bounds_are_the_worst_and_best_score_of_one_round(settings, bounds):
    assert Conditions(**settings).score_bounds == bounds


def test_no_round_of_a_game_leaves_the_score_bounds():
    game = Game("random", rounds=200, noise=0.3, sanction=3.0, monitoring=0.7, seed=4)
    low, high = game.conditions.score_bounds
    for i in range(200):
        game.play("CD"[i % 3 == 0])
    scores = [s for r in game.rounds for s in r.scores]
    assert low <= min(scores) and max(scores) <= high
    assert low in scores  # the bound is reached, not only a safe margin

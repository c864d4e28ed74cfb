"""What the trust game says (ketenles.models.cooperation.narration), without a widget."""

from __future__ import annotations

import pytest

from ketenles.models.cooperation import Conditions, narration
from ketenles.models.cooperation.game import Game


def test_the_intro_names_the_partner_and_the_payoffs_and_only_the_settings_that_are_on():
    plain = narration.intro(Game("defector", rounds=3, seed=0))
    assert len(plain) == 1
    assert plain[0].startswith("Je speelt 3 rondes tegen 'Altijd eigen belang'.")
    assert "ieder 3 punten" in plain[0] and "jij 5 punten en de ander 0" in plain[0]
    full = narration.intro(Game("defector", rounds=3, noise=0.1, informal_contact=0.5,
                                sanction=2.5, monitoring=0.8, seed=0))
    assert full[1:] == [
        "Misverstanden: een zet komt met kans 10% verkeerd over.",
        "Informeel contact: met kans 50% wordt een misverstand uitgepraat, zodat de ander onthoudt "
        "wat je bedoelde.",
        "Contract met toezicht: eigen belang wordt met kans 80% ontdekt en kost dan 2,5 punten.",
    ]
    # A contract nobody watches, or informal contact without misunderstandings, is not mentioned.
    quiet = narration.intro(Game("defector", rounds=3, informal_contact=0.5, sanction=2.0,
                                 monitoring=0.0, seed=0))
    assert len(quiet) == 1


def test_a_hidden_partner_is_not_named_in_the_intro():
    game = Game("grim_trigger", rounds=2, seed=0)
    hidden = narration.intro(game, partner_hidden=True)[0]
    assert "verrassingspartner" in hidden and game.partner.name not in hidden
    assert game.partner.name in narration.intro(game)[0]


def test_the_round_lines_tell_misunderstandings_fines_points_and_moves():
    game = Game("tit_for_tat", rounds=2, noise=1.0, informal_contact=1.0, sanction=2.0,
                monitoring=1.0, seed=0)
    assert narration.round_lines(game) == []
    game.play("C")
    assert narration.round_lines(game) == [
        "Ronde 1 van 2: jij: eigen belang (D) — partner: eigen belang (D).",
        "Misverstand: jij bedoelde samenwerken (C), maar het kwam over als eigen belang (D).",
        "Via informeel contact is dit misverstand uitgepraat: de ander onthoudt de bedoelde zet.",
        "Misverstand: je partner bedoelde samenwerken (C), maar het kwam over als eigen belang (D).",
        "Via informeel contact is dit misverstand uitgepraat: de ander onthoudt de bedoelde zet.",
        "Het toezicht zag jouw eigen belang: 2 punten boete.",
        "Het toezicht zag het eigen belang van je partner: 2 punten boete voor je partner.",
        "Punten deze ronde: jij -1, partner -1. Totaal: jij -1, partner -1.",
        "Verloop (C = samenwerken, D = eigen belang) — jij: D; partner: D.",
    ]


def test_the_round_lines_are_about_the_last_round_with_totals_so_far():
    game = Game("tit_for_tat", rounds=3, seed=1)
    for move in "DC":
        game.play(move)
    lines = narration.round_lines(game)
    assert lines[0] == "Ronde 2 van 3: jij: samenwerken (C) — partner: eigen belang (D)."
    assert lines[-2] == "Punten deze ronde: jij 0, partner 5. Totaal: jij 5, partner 5."
    assert lines[-1].endswith("jij: DC; partner: CD.")


def test_the_summary_waits_for_the_end_and_then_names_partner_mirror_and_best_total():
    game = Game("defector", rounds=2, seed=0)
    game.play("C")
    assert narration.summary(game, "Jij") == []
    game.play("D")
    lines = narration.summary(game, "Jij")
    assert lines[0].startswith("Je partner speelde de strategie 'Altijd eigen belang'.")
    assert lines[1] == "In 0 van de 1 rondes na de eerste deed je partner wat jij de ronde ervoor deed."
    assert lines[2] == ("Hadden jullie allebei elke ronde samengewerkt, dan had ieder 6 punten gehad. "
                        "Jij haalde er 1, je partner 6.")
    assert lines[3].startswith("Jij behaalde gemiddeld 0,50 punten per ronde")  # the person's name
    assert lines[-1].startswith("Denk terug aan het seminar")


def test_a_one_round_game_has_no_mirror_sentence():
    game = Game("defector", rounds=1, seed=0)
    game.play("C")
    assert not any("na de eerste" in line for line in narration.summary(game, "Jij"))


def test_status_and_chart_text_follow_the_game():
    game = Game("cooperator", rounds=2, seed=0)
    assert narration.status(game) == "Kies je zet voor ronde 1 met de knop Samenwerken of Eigen belang."
    assert "nog geen ronde gespeeld" in narration.chart_text(game)
    game.play("D")
    assert narration.status(game) == "Kies je zet voor ronde 2 van 2."
    assert narration.chart_text(game).startswith(
        "Lijndiagram van de opgetelde punten per ronde. Na ronde 1: jij 5 punten")
    game.play("C")
    assert narration.status(game) == "Het spel is afgelopen na 2 rondes. Klik op Opnieuw voor een nieuw spel."


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

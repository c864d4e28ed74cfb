"""The self-learner's chain game widget: the same model, computer partners, Dutch controls with labels."""

import pytest

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.chaingame import Chain, GameSetup, Move, MoveError, bot_move, replay
from ketenles.widgets.chaingame import ChainGame


def test_a_click_plays_a_round_with_the_controls_values_and_the_model_agrees():
    game = ChainGame("suwi-keten", rounds=3, options=["contract"], seed=4)
    game.effort.value, game.share.value = 9, False
    game.send.click()
    assert len(game.chain.rounds) == 1
    first = game.chain.rounds[0].links[0].intended
    assert (first.effort, first.share) == (9, False)
    # the same moves through the model give the same round: the widget adds nothing of its own
    moves = [[link.intended for link in r.links] for r in game.chain.rounds]
    assert replay(game.chain.setup, moves).rounds == game.chain.rounds
    assert "<table" in game.results.value


def test_computer_partners_are_the_class_games_computer_partners():
    game = ChainGame("suwi-keten", size=4, rounds=2, seed=2, partners="grim_trigger")
    reference = Chain(GameSetup(game.chain.setup.roles, 2, seed=2, case_id="suwi-keten"))
    expected = [bot_move(reference, seat, "grim_trigger") for seat in range(1, 4)]
    game.play(0, False)
    assert [link.intended for link in game.chain.rounds[0].links[1:]] == expected


def test_options_show_only_their_own_controls():
    plain = ChainGame(rounds=2)
    assert plain.norm not in plain.children and plain.message not in plain.children
    full = ChainGame(rounds=2, options=["regie", "informal_contact"])
    assert full.norm in full.children and full.message in full.children
    full.norm.value, full.message.value = 9, "together"
    full.send.click()
    assert full.chain.rounds[0].links[0].intended == Move(5, True, 9, "together")


def test_the_game_ends_after_its_rounds_and_starts_over():
    game = ChainGame(rounds=1)
    game.send.click()
    assert game.finished and game.send.disabled
    assert format_number(game.total, decimals=1) in game.status.value
    game.restart()
    assert not game.finished and game.chain.rounds == [] and not game.send.disabled


def test_every_control_has_a_dutch_label():
    game = ChainGame()
    for control in (game.effort, game.share, game.norm, game.message, game.send, game.restart_button):
        assert control.description
    assert game.send.description == msg("chaingame.widget.send")


def test_wrong_settings_and_moves_get_dutch_messages():
    with pytest.raises(ArgumentError):
        ChainGame(size=6)
    with pytest.raises(ArgumentError):
        ChainGame(partners="magie")
    with pytest.raises(ArgumentError):
        ChainGame(options=["toverstaf"])
    game = ChainGame()
    with pytest.raises(MoveError):
        game.play(12, True)
    assert game.chain.rounds == []

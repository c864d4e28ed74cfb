"""The class game's rules in the server, without HTTP: seats, the lecturer's controls, timeouts, the store."""

from __future__ import annotations

import pytest

from ketenles.classgame.game import ENDED, LOBBY, PAUSED, RUNNING, Registry, describe_error, make_settings
from ketenles.classgame.store import Store
from ketenles.classgame.views import export, lecturer_view, player_view
from ketenles.errors import ArgumentError
from ketenles.models.chaingame import GameSetup, Move, MoveError, replay


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def registry(tmp_path):
    return Registry(Store(f"sqlite:///{tmp_path / 'spel.sqlite'}"), clock=Clock())


def game_with(registry, players=3, **settings):
    game = registry.create(make_settings("suwi-keten", **{"chain_size": 3, "rounds": 2, "seed": 1,
                                                          "bot_after": 30, **settings}))
    joined = [registry.join(game, f"s{i}")[0] for i in range(players)]
    return game, joined


def key_of(call) -> str:
    with pytest.raises(MoveError) as caught:
        call()
    return caught.value.key


def test_players_fill_chains_in_order_and_a_partial_chain_gets_computer_partners(registry):
    game, players = game_with(registry, players=4)
    assert [(p.chain, p.seat) for p in players] == [(0, 0), (0, 1), (0, 2), (1, 0)]
    registry.start(game)
    assert len(game.chains) == 2
    registry.move(game, players[3], 1, Move(5, True))
    # chain 2 played at once: its two empty seats are computer partners
    assert len(game.chains[1].chain.rounds) == 1 and game.chains[1].by[0] == ("student", "computer", "computer")
    assert game.chains[0].chain.rounds == []


def test_lecturer_settings_are_checked_in_dutch():
    assert key_of(lambda: make_settings("bestaat-niet")) == "case"
    assert key_of(lambda: make_settings("suwi-keten", chain_size=5)) == "case_size"  # the case has 4 partners
    assert key_of(lambda: make_settings("suwi-keten", bot_after=0)) == "setting"
    with pytest.raises(ArgumentError):
        make_settings("suwi-keten", rounds=99)
    with pytest.raises(ArgumentError):
        make_settings("suwi-keten", options=["toverstaf"])
    key, text = describe_error(MoveError("case", case="x", names="y"))
    assert key == "case" and "x" in text


def test_joining_needs_a_name_and_an_open_lobby(registry):
    game, _ = game_with(registry)
    assert key_of(lambda: registry.join(game, "")) == "name"
    assert key_of(lambda: registry.join(game, "x" * 41)) == "name"
    registry.start(game)
    assert key_of(lambda: registry.join(game, "laat")) == "started"
    assert key_of(lambda: registry.get("ONBEKEND")) == "unknown_game"


def test_a_hub_user_joins_once(registry):
    game = registry.create(make_settings("suwi-keten", seed=1))
    first, token = registry.join(game, "anna", identity="anna")
    again, no_token = registry.join(game, "anna", identity="anna")
    assert again is first and token and no_token is None


def test_pause_stops_moves_and_the_timeout_and_resume_restarts_the_clock(registry):
    game, (a, b, c) = game_with(registry)
    registry.start(game)
    registry.move(game, a, 1, Move(8, True))
    registry.pause(game)
    assert game.status == PAUSED and key_of(lambda: registry.move(game, b, 1, Move(8, True))) == "paused"
    registry.clock.now += 100
    assert registry.tick() == {}  # paused: no computer partner steps in
    registry.resume(game)
    assert game.status == RUNNING and registry.tick() == {}  # the timeout counts from the resume
    registry.clock.now += 31
    assert registry.tick() == {game.code: {0}}
    assert game.chains[0].by[0] == ("student", "computer", "computer")


def test_end_round_plays_only_the_open_round_and_end_closes_the_game(registry):
    game, (a, _b, _c) = game_with(registry, bot_after=None)
    registry.start(game)
    registry.clock.now += 10_000
    assert registry.tick() == {}  # no timeout set: only the lecturer ends a round
    registry.end_round(game)
    assert len(game.chains[0].chain.rounds) == 1
    registry.end(game)
    assert game.status == ENDED and key_of(lambda: registry.move(game, a, 2, Move(5, True))) == "game_over"


def test_a_game_ends_by_itself_when_every_chain_has_played_every_round(registry):
    game, players = game_with(registry)
    registry.start(game)
    for number in (1, 2):
        for player in players:
            registry.move(game, player, number, Move(6, True))
    assert game.status == ENDED
    data = export(game)
    chain = data["chains"][0]
    assert replay(GameSetup.from_dict(chain["setup"]), [r["moves"] for r in chain["rounds"]]).rounds[-1].as_dict() \
        == chain["results"][-1]


def test_a_new_registry_on_the_same_store_continues_every_game(registry, tmp_path):
    game, (a, b, c) = game_with(registry, players=3)
    lobby, _ = game_with(registry, players=1)
    registry.start(game)
    for player in (a, b, c):
        registry.move(game, player, 1, Move(7, True))
    registry.move(game, a, 2, Move(9, False))
    again = Registry(Store(f"sqlite:///{tmp_path / 'spel.sqlite'}"), clock=Clock())
    restored = again.get(game.code)
    assert again.get(lobby.code).status == LOBBY
    assert [r.as_dict() for r in restored.chains[0].chain.rounds] == [r.as_dict() for r in game.chains[0].chain.rounds]
    assert restored.chains[0].pending[0][0] == Move(9, False)
    assert restored.player_by_token(None) is None
    assert player_view(restored, restored.players[1]) == player_view(game, b)
    assert lecturer_view(restored)["chains"] == lecturer_view(game)["chains"]

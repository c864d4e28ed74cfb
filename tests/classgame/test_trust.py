"""Trust between players is enforced by the server: own player only, private moves, no double or late
moves, the lecturer's controls for the lecturer only, and a restart that loses nothing.
"""

from __future__ import annotations

import json

import pytest
from gameserver import GameServer, Lecturer, Player, run_coroutine

pytestmark = pytest.mark.slow


def run(coroutine):
    # In a thread of its own: a session-wide Playwright browser on this worker keeps an
    # event loop running in the main thread, where asyncio.run() is refused.
    return run_coroutine(coroutine)


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'ketenspel.sqlite'}"


@pytest.fixture
def server(db):
    running = GameServer(db).start()
    yield running
    running.stop()


async def setup_game(url, players=4, **settings) -> tuple[Lecturer, str, list[Player]]:
    lecturer = Lecturer(url)
    await lecturer.login()
    game = await lecturer.create(**{"case_id": "suwi-keten", "chain_size": 3, "rounds": 3, "bot_after": 600,
                                    "seed": 1, **settings})
    joined = [Player(url) for _ in range(players)]
    for i, player in enumerate(joined):
        await player.join(game["code"], f"speler{i}")
    return lecturer, game["code"], joined


async def unchanged(player: Player, action):
    """Run ``action`` and return its answer, after checking the player's view did not change."""
    _, before = await player.view()
    answer = await action()
    _, after = await player.view()
    assert after == before
    return answer


def test_refused_moves_get_a_dutch_message_with_their_key_and_change_nothing(server):
    async def scenario():
        lecturer, code, (a, b, c, d) = await setup_game(server.url)
        status, answer = await unchanged(a, lambda: a.move(1, 5))
        assert (status, answer["key"]) == (409, "not_started") and answer["error"]
        await lecturer.act(code, "start")
        cases = [
            (lambda: a.move(2, 5), 409, "late"),
            (lambda: a.move("1", 5), 409, "late"),
            (lambda: a.move(1, 11), 400, "effort"),
            (lambda: a.move(1, -1), 400, "effort"),
            (lambda: a.move(1, 5.5), 400, "effort"),
            (lambda: a.move(1, 5, share="ja"), 400, "share"),
            (lambda: a.move(1, 5, norm=8), 400, "norm_not_yours"),
            (lambda: a.move(1, 5, message="sorry"), 400, "message_off"),
            (lambda: a.call("POST", f"api/games/{code}/me", raw=b"{not json"), 400, "bad_request"),
            (lambda: a.call("POST", f"api/games/{code}/me", raw=json.dumps({"round": 1, "effort": 5,
                                                                              "share": True}).encode(),
                            content_type="text/plain"), 400, "bad_request"),
        ]
        for action, status, key in cases:
            got, answer = await unchanged(a, action)
            assert (got, answer["key"]) == (status, key)
            assert answer["error"] and "Traceback" not in answer["error"]
        assert (await a.move(1, 6))[0] == 200
        status, answer = await unchanged(a, lambda: a.move(1, 7))
        assert (status, answer["key"]) == (409, "duplicate")
        await lecturer.act(code, "pause")
        status, answer = await unchanged(b, lambda: b.move(1, 7))
        assert (status, answer["key"]) == (409, "paused")
        await lecturer.act(code, "resume")
        assert (await b.move(1, 7))[0] == 200
        # the round is played when c moves; a late move for round 1 is then refused
        assert (await c.move(1, 8))[0] == 200
        status, answer = await unchanged(a, lambda: a.move(1, 9))
        assert (status, answer["key"]) == (409, "late")

    run(scenario())


def test_a_player_acts_and_sees_only_as_themselves(server):
    async def scenario():
        lecturer, code, (a, b, c, d) = await setup_game(server.url)
        await lecturer.act(code, "start")
        # no cookie, a forged cookie, a cookie of another game: not a player
        stranger = Player(server.url)
        stranger.code = code
        assert (await stranger.move(1, 5))[1]["key"] == "no_player"
        stranger.cookies = {f"ketenspel_{code}": "forged-token"}
        assert (await stranger.move(1, 5))[1]["key"] == "no_player"
        # a player id in the body is ignored: the move is a's own
        status, answer = await a.move(1, 9, seat=1, chain=2, player=2)
        assert status == 200 and answer["view"]["me"]["seat"] == 0
        # b sees that a partner moved, not what: moves stay private until the round is played
        _, seen_by_b = await b.view()
        assert seen_by_b["chain"]["history"] == [] and seen_by_b["chain"]["waiting"] == 2
        assert "9" not in json.dumps(seen_by_b["chain"])
        # players cannot use the lecturer's controls or export
        for path in [f"api/lecturer/games/{code}/end_round", f"api/lecturer/games/{code}/end"]:
            assert (await a.call("POST", path))[0] == 403
        assert (await a.call("GET", f"api/lecturer/games/{code}/export", content_type=None))[0] == 403
        assert (await a.call("GET", "api/lecturer/games", content_type=None))[0] == 403
        await b.move(1, 4)
        await c.move(1, 10, share=False)
        # after the round: b sees what came across from a, but not a's points or intention
        _, seen_by_b = await b.view()
        (played,) = seen_by_b["chain"]["history"]
        assert played["links"][0]["arrived"] == 9 and "points" not in played["links"][0]
        assert "intended" in played["links"][1] and "intended" not in played["links"][2]
        # d, alone in chain 2 with computer partners, never sees chain 1
        _, seen_by_d = await d.view()
        assert seen_by_d["me"]["chain"] == 2 and seen_by_d["chain"]["history"] == []
        assert "speler0" not in json.dumps(seen_by_d)

    run(scenario())


def test_a_second_tab_continues_as_the_same_player(server):
    async def scenario():
        lecturer, code, (a, *_rest) = await setup_game(server.url, players=3)
        await lecturer.act(code, "start")
        tab = Player(server.url)
        tab.code, tab.cookies = code, dict(a.cookies)
        _, first = await a.view()
        _, second = await tab.view()
        assert second["me"] == first["me"]
        await tab.listen()
        assert (await a.move(1, 5))[0] == 200
        pushed = await tab.wait_for(lambda v: v["chain"]["submitted"])
        assert pushed["me"]["name"] == "speler0"
        assert (await tab.move(1, 5))[1]["key"] == "duplicate"
        tab.close()

    run(scenario())


def test_computer_partners_fill_in_after_the_lecturers_timeout(server):
    async def scenario():
        lecturer, code, (a, b, c) = await setup_game(server.url, players=3, bot_after=3)  # a moves well within it
        await lecturer.act(code, "start")
        await a.listen()
        await a.move(1, 8)
        view = await a.wait_for(lambda v: len(v["chain"]["history"]) == 1, timeout=10)
        assert view["chain"]["round"] == 2
        data = await lecturer.export(code)
        assert data["chains"][0]["rounds"][0]["by"] == ["student", "computer", "computer"]
        # b is back: b's own move counts again in round 2
        assert (await b.move(2, 6))[0] == 200
        a.close()

    run(scenario())


def test_a_crash_loses_no_completed_round_and_no_accepted_move(db):
    first = GameServer(db).start()
    try:
        async def before():
            lecturer, code, players = await setup_game(first.url, players=3)
            await lecturer.act(code, "start")
            for player, effort in zip(players, (9, 7, 5), strict=True):
                assert (await player.move(1, effort))[0] == 200
            assert (await players[0].move(2, 10))[0] == 200
            _, view = await players[1].view()
            return code, [p.cookies for p in players], view
        code, cookies, seen = run(before())
    finally:
        first.kill()
    second = GameServer(db).start()
    try:
        async def after():
            players = [Player(second.url) for _ in cookies]
            for player, jar in zip(players, cookies, strict=True):
                player.code, player.cookies = code, jar
            _, view = await players[1].view()
            assert view["chain"]["history"] == seen["chain"]["history"]
            assert view["chain"]["round"] == 2 and view["chain"]["waiting"] == 2
            assert (await players[0].move(2, 3))[1]["key"] == "duplicate"
            assert (await players[1].move(2, 6))[0] == 200
            assert (await players[2].move(2, 6))[0] == 200
            _, view = await players[0].view()
            assert [link["intended"] for link in [r["links"][0] for r in view["chain"]["history"]]] == [9, 10]
        run(after())
    finally:
        second.stop()


def test_behind_the_hub_an_lms_lecturer_gets_the_lecturers_page():
    from ketenles.classgame.server import LECTURERS_GROUP, hub_user_is_lecturer
    from ketenles.grading.gradebook import lti_roles

    assert LECTURERS_GROUP == lti_roles.LECTURERS_GROUP  # one group, whoever sets it
    assert hub_user_is_lecturer({"name": "docent1", "groups": [LECTURERS_GROUP]}, names=())
    assert hub_user_is_lecturer({"name": "lijst", "groups": []}, names=("lijst",))
    assert hub_user_is_lecturer({"name": "beheer", "admin": True}, names=())
    assert not hub_user_is_lecturer({"name": "student1", "groups": ["studenten"]}, names=("lijst",))
    assert not hub_user_is_lecturer(None, names=("lijst",))

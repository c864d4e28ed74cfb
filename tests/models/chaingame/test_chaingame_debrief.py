"""The debrief of a class game: loading saved moves, replaying them, and what each option changed."""

import json

import pytest

from ketenles.errors import ArgumentError, KetenlesError
from ketenles.models.chaingame.debrief import SAMPLE, chain_story, load_games, load_sample, seminar_links


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def raw():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_the_sample_session_is_simulated_says_so_and_replays(sample, raw):
    assert "gesimuleerd" in raw["about"]
    assert len(sample.games) == 4 and all(len(g.chains) == 8 for g in sample.games)
    assert all(g.rounds == 6 for g in sample.games)


def test_class_cooperation_is_the_mean_of_the_chains_per_round(sample):
    game = sample.game(1)
    per_chain = [c.cooperation() for c in game.chains]
    assert game.class_cooperation()[2] == pytest.approx(sum(c[2] for c in per_chain) / len(per_chain))


def test_each_option_is_compared_with_the_game_that_lacks_only_that_option(sample):
    effects = {e["option"]: e for e in sample.option_effects()}
    assert set(effects) == {"informal_contact", "regie", "contract"}  # noise is on in every game
    assert all(e["games_on"] == 1 and e["games_off"] == 1 for e in effects.values())
    first = sample.game(1).measures()
    assert effects["contract"]["cooperation_off"] == pytest.approx(first["cooperation"])
    assert effects["contract"]["fined_on"] > 0 and effects["contract"]["fined_off"] == 0
    assert effects["informal_contact"]["talked_through_on"] > 0


def test_a_tampered_file_is_refused(raw, tmp_path):
    game = json.loads(json.dumps(raw["games"][0]))
    game["chains"][0]["rounds"][0]["moves"][0]["effort"] = 0 if game["chains"][0]["rounds"][0]["moves"][0][
        "effort"] else 10
    with pytest.raises(KetenlesError, match="keten 1"):
        load_games(game)
    with pytest.raises(KetenlesError):
        load_games({"format": "iets anders"})
    broken = tmp_path / "kapot.json"
    broken.write_text("{niet af", encoding="utf-8")
    with pytest.raises(KetenlesError, match="kapot.json"):
        load_games(str(broken))


def test_a_server_export_file_loads_like_the_sample(raw, tmp_path):
    path = tmp_path / "ketenspel-ABC123.json"
    path.write_text(json.dumps(raw["games"][3]), encoding="utf-8")
    loaded = load_games(path)
    assert len(loaded.games) == 1 and loaded.games[0].options.regie
    assert loaded.option_effects() == []  # one game: nothing to compare


def test_chain_story_tells_a_chain_its_own_figures(sample):
    game = sample.game(3)
    lines = chain_story(game, 2)
    chain = game.chains[1].chain
    assert str(round(100 * chain.rounds[0].cooperation)) in lines[0]
    assert any(str(sum(link.fined for r in chain.rounds for link in r.links)) in line for line in lines[2:])
    with pytest.raises(ArgumentError):
        chain_story(game, 9)
    with pytest.raises(ArgumentError):
        sample.game(5)


def test_every_game_element_is_linked_to_a_seminar_factor_or_dilemma():
    links = seminar_links()
    assert len(links) == 6 and all(a and b for a, b in links)

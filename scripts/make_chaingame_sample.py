"""Make the sample session of the class chain game (src/ketenles/content/data/chaingame/voorbeeldsessie.json).

No class has played the game yet, so the sample is simulated, and says so in its
``about``: 24 simulated students (8 chains of 3, Suwi-keten) play four games of
6 rounds through the game server's own logic (``Registry`` with a SQLite store,
the same export the lecturer downloads). Game 1 has misunderstandings; games 2-4
each add one option (informal contact, a contract, regie), so the debrief can
compare each option with game 1.

A simulated student sees only what a student's page shows (its own view) and:

- starts at an effort set by its temperament (trusting 9, middle 7, cautious 5);
- then moves halfway between its own last effort and the lowest effort it
  remembers of its partners, plus its temperament, plus a little chance;
- shares its data with probability 0.9 if all partners shared, else 0.6;
- under a contract, raises an effort below the contract norm to the norm with
  probability 0.7 (the expected fine is higher than the effort);
- with regie, moves halfway towards the regisseur's norm; as regisseur it sets
  the norm at 8 while the chain holds up (weakest remembered effort 5 or more), else 6;
- with informal contact, says sorry after its own misunderstanding.

Two students of game 3 drop out after round 2: computer partners take over.

Run: .venv/bin/python scripts/make_chaingame_sample.py
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from ketenles.classgame.game import Registry, make_settings
from ketenles.classgame.store import Store
from ketenles.classgame.views import export, player_view
from ketenles.models.chaingame import Move
from ketenles.models.chaingame.debrief import SAMPLE
from ketenles.models.chaingame.rules import CONTRACT_NORM

STUDENTS = 24
ROUNDS = 6
GAMES = [["noise"], ["noise", "informal_contact"], ["noise", "contract"], ["noise", "regie"]]
TEMPERAMENT = {"trusting": 1.0, "middle": 0.0, "cautious": -1.0}
START = {"trusting": 9, "middle": 7, "cautious": 5}
ABOUT = ("Voorbeeldsessie van het ketenspel, gesimuleerd: 24 computerstudenten die alleen zien wat een student "
         "op het scherm ziet en daarop reageren (zie scripts/make_chaingame_sample.py). Geen echte klas. "
         "Spel 1 met misverstanden; spel 2, 3 en 4 voegen elk één optie toe.")


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def decide(view: dict, temperament: str, rng: random.Random, options: list[str]) -> Move:
    chain, me = view["chain"], view["me"]
    history = chain["history"]
    if not history:
        effort = START[temperament] + rng.choice([-1, 0, 0, 1])
        share = rng.random() < 0.85
        message = None
    else:
        last = history[-1]
        own = last["links"][me["seat"]]
        partners = [link for link in last["links"] if link["seat"] != me["seat"]]
        low = min(link["remembered"] for link in partners)
        effort = 0.5 * own["intended"] + 0.5 * low + TEMPERAMENT[temperament] + rng.gauss(0, 1)
        share = rng.random() < (0.9 if all(link["shared"] for link in partners) else 0.6)
        message = ("sorry" if own["misunderstood"] else rng.choice(["ready", "together", None])) \
            if "informal_contact" in options else None
    if "regie" in options and chain["norm"] is not None and not me["regisseur"]:
        effort = (effort + chain["norm"]) / 2
    effort = max(0, min(10, round(effort)))
    if "contract" in options and effort < CONTRACT_NORM and rng.random() < 0.7:
        effort = CONTRACT_NORM
    norm = None
    if me["regisseur"]:
        holds = not history or min(link["remembered"] for link in history[-1]["links"]) >= 5
        norm = 8 if holds else 6
    if "informal_contact" in options and message is None and not history:
        message = "ready"
    return Move(effort, share, norm, message)


def play(registry: Registry, clock: Clock, number: int, options: list[str]) -> dict:
    rng = random.Random(number)
    settings = make_settings("suwi-keten", 3, ROUNDS, options, bot_after=60, seed=100 + number)
    game = registry.create(settings)
    kinds = list(TEMPERAMENT)
    players = []
    for i in range(STUDENTS):
        player, _ = registry.join(game, f"student{i + 1}")
        players.append((player, kinds[rng.randrange(3)]))
    registry.start(game)
    dropped = {players[4][0].id, players[10][0].id} if number == 3 else set()
    # Students move as soon as their chain's round opens; only when nobody can move any more does the
    # clock pass the lecturer's timeout, so computer partners take the dropped students' seats.
    while game.status != "ended":
        moved = False
        for player, temperament in players:
            view = player_view(game, player)
            chain = view["chain"]
            if chain["finished"] or chain["submitted"] or (player.id in dropped and chain["round"] > 2):
                continue
            registry.move(game, player, chain["round"], decide(view, temperament, rng, options))
            moved = True
        if not moved:
            clock.now += 61
            registry.tick()
    data = export(game)
    data["label"] = None
    return data


def main() -> None:
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp:
        registry = Registry(Store(f"sqlite:///{Path(tmp) / 'sample.sqlite'}"), clock=clock)
        games = [play(registry, clock, n, options) for n, options in enumerate(GAMES, start=1)]
        registry.store.close()
    for data in games:
        del data["label"]
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE.write_text(json.dumps({"about": ABOUT, "games": games}, ensure_ascii=False, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    print(f"{SAMPLE}: {len(games)} games, {sum(len(g['chains']) for g in games)} chains")


if __name__ == "__main__":
    main()

"""The debrief of a class game: cooperation per chain and for the class, and what each option changed.

Input is what the game server exports (``ketenles-chaingame/1``): one game, or
a list of games a class played in one session (for example first without, then
with informal contact). Every chain is replayed through the model and must give
the saved results: a debrief never rests on figures the model cannot reproduce.

>>> data = load_sample()
>>> [g.label for g in data.games][:2]
['Spel 1: misverstanden', 'Spel 2: misverstanden + informeel contact']
>>> round(data.games[0].class_cooperation()[0], 2)
0.78
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from ketenles.content import DATA_DIR, seminar
from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg
from ketenles.models.chaingame.chain import Chain, replay
from ketenles.models.chaingame.rules import OPTION_NAMES, GameSetup, Options

FORMAT = "ketenles-chaingame/1"
SAMPLE = DATA_DIR / "chaingame" / "voorbeeldsessie.json"


@dataclass(frozen=True)
class PlayedChain:
    number: int
    roles: tuple[str, ...]
    kinds: tuple[str, ...]  # "student" or "computer" per seat
    chain: Chain

    def cooperation(self) -> list[float]:
        return [r.cooperation for r in self.chain.rounds]

    def trust(self) -> list[float]:
        return [r.trust for r in self.chain.rounds]

    def output(self) -> list[float]:
        return [r.output for r in self.chain.rounds]


@dataclass(frozen=True)
class PlayedGame:
    code: str
    label: str
    case: str
    options: Options
    chains: tuple[PlayedChain, ...]

    @property
    def rounds(self) -> int:
        return max(len(c.chain.rounds) for c in self.chains)

    def class_cooperation(self) -> list[float]:
        """Mean cooperation of all chains per round (chains that played that round)."""
        return [statistics.fmean(c.cooperation()[i] for c in self.chains if len(c.chain.rounds) > i)
                for i in range(self.rounds)]

    def class_trust(self) -> list[float]:
        return [statistics.fmean(c.trust()[i] for c in self.chains if len(c.chain.rounds) > i)
                for i in range(self.rounds)]

    def measures(self) -> dict[str, float]:
        """Figures per game for the comparison of options, each over all links of all rounds."""
        links = [link for c in self.chains for r in c.chain.rounds for link in r.links]
        rounds = [r for c in self.chains for r in c.chain.rounds]
        slips = [link for link in links if link.misunderstood]
        return {
            "cooperation": statistics.fmean(link.cooperation for link in links),
            "trust_end": statistics.fmean(c.chain.rounds[-1].trust for c in self.chains),
            "output": statistics.fmean(r.output for r in rounds),
            "shared": statistics.fmean(link.intended.share for link in links),
            "misunderstood": len(slips) / len(links),
            "talked_through": (sum(link.talked_through for link in slips) / len(slips)) if slips else 0.0,
            "fined": sum(link.fined for link in links) / len(links),
        }


@dataclass(frozen=True)
class ClassData:
    games: tuple[PlayedGame, ...]

    def game(self, number: int) -> PlayedGame:
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self.games):
            raise ArgumentError("spel", number, msg("chaingame.debrief.expect_game", count=len(self.games)))
        return self.games[number - 1]

    def option_effects(self) -> list[dict]:
        """Per option that is on in some games and off in others: the measures with and without it.

        Where games differ in that option alone (a session that adds one option at a
        time), only those pairs are compared; otherwise all games with it against all
        without it.
        """
        effects = []
        for name in OPTION_NAMES:
            with_it = [g for g in self.games if getattr(g.options, name)]
            without = [g for g in self.games if not getattr(g.options, name)]
            twins = [g for g in without if any(_differ_only_in(g.options, h.options, name) for h in with_it)]
            matched = [h for h in with_it if any(_differ_only_in(g.options, h.options, name) for g in twins)]
            if twins:
                with_it, without = matched, twins
            on = [g.measures() for g in with_it]
            off = [g.measures() for g in without]
            if not on or not off:
                continue
            effects.append({"option": name, "label": msg(f"chaingame.options.{name}"), "games_on": len(on),
                            "games_off": len(off),
                            **{f"{key}_on": statistics.fmean(m[key] for m in on) for key in on[0]},
                            **{f"{key}_off": statistics.fmean(m[key] for m in off) for key in off[0]}})
        return effects


def _differ_only_in(a: Options, b: Options, name: str) -> bool:
    return all((getattr(a, n) == getattr(b, n)) != (n == name) for n in OPTION_NAMES)


def _game(data: dict, index: int) -> PlayedGame:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not data.get("chains"):
        raise KetenlesError(msg("chaingame.debrief.bad_data", expected=msg("chaingame.expect.data")))
    chains = []
    for saved in data["chains"]:
        setup = GameSetup.from_dict(saved["setup"])
        chain = replay(setup, [r["moves"] for r in saved["rounds"]], saved["number"])
        if [r.as_dict() for r in chain.rounds] != saved["results"]:
            raise KetenlesError(msg("chaingame.debrief.mismatch", chain=saved["number"] + 1))
        chains.append(PlayedChain(saved["number"], setup.roles, tuple(p["kind"] for p in saved["players"]), chain))
    options = Options(**data["options"])
    names = [msg(f"chaingame.options.{n}").lower() for n in options.active]
    label = msg("chaingame.debrief.game_label", number=index, options=" + ".join(names)
                or msg("chaingame.debrief.no_options"))
    return PlayedGame(data["code"], data.get("label") or label, data["case"], options, tuple(chains))


def load_games(source) -> ClassData:
    """A played session: a path to the server's JSON export, its parsed contents, or a list of either."""
    items = source if isinstance(source, list) else [source]
    games = []
    for item in items:
        if isinstance(item, (str, Path)):
            try:
                item = json.loads(Path(item).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise KetenlesError(msg("chaingame.debrief.unreadable", file=str(item), reason=type(error).__name__)) \
                    from None
        # a saved session holds several games in one file
        for game in item["games"] if isinstance(item, dict) and "games" in item else [item]:
            games.append(_game(game, len(games) + 1))
    return ClassData(tuple(games))


def load_sample() -> ClassData:
    """The sample session that ships with the course (simulated players, see its ``about``)."""
    return load_games(SAMPLE)


def seminar_links() -> list[tuple[str, str]]:
    """(what the game shows, the seminar's factor or dilemma it stands for), in Dutch."""
    overarching = {f.id: f for f in seminar.overarching_factors()}
    dilemmas = {d.id: d for d in seminar.dilemmas()}
    factors = {f.id: f for f in seminar.factors()}
    return [
        (msg("chaingame.debrief.link_effort"), dilemmas["eigen_of_gezamenlijk_belang"].question),
        (msg("chaingame.debrief.link_trust"), overarching["grondhouding_vertrouwen"].name),
        (msg("chaingame.debrief.link_commitment"), factors["persoonlijk_commitment"].name),
        (msg("chaingame.options.informal_contact"), msg("chaingame.debrief.link_informal")),
        (msg("chaingame.options.regie"), dilemmas["regie_of_autonomie"].question),
        (msg("chaingame.options.contract"), dilemmas["vertrouwen_of_vastleggen"].question),
    ]


def chain_story(game: PlayedGame, number: int) -> list[str]:
    """A few Dutch sentences about one chain (numbered from 1, as the players saw it), for the reflection."""
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(game.chains):
        raise ArgumentError("keten", number, msg("chaingame.debrief.expect_chain", count=len(game.chains)))
    played = game.chains[number - 1]
    rounds = played.chain.rounds
    coop = played.cooperation()
    weakest = [r.weakest_link for r in rounds]
    most = max(set(weakest), key=weakest.count)
    lines = [msg("chaingame.debrief.story_cooperation", first=round(100 * coop[0]), last=round(100 * coop[-1]),
                 rounds=len(rounds)),
             msg("chaingame.debrief.story_weakest", role=played.roles[most], count=weakest.count(most),
                 rounds=len(rounds))]
    slips = sum(link.misunderstood for r in rounds for link in r.links)
    if slips:
        talked = sum(link.talked_through for r in rounds for link in r.links)
        lines.append(msg("chaingame.debrief.story_slips", count=slips, talked=talked))
    fines = sum(link.fined for r in rounds for link in r.links)
    if game.options.contract:
        lines.append(msg("chaingame.debrief.story_fines", count=fines))
    computer = sum(kind == "computer" for kind in played.kinds)
    if computer:
        lines.append(msg("chaingame.debrief.story_computer", count=computer))
    lines.append(msg("chaingame.debrief.story_trust", trust=round(100 * rounds[-1].trust)))
    return lines

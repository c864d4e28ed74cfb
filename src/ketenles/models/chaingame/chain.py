"""One chain playing the class game, round by round, and its replay.

:class:`Chain` keeps the rounds played so far. :meth:`Chain.play_round` takes
one move per link (from a student or a computer partner alike) and returns the
:class:`RoundResult`. All chance (misunderstandings, talking them through,
the monitor and stochastic computer partners) comes from lots drawn with a
generator seeded by (seed, chain number, round number), in a fixed order, so
the same moves always give the same result: :func:`replay` rebuilds a chain
from saved moves, after a server restart or for the debrief.

>>> from ketenles.models.chaingame.rules import GameSetup, Move
>>> chain = Chain(GameSetup(("A", "B", "C"), rounds=2, seed=1))
>>> result = chain.play_round([Move(8, True), Move(8, True), Move(2, True)])
>>> result.weakest, [round(p, 1) for p in result.points]
(2.0, [5.0, 5.0, 11.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg
from ketenles.models.chaingame import rules
from ketenles.models.chaingame.rules import GameSetup, Move, check_move, cooperation

# lots per link per round: noise, talk, monitor, computer partner
LOTS_PER_LINK = 4


@dataclass(frozen=True)
class LinkResult:
    """One link in one round: what it meant, what came across, what it earned."""

    intended: Move
    arrived: int
    misunderstood: bool
    talked_through: bool
    received_data: bool
    effective: float
    fined: bool
    points: float

    @property
    def remembered(self) -> int:
        """The effort partners remember: the intended one if a misunderstanding was talked through."""
        return self.intended.effort if self.talked_through else self.arrived

    @property
    def cooperation(self) -> float:
        return cooperation(self.intended.effort, self.intended.share)

    def as_dict(self) -> dict:
        return {"intended": self.intended.as_dict(), "arrived": self.arrived, "misunderstood": self.misunderstood,
                "talked_through": self.talked_through, "received_data": self.received_data,
                "effective": self.effective, "fined": self.fined, "points": self.points}


@dataclass(frozen=True)
class RoundResult:
    number: int
    norm: int | None  # the regisseur's norm that held in this round (regie only)
    links: tuple[LinkResult, ...]
    weakest: float
    weakest_link: int
    output: float
    trust: float

    @property
    def points(self) -> tuple[float, ...]:
        return tuple(link.points for link in self.links)

    @property
    def cooperation(self) -> float:
        return float(np.mean([link.cooperation for link in self.links]))

    def as_dict(self) -> dict:
        return {"number": self.number, "norm": self.norm, "links": [link.as_dict() for link in self.links],
                "weakest": self.weakest, "weakest_link": self.weakest_link, "output": self.output,
                "trust": self.trust, "cooperation": self.cooperation}


def lots(setup: GameSetup, chain_number: int, round_number: int) -> np.ndarray:
    """The lots of one round: an array (links, LOTS_PER_LINK) in [0, 1)."""
    rng = np.random.default_rng([setup.seed, chain_number, round_number])
    return rng.random((setup.size, LOTS_PER_LINK))


class Chain:
    """The state of one chain: its setup, its number in the class game and the rounds played."""

    def __init__(self, setup: GameSetup, number: int = 0):
        if not isinstance(setup, GameSetup):
            raise ArgumentError("setup", setup, msg("chaingame.expect.setup"))
        self.setup = setup
        self.number = number
        self.rounds: list[RoundResult] = []

    @property
    def finished(self) -> bool:
        return len(self.rounds) >= self.setup.rounds

    @property
    def next_round(self) -> int:
        return len(self.rounds) + 1

    @property
    def norm(self) -> int | None:
        """The norm that holds in the next round (regie only): the regisseur's last one, else the default."""
        if not self.setup.options.regie:
            return None
        for result in reversed(self.rounds):
            if result.links[0].intended.norm is not None:
                return result.links[0].intended.norm
        return rules.DEFAULT_NORM

    @property
    def totals(self) -> tuple[float, ...]:
        return tuple(float(sum(r.points[i] for r in self.rounds)) for i in range(self.setup.size))

    def trust_of(self, seat: int) -> float:
        """Beta reputation of the partners as ``seat`` remembers them: (r + 1) / (n + 2), starting at 1/2."""
        seen = [cooperation(link.remembered, link.intended.share) for r in self.rounds
                for i, link in enumerate(r.links) if i != seat]
        return (sum(seen) + 1) / (len(seen) + 2)

    def play_round(self, moves) -> RoundResult:
        """Play the next round with one Move per link, in chain order."""
        setup, options = self.setup, self.setup.options
        if self.finished:
            raise KetenlesError(msg("chaingame.error.finished", rounds=setup.rounds))
        moves = list(moves)
        if len(moves) != setup.size:
            raise ArgumentError("moves", moves, msg("chaingame.expect.moves", size=setup.size))
        moves = [check_move(setup, seat, m) for seat, m in enumerate(moves)]
        draw = lots(setup, self.number, self.next_round)
        norm = self.norm

        arrived, misunderstood, talked = [], [], []
        for i, move in enumerate(moves):
            slip = options.noise and move.effort > 0 and draw[i, 0] < rules.NOISE
            misunderstood.append(bool(slip))
            arrived.append(max(0, move.effort - rules.NOISE_DROP) if slip else move.effort)
            talked.append(bool(slip and options.informal_contact and draw[i, 1] < rules.TALK))
        n = setup.size
        received = [moves[(i - 1) % n].share for i in range(n)]
        effective = [arrived[i] * (1.0 if received[i] else rules.UNSHARED_FACTOR) for i in range(n)]
        weakest = float(min(effective))
        part = rules.OUTPUT_PER_UNIT * weakest

        links = []
        for i, move in enumerate(moves):
            breach = arrived[i] < rules.CONTRACT_NORM or not move.share
            fined = bool(options.contract and breach and draw[i, 2] < rules.MONITORING)
            points = rules.CAPACITY - move.effort - rules.SHARE_COST * move.share
            if rules.is_regisseur(setup, i):
                points += rules.REGIE_SHARE * part - rules.REGIE_COST
            else:
                points += part
            points -= rules.SANCTION * fined
            links.append(LinkResult(move, arrived[i], misunderstood[i], talked[i], received[i],
                                    effective[i], fined, float(points)))
        provisional = RoundResult(self.next_round, norm, tuple(links), weakest,
                                  int(np.argmin(effective)), part * n, 0.0)
        self.rounds.append(provisional)
        trust = float(np.mean([self.trust_of(i) for i in range(n)]))
        result = RoundResult(provisional.number, norm, provisional.links, weakest, provisional.weakest_link,
                             provisional.output, trust)
        self.rounds[-1] = result
        return result


def replay(setup: GameSetup, moves_per_round, number: int = 0) -> Chain:
    """A chain rebuilt from saved moves: a list per round of one Move (or dict) per link."""
    chain = Chain(setup, number)
    for moves in moves_per_round:
        chain.play_round([m if isinstance(m, Move) else Move.from_dict(m) for m in moves])
    return chain

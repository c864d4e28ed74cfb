"""A game played turn by turn: a person against one simulated chain partner.

:func:`~ketenles.models.cooperation.match.play_match` simulates whole games at once;
in the trust game a student chooses each move and only then sees what the
partner did. :class:`Game` keeps that state and plays one round per call with
the same strategy rules (on arrays of one row) and the same conditions: noise,
informal contact and a contract with monitoring. Power and a random game
length are not part of it: the student would not see who is the stronger
partner, and an end that nobody can see would need a chart without a fixed axis.

Random numbers are drawn in a fixed order every round (two noise lots, two
informal-contact lots, one lot for a stochastic partner, two monitoring lots),
whether a setting is on or not, so a seed fixes the whole game.

>>> game = Game("tit_for_tat", rounds=3, seed=1)
>>> [game.play(move).played for move in "CDC"]
[('C', 'C'), ('D', 'C'), ('C', 'D')]
>>> game.totals, game.finished
((8.0, 8.0), True)
>>> game.mirror_count()
2
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg
from ketenles.models.cooperation import validation
from ketenles.models.cooperation.conditions import Conditions, make_conditions
from ketenles.models.cooperation.match import MatchResult
from ketenles.models.cooperation.strategies import Strategy, strategy

MAX_GAME_ROUNDS = 200
MOVES = ("C", "D")
_DRAWS_PER_ROUND = 7


@dataclass(frozen=True)
class Round:
    """One round; every pair is (person, partner).

    ``intended``: the chosen moves; ``played``: the moves as they came across
    (they differ after a misunderstanding); ``talked_through``: a
    misunderstanding cleared up by informal contact, so the other side
    remembers the intended move; ``fined``: a defection detected by the
    monitor; ``scores``: the points of this round, fines included.
    """

    number: int
    intended: tuple[str, str]
    played: tuple[str, str]
    talked_through: tuple[bool, bool]
    fined: tuple[bool, bool]
    scores: tuple[float, float]

    @property
    def misunderstood(self) -> tuple[bool, bool]:
        return (self.intended[0] != self.played[0], self.intended[1] != self.played[1])


class Game:
    """A person against the strategy ``partner`` for ``rounds`` rounds.

    ``partner``: a strategy id (see ``STRATEGY_IDS``) or a Strategy.
    Settings: ``rounds`` (1..200, default 10), ``noise``,
    ``informal_contact``, ``sanction``, ``monitoring`` and the payoffs, as in
    :class:`~ketenles.models.cooperation.conditions.Conditions`. ``seed``: an int,
    a numpy Generator or None.
    """

    def __init__(self, partner, *, seed=None, conditions: Conditions | None = None, **settings):
        self.partner: Strategy = strategy(partner)
        settings.setdefault("rounds", 10 if conditions is None else conditions.rounds)
        cond = make_conditions(conditions, settings)
        validation.whole("rounds", cond.rounds, 1, MAX_GAME_ROUNDS)
        if cond.continuation is not None:
            raise ArgumentError("continuation", cond.continuation, msg("cooperation_widgets.expect.fixed"))
        if cond.power != 0:
            raise ArgumentError("power", cond.power, msg("cooperation_widgets.expect.no_power"))
        self.conditions = cond
        self._rng = validation.generator(seed)
        self.rounds: list[Round] = []
        self._state = self.partner.start(1)
        # The moves each side remembers of the last round (True = cooperate).
        self._memory: tuple[np.ndarray, np.ndarray] | None = None

    # Read-only views ---------------------------------------------------------
    @property
    def history(self) -> list[tuple[str, str]]:
        """The moves as played per round: ``[(person, partner), ...]``."""
        return [r.played for r in self.rounds]

    @property
    def totals(self) -> tuple[float, float]:
        return (float(sum(r.scores[0] for r in self.rounds)),
                float(sum(r.scores[1] for r in self.rounds)))

    @property
    def finished(self) -> bool:
        return len(self.rounds) >= self.conditions.rounds

    @property
    def cumulative(self) -> tuple[list[float], list[float]]:
        """Running totals of both sides, starting at 0 before round 1."""
        own, other = [0.0], [0.0]
        for r in self.rounds:
            own.append(own[-1] + r.scores[0])
            other.append(other[-1] + r.scores[1])
        return own, other

    # Playing -------------------------------------------------------------------
    def play(self, move: str) -> Round:
        """Play one round with the person's ``move`` ("C" or "D")."""
        if not isinstance(move, str) or move.upper() not in MOVES:
            raise ArgumentError("move", move, msg("cooperation_widgets.expect.move"))
        if self.finished:
            raise KetenlesError(msg("cooperation_widgets.game.already_finished",
                                    rounds=self.conditions.rounds))
        c = self.conditions
        lots = self._rng.random(_DRAWS_PER_ROUND)
        own_intent = move.upper() == "C"
        other_intent = self._partner_intent(lots[4])
        intended = np.array([own_intent, other_intent])
        flipped = lots[0:2] < c.noise
        talked = flipped & (lots[2:4] < c.informal_contact)
        played = intended ^ flipped
        remembered = np.where(talked, intended, played)
        # The partner's rule sees its own remembered move and the person's.
        self._memory = (remembered[1:2].copy(), remembered[0:1].copy())

        fined = ~played & (c.sanction > 0) & (lots[5:7] < c.monitoring)
        scores = [self._payoff(bool(played[i]), bool(played[1 - i])) - c.sanction * bool(fined[i])
                  for i in (0, 1)]
        letters = tuple("C" if p else "D" for p in played)
        result = Round(
            number=len(self.rounds) + 1,
            intended=("C" if own_intent else "D", "C" if other_intent else "D"),
            played=letters, talked_through=(bool(talked[0]), bool(talked[1])),
            fined=(bool(fined[0]), bool(fined[1])), scores=(float(scores[0]), float(scores[1])),
        )
        self.rounds.append(result)
        return result

    def _partner_intent(self, lot: float) -> bool:
        rule = self.partner
        p = rule.first(1) if self._memory is None else rule.respond(self._state, *self._memory)
        chance = float(np.asarray(p, dtype=float).reshape(-1)[0])
        return lot < chance if rule.stochastic else chance >= 0.5

    def _payoff(self, own: bool, other: bool) -> float:
        c = self.conditions
        if own:
            return c.reward if other else c.sucker
        return c.temptation if other else c.punishment

    # Looking back -------------------------------------------------------------
    def mirror_count(self) -> int:
        """In how many rounds after the first the partner did what the person did one round earlier."""
        return sum(1 for before, now in zip(self.rounds, self.rounds[1:], strict=False)
                   if now.played[1] == before.played[0])

    def as_match(self, person_name: str) -> MatchResult:
        """The rounds so far as a one-repetition MatchResult, for :func:`explain`."""
        if not self.rounds:
            raise KetenlesError(msg("cooperation_widgets.game.not_started"))
        n = len(self.rounds)
        own = "".join(r.played[0] for r in self.rounds)
        other = "".join(r.played[1] for r in self.rounds)
        totals = self.totals
        means = (totals[0] / n, totals[1] / n)
        both = sum(1 for a, b in zip(own, other, strict=True) if a == b == "C") / n
        return MatchResult(
            players=("person", self.partner.label), names=(person_name, self.partner.name),
            conditions=dataclasses.replace(self.conditions, rounds=n), rounds=(n,),
            moves=((own, other),),
            scores=((tuple(r.scores[0] for r in self.rounds),
                     tuple(r.scores[1] for r in self.rounds)),),
            mean_scores_per_repetition=(means,), mean_scores=means, standard_errors=(0.0, 0.0),
            cooperation_rates=(own.count("C") / n, other.count("C") / n), mutual_cooperation=both,
        )

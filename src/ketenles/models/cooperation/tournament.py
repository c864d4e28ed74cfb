"""A round-robin tournament, as Axelrod ran it in 1980.

Every strategy plays every other one ``repetitions`` times and, with
``self_play``, also a copy of itself. A strategy's score is its expected score
per round against the *other* strategies (self-play excluded, as in axelrod's
``normalised_scores``): per opponent, total score over total rounds of all
repetitions (games of random length count for their length), then the mean
over the opponents; the ranking sorts on
that score (ties keep the input order). With ``power`` > 0 each pair plays in
both orders, so every strategy is the stronger partner in half of its games.
All games of the tournament are simulated as one numpy batch.

>>> result = tournament(["tit_for_tat", "defector", "cooperator"], rounds=10)
>>> result.ranking
('defector', 'tit_for_tat', 'cooperator')
>>> round(result.score("defector"), 6)
3.2
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.cooperation import validation
from ketenles.models.cooperation.conditions import Conditions, make_conditions
from ketenles.models.cooperation.engine import check_size, layout, per_round, simulate
from ketenles.models.cooperation.strategies import SHARED_WITH_AXELROD, check_strategies

MAX_REPETITIONS = 10_000


@dataclass(frozen=True)
class TournamentResult:
    """The outcome of :func:`tournament`; per-player tuples follow ``players``.

    ``payoff_matrix[i][j]`` is the expected score per round of player i against
    player j, total score over total rounds (the diagonal is self-play, ``nan``
    without it).
    """

    players: tuple[str, ...]
    names: tuple[str, ...]
    conditions: Conditions
    repetitions: int
    self_play: bool
    scores: tuple[float, ...]
    score_errors: tuple[float, ...]
    cooperation_rates: tuple[float, ...]
    payoff_matrix: tuple[tuple[float, ...], ...]
    ranking: tuple[str, ...]
    nice: tuple[bool, ...]  # per player: never the first to defect

    def _index(self, player: str) -> int:
        if player not in self.players:
            raise ArgumentError("player", player,
                                msg("cooperation.expect.strategy", ids=", ".join(self.players)))
        return self.players.index(player)

    def score(self, player: str) -> float:
        """Mean score per round of ``player`` against the others."""
        return self.scores[self._index(player)]

    def name(self, player: str) -> str:
        return self.names[self._index(player)]

    @property
    def winner(self) -> str:
        return self.ranking[0]

    def as_dict(self) -> dict:
        return {"players": list(self.players), "scores": list(self.scores),
                "score_errors": list(self.score_errors),
                "cooperation_rates": list(self.cooperation_rates),
                "payoff_matrix": [list(row) for row in self.payoff_matrix],
                "ranking": list(self.ranking), "repetitions": self.repetitions,
                "self_play": self.self_play, "conditions": self.conditions.as_dict()}


def tournament(strategies=SHARED_WITH_AXELROD, *, repetitions: int = 10, self_play: bool = True,
               seed=None, conditions: Conditions | None = None, **settings) -> TournamentResult:
    """Round-robin tournament of ``strategies`` (ids or Strategy objects).

    The default field is the seven strategies that axelrod also has.
    ``settings`` are the fields of :class:`Conditions`, as in
    :func:`~ketenles.models.cooperation.match.play_match`.
    """
    players = check_strategies("strategies", strategies)
    repetitions = validation.whole("repetitions", repetitions, 1, MAX_REPETITIONS)
    self_play = validation.flag("self_play", self_play)
    rng = validation.generator(seed)
    cond = make_conditions(conditions, settings)

    n = len(players)
    both_orders = cond.power > 0
    pairs = [(i, j) for i in range(n) for j in range(n)
             if (i < j or (both_orders and i > j)) or (self_play and i == j)]
    check_size(2 * len(pairs) * repetitions, cond, repetitions)
    groups, partner, first_rows, row_of = layout(pairs, repetitions, n)
    batch = simulate(players, groups, partner, first_rows, cond, rng)

    totals, lengths, coop = batch.totals, batch.lengths, batch.cooperation
    # games x sides -> pairs x repetitions x sides
    rows = row_of.reshape(len(pairs), repetitions, 2)
    first, second = np.asarray(pairs).T
    # Total score of i against j per repetition and the rounds it took; self-play
    # adds both copies. The expected score per round is total over total rounds.
    total = np.zeros((n, n, repetitions))
    played = np.zeros((n, n, repetitions))
    np.add.at(total, (first, second), totals[rows[..., 0]])
    np.add.at(total, (second, first), totals[rows[..., 1]])
    np.add.at(played, (first, second), lengths[rows[..., 0]])
    np.add.at(played, (second, first), lengths[rows[..., 1]])
    met = played.sum(axis=2, keepdims=True) > 0
    _, contributions = per_round(total, np.where(met, played, 1.0), axis=2)
    matrix = np.moveaxis(np.where(met, contributions, np.nan), 2, 0)
    # Cooperation rate against the others, self-play excluded.
    other = first != second
    coop_sum, coop_games = np.zeros(n), np.zeros(n)
    np.add.at(coop_sum, first[other], coop[rows[other, :, 0]].mean(axis=1))
    np.add.at(coop_sum, second[other], coop[rows[other, :, 1]].mean(axis=1))
    np.add.at(coop_games, first[other], 1)
    np.add.at(coop_games, second[other], 1)
    off = ~np.eye(n, dtype=bool)
    normalised = np.stack([matrix[:, i, off[i]].mean(axis=1) for i in range(n)], axis=1)
    scores = normalised.mean(axis=0)
    errors = normalised.std(axis=0, ddof=1) / np.sqrt(repetitions) if repetitions > 1 \
        else np.zeros(n)
    order = sorted(range(n), key=lambda i: (-round(scores[i], 12), i))

    return TournamentResult(
        players=tuple(p.label for p in players),
        names=tuple(p.name for p in players),
        conditions=cond,
        repetitions=repetitions,
        self_play=self_play,
        scores=tuple(scores.tolist()),
        score_errors=tuple(errors.tolist()),
        cooperation_rates=tuple((coop_sum / coop_games).tolist()),
        payoff_matrix=tuple(map(tuple, matrix.mean(axis=0).tolist())),
        ranking=tuple(players[i].label for i in order),
        nice=tuple(p.nice for p in players),
    )

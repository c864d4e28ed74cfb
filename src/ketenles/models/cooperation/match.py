"""One match between two chain partners, repeated to average out chance.

>>> result = play_match("tit_for_tat", "defector", rounds=5)
>>> result.moves[0]
('CDDDD', 'DDDDD')
>>> result.per_turn()
[(0.0, 5.0), (1.0, 1.0), (1.0, 1.0), (1.0, 1.0), (1.0, 1.0)]
>>> result.mean_scores
(0.8, 1.8)
>>> play_match("tit_for_tat", "grim_trigger", noise=0.05, repetitions=10, seed=1).rounds
(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.cooperation import validation
from ketenles.models.cooperation.conditions import Conditions, make_conditions
from ketenles.models.cooperation.engine import check_size, layout, per_round, simulate
from ketenles.models.cooperation.strategies import strategy

MAX_REPETITIONS = 100_000
# Per-turn details (moves and scores) are kept for at most this many
# repetitions: beyond that only the summaries are needed, and the tuples would
# cost more time than the simulation.
MAX_DETAILED = 100


@dataclass(frozen=True)
class MatchResult:
    """The outcome of :func:`play_match`; all values are plain Python.

    Index 0 is always the first player (the stronger one if ``power`` > 0).

    - ``players``/``names``: strategy labels and Dutch display names;
    - ``rounds``: the length of each repetition's game;
    - ``moves[rep]``: both players' moves as played, e.g. ``('CCD', 'CDD')``;
    - ``scores[rep]``: both players' per-turn scores (see also :meth:`per_turn`);
    - ``mean_scores``: the expected score per round per player: total score
      over total rounds of all repetitions (with a continuation probability
      games differ in length, and a long game counts for its length), with
      ``standard_errors`` over the repetitions;
    - ``mean_scores_per_repetition``: each game's own score per round;
    - ``cooperation_rates``: share of rounds each player cooperated;
      ``mutual_cooperation``: share of rounds both did.
    """

    players: tuple[str, str]
    names: tuple[str, str]
    conditions: Conditions
    rounds: tuple[int, ...]
    moves: tuple[tuple[str, str], ...]
    scores: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]
    mean_scores_per_repetition: tuple[tuple[float, float], ...]
    mean_scores: tuple[float, float]
    standard_errors: tuple[float, float]
    cooperation_rates: tuple[float, float]
    mutual_cooperation: float

    @property
    def repetitions(self) -> int:
        return len(self.rounds)

    def per_turn(self, repetition: int = 0) -> list[tuple[float, float]]:
        """The scores of both players in each round of one repetition."""
        if not self.scores:
            return []
        last = len(self.scores) - 1
        if isinstance(repetition, bool) or not isinstance(repetition, int) \
                or not 0 <= repetition <= last:
            raise ArgumentError("repetition", repetition,
                                msg("cooperation.expect.repetition", high=last))
        first, second = self.scores[repetition]
        return list(zip(first, second, strict=True))

    def as_dict(self) -> dict:
        return {"players": list(self.players), "mean_scores": list(self.mean_scores),
                "cooperation_rates": list(self.cooperation_rates),
                "mutual_cooperation": self.mutual_cooperation, "rounds": list(self.rounds),
                "conditions": self.conditions.as_dict()}


def play_match(first, second, *, repetitions: int = 1, seed=None,
               conditions: Conditions | None = None, **settings) -> MatchResult:
    """Play ``repetitions`` independent games of ``first`` against ``second``.

    ``first`` and ``second`` are strategy ids (see ``STRATEGY_IDS``) or
    strategies from :func:`strategy`. ``settings`` are the fields of
    :class:`Conditions` (``rounds``, ``continuation``, ``noise``,
    ``informal_contact``, ``sanction``, ``monitoring``, ``power`` and the
    payoffs); they override a ``conditions`` object. ``seed`` (an int or a
    numpy Generator) makes stochastic games reproducible.

    All repetitions are simulated at once as numpy arrays. Per-turn ``moves``
    ("C" cooperate, "D" defect, as played) and ``scores`` are kept for the
    first 100 repetitions; the means use all of them.
    """
    players = (strategy(first), strategy(second))
    repetitions = validation.whole("repetitions", repetitions, 1, MAX_REPETITIONS)
    rng = validation.generator(seed)
    cond = make_conditions(conditions, settings)

    check_size(2 * repetitions, cond, repetitions)
    same = players[0] == players[1]
    unique = players[:1] if same else players
    groups, partner, first_rows, row_of = layout([(0, 0 if same else 1)], repetitions,
                                                 len(unique))
    batch = simulate(unique, groups, partner, first_rows, cond, rng)

    a, b = row_of[:, 0], row_of[:, 1]
    means = batch.mean_scores
    per_rep = np.stack([means[a], means[b]], axis=1)
    pooled, contributions = per_round(np.stack([batch.totals[a], batch.totals[b]], axis=1),
                                      np.stack([batch.lengths[a], batch.lengths[b]], axis=1), axis=0)
    coop = batch.cooperation
    played = np.arange(batch.moves.shape[0])[:, None] < batch.lengths[a][None, :]
    both = (batch.moves[:, a] & batch.moves[:, b] & played).sum(axis=0) / batch.lengths[a]
    spread = contributions.std(axis=0, ddof=1) / np.sqrt(repetitions) if repetitions > 1 \
        else np.zeros(2)

    detail = min(repetitions, MAX_DETAILED)
    lengths = batch.lengths[a].tolist()
    letters = np.where(batch.moves, "C", "D")
    moves, scores = [], []
    for rep in range(detail):
        n = lengths[rep]
        ra, rb = a[rep], b[rep]
        moves.append(("".join(letters[:n, ra]), "".join(letters[:n, rb])))
        scores.append((tuple(batch.scores[:n, ra].tolist()), tuple(batch.scores[:n, rb].tolist())))

    return MatchResult(
        players=(players[0].label, players[1].label),
        names=(players[0].name, players[1].name),
        conditions=cond,
        rounds=tuple(lengths),
        moves=tuple(moves),
        scores=tuple(scores),
        mean_scores_per_repetition=tuple(map(tuple, per_rep.tolist())),
        mean_scores=tuple(pooled.tolist()),
        standard_errors=tuple(spread.tolist()),
        cooperation_rates=(float(coop[a].mean()), float(coop[b].mean())),
        mutual_cooperation=float(both.mean()),
    )

"""The vectorised simulation core: many games of the iterated prisoner's dilemma at once.

Every player in every game is one *row*. Rows are grouped per strategy in
contiguous slices, so that each round costs one call per strategy on array
views instead of one call per game; a whole tournament with all its
repetitions is one batch. All random numbers are drawn up front, per purpose,
from one numpy Generator, which makes a run reproducible from its seed.

This module is internal: :mod:`ketenles.models.cooperation.match` and
:mod:`~ketenles.models.cooperation.tournament` build the batches and turn the arrays
into plain Python results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.cooperation.conditions import MAX_ROUNDS, Conditions
from ketenles.models.cooperation.strategies import Strategy

# Upper bound on rows x rounds of one batch: a few hundred MB of arrays at most.
MAX_CELLS = 20_000_000


def check_size(rows: int, conditions: Conditions, repetitions: int) -> None:
    """Refuse a batch too big for a lesson machine, before allocating it."""
    # With random lengths the longest of many games is a few times the mean.
    rounds = conditions.rounds if conditions.continuation is None \
        else 5 * conditions.expected_rounds
    cells = int(rows * rounds)
    if cells > MAX_CELLS:
        raise ArgumentError("repetitions", repetitions, msg(
            "cooperation.expect.size", cells=format_number(cells),
            limit=format_number(MAX_CELLS)))


@dataclass
class Batch:
    """Raw outcome of a batch; arrays have shape (turns, rows) or (rows,)."""

    moves: np.ndarray  # actual moves, True = cooperate
    scores: np.ndarray  # per-turn payoff, 0 after a game ended
    lengths: np.ndarray  # rounds played per row

    @property
    def totals(self) -> np.ndarray:
        return self.scores.sum(axis=0)

    @property
    def mean_scores(self) -> np.ndarray:
        """Mean score per round of each row's game (one game; see :func:`per_round`)."""
        return self.totals / self.lengths

    @property
    def cooperation(self) -> np.ndarray:
        """Share of rounds in which each row cooperated."""
        moves = self.moves
        if self.lengths.min() < moves.shape[0]:  # games of different lengths
            moves = moves & (np.arange(moves.shape[0])[:, None] < self.lengths[None, :])
        return moves.sum(axis=0) / self.lengths


def layout(pairs: list[tuple[int, int]], repetitions: int, count: int):
    """Rows for ``repetitions`` games of each pair of strategy indices.

    Returns (groups, partner, first_rows, row_of) where groups lists per
    strategy index its (index, start, stop) slice, partner[row] is the
    opponent's row, first_rows are the rows of each game's first (stronger)
    player, and row_of[game, side] is the row of a side in a game
    (game = pair * repetitions + repetition).
    """
    # One entry per (game, side), in that order; owner = the strategy index.
    owners = np.repeat(np.asarray(pairs, dtype=np.intp), repetitions, axis=0).reshape(-1)
    # A stable sort by strategy makes the rows of one strategy one slice.
    order = np.argsort(owners, kind="stable")
    row_of = np.empty(owners.size, dtype=np.intp)
    row_of[order] = np.arange(owners.size)
    row_of = row_of.reshape(-1, 2)
    partner = np.empty(owners.size, dtype=np.intp)
    partner[row_of[:, 0]] = row_of[:, 1]
    partner[row_of[:, 1]] = row_of[:, 0]
    bounds = np.searchsorted(owners[order], np.arange(count + 1))
    groups = [(index, int(bounds[index]), int(bounds[index + 1])) for index in range(count)
              if bounds[index + 1] > bounds[index]]
    return groups, partner, row_of[:, 0], row_of


def game_lengths(conditions: Conditions, games: int, rng: np.random.Generator) -> np.ndarray:
    """Rounds per game: fixed, or geometric with continuation probability w."""
    if conditions.continuation is None:
        return np.full(games, conditions.rounds)
    # P(length = k) = w**(k-1) * (1-w), k >= 1: axelrod's sample_length.
    lengths = rng.geometric(1.0 - conditions.continuation, size=games)
    return np.minimum(lengths, MAX_ROUNDS)


def simulate(strategies: tuple[Strategy, ...], groups, partner: np.ndarray,
             first_rows: np.ndarray, conditions: Conditions,
             rng: np.random.Generator) -> Batch:
    """Play every game of the layout; see :func:`layout`."""
    n = partner.size
    lengths = np.empty(n, dtype=np.intp)
    lengths[first_rows] = game_lengths(conditions, first_rows.size, rng)
    lengths[partner[first_rows]] = lengths[first_rows]
    turns = int(lengths.max())

    if conditions.noise > 0:
        flipped = rng.random((turns, n)) < conditions.noise
        # A misunderstanding that is talked through is remembered as intended.
        misremembered = flipped
        if conditions.informal_contact > 0:
            misremembered = flipped & (rng.random((turns, n)) >= conditions.informal_contact)
    else:
        flipped = misremembered = None

    # Per strategy slice: its rule, memory and (if it draws lots) its random numbers.
    plan = []
    for i, start, stop in groups:
        rule = strategies[i]
        chance = rng.random((turns, stop - start)) if rule.stochastic else None
        plan.append((rule.respond, slice(start, stop), rule.start(stop - start), chance))

    moves = np.empty((turns, n), dtype=bool)
    intended = np.empty(n, dtype=bool)
    own = other = intended  # placeholders: round 0 uses first() and sets both
    for (i, _, _), (_, rows, _, chance) in zip(groups, plan, strict=True):
        p = strategies[i].first(rows.stop - rows.start)
        intended[rows] = p if chance is None else chance[0] < p
    for t in range(turns):
        if t:
            for respond, rows, state, chance in plan:
                p = respond(state, own[rows], other[rows])
                intended[rows] = p if chance is None else chance[t] < p
        if flipped is None:
            moves[t] = intended
            own = moves[t]  # a view of a finished round: never written again
        else:
            moves[t] = intended ^ flipped[t]
            own = intended ^ misremembered[t]
        other = own[partner]

    return Batch(moves, _score(moves, partner, first_rows, lengths, conditions, rng), lengths)


def _score(moves, partner, first_rows, lengths, conditions: Conditions, rng) -> np.ndarray:
    turns, n = moves.shape
    c = conditions
    defected = ~moves
    other_defected = defected[:, partner]
    # Outcome index from the row's point of view: 0 CC, 1 CD, 2 DC, 3 DD. A
    # lookup table is several times faster than nested np.where.
    outcome = 2 * defected.view(np.uint8) + other_defected.view(np.uint8)
    scores = np.array([c.reward, c.sucker, c.temptation, c.punishment])[outcome]
    if c.power > 0:
        exploited = defected[:, first_rows] & ~other_defected[:, first_rows]
        scores[:, first_rows] += c.power * exploited
    if c.sanction > 0 and c.monitoring > 0:
        if c.monitoring < 1:
            defected &= rng.random((turns, n)) < c.monitoring
        scores -= c.sanction * defected
    if lengths.min() < turns:
        scores[np.arange(turns)[:, None] >= lengths[None, :]] = 0.0
    return scores


def per_round(totals: np.ndarray, lengths: np.ndarray, axis: int = -1):
    """Expected score per round over many games: total score over total rounds.

    With a continuation probability games differ in length, and the mean of
    per-game averages over-weights the short games (always-defect against tit
    for tat at w = 0.5: about 3.8 per round averaged per game, 3.0 total over
    total, which is exactly mutual cooperation's 3). What a partner can expect per round is E[total] / E[rounds], the
    ratio of sums. Returns (ratio, contributions): the contributions, one per
    game along ``axis``, average to the ratio exactly and are its linearisation
    (delta method), so their spread gives the ratio's standard error. For games
    of one fixed length both measures are the same.
    """
    totals = np.asarray(totals, dtype=float)
    lengths = np.asarray(lengths, dtype=float)
    ratio = totals.sum(axis=axis, keepdims=True) / lengths.sum(axis=axis, keepdims=True)
    contributions = ratio + (totals - ratio * lengths) / lengths.mean(axis=axis, keepdims=True)
    return np.squeeze(ratio, axis=axis), contributions

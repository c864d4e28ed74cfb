"""Evolution of a population of chain partners: replicator dynamics.

Think of many organisations, each following one strategy, that meet at random.
A strategy's fitness is its expected score per round against the current mix:
f_i = sum_j A[i][j] x_j, with A the tournament's payoff matrix (self-play
included) and x the shares. Strategies that score above the average f_bar
grow, the others shrink, following the replicator equation
dx_i/dt = x_i (f_i - f_bar). Each generation is one Euler step of size
``step`` (small steps keep shares positive; any rounding is clipped and the
shares renormalised). It is deterministic: chance enters only through the
tournament that produced A.

>>> from ketenles.models.cooperation.tournament import tournament
>>> field = tournament(["tit_for_tat", "defector", "cooperator"], rounds=20)
>>> result = evolve(field, generations=200)
>>> result.winner
'tit_for_tat'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.cooperation import validation
from ketenles.models.cooperation.tournament import TournamentResult

MAX_GENERATIONS = 100_000
GONE = 0.01  # a share below this counts as (nearly) gone in explanations


@dataclass(frozen=True)
class EvolutionResult:
    """Shares per generation; ``trajectory[0]`` is the starting mix."""

    players: tuple[str, ...]
    names: tuple[str, ...]
    trajectory: tuple[tuple[float, ...], ...]

    @property
    def generations(self) -> int:
        return len(self.trajectory) - 1

    @property
    def final_shares(self) -> dict[str, float]:
        return dict(zip(self.players, self.trajectory[-1], strict=True))

    @property
    def winner(self) -> str:
        last = self.trajectory[-1]
        return self.players[max(range(len(last)), key=last.__getitem__)]

    @property
    def gone(self) -> tuple[str, ...]:
        """Strategies whose final share is below 1%."""
        return tuple(p for p, s in zip(self.players, self.trajectory[-1], strict=True) if s < GONE)

    def as_dict(self) -> dict:
        return {"players": list(self.players),
                "trajectory": [list(row) for row in self.trajectory]}


def evolve(result: TournamentResult, *, initial: Mapping[str, float] | None = None,
           generations: int = 100, step: float = 0.1) -> EvolutionResult:
    """Replicator dynamics over the payoff matrix of a tournament with self-play.

    ``initial`` maps player labels to starting shares (normalised to sum 1;
    default: equal shares). Labels missing from ``initial`` start at 0 and stay
    at 0: the replicator equation creates no new strategies.
    """
    if not isinstance(result, TournamentResult) or not result.self_play:
        raise ArgumentError("result", result, msg("cooperation.expect.tournament"))
    generations = validation.whole("generations", generations, 1, MAX_GENERATIONS)
    step = validation.number("step", step, 0.001, 1.0)
    shares = _initial(result.players, initial)

    matrix = np.array(result.payoff_matrix)
    out = np.empty((generations + 1, len(shares)))
    out[0] = shares
    x = shares
    for g in range(1, generations + 1):
        fitness = matrix @ x
        x = np.clip(x + step * x * (fitness - x @ fitness), 0.0, None)
        x /= x.sum()
        out[g] = x
    return EvolutionResult(result.players, result.names, tuple(map(tuple, out.tolist())))


def _initial(players: tuple[str, ...], initial) -> np.ndarray:
    if initial is None:
        return np.full(len(players), 1.0 / len(players))
    problem = msg("cooperation.expect.shares", ids=", ".join(players))
    if not isinstance(initial, Mapping):
        raise ArgumentError("initial", initial, problem)
    for key, value in initial.items():
        if key not in players:
            raise ArgumentError("initial", key, problem)
        validation.number(f"initial['{key}']", value, 0.0, 1e9)
    shares = np.array([float(initial.get(p, 0.0)) for p in players])
    if shares.sum() <= 0:
        raise ArgumentError("initial", dict(initial), problem)
    return shares / shares.sum()

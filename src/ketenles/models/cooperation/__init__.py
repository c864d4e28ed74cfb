"""Cooperation between chain partners as an iterated prisoner's dilemma.

Two organisations in a chain meet round after round. Each round both choose:
cooperate (C, *meewerken*) or serve their own interest (D, *eigen belang*).
Payoffs per round (defaults, Axelrod 1984): both cooperate R = 3 each; both
defect P = 1 each; a defector against a cooperator gets T = 5, the cooperator
S = 0. Serving your own interest pays in one round, yet partners who keep
cooperating earn the most over time: the tension the seminar *Ketensamenwerking
is mensenwerk* is about.

The seminar's themes are model parameters (see
:mod:`ketenles.models.cooperation.conditions` for each mapping): patience and the
shadow of the future (``rounds``, ``continuation``), misunderstanding
(``noise``), informal contact (``informal_contact``), contracts and monitoring
(``sanction``, ``monitoring``) and pressure from power (``power``).

Public API (all results are frozen dataclasses of plain Python values):

- :func:`play_match` -> :class:`MatchResult`: per-turn moves and scores, mean
  score per round per player, cooperation rates;
- :func:`tournament` -> :class:`TournamentResult`: round robin, ranking,
  payoff matrix;
- :func:`evolve` -> :class:`EvolutionResult`: replicator dynamics over a
  tournament's payoff matrix;
- :func:`explain` and :func:`explain_conditions`: Dutch explanations;
- :func:`strategy`, :func:`all_strategies`, ``STRATEGY_IDS``,
  ``SHARED_WITH_AXELROD``: the strategies with Dutch names and explanations.

The strategies without noise reproduce the `axelrod` package turn by turn
(tests/data/axelrod_reference.json, made by benchmarks/axelrod_reference.py).

>>> r = tournament(["tit_for_tat", "grim_trigger", "defector"], rounds=200, seed=1)
>>> r.ranking[0]
'tit_for_tat'
"""

from ketenles.models.cooperation.conditions import Conditions
from ketenles.models.cooperation.evolution import EvolutionResult, evolve
from ketenles.models.cooperation.explain import explain, explain_conditions
from ketenles.models.cooperation.game import Game, Round
from ketenles.models.cooperation.match import MatchResult, play_match
from ketenles.models.cooperation.strategies import (
    AXELROD_NAMES,
    SHARED_WITH_AXELROD,
    STRATEGY_IDS,
    Strategy,
    all_strategies,
    strategy,
)
from ketenles.models.cooperation.tournament import TournamentResult, tournament

__all__ = [
    "AXELROD_NAMES",
    "SHARED_WITH_AXELROD",
    "STRATEGY_IDS",
    "Conditions",
    "EvolutionResult",
    "Game",
    "MatchResult",
    "Round",
    "Strategy",
    "TournamentResult",
    "all_strategies",
    "evolve",
    "explain",
    "explain_conditions",
    "play_match",
    "strategy",
    "tournament",
]

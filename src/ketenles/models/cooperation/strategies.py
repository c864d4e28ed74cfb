"""Strategies of chain partners as vectorised decision rules.

A strategy decides for many games at once: it gets numpy arrays with one entry
per game (a *row*) and returns, per row, the probability that it cooperates in
the next round. ``True``/``False`` arrays are probabilities 1/0, so
deterministic and stochastic rules share one interface:

- ``first(n)``: the probability of cooperating in round 1;
- ``start(n)``: fresh per-row memory (``None`` if the rule needs none);
- ``respond(state, own, other)``: after each round, with the remembered moves
  of that round (``True`` = cooperate), the probability for the next round.

Moves are the *remembered* ones: the moves actually played, except that a
misunderstanding cleared up by informal contact is remembered as intended
(see :mod:`ketenles.models.cooperation.conditions`).

>>> strategy("generous_tit_for_tat").param("forgiveness")
0.3333333333333333
>>> strategy("trust", threshold=0.6).label
'trust(threshold=0.6)'
>>> strategy("tit_for_tat").name
'Leer om leer (tit for tat)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.cooperation import validation


@dataclass(frozen=True)
class Strategy:
    """A strategy with its settings; build one with :func:`strategy`."""

    id: str
    params: tuple[tuple[str, float], ...] = field(default=())

    # Filled in per subclass.
    stochastic: ClassVar[bool] = False
    defaults: ClassVar[dict[str, float]] = {}

    def __post_init__(self):
        # A dict for the per-round lookups in the rules; not a dataclass field.
        object.__setattr__(self, "_values", dict(self.params))

    def param(self, key: str) -> float:
        return self._values[key]

    @property
    def label(self) -> str:
        """A short unique identifier: the id, plus settings that differ from the default."""
        changed = [(k, v) for k, v in self.params if v != self.defaults[k]]
        if not changed:
            return self.id
        return f"{self.id}({', '.join(f'{k}={v:g}' for k, v in changed)})"

    @property
    def name(self) -> str:
        """The Dutch display name, with changed settings appended."""
        base = msg(f"cooperation.strategies.{self.id}.name")
        changed = [(k, v) for k, v in self.params if v != self.defaults[k]]
        if not changed:
            return base
        return f"{base} ({', '.join(f'{k}={format_number(v)}' for k, v in changed)})"

    @property
    def explanation(self) -> str:
        return msg(f"cooperation.strategies.{self.id}.explanation")

    @property
    def nice(self) -> bool:
        """Never the first to defect (Axelrod's 'nice').

        Decided by playing, not by id: against a partner who always cooperates,
        and without noise, a nice strategy cooperates with certainty in every
        round. So ``trust`` with a threshold above 1/2, which opens with a
        defection, is not nice, and neither is Random unless ``p`` is 1.
        """
        partner = np.ones(1, dtype=bool)
        if not np.all(np.asarray(self.first(1)) == 1):
            return False
        state, own = self.start(1), np.ones(1, dtype=bool)
        return all(np.all(np.asarray(self.respond(state, own, partner)) == 1)
                   for _ in range(_NICE_PROBE_ROUNDS))

    # The vectorised rule -------------------------------------------------
    def first(self, n: int):
        return True

    def start(self, n: int):
        return None

    def respond(self, state, own: np.ndarray, other: np.ndarray):
        raise NotImplementedError


class Cooperator(Strategy):
    def respond(self, state, own, other):
        return True


class Defector(Strategy):
    def first(self, n):
        return False

    def respond(self, state, own, other):
        return False


class TitForTat(Strategy):
    def respond(self, state, own, other):
        return other


class GenerousTitForTat(Strategy):
    # Nowak & Sigmund (1992); axelrod's GTFT uses the same default:
    # min(1 - (T-R)/(R-S), (R-P)/(T-P)) = 1/3 for T, R, P, S = 5, 3, 1, 0.
    stochastic = True
    defaults = {"forgiveness": 1 / 3}

    def respond(self, state, own, other):
        forgiveness = self._values["forgiveness"]
        return other + forgiveness * ~other


class WinStayLoseShift(Strategy):
    # Win (R or T) = partner cooperated: keep the move; lose: switch. That is the
    # same as "cooperate when both made the same move last round".
    def respond(self, state, own, other):
        return own == other


class GrimTrigger(Strategy):
    # axelrod's Grudger: it looks at the partner's defections only, so its own
    # accidental defection does not lock it into defecting.
    def start(self, n):
        return np.zeros(n, dtype=bool)

    def respond(self, state, own, other):
        state |= ~other
        return ~state


class Random(Strategy):
    stochastic = True
    defaults = {"p": 0.5}

    def first(self, n):
        return self.param("p")

    def respond(self, state, own, other):
        return self._values["p"]


class Trust(Strategy):
    """Beta reputation (Josang & Ismail 2002).

    After r cooperations and s defections of the partner, the expected trust is
    (r + 1) / (r + s + 2); the strategy cooperates while that is at least
    ``threshold``. With no experience trust is 1/2, so with the default
    threshold 0.5 it opens by cooperating, and it cooperates exactly while the
    partner cooperated at least as often as it defected. Unlike tit for tat it
    forgives a single defection of a long-time good partner, and unlike grim
    trigger it can win back trust. ``forgetting`` is the beta reputation
    forgetting factor: each round old experience is weighted by it (1 = never
    forget), so recent behaviour counts more.
    """

    defaults = {"threshold": 0.5, "forgetting": 1.0}

    def first(self, n):
        return self.param("threshold") <= 0.5

    def start(self, n):
        return np.zeros((2, n))

    def respond(self, state, own, other):
        keep = self.param("forgetting")
        if keep != 1.0:
            state *= keep
        state[0] += other
        state[1] += ~other
        r, s = state
        return (r + 1) / (r + s + 2) >= self.param("threshold")


_CLASSES: dict[str, type[Strategy]] = {
    "cooperator": Cooperator,
    "defector": Defector,
    "tit_for_tat": TitForTat,
    "generous_tit_for_tat": GenerousTitForTat,
    "win_stay_lose_shift": WinStayLoseShift,
    "grim_trigger": GrimTrigger,
    "random": Random,
    "trust": Trust,
}
STRATEGY_IDS = tuple(_CLASSES)

# Our id -> axelrod class name, for the strategies both packages have.
AXELROD_NAMES = {
    "cooperator": "Cooperator",
    "defector": "Defector",
    "tit_for_tat": "TitForTat",
    "generous_tit_for_tat": "GTFT",
    "win_stay_lose_shift": "WinStayLoseShift",
    "grim_trigger": "Grudger",
    "random": "Random",
}
SHARED_WITH_AXELROD = tuple(AXELROD_NAMES)

# Rounds against an unconditional cooperator that decide niceness; every rule here
# settles within a few rounds, the margin is for rules with memory.
_NICE_PROBE_ROUNDS = 50

# Allowed range of each setting.
_RANGES = {"forgiveness": (0.0, 1.0), "p": (0.0, 1.0), "threshold": (0.0, 1.0),
           "forgetting": (0.01, 1.0)}


def strategy(strategy_id: object, **params) -> Strategy:
    """The strategy ``strategy_id`` with optional settings.

    Settings: ``generous_tit_for_tat``: ``forgiveness`` (chance to answer a
    defection with cooperation, default 1/3); ``random``: ``p`` (chance to
    cooperate, 0.5); ``trust``: ``threshold`` (0.5) and ``forgetting`` (1.0).
    A Strategy passed in is returned unchanged.
    """
    if isinstance(strategy_id, Strategy) and not params:
        return strategy_id
    if not isinstance(strategy_id, str) or strategy_id not in _CLASSES:
        raise ArgumentError("strategy", strategy_id,
                            msg("cooperation.expect.strategy", ids=", ".join(STRATEGY_IDS)))
    cls = _CLASSES[strategy_id]
    for key, value in params.items():
        if key not in cls.defaults:
            allowed = (msg("cooperation.expect.param", id=strategy_id,
                           params=", ".join(cls.defaults))
                       if cls.defaults else msg("cooperation.expect.no_params", id=strategy_id))
            raise ArgumentError(key, value, allowed)
        low, high = _RANGES[key]
        params[key] = validation.number(key, value, low, high)
    merged = {**cls.defaults, **params}
    return cls(strategy_id, tuple(merged.items()))


def all_strategies() -> tuple[Strategy, ...]:
    """Every strategy with its default settings, in catalogue order."""
    return tuple(strategy(sid) for sid in STRATEGY_IDS)


def check_strategies(argument: str, values: object) -> tuple[Strategy, ...]:
    """A list of at least two distinct strategies (ids or Strategy objects)."""
    if isinstance(values, (str, Strategy)) or not hasattr(values, "__iter__"):
        raise ArgumentError(argument, values, msg("cooperation.expect.strategy_list"))
    found = tuple(strategy(v) for v in values)
    if len(found) < 2:
        raise ArgumentError(argument, values, msg("cooperation.expect.strategy_list"))
    labels = [s.label for s in found]
    for label in labels:
        if labels.count(label) > 1:
            raise ArgumentError(argument, values, msg("cooperation.expect.duplicate", label=label))
    return found

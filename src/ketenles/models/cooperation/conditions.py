"""The circumstances of a game between chain partners, mirroring the seminar.

Each field of :class:`Conditions` turns one theme of the seminar
*Ketensamenwerking is mensenwerk* into a model parameter:

``rounds`` / ``continuation`` -- patience and the shadow of the future
    Froger asked for people with *geduld*. With a fixed ``rounds`` every game
    lasts that many rounds (Axelrod: 200). With ``continuation`` = w another
    round follows with probability w, so a game lasts a random number of rounds
    (geometric, mean 1 / (1 - w)); ``rounds`` is then not used. This is
    axelrod's ``prob_end`` = 1 - w. Tit for tat is stable when
    w >= max((T-R)/(T-P), (T-R)/(R-S)), 2/3 for the default payoffs.
``noise`` -- misunderstanding
    The probability that an intended move comes across as the opposite move,
    for each player in each round independently (axelrod's ``noise``).
``informal_contact`` -- informal contacts (Froger: *informele contacten*)
    The probability that a misunderstanding is talked through. The flipped
    move is still played and scored, but both partners *remember* the intended
    move, so reciprocating strategies do not retaliate against an accident.
    Informal contact therefore repairs the relationship, not the damage of
    the round itself. With 0 the model is exactly axelrod's noise model.
``sanction`` and ``monitoring`` -- contracts and monitoring (Winters: trust or
    black on white?; Groothedde: no contract beats commitment)
    Every actual defection (also an accidental one: a monitor cannot see
    intent) is detected with probability ``monitoring``; a detected defection
    costs the defector ``sanction`` points. Strategies do not react to it: a
    contract changes which strategies pay off, not how they think.
``power`` -- pressure from power (Groothedde's third factor)
    The stronger partner, always the *first* player of a match, earns
    T + ``power`` instead of T when it defects against a cooperating partner.
    Other payoffs are unchanged. In a tournament with power every pair plays in
    both orders, so each strategy is the stronger partner half of the time.
``temptation``, ``reward``, ``punishment``, ``sucker`` -- the payoffs T, R, P, S
    Defaults 5, 3, 1, 0; they must satisfy T > R > P > S.

>>> Conditions(noise=0.05).noise
0.05
>>> round(Conditions(continuation=0.9).expected_rounds, 6)
10.0
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.cooperation import validation

MAX_ROUNDS = 10_000
# Above 0.99 the mean game lasts more than 100 rounds and the longest of many
# sampled games gets too long to simulate in a lesson.
MAX_CONTINUATION = 0.99
MAX_POINTS = 100.0


@dataclass(frozen=True)
class Conditions:
    """The settings of every match in a simulation; see the module docstring."""

    rounds: int = 200
    continuation: float | None = None
    noise: float = 0.0
    informal_contact: float = 0.0
    sanction: float = 0.0
    monitoring: float = 1.0
    power: float = 0.0
    temptation: float = 5.0
    reward: float = 3.0
    punishment: float = 1.0
    sucker: float = 0.0

    def __post_init__(self):
        fix = object.__setattr__  # frozen: normalise the values once, here
        fix(self, "rounds", validation.whole("rounds", self.rounds, 1, MAX_ROUNDS))
        if self.continuation is not None:
            value = self.continuation
            if (not validation.is_real(value) or not 0 <= value <= MAX_CONTINUATION):
                raise ArgumentError("continuation", value, msg(
                    "cooperation.expect.continuation", max=format_number(MAX_CONTINUATION)))
            fix(self, "continuation", float(value))
        for name in ("noise", "informal_contact", "monitoring"):
            fix(self, name, validation.probability(name, getattr(self, name)))
        for name in ("sanction", "power"):
            fix(self, name, validation.number(name, getattr(self, name), 0.0, MAX_POINTS))
        for name in ("temptation", "reward", "punishment", "sucker"):
            fix(self, name, validation.number(name, getattr(self, name), -MAX_POINTS, MAX_POINTS))
        if not self.temptation > self.reward > self.punishment > self.sucker:
            raise ArgumentError("temptation, reward, punishment, sucker", self.payoffs,
                                msg("cooperation.expect.payoffs"))

    @property
    def payoffs(self) -> tuple[float, float, float, float]:
        """(T, R, P, S)."""
        return (self.temptation, self.reward, self.punishment, self.sucker)

    @property
    def expected_rounds(self) -> float:
        """The mean length of a game."""
        if self.continuation is None:
            return float(self.rounds)
        return 1.0 / (1.0 - self.continuation)

    @property
    def score_bounds(self) -> tuple[float, float]:
        """The lowest and the highest score one player can get in one round.

        The lowest: S (cooperating against a defector) or P minus the fine
        (both defect, and the monitor may see it); the highest: T plus the
        power bonus of the stronger partner. Charts use these as a fixed scale.

        >>> Conditions().score_bounds
        (0.0, 5.0)
        >>> Conditions(sanction=2, power=1.5).score_bounds
        (-1.0, 6.5)
        """
        fine = self.sanction if self.monitoring > 0 else 0.0
        return (min(self.sucker, self.punishment - fine), self.temptation + self.power)

    @property
    def is_plain(self) -> bool:
        """True for Axelrod's game: no noise, contract or power."""
        return self.noise == 0 and (self.sanction == 0 or self.monitoring == 0) and self.power == 0

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


SETTINGS = tuple(f.name for f in fields(Conditions))


def make_conditions(conditions: object, settings: dict) -> Conditions:
    """Combine an optional Conditions object with keyword settings (these win)."""
    if conditions is not None and not isinstance(conditions, Conditions):
        raise ArgumentError("conditions", conditions, msg("cooperation.expect.conditions"))
    unknown = [name for name in settings if name not in SETTINGS]
    if unknown:
        raise ArgumentError(unknown[0], settings[unknown[0]],
                            msg("cooperation.expect.setting", names=", ".join(SETTINGS)))
    base = conditions.as_dict() if conditions is not None else {}
    return Conditions(**{**base, **settings})

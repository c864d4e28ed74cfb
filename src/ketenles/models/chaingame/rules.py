"""The rules of the class chain game: settings, options and one move.

A chain of 3 to 5 organisations from a real case file plays a number of rounds.
Each round every partner (a *link*) has ``CAPACITY`` units of effort and
decides how many to put into the chain's shared result (the rest serves its own
targets), and whether to pass on the data the next link needs. The chain
delivers what its weakest link delivers: the minimum-effort game of Van Huyck,
Battalio and Beil (1990), in which one weak link costs every partner. A link
that does not get the data of the link before it works at ``UNSHARED_FACTOR``
of its effort. The chain is a circle: the last link reports back to the first.

Points of link i in one round::

    (CAPACITY - effort_i)                 own targets
    - SHARE_COST if it shares             passing data on costs work
    + OUTPUT_PER_UNIT * weakest           its part of the chain's result
    (regie: the regisseur gets REGIE_SHARE times that part and pays REGIE_COST)
    - SANCTION if fined                   contract: a detected breach

The options, each tied to a lesson, are switched per game:

``noise`` (misunderstandings, lesson 03)
    With probability ``NOISE`` a link's effort comes across ``NOISE_DROP``
    units lower than intended.
``informal_contact`` (informal contact, lesson 03 / the seminar's Froger)
    Partners add a short message to their move, shown after the round; a
    misunderstanding is talked through with probability ``TALK``, so partners
    remember the intended effort (the damage of the round itself stays), as in
    :mod:`ketenles.models.cooperation.conditions`.
``regie`` (a partner with regie, Winters' dilemma, lessons 04 and 05)
    The first link is the regisseur: it sets a norm for the next round, which
    every partner sees; it gets a larger part of the chain's result and pays
    for the coordination.
``contract`` (contract with monitoring and sanction, lesson 03)
    A link whose effort comes across below ``CONTRACT_NORM`` or that does not
    share is caught with probability ``MONITORING`` and pays ``SANCTION``; the
    monitor sees what came across, not what was meant.

>>> setup = GameSetup(("UWV", "SVB", "Gemeenten"), rounds=4, seed=3)
>>> setup.size, setup.options.active
(3, ())
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field, fields

from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg

CAPACITY = 10
SHARE_COST = 1.0
UNSHARED_FACTOR = 0.5
OUTPUT_PER_UNIT = 2.0
NOISE = 0.15
NOISE_DROP = 4
TALK = 0.8
REGIE_SHARE = 1.5
REGIE_COST = 2.0
DEFAULT_NORM = 7
CONTRACT_NORM = 6
MONITORING = 0.8
SANCTION = 3.0
MIN_LINKS, MAX_LINKS = 3, 5
MAX_ROUNDS = 20
# The short messages of informal contact: a fixed list keeps a class game
# free of anything a lecturer would have to moderate.
MESSAGES = ("ready", "sorry", "thanks", "trouble", "together", "check")


class MoveError(KetenlesError):
    """A move the game refuses; ``key`` is its catalogue key (``chaingame.error.*``)."""

    def __init__(self, key: str, **values):
        self.key = key
        super().__init__(msg(f"chaingame.error.{key}", **values))


@dataclass(frozen=True)
class Options:
    """The options a lecturer switches per game (see the module docstring)."""

    noise: bool = False
    informal_contact: bool = False
    regie: bool = False
    contract: bool = False

    def __post_init__(self):
        for f in fields(self):
            if not isinstance(getattr(self, f.name), bool):
                raise ArgumentError(f.name, getattr(self, f.name), msg("chaingame.expect.flag"))

    @property
    def active(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    def as_dict(self) -> dict[str, bool]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_names(cls, names) -> Options:
        """Options from a list of names, e.g. ``["noise", "contract"]``."""
        known = {f.name for f in fields(cls)}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ArgumentError("options", unknown[0], msg("chaingame.expect.options", names=", ".join(sorted(known))))
        return cls(**{n: True for n in names})


OPTION_NAMES = tuple(f.name for f in fields(Options))


@dataclass(frozen=True)
class GameSetup:
    """One chain's game: the organisations (``roles``, in chain order), rounds, options, seed."""

    roles: tuple[str, ...]
    rounds: int = 8
    options: Options = field(default_factory=Options)
    seed: int = 0
    case_id: str = ""

    def __post_init__(self):
        roles = tuple(self.roles) if isinstance(self.roles, (list, tuple)) else self.roles
        if (not isinstance(roles, tuple) or not MIN_LINKS <= len(roles) <= MAX_LINKS
                or not all(isinstance(r, str) and r for r in roles)):
            raise ArgumentError("roles", self.roles, msg("chaingame.expect.roles", low=MIN_LINKS, high=MAX_LINKS))
        object.__setattr__(self, "roles", roles)
        if isinstance(self.rounds, bool) or not isinstance(self.rounds, numbers.Integral) \
                or not 1 <= self.rounds <= MAX_ROUNDS:
            raise ArgumentError("rounds", self.rounds, msg("chaingame.expect.rounds", high=MAX_ROUNDS))
        if not isinstance(self.options, Options):
            raise ArgumentError("options", self.options, msg("chaingame.expect.options", names=", ".join(OPTION_NAMES)))
        if isinstance(self.seed, bool) or not isinstance(self.seed, numbers.Integral) or self.seed < 0:
            raise ArgumentError("seed", self.seed, msg("chaingame.expect.seed"))

    @property
    def size(self) -> int:
        return len(self.roles)

    def as_dict(self) -> dict:
        return {"roles": list(self.roles), "rounds": self.rounds, "options": self.options.as_dict(),
                "seed": self.seed, "case_id": self.case_id}

    @classmethod
    def from_dict(cls, data: dict) -> GameSetup:
        return cls(tuple(data["roles"]), int(data["rounds"]), Options(**data["options"]), int(data["seed"]),
                   data.get("case_id", ""))


@dataclass(frozen=True)
class Move:
    """What one link intends this round; ``norm`` only for the regisseur, ``message`` only with informal contact."""

    effort: int
    share: bool
    norm: int | None = None
    message: str | None = None

    def as_dict(self) -> dict:
        return {"effort": self.effort, "share": self.share, "norm": self.norm, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict) -> Move:
        return cls(data["effort"], data["share"], data.get("norm"), data.get("message"))


def is_regisseur(setup: GameSetup, seat: int) -> bool:
    return setup.options.regie and seat == 0


def check_move(setup: GameSetup, seat: int, move: Move) -> Move:
    """The move if the game accepts it from ``seat``; otherwise a MoveError in Dutch."""
    effort = move.effort
    if isinstance(effort, bool) or not isinstance(effort, numbers.Integral) or not 0 <= effort <= CAPACITY:
        raise MoveError("effort", high=CAPACITY)
    if not isinstance(move.share, bool):
        raise MoveError("share")
    if move.norm is not None:
        if not is_regisseur(setup, seat):
            raise MoveError("norm_not_yours")
        if isinstance(move.norm, bool) or not isinstance(move.norm, numbers.Integral) \
                or not 0 <= move.norm <= CAPACITY:
            raise MoveError("norm", high=CAPACITY)
    if move.message is not None:
        if not setup.options.informal_contact:
            raise MoveError("message_off")
        if move.message not in MESSAGES:
            raise MoveError("message")
    return Move(int(effort), move.share, None if move.norm is None else int(move.norm), move.message)


def cooperation(effort: int, share: bool) -> float:
    """How cooperative a move is, 0..1: half effort, half sharing."""
    return 0.5 * effort / CAPACITY + 0.5 * float(share)

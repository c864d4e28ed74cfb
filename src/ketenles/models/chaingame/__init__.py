"""The class chain game: a chain of 3 to 5 organisations, played live by students or against computer partners.

- :mod:`~ketenles.models.chaingame.rules`: settings, options, moves and their checks;
- :mod:`~ketenles.models.chaingame.chain`: one chain round by round, and :func:`replay`;
- :mod:`~ketenles.models.chaingame.bots`: computer partners on the cooperation strategies;
- :mod:`~ketenles.models.chaingame.debrief`: cooperation per chain and class over the rounds,
  and what each option changed, from a saved game.
"""

from ketenles.models.chaingame.bots import bot_move
from ketenles.models.chaingame.chain import Chain, LinkResult, RoundResult, replay
from ketenles.models.chaingame.rules import (
    MESSAGES,
    OPTION_NAMES,
    GameSetup,
    Move,
    MoveError,
    Options,
    check_move,
    is_regisseur,
)

__all__ = [
    "MESSAGES",
    "OPTION_NAMES",
    "Chain",
    "GameSetup",
    "LinkResult",
    "Move",
    "MoveError",
    "Options",
    "RoundResult",
    "bot_move",
    "check_move",
    "is_regisseur",
    "replay",
]

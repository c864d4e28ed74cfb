"""Argument checks of the cooperation models and their widgets; each raises ArgumentError in Dutch.

One set of checks, so a value is refused with the same Dutch sentence whether a
lesson passes it to a model or to a widget.

>>> whole("rounds", 10, 1, 200), number("sanction", 2, 0, 5), flag("evolution", True)
(10, 2.0, True)
>>> probability("noise", 1.5)
Traceback (most recent call last):
...
ketenles.errors.ArgumentError: ...
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number


def is_real(value: object) -> bool:
    # bool is an int subclass, but True as a probability is a slip, not a number.
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def number(argument: str, value: object, low: float, high: float) -> float:
    """A finite real number in [low, high], returned as float."""
    if not is_real(value) or not math.isfinite(float(value)) or not low <= value <= high:
        raise ArgumentError(argument, value, msg("cooperation.expect.number",
                                                 low=format_number(low), high=format_number(high)))
    return float(value)


def probability(argument: str, value: object) -> float:
    if not is_real(value) or not math.isfinite(float(value)) or not 0 <= value <= 1:
        raise ArgumentError(argument, value, msg("cooperation.expect.probability"))
    return float(value)


def whole(argument: str, value: object, low: int, high: int) -> int:
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral)
            or not low <= value <= high):
        raise ArgumentError(argument, value, msg("cooperation.expect.whole", low=low, high=high))
    return int(value)


def flag(argument: str, value: object) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentError(argument, value, msg("cooperation.expect.flag"))
    return bool(value)


def generator(value: object) -> np.random.Generator:
    """A numpy Generator from ``None``, a seed >= 0 or a Generator (used as is)."""
    if isinstance(value, np.random.Generator):
        return value
    if value is None or (isinstance(value, numbers.Integral) and not isinstance(value, bool)
                         and value >= 0):
        return np.random.default_rng(value)
    raise ArgumentError("seed", value, msg("cooperation.expect.seed"))

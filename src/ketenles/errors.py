"""Errors that a student may see, each carrying a Dutch message from the catalogue."""

from __future__ import annotations

from ketenles.i18n import msg


class KetenlesError(ValueError):
    """Base class: the message says what is wrong and how to fix it.

    It subclasses ValueError so that code catching ValueError keeps working.
    """


class ArgumentError(KetenlesError, TypeError):
    """A public function got an argument of the wrong type or value."""

    def __init__(self, argument: str, got: object, allowed: str):
        self.argument = argument
        self.got = got
        self.allowed = allowed
        super().__init__(
            msg("errors.argument", argument=argument, got=_describe(got), allowed=allowed)
        )


def _describe(value: object) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def require_type(argument: str, value: object, expected: type | tuple[type, ...], allowed: str):
    """Raise ArgumentError unless ``value`` is an instance of ``expected``.

    ``bool`` is refused where a number is expected: ``True`` as a score is a slip.
    """
    wants_number = expected in (int, float) or (
        isinstance(expected, tuple) and set(expected) <= {int, float}
    )
    if isinstance(value, bool) and wants_number or not isinstance(value, expected):
        raise ArgumentError(argument, value, allowed)
    return value

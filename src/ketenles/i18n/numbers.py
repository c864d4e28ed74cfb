"""Numbers as the course language writes them: ``7,5`` and ``1.234,5`` in Dutch, ``7.5`` in English.

Every number a student sees (feedback, chart labels and their text alternatives,
widget readouts) goes through :func:`format_number` or :func:`format_percent`, and
every number a student types goes through :func:`parse_number`. Babel's CLDR data
decides the decimal sign and the grouping, so the course follows its language
setting (:func:`ketenles.i18n.get_language`) without a hand-written rule per place.

Machine-read numbers (the CSV grade export that nbgrader and lecturers' spreadsheets
parse, ids, file names) are deliberately *not* formatted here.

>>> from ketenles.i18n import set_language
>>> set_language("nl")
>>> format_number(1234.5), format_number(0.05, decimals=2), format_percent(0.25)
('1.234,5', '0,05', '25%')
>>> parse_number("7,5")
7.5
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation, localcontext

from babel import numbers as _babel

from ketenles.i18n import DEFAULT_LANGUAGE, get_language, msg

# Course language -> CLDR locale. en_GB rather than en_US: the course is European,
# and both write 1,234.5 (they differ in dates, not in numbers).
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
# Without a fixed number of decimals a value shows as many as it needs, up to this many:
# enough for every course value, few enough that 0.1 + 0.2 reads 0,3.
MAX_DECIMALS = 6
# Babel rounds in Decimal; the default 28 digits are too few for a float like 1e22 with
# six decimals (a student may type any number), so rounding gets room for every float.
_DIGITS = 400


def course_locale() -> str:
    """The CLDR locale of the current course language (``nl_NL`` for Dutch)."""
    return LOCALES.get(get_language(), LOCALES[DEFAULT_LANGUAGE])


def _pattern(decimals: int | None, suffix: str = "") -> str:
    if decimals is None:
        return "#,##0." + "#" * MAX_DECIMALS + suffix
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        # A programming slip in the course code, not something a student typed.
        raise ValueError(f"decimals must be a whole number >= 0 or None, got {decimals!r}")
    return "#,##0" + ("." + "0" * decimals if decimals else "") + suffix


def format_number(value: float, decimals: int | None = None, *, grouping: bool = True) -> str:
    """``value`` in the course language.

    ``decimals=None`` shows as many decimals as the value needs (at most
    :data:`MAX_DECIMALS`), an int shows exactly that many. ``grouping=False`` leaves out
    the thousands separator (for years and similar labels).

    >>> format_number(7.5), format_number(2.0), format_number(0.9, decimals=2)
    ('7,5', '2', '0,90')
    """
    pattern = _pattern(decimals)
    with localcontext() as context:
        context.prec = _DIGITS
        return _babel.format_decimal(value, format=pattern, locale=course_locale(), group_separator=grouping)


def format_percent(share: float, decimals: int = 0) -> str:
    """A share (``0.25``) as a percentage in the course language (``'25%'``).

    >>> format_percent(0.005, decimals=1)
    '0,5%'
    """
    pattern = _pattern(decimals, "%")
    with localcontext() as context:
        context.prec = _DIGITS
        return _babel.format_percent(share, format=pattern, locale=course_locale())


class NumberTextError(ValueError):
    """Text that is not a number; the message (from the catalogue) says how to write one.

    A ValueError rather than :class:`ketenles.errors.ArgumentError`: the catalogue layer
    sits below ``ketenles.errors`` and imports nothing above it (docs/architecture.md).
    ``ketenles.notebook.friendly_errors`` shows it as a short notice all the same.
    """

    def __init__(self, text: str):
        self.text = text
        super().__init__(msg("numbers.unreadable", got=text, example=format_number(7.5),
                             big=format_number(1234.5)))


def _plain_decimal(text: str) -> Decimal | None:
    """``2.5`` or ``-3`` written the way a calculator or Python writes it, else None.

    A Dutch student who types ``2.5`` means two and a half, not twenty-five: text with
    one point and no comma that is no valid Dutch grouping is read the international way.
    """
    if text.count(".") > 1 or "," in text:
        return None
    body = text.lstrip("+-").replace(".", "", 1)
    if not body.isdigit() or not body.isascii():
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the checks above leave only valid text
        return None


def parse_number(text: str) -> float:
    """The number in ``text`` as a student types it in the course language.

    Dutch: ``'7,5'``, ``'1.234,5'``, ``'1 234,5'``; also ``'2.5'``, since that cannot be
    a Dutch grouping. Raises :class:`NumberTextError` (Dutch message) for anything else.

    >>> parse_number("1.234,5"), parse_number(" 2.5 ")
    (1234.5, 2.5)
    """
    if not isinstance(text, str):
        raise NumberTextError(repr(text))
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace("\u2212", "-")  # the minus sign some keyboards and PDFs give
    try:
        number = _babel.parse_decimal(cleaned, locale=course_locale(), strict=True)
    except _babel.NumberFormatError:
        number = _plain_decimal(cleaned)
    if number is None or not number.is_finite():
        raise NumberTextError(text)
    value = float(number)
    if not math.isfinite(value):
        raise NumberTextError(text)
    return value

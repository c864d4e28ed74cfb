"""Read a text a student sees back as (catalogue key, values), so tests compare structure.

A test that compares a whole Dutch sentence breaks on every copy edit and says
nothing about the English edition. With :func:`parse` a test asserts *which*
message was shown and *with which values*::

    assert parse(narration.status(game)) == ("cooperation_widgets.game.status_next",
                                             {"number": "2", "rounds": "2"})

Values come back as the text that was put in (numbers as the student reads them,
e.g. ``"2,5"``). :func:`keys` does the same for a list of lines; :func:`contains`
says whether a longer text holds a given message (with or without values).
"""

from __future__ import annotations

import re
from functools import cache
from string import Formatter

from ketenles.i18n import catalogue, get_language


def _pattern(template: str, anchored: bool, known: dict[str, str] | None = None) -> re.Pattern:
    parts, seen = [], set()
    for literal, field, _spec, _conversion in Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if known and field in known:  # a value the caller gives is looked for as it is
            parts.append(re.escape(str(known[field])))
        elif field in seen:  # the same value twice: the second must equal the first
            parts.append(f"(?P={field})")
        else:
            seen.add(field)
            parts.append(f"(?P<{field}>.*?)")
    body = "".join(parts)
    return re.compile(f"^{body}$" if anchored else body, re.DOTALL)


@cache
def _patterns(language: str) -> list[tuple[str, re.Pattern, int]]:
    # Longest literal first: where two messages could both match, the more specific one wins.
    found = []
    for key, template in catalogue(language).items():
        literal = "".join(part[0] for part in Formatter().parse(template))
        found.append((key, _pattern(template, anchored=True), len(literal)))
    return sorted(found, key=lambda item: -item[2])


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue key that produced ``text`` and the values put into it, or None."""
    for key, pattern, _ in _patterns(get_language()):
        match = pattern.match(text)
        if match:
            return key, match.groupdict()
    return None


def keys(lines: list[str]) -> list[str | None]:
    """The catalogue key of each line (None for a line no message produced)."""
    return [found[0] if (found := parse(line)) else None for line in lines]


def contains(text: str, key: str, **values) -> bool:
    """Whether ``text`` holds message ``key`` (with these values, where given)."""
    template = catalogue(get_language())[key]
    return _pattern(template, anchored=False, known=values).search(text) is not None

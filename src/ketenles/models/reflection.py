"""Reflections: when a written answer counts as done, and one lesson's answers as Markdown.

A reflection counts as done once it has at least :data:`MIN_WORDS` words: enough
for a real sentence or two, so an empty box or "weet niet" does not tick it off.
This is the one place that minimum is defined.

>>> word_count("Ik  werk bij de gemeente,\\nin de zorg.")
8
>>> is_enough("Ik weet het niet")
False
>>> print(export_markdown("Les 3", [("Reflectie", "Welk contact?", "De wijkagent.")]))
# Mijn reflecties bij Les 3
<BLANKLINE>
## Reflectie
<BLANKLINE>
> Welk contact?
<BLANKLINE>
De wijkagent.
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

MIN_WORDS = 15
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(text: str) -> int:
    """The number of words in ``text`` (punctuation and extra spaces do not count)."""
    if not isinstance(text, str):
        raise ArgumentError("text", text, msg("progress.expect.text"))
    return len(_WORD.findall(text))


def is_enough(text: str) -> bool:
    """Whether ``text`` is long enough to count the reflection as done."""
    return word_count(text) >= MIN_WORDS


def status(text: str) -> str:
    """The Dutch line under the box: how many words, and whether it counts as done."""
    count = word_count(text)
    if count == 0:
        return msg("reflection.status.empty", min_words=MIN_WORDS)
    if count < MIN_WORDS:
        return msg("reflection.status.short", count=count, missing=MIN_WORDS - count, min_words=MIN_WORDS)
    return msg("reflection.status.enough", count=count)


def export_markdown(lesson_title: str, answers: Iterable[tuple[str, str, str]]) -> str:
    """One lesson's reflections as Markdown: per ``(heading, prompt, answer)`` a section.

    The prompt is quoted, so the student's own words stand apart from the question.
    """
    parts = [f"# {msg('reflection.export.title', lesson=lesson_title)}", ""]
    for heading, prompt, text in answers:
        parts += [f"## {heading}", ""]
        if prompt.strip():
            parts += ["\n".join(f"> {line}".rstrip() for line in prompt.strip().splitlines()), ""]
        parts += [text.strip() or f"*{msg('reflection.export.empty')}*", ""]
    return "\n".join(parts)

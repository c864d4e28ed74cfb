"""JupyterLab's own English interface strings, read from the installed JupyterLab.

Every translatable text in JupyterLab's code is written ``trans.__("...")``
(or ``_n``/``_p``); collecting those from the built JavaScript gives the
English originals. A label on screen that matches one of them, placeholders
and all, and none of the Dutch translations, was not translated. (The Dutch
check matters: "Kernel herstarten…" also matches the English "Kernel %1".)
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

SHARE = Path(sys.prefix) / "share" / "jupyter"
_CALL = re.compile(r"""\.(?:__|_n|_p)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')(?:\s*,\s*"((?:[^"\\]|\\.)*)")?""")
_PLACEHOLDER = re.compile(r"%\d")


def _unescape(text: str) -> str:
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1", "replace").decode("utf-8", "replace")


@lru_cache(maxsize=1)
def english_strings() -> tuple[re.Pattern, ...]:
    """One full-match pattern per English string (``%1`` matches anything)."""
    found = set()
    bundles = [*(SHARE / "lab" / "static").glob("*.js"), *(SHARE / "labextensions").rglob("static/*.js")]
    for path in bundles:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _CALL.finditer(text):
            first, second, plural = match.groups()
            raw = first if first is not None else second
            for candidate in (raw, plural):
                if candidate and ("\\" not in candidate or "\\n" in candidate):
                    found.add(candidate.replace("\\n", "\n"))
    patterns = []
    for text in found:
        text = text.strip()
        if len(text) < 2 or not re.search("[A-Za-z]{2}", text):
            continue
        patterns.append(_pattern(text))
    return tuple(patterns)


def _pattern(text: str) -> re.Pattern:
    return re.compile(".+?".join(re.escape(p) for p in _PLACEHOLDER.split(text.strip())), re.DOTALL)


@lru_cache(maxsize=1)
def dutch_strings() -> tuple[re.Pattern, ...]:
    """Patterns of every Dutch translation installed (the language pack merged with the course's)."""
    import json

    from ketenles.labsetup.ui_language import pack_messages_dir

    folder = pack_messages_dir("nl_NL")
    patterns = []
    for path in sorted(folder.glob("*.json")) if folder else []:
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            for text in (value if key and isinstance(value, list) else []):
                literal = _PLACEHOLDER.sub("", text)
                if len(re.findall("[A-Za-zë]", literal)) >= 2:
                    patterns.append(_pattern(text))
    return tuple(patterns)


def untranslated(labels, allowed=frozenset()) -> list[str]:
    """The labels that are still JupyterLab's English text."""
    english, dutch = english_strings(), dutch_strings()
    shown = {" ".join(label.split()) for label in labels if label and label.strip()}
    return sorted(label for label in shown - set(allowed)
                  if any(p.fullmatch(label) for p in english) and not any(p.fullmatch(label) for p in dutch))

"""The reading list page, from ``course/reading-list.yaml`` when the course has one.

The file is the course's one list of readings (the syllabus refers to it). This
reader accepts the shapes such a list naturally takes, so the page does not break
when the list grows: a mapping with ``required``/``optional`` lists (or the Dutch
``verplicht``/``optioneel``/``aanbevolen``), or a list of readings (top-level or
under ``readings``) that each say ``required: true/false`` or ``status: verplicht``.
A reading is a full citation in Markdown (``bron``, with ``onderdeel``: the part to
read, and ``paginas``: how many pages), or a plain citation string, or authors, year
and title with chapters, pages, the journal or publisher; any of them may name the
week and lesson it belongs to. Other top-level keys (the reading rate, other study
load) are not readings and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

REQUIRED_KEYS = ("required", "verplicht")
OPTIONAL_KEYS = ("optional", "optioneel", "aanbevolen", "recommended")
LIST_KEYS = ("readings", "items", "literatuur", "literature", "entries")
TITLE = "Literatuurlijst"


class ReadingListError(ValueError):
    """A reading list the site cannot render, with what is wrong."""


@dataclass(frozen=True)
class Reading:
    required: bool
    text: str  # the citation, as Markdown
    week: str = ""


def _first(entry: dict, *keys: str):
    for key in keys:
        value = entry.get(key)
        if value not in (None, "", []):
            return value
    return None


def _join(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>|])", r"\\\1", " ".join(str(text).split()))


def _required(entry: dict, default: bool | None) -> bool:
    for key in ("required", "verplicht"):
        if isinstance(entry.get(key), bool):
            return entry[key]
    status = str(_first(entry, "status", "type", "kind", "soort") or "").lower()
    if status in ("required", "verplicht"):
        return True
    if status in ("optional", "optioneel", "aanbevolen", "recommended"):
        return False
    if default is None:
        raise ReadingListError(f"reading {entry.get('title')!r} does not say whether it is required")
    return default


def _table_safe(markdown: str) -> str:
    """A citation the course wrote as Markdown, kept as Markdown, on one table row."""
    return " ".join(str(markdown).split()).replace("|", "\\|")


def _extent(entry: dict) -> str:
    """What to read and how much: the part (``onderdeel``) and the page count (``paginas``)."""
    parts = []
    part = _first(entry, "onderdeel", "part", "deel")
    if part:
        parts.append(f"Lezen: {_escape(part)}")
    count = _first(entry, "paginas", "pagina's", "page_count")
    if isinstance(count, int):
        estimated = " (geschat)" if entry.get("geschat") or entry.get("estimated") else ""
        parts.append(f"{count} pagina's{estimated}")
    return "; ".join(parts)


def _citation(entry: dict) -> str:
    citation = _first(entry, "bron", "citation", "reference")
    if citation:  # a full citation, already written as Markdown
        extent = _extent(entry)
        return _table_safe(citation) + (f" {extent}." if extent else "")
    title = _first(entry, "title", "titel")
    if not title:
        raise ReadingListError(f"a reading has no title: {entry!r}")
    authors = _first(entry, "authors", "author", "auteurs", "auteur", "who")
    year = _first(entry, "year", "jaar")
    parts = []
    if authors:
        parts.append(_escape(_join(authors)) + (f" ({year})" if year else ""))
    elif year:
        parts.append(f"({year})")
    title_md = f"*{_escape(title)}*"
    url = _first(entry, "url", "link")
    parts.append(f"[{title_md}]({url})" if url else title_md)
    where = _first(entry, "in", "journal", "tijdschrift", "source", "bron", "publisher", "uitgever")
    if where:
        parts.append(_escape(_join(where)))
    chapters = _first(entry, "chapters", "chapter", "hoofdstukken", "hoofdstuk")
    if chapters:
        many = isinstance(chapters, (list, tuple)) and len(chapters) > 1
        parts.append(f"{'hoofdstukken' if many else 'hoofdstuk'} {_escape(_join(chapters))}")
    pages = _first(entry, "pages", "pagina", "pp")
    if pages:
        parts.append(f"p. {_escape(_join(pages))}")
    text = ". ".join(p.rstrip(".") for p in parts) + "."
    extent = _extent(entry)
    if extent:
        text += f" {extent}."
    note = _first(entry, "note", "notes", "toelichting", "why", "waarom")
    if note:
        text += f" {_escape(note)}"
    return text


def _week(entry: dict) -> str:
    week = _first(entry, "week", "weeks", "meeting", "bijeenkomst")
    lesson = _first(entry, "les", "lesson", "lessons")
    parts = [f"week {_escape(_join(week))}" if week is not None else "",
             f"les {_escape(_join(lesson)).split('-')[0]}" if lesson is not None else ""]
    return ", ".join(p for p in parts if p)


def readings(data) -> list[Reading]:
    """The readings of a parsed reading-list file, required ones first."""
    groups: list[tuple[bool | None, list]] = []
    if isinstance(data, list):
        groups.append((None, data))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in REQUIRED_KEYS:
                groups.append((True, value))
            elif key in OPTIONAL_KEYS:
                groups.append((False, value))
            elif key in LIST_KEYS:
                groups.append((None, value))
    if not groups:
        raise ReadingListError("no readings found: expected 'required'/'optional' lists or a list of readings")
    result = []
    for default, entries in groups:
        if not isinstance(entries, list):
            raise ReadingListError("a group of readings must be a list")
        for entry in entries:
            if isinstance(entry, str) and default is not None:  # a citation on its own
                result.append(Reading(default, _table_safe(entry)))
                continue
            if not isinstance(entry, dict):
                raise ReadingListError(f"a reading must be a mapping or a citation, not {entry!r}")
            result.append(Reading(_required(entry, default), _citation(entry), _week(entry)))
    return sorted(result, key=lambda r: not r.required)


def page(path: Path) -> str:
    """The Markdown page of the reading list in ``path``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReadingListError(f"{path}: not valid YAML ({exc})") from None
    items = readings(data)
    lines = [f"# {TITLE}", "",
             "De literatuur van de cursus, met de hoofdstukken en pagina's die je leest. Het "
             "seminarverslag is de bron van de cursus; de overige teksten kiezen de cursusmakers "
             "zelf, om het seminar te toetsen en aan te vullen.", ""]
    for required, heading in ((True, "Verplicht"), (False, "Aanbevolen (niet verplicht)")):
        group = [r for r in items if r.required is required]
        if not group:
            continue
        lines += [f"## {heading}", ""]
        if any(r.week for r in group):
            lines += ["| week / les | tekst |", "| --- | --- |"]
            lines += [f"| {r.week or '—'} | {r.text} |" for r in group]
        else:
            lines += [f"- {r.text}" for r in group]
        lines.append("")
    return "\n".join(lines)

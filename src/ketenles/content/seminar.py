"""The seminar *Ketensamenwerking is mensenwerk* (1 December 2009) as data.

Structure comes from ``data/seminar.yaml``; every sentence comes from the message
catalogue, so the same objects serve a Dutch and an English edition.

>>> from ketenles import seminar
>>> [f.name for f in seminar.factors()][0]
'Een helder gezamenlijk doel'
>>> seminar.speaker("froger").name
'John Froger'
>>> seminar.claim("geen_recept").speaker_id   # the attendees together, not Helder
'aanwezigen'
>>> seminar.quote("froger.doorslaggevend").text
'Vertrouwen is hierbij doorslaggevend.'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache

from ketenles.content import DATA_DIR
from ketenles.errors import ArgumentError
from ketenles.i18n import load_data_yaml, msg

DATA_FILE = DATA_DIR / "seminar.yaml"


@dataclass(frozen=True)
class Claim:
    """One statement a speaker made, as the seminar report gives it."""

    id: str
    speaker_id: str

    @property
    def text(self) -> str:
        return msg(f"seminar.claims.{self.id}")


@dataclass(frozen=True)
class Speaker:
    """A source of statements in the report: a person, or the attendees together (``group``)."""

    id: str
    name: str
    claim_ids: tuple[str, ...]
    group: bool = False

    @property
    def role(self) -> str:
        return msg(f"seminar.speakers.{self.id}.role")

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(Claim(cid, self.id) for cid in self.claim_ids)


@dataclass(frozen=True)
class Quote:
    """A short exact quotation from the report, with who it belongs to and where it stands.

    ``source`` is a speaker id, or ``"verslag"`` for the report's own voice.
    ``cues`` are lower-case word stems that show a course sentence is about this statement.
    """

    id: str
    source: str
    section: str
    text: str
    claim: str | None = None
    cues: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # other speakers the statement is about
    # The report's own summary of a talk (e.g. of its thrust), not words the speaker used:
    # the course may say what the talk came down to, never quote it as the speaker's.
    summary: bool = False

    @property
    def section_title(self) -> str:
        return _data()["sections"][self.section]


REPORT_VOICE = "verslag"


@dataclass(frozen=True)
class Factor:
    """One of Groothedde's five success factors."""

    id: str
    number: int

    @property
    def name(self) -> str:
        return msg(f"seminar.factors.{self.id}.name")

    @property
    def short(self) -> str:
        """A label short enough for a chart axis."""
        return msg(f"seminar.factors.{self.id}.short")

    @property
    def explanation(self) -> str:
        return msg(f"seminar.factors.{self.id}.explanation")

    @property
    def advice(self) -> str:
        return msg(f"seminar.factors.{self.id}.advice")


@dataclass(frozen=True)
class Dilemma:
    """One of Winters' three dilemmas for the public manager in a network."""

    id: str

    @property
    def question(self) -> str:
        return msg(f"seminar.dilemmas.{self.id}.question")

    @property
    def left(self) -> str:
        return msg(f"seminar.dilemmas.{self.id}.left")

    @property
    def right(self) -> str:
        return msg(f"seminar.dilemmas.{self.id}.right")


@dataclass(frozen=True)
class OverarchingFactor:
    """A success factor the discussion ended with: initiative, trust, commitment."""

    id: str

    @property
    def name(self) -> str:
        return msg(f"seminar.overarching.{self.id}")


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_data_yaml(DATA_FILE.read_text(encoding="utf-8"))


def date() -> _dt.date:
    return _data()["event"]["date"]


def place() -> str:
    return _data()["event"]["place"]


def organisers() -> tuple[str, ...]:
    return tuple(_data()["event"]["organisers"])


def conclusion() -> str:
    """The seminar's main conclusion in one paragraph."""
    return " ".join(msg(f"seminar.conclusion.{cid}") for cid in _data()["conclusion"])


def speakers() -> tuple[Speaker, ...]:
    """Everyone the report gives a role or a statement, in the report's order.

    The last is the attendees together (``group=True``): the conclusions of the
    discussion are theirs, not those of Janet Helder, who led it.
    """
    return tuple(Speaker(s["id"], s["name"], tuple(s["claims"]), bool(s.get("group", False)))
                 for s in _data()["speakers"])


def people() -> tuple[Speaker, ...]:
    """The five persons named in the report (without the attendees as a group)."""
    return tuple(s for s in speakers() if not s.group)


def speaker(speaker_id: str) -> Speaker:
    for s in speakers():
        if s.id == speaker_id:
            return s
    raise ArgumentError("speaker_id", speaker_id, ", ".join(s.id for s in speakers()))


def claims() -> tuple[Claim, ...]:
    return tuple(c for s in speakers() for c in s.claims)


def claim(claim_id: str) -> Claim:
    for c in claims():
        if c.id == claim_id:
            return c
    raise ArgumentError("claim_id", claim_id, ", ".join(c.id for c in claims()))


def quotes() -> tuple[Quote, ...]:
    """The report's statements the course uses, as short exact quotations."""
    return tuple(Quote(q["id"], q["source"], q["section"], q["text"], q.get("claim"),
                       tuple(q.get("cues", ())), tuple(q.get("also", ())), bool(q.get("summary", False)))
                 for q in _data()["quotes"])


def quote(quote_id: str) -> Quote:
    for q in quotes():
        if q.id == quote_id:
            return q
    raise ArgumentError("quote_id", quote_id, ", ".join(q.id for q in quotes()))


def report_sha256() -> str:
    """The checksum of the report the quotations were taken from."""
    return _data()["event"]["report_sha256"]


def factors() -> tuple[Factor, ...]:
    return tuple(Factor(fid, i) for i, fid in enumerate(_data()["factors"], start=1))


def factor_ids() -> tuple[str, ...]:
    return tuple(_data()["factors"])


def factor(factor_id: str) -> Factor:
    for f in factors():
        if f.id == factor_id:
            return f
    raise ArgumentError("factor_id", factor_id, ", ".join(factor_ids()))


def dilemmas() -> tuple[Dilemma, ...]:
    return tuple(Dilemma(did) for did in _data()["dilemmas"])


def overarching_factors() -> tuple[OverarchingFactor, ...]:
    return tuple(OverarchingFactor(oid) for oid in _data()["overarching"])

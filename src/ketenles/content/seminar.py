"""The seminar *Ketensamenwerking is mensenwerk* (1 December 2009) as data.

Structure comes from ``data/seminar.yaml``; every sentence comes from the message
catalogue, so the same objects serve a Dutch and an English edition.

>>> from ketenles import seminar
>>> [f.name for f in seminar.factors()][0]
'Een helder gezamenlijk doel'
>>> seminar.speaker("froger").name
'John Froger'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache

from ketenles.content import DATA_DIR
from ketenles.errors import ArgumentError
from ketenles.i18n import msg

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
    id: str
    name: str
    claim_ids: tuple[str, ...]

    @property
    def role(self) -> str:
        return msg(f"seminar.speakers.{self.id}.role")

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(Claim(cid, self.id) for cid in self.claim_ids)


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
    import yaml

    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


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
    return tuple(Speaker(s["id"], s["name"], tuple(s["claims"])) for s in _data()["speakers"])


def speaker(speaker_id: str) -> Speaker:
    for s in speakers():
        if s.id == speaker_id:
            return s
    raise ArgumentError("speaker_id", speaker_id, ", ".join(s.id for s in speakers()))


def claims() -> tuple[Claim, ...]:
    return tuple(c for s in speakers() for c in s.claims)


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

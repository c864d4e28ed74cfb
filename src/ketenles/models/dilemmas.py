"""Winters' three dilemmas: place a chain between the poles and read what follows.

Each dilemma (see ``seminar.dilemmas()``) gets a position from -2 (fully the
left pole) to +2 (fully the right pole). Per dilemma the model names the
strength and the risk of that side, with links to the seminar and the
literature; over all three it gives one combined reading (for instance a chain
run by a lead organisation with little trust) and what to watch.

>>> reading = read_dilemmas({"regie_of_autonomie": -2, "eigen_of_gezamenlijk_belang": 2,
...                          "vertrouwen_of_vastleggen": 2})
>>> reading.combined.id
'lead_low_trust'
>>> reading.implications["regie_of_autonomie"].side
'left'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from ketenles.content.seminar import Dilemma, dilemmas
from ketenles.errors import ArgumentError
from ketenles.i18n import msg

MIN_POSITION, MAX_POSITION = -2, 2
PARTS = ("strength", "risk", "seminar", "literature")


def dilemma_ids() -> tuple[str, ...]:
    return tuple(d.id for d in dilemmas())


def _dilemma(dilemma_id: str) -> Dilemma:
    return next(d for d in dilemmas() if d.id == dilemma_id)


def side_of(position: int) -> str:
    return "left" if position < 0 else "right" if position > 0 else "middle"


@dataclass(frozen=True)
class Implication:
    """What one position on one dilemma implies; texts come from the catalogue."""

    dilemma_id: str
    position: int
    side: str

    @property
    def name(self) -> str:
        return msg(f"dilemmas.names.{self.dilemma_id}")

    @property
    def stance(self) -> str:
        d = _dilemma(self.dilemma_id)
        if self.side == "middle":
            return msg("dilemmas.stance.middle", left=d.left, right=d.right)
        pole = d.left if self.side == "left" else d.right
        return msg("dilemmas.stance.strong" if abs(self.position) == MAX_POSITION
                   else "dilemmas.stance.lean", pole=pole)

    @property
    def keys(self) -> dict[str, str]:
        """The catalogue key of each part, e.g. ``{'risk': 'dilemmas.<id>.left.risk', ...}``."""
        return {part: f"dilemmas.{self.dilemma_id}.{self.side}.{part}" for part in PARTS}

    @property
    def strength(self) -> str:
        return msg(self.keys["strength"])

    @property
    def risk(self) -> str:
        return msg(self.keys["risk"])

    @property
    def seminar(self) -> str:
        return msg(self.keys["seminar"])

    @property
    def literature(self) -> str:
        return msg(self.keys["literature"])

    def lines(self) -> tuple[str, ...]:
        """Labelled sentences, e.g. 'Sterk: ...', ready to show."""
        lines = [self.stance]
        if self.side != "middle" and abs(self.position) < MAX_POSITION:
            lines.append(msg("dilemmas.stance.lean_note"))
        lines += [msg(f"dilemmas.label.{part}", text=msg(self.keys[part])) for part in PARTS]
        return tuple(lines)


@dataclass(frozen=True)
class CombinedReading:
    """One reading of all three positions together, plus notes on tensions."""

    id: str
    note_ids: tuple[str, ...]
    mild: bool

    @property
    def title(self) -> str:
        return msg(f"dilemmas.combined.{self.id}.title")

    @property
    def text(self) -> str:
        return msg(f"dilemmas.combined.{self.id}.text")

    @property
    def watch(self) -> str:
        return msg(f"dilemmas.combined.{self.id}.watch")

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(msg(f"dilemmas.notes.{n}") for n in self.note_ids)

    def lines(self) -> tuple[str, ...]:
        lines = [self.title, self.text, msg("dilemmas.label.watch", text=self.watch)]
        if self.mild:
            lines.append(msg("dilemmas.combined.mild"))
        return (*lines, *self.notes)


@dataclass(frozen=True)
class DilemmaReading:
    positions: dict[str, int]
    implications: dict[str, Implication]
    combined: CombinedReading

    def summary(self) -> str:
        """All positions in words: the text alternative of the figure."""
        parts = []
        for did, position in self.positions.items():
            d = _dilemma(did)
            parts.append(msg("dilemmas.summary.position", name=msg(f"dilemmas.names.{did}"),
                             position=f"{position:+d}" if position else "0",
                             left=d.left, right=d.right,
                             stance=self.implications[did].stance))
        return " ".join([*parts, msg("dilemmas.summary.combined", title=self.combined.title)])

    def as_dict(self) -> dict:
        return {
            "positions": dict(self.positions),
            "implications": {did: {"side": imp.side, "keys": imp.keys}
                             for did, imp in self.implications.items()},
            "combined": {"id": self.combined.id, "notes": list(self.combined.note_ids),
                         "mild": self.combined.mild},
        }


def check_positions(positions: object, argument: str = "positions") -> dict[str, int]:
    """Validate ``{dilemma_id: -2..2}`` for all three dilemmas; return them in order."""
    ids = dilemma_ids()
    if not isinstance(positions, Mapping):
        raise ArgumentError(argument, positions, msg("dilemmas.expect.mapping", ids=", ".join(ids)))
    for key in positions:
        if key not in ids:
            close = difflib.get_close_matches(str(key), ids, n=1)
            hint = msg("dilemmas.expect.did_you_mean", name=close[0]) if close else ""
            raise ArgumentError(argument, key, msg("dilemmas.expect.dilemma", ids=", ".join(ids)) + hint)
    missing = [d for d in ids if d not in positions]
    if missing:
        raise ArgumentError(argument, dict(positions),
                            msg("dilemmas.expect.complete", missing=", ".join(missing)))
    clean = {}
    for did in ids:
        value = positions[did]
        if isinstance(value, bool) or not isinstance(value, int) \
                or not MIN_POSITION <= value <= MAX_POSITION:
            raise ArgumentError(f"{argument}['{did}']", value, msg("dilemmas.expect.position"))
        clean[did] = value
    return clean


def combined_reading(positions: Mapping[str, int]) -> CombinedReading:
    """The chain type that the three positions together suggest.

    Signs: regie < 0 means direction is handed to one party, > 0 autonomy kept;
    belang < 0 shared goal, > 0 own interest; vastleggen < 0 trust, > 0 in writing.
    """
    p = check_positions(positions)
    r, b, v = (p["regie_of_autonomie"], p["eigen_of_gezamenlijk_belang"],
               p["vertrouwen_of_vastleggen"])
    if [r, b, v].count(0) >= 2:
        kind = "balanced"
    elif r < 0 and b > 0:
        kind = "lead_low_trust" if v > 0 else "lead_without_goal"
    elif r < 0 and b < 0:
        kind = "lead_shared_goal"
    elif r > 0 and b > 0:
        kind = "loose_coalition"
    elif r > 0 and b < 0 and v < 0:
        kind = "shared_trust"
    elif r > 0 and b <= 0 and v > 0:
        kind = "covenant"
    else:
        kind = "mixed"
    notes = []
    if v < 0 and b > 0:
        notes.append("trust_without_goal")
    if r < 0 and v < 0:
        notes.append("regie_on_trust")
    if all(abs(x) == MAX_POSITION for x in (r, b, v)):
        notes.append("all_extreme")
    mild = kind not in ("balanced", "mixed") and all(abs(x) < MAX_POSITION for x in (r, b, v))
    return CombinedReading(kind, tuple(notes), mild)


def read_dilemmas(positions: Mapping[str, int]) -> DilemmaReading:
    """Implications per dilemma and the combined reading, for ``{dilemma_id: -2..2}``."""
    clean = check_positions(positions)
    implications = {did: Implication(did, pos, side_of(pos)) for did, pos in clean.items()}
    return DilemmaReading(clean, implications, combined_reading(clean))

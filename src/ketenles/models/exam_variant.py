"""Every student their own exam: which question, which option order and which case they get.

An exam drawn by ``scripts/build_exam.py`` holds, per numbered question ("slot"), a small
pool of bank questions; its case part holds one or more case templates whose varying facts
have alternatives. :func:`variant` chooses, for one student and one sitting, the pool item
of every slot, the order of every question's options, the case template and the
alternative of every varying fact. It is a pure function of the exam's seed, the exam's
name, the student id and the sitting, through HMAC-SHA256 (never Python's ``hash()``, which
changes per process), so the student's kernel, the grader and the lecturer's key command
all compute the same variant without storing it anywhere.

The plan (:class:`ExamPlan`) holds no answer: only ids, option counts and alternatives.
Options are the bank's own ids (``a``, ``b``, ...); a variant maps them to the letters the
student sees, and back (:meth:`Variant.bank_option`), so a key written in bank ids grades
every variant.

A resit (``sitting=2``) takes the next element of the same per-student ordering of pools
and cases: a case the student did not get in sitting 1 whenever there are two or more, and
another pool item wherever the pool has one.

>>> plan = ExamPlan.from_dict({"toets": "t", "seed": 1, "vakken": [["vraag_01", {"x": 3, "y": 4}]],
...                            "casussen": {}, "casusvakken": []})
>>> variant(plan, "anna") == variant(plan, "anna")
True
>>> v = variant(plan, "anna")
>>> v.bank_option(v.items["vraag_01"], v.letter(v.items["vraag_01"], "b"))
'b'
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field

LETTERS = "abcdefgh"


@dataclass(frozen=True)
class CasePlan:
    """One case template as the variant needs it: its questions' option counts and varying facts."""

    questions: tuple[tuple[str, int], ...]  # (bank question id, option count), in slot order
    facts: tuple[tuple[str, tuple[str, ...]], ...]  # (varying fact id, alternative ids)


@dataclass(frozen=True)
class ExamPlan:
    """The structure of one drawn exam, without texts or answers (it is released to students)."""

    exam: str
    seed: int
    sitting: int
    slots: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (slot, ((item id, option count), ...))
    cases: tuple[tuple[str, CasePlan], ...]
    case_slots: tuple[str, ...]  # the slots of the case part: slot k asks question k of the case
    multiple: frozenset[str] = frozenset()  # questions answered with a list of letters

    @classmethod
    def from_dict(cls, data: Mapping) -> ExamPlan:
        slots = tuple((str(slot), tuple((str(i), int(n)) for i, n in pool.items())) for slot, pool in data["vakken"])
        cases = tuple(
            (str(case_id), CasePlan(tuple((str(q), int(n)) for q, n in case["vragen"]),
                                    tuple((str(f), tuple(map(str, alts))) for f, alts in case["feiten"].items())))
            for case_id, case in data["casussen"].items())
        return cls(str(data["toets"]), int(data["seed"]), int(data.get("zitting", 1)), slots, cases,
                   tuple(map(str, data["casusvakken"])), frozenset(map(str, data.get("meer", []))))

    def to_dict(self) -> dict:
        return {"toets": self.exam, "seed": self.seed, "zitting": self.sitting,
                "vakken": [[slot, dict(pool)] for slot, pool in self.slots],
                "casussen": {case_id: {"vragen": [list(q) for q in case.questions],
                                       "feiten": {f: list(alts) for f, alts in case.facts}}
                             for case_id, case in self.cases},
                "casusvakken": list(self.case_slots), "meer": sorted(self.multiple)}

    def option_count(self, item: str) -> int:
        for _slot, pool in self.slots:
            for item_id, count in pool:
                if item_id == item:
                    return count
        for _case, case in self.cases:
            for item_id, count in case.questions:
                if item_id == item:
                    return count
        raise KeyError(item)

    @property
    def slot_ids(self) -> tuple[str, ...]:
        return tuple(slot for slot, _pool in self.slots) + self.case_slots


@dataclass(frozen=True)
class Variant:
    """What one student sees in one sitting."""

    student: str
    sitting: int
    items: dict[str, str]  # slot -> bank question id
    orders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # question id -> bank option ids as shown
    case: str | None = None
    facts: dict[str, str] = field(default_factory=dict)  # varying fact id -> alternative id

    def letter(self, item: str, option: str) -> str:
        """The letter under which the student sees the bank's option ``option`` of ``item``."""
        return LETTERS[self.orders[item].index(option)]

    def bank_option(self, item: str, letter: object) -> str | None:
        """The bank's option id behind the student's ``letter`` (None: no such letter)."""
        if not isinstance(letter, str):
            return None
        index = LETTERS.find(letter.strip().lower())
        order = self.orders[item]
        return order[index] if len(letter.strip()) == 1 and 0 <= index < len(order) else None

    def letters(self, item: str) -> list[str]:
        return list(LETTERS[: len(self.orders[item])])


def _number(plan: ExamPlan, student: str, *parts: object) -> int:
    """A stable 64-bit number for (exam, student, parts), keyed by the exam's seed."""
    message = "\x1f".join([plan.exam, student, *map(str, parts)]).encode("utf-8")
    digest = hmac.new(str(plan.seed).encode("ascii"), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")


def _ordered(plan: ExamPlan, student: str, things: list[str], *parts: object) -> list[str]:
    """``things`` in an order of their own for this student (a keyed sort: a stable shuffle)."""
    return sorted(things, key=lambda thing: (_number(plan, student, *parts, thing), thing))


def variant(plan: ExamPlan, student_id: str, sitting: int | None = None) -> Variant:
    """The variant of ``plan`` for ``student_id`` in ``sitting`` (default: the plan's sitting)."""
    student = str(student_id).strip()
    if not student:
        raise ValueError("a variant needs a student id")
    sitting = plan.sitting if sitting is None else int(sitting)
    if sitting < 1:
        raise ValueError("sittings count from 1")
    items: dict[str, str] = {}
    orders: dict[str, tuple[str, ...]] = {}
    for slot, pool in plan.slots:
        # The pool's order does not depend on the sitting: a resit takes the next item of it.
        ordered = _ordered(plan, student, [item for item, _n in pool], "vak", slot)
        items[slot] = ordered[(sitting - 1) % len(ordered)]
    case_id, facts = None, {}
    if plan.cases:
        ordered = _ordered(plan, student, [case for case, _c in plan.cases], "casus")
        case_id = ordered[(sitting - 1) % len(ordered)]
        case = dict(plan.cases)[case_id]
        for slot, (item, _n) in zip(plan.case_slots, case.questions, strict=False):
            items[slot] = item
        for fact, alternatives in case.facts:
            facts[fact] = _ordered(plan, student, list(alternatives), "feit", sitting, case_id, fact)[0]
    for item in items.values():
        options = list(LETTERS[: plan.option_count(item)])
        orders[item] = tuple(_ordered(plan, student, options, "opties", sitting, item))
    return Variant(student, sitting, items, orders, case_id, facts)

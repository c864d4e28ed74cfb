"""Answer checks for nbgrader test cells, with Dutch feedback that helps.

A failed check raises :class:`AnswerIncorrect`, an ``AssertionError`` (so nbgrader
counts the test as failed) that is also a :class:`~ketenles.errors.KetenlesError`
(so a notebook shows it as one readable sentence, not a traceback whose lines
could reveal a hidden test).

Messages say what is wrong and where to look, never the expected value.

>>> check_answered("antwoord", 3)
>>> check_type("antwoord", "drie", int)
Traceback (most recent call last):
...
ketenles.grading.checks.AnswerIncorrect: 'antwoord' moet een geheel getal zijn, maar is nu tekst (str).
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Iterator

from ketenles.errors import KetenlesError
from ketenles.i18n import msg
from ketenles.models import predictions

_TYPE_NAMES = {
    int: "integer", float: "float", str: "text", list: "list", tuple: "tuple", dict: "dict",
    bool: "bool", set: "set",
}


class AnswerIncorrect(KetenlesError, AssertionError):
    """An answer did not pass a check; the message is the student's feedback."""


def _fail(key: str, **values) -> None:
    raise AnswerIncorrect(msg(f"grading.{key}", **values))


def type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = [msg(f"grading.types.{_TYPE_NAMES.get(k, 'other')}") for k in kinds]
    return msg("grading.types.either").join(names)


def check_answered(name: str, value: object) -> None:
    """The answer is filled in: not ``None`` and not ``...``."""
    if value is None or value is Ellipsis:
        _fail("not_answered", name=name)


def check_type(name: str, value: object, kind: type | tuple[type, ...]) -> None:
    """The answer has the right kind of value (``True`` is not a number here)."""
    check_answered(name, value)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
        _fail("wrong_type", name=name, expected=type_name(kind),
              got=type_name(type(value)), got_type=type(value).__name__)


def check_in(name: str, value: object, allowed: Collection) -> None:
    """The answer is one of the allowed options (e.g. 'a', 'b' or 'c')."""
    check_answered(name, value)
    if value not in allowed:
        _fail("not_allowed", name=name, got=repr(value), allowed=", ".join(repr(a) for a in allowed))


def check_all_in(name: str, values: Iterable, allowed: Collection) -> None:
    """Every element of a list answer is one of the allowed options."""
    for value in values:
        if value not in allowed:
            _fail("element_not_allowed", name=name, got=repr(value),
                  allowed=", ".join(repr(a) for a in allowed))


def check_equal(name: str, value: object, expected: object, hint_key: str) -> None:
    """The answer equals the expected value; on failure show the hint, not the answer."""
    if value != expected:
        _fail("wrong", name=name, hint=msg(hint_key))


def check_same_items(name: str, values: Iterable, expected: Iterable, hint_key: str) -> None:
    """A list answer holds exactly the expected items, in any order."""
    got, want = list(values), list(expected)
    if sorted(map(repr, got)) == sorted(map(repr, want)):
        return
    if len(got) != len(want):
        _fail("wrong_count", name=name, got=len(got), hint=msg(hint_key))
    _fail("wrong", name=name, hint=msg(hint_key))


def check_close(name: str, value: float, expected: float, tolerance: float, hint_key: str) -> None:
    """A numeric answer lies within ``tolerance`` of the expected value."""
    check_type(name, value, (int, float))
    # The tiny margin keeps 2.9 within 0.1 of 3.0 despite binary rounding.
    if abs(value - expected) > tolerance + 1e-9:
        _fail("wrong", name=name, hint=msg(hint_key))


# The record text captured in the student's kernel (grading/sandbox/answers.py), set
# by the checker while it runs a test: there is no submission folder where it runs.
_captured_records: list[str | None] = []


@contextlib.contextmanager
def captured_record(text: str | None) -> Iterator[None]:
    """Let :func:`check_recorded` read ``text`` instead of the record file in the working folder."""
    _captured_records.append(text)
    try:
        yield
    finally:
        _captured_records.pop()


def _record_text() -> str | None:
    """The captured record (grading), else one kept in memory (nbgrader validate, a source), else the file."""
    if _captured_records:
        return _captured_records[-1]
    kept = predictions.remembered()
    return kept if kept is not None else predictions.read_text()


def check_recorded(name: str, value: object, expected: object, hint_key: str, *, item: str,
                   options: Collection[str]) -> None:
    """The *recorded* prediction of ``item`` equals ``expected`` (a list: the same items, any order).

    The value in the variable ``name`` is not graded: what the student recorded
    with ``leg_vast`` before seeing the simulation is. No record, a damaged
    record file or a recorded value outside ``options`` fails with the reason;
    when the variable differs from the record, the feedback says which counted.
    """
    recorded, problem = predictions.recorded_value(_record_text(), item, options)
    if problem:
        raise AnswerIncorrect(msg(f"predictions.grade.{problem}", item=item, file=predictions.RECORD_FILE,
                                  options=", ".join(repr(o) for o in options)))
    current = predictions.normalise(value)
    differs = msg("predictions.grade.differs", item=item, name=name, recorded=predictions.shown(recorded),
                  current=predictions.shown(current) if current is not None else repr(value)[:60])
    if recorded != predictions.normalise(list(expected) if isinstance(expected, (list, tuple)) else expected):
        wrong = msg("predictions.grade.wrong", item=item, name=name, recorded=predictions.shown(recorded),
                    hint=msg(hint_key))
        raise AnswerIncorrect(wrong if current == recorded else f"{wrong} {differs}")
    if current != recorded:
        print(differs)


# --- the final test: every student their own variant (issue 19) ---------------------------
#
# A key is written in the bank's own option ids, per pool item of the slot:
# {"item_a": "c", "item_b": ["a", "d"], "case_item": {"fact": {"alt1": "b", "alt2": "d"}}}.
# The checks map the student's letters back through the student's variant.


def _student_variant(name: str, sheet):
    """The variant of the student this notebook belongs to; a failed check when none can be told."""
    found = sheet.variant()
    if found is None:  # never grade against another student's variant
        raise AnswerIncorrect(msg("exam.no_student", name=name))
    return found


def _variant_key(key: dict, item: str, facts: dict) -> str | list[str]:
    want = key[item]
    if isinstance(want, dict):  # {fact id: {alternative id: option(s)}}
        ((fact, per_alternative),) = want.items()
        want = per_alternative[facts[fact]]
    return want


def check_variant_form(name: str, value: object, sheet) -> None:
    """The answer has the form this student's question asks for: one of their letters, or a list."""
    found = _student_variant(name, sheet)
    item = found.items[name]
    letters = found.letters(item)
    if item in sheet.plan.multiple:
        check_type(name, value, list)
        check_all_in(name, [v.strip().lower() if isinstance(v, str) else v for v in value], letters)
    else:
        check_type(name, value, str)
        check_in(name, value.strip().lower(), letters)


def variant_answer(sheet, slot: str, key: dict) -> str | list[str]:
    """The right letter(s) for the current student: for a lecturer's model solution only."""
    found = _student_variant(slot, sheet)
    item = found.items[slot]
    want = _variant_key(key, item, found.facts)
    if isinstance(want, list):
        return sorted(found.letter(item, option) for option in want)
    return found.letter(item, want)


def check_variant_choice(name: str, value: object, sheet, key: dict, hint_key: str) -> None:
    """The student's letter(s) name the keyed option(s) of the pool item their variant drew."""
    found = _student_variant(name, sheet)
    item = found.items[name]
    want = _variant_key(key, item, found.facts)
    if isinstance(want, list):
        chosen = [found.bank_option(item, v) for v in value] if isinstance(value, list | tuple) else [None]
        if len(chosen) != len(want):
            _fail("wrong_count", name=name, got=len(chosen), hint=msg(hint_key))
        if sorted(map(str, chosen)) != sorted(want):
            _fail("wrong", name=name, hint=msg(hint_key))
        return
    if found.bank_option(item, value) != want:
        _fail("wrong", name=name, hint=msg(hint_key))

"""Quizzes written in YAML, for lesson authors who prefer text over Python.

A quiz is a list of questions (or ``{vragen: [...]}``); each question has a
``type`` (``single_choice``, ``multiple_choice``, ``matching``, ``ordering``,
``numeric``, or the Dutch ``enkele_keuze``, ``meerkeuze``, ``koppelen``,
``volgorde``, ``getal``) and the same fields as the Python classes.

>>> quiz = parse_quiz('''
... - type: getal
...   id: suwi-berichten
...   prompt: Hoeveel miljoen gegevensuitwisselingen telde de Suwi-keten in 2012?
...   correct: 112
...   tolerance: 5
...   explanation: Het waren er ongeveer 112 miljoen.
... ''')
>>> quiz[0].check("110").correct
True
"""

from __future__ import annotations

import difflib
import inspect
import os
from collections.abc import Mapping
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.quiz import QUESTION_TYPES, Question

DUTCH_TYPES = {
    "enkele_keuze": "single_choice",
    "meerkeuze": "multiple_choice",
    "koppelen": "matching",
    "volgorde": "ordering",
    "getal": "numeric",
}


def question_from_dict(data: object, where: str = "vraag") -> Question:
    """One question from a mapping such as a YAML entry."""
    if not isinstance(data, Mapping):
        raise ArgumentError(where, data, msg("quiz.expect.question_mapping"))
    fields = dict(data)
    kind = fields.pop("type", None)
    kind = DUTCH_TYPES.get(kind, kind) if isinstance(kind, str) else kind
    if kind not in QUESTION_TYPES:
        names = ", ".join([*QUESTION_TYPES, *DUTCH_TYPES])
        raise ArgumentError(f"{where}.type", kind, msg("quiz.expect.type", names=names))
    cls = QUESTION_TYPES[kind]
    allowed = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    for name in fields:
        if name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = msg("quiz.expect.did_you_mean", name=close[0]) if close else ""
            raise ArgumentError(f"{where}.{name}", name,
                                msg("quiz.expect.fields", names=", ".join(allowed)) + hint)
    try:
        return cls(**fields)
    except ArgumentError as exc:
        # Say which question of the file it is, not only which field.
        raise ArgumentError(f"{where}.{exc.argument}", exc.got, exc.allowed) from None
    except TypeError as exc:  # a required field is missing
        missing = [p for p, spec in inspect.signature(cls.__init__).parameters.items()
                   if spec.default is inspect.Parameter.empty and p != "self" and p not in fields]
        raise ArgumentError(where, dict(data), msg("quiz.expect.required",
                                                   names=", ".join(missing))) from exc


def quiz_from_data(data: object) -> list[Question]:
    """Questions from parsed YAML: a list, ``{vragen: [...]}`` or one question."""
    if isinstance(data, Mapping) and "type" in data:
        data = [data]
    elif isinstance(data, Mapping) and len(data) == 1 and next(iter(data)) in ("vragen", "questions"):
        data = next(iter(data.values()))
    if not isinstance(data, list) or not data:
        raise ArgumentError("quiz", data, msg("quiz.expect.quiz"))
    questions = [question_from_dict(item, f"vraag {i}") for i, item in enumerate(data, start=1)]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise ArgumentError("id", q.id, msg("quiz.expect.unique_ids"))
        seen.add(q.id)
    return questions


def parse_quiz(text: str) -> list[Question]:
    """Questions from YAML text (for instance a string in a notebook cell)."""
    import yaml

    if not isinstance(text, str):
        raise ArgumentError("text", text, msg("quiz.expect.yaml_text"))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise ArgumentError("text", text, msg("quiz.expect.yaml_syntax", line=line)) from None
    return quiz_from_data(data)


def load_quiz(path: str | os.PathLike) -> list[Question]:
    """Questions from a YAML file."""
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError("path", path, msg("quiz.expect.path"))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        raise ArgumentError("path", path, msg("quiz.expect.path")) from None
    return parse_quiz(text)

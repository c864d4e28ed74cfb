"""Predictions recorded before their outcome is shown: the pure part of the prediction lock.

An assignment that asks a student to predict what a simulation will show is only
a test of understanding if the prediction is made *before* the simulation runs.
The student records each prediction with a timestamp in a small JSON file next
to the notebook (:data:`RECORD_FILE`); nbgrader submits and collects it with the
notebook. The first recorded value of an item wins: recording another value
later keeps the first. The simulation shows its outcome only once its item is
recorded (``ketenles.notebook.predictions``), and the hidden tests grade the
recorded value, not the variable (``ketenles.grading.checks.check_recorded``).

The file is the student's own: anyone can edit it by hand. Everything read from
it is therefore checked here (JSON, types, the item's options) and a problem is
reported as a catalogue key, never as an exception.

>>> text, outcome = record(None, "geduld", " A ", ["a", "b"], "2026-01-05T10:00:00+00:00")
>>> outcome
'recorded'
>>> record(text, "geduld", "b", ["a", "b"], "2026-01-05T10:05:00+00:00")[1]
'kept'
>>> recorded_value(text, "geduld", ["a", "b"])
('a', None)
>>> recorded_value(text, "ruis", ["a", "b"])
(None, 'not_recorded')
"""

from __future__ import annotations

import ast
import json
import os
import re
import tempfile
from collections.abc import Collection
from pathlib import Path

RECORD_FILE = ".voorspellingen.json"
FORMAT = "ketenles-voorspellingen/1"
MAX_RECORD_BYTES = 64_000  # a few dozen items; more is not a record this module wrote
ITEM_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")

# Problems, each a catalogue key under ``predictions.problems``.
EMPTY, WRONG_TYPE, NOT_AN_OPTION = "empty", "wrong_type", "not_an_option"
NO_FILE, TOO_LARGE, NOT_JSON, MALFORMED = "no_file", "too_large", "not_json", "malformed"
NOT_RECORDED, BAD_ENTRY = "not_recorded", "bad_entry"
# Outcomes of :func:`record`.
RECORDED, KEPT, SAME = "recorded", "kept", "same"

Value = str | tuple[str, ...]


class _TooLarge(str):
    """Marks record text that was cut off at :data:`MAX_RECORD_BYTES`."""


def normalise(value: object) -> Value | None:
    """Text trimmed and lower-case; a list of letters as a sorted tuple without repeats; else None."""
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(sorted({v.strip().lower() for v in value}))
    return None


def value_problem(value: object, options: Collection[str] | None = None) -> str | None:
    """Why ``value`` cannot be recorded (a problem key), or None when it can.

    None and empty text are no prediction; a list may be empty (a prediction
    that no item qualifies). Only text or a list of texts is a prediction.
    """
    if value is None or value is Ellipsis or (isinstance(value, str) and not value.strip()):
        return EMPTY
    if isinstance(value, bool):
        return WRONG_TYPE
    normal = normalise(value)
    if normal is None:
        return WRONG_TYPE
    if options is not None:
        allowed = {o.strip().lower() for o in options}
        letters = normal if isinstance(normal, tuple) else (normal,)
        if any(letter not in allowed for letter in letters):
            return NOT_AN_OPTION
    return None


def _entries(text: str | None) -> tuple[dict | None, str | None]:
    """The ``predictions`` mapping of a record text, or a problem key for the whole file."""
    if text is None:
        return None, NO_FILE
    if isinstance(text, _TooLarge) or len(text.encode("utf-8", "replace")) > MAX_RECORD_BYTES:
        return None, TOO_LARGE
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None, NOT_JSON
    if type(data) is not dict or data.get("format") != FORMAT or type(data.get("predictions")) is not dict:
        return None, MALFORMED
    return data["predictions"], None


def _entry_value(entry: object) -> Value | None:
    """The value of one recorded entry when it has exactly the shape :func:`record` writes."""
    if type(entry) is not dict or set(entry) != {"value", "recorded_at"} or type(entry["recorded_at"]) is not str:
        return None
    value = entry["value"]
    if type(value) is str:
        return value
    if type(value) is list and all(type(v) is str for v in value):
        return tuple(value)
    return None


def recorded_value(text: str | None, item: str, options: Collection[str]) -> tuple[Value | None, str | None]:
    """``(value, None)`` for a valid recorded prediction of ``item``, else ``(None, problem key)``.

    A file that is not a record fails every item; an entry that is damaged or
    holds a value outside ``options`` fails only its own item.
    """
    entries, problem = _entries(text)
    if problem:
        return None, problem
    if item not in entries:
        return None, NOT_RECORDED
    value = _entry_value(entries[item])
    if value is None or value_problem(list(value) if isinstance(value, tuple) else value, options):
        return None, BAD_ENTRY
    return normalise(list(value) if isinstance(value, tuple) else value), None


def entry(text: str | None, item: str) -> tuple[Value, str] | None:
    """``(value, recorded_at)`` of ``item`` as the file holds it, options unchecked; None if absent or damaged."""
    entries, problem = _entries(text)
    value = None if problem or item not in entries else _entry_value(entries[item])
    if value is None:
        return None
    return normalise(list(value) if isinstance(value, tuple) else value), entries[item]["recorded_at"]


def recorded_at(text: str | None, item: str) -> str | None:
    """When ``item`` was recorded (as written in the file), or None."""
    found = entry(text, item)
    return found[1] if found else None


def record(text: str | None, item: str, value: object, options: Collection[str] | None,
           now: str) -> tuple[str | None, str]:
    """Record ``value`` for ``item`` at time ``now``: ``(new text or None, outcome or problem key)``.

    The new text is None when nothing is to be written: the value cannot be
    recorded, the item already holds a value (the first one wins, outcome
    :data:`KEPT` or :data:`SAME`), or the existing file is not a readable record
    (it is never overwritten: that would erase earlier predictions).
    """
    if not isinstance(item, str) or not ITEM_ID.match(item):
        return None, MALFORMED
    problem = value_problem(value, options)
    if problem:
        return None, problem
    if text is None:
        entries: dict = {}
    else:
        entries, problem = _entries(text)
        if problem:
            return None, problem
    if item in entries:
        if _entry_value(entries[item]) is None:
            return None, BAD_ENTRY
        earlier = _entry_value(entries[item])
        same = normalise(list(earlier) if isinstance(earlier, tuple) else earlier) == normalise(value)
        return None, SAME if same else KEPT
    normal = normalise(value)
    stored = list(normal) if isinstance(normal, tuple) else normal
    entries = {**entries, item: {"value": stored, "recorded_at": now}}
    return json.dumps({"format": FORMAT, "predictions": entries}, ensure_ascii=False, indent=2) + "\n", RECORDED


def recorded_values(items: dict[str, str], folder: str | os.PathLike | None = None) -> dict[str, object]:
    """``{variable: recorded value or None}`` for ``{variable: item}``, as JSON-ready values (lists, not tuples)."""
    text = read_text(folder)
    found = {}
    for variable, item in items.items():
        hit = entry(text, item)
        value = hit[0] if hit else None
        found[variable] = list(value) if isinstance(value, tuple) else value
    return found


def locked_items(code: str, function: str = "leg_vast") -> list[str]:
    """Items a piece of notebook code records (``leg_vast("geduld", ...)``), in order; [] if it does not parse."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        name = getattr(node.func, "id", getattr(node.func, "attr", None)) if isinstance(node, ast.Call) else None
        if name == function and node.args and isinstance(node.args[0], ast.Constant):
            found += [node.args[0].value] if isinstance(node.args[0].value, str) else []
    return found


def shown(value: Value | None) -> str:
    """A recorded value as the student wrote it in Python: ``'a'`` or ``['b', 'c']``."""
    return repr(list(value)) if isinstance(value, tuple) else repr(value)


# --- the file --------------------------------------------------------------------


def record_path(folder: str | os.PathLike | None = None) -> Path:
    return Path(folder if folder is not None else Path.cwd()) / RECORD_FILE


def read_text(folder: str | os.PathLike | None = None) -> str | None:
    """The record file's text (at most :data:`MAX_RECORD_BYTES`, then marked too large), or None.

    A folder, a link or anything else that is not a readable regular file counts
    as no file; undecodable bytes become replacement characters (and then fail
    as JSON), so reading never raises.
    """
    path = record_path(folder)
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_RECORD_BYTES + 1)
    except OSError:
        return None
    text = data.decode("utf-8", "replace")
    return _TooLarge(text) if len(data) > MAX_RECORD_BYTES else text


# Records kept in this process instead of the file (per record path): what nbgrader
# validate or the lecturer's source notebook records must never reach a file that
# could be released to students or change a student's record.
_in_memory: dict[str, str] = {}


def remembered(folder: str | os.PathLike | None = None) -> str | None:
    """The record text this process keeps in memory for ``folder``, or None."""
    return _in_memory.get(str(record_path(folder).resolve()))


def remember(text: str, folder: str | os.PathLike | None = None) -> None:
    _in_memory[str(record_path(folder).resolve())] = text


def forget(folder: str | os.PathLike | None = None) -> None:
    _in_memory.pop(str(record_path(folder).resolve()), None)


def write_text(text: str, folder: str | os.PathLike | None = None) -> None:
    """Replace the record file in one step (a crash mid-write leaves the old file)."""
    path = record_path(folder)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".voorspellingen-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


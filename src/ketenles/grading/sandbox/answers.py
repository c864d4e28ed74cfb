"""Answers out of a student's kernel as plain data, and back into Python values.

During autograde the student's kernel never runs a test. Each test cell is
replaced by a *capture* cell that publishes the answer variables the test reads
(as they are at that point of the notebook) in one display output of type
:data:`CAPTURE_MIME`. The tests then run in a clean process
(:mod:`ketenles.grading.sandbox.checker`) on values rebuilt by :func:`decode`.

Everything a capture cell produces is the student's own doing (their code can
replace it), so :func:`decode` trusts nothing: it accepts only a small tagged
JSON format of plain values (None, bool, int, float, str, list, tuple, set,
dict and numpy numbers and arrays), with limits on size and nesting. Anything
else becomes an :class:`Unsupported` value, which fails a type check like any
other wrong type. No object with its own ``__eq__``, ``__repr__`` or
``__getattr__`` can reach a test.

A test that grades a recorded prediction (``checks.check_recorded``) also gets
the text of the submission's record file (:mod:`ketenles.models.predictions`),
read by the capture cell inside the sandbox and checked as untrusted text by
the record's parser.

>>> sorted(answer_names("checks.check_type('x', x, int)\\nassert len(y) == 2", {"checks"}))
['x', 'y']
>>> decode({"values": {"x": {"int": "4"}, "z": {"tuple": ["a", {"float": "0.5"}]}}, "missing": ["y"]})
({'x': 4, 'z': ('a', 0.5)}, ['y'])
"""

from __future__ import annotations

import ast
import builtins
import json
import re

CAPTURE_MIME = "application/vnd.ketenles.answers+json"
MAX_PAYLOAD_BYTES = 1_000_000  # one test cell's answers
MAX_DEPTH = 20
MAX_ITEMS = 100_000
MAX_ARRAY_BYTES = 50_000_000  # one decoded numpy array
MAX_ITEM_BYTES = 1024  # one element of a numpy array (a "U1000000000" dtype would be 4 GB an element)

_NUMPY_SCALARS = {
    "bool", "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "str_",
}
_NUMPY_KINDS = set("biufU")


class Unsupported:
    """Stands in for an answer of a type that cannot travel as plain data."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def unsupported_type(name: object) -> type:
    """A fresh class named like the student's type, so a check can say which type it got."""
    text = re.sub(r"[^A-Za-z0-9_]", "_", str(name))[:40] or "onbekend"
    if not text[0].isalpha():
        text = "T" + text
    return type(text, (Unsupported,), {})


def bound_names(source: str) -> set[str]:
    """Names a cell binds at top level (assignments, imports, defs, loop targets)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def answer_names(test_source: str, context: set[str]) -> list[str]:
    """The variables a test reads that the student provides.

    Every name the test loads, except the lecturer's context (names bound by the
    source notebook's setup cells) and Python's builtins. A name the test binds
    itself may be listed too; injecting the student's value first is harmless,
    because the test overwrites it before it reads it.
    """
    try:
        tree = ast.parse(test_source)
    except SyntaxError:
        return []
    loaded = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return sorted(loaded - context - set(dir(builtins)))


# The code the student's kernel runs in place of a test cell. It depends on
# nothing but the standard library and IPython, and only ever calls type() and
# the plain-data constructors on the student's objects (never their methods,
# except numpy's own .tolist()/.item() on genuine numpy types).
_CAPTURE = '''\
def _ketenles_capture(names, mime, record_file):
    from IPython.display import display
    scalars = {scalars!r}
    def enc(v, depth):
        t = type(v)
        if depth > {depth}:
            return {{"unsupported": "diep"}}
        if v is None or t is bool or t is str:
            return v
        if t is int:
            return {{"int": str(v)}}
        if t is float:
            return {{"float": repr(v)}}
        if t in (list, tuple, set, frozenset):
            return {{t.__name__: [enc(x, depth + 1) for x in list.__iter__(list(v))]}}
        if t is dict:
            return {{"dict": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in dict.items(v)]}}
        if getattr(t, "__module__", "") == "numpy" and t.__name__ in scalars:
            item = v.item() if t.__name__ != "str_" else str.__str__(v)
            return {{"numpy": t.__name__, "value": enc(item, depth + 1)}}
        if getattr(t, "__module__", "") == "numpy" and t.__name__ == "ndarray":
            return {{"ndarray": str(v.dtype), "items": enc(v.tolist(), depth + 1)}}
        return {{"unsupported": str(getattr(t, "__name__", "onbekend"))}}
    ns = globals()
    values, missing = {{}}, []
    for name in names:
        if name in ns:
            try:
                values[name] = enc(ns[name], 0)
            except Exception:
                values[name] = {{"unsupported": "onleesbaar"}}
        else:
            missing.append(name)
    payload = {{"values": values, "missing": missing}}
    if record_file is not None:
        try:
            with open(record_file, "rb") as handle:
                payload["record"] = handle.read({max_record} + 1).decode("utf-8", "replace")
        except OSError:
            payload["record"] = None
    display({{mime: payload}}, raw=True)
_ketenles_capture({names!r}, {mime!r}, {record_file!r})
del _ketenles_capture
'''


def reads_record(test_source: str) -> bool:
    """Whether a test grades a recorded prediction (calls ``check_recorded``), so needs the record file."""
    try:
        tree = ast.parse(test_source)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Attribute) and node.attr == "check_recorded"
               or isinstance(node, ast.Name) and node.id == "check_recorded" for node in ast.walk(tree))


def capture_source(names: list[str], record: bool = False) -> str:
    """The cell the student's kernel runs instead of a test: it only publishes ``names``.

    With ``record``, it also publishes the text of the prediction record file
    (:mod:`ketenles.models.predictions`) as it is in the submission's folder at
    that point, at most one byte over the size a record may have.
    """
    from ketenles.models.predictions import MAX_RECORD_BYTES, RECORD_FILE

    return _CAPTURE.format(scalars=sorted(_NUMPY_SCALARS), depth=MAX_DEPTH, names=list(names), mime=CAPTURE_MIME,
                           record_file=RECORD_FILE if record else None, max_record=MAX_RECORD_BYTES)


def captured(cell) -> dict | None:
    """The last capture payload among a cell's outputs, or None."""
    found = None
    for output in cell.get("outputs", []):
        if output.get("output_type") == "display_data" and CAPTURE_MIME in output.get("data", {}):
            found = output["data"][CAPTURE_MIME]
    return found


class _Budget:
    def __init__(self):
        self.items = 0

    def spend(self) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise ValueError("too many items")


def _decode_value(value, depth: int, budget: _Budget):
    budget.spend()
    if depth > MAX_DEPTH:
        raise ValueError("too deep")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is not dict or len(value) not in (1, 2):
        raise ValueError("not a tagged value")
    # The runner writes the executed notebook with sorted keys: find the tag by name, not by order.
    if len(value) == 2:
        if set(value) == {"numpy", "value"}:
            return _decode_numpy_scalar(value["numpy"], value["value"], depth, budget)
        if set(value) == {"ndarray", "items"}:
            return _decode_array(value["ndarray"], value["items"], depth, budget)
        raise ValueError("unknown tag")
    ((tag, body),) = value.items()
    if tag == "int" and type(body) is str:
        return int(body)  # Python refuses more than 4300 digits: that is fine
    if tag == "float" and type(body) is str:
        return float(body)
    if tag in ("list", "tuple", "set", "frozenset") and type(body) is list:
        items = [_decode_value(x, depth + 1, budget) for x in body]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict" and type(body) is list:
        pairs = []
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise ValueError("bad dict item")
            pairs.append((_decode_value(pair[0], depth + 1, budget), _decode_value(pair[1], depth + 1, budget)))
        return dict(pairs)
    if tag == "unsupported":
        return unsupported_type(body)()
    raise ValueError("unknown tag")


def _decode_numpy_scalar(name, body, depth: int, budget: _Budget):
    if type(name) is not str or name not in _NUMPY_SCALARS:
        raise ValueError("numpy type")
    import numpy

    return getattr(numpy, name)(_decode_value(body, depth + 1, budget))


def _decode_array(dtype_name, body, depth: int, budget: _Budget):
    if type(dtype_name) is not str or len(dtype_name) > 20:
        raise ValueError("array type")
    import numpy

    dtype = numpy.dtype(dtype_name)
    if dtype.kind not in _NUMPY_KINDS or dtype.itemsize > MAX_ITEM_BYTES:
        raise ValueError("array type")
    items = _decode_value(body, depth + 1, budget)
    if budget.items * dtype.itemsize > MAX_ARRAY_BYTES:
        raise ValueError("array too large")
    return numpy.array(items, dtype=dtype)


def decode_record(payload) -> tuple[bool, str | None]:
    """``(captured, text)``: whether a capture payload carries the record file, and its text (None: no file).

    Text longer than a record may be stays longer, so the record's parser
    reports it as too large.
    """
    if type(payload) is not dict or "record" not in payload:
        return False, None
    text = payload["record"]
    return True, text if type(text) is str else None


def decode(payload) -> tuple[dict, list[str]]:
    """``(values, missing)`` from a capture payload; values that do not decode are Unsupported."""
    if type(payload) is not dict:
        return {}, []
    if len(json.dumps(payload)) > MAX_PAYLOAD_BYTES:
        return {}, []
    values, missing = {}, []
    raw = payload.get("values")
    if type(raw) is dict:
        budget = _Budget()
        for name, value in raw.items():
            if type(name) is not str or not name.isidentifier():
                continue
            try:
                values[name] = _decode_value(value, 0, budget)
            except (ValueError, TypeError, RecursionError, OverflowError, MemoryError):
                values[name] = unsupported_type("onleesbaar")()
    raw_missing = payload.get("missing")
    if type(raw_missing) is list:
        missing = [n for n in raw_missing if type(n) is str and n.isidentifier()]
    return values, missing

"""The rules a case file must follow: a JSON Schema for the structure, Python for the rest.

The structure (which fields, which kinds, which choices) is ``data/case.schema.json``,
checked with :mod:`jsonschema`. The same file gives a lecturer completion and
checking in an editor (docs/case-format.md says how). What a schema cannot say
well stays here: sources that facts point at, unique source ids, the id against
the file name, and YAML slips such as a quoted date.

Each jsonschema error is turned into the Dutch message of the catalogue
(``cases.error.*`` and ``cases.expect.*``) that names the field and how to fix it;
the schema's own ``x-expect``, ``x-problem`` and ``x-missing`` annotations say
which message belongs to which place. Validation collects every problem instead
of stopping at the first, so a lecturer fixes a file in one go.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
from dataclasses import dataclass
from functools import cache

from ketenles.content import DATA_DIR
from ketenles.i18n import msg

SCHEMA_PATH = DATA_DIR / "case.schema.json"


@cache
def case_schema() -> dict:
    """The JSON Schema of a case file (draft 2020-12)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


REQUIRED = tuple(case_schema()["required"])
OPTIONAL = tuple(name for name in case_schema()["properties"] if name not in REQUIRED)
GOVERNANCE_FORMS = tuple(case_schema()["$defs"]["governance"]["properties"]["form"]["enum"])
# The fields that hold a fact (or a list of them), each pointing at a source.
_WITH_SOURCE = ("partners", "shared_goal", "dominant_chain_problem", "governance", "tensions", "events")


@dataclass(frozen=True)
class CaseProblem:
    """One thing wrong in a case file: where, what, and what would be right."""

    field: str
    problem: str
    expected: str

    def describe(self) -> str:
        where = msg("cases.error.field", field=self.field) if self.field else msg("cases.error.file")
        return f"{where}: {self.problem} {msg('cases.error.expected')}: {self.expected}"


def _kind(value) -> str:
    """A Dutch word for the kind of YAML value a lecturer wrote."""
    names = {list: "lists.list", dict: "lists.mapping", str: "lists.text", int: "lists.number",
             float: "lists.number", bool: "lists.bool"}
    key = names.get(type(value))
    return msg(f"cases.{key}") if key else type(value).__name__


def _field_name(path) -> str:
    """``["partners", 1, "role"]`` -> ``"partners[1].role"``."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


class _Problems:
    """Collects problems; ``known`` (the source ids) fills the hints that name them."""

    def __init__(self, known_sources: str):
        self.problems: list[CaseProblem] = []
        self.known_sources = known_sources

    def add(self, path, problem_key: str, expect_key: str, **values) -> None:
        values = {"known": self.known_sources, **values}
        problem = CaseProblem(_field_name(path), msg(problem_key, **values), msg(expect_key, **values))
        if problem not in self.problems:
            self.problems.append(problem)


# --- the structure: jsonschema and its errors in Dutch ---------------------------------

def _as_json(node):
    """The YAML data as JSON values: a YAML date becomes its ISO text, keys become text.

    A JSON Schema knows no dates; the schema checks the ISO text (format ``date``).
    """
    if isinstance(node, dict):
        return {str(key): _as_json(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_as_json(value) for value in node]
    if isinstance(node, _dt.date):
        return node.isoformat()
    return node


def _import_jsonschema():
    """Import jsonschema without its IRI format checker (see :mod:`ketenles.lean_imports`).

    Case files use no ``iri`` format; this runs in a student's kernel on the first
    case a lesson loads, where the skipped import would cost seconds.
    """
    from ketenles.lean_imports import without_slow_optional_imports

    with without_slow_optional_imports():
        import jsonschema
    return jsonschema


@cache
def _validator():
    jsonschema = _import_jsonschema()
    Draft202012Validator, validators = jsonschema.Draft202012Validator, jsonschema.validators

    # JSON Schema counts 3.0 as an integer; a score or a year written as 3.0 is a slip.
    types = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
    strict = validators.extend(Draft202012Validator, type_checker=types)
    return strict(case_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _resolve(node: dict) -> dict:
    """A subschema with its ``$ref`` (within this file) filled in; its own keywords win."""
    while "$ref" in node:
        target = case_schema()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _schema_at(path) -> dict:
    """The subschema that describes the value at ``path`` in a case file."""
    node = _resolve(case_schema())
    for part in path:
        child = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
        node = _resolve(child or {})
    return node


def _allowed(node: dict) -> str:
    """The choices of a field, for messages that list them."""
    return ", ".join(map(str, node.get("enum", ())))


def _missing(error, check: _Problems, path) -> None:
    for name in error.validator_value:
        if name not in error.instance:
            place = _schema_at([*path, name])
            check.add([*path, name], place.get("x-missing", "cases.error.missing"), place["x-expect"],
                      allowed=_allowed(place))


def _unknown(node: dict, instance: dict, check: _Problems, path) -> None:
    allowed = sorted(node.get("properties", {}))
    for key in instance:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = msg("cases.error.did_you_mean", name=close[0]) if close else ""
            check.add([*path, key], "cases.error.unknown_field", "cases.expect.known_fields",
                      hint=hint, known=", ".join(allowed))


# A value of the wrong JSON type: the message per wanted type (others: the schema's x-problem).
_WRONG_KIND = {"string": "cases.error.not_text", "object": "cases.error.not_mapping", "array": "cases.error.too_few"}


def _wanted_type(error) -> str:
    """The JSON type the schema asked for (``["string", "null"]`` asks for text)."""
    types = [error.validator_value] if isinstance(error.validator_value, str) else error.validator_value
    return next(t for t in types if t != "null")


def _is_quoted_number(value) -> bool:
    return isinstance(value, str) and value.strip().isdigit()


def _wrong_kind(error, node: dict) -> tuple[str, dict]:
    """The message for a value of the wrong JSON type, and its values."""
    wanted, value = _wanted_type(error), error.instance
    if wanted == "string" and value is None:
        return "cases.error.empty_text", {}
    if wanted == "integer" and _is_quoted_number(value):
        return "cases.error.quoted_number", {"got": value}
    if wanted in _WRONG_KIND:
        return _WRONG_KIND[wanted], {"got": _kind(value), "minimum": node.get("minItems", 1)}
    return node["x-problem"], {"got": value}


def _translate(error, check: _Problems) -> None:
    """Add the Dutch problem(s) for one jsonschema error."""
    path = list(error.absolute_path)
    node = _schema_at(path)
    if error.validator == "required":
        return _missing(error, check, path)
    if error.validator == "additionalProperties":
        return _unknown(node, error.instance, check, path)
    if error.validator == "type":
        problem, values = _wrong_kind(error, node)
    elif error.validator == "minItems":
        problem, values = "cases.error.too_few", {"minimum": error.validator_value}
    elif error.validator == "pattern" and "x-problem" not in node:
        problem, values = "cases.error.empty_text", {}  # the pattern \S: blank text
    else:  # a choice, a range or a date: the schema names the message
        problem, values = node["x-problem"], {"got": error.instance}
    check.add(path, problem, node["x-expect"], allowed=_allowed(node), **values)


# --- what the schema cannot say ---------------------------------------------------------

def _listed(data: dict, key: str) -> list[tuple[list, dict]]:
    """``(path, mapping)`` for every mapping in the field ``key`` (one fact or a list of them)."""
    value = data.get(key)
    items = [([key, i], v) for i, v in enumerate(value)] if isinstance(value, list) else [([key], value)]
    return [(path, node) for path, node in items if isinstance(node, dict)]


def _source_ids(data: dict) -> set[str]:
    return {s["id"] for _, s in _listed(data, "sources") if isinstance(s.get("id"), str)}


def _check_sources(data: dict, check: _Problems) -> None:
    seen: set[str] = set()
    for path, source in _listed(data, "sources"):
        ref = source.get("id")
        if ref in seen:
            check.add([*path, "id"], "cases.error.duplicate_source", "cases.expect.unique_source", ref=ref)
        seen.add(ref)
        no_url = source.get("no_url")
        if source.get("url") and isinstance(no_url, str) and no_url.strip():
            # A source without a stable link says why, so a missing link is a choice, not a slip.
            check.add([*path, "no_url"], "cases.error.url_and_no_url", "cases.expect.no_url")


def _check_references(data: dict, sources: set[str], check: _Problems) -> None:
    for key in _WITH_SOURCE:
        for path, node in _listed(data, key):
            ref = node.get("source")
            if isinstance(ref, str) and ref not in sources:
                check.add([*path, "source"], "cases.error.unknown_source", "cases.expect.source_ref", ref=ref)


def _check_id(data: dict, expected_id: str | None, check: _Problems) -> None:
    case_id = data.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        return  # the schema reported it
    # Letters (also accented), digits, '-' and '_', no capitals: str.isalnum knows every script.
    if not case_id.replace("_", "").replace("-", "").isalnum() or case_id != case_id.lower():
        check.add(["id"], "cases.error.bad_id", "cases.expect.id", got=case_id)
    elif expected_id is not None and case_id != expected_id:
        check.add(["id"], "cases.error.id_mismatch", "cases.expect.id_matches_file", got=case_id, stem=expected_id)


def _is_quoted_date(when) -> bool:
    """Text that YAML would have read as a date or a year without the quotes."""
    if not isinstance(when, str):
        return False
    try:
        _dt.date.fromisoformat(when)
    except ValueError:
        return _is_quoted_number(when)
    return True


def _quoted_dates(data: dict) -> list[list]:
    return [[*path, "date"] for path, event in _listed(data, "events") if _is_quoted_date(event.get("date"))]


def validate_case_data(data, expected_id: str | None = None) -> list[CaseProblem]:
    """Every problem in the parsed contents of a case file (empty list: valid)."""
    check = _Problems("-")
    if data is None:
        check.add([], "cases.error.empty_file", "cases.expect.case_mapping")
        return check.problems
    if not isinstance(data, dict):
        check.add([], "cases.error.not_a_case", "cases.expect.case_mapping", got=_kind(data))
        return check.problems
    sources = _source_ids(data)
    check.known_sources = ", ".join(sorted(sources)) or "-"
    quoted = _quoted_dates(data)
    for error in _validator().iter_errors(_as_json(data)):
        if list(error.absolute_path) not in quoted:  # said better below
            _translate(error, check)
    for path in quoted:
        got = data[path[0]][path[1]]["date"]
        check.add(path, "cases.error.quoted_date", "cases.expect.date", got=got)
    _check_sources(data, check)
    _check_references(data, sources, check)
    _check_id(data, expected_id, check)
    return check.problems

"""The JSON Schema of a case file: valid, in step with the course, and every error said in Dutch."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys

import pytest
import yaml
from jsonschema import Draft202012Validator
from paths import REPO

from ketenles import cases, i18n, seminar
from ketenles.content.case_schema import GOVERNANCE_FORMS, SCHEMA_PATH, case_schema, validate_case_data
from ketenles.i18n import catalogue

GOOD = yaml.safe_load((cases.BUNDLED_DIR / "strafrechtketen.yaml").read_text(encoding="utf-8"))
# Constraints whose message the schema itself names (x-problem); blank-text patterns are said generically.
NAMED_CONSTRAINTS = {"enum", "minimum", "maximum", "anyOf", "format"}


def subschemas(node, path="#"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from subschemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from subschemas(value, f"{path}/{i}")


def test_the_schema_is_a_valid_draft_2020_12_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_schema_follows_the_course():
    schema = case_schema()
    assert schema["properties"]["scan_estimate"]["properties"].keys() == set(seminar.factor_ids())
    assert sorted(schema["properties"]["language"]["enum"]) == i18n.available_languages()
    assert GOVERNANCE_FORMS == ("gedeeld", "leidende_organisatie", "nao")
    named = {k.split(".")[-1] for k in catalogue("nl") if k.startswith("cases.governance_forms.")}
    assert set(GOVERNANCE_FORMS) == named


def test_every_message_the_schema_names_is_in_the_catalogue():
    nl = catalogue("nl")
    named = [(path, node[key]) for path, node in subschemas(case_schema())
             for key in ("x-expect", "x-problem", "x-missing") if key in node]
    assert named
    assert not [f"{path}: {key}" for path, key in named if key not in nl]


def test_every_field_and_every_named_constraint_has_its_message():
    for path, node in subschemas(case_schema()):
        for name, field in node.get("properties", {}).items():
            assert "x-expect" in field or "$ref" in field, f"{path}/properties/{name} has no x-expect"
        if NAMED_CONSTRAINTS & node.keys() and not path.endswith(("/anyOf/0", "/anyOf/1", "/anyOf/2")):
            assert "x-problem" in node, f"{path} has a constraint without x-problem"


def as_an_editor_reads_it(data):
    """YAML 1.2 editors read an unquoted date as text; the schema must accept it as such."""
    if isinstance(data, dict):
        return {k: as_an_editor_reads_it(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_an_editor_reads_it(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


@pytest.mark.parametrize("path", sorted(cases.BUNDLED_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_case_passes_the_schema_as_an_editor_sees_it(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(case_schema()).iter_errors(as_an_editor_reads_it(data))]
    assert errors == []


@pytest.mark.parametrize("path", sorted(cases.BUNDLED_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_cases_point_an_editor_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match.group(1)).resolve() == SCHEMA_PATH.resolve()


def problems(mutate):
    data = copy.deepcopy(GOOD)
    mutate(data)
    return {p.field: p.describe() for p in validate_case_data(data, expected_id="strafrechtketen")}


@pytest.mark.parametrize(("mutate", "field", "words"), [
    # what the schema finds, in the catalogue's words
    (lambda d: d["governance"].pop("form"), "governance.form", "ontbreekt. Verwacht: een van: gedeeld"),
    (lambda d: d["events"][0].pop("date"), "events[0].date", "ontbreekt. Verwacht: een datum"),
    (lambda d: d["sources"][0].update(year=2012.0), "sources[0].year", "2012.0 is geen geldig jaar"),
    (lambda d: d["scan_estimate"]["draagvlak_top"].update(score=True), "scan_estimate.draagvlak_top.score",
     "'True' is geen score"),
    (lambda d: d.update(scan_estimate=["x"]), "scan_estimate", "een lijst in plaats van velden met een naam"),
    (lambda d: d["sources"][0].update(url=""), "sources[0].url", "dit veld is leeg. Verwacht: een webadres"),
    (lambda d: d["shared_goal"].update(source=5), "shared_goal.source", "bekend: rekenkamer-2012"),
    (lambda d: d["partners"][0].update(rol="x"), "partners[0].rol", "Bedoelde je 'role'?"),
    (lambda d: d.update(language="xx"), "language", "een van: en, nl"),
    (lambda d: d["events"][0].update(date=1700), "events[0].date", "'1700' is geen datum"),
    # what stays in Python
    (lambda d: d["sources"][0].update(url="https://x.nl", no_url="geen link"), "sources[0].no_url", "kies er één"),
    (lambda d: d["events"][0].update(date="2012-02-16"), "events[0].date", "tussen aanhalingstekens"),
    (lambda d: d["events"][0].update(date="2012"), "events[0].date", "tussen aanhalingstekens"),
    (lambda d: d.update(id="strafrecht"), "id", "hernoem het bestand naar 'strafrecht.yaml'"),
])
def test_each_problem_names_the_field_and_the_fix(mutate, field, words):
    found = problems(mutate)
    assert field in found, found
    assert words in found[field]


def test_a_quoted_date_is_said_once_not_also_as_no_date():
    found = problems(lambda d: d["events"][0].update(date="2012-02-16"))
    assert list(found) == ["events[0].date"]
    assert "geen datum" not in found["events[0].date"]


def test_the_schema_is_in_the_package_data():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"content/data/*.json"' in pyproject
    assert SCHEMA_PATH.parent.name == "data" and SCHEMA_PATH.parent.parent.name == "content"


def test_the_doc_says_how_to_point_an_editor_at_the_schema():
    doc = (REPO / "docs" / "case-format.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in doc and "case.schema.json" in doc


def test_loading_a_case_does_not_pay_for_the_iri_parsers():
    # rfc3987_syntax builds Lark parsers at import: seconds on a busy server, for a format no case uses.
    code = ("import sys; from ketenles.content.cases import load_case; load_case('suwi-keten'); "
            "print('rfc3987_syntax' in sys.modules, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]

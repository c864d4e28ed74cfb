"""The case loader: bundled cases load, and every kind of bad file is explained."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml
from catalogue_match import contains
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketenles import cases
from ketenles.content.case_schema import validate_case_data
from ketenles.content.cases import CaseFileError, load_case, load_case_file, load_cases
from ketenles.errors import ArgumentError, KetenlesError

GOOD = yaml.safe_load((cases.BUNDLED_DIR / "suwi-keten.yaml").read_text(encoding="utf-8"))


def write(tmp_path, data, name="mijn-casus"):
    data = copy.deepcopy(data)
    if isinstance(data, dict) and data.get("id") == "suwi-keten":
        data["id"] = name
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems_of(tmp_path, data):
    with pytest.raises(CaseFileError) as info:
        load_case_file(write(tmp_path, data))
    return info.value


def test_bundled_cases_load_with_sources():
    loaded = load_cases()
    assert {"strafrechtketen", "suwi-keten"} <= {c.id for c in loaded}
    for case in loaded:
        assert len(case.partners) >= 2
        cited = {p.source.id for p in case.partners} | {e.source.id for e in case.events}
        assert cited <= {s.id for s in case.sources}


def test_case_facts_from_the_content_brief():
    suwi = load_case("suwi-keten")
    texts = " ".join(e.text for e in suwi.events)
    for fact in ("112 miljoen", "4%", "80 gemeenten", "51%", "393", "65 gemeenten"):
        assert fact in texts, fact
    assert [e.when for e in suwi.timeline()] == ["2012", "2013", "2016", "2017"]
    straf = load_case("strafrechtketen")
    assert dt.date(2012, 2, 16) in {e.date for e in straf.events}
    assert straf.source("rekenkamer-2012").year == 2012


def test_good_copy_loads(tmp_path):
    case = load_case_file(write(tmp_path, GOOD))
    assert case.id == "mijn-casus" and case.governance_form == "nao"


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: d.pop("partners"), "partners", "ontbreekt"),
        (lambda d: d.update(name=""), "name", "dit veld is leeg"),
        (lambda d: d.update(partners=[d["partners"][0]]), "partners", "minder dan 2"),
        (lambda d: d["partners"][1].pop("role"), "partners[1].role", "dit veld is leeg"),
        (lambda d: d["shared_goal"].update(source="onbekend"), "shared_goal.source", "'onbekend'"),
        (lambda d: d["tensions"][0].pop("source"), "tensions[0].source", "geen bron"),
        (lambda d: d["governance"].update(form="hiërarchie"), "governance.form", "gedeeld, leidende_organisatie, nao"),
        (lambda d: d["events"][0].update(date="vorig jaar"), "events[0].date", "JJJJ-MM-DD"),
        (lambda d: d["sources"][0].update(year="tweeduizend"), "sources[0].year", "jaartal"),
        (lambda d: d["sources"].append(dict(d["sources"][0])), "sources[4].id", "twee keer"),
        (lambda d: d.update(partner=[]), "partner", "Bedoelde je 'partners'"),
        (lambda d: d["scan_estimate"]["draagvlak_top"].update(score=7),
         "scan_estimate.draagvlak_top.score", "1 tot en met 5"),
        (lambda d: d["scan_estimate"].update(vertrouwen={"score": 3, "reason": "x"}),
         "scan_estimate.vertrouwen", "onbekend"),
        (lambda d: d.update(id="Mijn Casus"), "id", "geen geldige id"),
        (lambda d: d.update(sensitive="ja"), "sensitive", "true of false"),
        (lambda d: d.update(questions=[]), "questions", "minder dan 1"),
    ],
)
def test_each_bad_field_is_named_with_a_fix(tmp_path, mutate, field, words):
    data = copy.deepcopy(GOOD)
    data["id"] = "mijn-casus"
    mutate(data)
    error = problems_of(tmp_path, data)
    fields = [p.field for p in error.problems]
    assert field in fields, fields
    text = str(error)
    assert "mijn-casus.yaml" in text and f"'{field}'" in text and words in text
    assert "Verwacht" in text


def test_all_problems_are_reported_at_once(tmp_path):
    data = copy.deepcopy(GOOD)
    data["id"] = "mijn-casus"
    del data["summary"]
    data["partners"][0]["name"] = ""
    error = problems_of(tmp_path, data)
    assert {"summary", "partners[0].name"} <= {p.field for p in error.problems}


def test_file_level_errors(tmp_path):
    bad_yaml = tmp_path / "kapot.yaml"
    bad_yaml.write_text("id: kapot\npartners: [\n  - name: x\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="geen geldige YAML.*regel"):
        load_case_file(bad_yaml)
    not_utf8 = tmp_path / "latin.yaml"
    not_utf8.write_bytes("name: Zorg- en Veiligheidshuis Utrecht-Gooi é".encode("latin-1"))
    with pytest.raises(CaseFileError, match="UTF-8"):
        load_case_file(not_utf8)
    empty = tmp_path / "leeg.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CaseFileError, match="bestand is leeg"):
        load_case_file(empty)
    a_list = tmp_path / "lijst.yaml"
    a_list.write_text("- een\n- twee\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="geen casus maar een lijst"):
        load_case_file(a_list)
    with pytest.raises(CaseFileError, match="bestaat niet"):
        load_case_file(tmp_path / "nergens.yaml")


def test_common_yaml_slips_are_explained(tmp_path):
    data = copy.deepcopy(GOOD)
    data["id"] = "mijn-casus"
    data["sources"][0]["year"] = "2012"
    data["scan_estimate"]["draagvlak_top"]["score"] = "2"
    data["events"][0]["date"] = "2013-02-30"
    text = str(problems_of(tmp_path, data))
    for quoted in ("2012", "2"):
        assert contains(text, "cases.error.quoted_number", got=quoted)
    assert contains(text, "cases.error.bad_date", got="2013-02-30")
    twice = tmp_path / "dubbel.yaml"
    twice.write_text("id: dubbel\nname: A\nname: B\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="'name' staat twee keer"):
        load_case_file(twice)


def test_month_precision_dates(tmp_path):
    data = copy.deepcopy(GOOD)
    data["events"][0]["date"] = "2017-07"
    case = load_case_file(write(tmp_path, data))
    assert case.events[0].when == "2017-07" and case.events[0].precision == "month"
    data["events"][0]["date"] = "2017-13"
    assert "events[0].date" in {p.field for p in problems_of(tmp_path, data).problems}


def test_yml_files_and_home_paths_are_found(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "casussen"
    folder.mkdir()
    data = dict(copy.deepcopy(GOOD), id="kort")
    (folder / "kort.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "kort" in cases.list_cases("~/casussen")


def test_id_must_match_the_file_name(tmp_path):
    path = tmp_path / "andere-naam.yaml"
    data = dict(GOOD, id="mijn-casus")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CaseFileError, match="hernoem het bestand"):
        load_case_file(path)


def test_lecturer_folder_adds_cases_and_reports_every_bad_file(tmp_path):
    write(tmp_path, GOOD, "eigen-keten")
    assert "eigen-keten" in cases.list_cases(tmp_path)
    assert load_case("eigen-keten", tmp_path).name == GOOD["name"]
    (tmp_path / "kapot.yaml").write_text("id: [", encoding="utf-8")
    broken = copy.deepcopy(GOOD)
    broken.pop("sources")
    write(tmp_path, broken, "zonder-bronnen")
    with pytest.raises(KetenlesError) as info:
        load_cases(tmp_path)
    assert "kapot.yaml" in str(info.value) and "zonder-bronnen.yaml" in str(info.value)


def test_lecturer_cannot_silently_replace_a_bundled_case(tmp_path):
    write(tmp_path, dict(GOOD), "suwi-keten")
    with pytest.raises(CaseFileError, match="bestaat al"):
        cases.list_cases(tmp_path)


def test_environment_variable_folder(tmp_path, monkeypatch):
    write(tmp_path, GOOD, "via-omgeving")
    monkeypatch.setenv(cases.CASES_ENV, str(tmp_path))
    assert "via-omgeving" in cases.list_cases()


def test_bad_arguments():
    with pytest.raises(ArgumentError, match="strafrechtketen"):
        load_case("strafrecht")
    with pytest.raises(ArgumentError, match="case_id"):
        load_case(42)
    with pytest.raises(ArgumentError, match="folder"):
        cases.list_cases("/bestaat/niet")
    with pytest.raises(ArgumentError, match="path"):
        load_case_file(3.5)


# Any mangling of a valid case is either still valid or explained, never a crash.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(GOOD)), value=json_values)
def test_validation_never_crashes_on_any_value(key, value):
    data = copy.deepcopy(GOOD)
    data[key] = value
    problems = validate_case_data(data, expected_id="suwi-keten")
    assert all(p.field and p.problem and p.expected for p in problems if p.field != "")


@settings(max_examples=60)
@given(st.one_of(json_values, st.lists(json_values)))
def test_validation_of_arbitrary_documents(document):
    problems = validate_case_data(document)
    assert problems, "an arbitrary small document is never a complete case"
    assert all(p.describe() for p in problems)

"""The bundled case library and its documentation.

What a lecturer relies on: every bundled case loads, the named chains are all
there, dates are plausible, every listed source is actually used, the sensitive
case is marked, and docs/case-format.md (its example and its rules) matches
what the loader really checks.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from paths import REPO

from ketenles import seminar
from ketenles.content.case_schema import GOVERNANCE_FORMS, OPTIONAL, REQUIRED, validate_case_data
from ketenles.content.cases import BUNDLED_DIR, CASES_ENV, load_cases

DOC = REPO / "docs" / "case-format.md"
CATALOGUE = BUNDLED_DIR.parents[2] / "i18n" / "nl" / "cases.yaml"

NAMED_CHAINS = {
    "strafrechtketen",
    "suwi-keten",
    "basisregistraties",
    "jeugdbescherming",
    "zorg-en-veiligheidshuizen",
    "toeslagen",
    "loonaangifteketen",
    "digid-logius",
    "seminar-organisaties",
    # Chains that worked (issue 20).
    "zsm",
    "adreskwaliteit",
}


@pytest.fixture(scope="module")
def library():
    # Only the bundled files: a lecturer's KETENLES_CASES must not leak into this test.
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(CASES_ENV, raising=False)
        return {case.id: case for case in load_cases()}


def cited_source_ids(case) -> set[str]:
    facts = [case.shared_goal, case.dominant_chain_problem, case.governance, *case.tensions, *case.events]
    return {f.source.id for f in facts} | {p.source.id for p in case.partners}


def test_every_bundled_file_is_a_loaded_case(library):
    files = {p.stem for p in BUNDLED_DIR.glob("*.yaml")}
    assert set(library) == files
    assert len(library) >= 9


def test_each_named_chain_is_present(library):
    assert set(library) >= NAMED_CHAINS, NAMED_CHAINS - set(library)


@pytest.mark.parametrize("case_id", sorted(NAMED_CHAINS))
def test_event_dates_are_past_and_not_before_1990(library, case_id):
    today = dt.date.today()
    for event in library[case_id].events:
        assert dt.date(1990, 1, 1) <= event.date <= today, (case_id, event.when)
        if event.precision != "day":
            # A year- or month-only date is stored as the 1st; it must never be shown as a made-up day.
            assert event.when in (str(event.date.year), event.date.strftime("%Y-%m"))


@pytest.mark.parametrize("case_id", sorted(NAMED_CHAINS))
def test_every_source_is_cited_and_plausible(library, case_id):
    case = library[case_id]
    listed = {s.id for s in case.sources}
    assert listed == cited_source_ids(case), f"{case_id}: unused {listed - cited_source_ids(case)}"
    for source in case.sources:
        assert source.year <= dt.date.today().year, (case_id, source.id)


@pytest.mark.parametrize("case_id", sorted(NAMED_CHAINS))
def test_case_meets_the_course_standard(library, case_id):
    # Stricter than the schema: what the course promises for every bundled case.
    case = library[case_id]
    assert len(case.partners) >= 3
    assert len(case.tensions) >= 2
    assert len(case.events) >= 2
    assert len(case.questions) == 3
    assert set(case.scan_scores()) == set(seminar.factor_ids())
    assert all(e.reason for e in case.scan_estimate)
    # The governance classification is the course's reading and says so.
    assert "lezing van de cursusmakers" in case.governance.text


def test_toeslagen_is_marked_sensitive(library):
    assert library["toeslagen"].sensitive is True
    assert not library["basisregistraties"].sensitive


def test_months_known_only_by_name_are_not_turned_into_dates(library):
    # The sources give only the month for these events: year and month, never a made-up day.
    for case_id, month_word, when in [("basisregistraties", "juli 2017", "2017-07"),
                                      ("loonaangifteketen", "april 2007", "2007-04")]:
        events = [e for e in library[case_id].events if month_word in e.text]
        assert events, (case_id, month_word)
        assert all(e.precision == "month" and e.when == when for e in events)


# --- docs/case-format.md ---------------------------------------------------------------


def doc_yaml_blocks() -> list:
    text = DOC.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


def full_examples() -> list[dict]:
    return [b for b in doc_yaml_blocks() if isinstance(b, dict) and "id" in b]


def test_doc_example_validates():
    examples = full_examples()
    assert examples, "docs/case-format.md has no complete ```yaml example"
    for example in examples:
        problems = validate_case_data(example, expected_id=example["id"])
        assert problems == [], [p.describe() for p in problems]


def test_doc_example_is_the_bundled_file_it_claims_to_be():
    for example in full_examples():
        path = BUNDLED_DIR / f"{example['id']}.yaml"
        if path.exists():
            assert example == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_doc_names_every_field_form_and_factor():
    text = DOC.read_text(encoding="utf-8")
    for name in [*REQUIRED, *OPTIONAL, *GOVERNANCE_FORMS, *seminar.factor_ids()]:
        assert f"`{name}`" in text, name


def test_doc_explains_every_error_message():
    # The fixed part of each Dutch error message (up to its first placeholder) is in the doc,
    # so a new or reworded message in the catalogue shows up here.
    text = DOC.read_text(encoding="utf-8")
    errors = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["error"]
    missing = []
    for key, message in errors.items():
        fixed = message.split("{")[0].strip().rstrip("'(").strip()
        if fixed and fixed not in text:
            missing.append(f"{key}: {fixed}")
    assert not missing, missing

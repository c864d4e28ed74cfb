"""Every figure in a bundled case file has a source, with a stable link where one exists."""

from __future__ import annotations

import re

import pytest
import yaml

import ketenles

CASES = ketenles.load_cases()
FIGURE = re.compile(r"\d")


def _sourced(case):
    """(what, text, source) for every statement of a case that names its source."""
    yield "shared_goal", case.shared_goal.text, case.shared_goal.source
    yield "dominant_chain_problem", case.dominant_chain_problem.text, case.dominant_chain_problem.source
    yield "governance", case.governance.text, case.governance.source
    for i, t in enumerate(case.tensions):
        yield f"tensions[{i}]", t.text, t.source
    for e in case.timeline():
        yield f"event {e.when}", f"{e.when} {e.text}", e.source
    for p in case.partners:
        yield f"partner {p.name}", p.role, p.source


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_figure_cites_a_source_with_a_link_or_a_reason(case):
    for what, text, source in _sourced(case):
        if FIGURE.search(text):
            assert source.url or source.no_url, f"{case.id} {what}: bron {source.id} zonder url of no_url"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_figures_in_the_summary_come_from_a_sourced_statement(case):
    sourced = " ".join(text for _, text, _ in _sourced(case))
    for figure in re.findall(r"\d[\d.,]*\d|\d", case.summary):
        assert figure in sourced, f"{case.id}: '{figure}' in de samenvatting staat in geen feit met bron"


@pytest.mark.parametrize("case_id, kamerstuk, link", [
    ("toeslagen", "Kamerstuk 35 510, nr. 2", "https://zoek.officielebekendmakingen.nl/kst-35510-2.html"),
    # Not nr. 105: that is a letter of 8 September 2017 on self-evaluations (issue 20).
    ("basisregistraties", "Kamerstuk 27 859, nr. 102", "https://zoek.officielebekendmakingen.nl/kst-27859-102.html"),
])
def test_reports_are_cited_as_the_document_itself(case_id, kamerstuk, link):
    case = ketenles.load_case(case_id)
    assert any(kamerstuk in s.title and s.url == link for s in case.sources)
    assert not any("nieuws" in (s.url or "") for s in case.sources if kamerstuk in s.title)


def test_facts_corrected_against_the_sources():
    digid = ketenles.load_case("digid-logius")
    text = " ".join(t for _, t, _ in _sourced(digid))
    assert "Vanaf 2011" not in digid.summary and "Eind 2011" in digid.summary
    assert "externe IT-auditor" in text and "eerste assessment" in text
    zvh = ketenles.load_case("zorg-en-veiligheidshuizen")
    assert "dertig" not in zvh.summary and "25 veiligheidsregio's" in zvh.summary
    suwi = ketenles.load_case("suwi-keten")
    assert [e.when for e in suwi.timeline() if "393" in e.text] == ["2016"]
    brp = ketenles.load_case("basisregistraties")
    # The BIT's reason ("te weinig draagvlak bij de gemeenten") could not be confirmed (issue 20):
    # the tension now rests on the minister's letter of 15 May 2017.
    assert any("afstemming met gemeenten" in t.text and t.source.id == "kst-27859-103" for t in brp.tensions)
    assert not any("draagvlak bij" in t for _, t, _ in _sourced(brp))


def _source_problems(tmp_path, extra: dict) -> list[str]:
    data = {"id": "x", "who": "w", "title": "t", "year": 2020, **extra}
    case = {"id": "proef", "name": "n", "domain": "d", "summary": "s",
            "partners": [{"name": "a", "role": "r", "source": "x"}, {"name": "b", "role": "r", "source": "x"}],
            "shared_goal": {"text": "t", "source": "x"}, "dominant_chain_problem": {"text": "t", "source": "x"},
            "governance": {"form": "gedeeld", "text": "t", "source": "x"},
            "tensions": [{"text": "t", "source": "x"}], "events": [{"date": 2020, "text": "t", "source": "x"}],
            "questions": ["q"], "sources": [data]}
    path = tmp_path / "proef.yaml"
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    try:
        ketenles.load_case(str(path))
    except ketenles.CaseFileError as error:
        return [line for line in str(error).splitlines()[1:]]
    return []


def test_no_url_is_a_reason_in_dutch_and_not_next_to_a_url(tmp_path):
    assert _source_problems(tmp_path, {"no_url": "Geen vaste link."}) == []
    both = _source_problems(tmp_path, {"url": "https://example.org", "no_url": "Geen vaste link."})
    assert len(both) == 1 and "kies er één" in both[0] and "sources[0].no_url" in both[0]
    empty = _source_problems(tmp_path, {"no_url": " "})
    assert len(empty) == 1 and "leeg" in empty[0]

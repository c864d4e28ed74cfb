"""The seminar as data matches the seed report."""

import datetime as dt

import pytest

from ketenles import seminar
from ketenles.errors import ArgumentError


def test_event_facts():
    assert seminar.date() == dt.date(2009, 12, 1)
    assert "Spaansche Hof" in seminar.place()
    assert seminar.organisers() == ("GBO.Overheid", "Universiteit Twente")


def test_speakers_in_order_of_the_report():
    assert [s.name for s in seminar.people()] == [
        "Wolfgang Ebbers", "Arco Groothedde", "John Froger", "Anneleen Winters", "Janet Helder"]
    # The discussion's conclusions are the attendees', not those of Helder, who led it.
    assert [s.id for s in seminar.speakers()][-1] == "aanwezigen" and seminar.speaker("aanwezigen").group
    assert seminar.speaker("helder").claim_ids == ()
    for claim in ("geen_recept", "regierol_onder_druk", "motieven_verschillen", "overkoepelende_factoren"):
        assert seminar.claim(claim).speaker_id == "aanwezigen"
    assert "Kadaster" in seminar.speaker("groothedde").role
    assert "Belastingdienst" in seminar.speaker("helder").role


def test_five_factors_three_dilemmas_three_overarching():
    assert [f.number for f in seminar.factors()] == [1, 2, 3, 4, 5]
    names = [f.name.lower() for f in seminar.factors()]
    for word in ("gezamenlijk doel", "commitment", "macht", "successen", "top"):
        assert any(word in n for n in names), word
    assert len(seminar.dilemmas()) == 3
    assert all(d.left and d.right and d.question.endswith("?") for d in seminar.dilemmas())
    assert [o.name for o in seminar.overarching_factors()] == [
        "Initiatief", "Een grondhouding van vertrouwen", "Persoonlijk commitment"]


def test_every_claim_has_text_and_a_speaker():
    claims = seminar.claims()
    assert len(claims) >= 15
    assert len({c.id for c in claims}) == len(claims)
    for c in claims:
        assert c.text.endswith("."), c.id
        assert seminar.speaker(c.speaker_id)


def test_commitment_beats_contract_is_kept():
    assert "contract" in seminar.factor("persoonlijk_commitment").explanation


def test_names_appear_in_the_courses_quotations():
    # Self-contained: the course's own exact quotations of the report (data/seminar.yaml);
    # tests/content/test_attributions.py checks those against the report when it is present.
    quoted = " ".join(q.text for q in seminar.quotes())
    for s in seminar.people():
        assert s.name.split()[-1] in quoted, s.name
    for s in seminar.speakers():
        assert any(q.source == s.id for q in seminar.quotes()), s.id


def test_unknown_ids_are_explained():
    with pytest.raises(ArgumentError, match="groothedde"):
        seminar.speaker("grothedde")
    with pytest.raises(ArgumentError, match="gezamenlijk_doel"):
        seminar.factor("doel")

"""Unseen exam cases as templates with facts that vary per student (issue 19)."""

from __future__ import annotations

import copy

import pytest
from paths import load_script

from ketenles.content import exam_cases

build_exam = load_script("build_exam")
BANK = build_exam.load_bank()


def test_every_case_of_the_bank_follows_the_template_format():
    for case_id, case in BANK["casussen"].items():
        exam_cases.check_case(case_id, case)
        assert exam_cases.varying_facts(case), f"{case_id}: no fact varies per student"


def test_a_variant_reads_its_own_alternative_and_levels():
    case = BANK["casussen"]["nazorg"]
    choices = exam_cases.every_choice(case)
    texts = {tuple(exam_cases.fact_texts(case, c)) for c in choices}
    assert len(choices) >= 2 and len(texts) == len(choices)
    assert all(len(exam_cases.fact_texts(case, c)) == len(case["feiten"]) for c in choices)


@pytest.mark.parametrize("breaks, field", [
    (lambda c: c["feiten"][1]["varianten"].popitem(), "varianten"),
    (lambda c: c["feiten"][0].update(varianten={"x": {"tekst": "t"}, "y": {"tekst": "u"}}), "tekst or varianten"),
    (lambda c: c.pop("inleiding"), "inleiding"),
    (lambda c: c["feiten"][1]["varianten"]["regels"].update(niveaus={"vertrouwen": "hoog"}), "niveaus"),
])
def test_a_malformed_case_is_named_with_what_is_wrong(breaks, field):
    case = copy.deepcopy(BANK["casussen"]["nazorg"])
    breaks(case)
    with pytest.raises(exam_cases.CaseError, match=f"casus nazorg.*{field}"):
        exam_cases.check_case("nazorg", case)


def test_a_dependent_answer_must_name_every_alternative(tmp_path):
    import yaml

    bank = yaml.safe_load(build_exam.BANK.read_text(encoding="utf-8"))
    question = next(q for q in bank["vragen"] if q["id"] == "c_nazorg_dilemma")
    question["antwoord"]["per_variant"].pop("handtekening")
    broken = tmp_path / "bank.yaml"
    broken.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AssertionError, match="c_nazorg_dilemma"):
        build_exam.load_bank(broken)

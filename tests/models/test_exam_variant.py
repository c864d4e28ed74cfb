"""The per-student variant of an exam: pure, stable across processes, a resit gets something new."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ketenles.models.exam_variant import ExamPlan, variant

PLAN = ExamPlan.from_dict({
    "toets": "eindtoets", "seed": 2026, "zitting": 1,
    "vakken": [["vraag_01", {"p": 3, "q": 3, "r": 4}], ["vraag_02", {"s": 4, "t": 4}], ["vraag_03", {"u": 3}]],
    "casussen": {"een": {"vragen": [["een_1", 4], ["een_2", 3]], "feiten": {"f": ["x", "y"]}},
                 "twee": {"vragen": [["twee_1", 4], ["twee_2", 3]], "feiten": {}},
                 "drie": {"vragen": [["drie_1", 4], ["drie_2", 3]], "feiten": {"g": ["x", "y", "z"]}}},
    "casusvakken": ["vraag_04", "vraag_05"], "meer": []})
STUDENTS = [f"s{n}" for n in range(60)]


def _as_data(v) -> str:
    return json.dumps([v.items, v.orders, v.case, v.facts], sort_keys=True)


def test_the_plan_round_trips_and_holds_no_answer():
    assert ExamPlan.from_dict(PLAN.to_dict()) == PLAN
    assert "antwoord" not in json.dumps(PLAN.to_dict())


def test_the_same_in_another_process_whatever_pythons_hash_seed():
    """The kernel, the grader's checker and the lecturer's key command must agree."""
    code = ("import json, sys; from ketenles.models.exam_variant import ExamPlan, variant; "
            "plan = ExamPlan.from_dict(json.loads(sys.argv[1])); v = variant(plan, 'anna'); "
            "print(json.dumps([v.items, v.orders, v.case, v.facts], sort_keys=True))")
    for seed in ("0", "12345"):
        out = subprocess.run([sys.executable, "-c", code, json.dumps(PLAN.to_dict())], capture_output=True,
                             text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        assert out == _as_data(variant(PLAN, "anna"))


def test_every_slot_gets_a_pool_item_and_every_question_a_full_option_order():
    for student in STUDENTS:
        v = variant(PLAN, student)
        assert set(v.items) == set(PLAN.slot_ids)
        for item, order in v.orders.items():
            assert sorted(order) == list("abcd"[: PLAN.option_count(item)])
            assert all(v.bank_option(item, v.letter(item, o)) == o for o in order)
        assert v.bank_option(v.items["vraag_01"], "z") is None and v.bank_option(v.items["vraag_01"], 3) is None


def test_choices_are_spread_over_the_pool_the_cases_and_the_alternatives():
    chosen = [variant(PLAN, s) for s in STUDENTS]
    assert {v.items["vraag_01"] for v in chosen} == {"p", "q", "r"}
    assert {v.case for v in chosen} == {"een", "twee", "drie"}
    assert {v.facts["g"] for v in chosen if v.case == "drie"} == {"x", "y", "z"}
    assert len({v.orders[v.items["vraag_02"]] for v in chosen}) >= 10


def test_a_resit_gets_a_case_not_seen_before_and_other_pool_items():
    for student in STUDENTS:
        first, second, third = (variant(PLAN, student, sitting) for sitting in (1, 2, 3))
        assert len({first.case, second.case, third.case}) == 3
        assert second.items["vraag_01"] != first.items["vraag_01"]
        assert second.items["vraag_02"] != first.items["vraag_02"]
        assert second.items["vraag_03"] == first.items["vraag_03"] == "u"  # a pool of one allows no other


def test_a_student_id_is_needed():
    with pytest.raises(ValueError):
        variant(PLAN, " ")
    with pytest.raises(ValueError):
        variant(PLAN, "anna", 0)

"""Every student their own final test (issue 19 point 3), measured on the committed practice exam.

Figures (seed 2026, 200 student ids "student001".."student200", printed with ``-s``): the share
of pairs with a different set of questions or option order; the score of always-longest,
always-shortest and same-letter over 100 variants; and what one student's right letters score
on another's variant over 50 pairs, against chance.
"""

from __future__ import annotations

import itertools
import json
import re
import statistics

from paths import REPO, load_script

from ketenles.content import exam_cases
from ketenles.models import testwise
from ketenles.models.exam_variant import ExamPlan, variant

build_exam = load_script("build_exam")
BANK = build_exam.load_bank()
SLOTS = build_exam.draw(BANK, build_exam.DEFAULT_SEED)
PLAN = ExamPlan.from_dict(build_exam.plan_of(SLOTS, BANK, build_exam.DEFAULT_SEED))
BY_ID = {q["id"]: q for q in BANK["vragen"]}
STUDENTS = [f"student{n:03d}" for n in range(1, 201)]
FOLDER = REPO / "assignments" / "eindtoets"


def _shown(v):
    """What the student sees: per slot the question and its options in order."""
    return tuple((slot, v.items[slot], v.orders[v.items[slot]]) for slot in PLAN.slot_ids) + (v.case, *v.facts.items())


def _right_letters(v) -> dict[str, str | list[str]]:
    result = {}
    for slot in PLAN.slot_ids:
        q = BY_ID[v.items[slot]]
        answer = exam_cases.keyed(q, v.facts)
        result[slot] = (sorted(v.letter(q["id"], o) for o in answer) if isinstance(answer, list)
                        else v.letter(q["id"], answer))
    return result


def _score(letters: dict, v) -> int:
    return sum(letters[slot] == right for slot, right in _right_letters(v).items())


def test_a_student_always_gets_the_same_variant_and_another_seed_another():
    assert all(variant(PLAN, s) == variant(PLAN, s) for s in STUDENTS[:20])
    other = ExamPlan.from_dict({**PLAN.to_dict(), "seed": PLAN.seed + 1})
    assert sum(_shown(variant(PLAN, s)) != _shown(variant(other, s)) for s in STUDENTS[:20]) >= 19


def test_two_students_get_different_questions_or_option_orders():
    shown = [_shown(variant(PLAN, s)) for s in STUDENTS]
    pairs = list(itertools.combinations(shown, 2))
    share = sum(a != b for a, b in pairs) / len(pairs)
    print(f"\n{len(STUDENTS)} students, {len(pairs)} pairs: {share:.2%} differ")
    assert share >= 0.90
    # Not only the options move: the questions themselves differ between most pairs.
    items = [tuple(variant(PLAN, s).items.values()) for s in STUDENTS]
    assert sum(a != b for a, b in itertools.combinations(items, 2)) / len(pairs) >= 0.80


def test_no_test_wise_strategy_pays_over_100_variants():
    """Always-longest and always-shortest stay within testwise's margin on every variant; the
    same letter, which a student cannot learn from a variant nobody else has, scores on average
    no better than chance for every letter (its best letter after the fact is reported)."""
    per_letter = {letter: [] for letter in "abcd"}
    best_after_the_fact, chance = [], []
    for student in STUDENTS[:100]:
        v = variant(PLAN, student)
        items = []
        for slot in PLAN.slot_ids:
            q = BY_ID[v.items[slot]]
            if q["soort"] != "keuze":
                continue
            answer = exam_cases.keyed(q, v.facts)
            items.append(testwise.Item(tuple(q["opties"][o] for o in v.orders[q["id"]]),
                                       v.orders[q["id"]].index(answer)))
        result = testwise.scores(items)
        assert {"longest", "shortest"}.isdisjoint(result.beating_chance()), (student, result.line())
        for index, letter in enumerate("abcd"):
            per_letter[letter].append(sum(item.correct == index for item in items))
        best_after_the_fact.append(result.same_letter)
        chance.append(result.chance)
    margin = testwise.scores(items).margin
    means = {letter: statistics.mean(scores) for letter, scores in per_letter.items()}
    print(f"\nsame letter over 100 variants: mean per letter {means}, chance {statistics.mean(chance):.2f}, "
          f"best letter after the fact {statistics.mean(best_after_the_fact):.2f} on average")
    assert max(means.values()) <= statistics.mean(chance) + margin


def test_one_students_right_letters_score_no_better_than_chance_on_another_variant():
    pairs = list(zip(STUDENTS[:50], STUDENTS[50:100], strict=True))
    scores = [_score(_right_letters(variant(PLAN, a)), variant(PLAN, b)) for a, b in pairs]
    chance = statistics.mean(sum(1 / len(variant(PLAN, b).orders[variant(PLAN, b).items[slot]])
                                 for slot in PLAN.slot_ids) for _a, b in pairs)
    own = statistics.mean(_score(_right_letters(variant(PLAN, a)), variant(PLAN, a)) for a, _b in pairs)
    print(f"\n50 pairs: own letters {own:.2f} of {len(PLAN.slot_ids)}, a neighbour's {statistics.mean(scores):.2f}, "
          f"chance {chance:.2f}")
    assert own == len(PLAN.slot_ids)
    assert statistics.mean(scores) <= chance + 0.5


def test_a_resit_draws_another_case_and_other_pool_items():
    for student in STUDENTS[:30]:
        first, resit = variant(PLAN, student, 1), variant(PLAN, student, 2)
        if len(PLAN.cases) >= 2:
            assert resit.case != first.case
        for slot, pool in PLAN.slots:
            if len(pool) >= 2:
                assert resit.items[slot] != first.items[slot], (student, slot)


def test_the_released_question_file_holds_no_key():
    text = (FOLDER / build_exam.QUESTIONS_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    for key in ("antwoord", "toelichting", "model", "niveaus", "verdedigbaar", "per_variant"):
        assert f'"{key}"' not in text, key
    for q in BANK["vragen"]:
        if q["id"] in data["vragen"]:
            assert q["toelichting"].strip()[:60] not in text
    for case in BANK["casussen"].values():
        for item in case["open"]:
            model = exam_cases.resolve(item["model"], exam_cases.every_choice(case)[0])
            assert model.strip()[:80] not in text


def test_key_for_prints_the_students_own_right_letters(capsys):
    assert build_exam.main(["--key-for", "student007"]) == 0
    out = capsys.readouterr().out
    v = variant(PLAN, "student007")
    right = _right_letters(v)
    for number, slot in enumerate(PLAN.slot_ids, 1):
        letters = right[slot] if isinstance(right[slot], list) else [right[slot]]
        assert re.search(rf"^Vraag {number} \({v.items[slot]}\): antwoord {', '.join(letters)}$", out, re.M)
    assert f"Casus: {v.case}" in out


def test_a_resit_build_carries_its_sitting_into_every_students_variant():
    nb, _objectives, _key, _questions = build_exam.build(BANK, build_exam.DEFAULT_SEED, sitting=2)
    setup = next(c.source for c in nb.cells if "ExamSheet(" in c.source)
    namespace: dict = {}
    exec(setup, namespace)  # noqa: S102 - the build's own setup cell
    sheet = namespace["toets"]
    assert sheet.plan.sitting == 2 and nb.metadata["ketenles"]["exam"]["sitting"] == 2
    for student in STUDENTS[:10]:
        assert sheet.variant(student) == variant(PLAN, student, 2) != variant(PLAN, student, 1)

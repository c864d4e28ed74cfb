"""The unseen exam cases with varying facts (issue 19 point 3) in the practice bank.

Every variant a student can get must be a fair exam: the schema is whole, every keyed
governance form is what the course's own advisor gives for that variant's levels (and for
every level a student can defend from the fixed facts), test-wise guessing does not pay in
any variant, the alternatives of a fact do not give themselves away by length, the model
answers name what the variants change, and the texts attribute the seminar correctly.
"""

from __future__ import annotations

import itertools
import re

import attribution_check
import nbformat
import pytest
import yaml
from paths import COURSE, NOTEBOOKS
from yaml_text import strings

from ketenles.content.cases import list_cases
from ketenles.models import testwise
from ketenles.models.governance import CONTINGENCIES, LEVELS, advise

PRACTICE = yaml.safe_load((COURSE / "oefenvragen.yaml").read_text(encoding="utf-8"))
ALL_CASES: dict = PRACTICE["casussen"]
ALL_QUESTIONS: list[dict] = PRACTICE["vragen"]
TEMPLATES = ("schulden", "leerplicht", "zorgfraude")  # the case templates this test file is about
CASES: dict = {case_id: ALL_CASES[case_id] for case_id in TEMPLATES if case_id in ALL_CASES}
QUESTIONS: list[dict] = [q for q in ALL_QUESTIONS if q.get("casus") in TEMPLATES]
DATA = {"casussen": CASES, "vragen": QUESTIONS}
READING_LIST = yaml.safe_load((COURSE / "reading-list.yaml").read_text(encoding="utf-8"))
READING = {item["id"] for item in READING_LIST["verplicht"]}

# The option texts that name a governance form, as in tests/course/test_exam.py.
FORMS = {"gedeeld": "Gedeeld bestuur", "leidende_organisatie": "Eén leidende organisatie", "nao": "NAO"}
# How a model answer names each form.
FORM_WORDS = {"gedeeld": ("gedeeld bestuur",), "leidende_organisatie": ("leidende organisatie",),
              "nao": ("netwerkorganisatie", "nao")}
MAX_LENGTH_RATIO = 1.4  # the longer alternative of a fact is at most 40% longer than the shorter
OPEN_POINTS = {"open_diagnose": 7, "open_advies": 8}


def varying(case: dict) -> dict[str, dict]:
    """fact id -> its alternatives, for the facts that vary per variant."""
    return {f["id"]: f["varianten"] for f in case["feiten"] if "varianten" in f}


def combinations(case: dict) -> list[dict[str, str]]:
    """Every variant of a case: one alternative per varying fact."""
    facts = varying(case)
    return [dict(zip(facts, pick, strict=True)) for pick in itertools.product(*facts.values())]


def first_variant(case: dict) -> dict[str, str]:
    """The variant the model answers are written for: the first alternative of every varying fact."""
    return {fact: next(iter(alternatives)) for fact, alternatives in varying(case).items()}


def levels_and_ranges(case: dict, variant: dict[str, str]) -> tuple[dict, dict]:
    """The variant's levels, and every level a student can defend for each predictor."""
    levels = dict(case["niveaus"])
    ranges = {c: list(case["verdedigbaar"].get(c, [levels[c]])) for c in CONTINGENCIES}
    for fact, alternative in variant.items():
        for contingency, level in varying(case)[fact][alternative].get("niveaus", {}).items():
            levels[contingency] = level
            ranges[contingency] = [level]  # an alternative sets its level without ambiguity
    ranges["participants"] = [levels["participants"]]
    return levels, ranges


def key(question: dict, variant: dict[str, str]) -> str | list[str]:
    answer = question["antwoord"]
    if isinstance(answer, dict):
        return answer["per_variant"][variant[answer["afhankelijk_van"]]]
    return answer


def case_questions(case_id: str) -> list[dict]:
    return [q for q in QUESTIONS if q["casus"] == case_id]


def form_of(option: str) -> str | None:
    found = [mode for mode, name in FORMS.items() if name in option]
    return found[0] if len(found) == 1 else None


def form_question(case_id: str) -> dict:
    found = [q for q in case_questions(case_id) if all(form_of(o) for o in q["opties"].values())]
    assert len(found) == 1, f"{case_id}: expected one question on the governance form"
    return found[0]


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("*", "").split())


# --- schema ---------------------------------------------------------------------------------

def test_there_are_three_new_cases_each_with_six_facts_of_which_at_least_two_vary():
    assert set(CASES) == set(TEMPLATES)
    for case_id, case in CASES.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", case_id)
        assert case["titel"].strip() and "verzonnen casus" in case["inleiding"], case_id
        ids = [f["id"] for f in case["feiten"]]
        assert len(ids) == 6 and len(set(ids)) == 6, case_id
        for fact in case["feiten"]:
            assert ("tekst" in fact) != ("varianten" in fact), (case_id, fact["id"])
        facts = varying(case)
        assert len(facts) >= 2, case_id
        for fact, alternatives in facts.items():
            assert 2 <= len(alternatives) <= 3, (case_id, fact)
            for alternative, body in alternatives.items():
                assert re.fullmatch(r"[a-z][a-z0-9_]*", alternative), (case_id, fact, alternative)
                assert set(body) <= {"tekst", "niveaus"} and body["tekst"].strip(), (case_id, fact, alternative)


def test_every_id_is_unique_in_the_bank_and_this_file_together():
    question_ids = [q["id"] for q in ALL_QUESTIONS]
    assert len(question_ids) == len(set(question_ids))
    # YAML keeps the last of two equal keys: count the cases in the text itself.
    text = (COURSE / "oefenvragen.yaml").read_text(encoding="utf-8")
    case_ids = re.findall(r"^  ([a-z_]+):\n    titel:", text, flags=re.M)
    assert set(case_ids) == set(ALL_CASES)
    assert len(case_ids) == len(set(case_ids))


def test_levels_are_known_and_the_base_levels_are_defensible():
    for case_id, case in CASES.items():
        assert set(case["niveaus"]) == set(CONTINGENCIES), case_id
        assert isinstance(case["niveaus"]["participants"], int), case_id
        for contingency, allowed in case["verdedigbaar"].items():
            assert contingency in LEVELS and contingency != "participants", (case_id, contingency)
            assert set(allowed) <= set(LEVELS[contingency]), (case_id, contingency)
            assert case["niveaus"][contingency] in allowed, (case_id, contingency)
        for fact, alternatives in varying(case).items():
            for alternative, body in alternatives.items():
                for contingency, level in body.get("niveaus", {}).items():
                    assert contingency in LEVELS and level in LEVELS[contingency], (case_id, fact, alternative)


def test_every_case_has_five_choice_questions_of_the_bank_format():
    objectives = set()
    for path in NOTEBOOKS.glob("*.ipynb"):
        meta = nbformat.read(path, as_version=4).metadata["ketenles"]
        objectives |= {f"{meta['id']}/{n}" for n in range(1, len(meta["objectives"]) + 1)}
    for case_id in CASES:
        assert len(case_questions(case_id)) == 5, case_id
    for q in QUESTIONS:
        where = q["id"]
        assert q["casus"] in CASES, where
        assert re.fullmatch(rf"c_{q['casus']}_[a-z]+", where), where
        assert q["doel"] in objectives, where
        assert q["leerdoel"] in {f"LD{n}" for n in range(1, 7)}, where
        assert set(q.get("literatuur", [])) <= READING, where
        assert q["soort"] in ("keuze", "meer"), where
        letters = sorted(q["opties"])
        assert letters == list("abcd"[: len(letters)]) and len(letters) >= 3, where
        assert len(q["toelichting"].split()) >= 12, where
        answer = q["antwoord"]
        if isinstance(answer, dict):
            assert set(answer) == {"afhankelijk_van", "per_variant"}, where
            alternatives = varying(CASES[q["casus"]]).get(answer["afhankelijk_van"])
            assert alternatives, f"{where}: afhankelijk_van names no varying fact of its case"
            assert set(answer["per_variant"]) == set(alternatives), where
            keys = list(answer["per_variant"].values())
            assert q["soort"] == "keuze" and set(keys) <= set(letters), where
            assert len(set(keys)) >= 2, f"{where}: a key that does not vary needs no afhankelijk_van"
        elif q["soort"] == "meer":
            assert isinstance(answer, list) and set(answer) <= set(letters), where
        else:
            assert answer in letters, where


def test_each_case_asks_its_questions_in_the_slots_of_the_first_case():
    """The exam puts the k-th question of every case in one slot: same kind and course objective."""
    slots = [(q["soort"], q["leerdoel"]) for q in ALL_QUESTIONS if q.get("casus") == "nazorg"]
    for case_id in CASES:
        assert [(q["soort"], q["leerdoel"]) for q in case_questions(case_id)] == slots, case_id


def test_every_varying_fact_decides_a_keyed_answer():
    """A fact varies so that what the student concludes follows from the alternative they got."""
    for case_id, case in CASES.items():
        decided = {q["antwoord"]["afhankelijk_van"] for q in case_questions(case_id) if isinstance(q["antwoord"], dict)}
        assert decided == set(varying(case)), case_id


def test_each_case_has_the_two_open_questions_with_model_answers():
    for case_id, case in CASES.items():
        assert {o["id"]: o["punten"] for o in case["open"]} == OPEN_POINTS, case_id
        for item in case["open"]:
            assert len(item["model"].split()) >= 200, (case_id, item["id"])


# --- keys against the course's own advisor --------------------------------------------------

@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_keyed_form_is_the_advisors_for_every_variant_and_defensible_reading(case_id):
    case = CASES[case_id]
    question = form_question(case_id)
    forms = set()
    for variant in combinations(case):
        levels, ranges = levels_and_ranges(case, variant)
        keyed = form_of(question["opties"][key(question, variant)])
        for reading in itertools.product(*(ranges[c] for c in CONTINGENCIES)):
            best = advise(**dict(zip(CONTINGENCIES, reading, strict=True))).best
            assert best == (keyed,), (case_id, variant, reading, best)
        forms.add(keyed)
    if isinstance(question["antwoord"], dict):
        assert len(forms) >= 2, case_id


def test_the_variants_together_ask_for_every_governance_form():
    keyed = {form_of(form_question(c)["opties"][key(form_question(c), v)])
             for c in CASES for v in combinations(CASES[c])}
    assert keyed == set(FORMS)


# --- test-wise guessing and giveaway lengths ------------------------------------------------

def _items(variant_of: dict[str, dict[str, str]], only: str | None = None) -> list[testwise.Item]:
    """The single-answer questions (of case ``only``, or of all) with the keys of the given variants."""
    items = []
    for q in QUESTIONS:
        if q["soort"] == "keuze" and only in (None, q["casus"]):
            letters = sorted(q["opties"])
            items.append(testwise.Item(tuple(q["opties"][k] for k in letters),
                                       letters.index(key(q, variant_of[q["casus"]]))))
    return items


def test_no_variant_rewards_always_longest_shortest_or_same_letter():
    """Margin: testwise's own (a tenth of the items, at least one item) above the chance score."""
    per_case = [[(c, v) for v in combinations(CASES[c])] for c in sorted(CASES)]
    checked = 0
    for pick in itertools.product(*per_case):
        result = testwise.scores(_items(dict(pick)))
        assert result.beating_chance() == {}, (dict(pick), result.line())
        checked += 1
    assert checked == 6 * 4 * 6


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_no_variant_of_one_case_rewards_test_wise_guessing(case_id):
    """A student gets one case: its questions alone, in every variant, stay within testwise's margin."""
    for variant in combinations(CASES[case_id]):
        result = testwise.scores(_items({case_id: variant}, case_id))
        assert result.beating_chance() == {}, (variant, result.line())


def test_the_alternatives_of_a_fact_do_not_differ_much_in_length():
    for case_id, case in CASES.items():
        for fact, alternatives in varying(case).items():
            lengths = [len(" ".join(body["tekst"].split())) for body in alternatives.values()]
            assert max(lengths) <= MAX_LENGTH_RATIO * min(lengths), (case_id, fact, lengths)


# --- model answers name what the variants change --------------------------------------------

def _option_core(option: str) -> str:
    """How a prose answer names an option: without an article, "focus op" or the stressing "toch"."""
    core = _plain(option).removeprefix("een ").removeprefix("eén ").split(" (")[0]
    return re.sub(r"^focus op ", "", core).replace(" of op ", " of ").replace(" toch ", " ")


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_model_answers_give_the_first_variants_keys_and_name_the_others(case_id):
    case = CASES[case_id]
    models = {o["id"]: _plain(o["model"]) for o in case["open"]}
    base = first_variant(case)
    advies = models["open_advies"]
    question = form_question(case_id)
    # The advice opens with the form of the variant it is written for ...
    opening = advies.split("ik adviseer", 1)[1][:120]
    assert any(w in opening for w in FORM_WORDS[form_of(question["opties"][key(question, base)])]), case_id
    # ... and names the form every other variant leads to.
    for variant in combinations(case):
        form = form_of(question["opties"][key(question, variant)])
        assert any(w in advies for w in FORM_WORDS[form]), (case_id, variant)
    # The diagnosis names the keyed factor and dilemma of every variant.
    diagnose = models["open_diagnose"]
    for q in case_questions(case_id):
        if q["id"].endswith(("_factor", "_dilemma")):
            for variant in combinations(case):
                assert _option_core(q["opties"][key(q, variant)]) in diagnose, (q["id"], variant)
    for model in models.values():
        assert "variant" in model.split("*")[0] or "variant" in model[:400], case_id


def test_the_exam_rubric_is_written_for_every_case_and_its_variants():
    """The rubric names the cases it covers and tells the grader to use the student's variant."""
    rubric = (COURSE / "rubrics" / "eindtoets.md").read_text(encoding="utf-8")
    title = rubric.splitlines()[0]
    assert not [c["titel"] for c in [*CASES.values(), *PRACTICE["casussen"].values()] if c["titel"] in title]
    for case_id in CASES:
        assert f"`{case_id}`" in rubric, case_id
    assert "variant" in rubric


# --- unseen, and attributed as the course attributes ----------------------------------------

def test_the_cases_are_unseen():
    """Not a library case, and neither title nor place appears in a lesson or in another case."""
    lessons = " ".join(p.read_text(encoding="utf-8") for p in NOTEBOOKS.glob("*.ipynb"))
    others = " ".join(strings([case for case_id, case in ALL_CASES.items() if case_id not in TEMPLATES]))
    for case_id, case in CASES.items():
        assert case_id not in list_cases()
        assert case["titel"] not in lessons
    for place in ("Lindewaard", "Ommerzand", "Westerzand"):
        assert place not in lessons and place not in others, place


def test_every_sentence_that_names_a_seminar_source_is_attributed_correctly():
    findings = [f for case_id in TEMPLATES
                for text in strings([CASES[case_id], *case_questions(case_id)])
                for f in attribution_check.check_text(text, case_id)]
    assert not findings, "\n".join(str(f) for f in findings)


def test_the_attribution_check_would_catch_a_misattribution_in_this_file():
    planted = {**DATA, "vragen": [*QUESTIONS, {"toelichting": "Helder concludeerde dat er geen recept is."}]}
    assert [f for text in strings(planted) for f in attribution_check.check_text(text)]

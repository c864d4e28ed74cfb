"""The final test: a bank of questions as data, and an exam notebook drawn from it that is in step.

The bank (course/toetsvragen.yaml) must be large enough to draw new versions, cover
every course objective and the lesson objectives its entries name, and hold an unseen
case. scripts/build_exam.py must reproduce the committed exam, key and objectives from
the bank, and every seed must give a valid exam.
"""

from __future__ import annotations

import json
import re
import stat

import nbformat
import pytest
import yaml
from paths import REPO, load_script

from ketenles.content import exam_cases
from ketenles.content.cases import list_cases
from ketenles.models import testwise
from ketenles.models.governance import advise

SOURCE = REPO / "assignments" / "eindtoets" / "eindtoets.ipynb"
QUESTIONS = REPO / "assignments" / "eindtoets" / "eindtoets-vragen.json"


build_exam = load_script("build_exam")
BANK = build_exam.load_bank()


def test_bank_is_large_and_covers_every_course_objective():
    questions = BANK["vragen"]
    assert len(questions) >= 40
    general = [q for q in questions if not q.get("casus")]
    for objective in build_exam.COURSE_OBJECTIVES:
        # Enough to draw different versions: at least two questions per course objective.
        assert sum(q["leerdoel"] == objective for q in general) >= 2, objective
    assert any(q["leerdoel"] == build_exam.WORKING for q in general)


def test_every_lesson_objective_has_a_bank_question():
    objectives = set()
    for path in (REPO / "notebooks").glob("*.ipynb"):
        meta = nbformat.read(path, as_version=4).metadata["ketenles"]
        objectives |= {f"{meta['id']}/{n}" for n in range(1, len(meta["objectives"]) + 1)}
    assert {q["doel"] for q in BANK["vragen"]} == objectives


def test_every_question_has_dutch_feedback_that_does_not_just_repeat_the_answer():
    for q in BANK["vragen"]:
        words = q["toelichting"].split()
        assert len(words) >= 12, q["id"]


def test_the_committed_exam_key_and_objectives_are_in_step_with_the_bank():
    assert build_exam.in_step() == []


def test_the_exam_covers_every_course_objective_and_the_unseen_case():
    nb = nbformat.read(SOURCE, as_version=4)
    drawn = nb.metadata["ketenles"]["exam"]["questions"]
    by_id = {q["id"]: q for q in BANK["vragen"]}
    assert {by_id[q]["leerdoel"] for q in drawn} >= set(build_exam.COURSE_OBJECTIVES)
    case_questions = [q for q in drawn if by_id[q].get("casus") == build_exam.CASE]
    assert len(case_questions) >= 4
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    assert questions["casussen"][build_exam.CASE]["titel"] == BANK["casussen"][build_exam.CASE]["titel"]
    graded = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    assert {"open_diagnose", "open_advies"} <= graded


def test_the_case_is_unseen():
    """Not a case of the library and not named in any lesson."""
    case = BANK["casussen"][build_exam.CASE]
    assert build_exam.CASE not in list_cases()
    lessons = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "notebooks").glob("*.ipynb"))
    assert case["titel"] not in lessons and "Dijkstede" not in lessons


def test_the_case_facts_give_the_mode_the_key_says():
    case = BANK["casussen"][build_exam.CASE]
    question = next(q for q in BANK["vragen"] if q["id"] == "c_nazorg_vorm")
    names = {"gedeeld": "Gedeeld bestuur", "leidende_organisatie": "Eén leidende organisatie", "nao": "NAO"}
    for alternatives in exam_cases.every_choice(case):
        best = advise(**exam_cases.levels(case, alternatives)).best
        keyed = exam_cases.keyed(question, alternatives)
        assert best == ("nao",) and names["nao"] in question["opties"][keyed]


@pytest.mark.parametrize("seed", [1, 2, 3, 2026, 2027])
def test_every_seed_gives_a_valid_exam_with_pools(seed):
    slots = build_exam.draw(BANK, seed)
    general = [s for s in slots if not s.case]
    assert {s.objective for s in general} == {*build_exam.COURSE_OBJECTIVES, build_exam.WORKING}
    for slot in general:
        # A pool of two or three questions of one objective and one kind: each student gets one.
        assert 2 <= len(slot.pool) <= build_exam.POOL
        assert {q["leerdoel"] for q in slot.pool} == {slot.objective} and {q["soort"] for q in slot.pool} == {slot.kind}
    nb, objectives, key, questions = build_exam.build(BANK, seed)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert set(objectives["questions"]) == {c.metadata["nbgrader"]["grade_id"] for c in graded}
    assert "Modelantwoord" not in key and "BEGIN" not in key
    assert set(questions["vragen"]) == {q["id"] for s in slots for q in s.pool}


def test_the_bank_lives_outside_the_installed_package():
    """The bank holds the answers: students who install ketenles must not get it."""
    package = REPO / "src" / "ketenles"
    assert not list(package.rglob("toetsvragen*")) and not list(package.rglob("oefenvragen*"))
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "toetsvragen" not in pyproject and "oefenvragen" not in pyproject


def test_the_real_exam_is_drawn_from_the_lecturer_bank_into_the_course_folder(tmp_path):
    """Only the lecturer's build reads the lecturer's bank; nothing of it lands in the repository."""
    bank = tmp_path / "toetsbank" / "toetsvragen.yaml"
    bank.parent.mkdir()
    data = yaml.safe_load(build_exam.BANK.read_text(encoding="utf-8"))
    data["vragen"][0]["vraag"] = "Een eigen vraag van de docent die niet in de oefenbank staat?"
    bank.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in (SOURCE, build_exam.KEY)}
    written = build_exam.write(7, bank, tmp_path / "cursus")
    assert written == [tmp_path / "cursus/source/eindtoets/eindtoets.ipynb",
                       tmp_path / "cursus/source/eindtoets/objectives.yaml",
                       tmp_path / "cursus/source/eindtoets/eindtoets-vragen.json", bank.parent / "eindtoets-sleutel.md"]
    assert {p: p.stat().st_mtime_ns for p in before} == before
    nb = nbformat.read(written[0], as_version=4)
    assert nb.metadata["ketenles"]["exam"]["bank"] == "toetsbank"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_the_lecturer_bank_and_course_must_be_outside_the_repository(tmp_path):
    with pytest.raises(SystemExit):
        build_exam.write(7, build_exam.BANK, tmp_path / "cursus")
    with pytest.raises(SystemExit):
        build_exam.write(7, tmp_path / "toetsvragen.yaml", REPO / "cursus")
    assert not (REPO / "cursus").exists()


def test_init_course_keeps_an_exam_drawn_from_the_lecturer_bank(tmp_path):
    from ketenles.grading.course import init_course

    bank = tmp_path / "toetsbank" / "toetsvragen.yaml"
    bank.parent.mkdir()
    bank.write_bytes(build_exam.BANK.read_bytes())
    exam = build_exam.write(7, bank, tmp_path / "cursus")[0]
    drawn = exam.read_bytes()
    init_course(tmp_path / "cursus")
    assert exam.read_bytes() == drawn
    assert (tmp_path / "cursus/source/ketenanalyse/ketenanalyse.ipynb").is_file()


def test_a_broken_bank_entry_is_reported_with_its_id(tmp_path):
    bank = yaml.safe_load(build_exam.BANK.read_text(encoding="utf-8"))
    bank["vragen"][0]["antwoord"] = "z"
    broken = tmp_path / "bank.yaml"
    broken.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AssertionError, match=bank["vragen"][0]["id"]):
        build_exam.load_bank(broken)


# --- test-wise guessing (issue 19) ---------------------------------------------------------

def _bank_items(questions):
    """Single-answer items; a case question whose key follows a varying fact counts once, as its first variant."""
    first = {case_id: exam_cases.every_choice(case)[0] for case_id, case in BANK["casussen"].items()}
    return [item for q in questions for item in build_exam.testwise_items([q], first.get(q.get("casus"), {}))]


def test_the_bank_does_not_reward_always_longest_shortest_or_same_letter():
    """Margin: a tenth of the items (``testwise.MARGIN_SHARE``) above the chance score."""
    result = testwise.scores(_bank_items(BANK["vragen"]))
    assert result.items >= 40
    assert result.beating_chance() == {}, result.line()


@pytest.mark.parametrize("seed", [*range(40), 2026, 2027])
def test_no_drawn_exam_lets_any_student_gain_by_always_longest_or_shortest(seed):
    """Every exam the course draws, for every set of questions a student can get from its pools."""
    slots = build_exam.draw(BANK, seed)
    worst = build_exam._worst(slots, BANK)
    assert max(worst.values()) <= build_exam.margin_of(slots), worst


def test_two_seeds_give_different_exams():
    first = [[q["id"] for q in s.pool] for s in build_exam.draw(BANK, 1)]
    second = [[q["id"] for q in s.pool] for s in build_exam.draw(BANK, 2)]
    assert first != second


def test_every_required_reading_is_asked_about_in_the_bank():
    """Reading counts: each required text has at least one question (its ``literatuur`` field)."""
    reading = yaml.safe_load((REPO / "course" / "reading-list.yaml").read_text(encoding="utf-8"))
    required = {item["id"] for item in reading["verplicht"]}
    tested = {ref for q in BANK["vragen"] for ref in q.get("literatuur", [])}
    assert tested <= required, tested - required
    assert required <= tested, required - tested
    weeks = {item["week"] for item in reading["verplicht"] if item["id"] in tested}
    assert weeks == {item["week"] for item in reading["verplicht"]}


# --- the key agrees with the model answers, the rubric and the course's own models -----------

FORMS = {"gedeeld": "Gedeeld bestuur", "leidende_organisatie": "Eén leidende organisatie", "nao": "NAO"}


def _case_question(suffix):
    return next(q for q in BANK["vragen"] if q["id"] == f"c_{build_exam.CASE}_{suffix}")


def _form_questions(case_id):
    """The case's questions about the governance form (an option names the NAO)."""
    return [q for q in build_exam.case_questions(BANK, case_id)
            if any("NAO" in option for option in q["opties"].values())]


@pytest.mark.parametrize("case_id", list(BANK["casussen"]))
def test_the_form_key_holds_for_every_variant_and_every_level_a_student_can_defend(case_id):
    """The advisor gives the keyed form for every variant of the facts and every defensible reading."""
    case = BANK["casussen"][case_id]
    questions = _form_questions(case_id)
    assert questions or case_id != build_exam.CASE
    for alternatives in exam_cases.every_choice(case):
        ranges = exam_cases.defensible(case, alternatives)
        levels = exam_cases.levels(case, alternatives)
        assert all(levels[name] in ranges[name] for name in ("trust", "goal_consensus", "competencies"))
        for question in questions:
            keyed = question["opties"][exam_cases.keyed(question, alternatives)]
            for trust in ranges["trust"]:
                for goal in ranges["goal_consensus"]:
                    for competencies in ranges["competencies"]:
                        best = advise(trust=trust, participants=levels["participants"],
                                      goal_consensus=goal, competencies=competencies).best
                        assert len(best) == 1 and FORMS[best[0]] in keyed, (alternatives, trust, goal, best)


def test_the_lesson_05_reading_of_trust_and_goals_is_not_defensible_here():
    """Issue 19: rated like the loonaangifteketen, the form flipped; the facts now rule that out."""
    ranges = BANK["casussen"][build_exam.CASE]["verdedigbaar"]
    assert "matig_laag" not in ranges["goal_consensus"] and "laag" not in ranges["goal_consensus"]


@pytest.mark.parametrize("suffix, open_id, fact", [("factor", "open_diagnose", "feit 6"),
                                                   ("dilemma", "open_diagnose", "feit 2"),
                                                   ("vorm", "open_advies", "voorspeller")])
def test_the_model_answer_gives_the_keyed_option_and_concedes_no_other(suffix, open_id, fact):
    """For every variant of the facts: where the model answer speaks of the fact a choice item
    asks about, it names the option keyed for that variant only."""
    question = _case_question(suffix)
    case = BANK["casussen"][build_exam.CASE]
    model_of = next(o["model"] for o in case["open"] if o["id"] == open_id)
    for alternatives in exam_cases.every_choice(case):
        model = exam_cases.resolve(model_of, alternatives)
        answer = exam_cases.keyed(question, alternatives)
        text = " ".join(model.lower().replace("*", "").split())
        keyed = question["opties"][answer].lower()
        core = keyed.removeprefix("een ").removeprefix("eén ").split(" (")[0]
        assert core in text or (suffix == "vorm" and "nao" in text), (keyed, open_id, alternatives)
        sentences = [s for s in re.split(r"(?<=[.:;])\s", text) if fact is None or fact in s]
        assert sentences
        for letter, option in question["opties"].items():
            if letter != answer:
                other = option.lower().removeprefix("een ").removeprefix("eén ").split(" (")[0]
                assert not [s for s in sentences if other in s], (other, open_id, alternatives)
        for hedge in ("je kunt ook", "ook te verdedigen"):
            assert hedge not in text


def test_a_varying_fact_changes_a_keyed_answer():
    """Issue 19: the facts a student gets decide the answer, so a neighbour's letter or reading does not carry over."""
    case = BANK["casussen"][build_exam.CASE]
    questions = build_exam.case_questions(BANK, build_exam.CASE)
    keys = {tuple(sorted(a.items())): [exam_cases.keyed(q, a) for q in questions]
            for a in exam_cases.every_choice(case)}
    assert len(keys) >= 2 and len(set(map(tuple, keys.values()))) == len(keys)


def test_the_rubric_scores_no_distractor_of_a_case_question_as_fully_right():
    """A rubric example may not give a full point for what the key marks wrong (issue 19, fact 6)."""
    rubric = (REPO / "course" / "rubrics" / "eindtoets.md").read_text(encoding="utf-8").lower()
    assert "is te verdedigen" not in rubric
    question = _case_question("factor")
    for letter, option in question["opties"].items():
        if letter != question["antwoord"]:
            assert f"eerste factor 1 ({option.lower()}" not in rubric

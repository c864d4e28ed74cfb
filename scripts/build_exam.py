"""Draw the final test (eindtoets) from a question bank and write it as an nbgrader assignment.

Usage: python scripts/build_exam.py [--seed N] [--check]
       python scripts/build_exam.py --bank ~/ketenles-toetsbank/toetsvragen.yaml --course ~/cursus [--seed N]

Two banks, one build. Without ``--bank`` the script draws the PRACTICE exam from the public
practice bank (course/oefenvragen.yaml: answers included, for self-learners) into the
repository. With ``--bank`` it reads the lecturer's own bank (made outside the repository by
``ketenles toetsbank init``) and writes the real exam into the lecturer's course folder
(``<course>/source/eindtoets/``) and its key next to the bank, never into the repository.

For the practice exam this script writes

* assignments/eindtoets/eindtoets.ipynb — the nbgrader source: one question per
  course objective (LD1-LD6), one about working with the course, every multiple-choice
  question about the unseen case, and the case's two open questions;
* assignments/eindtoets/objectives.yaml — which grade cell tests which objective
  (``ketenles report eindtoets`` uses it);
* course/eindtoets-sleutel.md — the key with the explanation of every question, for
  the discussion after the test and the oral check.

Another seed draws another version (and another option order): give each sitting its
own. ``--check`` writes nothing and exits 1 when the committed files are not what the
bank and the seed give (tests/course/test_exam.py runs the same comparison).
"""

from __future__ import annotations

import argparse
import json
import pprint
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ketenles.content import exam_cases
from ketenles.grading.markers import DEFAULT as MARKERS
from ketenles.models import testwise
from ketenles.models.exam_variant import ExamPlan, variant

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "course" / "oefenvragen.yaml"  # the public practice bank
TARGET = ROOT / "assignments" / "eindtoets"
KEY = ROOT / "course" / "eindtoets-sleutel.md"
DEFAULT_SEED = 2026
CASE = "nazorg"  # the case this repository's practice bank started with
EXAM = "eindtoets"
QUESTIONS_FILE = "eindtoets-vragen.json"  # released with the notebook: texts and options, no answers
COURSE_OBJECTIVES = ("LD1", "LD2", "LD3", "LD4", "LD5", "LD6")
WORKING = "werkwijze"
KINDS = ("keuze", "meer")
HINT = "grading_hints.eindtoets.wrong"
MINUTES = 90
MAX_DRAWS = 200


POOL = 3  # bank questions per slot: each student gets one of them


@dataclass(frozen=True)
class Slot:
    """One numbered question of the exam: a pool of bank questions, one of which each student gets."""

    id: str  # vraag_NN: the answer variable and the grade id
    objective: str
    kind: str
    pool: tuple[dict, ...]  # bank questions (answers in the bank's own option ids)
    case: bool = False


def load_bank(path: Path = BANK) -> dict:
    """The bank as data, checked: a wrong entry stops the build with the question's or case's id."""
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = bank.get("casussen") or {}
    assert cases, "the bank needs at least one case under casussen"
    for case_id, case in cases.items():
        try:
            exam_cases.check_case(case_id, case)
        except exam_cases.CaseError as exc:
            raise AssertionError(str(exc)) from exc
    seen = set()
    for q in bank["vragen"]:
        where = q.get("id", "?")
        assert re.fullmatch(r"[a-z][a-z0-9_]*", where), f"{where}: id must be lower case and underscores"
        assert where not in seen, f"{where}: id used twice"
        seen.add(where)
        assert q["soort"] in KINDS, f"{where}: soort must be one of {KINDS}"
        assert q["leerdoel"] in (*COURSE_OBJECTIVES, WORKING), f"{where}: unknown leerdoel"
        assert re.fullmatch(r"\d\d-[a-z-]+/\d+", q["doel"]), f"{where}: doel must be '<lesson>/<number>'"
        letters = sorted(q["opties"])
        assert letters == list("abcd"[: len(letters)]) and len(letters) >= 3, f"{where}: options a, b, c (, d)"
        assert q.get("toelichting", "").strip(), f"{where}: no Dutch explanation"
        assert q.get("casus") in (None, *cases), f"{where}: unknown casus"
        varying = exam_cases.varying_facts(cases[q["casus"]]) if q.get("casus") else {}

        def valid(answer, q=q, letters=letters):
            answers = answer if isinstance(answer, list) else [answer]
            return (q["soort"] == "meer") == isinstance(answer, list) and bool(answers) and set(answers) <= set(letters)
        try:
            exam_cases.check_dependent(where, q["antwoord"], varying, valid)
        except exam_cases.CaseError as exc:
            raise AssertionError(f"{exc} (answer is not an option, or soort and antwoord disagree)") from exc
    return bank


def case_questions(bank: dict, case_id: str) -> list[dict]:
    return [q for q in bank["vragen"] if q.get("casus") == case_id]


def right_options(q: dict) -> set[str]:
    """Every option id that is right in some variant (one id for a fixed single answer)."""
    answer = q["antwoord"]
    values = answer["per_variant"].values() if isinstance(answer, dict) else [answer]
    return {o for v in values for o in (v if isinstance(v, list) else [v])}


def testwise_items(questions: list[dict], alternatives: dict[str, str] | None = None) -> list[testwise.Item]:
    """The single-answer questions as the test-wise check sees them (options in the bank's order)."""
    items = []
    for q in questions:
        if q["soort"] != "keuze":
            continue
        letters = sorted(q["opties"])
        answer = exam_cases.keyed(q, alternatives or {}) if isinstance(q["antwoord"], dict) else q["antwoord"]
        items.append(testwise.Item(tuple(q["opties"][k] for k in letters), letters.index(answer)))
    return items


def _excess(questions: list[dict], alternatives: dict[str, str] | None = None) -> dict[str, float]:
    """How far always-longest and always-shortest score above chance on ``questions``."""
    result = testwise.scores(testwise_items(questions, alternatives))
    return {"longest": result.longest - result.chance, "shortest": result.shortest - result.chance}


def _worst(slots: list[Slot], bank: dict) -> dict[str, float]:
    """The most always-longest and always-shortest score above chance that any student can get.

    Scores add up per question, so the worst set is the worst item of every pool plus the
    worst case and alternatives: exact without listing the thousands of sets. The option
    order differs per student, so "same letter" is no strategy a student can learn here
    (tests/course/test_exam.py measures it over variants); length does not move.
    """
    case_count = sum(s.case for s in slots)
    worst = {}
    for strategy in ("longest", "shortest"):
        total = sum(max(_excess([q])[strategy] for q in s.pool) for s in slots if not s.case)
        total += max(_excess(case_questions(bank, case_id)[:case_count], alternatives)[strategy]
                     for case_id, case in bank["casussen"].items() for alternatives in exam_cases.every_choice(case))
        worst[strategy] = total
    return worst


def _id(q: dict) -> str:
    return q["id"]


def margin_of(slots: list[Slot]) -> float:
    single = sum(s.kind == "keuze" for s in slots)
    return max(testwise.MARGIN_MINIMUM, testwise.MARGIN_SHARE * single)


def draw(bank: dict, seed: int = DEFAULT_SEED) -> list[Slot]:
    """The exam's slots: one per course objective and one on working (each a pool), then the case part.

    Pools grow only while no set of questions a student can get rewards always picking the
    longest or the shortest option beyond the margin of ``ketenles.models.testwise``; a draw
    where that leaves a pool of one is drawn again (the same seed always gives the same exam).
    """
    rng = random.Random(seed)
    general = [q for q in bank["vragen"] if not q.get("casus")]
    per_case = [case_questions(bank, case_id) for case_id in bank["casussen"]]
    case_count = min(len(questions) for questions in per_case)
    case_slots = []
    for k in range(case_count):
        asked = [questions[k] for questions in per_case]
        kinds = {q["soort"] for q in asked}
        assert len(kinds) == 1, f"case question {k + 1} is not of one soort in every case: {[q['id'] for q in asked]}"
        case_slots.append(Slot("", asked[0]["leerdoel"], kinds.pop(), tuple(asked), case=True))
    objectives = (WORKING, *COURSE_OBJECTIVES)
    for _attempt in range(MAX_DRAWS):
        pools, rest = {}, {}
        for objective in objectives:
            candidates = [q for q in general if q["leerdoel"] == objective]
            first = rng.choice(candidates)
            pools[objective] = [first]
            rest[objective] = [q for q in candidates if q["soort"] == first["soort"] and q is not first]
            rng.shuffle(rest[objective])

        def slots_of(pools=pools):
            return [Slot("", o, pools[o][0]["soort"], tuple(sorted(pools[o], key=_id))) for o in objectives
                    ] + case_slots

        margin = margin_of(slots_of())
        if max(_worst(slots_of(), bank).values()) > margin:
            continue
        for _round in range(POOL - 1):
            order = list(objectives)
            rng.shuffle(order)
            for objective in order:
                for q in rest[objective]:
                    pools[objective].append(q)
                    if max(_worst(slots_of(), bank).values()) <= margin:
                        rest[objective].remove(q)
                        break
                    pools[objective].pop()
        if min(len(pool) for pool in pools.values()) < 2:
            continue
        return [Slot(f"vraag_{n:02d}", s.objective, s.kind, s.pool, s.case) for n, s in enumerate(slots_of(), 1)]
    raise SystemExit(f"no exam in {MAX_DRAWS} draws with pools of two or more where test-wise guessing "
                     "does not pay off; rewrite the options of the bank (see tests/course/test_exam.py)")


def plan_of(slots: list[Slot], bank: dict, seed: int, sitting: int = 1) -> dict:
    """The exam's plan (ids and option counts, no answers), as :class:`ExamPlan` reads it."""
    case_count = sum(s.case for s in slots)
    return {
        "toets": EXAM, "seed": seed, "zitting": sitting,
        "vakken": [[s.id, {q["id"]: len(q["opties"]) for q in s.pool}] for s in slots if not s.case],
        "casussen": {case_id: {"vragen": [[q["id"], len(q["opties"])]
                                          for q in case_questions(bank, case_id)[:case_count]],
                               "feiten": exam_cases.varying_facts(case)}
                     for case_id, case in bank["casussen"].items()},
        "casusvakken": [s.id for s in slots if s.case],
        "meer": sorted(q["id"] for s in slots for q in s.pool if q["soort"] == "meer"),
    }


def key_of(slot: Slot) -> dict:
    """The slot's key in the bank's option ids: per pool item a letter, a list, or one per alternative."""
    key = {}
    for q in slot.pool:
        answer = q["antwoord"]
        if isinstance(answer, dict):
            answer = {answer["afhankelijk_van"]: dict(answer["per_variant"])}
        key[q["id"]] = answer
    return key


def questions_file(slots: list[Slot], bank: dict) -> dict:
    """What a student's kernel needs to show every variant: texts and options, never an answer."""
    return {
        "toets": EXAM,
        "vragen": {q["id"]: {"soort": q["soort"], "vraag": q["vraag"].strip(),
                             "opties": dict(sorted(q["opties"].items()))} for s in slots for q in s.pool},
        "casussen": {case_id: {
            "titel": case["titel"], "inleiding": case["inleiding"].strip(),
            "feiten": [{"id": f["id"], "tekst": f["tekst"].strip()} if "tekst" in f else
                       {"id": f["id"], "varianten": {alt: {"tekst": a["tekst"].strip()}
                                                     for alt, a in f["varianten"].items()}}
                       for f in case["feiten"]],
            "open": [{"id": o["id"], "punten": o["punten"], "vraag": o["vraag"].strip()} for o in case["open"]]}
            for case_id, case in bank["casussen"].items()},
    }


def _nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _plan_literal(plan: dict) -> str:
    """The plan as a Python literal that lines up under ``OPZET = {``."""
    first, *rest = pprint.pformat(plan, width=100, sort_dicts=False).splitlines()
    return "\n".join([first, *(" " * 8 + line for line in rest)])


def _literal(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _question_cells(number: int, slot: Slot) -> list:
    name = slot.id
    key = _literal(key_of(slot))
    if slot.kind == "meer":
        placeholder = f"{name} = None  # een lijst met letters, bijvoorbeeld [\"a\", \"b\"]"
    else:
        placeholder = f"{name} = None  # één letter, bijvoorbeeld \"a\""
    solution = f"{name} = checks.variant_answer(toets, {name!r}, {key})".replace("'", '"')
    visible = f'checks.check_variant_form("{name}", {name}, toets)'
    hidden = f'checks.check_variant_choice("{name}", {name}, toets, {key}, "{HINT}")'
    return [
        # The heading stays in the notebook (the self-check names questions by it); the question
        # itself is this student's. Plain cells, not locked: nbgrader's repair of a deleted test
        # cell needs every locked cell graded.
        new_markdown_cell(f"### Vraag {number} (1 punt)"),
        new_code_cell(f"toets.vraag({number})"),
        new_code_cell(f"{placeholder}\n{MARKERS.block('solution', solution)}",
                      metadata=_nbgrader(name, grade=False, solution=True, locked=False)),
        new_code_cell(f"{visible}\n{MARKERS.block('hidden', hidden)}",
                      metadata=_nbgrader(f"{name}_test", grade=True, solution=False, locked=True, points=1)),
    ]


def _model_answer(model) -> str:
    if isinstance(model, dict):
        return "\n\n".join(f"*Als feit `{model['afhankelijk_van']}` de variant `{alt}` heeft:*\n\n{text.strip()}"
                            for alt, text in model["per_variant"].items())
    return model.strip()


def open_questions(bank: dict) -> list[dict]:
    """The open questions, the same ids and points in every case (checked here)."""
    shapes = {case_id: [(o["id"], o["punten"]) for o in case["open"]] for case_id, case in bank["casussen"].items()}
    first = next(iter(shapes.values()))
    assert all(shape == first for shape in shapes.values()), f"open questions differ between cases: {shapes}"
    return [{"id": item_id, "punten": points} for item_id, points in first]


def build(bank: dict, seed: int = DEFAULT_SEED, source: str = "course/oefenvragen.yaml", sitting: int = 1,
          ) -> tuple[nbformat.NotebookNode, dict, str, dict]:
    """(exam notebook, objectives mapping, key text, question file) for one seed and sitting."""
    slots = draw(bank, seed)
    plan = plan_of(slots, bank, seed, sitting)
    opens = open_questions(bank)
    auto = len(slots)
    manual = sum(o["punten"] for o in opens)
    cells = [new_markdown_cell(f"""# Eindtoets — Ketensamenwerking is mensenwerk

**Tijd:** {MINUTES} minuten · **Punten:** {auto + manual} ({auto} automatisch nagekeken, {manual} door je docent)

Deze toets maak je **alleen**: zonder hulp van anderen en zonder de antwoorden van anderen. De
lessen, je aantekeningen en de casussen mag je gebruiken. Je schrijft de open vragen in je eigen
woorden. Na de toets kan je docent je uitnodigen voor een kort gesprek van tien minuten over je
antwoorden (de mondelinge check); dat hoort bij de toets.

Iedere student krijgt een eigen versie van deze toets: andere vragen, een andere volgorde van de
antwoorden en een andere casus dan de buren. Letters van een ander helpen je dus niet.

De meerkeuzevragen zijn samen {auto} van de {auto + manual} punten. Met alleen die vragen haal je de
toets niet: de open vragen over de casus in deel B tellen het zwaarst.

**Zo werk je:**

- Voer eerst de cel hieronder uit: die laat zien voor wie deze versie is en zet de vragen klaar.
  Voer daarna bij elke vraag de cel uit die de vraag laat zien.
- Vul in elke antwoordcel de waarde in op de plek van `None` en voer de cel uit. Een antwoord is
  altijd één letter tussen aanhalingstekens, of een lijst met letters. Je hoeft niet te programmeren.
- Voer daarna de testcel eronder uit. Een melding zegt alleen of de vorm van je antwoord klopt
  (een letter die als optie bestaat), niet of het antwoord juist is.
- Schrijf de open vragen in de cellen met *Schrijf hier je antwoord* (dubbelklik om te typen).
- Kies vóór het inleveren **Kernel › Kernel herstarten + Alle cellen uitvoeren…**, sla op en lever in via
  **Nbgrader › Assignment List**."""),
             new_code_cell("from ketenles.grading import checks\nfrom ketenles.grading.exam_sheet import ExamSheet\n\n"
                           "# Welke vragen in deze toets kunnen voorkomen (zonder antwoorden); de teksten staan in\n"
                           f"# {QUESTIONS_FILE}. Welke jij krijgt, hangt af van je naam.\n"
                           f"OPZET = {_plan_literal(plan)}\n"
                           f"toets = ExamSheet(OPZET, vragen={QUESTIONS_FILE!r})".replace("'", '"')),
             new_code_cell("toets.kop()"),
             new_markdown_cell("## Deel A — Losse vragen")]
    for number, slot in enumerate(slots, 1):
        if slot.case and not slots[number - 2].case:
            cells.append(new_code_cell("toets.casus()"))
        cells += _question_cells(number, slot)
    for item in opens:
        cells.append(new_code_cell(f'toets.open_vraag("{item["id"]}")'))
        models = "\n\n".join(f"**Casus `{case_id}`:**\n\n" + _model_answer(o["model"])
                              for case_id, case in bank["casussen"].items()
                              for o in case["open"] if o["id"] == item["id"])
        cells.append(new_markdown_cell(
            "*Modelantwoord per casus (wordt bij het uitdelen vervangen door een lege antwoordcel):*\n\n" + models,
            metadata=_nbgrader(item["id"], grade=True, solution=True, locked=False, points=item["punten"])))
    for i, cell in enumerate(cells):
        cell["id"] = f"c{i:03d}"
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "ketenles": {"exam": {"seed": seed, "sitting": sitting, "bank": source, "cases": list(bank["casussen"]),
                              "questions": [q["id"] for s in slots for q in s.pool]}}})
    objectives = {
        "objectives": {**{o: f"Leerdoel {o} van de syllabus" for o in COURSE_OBJECTIVES},
                       WORKING: "Werken met de cursus en de notebooks (les 0)"},
        "questions": {**{f"{s.id}_test": sorted({q["leerdoel"] for q in s.pool}) for s in slots},
                      "open_diagnose": ["LD1", "LD2", "LD4"], "open_advies": ["LD5", "LD6"]},
    }
    return nb, objectives, _key(slots, bank, seed, source), questions_file(slots, bank)


def _answer_text(answer) -> str:
    if isinstance(answer, dict):
        return "; ".join(f"bij {answer['afhankelijk_van']} = {alt}: {_answer_text(a)}"
                         for alt, a in answer["per_variant"].items())
    return ", ".join(answer) if isinstance(answer, list) else answer


def _key(slots: list[Slot], bank: dict, seed: int, source: str) -> str:
    lines = ["# Eindtoets — sleutel en toelichting", "",
             f"Gemaakt door `scripts/build_exam.py --seed {seed}` uit",
             f"`{source}`; niet met de hand bewerken. Iedere student krijgt per vraag één vraag uit de",
             "pool hieronder, met de opties in een eigen volgorde, en één casus met eigen varianten van",
             "de feiten. De letters hieronder zijn die van de **bank**; de letters van één student geeft",
             "`python scripts/build_exam.py --key-for STUDENT` (voor de nabespreking en de mondelinge",
             "check, `course/mondelinge-check.md`). De open vragen beoordeel je met",
             "`course/rubrics/eindtoets.md`.", ""]
    for number, slot in enumerate(slots, 1):
        lines += [f"## Vraag {number} (`{slot.id}`, {slot.objective}) — pool van {len(slot.pool)}", ""]
        for q in slot.pool:
            lines += [f"- `{q['id']}` (lesdoel {q['doel']}): **antwoord {_answer_text(q['antwoord'])}.** "
                      f"{' '.join(q['toelichting'].split())}"]
        lines.append("")
    for case_id, case in bank["casussen"].items():
        varying = exam_cases.varying_facts(case)
        listed = "; ".join(f"`{f}` ({', '.join(alts)})" for f, alts in varying.items()) or "geen"
        lines += [f"## Casus `{case_id}`: {case['titel']}", "", f"Feiten die per student verschillen: {listed}.", ""]
    for item in open_questions(bank):
        lines += [f"## Open vraag `{item['id']}` ({item['punten']} punten)", "",
                  "Zie de rubric in `course/rubrics/eindtoets.md` en het modelantwoord van de casus van de student.",
                  ""]
    return "\n".join(lines)


def key_for(student: str, bank: dict, seed: int, sitting: int = 1) -> str:
    """One student's exam: per question what they saw and the right letter(s), their case and its facts."""
    slots = draw(bank, seed)
    plan = ExamPlan.from_dict(plan_of(slots, bank, seed, sitting))
    found = variant(plan, student, sitting)
    by_id = {q["id"]: q for q in bank["vragen"]}
    lines = [f"Eindtoets (seed {seed}, zitting {sitting}) voor {student}", ""]
    for number, slot in enumerate(slots, 1):
        q = by_id[found.items[slot.id]]
        answer = exam_cases.keyed(q, found.facts)
        letters = ", ".join(found.letter(q["id"], o) for o in sorted(answer if isinstance(answer, list) else [answer]))
        lines.append(f"Vraag {number} ({q['id']}): antwoord {letters}")
        for option in found.orders[q["id"]]:
            lines.append(f"    {found.letter(q['id'], option)}. {q['opties'][option]}")
    case = bank["casussen"][found.case]
    lines += ["", f"Casus: {found.case} ({case['titel']})"]
    for fact, alt in found.facts.items():
        lines.append(f"    feit {fact}: variant {alt}")
    levels = exam_cases.levels(case, found.facts)
    lines.append("    niveaus: " + ", ".join(f"{k} {v}" for k, v in levels.items()))
    for item in case["open"]:
        lines += ["", f"Modelantwoord {item['id']}:", exam_cases.resolve(item["model"], found.facts).strip()]
    return "\n".join(lines)


def _inside_repository(path: Path) -> bool:
    path = path.expanduser().resolve()
    return path == ROOT or ROOT in path.parents


def write(seed: int = DEFAULT_SEED, bank: Path | None = None, course: Path | None = None,
          sitting: int = 1) -> list[Path]:
    """Write the practice exam into the repository, or (``bank`` and ``course``) the real one outside it."""
    if bank is None:
        target, key_path, source = TARGET, KEY, "course/oefenvragen.yaml"
    else:
        if course is None:
            raise SystemExit("Een eigen toetsbank hoort bij een cursusmap: geef ook --course MAP "
                             "(de toets komt in MAP/source/eindtoets/, nooit in de repository).")
        if _inside_repository(bank) or _inside_repository(course):
            raise SystemExit("De toetsbank en de cursusmap moeten buiten de repository staan: wat daarin "
                             "staat, is openbaar en komt in de hub-image en op Binder.")
        target, key_path, source = course / "source" / "eindtoets", bank.parent / "eindtoets-sleutel.md", "toetsbank"
    nb, objectives, key, questions = build(load_bank(bank or BANK), seed, source, sitting)
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target / "eindtoets.ipynb")
    header = "# Objectives of the final test; written by scripts/build_exam.py, do not edit.\n"
    (target / "objectives.yaml").write_text(header + yaml.safe_dump(objectives, allow_unicode=True,
                                                                    sort_keys=False), encoding="utf-8")
    (target / QUESTIONS_FILE).write_text(_questions_text(questions), encoding="utf-8")
    key_path.write_text(key + "\n", encoding="utf-8")
    written = [target / "eindtoets.ipynb", target / "objectives.yaml", target / QUESTIONS_FILE, key_path]
    if bank is not None:  # the exam and its key stay as private as the bank they were drawn from
        for path in written:
            path.chmod(0o600)
        target.chmod(0o700)
    return written


def _questions_text(questions: dict) -> str:
    return json.dumps(questions, ensure_ascii=False, indent=1) + "\n"


def in_step(seed: int | None = None) -> list[str]:
    """The generated files that differ from what the bank gives (empty: all in step)."""
    committed = nbformat.read(TARGET / "eindtoets.ipynb", as_version=4)
    exam = committed.metadata["ketenles"]["exam"]
    seed = exam["seed"] if seed is None else seed
    nb, objectives, key, questions = build(load_bank(), seed, sitting=exam.get("sitting", 1))
    stale = []
    if nbformat.writes(nb) != nbformat.writes(committed):
        stale.append("assignments/eindtoets/eindtoets.ipynb")
    if yaml.safe_load((TARGET / "objectives.yaml").read_text(encoding="utf-8")) != objectives:
        stale.append("assignments/eindtoets/objectives.yaml")
    data = TARGET / QUESTIONS_FILE
    if not data.is_file() or data.read_text(encoding="utf-8") != _questions_text(questions):
        stale.append(f"assignments/eindtoets/{QUESTIONS_FILE}")
    if KEY.read_text(encoding="utf-8") != key + "\n":
        stale.append("course/eindtoets-sleutel.md")
    return stale


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None, help=f"version of the exam (default {DEFAULT_SEED})")
    parser.add_argument("--sitting", type=int, default=1, help="1 for the exam, 2 for the resit (another case)")
    parser.add_argument("--check", action="store_true", help="only check that the files are in step")
    parser.add_argument("--bank", type=Path, help="the lecturer's own bank (ketenles toetsbank init), outside the "
                                                   "repository; default: the practice bank")
    parser.add_argument("--course", type=Path, help="the lecturer's nbgrader course folder (with --bank)")
    parser.add_argument("--key-for", metavar="STUDENT", help="print one student's questions and right letters "
                                                              "(for the oral check); writes nothing")
    args = parser.parse_args(argv)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    if args.key_for:
        print(key_for(args.key_for, load_bank(args.bank or BANK), seed, args.sitting))
        return 0
    if args.check:
        stale = in_step(args.seed)
        for path in stale:
            print(f"not in step with the bank: {path} (run python scripts/build_exam.py)")
        return 1 if stale else 0
    for path in write(seed, args.bank, args.course, args.sitting):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

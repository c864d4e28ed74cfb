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
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ketenles.grading.markers import DEFAULT as MARKERS
from ketenles.models import testwise

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "course" / "oefenvragen.yaml"  # the public practice bank
TARGET = ROOT / "assignments" / "eindtoets"
KEY = ROOT / "course" / "eindtoets-sleutel.md"
DEFAULT_SEED = 2026
CASE = "nazorg"
COURSE_OBJECTIVES = ("LD1", "LD2", "LD3", "LD4", "LD5", "LD6")
WORKING = "werkwijze"
KINDS = ("keuze", "meer")
HINT = "grading_hints.eindtoets.wrong"
MINUTES = 90
MAX_DRAWS = 200


@dataclass(frozen=True)
class Question:
    """One multiple-choice question as it appears in this exam: options in drawn order."""

    id: str
    goal: str
    objective: str
    kind: str
    text: str
    options: dict[str, str]  # letter in this exam -> option text
    answer: str | list[str]  # letter(s) in this exam
    explanation: str
    case: str | None


def load_bank(path: Path = BANK) -> dict:
    """The bank as data, checked: a wrong entry stops the build with the question's id."""
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
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
        answers = q["antwoord"] if isinstance(q["antwoord"], list) else [q["antwoord"]]
        assert set(answers) <= set(letters), f"{where}: answer is not an option"
        assert (q["soort"] == "meer") == isinstance(q["antwoord"], list), f"{where}: soort and antwoord disagree"
        assert q.get("toelichting", "").strip(), f"{where}: no Dutch explanation"
        assert q.get("casus") in (None, *bank["casussen"]), f"{where}: unknown casus"
    return bank


def _shuffled(q: dict, rng: random.Random, answer_at: int | None = None) -> Question:
    """The question with its options in a drawn order; letters in the explanation follow.

    ``answer_at`` puts a single right answer at that position (the exam spreads its answers
    over the letters); the other options keep a drawn order.
    """
    letters = sorted(q["opties"])
    order = letters[:]
    rng.shuffle(order)
    if answer_at is not None and q["soort"] == "keuze":
        order.remove(q["antwoord"])
        order.insert(min(answer_at, len(letters) - 1), q["antwoord"])
    new_letter = {old: letters[i] for i, old in enumerate(order)}
    options = {new_letter[old]: q["opties"][old] for old in order}
    options = dict(sorted(options.items()))
    answer = (sorted(new_letter[a] for a in q["antwoord"]) if isinstance(q["antwoord"], list)
              else new_letter[q["antwoord"]])
    explanation = re.sub(r"\(([a-d])\)", lambda m: f"({new_letter.get(m.group(1), m.group(1))})",
                         q["toelichting"].strip())
    return Question(q["id"], q["doel"], q["leerdoel"], q["soort"], q["vraag"].strip(), options, answer,
                    explanation, q.get("casus"))


def testwise_items(questions: list[Question]) -> list[testwise.Item]:
    """The single-answer questions as the test-wise check sees them (options in shown order)."""
    return [testwise.Item(tuple(q.options.values()), list(q.options).index(q.answer))
            for q in questions if q.kind == "keuze"]


def _spread_positions(bank_questions: list[dict], rng: random.Random) -> list[int | None]:
    """A position for each single answer so that every letter is right about equally often."""
    positions: list[int | None] = [None] * len(bank_questions)
    single = [i for i, q in enumerate(bank_questions) if q["soort"] == "keuze"]
    width = min((len(bank_questions[i]["opties"]) for i in single), default=1)
    spread = [n % width for n in range(len(single))]
    rng.shuffle(spread)
    for i, position in zip(single, spread, strict=True):
        positions[i] = position
    return positions


def draw(bank: dict, seed: int = DEFAULT_SEED) -> tuple[list[Question], list[Question]]:
    """(general questions, case questions): one per course objective, one on working, all on the case.

    The answers are spread over the letters, and a draw in which always picking the longest
    or the shortest option beats guessing by more than half the margin of
    ``ketenles.models.testwise`` is drawn again (the same seed always ends at the same exam).
    """
    rng = random.Random(seed)
    general = [q for q in bank["vragen"] if not q.get("casus")]
    case = [q for q in bank["vragen"] if q.get("casus") == CASE]
    for _attempt in range(MAX_DRAWS):
        chosen = [rng.choice([q for q in general if q["leerdoel"] == WORKING])]
        for objective in COURSE_OBJECTIVES:
            chosen.append(rng.choice([q for q in general if q["leerdoel"] == objective]))
        picked = chosen + case
        drawn = [_shuffled(q, rng, at) for q, at in zip(picked, _spread_positions(picked, rng), strict=True)]
        scores = testwise.scores(testwise_items(drawn))
        # The build aims at half the margin the tests allow, so no exam sits on the line.
        if not scores.beating_chance(scores.margin / 2):
            return drawn[: len(chosen)], drawn[len(chosen):]
    raise SystemExit(f"no exam in {MAX_DRAWS} draws where test-wise guessing does not pay off; "
                     "rewrite the options of the bank (see tests/course/test_exam.py)")


def _nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _question_cells(number: int, q: Question) -> list:
    name = f"vraag_{number:02d}"
    letters = list(q.options)
    options = "\n".join(f"- **{letter}** — {text}" for letter, text in q.options.items())
    how = ("Geef alle juiste letters als lijst, bijvoorbeeld `[\"a\", \"b\"]`." if q.kind == "meer"
           else "Geef je antwoord als één letter tussen aanhalingstekens, bijvoorbeeld `\"a\"`.")
    quoted = ", ".join(f'"{letter}"' for letter in letters[:-1]) + f' of "{letters[-1]}"'
    if q.kind == "meer":
        placeholder = f"{name} = None  # een lijst met letters uit {quoted}"
        solution = f"{name} = {q.answer!r}".replace("'", '"')
        visible = (f"checks.check_type({name!r}, {name}, list)\n"
                   f"checks.check_all_in({name!r}, {name}, {letters!r})")
        hidden = f"checks.check_same_items({name!r}, {name}, {q.answer!r}, {HINT!r})"
    else:
        placeholder = f"{name} = None  # {quoted}"
        solution = f'{name} = "{q.answer}"'
        visible = (f"checks.check_type({name!r}, {name}, str)\n"
                   f"checks.check_in({name!r}, {name}.strip().lower(), {letters!r})")
        hidden = f"checks.check_equal({name!r}, {name}.strip().lower(), {q.answer!r}, {HINT!r})"
    return [
        new_markdown_cell(f"### Vraag {number} (1 punt)\n\n{q.text}\n\n{options}\n\n{how}"),
        new_code_cell(f"{placeholder}\n{MARKERS.block('solution', solution)}",
                      metadata=_nbgrader(q.id, grade=False, solution=True, locked=False)),
        new_code_cell(f"{visible}\n{MARKERS.block('hidden', hidden)}".replace("'", '"'),
                      metadata=_nbgrader(f"{q.id}_test", grade=True, solution=False, locked=True, points=1)),
    ]


def build(bank: dict, seed: int = DEFAULT_SEED, source: str = "course/oefenvragen.yaml",
          ) -> tuple[nbformat.NotebookNode, dict, str]:
    """(exam notebook, objectives mapping, key text) for one seed; ``source`` names the bank in the key."""
    general, case_questions = draw(bank, seed)
    case = bank["casussen"][CASE]
    open_questions = case["open"]
    auto = len(general) + len(case_questions)
    manual = sum(o["punten"] for o in open_questions)
    cells = [new_markdown_cell(f"""# Eindtoets — Ketensamenwerking is mensenwerk

**Tijd:** {MINUTES} minuten · **Punten:** {auto + manual} ({auto} automatisch nagekeken, {manual} door je docent)

Deze toets maak je **alleen**: zonder hulp van anderen en zonder de antwoorden van anderen. De
lessen, je aantekeningen en de casussen mag je gebruiken. Je schrijft de open vragen in je eigen
woorden. Na de toets kan je docent je uitnodigen voor een kort gesprek van tien minuten over je
antwoorden (de mondelinge check); dat hoort bij de toets.

De meerkeuzevragen zijn samen {auto} van de {auto + manual} punten. Met alleen die vragen haal je de
toets niet: de open vragen over de casus in deel B tellen het zwaarst.

**Zo werk je:**

- Vul in elke antwoordcel de waarde in op de plek van `None` en voer de cel uit. Een antwoord is
  altijd één letter tussen aanhalingstekens, of een lijst met letters. Je hoeft niet te programmeren.
- Voer daarna de testcel eronder uit. Een melding zegt alleen of de vorm van je antwoord klopt
  (een letter die als optie bestaat), niet of het antwoord juist is.
- Schrijf de open vragen in de cellen met *Schrijf hier je antwoord* (dubbelklik om te typen).
- Kies vóór het inleveren **Kernel › Kernel herstarten + Alle cellen uitvoeren…**, sla op en lever in via
  **Nbgrader › Assignment List**."""),
             new_code_cell("from ketenles.grading import checks"),
             new_markdown_cell("## Deel A — Losse vragen")]
    number = 0
    for q in general:
        number += 1
        cells += _question_cells(number, q)
    cells.append(new_markdown_cell(f"## Deel B — Een casus die je nog niet kent: {case['titel']}\n\n"
                                   f"{case['tekst'].strip()}"))
    for q in case_questions:
        number += 1
        cells += _question_cells(number, q)
    for item in open_questions:
        cells.append(new_markdown_cell(item["vraag"].strip()))
        cells.append(new_markdown_cell(
            "*Modelantwoord (wordt bij het uitdelen vervangen door een lege antwoordcel):*\n\n"
            + item["model"].strip(),
            metadata=_nbgrader(item["id"], grade=True, solution=True, locked=False, points=item["punten"])))
    for i, cell in enumerate(cells):
        cell["id"] = f"c{i:03d}"
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "ketenles": {"exam": {"seed": seed, "bank": source, "case": CASE,
                              "questions": [q.id for q in general + case_questions]}}})
    objectives = {
        "objectives": {**{o: f"Leerdoel {o} van de syllabus" for o in COURSE_OBJECTIVES},
                       WORKING: "Werken met de cursus en de notebooks (les 0)"},
        "questions": {**{f"{q.id}_test": [q.objective] for q in general + case_questions},
                      "open_diagnose": ["LD1", "LD2", "LD4"], "open_advies": ["LD5", "LD6"]},
    }
    return nb, objectives, _key(general + case_questions, open_questions, seed, source)


def _key(questions: list[Question], open_questions: list[dict], seed: int, source: str) -> str:
    lines = ["# Eindtoets — sleutel en toelichting", "",
             f"Gemaakt door `scripts/build_exam.py --seed {seed}` uit",
             f"`{source}`; niet met de hand bewerken. Gebruik de toelichting bij de",
             "nabespreking en bij de mondelinge check (`course/mondelinge-check.md`). De open vragen",
             "beoordeel je met `course/rubrics/eindtoets.md`.", ""]
    for number, q in enumerate(questions, 1):
        answer = ", ".join(q.answer) if isinstance(q.answer, list) else q.answer
        lines += [f"## Vraag {number} — `{q.id}` ({q.objective}, lesdoel {q.goal})", "",
                  f"**Antwoord: {answer}.** {' '.join(q.explanation.split())}", ""]
    for item in open_questions:
        lines += [f"## Open vraag `{item['id']}` ({item['punten']} punten)", "",
                  "Zie de rubric in `course/rubrics/eindtoets.md`.", ""]
    return "\n".join(lines)


def _inside_repository(path: Path) -> bool:
    path = path.expanduser().resolve()
    return path == ROOT or ROOT in path.parents


def write(seed: int = DEFAULT_SEED, bank: Path | None = None, course: Path | None = None) -> list[Path]:
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
    nb, objectives, key = build(load_bank(bank or BANK), seed, source)
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target / "eindtoets.ipynb")
    header = "# Objectives of the final test; written by scripts/build_exam.py, do not edit.\n"
    (target / "objectives.yaml").write_text(header + yaml.safe_dump(objectives, allow_unicode=True,
                                                                    sort_keys=False), encoding="utf-8")
    key_path.write_text(key + "\n", encoding="utf-8")
    if bank is not None:  # the exam and its key stay as private as the bank they were drawn from
        for path in (target / "eindtoets.ipynb", target / "objectives.yaml", key_path):
            path.chmod(0o600)
        target.chmod(0o700)
    return [target / "eindtoets.ipynb", target / "objectives.yaml", key_path]


def in_step(seed: int | None = None) -> list[str]:
    """The generated files that differ from what the bank gives (empty: all in step)."""
    committed = nbformat.read(TARGET / "eindtoets.ipynb", as_version=4)
    seed = committed.metadata["ketenles"]["exam"]["seed"] if seed is None else seed
    nb, objectives, key = build(load_bank(), seed)
    stale = []
    if nbformat.writes(nb) != nbformat.writes(committed):
        stale.append("assignments/eindtoets/eindtoets.ipynb")
    if yaml.safe_load((TARGET / "objectives.yaml").read_text(encoding="utf-8")) != objectives:
        stale.append("assignments/eindtoets/objectives.yaml")
    if KEY.read_text(encoding="utf-8") != key + "\n":
        stale.append("course/eindtoets-sleutel.md")
    return stale


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None, help=f"version of the exam (default {DEFAULT_SEED})")
    parser.add_argument("--check", action="store_true", help="only check that the files are in step")
    parser.add_argument("--bank", type=Path, help="the lecturer's own bank (ketenles toetsbank init), outside the "
                                                   "repository; default: the practice bank")
    parser.add_argument("--course", type=Path, help="the lecturer's nbgrader course folder (with --bank)")
    args = parser.parse_args(argv)
    if args.check:
        stale = in_step(args.seed)
        for path in stale:
            print(f"not in step with the bank: {path} (run python scripts/build_exam.py)")
        return 1 if stale else 0
    for path in write(DEFAULT_SEED if args.seed is None else args.seed, args.bank, args.course):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

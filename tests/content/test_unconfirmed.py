"""No graded item depends on a fact the course could not confirm (issue 20).

``content/data/unconfirmed.yaml`` lists facts that were once stated but could not be
found in an official document, with the phrases (cues) that show a text relies on
them. A graded item is the right answer of a lesson quiz or of the exam bank, with
the explanation a student gets for it, or a graded or solution cell of an
assignment. Such an item must not use a cue; a text that mentions the fact anyway
must say in the same sentence that it is unconfirmed.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from attribution_check import sentences
from paths import REPO
from yaml_text import strings

from ketenles.models.quiz import Matching, MultipleChoice, Ordering, SingleChoice
from ketenles.models.quiz_yaml import parse_quiz

DATA = REPO / "src" / "ketenles" / "content" / "data"
UNCONFIRMED = yaml.safe_load((DATA / "unconfirmed.yaml").read_text(encoding="utf-8"))
# Words that say, in the sentence itself, that a fact is not confirmed.
MARKED = re.compile(r"niet (?:kunnen )?(?:bevestig|nakijken|nagekeken|gevonden)|onbevestigd|nieuwsbericht|"
                    r"niet in het bit-advies|kon niet", re.IGNORECASE)


def _cues() -> dict[str, str]:
    return {cue.lower(): fact_id for fact_id, fact in UNCONFIRMED.items() for cue in fact["cues"]}


def graded_texts(question) -> list[str]:
    """What a student must accept as true to get the question right, with its feedback."""
    if isinstance(question, SingleChoice):
        return [question.prompt, question.options[question.correct], question.explanations[question.correct]]
    if isinstance(question, MultipleChoice):
        return [question.prompt, *(question.options[k] + " " + question.explanations[k] for k in question.correct)]
    if isinstance(question, Matching):
        return [question.prompt, *(question.items[k] + " " + question.explanations[k] for k in question.items)]
    if isinstance(question, Ordering):
        return [question.prompt, *question.items.values()]
    return [question.prompt, str(getattr(question, "explanation", ""))]


def lesson_questions() -> list[tuple[str, object]]:
    out = []
    for path in sorted((DATA / "quizzes").glob("*.yaml")):
        for quiz_id, questions in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for q in parse_quiz(yaml.safe_dump(questions, allow_unicode=True)):
                out.append((f"{path.name}:{quiz_id}", q))
    return out


def bank_texts() -> list[tuple[str, list[str]]]:
    bank = yaml.safe_load((REPO / "course" / "oefenvragen.yaml").read_text(encoding="utf-8"))
    out = []
    for q in bank["vragen"]:
        answer = q["antwoord"]
        # A case question whose answer follows from a varying fact (issue 19): every keyed option.
        values = answer["per_variant"].values() if isinstance(answer, dict) else [answer]
        answers = sorted({a for v in values for a in (v if isinstance(v, list) else [v])})
        out.append((f"oefenvragen.yaml:{q['id']}", [q["vraag"], *(q["opties"][a] for a in answers), q["toelichting"]]))
    return out


def findings(items: list[tuple[str, list[str]]]) -> list[str]:
    cues = _cues()
    return [f"{where}: '{cue}' ({cues[cue]})" for where, texts in items for text in texts
            for cue in cues if cue in text.lower()]


def assignment_texts() -> list[tuple[str, list[str]]]:
    """The graded and solution cells of every assignment: what its autograder accepts."""
    out = []
    for path in sorted(REPO.glob("assignments/*/*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") or meta.get("solution"):
                out.append((f"{path.name}#cel{i}", ["".join(cell["source"])]))
    return out


def graded_items() -> list[tuple[str, list[str]]]:
    return [(where, graded_texts(q)) for where, q in lesson_questions()] + bank_texts() + assignment_texts()


def test_the_register_names_a_case_a_claim_cues_and_what_was_checked():
    cases = {p.stem for p in (DATA / "cases").glob("*.yaml")}
    assert UNCONFIRMED
    for fact_id, fact in UNCONFIRMED.items():
        assert fact["case"] in cases, fact_id
        assert fact["claim"].strip() and fact["checked"].strip() and fact["cues"], fact_id
        assert all(c == c.lower() for c in fact["cues"]), fact_id


def test_no_graded_item_depends_on_an_unconfirmed_fact():
    found = findings(graded_items())
    assert not found, "\n".join(found)


def test_every_graded_item_is_read():
    where = {re.split(r"[:#]", w)[0] for w, _ in graded_items()}
    assert {"02-vijf-succesfactoren.yaml", "07-keteninformatisering.yaml", "oefenvragen.yaml",
            "ketenanalyse.ipynb", "regie-advies.ipynb", "vertrouwen.ipynb"} <= where


PLANTED = [
    # The matching item of lesson 02 as it was: the right answer rested on the BIT's reason.
    ("brp", Matching(prompt="Welke factor?",
                     items={"brp": "Het BIT noemde te weinig draagvlak bij de gemeenten.", "suwi": "Suwinet."},
                     choices={"draagvlak_top": "Draagvlak", "gezamenlijk_doel": "Doel"},
                     correct={"brp": "draagvlak_top", "suwi": "gezamenlijk_doel"},
                     explanations={"brp": "Zo is het.", "suwi": "Ja."})),
    ("bedrag", SingleChoice(prompt="Hoeveel extra?", options={"a": "Minstens 225 miljoen euro", "b": "Niets"},
                            correct="a", explanations={"a": "Juist.", "b": "Nee."})),
]


@pytest.mark.parametrize("name, question", PLANTED, ids=[p[0] for p in PLANTED])
def test_a_planted_item_that_depends_on_an_unconfirmed_fact_fails(name, question):
    assert findings([(name, graded_texts(question))])


def test_an_unconfirmed_fact_as_a_wrong_option_is_allowed():
    # Lesson 07 asks the student to see that the fragments do NOT show the amount.
    q = SingleChoice(prompt="Wat staat er?", options={"a": "Een uitloop in tijd en kosten", "b": "225 miljoen euro"},
                     correct="a", explanations={"a": "Ja.", "b": "Dat bedrag is niet nagekeken."})
    assert not findings([("fout-antwoord", graded_texts(q))])


def _course_sentences():
    for path in sorted((DATA / "cases").glob("*.yaml")):
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for s in sentences(text):
                yield path.name, s
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                for s in sentences("".join(cell["source"])):
                    yield path.name, s


def test_a_text_that_mentions_an_unconfirmed_fact_says_so():
    cues = _cues()
    unmarked = [f"{where}: {s}" for where, s in _course_sentences()
                for cue in cues if cue in s.lower() and not MARKED.search(s)]
    assert not unmarked, "\n".join(unmarked)

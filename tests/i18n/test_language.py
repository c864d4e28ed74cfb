"""Student-facing Dutch at B1-B2: short sentences, names quoted, who judges said, no pejoratives."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from paths import REPO
from yaml_text import strings

MAX_WORDS = 40
STRATEGY_NAMES = ("Leer om leer", "Gulle leer om leer", "Altijd eigen belang", "Wrok", "Altijd samenwerken")




def student_texts() -> list[tuple[str, str]]:
    """(where, text) for lesson and assignment text cells, quizzes, cases and Dutch messages."""
    out = []
    for nb_path in sorted([*REPO.glob("notebooks/*.ipynb"), *REPO.glob("assignments/*/*.ipynb")]):
        for i, cell in enumerate(json.loads(nb_path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                out.append((f"{nb_path.name}#cel{i}", "".join(cell["source"])))
    data, messages = REPO / "src" / "ketenles" / "content" / "data", REPO / "src" / "ketenles" / "i18n" / "nl"
    for y in sorted([*data.glob("quizzes/*.yaml"), *data.glob("cases/*.yaml"), *messages.glob("*.yaml")]):
        out.extend((y.name, s) for s in strings(yaml.safe_load(y.read_text(encoding="utf-8"))))
    return out


def sentences(text: str):
    """Sentences of running text: list items, headings, table rows and source lists are blocks."""
    for block in re.split(r"\n\s*\n|\n\s*[-*] |\n\s*\d+\. |\n#+ |\n\|", text):
        flat = " ".join(block.split())
        if flat.startswith(("|", "#")) or re.search(r"\(\d{4}\)[.,]", flat):  # tables, headings, references
            continue
        yield from re.split(r"(?<=[.!?])\s+(?=[A-Z'\"(*`])", flat)


def test_no_sentence_is_longer_than_40_words():
    long = [(where, len(re.findall(r"\w+", s)), s) for where, text in student_texts()
            for s in sentences(text) if len(re.findall(r"\w+", s)) > MAX_WORDS]
    assert not long, "\n".join(f"{w} [{n}] {s}" for w, n, s in long)


@pytest.mark.parametrize("phrase", ["sukkel", "de cursus geeft", "geeft de cursus", "de cursus schat"])
def test_no_pejoratives_and_the_course_makers_judge(phrase):
    hits = [where for where, text in student_texts() if phrase in text.lower()]
    assert not hits, (phrase, hits)


def test_strategy_names_in_running_text_are_quoted():
    for where, text in student_texts():
        if not where.startswith(("03-mensenwerk", "vertrouwen", "03-mensenwerk.yaml")):
            continue
        # The capitalised names, and "leer om leer", which is only ever a name ("altijd
        # samenwerken" in lower case is ordinary Dutch).
        for name in (*STRATEGY_NAMES, "leer om leer"):
            for m in re.finditer(re.escape(name), text):
                before = text[max(0, m.start() - 1):m.start()]
                # The widgets' display names carry the English name: 'Leer om leer (tit for tat)'.
                after = re.sub(r"^ \((?:tit for tat|grim trigger)\)", "", text[m.end():m.end() + 16])[:1]
                if name.lower() == "leer om leer" and text[:m.start()].lower().endswith("gulle "):
                    continue  # part of 'Gulle leer om leer'
                assert before == "'" and after == "'", (where, text[max(0, m.start() - 30):m.end() + 30])


@pytest.mark.parametrize("lesson, term, explanation", [
    ("05-geen-recept", "betweenness", "deel van die routes dat via die partner loopt"),
    ("05-geen-recept", "degree-centraliteit", "rechtstreeks informatie uitwisselt"),
])
def test_jargon_is_explained_where_it_is_used(lesson, term, explanation):
    cells = json.loads((REPO / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = " ".join(" ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").split())
    assert term in text and explanation in text

"""The course's rule for how long a lesson takes (docs/lesson-guide.md, "Estimated time").

reading   every word the lesson shows (its markdown and its quiz file: prompts,
          options, items and feedback) at 100 words a minute;
questions 3 minutes for each quiz question that is an exercise (claims quizzes included);
widgets   10 minutes for each other exercise that is not written (a ketenscan, a game,
          the bouwstenen of lesson 6);
writing   what the lesson asks ("drie tot vijf zinnen", "200 tot 300 woorden"): the upper
          bound at 7 words a minute, a sentence counted as 15 words;
cells     1 minute for each code cell to run and read (not the start and "done" cells);
rounded to the nearest 5 minutes.
"""

from __future__ import annotations

import re

import nbformat
import yaml
from paths import REPO
from yaml_text import strings

READING_WPM = 100
QUESTION_MINUTES = 3
WIDGET_MINUTES = 10
WRITING_WPM = 7
WORDS_PER_SENTENCE = 15
CELL_MINUTES = 1
NUMBERS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
           "negen": 9, "tien": 10}




def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def estimate(lesson_id: str) -> dict[str, float]:
    """The parts of a lesson's time by the rule, and ``minutes``, their rounded total."""
    nb = nbformat.read(REPO / "notebooks" / f"{lesson_id}.ipynb", as_version=4)
    markdown = " ".join(" ".join(c.source for c in nb.cells if c.cell_type == "markdown").split())
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    quiz_file = REPO / "src" / "ketenles" / "content" / "data" / "quizzes" / f"{lesson_id}.yaml"
    quizzes = yaml.safe_load(quiz_file.read_text(encoding="utf-8")) if quiz_file.exists() else {}
    question_ids = {q["id"] for questions in quizzes.values() for q in questions}
    question_ids |= set(re.findall(r'claims_quiz\(\[[^\]]*\],\s*"([^"]+)"', code, re.S))
    exercises = nb.metadata["ketenles"]["exercises"]
    written = [e for e in exercises if e.startswith(("reflectie", "advies"))]
    questions = [e for e in exercises if e in question_ids]
    widgets = [e for e in exercises if e not in question_ids and e not in written]
    asked = 0.0
    for _low, high, unit in re.findall(r"\b(\w+) tot (?:en met )?(\w+) (woorden|zinnen)\b", markdown):
        count = int(high) if high.isdigit() else NUMBERS[high.lower()]
        asked += count * (WORDS_PER_SENTENCE if unit == "zinnen" else 1)
    cells = [c for c in nb.cells if c.cell_type == "code"
             and "lessons.start(" not in c.source
             and not re.fullmatch(r"\s*lessons\.done\([^)]*\)\s*", c.source)]
    parts = {
        "reading": (_words(markdown) + sum(_words(s) for s in strings(quizzes))) / READING_WPM,
        "questions": len(questions) * QUESTION_MINUTES,
        "widgets": len(widgets) * WIDGET_MINUTES,
        "writing": asked / WRITING_WPM,
        "cells": len(cells) * CELL_MINUTES,
    }
    parts["minutes"] = 5 * round(sum(parts.values()) / 5)
    return parts

"""The 'wie zei wat' quizzes of the lessons: each asks statements no other lesson's quiz asks.

A statement that comes back in a later lesson's claims quiz is remembered, not
learned: every lesson asks its own statements of the seminar (issue 25).
"""

from __future__ import annotations

import ast
from collections import defaultdict

import nbformat
from lesson_source import calls_in
from paths import REPO

from ketenles import seminar

LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))


def claims_asked(nb: nbformat.NotebookNode) -> list[str]:
    """The statement ids every ``claims_quiz([...], ...)`` call of a notebook asks, in order."""
    asked = []
    for call in calls_in(nb, "claims_quiz"):
        asked += ast.literal_eval(call.args[0])
    return asked


def reused(quizzes: dict[str, list[str]]) -> dict[str, list[str]]:
    """statement id -> the lessons whose claims quizzes ask it, for each asked by more than one."""
    where = defaultdict(list)
    for lesson, claim_ids in quizzes.items():
        for claim_id in dict.fromkeys(claim_ids):
            where[claim_id].append(lesson)
    return {claim_id: lessons for claim_id, lessons in where.items() if len(lessons) > 1}


def course_quizzes() -> dict[str, list[str]]:
    found = {path.stem: claims_asked(nbformat.read(path, as_version=4)) for path in LESSONS}
    return {lesson: claim_ids for lesson, claim_ids in found.items() if claim_ids}


def test_no_statement_is_asked_in_two_lessons():
    quizzes = course_quizzes()
    # The four lessons with a claims quiz are all read; an empty result proves nothing.
    assert set(quizzes) >= {"01-wat-is-een-keten", "02-vijf-succesfactoren", "03-mensenwerk",
                            "04-netwerkbestuurder"}
    assert reused(quizzes) == {}


def test_every_asked_statement_is_a_statement_of_the_seminar():
    known = {c.id for c in seminar.claims()}
    for lesson, claim_ids in course_quizzes().items():
        assert set(claim_ids) <= known, lesson
        assert len(claim_ids) == len(set(claim_ids)), f"{lesson} asks a statement twice in one quiz"


def test_a_statement_planted_in_a_second_lesson_is_found():
    # The real lessons, plus a planted copy of lesson 4 whose quiz also asks one of lesson 3's
    # statements: the check must name that statement and both lessons.
    quizzes = course_quizzes()
    planted_claim = quizzes["03-mensenwerk"][0]
    nb = nbformat.read(REPO / "notebooks" / "04-netwerkbestuurder.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "claims_quiz(" in c.source)
    cell.source = cell.source.replace('claims_quiz([', f'claims_quiz(["{planted_claim}", ', 1)
    quizzes["04-netwerkbestuurder"] = claims_asked(nb)
    assert planted_claim in quizzes["04-netwerkbestuurder"]
    assert reused(quizzes) == {planted_claim: ["03-mensenwerk", "04-netwerkbestuurder"]}

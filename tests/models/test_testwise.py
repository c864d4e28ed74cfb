"""Test-wise guessing: the strategies' scores, and the lesson quizzes held to the bound.

A student who always picks the longest option, the shortest, or the same position must do
no better than guessing plus the margin ``ketenles.models.testwise`` states (a tenth of the
items, at least one). The question bank and every drawn exam are checked against the same
bound in tests/course/test_exam.py.
"""

from __future__ import annotations

import pytest
import yaml
from paths import SRC

from ketenles.models import testwise
from ketenles.models.quiz import SingleChoice
from ketenles.models.quiz_yaml import quiz_from_data

QUIZ_FILES = sorted((SRC / "content" / "data" / "quizzes").glob("*.yaml"))


def _item(options, correct):
    return testwise.Item(tuple(options), correct)


def test_a_bank_where_the_longest_option_is_right_is_caught():
    items = [_item(["kort", "een veel langer en uitgebreider antwoord", "middel lang"], 1)] * 10
    result = testwise.scores(items)
    assert result.longest == 10 and result.shortest == 0
    assert result.chance == pytest.approx(10 / 3)
    assert set(result.beating_chance()) == {"longest", "same_letter"}
    assert result.same_letter_position == 1


def test_ties_count_as_a_fair_pick_among_the_tied_options():
    result = testwise.scores([_item(["even lang", "even lang", "kort"], 0)])
    assert result.longest == pytest.approx(0.5)
    assert result.shortest == 0


def test_spread_answers_and_lengths_pass():
    texts = ["aaaa", "bbbbbbbb", "cccccc"]
    items = [_item(texts, i % 3) for i in range(30)]
    result = testwise.scores(items)
    assert result.longest == result.shortest == result.same_letter == 10
    assert result.beating_chance() == {}


def test_the_margin_is_a_tenth_of_the_items_and_at_least_one():
    assert testwise.scores([_item(["a", "bb"], 0)] * 5).margin == 1
    assert testwise.scores([_item(["a", "bb"], 0)] * 40).margin == pytest.approx(4)


def test_an_item_without_a_right_option_is_refused():
    with pytest.raises(ValueError):
        testwise.Item(("alleen",), 0)
    with pytest.raises(ValueError):
        testwise.Item(("a", "b"), 2)


def _lesson_single_choice():
    for path in QUIZ_FILES:
        for questions in yaml.safe_load(path.read_text(encoding="utf-8")).values():
            for q in quiz_from_data(questions):
                if isinstance(q, SingleChoice):
                    yield path.stem, q


def test_the_lesson_quizzes_do_not_reward_test_wise_guessing():
    """Over all single-answer quiz items of the lessons, in the order a student sees them."""
    items = [_item(list(q.options.values()), list(q.options).index(q.correct))
             for _, q in _lesson_single_choice()]
    assert len(items) >= 8
    result = testwise.scores(items)
    assert result.beating_chance() == {}, result.line()

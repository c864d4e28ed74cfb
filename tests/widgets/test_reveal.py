"""Predict first, then look: a prepared outcome waits behind a button, also under Run All."""

import pytest

from ketenles.display.pairs import same_strategy_pairs
from ketenles.errors import ArgumentError
from ketenles.widgets.reveal import Reveal


def test_the_outcome_is_shown_only_after_the_click():
    table = same_strategy_pairs(["tit_for_tat", "grim_trigger"], noise=0.05, repetitions=5)
    reveal = Reveal(table)
    assert not reveal.shown and reveal.output.value == ""  # what Run All leaves on screen
    assert reveal.button.description and reveal.button.tooltip  # a labelled control
    reveal.button.click()
    assert reveal.shown and reveal.output.value == table._repr_html_() and reveal.button.disabled


def test_something_that_cannot_be_shown_is_refused_in_dutch():
    with pytest.raises(ArgumentError, match="_repr_html_"):
        Reveal(42)


def test_an_outcome_after_a_prediction_quiz_waits_until_the_quiz_is_answered():
    from ketenles.notebook import lessons

    quiz = lessons.quiz("03-mensenwerk", "voorspel-ruis")
    table = same_strategy_pairs(["tit_for_tat", "grim_trigger"], noise=0.05, repetitions=5)
    reveal = lessons.reveal(table, after="voorspel-ruis")
    assert reveal.button.disabled and reveal.waiting
    reveal.button.click()
    reveal.show()  # not even from code: the prediction comes first
    assert not reveal.shown
    quiz.set_answer("a")  # a wrong prediction is a prediction too
    quiz.submit()
    assert not reveal.button.disabled
    reveal.button.click()
    assert reveal.shown and reveal.button.disabled


def test_an_answered_quiz_leaves_the_outcome_free_and_a_wrong_waiting_target_is_refused():
    from ketenles.notebook import lessons

    quiz = lessons.quiz("03-mensenwerk", "voorspel-ruis")
    quiz.set_answer("b")
    quiz.submit()
    table = same_strategy_pairs(["tit_for_tat"], noise=0.05, repetitions=5)
    assert not lessons.reveal(table, after="voorspel-ruis").button.disabled
    with pytest.raises(ArgumentError):
        Reveal(table, wait_for="voorspel-ruis")


def test_a_reveal_whose_quiz_never_ran_says_so_in_dutch():
    from ketenles.errors import KetenlesError
    from ketenles.i18n import msg
    from ketenles.notebook import lessons

    table = same_strategy_pairs(["tit_for_tat"], noise=0.05, repetitions=5)
    with pytest.raises(KetenlesError) as refused:
        lessons.reveal(table, after="bestaat-niet")
    assert str(refused.value) == msg("lessons.reveal_needs_quiz", quiz="bestaat-niet")

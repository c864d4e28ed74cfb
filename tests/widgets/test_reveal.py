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

"""Niceness (never the first to defect) follows what a strategy does, not its id."""

from __future__ import annotations

import pytest

from ketenles.i18n import msg
from ketenles.models.cooperation import explain, strategy, tournament


@pytest.mark.parametrize(("strategy_id", "params", "nice"), [
    ("cooperator", {}, True),
    ("tit_for_tat", {}, True),
    ("generous_tit_for_tat", {}, True),
    ("grim_trigger", {}, True),
    ("win_stay_lose_shift", {}, True),
    ("trust", {}, True),
    ("trust", {"threshold": 0.6}, False),   # opens with a defection
    ("trust", {"threshold": 0.4}, True),
    ("random", {}, False),
    ("random", {"p": 1.0}, True),
    ("defector", {}, False),
])
def test_nice_is_decided_by_play(strategy_id, params, nice):
    assert strategy(strategy_id, **params).nice is nice


def test_explain_calls_a_winner_that_opens_with_defection_not_nice():
    suspicious = strategy("trust", threshold=0.6)
    result = tournament([suspicious, "cooperator"], self_play=False, repetitions=2, seed=1)
    assert result.winner == suspicious.label
    text = explain(result)
    assert msg("cooperation.explain.winner_nasty") in text
    assert msg("cooperation.explain.winner_nice") not in text

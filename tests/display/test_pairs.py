"""The pair table: each strategy against a copy of itself, shown as an accessible table."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenles.display.pairs import same_strategy_pairs
from ketenles.errors import ArgumentError
from ketenles.models.cooperation import STRATEGY_IDS, play_match


def test_each_row_is_a_strategy_against_itself_in_the_given_order():
    table = same_strategy_pairs(["grim_trigger", "tit_for_tat"], noise=0.05, repetitions=20)
    assert [r.players for r in table.results] == [("grim_trigger",) * 2, ("tit_for_tat",) * 2]
    direct = play_match("grim_trigger", "grim_trigger", noise=0.05, repetitions=20, seed=1)
    assert table.results[0].mean_scores == direct.mean_scores


def test_the_table_has_a_caption_headers_and_dutch_numbers():
    table = same_strategy_pairs(["tit_for_tat", "defector"], rounds=10, repetitions=1)
    page = table._repr_html_()
    assert "<caption>" in page and page.count("<th scope='col'>") == 3
    assert page.count("<th scope='row'>") == 2
    assert "3,00" in page and "1,00" in page and "100%" in page and "0%" in page
    assert "elk 3)" in page  # the reward named in the header, without decimals
    text = str(table)
    assert "Leer om leer" in text and "Altijd eigen belang" in text and "<" not in text


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(STRATEGY_IDS), min_size=1, max_size=4, unique=True),
       st.floats(0, 0.2))
def test_the_order_of_the_list_does_not_change_a_pair(ids, noise):
    forward = same_strategy_pairs(ids, noise=noise, rounds=20, repetitions=3)
    backward = same_strategy_pairs(list(reversed(ids)), noise=noise, rounds=20, repetitions=3)
    by_id = {r.players[0]: r.mean_scores for r in backward.results}
    for r in forward.results:
        assert r.mean_scores == by_id[r.players[0]]
        assert 0 <= r.mutual_cooperation <= 1


@pytest.mark.parametrize("bad", ["tit_for_tat", [], ["tit_for_tat"] * 9, 3])
def test_a_wrong_list_gets_a_dutch_message(bad):
    with pytest.raises(ArgumentError, match="lijst"):
        same_strategy_pairs(bad)


def test_an_unknown_strategy_is_named_in_dutch():
    with pytest.raises(ArgumentError, match="strategie"):
        same_strategy_pairs(["tit_for_tat", "aardig"])

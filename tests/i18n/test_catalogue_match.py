"""The test helper that reads a message back as (key, values): it must also say no."""

from __future__ import annotations

from catalogue_match import contains, keys, parse

from ketenles.i18n import msg

KEY = "cooperation_widgets.game.status_next"


def test_a_message_reads_back_as_its_key_and_values():
    assert parse(msg(KEY, number=2, rounds=5)) == (KEY, {"number": "2", "rounds": "5"})
    assert keys([msg(KEY, number=1, rounds=1), "geen bericht uit de catalogus"]) == [KEY, None]


def test_an_edited_or_foreign_text_is_not_a_message():
    shown = msg(KEY, number=2, rounds=5)
    literal = shown.split("2")[0]  # the words before the first value
    assert parse(shown.replace(literal, literal.upper())) is None
    # A value takes any text, so a test that cares about it says so:
    assert parse(shown + " En nog iets.")[1] != {"number": "2", "rounds": "5"}
    assert parse("Kies je zet.") is None


def test_contains_checks_the_values_it_is_given():
    text = "Eerst dit. " + msg(KEY, number=3, rounds=4) + " Dan dat."
    assert contains(text, KEY) and contains(text, KEY, number=3, rounds=4)
    assert not contains(text, KEY, number=2)
    assert not contains("Eerst dit. Dan dat.", KEY)

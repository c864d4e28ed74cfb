"""The message catalogue: complete, consistent, and covering every key the code uses."""

import re

import pytest
from paths import REPO

from ketenles import i18n as messages
from ketenles.i18n import catalogue, msg, placeholders

LITERAL_KEY = re.compile(r"""msg\(\s*["']([a-z0-9_.]+)["']""")
FSTRING_PREFIX = re.compile(r"""msg\(\s*f["']([a-z0-9_.]+)\.\{""")
HINT_KEY = re.compile(r"""["'](grading\.hints\.[a-z0-9_]+|grading_hints\.[a-z0-9_.]+)["']""")


def _sources():
    for path in (REPO / "src" / "ketenles").rglob("*.py"):
        yield path, path.read_text(encoding="utf-8")
    for path in [*(REPO / "notebooks").glob("*.ipynb"), *(REPO / "assignments").rglob("*.ipynb")]:
        yield path, path.read_text(encoding="utf-8")


def test_every_literal_key_in_the_code_exists_in_dutch():
    nl = catalogue("nl")
    missing = [(p.name, key) for p, text in _sources() for key in LITERAL_KEY.findall(text) + HINT_KEY.findall(text)
               if key not in nl]
    assert not missing


def test_every_computed_key_prefix_has_entries():
    nl = catalogue("nl")
    prefixes = {key for _, text in _sources() for key in FSTRING_PREFIX.findall(text)}
    assert prefixes, "the scan found no computed keys: the pattern is broken"
    for prefix in prefixes:
        assert any(k.startswith(prefix + ".") for k in nl), prefix


def test_translations_use_only_dutch_keys_with_the_same_placeholders():
    nl = catalogue("nl")
    for language in messages.available_languages():
        for key, text in catalogue(language).items():
            assert key in nl, f"{language}: {key} is not in the Dutch catalogue"
            assert placeholders(text) == placeholders(nl[key]), f"{language}: {key}"


def test_missing_translation_falls_back_to_dutch():
    messages.set_language("en")
    try:
        assert msg("errors.heading") == "Note"
        assert msg("scan.widget.heading") == catalogue("nl")["scan.widget.heading"]
    finally:
        messages.set_language("nl")


def test_unknown_language_and_key_are_reported():
    with pytest.raises(ValueError, match="Taal"):
        messages.set_language("xx")
    with pytest.raises(KeyError, match="not.a.key"):
        msg("not.a.key")


def test_values_are_filled_in():
    text = msg("errors.argument", argument="x", got="1 (int)", allowed="tekst")
    assert "'x'" in text and "1 (int)" in text and "tekst" in text

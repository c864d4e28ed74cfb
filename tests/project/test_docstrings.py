"""The examples in the library's docstrings run and give what they show."""

import doctest
import importlib
import pkgutil

import pytest

import ketenles

MODULES = sorted(m.name for m in pkgutil.walk_packages(ketenles.__path__, "ketenles."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.setenv("KETENLES_PROGRESS", str(tmp_path / "progress.json"))
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


# The simulation core says of itself that it is internal: match and tournament are its examples.
INTERNAL = {"ketenles.models.cooperation.engine"}


def test_every_model_shows_an_example():
    # A reader learns a model from a small example that runs (as in data-8's datascience).
    finder = doctest.DocTestFinder()
    public = [n for n in MODULES if n.startswith("ketenles.models.") and not n.rsplit(".", 1)[1].startswith("_")
              and not hasattr(importlib.import_module(n), "__path__") and n not in INTERNAL]
    without = [n for n in public if not any(t.examples for t in finder.find(importlib.import_module(n)))]
    assert public and not without, f"models without a docstring example: {without}"


def test_no_example_is_skipped():
    # Widgets are built without a kernel, so their examples run like any other;
    # a skipped example is one nobody checks any more.
    finder = doctest.DocTestFinder()
    skipped = [f"{test.name} line {example.lineno}" for name in MODULES
               for test in finder.find(importlib.import_module(name))
               for example in test.examples if example.options.get(doctest.SKIP)]
    assert not skipped, f"skipped docstring examples: {skipped}"

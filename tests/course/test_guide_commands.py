"""The README and the guides name only commands that exist.

Every fenced shell block in the lecturer-facing documents is read line by line;
each ``nbgrader X`` must be a subcommand of the installed nbgrader (0.9.6 has
no ``nbgrader formgrader``: formgrader is the JupyterLab extension), each
``ketenles X`` a subcommand of the ``ketenles`` command, and every ``--option``
given to ``ketenles X`` an option of that subcommand.
"""

from __future__ import annotations

import argparse
import re
import shlex

import pytest
from nbgrader.apps.nbgraderapp import NbGraderApp
from paths import REPO

from ketenles.cli import build_parser, subcommands

DOCUMENTS = ["README.md", "course/lecturer-guide.md", "course/deployment/README.md"]
FENCE = re.compile(r"```(?:bash|sh|shell|console)\n(.*?)```", re.S)


def shell_commands(text: str) -> list[list[str]]:
    """The commands of every fenced shell block: comments dropped, split at ``&&``, ``;`` and ``|``."""
    commands = []
    for block in FENCE.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            for part in re.split(r"&&|;|\|", line):
                words = shlex.split(part, comments=True)
                while words and "=" in words[0] and not words[0].startswith("-"):
                    words = words[1:]  # VAR=value prefixes
                if words:
                    commands.append(words)
    return commands


def _ketenles_options(name: str) -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {opt for a in action.choices[name]._actions for opt in a.option_strings}


def test_the_parser_finds_the_commands_it_checks():
    commands = shell_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert ["ketenles", "autograde", "ketenanalyse", "--workers", "2"] in commands
    assert any(c[:2] == ["nbgrader", "collect"] for c in commands)
    with pytest.raises(AssertionError):
        _check(["nbgrader formgrader"], "voorbeeld")


def _check(lines: list[str], where: str) -> None:
    nbgrader = set(NbGraderApp.subcommands)
    ketenles = set(subcommands())
    text = "```bash\n" + "\n".join(lines) + "\n```"
    wrong = []
    for words in shell_commands(text):
        if words[0] == "nbgrader" and len(words) > 1 and not words[1].startswith("-") and words[1] not in nbgrader:
            wrong.append(" ".join(words))
        if words[0] == "ketenles" and len(words) > 1 and not words[1].startswith("-"):
            if words[1] not in ketenles:
                wrong.append(" ".join(words))
                continue
            options = _ketenles_options(words[1])
            wrong += [f"{' '.join(words)} ({w})" for w in words[2:]
                      if w.startswith("--") and w.split("=")[0] not in options]
    assert not wrong, f"{where} names commands that do not exist: {wrong}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_documents_name_only_existing_commands(document):
    text = (REPO / document).read_text(encoding="utf-8")
    lines = [line for block in FENCE.findall(text) for line in block.replace("\\\n", " ").splitlines()]
    assert lines, f"{document} has no shell blocks"
    _check(lines, document)


@pytest.mark.parametrize("document", ["README.md", "course/lecturer-guide.md"])
def test_prose_does_not_name_the_missing_formgrader_command(document):
    assert "nbgrader formgrader" not in (REPO / document).read_text(encoding="utf-8")


def test_guide_uses_the_formgraders_own_words_and_says_where_the_exchange_is():
    guide = (REPO / "course" / "lecturer-guide.md").read_text(encoding="utf-8")
    assert "Manage Submissions" not in guide and "Formgrader →\nManual Grading" in guide
    step3 = guide[guide.index("## 3."):guide.index("## 4.")]
    student_commands = [c for c in shell_commands(step3) if c[:1] == ["nbgrader"]]
    assert student_commands and all(any(w.startswith("--Exchange.root=") for w in c) for c in student_commands)

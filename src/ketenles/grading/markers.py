"""nbgrader's markers for solutions and hidden tests: the one place that knows them.

A lecturer's source notebook marks what students must never see with lines such
as ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` and ``### BEGIN HIDDEN TESTS``
... ``### END HIDDEN TESTS`` (nbgrader's defaults). A course may choose other
words in its ``nbgrader_config.py`` (``ClearSolutions.begin_solution_delimeter``
and friends, nbgrader's spelling); :func:`course_markers` reads them from there,
so the self-study versions, the worked solutions, the feedback filter and the
leak checks strip and look for what that course really uses.

>>> m = Markers()
>>> m.hidden_block.sub("", "check(x)\\n### BEGIN HIDDEN TESTS\\nassert x == 7\\n### END HIDDEN TESTS\\n")
'check(x)\\n'
>>> m.found_in("x = 1  # BEGIN SOLUTION")
['BEGIN SOLUTION']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# nbgrader's configurable names, as (class, trait) -> our field
_CONFIG = {("ClearSolutions", "begin_solution_delimeter"): "begin_solution",
           ("ClearSolutions", "end_solution_delimeter"): "end_solution",
           ("ClearHiddenTests", "begin_test_delimeter"): "begin_hidden",
           ("ClearHiddenTests", "end_test_delimeter"): "end_hidden",
           ("ClearMarkScheme", "begin_mark_scheme_delimeter"): "begin_mark_scheme",
           ("ClearMarkScheme", "end_mark_scheme_delimeter"): "end_mark_scheme"}


@dataclass(frozen=True)
class Markers:
    """The marker words of one course (nbgrader's defaults unless the course changed them)."""

    begin_solution: str = "BEGIN SOLUTION"
    end_solution: str = "END SOLUTION"
    begin_hidden: str = "BEGIN HIDDEN TESTS"
    end_hidden: str = "END HIDDEN TESTS"
    begin_mark_scheme: str = "BEGIN MARK SCHEME"
    end_mark_scheme: str = "END MARK SCHEME"

    @property
    def all(self) -> tuple[str, ...]:
        """Every marker: none of them may appear in anything a student receives."""
        return (self.begin_solution, self.end_solution, self.begin_hidden, self.end_hidden,
                self.begin_mark_scheme, self.end_mark_scheme)

    def found_in(self, text: str) -> list[str]:
        """The markers that occur in ``text`` (empty when it is clean)."""
        return [marker for marker in self.all if marker in text]

    @cached_property
    def solution_block(self) -> re.Pattern:
        """A solution block; group 1 is the lecturer's solution between the marker lines."""
        return re.compile(rf"[^\n]*{re.escape(self.begin_solution)}[^\n]*\n?(.*?)"
                          rf"[^\n]*{re.escape(self.end_solution)}[^\n]*\n?", re.DOTALL)

    @cached_property
    def hidden_block(self) -> re.Pattern:
        """A hidden-test block, marker lines included; group 1 is the hidden code."""
        return re.compile(rf"[^\n]*{re.escape(self.begin_hidden)}[^\n]*\n?(.*?)"
                          rf"[^\n]*{re.escape(self.end_hidden)}[^\n]*\n?", re.DOTALL)

    def block(self, kind: str, code: str) -> str:
        """``code`` between the marker lines of ``kind`` ("solution" or "hidden"), as nbgrader reads it."""
        begin, end = {"solution": (self.begin_solution, self.end_solution),
                      "hidden": (self.begin_hidden, self.end_hidden)}[kind]
        return f"### {begin}\n{code}\n### {end}"


DEFAULT = Markers()


def course_markers(course_dir: str | Path | None = None) -> Markers:
    """The markers of the course in ``course_dir`` (its ``nbgrader_config.py``), else the defaults.

    Only the config file's own assignments are read (traitlets' loader), nothing
    of the lecturer's environment; a course without a config uses nbgrader's defaults.
    """
    if course_dir is None:
        return DEFAULT
    path = Path(course_dir) / "nbgrader_config.py"
    if not path.is_file():
        return DEFAULT
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(path.name, str(path.parent)).load_config()
    chosen = {field: config[cls][trait] for (cls, trait), field in _CONFIG.items()
              if cls in config and trait in config[cls]}
    return Markers(**chosen) if chosen else DEFAULT

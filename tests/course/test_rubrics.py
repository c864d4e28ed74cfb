"""Rubrics anchor the middle band: an example just below and one just above the written minimum.

The written minimum (40% of the written points: 2,4 of 6 per assignment, 6 of 15 in the exam)
decides whether a part can pass, so two graders must agree most where an answer is close to it.
"""

from __future__ import annotations

import re

import pytest
from paths import COURSE

MINIMUM = 0.4


def _number(text: str) -> float:
    return float(text.replace(",", "."))


@pytest.mark.parametrize("assignment", ["ketenanalyse", "vertrouwen", "regie-advies"])
def test_each_assignment_rubric_has_anchors_on_both_sides_of_the_written_minimum(assignment):
    text = (COURSE / "rubrics" / f"{assignment}.md").read_text(encoding="utf-8")
    below = re.search(r"\*\*Totaal (\d+(?:,\d+)?) van (\d+): onder het minimum\.\*\*", text)
    above = re.search(r"\*\*Totaal (\d+(?:,\d+)?) van (\d+): net erboven\.\*\*", text)
    assert below and above, assignment
    for match in (below, above):
        assert _number(match.group(2)) == 6
    assert _number(below.group(1)) < MINIMUM * 6 <= _number(above.group(1))
    assert _number(above.group(1)) - _number(below.group(1)) <= 1  # close to the line, not far apart


def test_the_exam_rubric_anchors_both_sides_of_its_written_minimum():
    text = (COURSE / "rubrics" / "eindtoets.md").read_text(encoding="utf-8")
    totals = [_number(t) for t in re.findall(r"(\d+) van 15:\s+(?:onder het minimum|net erboven)", text)]
    assert len(totals) == 2
    assert totals[0] < MINIMUM * 15 <= totals[1]

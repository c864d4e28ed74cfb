"""Synthesis: gather a student's analyses of one chain into an outline for an advice.

The outline is scaffolding, not the advice itself: it puts the ketenscan, the
dilemma positions and the governance fit side by side and asks the questions
about the seminar's overarching factors (initiative, trust, commitment) that the
student answers in their own words.

>>> from ketenles import load_case, score_scan
>>> case = load_case("suwi-keten")
>>> outline = advice_outline(case, score_scan(case.scan_scores()))
>>> [section.heading for section in outline.sections][:2]
['De keten en haar dominante ketenprobleem', 'Zwakste schakels volgens de ketenscan']
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ketenles.content import seminar
from ketenles.content.cases import Case
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.scan import ScanResult


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    case_id: str
    sections: tuple[Section, ...]

    def text(self) -> str:
        return "\n\n".join(f"{s.heading}\n" + "\n".join(f"- {line}" for line in s.lines) for s in self.sections)

    def _repr_html_(self) -> str:
        parts = [f"<h4>{html.escape(msg('synthesis.title'))}</h4>"]
        for section in self.sections:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in section.lines)
            parts.append(f"<p><strong>{html.escape(section.heading)}</strong></p><ul>{items}</ul>")
        return "".join(parts)


def advice_outline(case: Case, scan: ScanResult, dilemmas=None, governance=None) -> Outline:
    """An outline for advising ``case`` from the student's own analyses.

    ``scan``: a ketenscan result (e.g. ``ScanExercise.result``); ``dilemmas``: a
    DilemmaReading (``DilemmaExplorer.reading``) or None; ``governance``: an
    Advice (``GovernanceAdvisor.advice``) or None.
    """
    from ketenles.models.dilemmas import DilemmaReading
    from ketenles.models.governance import Advice

    if not isinstance(case, Case):
        raise ArgumentError("case", case, msg("widgets.expect.case"))
    if not isinstance(scan, ScanResult):
        raise ArgumentError("scan", scan, msg("scan.expect.result"))
    if dilemmas is not None and not isinstance(dilemmas, DilemmaReading):
        raise ArgumentError("dilemmas", dilemmas, msg("synthesis.expect.dilemmas"))
    if governance is not None and not isinstance(governance, Advice):
        raise ArgumentError("governance", governance, msg("synthesis.expect.governance"))

    sections = [
        Section(msg("synthesis.chain"),
                (case.summary, msg("synthesis.problem", text=case.dominant_chain_problem.text))),
        Section(msg("synthesis.scan"), (scan.verdict, *scan.advice)),
    ]
    if dilemmas is not None:
        combined = dilemmas.combined
        sections.append(Section(msg("synthesis.dilemmas"), (combined.title, combined.text,
                                                            msg("dilemmas.label.watch", text=combined.watch))))
    else:
        sections.append(Section(msg("synthesis.dilemmas"), (msg("synthesis.missing.dilemmas"),)))
    if governance is not None:
        sections.append(Section(msg("synthesis.governance"), (governance.headline,
                                                              *governance.compare_with_case(case))))
    else:
        sections.append(Section(msg("synthesis.governance"), (msg("synthesis.missing.governance"),)))
    questions = tuple(msg(f"synthesis.questions.{o.id}", chain=case.name) for o in seminar.overarching_factors())
    sections.append(Section(msg("synthesis.overarching"), questions))
    return Outline(case.id, tuple(sections))

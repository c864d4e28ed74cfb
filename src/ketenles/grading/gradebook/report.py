"""A class report for one assignment: what did the class learn, and what not?

Reads every grade of the assignment from the gradebook and draws two
accessible figures (via :mod:`ketenles.display.charts`): per question how many students
got all, some or none of the points, and per learning objective the mean share
of points. The mapping question -> objectives comes from ``objectives.yaml``
beside the assignment notebook::

    objectives:
      ketenscan: "Een ketenscan lezen zonder er meer uit te halen dan erin zit"
    questions:
      q3_lezing_test: [ketenscan]

The report is a folder with the PNG files, ``report.md`` and ``report.html``
(alt texts, figure captions and a table with the same numbers).

>>> objective_scores({"q1": [1.0, 0.5]}, {"q1": ["doel"]})
{'doel': 0.75}
"""

from __future__ import annotations

import html
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ketenles.display import charts
from ketenles.errors import ArgumentError
from ketenles.grading.gradebook.reader import GradebookReader
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number, format_percent

HATCHES = ("", "//", "..", "xx")


@dataclass
class ClassScores:
    """Per grade cell: its maximum and every student's score (``None``: not graded yet)."""

    assignment: str
    max_scores: dict[str, float]
    scores: dict[str, list[float | None]] = field(default_factory=dict)

    @property
    def students(self) -> int:
        return max((len(v) for v in self.scores.values()), default=0)

    def fractions(self, question: str) -> list[float]:
        top = self.max_scores[question]
        return [s / top for s in self.scores[question] if s is not None and top]


def load_scores(database: str | Path, assignment: str) -> ClassScores:
    with GradebookReader(database) as gradebook:
        cells = gradebook.grade_cells(assignment)
        if not cells:
            raise ArgumentError("assignment", assignment, msg("grading_workflow.expect.assignment"))
        graded = [c for c in gradebook.cell_grades(assignment) if c.has_grade]
    result = ClassScores(assignment, dict(cells), {name: [] for name, _ in cells})
    for cell in graded:
        result.scores[cell.cell].append(cell.score)
    return result


def load_objectives(path: str | Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``(objectives, questions)`` from an objectives.yaml file."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        objectives, questions = dict(data["objectives"]), {q: list(o) for q, o in data["questions"].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
        raise ArgumentError("objectives", str(path), msg("grading_workflow.expect.objectives")) from None
    if any(o not in objectives for os_ in questions.values() for o in os_):
        raise ArgumentError("objectives", str(path), msg("grading_workflow.expect.objectives"))
    return objectives, questions


def objective_scores(fractions: dict[str, list[float]], questions: dict[str, list[str]]) -> dict[str, float]:
    """Mean share of points per objective over all its questions' graded scores."""
    pooled: dict[str, list[float]] = defaultdict(list)
    for question, objectives in questions.items():
        for objective in objectives:
            pooled[objective] += fractions.get(question, [])
    return {o: sum(v) / len(v) for o, v in pooled.items() if v}


def _bands(scores: ClassScores, question: str) -> tuple[int, int, int, int]:
    top = scores.max_scores[question]
    values = scores.scores[question]
    full = sum(1 for s in values if s is not None and s >= top)
    zero = sum(1 for s in values if s is not None and s <= 0)
    graded = sum(1 for s in values if s is not None)
    return full, graded - full - zero, zero, len(values) - graded


def question_figure(scores: ClassScores):
    """Stacked bars per question: all / some / no points / not graded; returns (fig, alt)."""
    fig, ax = charts.new_figure(7.0, 4.5)
    questions = list(scores.max_scores)
    bands = [_bands(scores, q) for q in questions]
    names = ("band_full", "band_partial", "band_zero", "band_open")
    bottom = [0] * len(questions)
    for i, name in enumerate(names):
        heights = [b[i] for b in bands]
        ax.bar(range(len(questions)), heights, bottom=bottom, color=charts.PALETTE[i], hatch=HATCHES[i],
               edgecolor="black", label=msg(f"grading_workflow.report.{name}"))
        bottom = [a + b for a, b in zip(bottom, heights, strict=True)]
    # Positions with explicit labels: the course's axes use a number locator that would
    # otherwise show the category positions 0, 1, 2 instead of the grade ids.
    ax.set_xticks(range(len(questions)), labels=questions)
    ax.set_title(msg("grading_workflow.report.questions_title", assignment=scores.assignment))
    ax.set_xlabel(msg("grading_workflow.report.questions_x"))
    ax.set_ylabel(msg("grading_workflow.report.questions_y"))
    ax.tick_params(axis="x", labelrotation=20)
    # Outside the axes, so the legend never hides a bar.
    ax.legend(title=msg("grading_workflow.report.legend"), fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    details = "; ".join(msg("grading_workflow.report.alt_question_item", question=q, full=b[0], partial=b[1],
                            zero=b[2], open=b[3]) for q, b in zip(questions, bands, strict=True))
    return fig, msg("grading_workflow.report.alt_questions", details=details)


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def objective_figure(assignment: str, per_objective: dict[str, float], labels: dict[str, str]):
    """Bars of the mean share of points per objective; returns (fig, alt)."""
    fig, ax = charts.new_figure(8.0, 1.5 + 0.8 * len(per_objective))
    names = sorted(per_objective, key=_natural)  # LD1, LD2, ..., LD10: the syllabus's order
    values = [100 * per_objective[o] for o in names]
    # Long objective texts are wrapped so the title and bars keep their room.
    ticks = [textwrap.fill(labels.get(o, o), 28) for o in names]
    bars = ax.barh(range(len(ticks)), values, edgecolor="black")
    ax.set_yticks(range(len(ticks)), labels=ticks)
    ax.invert_yaxis()  # the first objective on top, as in the table
    for i, bar in enumerate(bars):
        bar.set_facecolor(charts.PALETTE[i % len(charts.PALETTE)])
        bar.set_hatch(HATCHES[i % len(HATCHES)])
    ax.bar_label(bars, labels=[format_percent(v / 100) for v in values], padding=3)
    ax.set_xlim(0, 110)
    ax.set_title(msg("grading_workflow.report.objectives_title", assignment=assignment))
    ax.set_ylabel(msg("grading_workflow.report.objectives_x"))
    ax.set_xlabel(msg("grading_workflow.report.objectives_y"))
    details = "; ".join(msg("grading_workflow.report.alt_objective_item", objective=labels.get(o, o), percent=v)
                        for o, v in zip(names, values, strict=True))
    return fig, msg("grading_workflow.report.alt_objectives", details=details)


def _table(scores: ClassScores, questions: dict[str, list[str]], labels: dict[str, str]) -> list[list[str]]:
    rows = []
    for q, top in scores.max_scores.items():
        graded = [s for s in scores.scores[q] if s is not None]
        mean = sum(graded) / len(graded) if graded else 0.0
        goals = ", ".join(labels.get(o, o) for o in questions.get(q, [])) or msg("grading_workflow.report.none")
        rows.append([q, goals, format_number(top), format_number(mean, decimals=2),
                     format_percent(mean / top) if top else "-",
                     str(sum(1 for s in graded if s <= 0))])
    return rows


def write_report(database: str | Path, assignment: str, objectives_file: str | Path | None, out: str | Path) -> Path:
    """Write PNGs, report.md and report.html to folder ``out``; return the HTML path."""
    scores = load_scores(database, assignment)
    labels, questions = load_objectives(objectives_file) if objectives_file else ({}, {})
    fractions = {q: scores.fractions(q) for q in scores.max_scores}
    per_objective = objective_scores(fractions, questions)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    figures = [("vragen.png", *question_figure(scores))]
    if per_objective:
        figures.append(("leerdoelen.png", *objective_figure(assignment, per_objective, labels)))
    header = [msg(f"grading_workflow.report.table_{k}") for k in ("question", "objective", "max", "mean",
                                                                     "percent", "zero")]
    rows = _table(scores, questions, labels)
    title = msg("grading_workflow.report.title", assignment=assignment)
    intro = msg("grading_workflow.report.intro", students=scores.students)
    if per_objective:
        weakest = min(per_objective, key=per_objective.get)
        intro += " " + msg("grading_workflow.report.weakest", objective=labels.get(weakest, weakest),
                           percent=100 * per_objective[weakest])
    md = [f"# {title}", "", intro, ""]
    body = [f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(intro)}</p>"]
    for name, fig, alt in figures:
        png = charts.to_png(fig)
        (out / name).write_bytes(png)
        md += [f"![{alt}]({name})", "", f"*{alt}*", ""]
        body.append(charts.to_html(png, alt))
    md += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    md += ["| " + " | ".join(r) + " |" for r in rows]
    cells = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in header)
    trs = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    body.append(f"<table><thead><tr>{cells}</tr></thead><tbody>{trs}</tbody></table>")
    (out / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    page = out / "report.html"
    page.write_text(f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>{html.escape(title)}"
                    f"</title></head><body>{''.join(body)}</body></html>\n", encoding="utf-8")
    return page

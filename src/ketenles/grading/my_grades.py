"""A student's own grades, deadlines and feedback status, from what only that student can reach (issue 22).

nbgrader keeps a copy of every submission in the student's own cache
(``<jupyter data dir>/nbgrader_cache/<course>/<student>+<assignment>+<time>/``,
with the submission's secret), and releases feedback into the exchange under
a hash of that secret and the notebook's name. This view reads exactly those:
the student's own cache and the feedback pages their secrets point to, plus the
deadlines the lecturer published (``ketenles deadlines-publiceren``: one file in
the exchange with each assignment's due date, nobody's name in it). So it can
show nothing of another student: it never lists the exchange, and another
student's cache is in their own home.

Per assignment: when it was submitted (the last time), the deadline and whether
the submission was late, whether feedback (the grade) is released, and then the
points, the 1-10 grade and the feedback page. The late status compares with the
published deadline: an extension a lecturer granted is not public, so it is not
taken into account here (the export and the grade return do).
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number

DEADLINES = "ketenles-deadlines-{course}.json"
# The result the feedback page carries (its template); the HTML writer may reorder attributes.
_RESULT = re.compile(r'<script[^>]*\bid="ketenles-resultaat"[^>]*>(.*?)</script>', re.S)


@dataclass
class AssignmentStatus:
    assignment: str
    submitted: datetime | None
    deadline: datetime | None
    late: bool
    released: bool
    points: float | None = None
    max_points: float | None = None
    grade: float | None = None
    feedback: list[Path] = None


def publish_deadlines(exchange: str | Path, course: str, deadlines: dict[str, datetime]) -> Path:
    """Write the course's deadlines (UTC) where every student's view reads them; nobody's name in it."""
    path = Path(exchange) / DEADLINES.format(course=course)
    data = {name: due.astimezone(timezone.utc).isoformat() if due.tzinfo else due.isoformat() + "+00:00"
            for name, due in sorted(deadlines.items())}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    path.chmod(0o644)
    return path


def _deadlines(exchange: Path, course: str) -> dict[str, datetime]:
    path = exchange / DEADLINES.format(course=course)
    if not path.is_file():
        return {}
    return {name: datetime.fromisoformat(text) for name, text in json.loads(path.read_text("utf-8")).items()}


def _time(text: str) -> datetime:
    # nbgrader's timestamp: "2027-03-01 12:00:00.000000 UTC"
    return datetime.strptime(text.strip().replace(" UTC", ""), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=timezone.utc)


def _cache(data_dir: Path, course: str) -> Path:
    return data_dir / "nbgrader_cache" / course


def my_grades(course: str = "ketenles", exchange: str | Path | None = None,
              data_dir: str | Path | None = None) -> list[AssignmentStatus]:
    """The status of every assignment this user submitted or has a deadline for."""
    from jupyter_core.paths import jupyter_data_dir
    from nbgrader.utils import notebook_hash

    exchange = Path(exchange or os.environ.get("KETENLES_EXCHANGE", "/srv/nbgrader/exchange"))
    cache = _cache(Path(data_dir or jupyter_data_dir()), course)
    deadlines = _deadlines(exchange, course)
    latest: dict[str, Path] = {}
    for folder in sorted(cache.glob("*+*+*")) if cache.is_dir() else []:
        assignment = folder.name.split("+")[1]
        if (folder / "timestamp.txt").is_file():
            stamp = _time((folder / "timestamp.txt").read_text(encoding="utf-8"))
            if assignment not in latest or stamp > _time((latest[assignment] / "timestamp.txt").read_text("utf-8")):
                latest[assignment] = folder
    result = []
    for assignment in sorted(set(latest) | set(deadlines)):
        folder = latest.get(assignment)
        submitted = _time((folder / "timestamp.txt").read_text(encoding="utf-8")) if folder else None
        deadline = deadlines.get(assignment)
        status = AssignmentStatus(assignment, submitted, deadline,
                                  bool(submitted and deadline and submitted > deadline), False, feedback=[])
        secret_file = folder / "submission_secret.txt" if folder else None
        if secret_file is not None and secret_file.is_file():
            secret = secret_file.read_text(encoding="utf-8")
            for notebook in sorted(folder.glob("*.ipynb")):
                name = notebook_hash(secret=secret, notebook_id=notebook.stem)
                page = exchange / course / "feedback" / f"{name}.html"
                if page.is_file():
                    status.feedback.append(page)
                    _read_result(page, status)
        result.append(status)
    return result


def _read_result(page: Path, status: AssignmentStatus) -> None:
    from ketenles.grading.gradebook.export import to_grade

    found = _RESULT.search(page.read_text(encoding="utf-8"))
    status.released = True
    if not found:
        return
    data = json.loads(found.group(1))
    status.points = (status.points or 0) + float(data["score"])
    status.max_points = (status.max_points or 0) + float(data["max_score"])
    if status.max_points:
        status.grade = to_grade(min(status.points, status.max_points), status.max_points)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d-%m-%Y %H:%M") if moment else "-"


def describe(statuses: list[AssignmentStatus]) -> list[list[str]]:
    """Rows of the view: assignment, submitted, deadline, late, graded, points, grade."""
    rows = []
    for s in statuses:
        rows.append([
            s.assignment, _when(s.submitted), _when(s.deadline),
            msg(f"grading_workflow.my_grades.late_{'yes' if s.late else 'no'}"),
            msg(f"grading_workflow.my_grades.released_{'yes' if s.released else 'no'}"),
            f"{format_number(s.points)} / {format_number(s.max_points)}" if s.points is not None else "-",
            format_number(s.grade, decimals=1) if s.grade is not None else "-",
        ])
    return rows


def headers() -> list[str]:
    return [msg(f"grading_workflow.my_grades.{key}") for key in
            ("assignment", "submitted", "deadline", "late", "released", "points", "grade")]


class GradeTable:
    """The view in a notebook cell (an HTML table with a caption) and as text in a terminal."""

    def __init__(self, statuses: list[AssignmentStatus]):
        self.statuses = statuses

    def __str__(self) -> str:
        if not self.statuses:
            return msg("grading_workflow.my_grades.nothing")
        return "\n".join(" | ".join(row) for row in [headers(), *describe(self.statuses)])

    def _repr_html_(self) -> str:
        if not self.statuses:
            return f"<p>{html.escape(msg('grading_workflow.my_grades.nothing'))}</p>"
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers())
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                       for row in describe(self.statuses))
        caption = html.escape(msg("grading_workflow.my_grades.caption"))
        return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def mijn_cijfers(course: str = "ketenles") -> GradeTable:
    """In a notebook cell: ``from ketenles.grading.my_grades import mijn_cijfers; mijn_cijfers()``."""
    return GradeTable(my_grades(course))

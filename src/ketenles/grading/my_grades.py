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
points, the 1-10 grade and the feedback page.

**The course's rules, per student** (beoordeling.yaml: extensions, the late rule,
the written minimum, the course grade). An extension is personal, so it cannot be
in the public deadlines file. The lecturer's ``ketenles deadlines-publiceren``
therefore also writes, per submission, one small file with only that student's
outcome, computed by the export's own functions (:func:`course_grade.course_grades`
with the extension log), into the exchange's feedback folder under a hash of the
submission's secret, exactly as nbgrader names a feedback page: only the student
(whose cache holds the secret) and the lecturer can find it; it carries no name.
It holds the student's own deadline (with the extension), the days late and,
once the feedback of that submission is released, the grade after the late rule,
whether the written minimum was missed, and the course grade when every part is
graded and released. Before a student's first submission of an assignment there
is no secret yet: the view then shows the class's deadline, and says so.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number

DEADLINES = "ketenles-deadlines-{course}.json"
OUTCOME_ID = "ketenles-regels"  # the "notebook id" whose hash with the submission secret names the outcome file
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
    # The course's rules for this student (published by the lecturer; None: not known here).
    own_deadline: bool = False  # ``deadline`` includes this student's extension
    extension_hours: float = 0.0
    days_late: int | None = None
    rules_grade: float | None = None
    written_missed: bool = False
    cap: float | None = None
    not_graded_late: bool = False
    course_grade: float | None = None
    passed: bool | None = None
    below_minimum: tuple[str, ...] = ()


def publish_deadlines(exchange: str | Path, course: str, deadlines: dict[str, datetime]) -> Path:
    """Write the course's deadlines (UTC) where every student's view reads them; nobody's name in it."""
    path = Path(exchange) / DEADLINES.format(course=course)
    data = {name: due.astimezone(timezone.utc).isoformat() if due.tzinfo else due.isoformat() + "+00:00"
            for name, due in sorted(deadlines.items())}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    path.chmod(0o644)
    return path


def _outcome_path(exchange: Path, course: str, secret: str) -> Path:
    from nbgrader.utils import notebook_hash

    return exchange / course / "feedback" / f"{notebook_hash(secret=secret, notebook_id=OUTCOME_ID)}.json"


def _released(exchange: Path, course: str, submission: Path, secret: str) -> bool:
    """Whether the feedback of this submission is in the exchange (nbgrader's release_feedback)."""
    from nbgrader.utils import notebook_hash

    return any((exchange / course / "feedback" / f"{notebook_hash(secret=secret, notebook_id=nb.stem)}.html").is_file()
               for nb in submission.glob("*.ipynb"))


def publish_outcomes(course_dir: str | Path, exchange: str | Path, course: str, rules) -> int:
    """Write each submission's outcome under the course's rules where only its student finds it; the count.

    The grades are the export's (``course_grades``: the extension log, the late rule,
    the written minimum, the weights); a grade appears only once the feedback of that
    submission is released, the course grade once every part is graded and released.
    """
    from ketenles.grading.gradebook.course_grade import course_grades
    from ketenles.grading.gradebook.deadlines import extensions
    from ketenles.grading.gradebook.reader import GradebookReader

    course_dir, exchange = Path(course_dir), Path(exchange)
    with GradebookReader(course_dir) as gradebook:
        known = {part: gradebook.assignment(part) for part in rules.weights}
    due = {part: found[1] for part, found in known.items() if found is not None}
    if not due:
        return 0
    # Early in a term the gradebook knows only some parts: their outcomes now, a course grade only with all.
    every_part = len(due) == len(rules.weights)
    rules_now = rules if every_part else replace(
        rules, weights={p: w for p, w in rules.weights.items() if known[p] is not None},
        minimum_grades={p: m for p, m in rules.minimum_grades.items() if known[p] is not None})
    extra = extensions(course_dir)
    written = 0
    for grade in course_grades(course_dir, rules_now):
        found = {}
        for part in rules_now.weights:
            submission = course_dir / "submitted" / grade.student / part
            secret_file = submission / "submission_secret.txt"
            if secret_file.is_file():
                secret = secret_file.read_text(encoding="utf-8")
                found[part] = (secret, _released(exchange, course, submission, secret))
        everything_out = every_part and grade.grade is not None and len(found) == len(rules.weights) and all(
            released for _, released in found.values())
        for part, (secret, released) in found.items():
            applied = grade.parts[part]
            hours = extra.get((part, grade.student), timedelta(0)).total_seconds() / 3600
            deadline = due[part] + timedelta(hours=hours) if due.get(part) else None
            outcome = {"opdracht": part, "deadline": _utc_text(deadline) if deadline else None,
                       "verlenging_uren": hours, "dagen_te_laat": applied.days_late, "vrijgegeven": released}
            if released and applied.graded:
                outcome.update(cijfer=applied.grade, schriftelijk_gemist=applied.written_missed, plafond=rules.cap,
                               niet_nagekeken_te_laat=applied.not_graded_late)
            if everything_out:
                outcome.update(eindcijfer=grade.grade, geslaagd=grade.passed, onder_minimum=sorted(
                    n for n, minimum in rules.minimum_grades.items() if grade.parts[n].grade < minimum))
            path = _outcome_path(exchange, course, secret)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
            path.chmod(0o644)
            written += 1
    return written


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat() if moment.tzinfo else moment.isoformat() + "+00:00"


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
            _read_outcome(_outcome_path(exchange, course, secret), status)
        result.append(status)
    return result


def _read_outcome(path: Path, status: AssignmentStatus) -> None:
    """This student's outcome under the course's rules, as the lecturer published it (none: nothing changes)."""
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("deadline"):
        status.deadline = datetime.fromisoformat(data["deadline"])
        status.own_deadline = True
        status.late = bool(status.submitted and status.submitted > status.deadline)
    status.extension_hours = float(data.get("verlenging_uren") or 0)
    status.days_late = int(data.get("dagen_te_laat") or 0)
    if "cijfer" in data:
        status.rules_grade = float(data["cijfer"])
        status.written_missed = bool(data.get("schriftelijk_gemist"))
        status.cap = float(data.get("plafond") or 0)
        status.not_graded_late = bool(data.get("niet_nagekeken_te_laat"))
    if data.get("eindcijfer") is not None:
        status.course_grade = float(data["eindcijfer"])
        status.passed = bool(data.get("geslaagd"))
        status.below_minimum = tuple(data.get("onder_minimum") or ())


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
    """Rows of the view: assignment, submitted, deadline, late, graded, points, grade, and the course's rules."""
    rows = []
    for s in statuses:
        rows.append([
            s.assignment, _when(s.submitted), _deadline_text(s),
            msg(f"grading_workflow.my_grades.late_{'yes' if s.late else 'no'}"),
            msg("grading_workflow.my_grades.days", days=s.days_late) if s.days_late else "-",
            msg(f"grading_workflow.my_grades.released_{'yes' if s.released else 'no'}"),
            f"{format_number(s.points)} / {format_number(s.max_points)}" if s.points is not None else "-",
            format_number(s.grade, decimals=1) if s.grade is not None else "-",
            format_number(s.rules_grade, decimals=1) if s.rules_grade is not None else "-",
            _rules_note(s),
            _course_text(s),
        ])
    return rows


def _deadline_text(s: AssignmentStatus) -> str:
    if s.deadline is None:
        return "-"
    if s.extension_hours:
        return msg("grading_workflow.my_grades.deadline_extended", deadline=_when(s.deadline),
                   hours=format_number(s.extension_hours))
    return _when(s.deadline)


def _rules_note(s: AssignmentStatus) -> str:
    """What the course's rules did to this grade, in the student's words."""
    notes = []
    if s.written_missed:
        notes.append(msg("grading_workflow.my_grades.written_missed", cap=format_number(s.cap, decimals=1)))
    if s.not_graded_late:
        notes.append(msg("grading_workflow.my_grades.late_not_graded", days=s.days_late))
    elif s.rules_grade is not None and s.grade is not None and s.days_late and s.rules_grade < s.grade:
        notes.append(msg("grading_workflow.my_grades.late_deducted", days=s.days_late))
    if not s.own_deadline and s.deadline is not None:
        notes.append(msg("grading_workflow.my_grades.class_deadline"))
    return " ".join(notes) or "-"


def _course_text(s: AssignmentStatus) -> str:
    if s.course_grade is None:
        return "-"
    verdict = msg(f"grading_workflow.my_grades.passed_{'yes' if s.passed else 'no'}")
    below = (" " + msg("grading_workflow.my_grades.below_minimum", parts=", ".join(s.below_minimum))
             if s.below_minimum else "")
    return f"{format_number(s.course_grade, decimals=1)} ({verdict}){below}"


def headers() -> list[str]:
    return [msg(f"grading_workflow.my_grades.{key}") for key in
            ("assignment", "submitted", "deadline", "late", "days_late", "released", "points", "grade",
             "rules_grade", "rules_note", "course_grade")]


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

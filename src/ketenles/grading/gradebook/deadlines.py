"""Per-student extensions of an assignment's deadline, with who granted them and when (issue 22).

The deadline itself is nbgrader's due date of the assignment (``nbgrader db
assignment add NAME --duedate ...`` or the Formgrader). nbgrader keeps an
extension only on a submission that already exists, and logs nothing; a lecturer
often grants one before the student submits. So ``ketenles verlenging`` appends
every grant to ``verlengingen.jsonl`` in the course folder (one JSON object a
line: assignment, student, hours, who, when); the last grant for a student and an
assignment counts, and the export and the grade return use it. Because the grade
is computed from the gradebook and this log at every export, an extension granted
after grading changes the late rule's outcome at the next export.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

LOG = "verlengingen.jsonl"


def _who() -> str:
    # On a hub every server may run as the same Unix user: the hub name says who it is.
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def grant(course: str | Path, assignment: str, student: str, hours: float, by: str | None = None,
          now: datetime | None = None) -> dict:
    """Give ``student`` ``hours`` more for ``assignment`` (0 takes an extension back); logged."""
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 <= hours <= 24 * 365:
        raise ArgumentError("uren", hours, msg("grading_workflow.deadlines.expect_hours"))
    if not assignment or not student:
        raise ArgumentError("student", student, msg("grading_workflow.deadlines.expect_names"))
    entry = {"opdracht": assignment, "student": student, "uren": float(hours), "door": by or _who(),
             "wanneer": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")}
    with (Path(course) / LOG).open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


def history(course: str | Path) -> list[dict]:
    """Every grant in the order it was made."""
    path = Path(course) / LOG
    if not Path(course).is_dir() or not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def extensions(course: str | Path, assignment: str | None = None) -> dict[tuple[str, str], timedelta]:
    """``(assignment, student) -> extension``: the last grant counts."""
    found = {}
    for entry in history(course):
        if assignment is None or entry["opdracht"] == assignment:
            found[(entry["opdracht"], entry["student"])] = timedelta(hours=entry["uren"])
    return found

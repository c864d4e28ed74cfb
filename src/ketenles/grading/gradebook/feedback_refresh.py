"""Feedback that always says what the gradebook says.

``nbgrader generate_feedback`` skips a student whose feedback file is newer
than the autograded notebook. A changed manual score changes no file, so after
a regrade the student keeps the old feedback (5.45 where the gradebook says
2.45, issue 10). ``--force`` rewrites everyone's feedback, including feedback
already handed back.

:func:`refresh_feedback` rewrites exactly the stale feedback: per student a
fingerprint of everything feedback shows (every grade and comment in the
gradebook, the late penalty, the autograded notebooks) is kept in
``<course>/.ketenles/feedback/<assignment>/<student>.json``, outside the
feedback folder that ``release_feedback`` hands out. Feedback whose fingerprint
differs, or that is missing, is made again with nbgrader's own
``GenerateFeedback`` (so with the course's feedback settings) and ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ketenles.grading.gradebook.reader import gradebook_url
from ketenles.i18n import msg

STAMPS = Path(".ketenles") / "feedback"


@dataclass
class FeedbackReport:
    assignment: str
    updated: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # student -> nbgrader's error text

    def lines(self) -> list[str]:
        if self.updated:
            lines = [msg("lecturer.feedback.updated", count=len(self.updated), students=", ".join(self.updated))]
        else:
            lines = [msg("lecturer.feedback.current", assignment=self.assignment, count=len(self.current))]
        lines += [msg("lecturer.feedback.failed", student=s, reason=r.strip().splitlines()[-1] if r.strip() else "?")
                  for s, r in self.failed.items()]
        if self.updated:
            lines.append(msg("lecturer.feedback.next", assignment=self.assignment))
        return lines


def _fingerprint(gb, root: Path, assignment: str, student: str) -> str:
    submission = gb.find_submission(assignment, student)
    parts = []
    for notebook in sorted(submission.notebooks, key=lambda n: n.name):
        parts.append(["notebook", notebook.name, notebook.late_submission_penalty])
        for grade in sorted(notebook.grades, key=lambda g: g.name):
            parts.append(["grade", grade.name, grade.auto_score, grade.manual_score, grade.extra_credit,
                          grade.needs_manual_grade])
        for comment in sorted(notebook.comments, key=lambda c: c.name):
            parts.append(["comment", comment.name, comment.auto_comment, comment.manual_comment])
        autograded = root / "autograded" / student / assignment / f"{notebook.name}.ipynb"
        digest = hashlib.sha256(autograded.read_bytes()).hexdigest() if autograded.is_file() else None
        parts.append(["autograded", notebook.name, digest])
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _has_feedback(root: Path, assignment: str, student: str, notebooks: list[str]) -> bool:
    folder = root / "feedback" / student / assignment
    return all((folder / f"{name}.html").is_file() for name in notebooks)


def _generate(root: Path, assignment: str, student: str) -> dict:
    """nbgrader's GenerateFeedback for one student, with force, as ``nbgrader generate_feedback`` would."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id, coursedir.student_id = assignment, student
    app = GenerateFeedback(coursedir=coursedir, config=config)
    app.force = True
    return capture_log(app)


def refresh_feedback(root: str | Path, assignment: str, students: list[str] | None = None) -> FeedbackReport:
    """Bring the feedback of ``assignment`` up to date with the gradebook; return who got new feedback."""
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    root = Path(root).expanduser().resolve()
    # nbgrader starts `alembic` by name: use this environment's.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    report = FeedbackReport(assignment)
    stamps = root / STAMPS / assignment
    wanted: dict[str, str] = {}
    with warnings.catch_warnings(), Gradebook(gradebook_url(root)) as gb:
        warnings.simplefilter("ignore", SAWarning)
        candidates = students or sorted(s.student.id for s in gb.find_assignment(assignment).submissions)
        for student in candidates:
            try:
                fingerprint = _fingerprint(gb, root, assignment, student)
                notebooks = [n.name for n in gb.find_submission(assignment, student).notebooks]
            except MissingEntry:
                continue
            if not (root / "autograded" / student / assignment).is_dir():
                continue  # never autograded: nothing to give feedback on yet
            stamp = stamps / f"{student}.json"
            known = json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint") if stamp.is_file() else None
            if known == fingerprint and _has_feedback(root, assignment, student, notebooks):
                report.current.append(student)
            else:
                wanted[student] = fingerprint
    cwd = os.getcwd()
    try:
        os.chdir(root)
        for student, fingerprint in wanted.items():
            result = _generate(root, assignment, student)
            if not result.get("success"):
                report.failed[student] = (result.get("error") or "") + "\n" + (result.get("log") or "")
                continue
            stamps.mkdir(parents=True, exist_ok=True)
            (stamps / f"{student}.json").write_text(json.dumps({"fingerprint": fingerprint}), encoding="utf-8")
            report.updated.append(student)
    finally:
        os.chdir(cwd)
    from ketenles.grading.autograde.submission_files import feedback_aliases

    feedback_aliases(root, assignment)  # renamed notebooks: feedback under the student's own name too
    return report

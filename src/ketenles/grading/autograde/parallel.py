"""Autograde the submissions of a class over several worker processes.

nbgrader grades one submission after another (upstream issue 174). Each
submission mostly waits for its own kernel, so spreading the students over N
worker processes grades a class about N times faster on N cores. Every worker
runs nbgrader's own ``Autograde`` converter for one student at a time, against
the course's single ``gradebook.db``, so the grades are exactly those of
``nbgrader autograde``. In a ketenles course the converter's Execute step is
:class:`~ketenles.grading.plugins.execute.SandboxedExecute`: student code runs
in a bubblewrap sandbox and the tests in a clean process; :func:`autograde`
refuses to start when the sandbox cannot run, unless ``sandboxed=False``.

Safety rules, and why:

* Students are handed out one at a time (not in fixed chunks), so a slow
  submission never leaves the other worker idle.
* A submission that fails (dead kernel, invalid notebook, ...) is reported by
  name with a reason; the worker goes on with the next student.
* SQLite allows one writer at a time. Workers open the gradebook with a long
  busy timeout, so a write waits for the other worker instead of failing, and a
  student whose grading still hit ``database is locked`` is graded again.
* A worker process that dies takes only its current student with it: the
  students it had not finished are handed to a fresh pool.
* Workers die with the run (:mod:`~ketenles.grading.worker_lifetime`), and a
  run that was killed is finished by the next one
  (:mod:`~ketenles.grading.autograde.run_state`): every student graded exactly once.

>>> classify_failure("nbclient.exceptions.DeadKernelError: Kernel died")
'kernel_died'
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ketenles.errors import ArgumentError, KetenlesError, require_type
from ketenles.grading.autograde import run_state
from ketenles.i18n import msg

# Seconds a worker waits for the other worker's write before SQLite gives up.
BUSY_TIMEOUT = float(os.environ.get("KETENLES_DB_TIMEOUT", "120"))
# How often a student is graded again after a locked database or a dead worker.
RETRIES = 2

# Order matters: the first pattern found in nbgrader's error text names the reason.
_FAILURES = (
    ("database is locked", "database_locked"),
    ("SandboxLimit:wall", "limit_wall"),
    ("SandboxLimit:cpu", "limit_cpu"),
    ("SandboxUnavailable", "no_sandbox"),
    ("SandboxError", "sandbox_error"),
    ("CheckerFailure", "limit_checker"),
    ("DeadKernelError", "kernel_died"),
    ("Kernel died", "kernel_died"),
    ("UnresponsiveKernelError", "timeout"),
    ("CellTimeoutError", "timeout"),
    ("nbgrader metadata may be corrupted", "corrupt_metadata"),
    ("NotJSONError", "invalid_notebook"),
    ("JSONDecodeError", "invalid_notebook"),
    ("does not appear to be JSON", "invalid_notebook"),
    ("NBFormatError", "invalid_notebook"),
    ("ValidationError", "invalid_notebook"),
)
# Warnings in the log of a submission that was graded all the same.
_NOTES = (
    ("Timeout waiting for execute reply", "timeout"),
    ("Cell execution timed out", "timeout"),
    ("Missing grade cell", "restored_cell"),
    # Only a changed source is the student's doing; nbgrader also reports a changed
    # checksum for every test cell with hidden tests, which means nothing.
    ("Attribute 'source' for cell", "changed_cell"),
    ("Sandbox limit reached: output", "limit_output"),
    ("Sandbox limit reached: processes", "limit_processes"),
)


def classify_failure(text: str) -> str:
    """The reason key for a failed submission, from nbgrader's error text."""
    for pattern, reason in _FAILURES:
        if pattern in text:
            return reason
    return "other"


_ERROR_LINE = re.compile(r"^\s*(?:\w+\.)*\w*(?:Error|Exception|Exit)\b.*|\[ERROR\].*")


def error_line(text: str) -> str:
    """The line of nbgrader's output that names the error, for a failure without a known reason.

    >>> error_line("[INFO] x\\nTraceback (most recent call last):\\n  ...\\nKeyError: 'grade_id'\\n")
    "KeyError: 'grade_id'"
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    named = [line for line in lines if _ERROR_LINE.match(line)]
    return ((named or lines or [""])[-1])[:200]


@dataclass
class StudentResult:
    """The outcome of grading one student's submission."""

    student: str
    ok: bool
    reason: str | None = None  # a key of grading_workflow.reasons when not ok
    notes: list[str] = field(default_factory=list)  # keys of grading_workflow.notes
    log: str = ""
    seconds: float = 0.0
    attempts: int = 1
    detail: str = ""  # what exactly failed (a file name, nbgrader's error line)
    details: list[str] = field(default_factory=list)  # Dutch lines for the run log: which cell, which file

    def describe(self) -> str:
        """One Dutch line for the lecturer."""
        if self.ok:
            text = msg("grading_workflow.autograde.graded", student=self.student)
        else:
            text = msg("grading_workflow.autograde.failed", student=self.student,
                       reason=msg(f"grading_workflow.reasons.{self.reason}"))
            if self.detail:
                text += " " + msg("grading_workflow.autograde.detail", detail=self.detail)
        for note in self.notes:
            text += " " + msg(f"grading_workflow.notes.{note}")
        return text


class AutogradeRunning(KetenlesError):
    """Another ``ketenles autograde`` of the same assignment is still running."""


@dataclass
class AutogradeReport:
    assignment: str
    results: list[StudentResult]
    seconds: float
    interrupted: list[str] = field(default_factory=list)  # left unfinished by a killed earlier run

    @property
    def failed(self) -> list[StudentResult]:
        return [r for r in self.results if not r.ok]

    @property
    def graded(self) -> list[StudentResult]:
        return [r for r in self.results if r.ok]


def submitted_students(root: str | Path, assignment: str) -> list[str]:
    """Students with a collected submission of ``assignment`` in ``root/submitted``."""
    submitted = Path(root) / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())


# --- worker side -----------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(root: str, bin_dir: str, sandboxed: bool = True, parent: int | None = None) -> None:
    """Load the course config once per worker process, as ``nbgrader`` would."""
    import warnings

    from ketenles.grading.worker_lifetime import die_with_parent
    from ketenles.lean_imports import skip_slow_optional_imports

    if parent is not None:
        die_with_parent(parent)  # first: a killed `ketenles autograde` must leave no worker behind
    skip_slow_optional_imports()  # before nbgrader imports jsonschema

    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning
    from traitlets.config.loader import PyFileConfigLoader

    # nbgrader's own session handling warns on every submission; the sequential
    # command shows the same warnings, they say nothing about the grades.
    warnings.filterwarnings("ignore", category=SAWarning)

    # nbgrader starts `alembic` and kernels by name: use this environment's.
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    os.chdir(root)
    config = PyFileConfigLoader("nbgrader_config.py", path=root).load_config()
    config.CourseDirectory.root = root
    config.CourseDirectory.db_url = _worker_db_url(root)
    if not sandboxed:
        config.SandboxedExecute.sandboxed = False
    _WORKER["config"] = config
    _WORKER["coursedir"] = CourseDirectory(config=config)


def _grade_student(assignment: str, student: str) -> dict:
    """Run nbgrader's Autograde for one student; never raises for a bad submission."""
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log

    from ketenles.grading.autograde.submission_files import check_submission

    coursedir = _WORKER["coursedir"]
    start = time.perf_counter()
    # A renamed notebook, a folder without one, a file that is no notebook: before nbgrader.
    check = check_submission(coursedir.root, assignment, student)
    coursedir.assignment_id, coursedir.student_id = assignment, student
    app = Autograde(coursedir=coursedir, config=_WORKER["config"])
    app.force = True
    app.create_student = True
    # nbgrader runs even when the check found a problem: it records the submission (with
    # its cells ungraded), so export and check-gradebook show the student as not done.
    result = capture_log(app)
    result["notes"] = check.notes
    if not check.ok and not result.get("success"):
        result.update(reason=check.problem, detail=check.detail)
    result["seconds"] = time.perf_counter() - start
    return result


def _result(student: str, raw: dict) -> StudentResult:
    from ketenles.grading.plugins.odd_cells import notes_in_log

    log = raw.get("log", "") or ""
    text = (raw.get("error", "") or "") + "\n" + log
    found = [tuple(n) for n in raw.get("notes", [])] + notes_in_log(log)
    notes = sorted({note for pattern, note in _NOTES if pattern in log} | {key for key, _ in found})
    details = [msg(f"grading_workflow.details.{key}", detail=detail) for key, detail in found]
    seconds = raw.get("seconds", 0.0)
    if raw.get("success"):
        return StudentResult(student, True, notes=notes, log=log, seconds=seconds, details=details)
    reason = raw.get("reason") or classify_failure(text)
    detail = raw.get("detail") or (error_line(text) if reason in ("other", "corrupt_metadata") else "")
    return StudentResult(student, False, reason, notes, text, seconds, detail=detail, details=details)


# --- parent side -----------------------------------------------------------------

def _worker_db_url(root: str | Path) -> str:
    """The course's gradebook (``CourseDirectory.db_url``); SQLite gets the long busy timeout.

    A database server (PostgreSQL, for a large class) handles concurrent
    writers itself and is used as configured.
    """
    from ketenles.grading.gradebook.reader import gradebook_url, is_sqlite, sqlite_path

    url = gradebook_url(root)
    if is_sqlite(url):
        return f"sqlite:///{sqlite_path(url)}?timeout={BUSY_TIMEOUT}"
    return url


def _prepare_gradebook(root: Path) -> None:
    """Create the gradebook schema once, before two workers could race to create it."""
    from nbgrader.api import Gradebook

    with Gradebook(_worker_db_url(root)):
        pass


def _run_pool(root: Path, assignment: str, students: list[str], workers: int,
              done: Callable[[StudentResult], None], sandboxed: bool = True) -> list[str]:
    """Grade ``students``; return those lost because a worker process died."""
    lost: list[str] = []
    context = multiprocessing.get_context("spawn")  # no inherited kernels, sockets or locks
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(str(root), str(Path(sys.executable).parent), sandboxed, os.getpid())) as pool:
        futures = {pool.submit(_grade_student, assignment, s): s for s in students}
        for future in as_completed(futures):
            student = futures[future]
            try:
                done(_result(student, future.result()))
            except BrokenProcessPool:
                lost.append(student)
            except Exception as exc:  # noqa: BLE001 - one student's crash must not stop the class
                done(StudentResult(student, False, "other", log=repr(exc)))
    return lost


def _progress_line(stream) -> Callable[[int, int, StudentResult], None]:
    def show(count: int, total: int, result: StudentResult) -> None:
        print(msg("grading_workflow.autograde.progress", done=count, total=total,
                  line=result.describe()), file=stream, flush=True)
    return show


def autograde(root: str | Path, assignment: str, workers: int = 2,
              students: Iterable[str] | None = None,
              progress: Callable[[int, int, StudentResult], None] | None = None,
              sandboxed: bool = True) -> AutogradeReport:
    """Autograde every submission of ``assignment`` in course ``root`` with ``workers`` processes.

    ``progress(done, total, result)`` is called after each student (default: a
    line on stderr). Returns a report; failed submissions are in ``.failed``.
    Refuses (:class:`~ketenles.grading.sandbox.bubblewrap.SandboxUnavailable`, in Dutch)
    when the sandbox cannot run, unless ``sandboxed=False`` (the lecturer's
    explicit ``--unsandboxed``), which only warns.
    """
    require_type("workers", workers, int, msg("grading_workflow.expect.workers"))
    if workers < 1:
        raise ArgumentError("workers", workers, msg("grading_workflow.expect.workers"))
    root = Path(root).expanduser().resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise ArgumentError("root", str(root), msg("grading_workflow.expect.course"))
    available = submitted_students(root, assignment)
    if students is None:
        students = available
    students = sorted(set(students))
    missing = [s for s in students if s not in available]
    if not students or missing:
        raise ArgumentError("assignment", assignment, msg("grading_workflow.expect.submissions"))
    progress = progress or _progress_line(sys.stderr)
    if sandboxed:
        from ketenles.grading.sandbox.bubblewrap import require_sandbox

        require_sandbox()  # before any student is graded: never silently unsafe
    else:
        print(msg("grading_workflow.sandbox.unsandboxed_warning"), file=sys.stderr, flush=True)
    previous = run_state.previous_run(root, assignment)
    if previous.running:
        raise AutogradeRunning(msg("grading_workflow.autograde.already_running", pid=previous.pid,
                                   assignment=assignment))
    interrupted = sorted(set(previous.unfinished) & set(available))
    if interrupted:
        # What the killed run left unfinished is graded again, also outside ``students``.
        print(msg("grading_workflow.autograde.interrupted", count=len(interrupted),
                  students=", ".join(interrupted)), file=sys.stderr, flush=True)
        run_state.discard_autograded(root, assignment, interrupted)
        students = sorted(set(students) | set(interrupted))
    _prepare_gradebook(root)

    results: dict[str, StudentResult] = {}
    attempts = dict.fromkeys(students, 0)
    state = run_state.RunState(root, assignment, students)

    def done(result: StudentResult) -> None:
        attempts[result.student] += 1
        if result.reason == "database_locked" and attempts[result.student] <= RETRIES:
            return  # graded again in the next round
        result.attempts = attempts[result.student]
        results[result.student] = result
        state.finished(result.student)
        progress(len(results), len(students), result)

    start = time.perf_counter()
    pending = students
    while pending:
        lost = _run_pool(root, assignment, pending, min(workers, len(pending)), done, sandboxed)
        for student in lost:
            attempts[student] += 1
            if attempts[student] > RETRIES:
                done(StudentResult(student, False, "worker_died"))
        pending = [s for s in students if s not in results]
    state.close()
    ordered = [results[s] for s in students]
    flag_in_formgrader(root, assignment, [r.student for r in ordered if r.ok and r.notes])
    return AutogradeReport(assignment, ordered, time.perf_counter() - start, interrupted)


def flag_in_formgrader(root: str | Path, assignment: str, students: list[str]) -> None:
    """Mark these students' submitted notebooks as flagged: the Formgrader's "Flagged?" column.

    A graded submission with a note (an edited or removed test, a renamed notebook,
    a file of the student's own) needs a lecturer's look; the run log says why,
    the flag makes it visible where the lecturer grades.
    """
    if not students:
        return
    from nbgrader.api import Gradebook, MissingEntry

    from ketenles.grading.gradebook.reader import gradebook_url

    with Gradebook(gradebook_url(root)) as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            for notebook in submission.notebooks:
                notebook.flagged = True
        gradebook.db.commit()

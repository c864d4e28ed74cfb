"""A student's own grade view, with real Unix accounts: each sees their own work, never another's (issue 22).

Two accounts made with ``useradd`` (homes 0700, exchange 1777, as on a one-machine
hub) fetch and submit through nbgrader's exchange from their own account; the
lecturer (root here) collects, grades with ``ketenles autograde``, makes and
releases the feedback and publishes the deadline. Then each student runs
``ketenles mijn-cijfers`` as themselves. Their Python is the system's with this
checkout's packages on a path line, so other accounts can run it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import pytest
from accounts_env import hub_python_env
from grading_class import ASSIGNMENT, answered, make_course

from ketenles.i18n import msg

pytestmark = pytest.mark.slow


def _as(user: str, home: Path, python: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": f"{python.parent}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
                           str(python), *args], capture_output=True, text=True, timeout=300, cwd=home)


@pytest.fixture(scope="module")
def graded_class():
    system = shutil.which("python3", path="/usr/bin:/bin")
    if os.geteuid() != 0 or shutil.which("useradd") is None or system is None:
        reason = "real accounts need root, useradd and a system Python"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):  # as the hub tests: no silent skip in CI
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    suffix = secrets.token_hex(3)
    users = {"a": f"ma{suffix}", "b": f"mb{suffix}"}
    base = Path(tempfile.mkdtemp(prefix="ketenles-mijn-"))
    os.chmod(base, 0o755)
    made = []
    try:
        # The accounts run Python from a place they can reach, wherever this clone sits.
        bin_dir = hub_python_env()
        course = make_course(base)
        for folder in (course.exchange, *course.exchange.parents):
            if folder == base.parent:
                break
            os.chmod(folder, 0o755)
        os.chmod(course.exchange, 0o1777)
        course.lecturer("release_assignment", ASSIGNMENT)
        python = bin_dir / "python"
        args = ["--course", "ketenles", f"--Exchange.root={course.exchange}"]
        for key, name in users.items():
            home = base / name
            subprocess.run(["useradd", "-m", "-d", str(home), "-s", "/bin/sh", "-K", "HOME_MODE=0700", name],
                           check=True, capture_output=True)
            made.append(name)
            proc = _as(name, home, python, "-m", "nbgrader", "fetch_assignment", ASSIGNMENT, *args)
            assert proc.returncode == 0, proc.stderr[-2000:]
            notebook = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
            nbformat.write(answered(course, "complete" if key == "a" else "empty"), notebook)
            shutil.chown(notebook, name, name)
            proc = _as(name, home, python, "-m", "nbgrader", "submit", ASSIGNMENT, *args)
            assert proc.returncode == 0, proc.stderr[-2000:]
        course.lecturer("collect", ASSIGNMENT)
        course.lecturer("db", "assignment", "add", ASSIGNMENT,
                        f"--duedate={(datetime.utcnow() - timedelta(hours=1)):%Y-%m-%d %H:%M:%S} UTC")
        env_root = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
        def ketenles(*command: str) -> None:
            proc = subprocess.run([sys.executable, "-m", "ketenles.cli", *command], cwd=course.root, env=env_root,
                                  capture_output=True, text=True, timeout=900)
            assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]

        ketenles("autograde", ASSIGNMENT)
        ketenles("feedback", ASSIGNMENT)
        course.lecturer("release_feedback", ASSIGNMENT)
        # After the release, as the guide says: the deadlines, and each submission's outcome under the rules.
        ketenles("deadlines-publiceren")
        views = {key: _as(name, base / name, python, "-m", "ketenles.cli", "mijn-cijfers",
                          f"--exchange={course.exchange}") for key, name in users.items()}
        yield {"views": views, "users": users, "base": base, "python": python, "exchange": course.exchange,
               "course": course.root}
    finally:
        for name in made:
            _end_processes_of(name)
            subprocess.run(["userdel", "-r", "-f", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _end_processes_of(account: str) -> None:
    """End what is left running as a test account, process by process (its id, never by name)."""
    import psutil

    for process in psutil.process_iter(["username"]):
        if process.info["username"] == account:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def _rows(proc) -> dict[str, list[str]]:
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line.split(" | ") for line in proc.stdout.strip().splitlines()]
    header = lines[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in lines[1:]}


def test_each_student_sees_their_own_grade_deadline_and_late_status(graded_class):
    a, b = (_rows(graded_class["views"][k]) for k in ("a", "b"))
    head = {key: msg(f"grading_workflow.my_grades.{key}") for key in ("points", "grade", "released", "late")}
    assert a[ASSIGNMENT][head["released"]] == msg("grading_workflow.my_grades.released_yes")
    assert a[ASSIGNMENT][head["late"]] == msg("grading_workflow.my_grades.late_yes")  # deadline was an hour ago
    assert a[ASSIGNMENT][head["points"]].startswith("4 / 10")  # every automatic point, open answer not graded
    assert b[ASSIGNMENT][head["points"]].startswith("0 / 10")
    assert a[ASSIGNMENT][head["grade"]] != b[ASSIGNMENT][head["grade"]]


def test_a_student_cannot_reach_another_students_submissions(graded_class):
    users, base, python = graded_class["users"], graded_class["base"], graded_class["python"]
    other_cache = base / users["b"] / ".local" / "share" / "jupyter"
    code = ("from ketenles.grading.my_grades import my_grades; import sys; "
            f"print(len(my_grades('ketenles', {str(graded_class['exchange'])!r}, {str(other_cache)!r})))")
    proc = _as(users["a"], base / users["a"], python, "-c", code)
    # A's own account cannot even look into B's home: the view has nothing of B to read.
    assert proc.returncode != 0 or proc.stdout.strip() in ("0", "1")
    listing = subprocess.run(["runuser", "-u", users["a"], "--", "ls", str(base / users["b"])], capture_output=True)
    assert listing.returncode != 0
    assert users["b"] not in graded_class["views"]["a"].stdout


def test_each_student_sees_the_course_rules_applied_to_their_own_grade(graded_class):
    from ketenles.grading.gradebook.course_grade import load_rules, rules_of
    from ketenles.grading.gradebook.export import class_grades
    from ketenles.i18n.numbers import format_number

    rules = rules_of(graded_class["course"]) or load_rules(graded_class["course"] / "beoordeling.yaml")
    exported = {g.student: g for g in rules.apply(class_grades(graded_class["course"], ASSIGNMENT, rules.scale),
                                                   ASSIGNMENT)}
    head = {key: msg(f"grading_workflow.my_grades.{key}") for key in ("rules_grade", "days_late", "course_grade")}
    for key, name in graded_class["users"].items():
        row = _rows(graded_class["views"][key])[ASSIGNMENT]
        # Submitted within the hour before the deadline was set an hour back: one started day late.
        assert row[head["days_late"]] == msg("grading_workflow.my_grades.days", days=1)
        # Under the rules only once every answer is graded (an open answer waits for the lecturer).
        graded = exported[name].complete
        assert row[head["rules_grade"]] == (format_number(exported[name].grade, decimals=1) if graded else "-")
        assert row[head["course_grade"]] == "-"  # the other parts are not in this gradebook

"""A ``ketenles autograde`` killed with ``kill -9`` leaves nothing running, and the rerun finishes the class.

A lecturer's SSH session drops, or they kill a run that seems stuck: the
workers, checkers and sandboxes it started must end with it (not grade on
unseen and then hang), and the next run grades every student exactly once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from grading_class import ASSIGNMENT, POINTS, simulated_class

from ketenles.grading.worker_lifetime import descendants

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
TESTS = ("q1_probleem_test", "q2_factoren_test", "q3_lezing_test")


def _autograde(root: Path, **popen) -> subprocess.Popen:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.Popen([str(BIN / "ketenles"), "autograde", ASSIGNMENT, "--workers", "2"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _start_time(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None


def _still_running(seen: dict[int, str]) -> list[int]:
    """Processes of ``seen`` that still exist (same PID *and* start time: not a reused PID)."""
    return [pid for pid, start in seen.items() if _start_time(pid) == start]


def test_kill_9_leaves_no_process_and_the_rerun_grades_everyone_once(tmp_path):
    course, kinds = simulated_class(tmp_path, 6)
    run = _autograde(course.root, start_new_session=True)
    seen: dict[int, str] = {}  # every process the run started, with its start time
    try:
        # Mid-run: one student reported, the others with the workers (sandbox running).
        first = run.stderr.readline()
        assert "[1/6]" in first, first + run.stderr.read()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for pid in descendants(run.pid):
                seen.setdefault(pid, _start_time(pid))
            commands = [Path(f"/proc/{p}/cmdline").read_bytes() for p in _still_running(seen)]
            if any(b"bwrap" in c for c in commands) and len(seen) >= 3:
                break
            time.sleep(0.05)
        assert any(b"bwrap" in Path(f"/proc/{p}/cmdline").read_bytes() for p in _still_running(seen))
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 10
        while _still_running(seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes()[:120] for pid in _still_running(seen)}
        assert left == {}, left
    finally:
        # Never leave anything running, whatever the outcome.
        for pid in [*_still_running(seen), run.pid]:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    rerun = _autograde(course.root)
    out, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, out + err
    assert "afgebroken" in err  # the lecturer is told the earlier run was cut short
    graded_lines = [line for line in err.splitlines() if line.startswith("[")]
    assert len(graded_lines) == 6
    for student in kinds:
        assert sum(f"] {student}: nagekeken" in line for line in graded_lines) == 1, (student, err)

    with sqlite3.connect(course.root / "gradebook.db") as db:
        submissions = db.execute("SELECT student_id, COUNT(*) FROM submitted_assignment GROUP BY student_id").fetchall()
        rows = db.execute(
            "SELECT sa.student_id, bc.name, g.auto_score FROM grade g "
            "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
            "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
            "JOIN base_cell bc ON g.cell_id = bc.id").fetchall()
    assert sorted(submissions) == [(s, 1) for s in sorted(kinds)]
    assert len(rows) == 6 * 4  # 3 tests and the open question per student, no duplicate rows
    scores = {(s, cell): score for s, cell, score in rows}
    for student, kind in kinds.items():
        assert tuple(scores[(student, cell)] for cell in TESTS) == POINTS[kind], student
        assert (course.root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    assert not (course.root / "logs" / f"autograde-{ASSIGNMENT}.running").exists()

"""`ketenles autograde` refuses, in Dutch and naming the grading job, where bubblewrap cannot build its sandbox.

A pod that may not create user namespaces is played by a real program named by
``KETENLES_BWRAP`` (the grader's setting for which bubblewrap to run) that fails
the way bubblewrap itself does there (its own message, its exit code); the grader
is the real CLI in its own process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ASSIGNMENTS

from ketenles.grading.course import init_course
from ketenles.grading.sandbox.bubblewrap import bwrap_command, sandbox_problem
from ketenles.i18n import msg

# bubblewrap's own words when the kernel (or a pod's seccomp profile) forbids user namespaces.
BWRAP_REFUSAL = ("bwrap: No permissions to creating new namespace, likely because the kernel does not allow "
                 "non-privileged user namespaces. On e.g. debian this can be enabled with "
                 "'sysctl kernel.unprivileged_userns_clone=1'.")


def _refusing_bwrap(folder: Path) -> Path:
    bwrap = folder / "bwrap"
    bwrap.write_text(f"#!/bin/sh\necho \"{BWRAP_REFUSAL}\" >&2\nexit 1\n", encoding="utf-8")
    bwrap.chmod(0o755)
    return bwrap


def test_the_sandbox_runs_the_bubblewrap_it_checked(tmp_path, monkeypatch):
    bwrap = _refusing_bwrap(tmp_path)
    monkeypatch.setenv("KETENLES_BWRAP", str(bwrap))
    assert bwrap_command(tmp_path, tmp_path, ["true"])[0] == str(bwrap)
    assert sandbox_problem() == msg("grading_workflow.sandbox.no_namespaces", detail=BWRAP_REFUSAL)
    monkeypatch.setenv("KETENLES_BWRAP", str(tmp_path / "missing"))
    assert sandbox_problem() == msg("grading_workflow.sandbox.no_bwrap")


@pytest.mark.slow
def test_autograde_without_user_namespaces_refuses_and_points_to_the_grading_job(tmp_path):
    bwrap = _refusing_bwrap(tmp_path)
    course = init_course(tmp_path / "cursus", ASSIGNMENTS)
    (course / "submitted" / "s1" / "ketenanalyse").mkdir(parents=True)
    env = dict(os.environ, KETENLES_BWRAP=str(bwrap), PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    proc = subprocess.run([sys.executable, "-m", "ketenles.cli", "autograde", "ketenanalyse", "--course", str(course)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert msg("grading_workflow.sandbox.no_namespaces", detail=BWRAP_REFUSAL) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "course/deployment/grading-job.yaml" in msg("grading_workflow.sandbox.no_namespaces", detail="")
    assert not (course / "autograded").exists()  # nothing graded, nothing run unsandboxed

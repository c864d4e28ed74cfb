"""Parallel autograde: failure reasons, arguments. The class runs are in test_grading_robustness.py."""

from __future__ import annotations

import pytest

from ketenles.errors import ArgumentError
from ketenles.grading.autograde.parallel import _result, autograde, classify_failure, submitted_students


@pytest.mark.parametrize(("text", "reason"), [
    ("nbclient.exceptions.DeadKernelError: Kernel died", "kernel_died"),
    ("nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{\"cells'", "invalid_notebook"),
    ("sqlite3.OperationalError: database is locked", "database_locked"),
    ("UnresponsiveKernelError", "timeout"),
    ("ZeroDivisionError", "other"),
])
def test_failure_reasons(text, reason):
    assert classify_failure(text) == reason


def test_result_names_the_student_the_reason_and_real_edits_only():
    checksum = "[WARNING] Attribute 'checksum' for cell q1_test has changed! (should be: a, got: b)"
    assert _result("an", {"success": True, "log": checksum}).notes == []
    edited = "[WARNING] Attribute 'source' for cell q1_test has changed! (should be: a, got: b)"
    assert _result("an", {"success": True, "log": edited}).notes == ["changed_cell"]
    failed = _result("bo", {"success": False, "error": "DeadKernelError: Kernel died", "log": ""})
    assert not failed.ok and "bo: NIET nagekeken" in failed.describe() and "kernel is gestopt" in failed.describe()


def test_bad_arguments_are_explained(tmp_path):
    with pytest.raises(ArgumentError, match="werkprocessen"):
        autograde(tmp_path, "opdracht", workers=0)
    with pytest.raises(ArgumentError, match="nbgrader_config.py"):
        autograde(tmp_path, "opdracht")
    (tmp_path / "nbgrader_config.py").write_text("", encoding="utf-8")
    with pytest.raises(ArgumentError, match="ingeleverd"):
        autograde(tmp_path, "opdracht")
    (tmp_path / "submitted" / "s1" / "opdracht").mkdir(parents=True)
    assert submitted_students(tmp_path, "opdracht") == ["s1"]
    with pytest.raises(ArgumentError):
        autograde(tmp_path, "opdracht", students=["s2"])


def test_a_second_run_of_the_same_assignment_is_refused_while_the_first_lives(tmp_path):
    import subprocess

    from ketenles.grading.autograde import run_state
    from ketenles.grading.autograde.parallel import AutogradeRunning

    (tmp_path / "nbgrader_config.py").write_text("", encoding="utf-8")
    (tmp_path / "submitted" / "s1" / "opdracht").mkdir(parents=True)
    other = subprocess.Popen(["sleep", "60"])
    try:
        marker = run_state.marker(tmp_path, "opdracht")
        marker.parent.mkdir()
        marker.write_text(f'{{"pid": {other.pid}, "pending": ["s1"]}}', encoding="utf-8")
        with pytest.raises(AutogradeRunning, match=f"kill {other.pid}"):
            autograde(tmp_path, "opdracht", sandboxed=False)
    finally:
        other.kill()
        other.wait()
    # Once that run has ended (killed), its unfinished students are known.
    previous = run_state.previous_run(tmp_path, "opdracht")
    assert not previous.running and previous.unfinished == ["s1"]


def test_run_state_lists_only_unfinished_students(tmp_path):
    from ketenles.grading.autograde import run_state

    state = run_state.RunState(tmp_path, "opdracht", ["a", "b"])
    state.finished("a")
    assert run_state.previous_run(tmp_path, "opdracht").unfinished == ["b"]  # our own pid: not "running"
    state.close()
    assert run_state.previous_run(tmp_path, "opdracht").unfinished == []

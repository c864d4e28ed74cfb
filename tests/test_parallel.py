"""Parallel autograde: failure reasons, arguments. The class runs are in test_grading_robustness.py."""

from __future__ import annotations

import pytest

from ketenles.errors import ArgumentError
from ketenles.grading.parallel import _result, autograde, classify_failure, submitted_students


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

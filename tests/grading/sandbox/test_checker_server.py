"""The warm checker: the same results as a fresh checker, nothing carried between submissions."""

from __future__ import annotations

import os
import time

import pytest

from ketenles.grading.sandbox.checker import check_all
from ketenles.grading.sandbox.checker_server import CheckerFailure, WarmChecker, warm_checker

SETUP = {"source": "from ketenles.grading import checks\nimport ketenles.grading.checks as module"}
TEST = {"source": "assert not hasattr(module, 'LEFT_BEHIND')\n"
                  "checks.check_equal('aantal', aantal, 7, 'grading_hints.ketenanalyse.factors')",
        "grade_id": "q1"}
# A lecturer's test that changes module state: a fresh checker would never see it again.
DIRTY = {"source": "module.LEFT_BEHIND = True", "grade_id": "q0"}


def answers(value: int) -> dict:
    """The capture payload the student's kernel sends for ``aantal = value``."""
    return {"q1": {"values": {"aantal": {"int": str(value)}}}}


@pytest.fixture()
def checker():
    server = WarmChecker()
    yield server
    server.close()


def _kinds(results: dict) -> dict:
    return {grade_id: [o["output_type"] for o in outputs] for grade_id, outputs in results.items()}


def test_results_are_those_of_a_fresh_checker(checker):
    for value in (7, 6, 70):
        assert checker.check([SETUP, TEST], answers(value), timeout=60) == check_all([SETUP, TEST], answers(value))
    assert _kinds(checker.check([SETUP, TEST], answers(7), timeout=60)) == {"q1": []}
    assert _kinds(checker.check([SETUP, TEST], answers(6), timeout=60)) == {"q1": ["error"]}


def test_nothing_of_one_submission_reaches_the_next(checker):
    dirty = checker.check([SETUP, DIRTY, TEST], answers(7), timeout=60)
    assert _kinds(dirty)["q1"] == ["error"]  # within one submission the change is seen ...
    assert _kinds(checker.check([SETUP, TEST], answers(7), timeout=60)) == {"q1": []}  # ... never after


def test_a_test_that_never_ends_is_stopped_and_the_next_submission_is_checked(checker):
    endless = {"source": "while True:\n    pass", "grade_id": "q2"}
    started = time.monotonic()
    with pytest.raises(CheckerFailure):
        checker.check([SETUP, TEST, endless], answers(7), timeout=3)
    assert time.monotonic() - started < 30
    assert not checker.alive
    again = warm_checker()
    assert _kinds(again.check([SETUP, TEST], answers(7), timeout=60)) == {"q1": []}


def test_one_server_per_process_is_reused():
    first = warm_checker()
    assert warm_checker() is first
    assert first._proc.pid != os.getpid()


def test_a_check_that_grows_is_stopped_at_its_memory_bound_and_the_server_stays_small(checker):
    """A lecturer's test fed a student's value may allocate; the fork has check_memory_mb, no more."""
    import psutil

    greedy = {"source": "blok = bytearray(aantal * 1024 * 1024)\nassert len(blok) > 0", "grade_id": "q1"}
    results = checker.check([SETUP, greedy], answers(3000), timeout=60, memory_mb=200)
    assert results["q1"][-1]["ename"] == "MemoryError"
    assert checker.check([SETUP, greedy], answers(50), timeout=60, memory_mb=200) == {"q1": []}
    assert psutil.Process(checker._proc.pid).memory_info().rss < 500 * 1024 * 1024


def test_a_check_that_computes_forever_is_stopped_by_its_cpu_bound(checker):
    endless = {"source": "while aantal:\n    pass", "grade_id": "q1"}
    started = time.perf_counter()
    with pytest.raises(CheckerFailure):
        checker.check([SETUP, endless], answers(1), timeout=3)
    assert time.perf_counter() - started < 30


def test_each_submission_is_checked_as_its_own_student_and_never_as_the_grader(checker):
    """A per-student exam variant (issue 19) is graded for the submission's student, from the grader."""
    setup = {"source": "from ketenles.grading.student_id import current_student"}
    test = {"source": "assert current_student() == expected", "grade_id": "q1"}

    def expecting(name):
        return {"q1": {"values": {"expected": name}}}

    assert _kinds(checker.check([setup, test], expecting("anna"), timeout=60, student="anna")) == {"q1": []}
    assert _kinds(checker.check([setup, test], expecting("bram"), timeout=60, student="bram")) == {"q1": []}
    # Without a student the checker knows it grades: nobody, never the grading account.
    assert _kinds(checker.check([setup, test], expecting(None), timeout=60)) == {"q1": []}

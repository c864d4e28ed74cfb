"""A sandbox started ahead: its kernel is up before the submission arrives, and it is the next
submission's alone.

``ketenles autograde`` starts the sandbox for a worker's next submission while
it grades the current one (benchmarks/autograde.py measures the gain). These
tests pin down what that may not change: the kernel sees the submission's files
although they arrive after it started, a spare that does not fit is never used,
an unneeded spare ends without a trace, and a kernel that cannot start is
reported rather than lost.
"""

from __future__ import annotations

import json
import shutil
import time

import nbformat
import psutil
import pytest

from ketenles.grading.sandbox import bubblewrap as sandbox

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None,
                                reason="bubblewrap is not installed (README prerequisite)")

JOB = {"timeout": 60, "interrupt_on_timeout": True, "error_on_timeout": None}


def start(kernel_name: str = "python3", **limits) -> dict:
    return {"limits": sandbox.Limits(**limits).as_dict(), "kernel_name": kernel_name,
            "startup_timeout": 60, "sandboxed": True}


def give(box: sandbox.Sandbox, *sources: str) -> tuple[dict, nbformat.NotebookNode | None]:
    """Run ``sources`` as the submission's cells; the runner's status and executed notebook."""
    (box.io / "job.json").write_text(json.dumps(JOB), encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nbformat.write(nb, box.io / "run.ipynb")
    outcome = box.run()
    assert not outcome.timed_out
    status = json.loads((box.io / "status.json").read_text(encoding="utf-8"))
    executed = box.io / "executed.ipynb"
    return status, nbformat.read(executed, as_version=4) if executed.exists() else None


def printed(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.outputs)


@pytest.fixture(autouse=True)
def no_spare_left():
    yield
    sandbox._close_spares()


def kernels_of(box: sandbox.Sandbox) -> list[psutil.Process]:
    """The kernel processes below the sandbox's bwrap."""
    try:
        below = psutil.Process(box.proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p for p in below if "ipykernel_launcher" in " ".join(p.cmdline())]


def test_files_placed_after_the_kernel_started_are_the_ones_the_student_code_sees():
    box = sandbox.Sandbox(start())
    try:
        assert list(box.work.iterdir()) == []  # nothing of any student while it waits
        (box.work / "antwoorden.txt").write_text("eigen bestand", encoding="utf-8")
        status, nb = give(box, "import os\nprint(sorted(os.listdir('.')), open('antwoorden.txt').read())")
    finally:
        box.close()
    assert status["status"] == "ok", status
    assert printed(nb).strip() == "['antwoorden.txt'] eigen bestand"


def test_the_next_submission_gets_the_sandbox_started_ahead_unless_it_does_not_fit():
    first = sandbox.take(start())
    spare = sandbox._SPARE[0]
    assert spare.alive() and spare is not first
    first.close()
    assert sandbox.take(start()) is spare  # the same kernel and limits: taken as it is
    other_spare = sandbox._SPARE[0]
    # Another kernel or other limits (a changed course config): the spare is not used but ended.
    changed = sandbox.take(start(memory_mb=1024))
    assert changed is not other_spare and not other_spare.alive()
    assert not other_spare.io.exists()
    changed.close()
    spare.close()


def test_grading_without_the_sandbox_starts_nothing_ahead():
    box = sandbox.take(dict(start(), sandboxed=False), sandboxed=False)
    try:
        assert sandbox._SPARE == []
    finally:
        box.close()


def test_a_spare_that_is_not_needed_ends_with_its_kernel_and_folders():
    box = sandbox.Sandbox(start())
    for _ in range(600):
        kernels = kernels_of(box)
        if kernels:
            break
        time.sleep(0.1)
    assert kernels, "the spare's kernel never started"
    box.close()
    assert not box.alive() and not box.work.parent.exists()
    gone, alive = psutil.wait_procs(kernels, timeout=10)
    assert alive == []


def test_a_runner_told_nothing_writes_nothing():
    box = sandbox.Sandbox(start())
    box.proc.stdin.close()  # end of input without "go": the grader no longer needs it
    assert box.proc.wait(timeout=120) == 0
    assert sorted(p.name for p in box.io.iterdir()) == ["start.json"]
    box.close()


def test_a_kernel_that_cannot_start_is_reported_with_the_reason():
    box = sandbox.Sandbox(start(kernel_name="geen-kernel"))
    try:
        status, _ = give(box, "print(1)")
    finally:
        box.close()
    assert status["status"] == "error"
    assert "NoSuchKernel" in status["detail"]

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
    assert outcome.status is not None, outcome.stderr
    return outcome.status, nbformat.reads(outcome.notebook, as_version=4) if outcome.notebook else None


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


def test_a_kernel_that_cannot_start_is_not_taken_as_the_students():
    """The runner says ``failed`` instead of ``took``: the grader starts a fresh sandbox, never blames the student."""
    box = sandbox.Sandbox(start(kernel_name="geen-kernel"))
    try:
        give(box, "print(1)")
        outcome = box.run() if box.alive() else None
    finally:
        box.close()
    assert outcome is None or not outcome.took


def test_a_spare_whose_kernel_died_while_waiting_is_not_taken():
    box = sandbox.Sandbox(start())
    try:
        for _ in range(600):
            kernels = kernels_of(box)
            if kernels:
                break
            time.sleep(0.1)
        assert kernels, "the spare's kernel never started"
        kernels[0].kill()
        kernels[0].wait(10)
        (box.io / "job.json").write_text(json.dumps(JOB), encoding="utf-8")
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")]), box.io / "run.ipynb")
        outcome = box.run()
    finally:
        box.close()
    assert not outcome.took  # SandboxedExecute then grades the submission in a fresh sandbox


def test_in_memory_folders_have_a_size_and_the_rest_of_the_sandbox_is_read_only():
    """/tmp, /dev/shm and the home folder live in the grading machine's memory: each has a size."""
    box = sandbox.Sandbox(start(tmp_mb=16, disk_mb=24, file_size_mb=20))
    try:
        (box.work / "eigen.txt").write_text("mag", encoding="utf-8")
        status, nb = give(box, "import os\nfor folder in ('/tmp', '/dev/shm', '/', '/dev', '/ketenles-io', "
                               "'/ketenles-submission'):\n"
                               "    try:\n        with open(os.path.join(folder, 'vol'), 'wb') as f:\n"
                               "            f.write(b'x' * 17_000_000)\n        print(folder, 'vol')\n"
                               "    except OSError as e:\n        print(folder, 'geweigerd', e.errno)\n"
                               "n = 0\ntry:\n    for i in range(100):\n"
                               "        open(f'klein{i}', 'wb').write(b'x' * 1_000_000)\n        n += 1\n"
                               "except OSError as e:\n    print('werkmap vol na', n, e.errno)\n"
                               "print('werkmap', open('eigen.txt').read())")
    finally:
        box.close()
    assert status["status"] == "ok", status
    lines = printed(nb).splitlines()
    assert lines[:6] == ["/tmp geweigerd 28", "/dev/shm geweigerd 28",  # ENOSPC
                         "/ geweigerd 30", "/dev geweigerd 30", "/ketenles-io geweigerd 30",  # EROFS
                         "/ketenles-submission geweigerd 30"]
    full = lines[6].split()
    assert full[:3] == ["werkmap", "vol", "na"] and int(full[3]) <= 25 and full[4] == "28", lines
    assert lines[7] == "werkmap mag"


def test_student_code_cannot_write_into_the_results_or_the_graders_pipes():
    """Descriptors 1 and 2 of the kernel go nowhere; the runner's own pipes are closed to it in /proc."""
    box = sandbox.Sandbox(start())
    try:
        status, nb = give(box, "import os\nos.write(1, b'x' * 5_000_000)\nos.write(2, b'y' * 5_000_000)\n"
                               "ouder = os.getppid()\n"
                               "for fd in ('0', '1', '2', '3', '4', '5'):\n    try:\n"
                               "        open(f'/proc/{ouder}/fd/{fd}', 'w').write('took\\n{}\\n')\n"
                               "        print('geschreven', fd)\n    except OSError as e:\n"
                               "        print('geweigerd', fd, e.errno)")
    finally:
        box.close()
    assert status["status"] == "ok", status
    assert "geschreven" not in printed(nb), printed(nb)


def test_the_process_limit_is_the_kernels_not_only_the_watchdogs():
    """A fork over the limit fails at once (EAGAIN), also when the grader runs as root."""
    box = sandbox.Sandbox(start(max_processes=32))
    try:
        status, nb = give(box, "import os, subprocess\nkinderen, fout = [], None\nfor _ in range(60):\n    try:\n"
                               "        kinderen.append(subprocess.Popen(['sleep', '30']))\n"
                               "    except OSError as e:\n        fout = e.errno\n        break\n"
                               "print(os.getuid() != 0, len(kinderen) < 32, fout)")
    finally:
        box.close()
    assert status["status"] == "ok", status
    assert printed(nb).split() == ["True", "True", "11"]

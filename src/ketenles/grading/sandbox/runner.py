"""Inside the sandbox: execute one submission's notebook, within limits, and write the results.

Started by :mod:`ketenles.grading.sandbox.bubblewrap` as ``python -I -m
ketenles.grading.sandbox.runner IO_DIR``, in two steps:

1. at start it reads ``IO_DIR/start.json`` (limits, kernel name, start-up
   timeout), sets the resource limits on itself (so the kernel and all its
   children inherit them) and starts the kernel;
2. once the kernel is ready it waits for ``go`` on its standard input, checks
   that the kernel is still alive (a spare that died while it waited is the
   grader's problem, never a student's: it then ends without ``took``), writes
   ``took``, copies the submission's files (``$KETENLES_SUBMISSION``) into its
   working folder, reads ``IO_DIR/job.json`` (cell timeouts) and
   ``IO_DIR/run.ipynb`` (the submission with every test cell replaced by a
   capture cell), executes it with nbclient as nbgrader's ``Execute`` would,
   and writes a status line and the executed notebook.

Results go to the runner's own standard output only: before the kernel starts,
the runner moves that pipe (and its error output) to private descriptors that
no child inherits, points descriptors 1 and 2 at ``/dev/null`` and makes
itself non-dumpable, so student code can neither write into the results nor
flood the grader through an inherited pipe, nor open them via ``/proc``.

The wait lets the grader start the next submission's sandbox and kernel while
it is still busy with this one (:class:`ketenles.grading.sandbox.bubblewrap.Sandbox`);
a kernel start is most of the time a small notebook takes. Until ``go`` the
sandbox holds no student file, and end of input without ``go`` ends the runner.

Limits, and why here: inside the user namespace ``RLIMIT_NPROC`` counts only
this sandbox's processes; the address-space limit turns a huge allocation into
a ``MemoryError`` in the student's cell; the CPU limit stops a kernel that
computes forever in C code that an interrupt cannot reach. Output beyond the
byte or count cap is dropped with one Dutch notice. A grader running as root
starts the sandbox as ``nobody`` (:mod:`~ketenles.grading.sandbox.bubblewrap`),
so ``RLIMIT_NPROC`` holds there too; a watchdog thread also holds the number of
processes at the limit, as a second line and for unsandboxed grading by root,
whom the kernel exempts from ``RLIMIT_NPROC``.

Everything written here is the student's to forge (the kernel runs as the same
user): the grader treats it as untrusted data.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import threading
import time
from pathlib import Path

from ketenles.lean_imports import skip_slow_optional_imports

_CLK = os.sysconf("SC_CLK_TCK")
MAX_CAPTURE_BYTES = 20_000_000  # all captured answers of one notebook


def set_limits(limits: dict) -> None:
    memory = limits["memory_mb"] * 1024 * 1024
    cpu = limits["cpu_seconds"]
    for kind, soft, hard in (
        (resource.RLIMIT_AS, memory, memory),
        (resource.RLIMIT_CPU, cpu, cpu + 5),
        (resource.RLIMIT_FSIZE, limits["file_size_mb"] * 1024 * 1024, limits["file_size_mb"] * 1024 * 1024),
        (resource.RLIMIT_CORE, 0, 0),
        (resource.RLIMIT_NPROC, limits["max_processes"], limits["max_processes"]),
    ):
        with contextlib.suppress(ValueError, OSError):  # a lower hard limit set by the system stays
            resource.setrlimit(kind, (soft, hard))


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(parent pid, start time, CPU seconds) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), float(fields[19]), (int(fields[11]) + int(fields[12])) / _CLK


class Watchdog(threading.Thread):
    """Keeps the number of processes at the limit and remembers the kernel's CPU time."""

    def __init__(self, limit: int, whole_namespace: bool):
        super().__init__(daemon=True)
        self.limit = limit
        self.whole_namespace = whole_namespace  # in the sandbox every process is the student's
        self.me = os.getpid()
        self.killed = 0
        self.kernel_cpu = 0.0
        self.kernel_pid: int | None = None
        self.stop = threading.Event()

    def _processes(self) -> dict[int, tuple[int, float, float]]:
        found = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                info = _stat(int(entry))
                if info:
                    found[int(entry)] = info
        if self.whole_namespace:
            return {p: i for p, i in found.items() if p not in (1, self.me)}
        mine, changed = set(), True
        while changed:
            changed = False
            for pid, (parent, _, _) in found.items():
                if pid not in mine and (parent == self.me or parent in mine):
                    mine.add(pid)
                    changed = True
        return {p: found[p] for p in mine}

    def run(self) -> None:
        while not self.stop.wait(0.05):
            procs = self._processes()
            kernels = [p for p, (parent, _, _) in procs.items() if parent == self.me]
            if kernels:
                self.kernel_pid = min(kernels, key=lambda p: procs[p][1])
                self.kernel_cpu = procs[self.kernel_pid][2]
            excess = len(procs) - self.limit + 1  # the runner counts too
            if excess > 0:
                newest = sorted((p for p in procs if p != self.kernel_pid), key=lambda p: -procs[p][1])
                for pid in newest[:excess]:
                    try:
                        os.kill(pid, signal.SIGKILL)
                        self.killed += 1
                    except OSError:
                        pass


def _client_class():
    from nbclient import NotebookClient
    from nbformat.v4 import new_output

    from ketenles.grading.sandbox.answers import CAPTURE_MIME, MAX_PAYLOAD_BYTES
    from ketenles.i18n import msg

    class CappedClient(NotebookClient):
        """nbclient with a cap on the size and number of all outputs together."""

        max_output_bytes = 2_000_000
        max_outputs = 5_000

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.output_bytes = 0
            self.output_count = 0
            self.capture_bytes = 0
            self.capped = False

        def output(self, outs, msg_, display_id, cell_index):
            content = msg_.get("content", {})
            size = len(json.dumps(content, default=str))
            if CAPTURE_MIME in (content.get("data") or {}) and size <= MAX_PAYLOAD_BYTES:
                # Captured answers have their own budget: a flood of output before a
                # test cell must not cost the student the answers themselves.
                self.capture_bytes += size
                if self.capture_bytes <= MAX_CAPTURE_BYTES:
                    return super().output(outs, msg_, display_id, cell_index)
                return None
            self.output_bytes += size
            self.output_count += 1
            if self.output_bytes > self.max_output_bytes or self.output_count > self.max_outputs:
                if not self.capped:
                    self.capped = True
                    outs.append(new_output("stream", name="stdout",
                                           text=msg("grading_workflow.sandbox.output_capped") + "\n"))
                return None
            return super().output(outs, msg_, display_id, cell_index)

    return CappedClient


def _on_cell_executed(cell, execute_reply, **_):
    """As nbgrader's Execute: a timed-out cell gets an error output, so its test fails."""
    from nbformat import NotebookNode

    content = execute_reply.get("content", {})
    if content.get("status") != "error":
        return
    if any(o.get("output_type") == "error" and o.get("ename") == content.get("ename") for o in cell.outputs):
        return
    cell.outputs.append(NotebookNode(output_type="error", ename=content.get("ename", ""),
                                     evalue=content.get("evalue", ""),
                                     traceback=content.get("traceback") or ["ERROR"]))


def _private_output() -> tuple:
    """Move stdout and stderr to descriptors no child inherits; 1 and 2 go to /dev/null.

    Returns ``(results, log)`` text streams. The runner also becomes
    non-dumpable: its ``/proc`` entries (and so these pipes) are closed to the
    student's processes, which run as the same user.
    """
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")  # os.dup: not inheritable
    log = os.fdopen(os.dup(2), "w", encoding="utf-8", errors="replace")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stdout, sys.stderr = log, log
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    return results, log


def _copy_submission(work: Path) -> None:
    """The submission's files, read-only in the sandbox, into the writable work folder."""
    import shutil

    source = os.environ.get("KETENLES_SUBMISSION")
    if not source or not Path(source).is_dir():
        return
    # Entry by entry: the work folder itself belongs to the sandbox's root, its mode stays.
    for entry in Path(source).iterdir():
        if entry.is_symlink():
            (work / entry.name).symlink_to(os.readlink(entry))
        elif entry.is_dir():
            shutil.copytree(entry, work / entry.name, symlinks=True, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, work / entry.name)


async def _wait_for_job(client, io: Path, job_holder: dict, results) -> None:
    """The kernel is ready: wait for ``go``, then hand the submission and its timeouts to the client."""
    import nbformat

    if sys.stdin.readline().strip() != "go":
        os._exit(0)  # a spare sandbox that is not needed: nothing to write
    if not await client.km.is_alive():
        os._exit(0)  # a spare whose kernel died while it waited: not taken, the grader starts another
    results.write("took\n")
    results.flush()
    job_holder["started"] = time.perf_counter()  # from here on, whatever happens is the submission's
    _copy_submission(Path.cwd())
    job = json.loads((io / "job.json").read_text(encoding="utf-8"))
    job_holder.update(job)
    client.nb = nbformat.read(io / "run.ipynb", as_version=4)
    client.timeout = job["timeout"]
    client.interrupt_on_timeout = job["interrupt_on_timeout"]
    client.error_on_timeout = job.get("error_on_timeout")


def main(io_dir: str) -> int:
    skip_slow_optional_imports()
    results, _log = _private_output()
    io = Path(io_dir)
    start_job = json.loads((io / "start.json").read_text(encoding="utf-8"))
    limits = start_job["limits"]
    for name in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        if os.environ.get(name):
            Path(os.environ[name]).mkdir(parents=True, exist_ok=True)
    set_limits(limits)
    from nbclient.exceptions import DeadKernelError
    from nbformat.v4 import new_notebook

    job: dict = {}
    client_class = _client_class()
    # The notebook arrives after the kernel has started (see _wait_for_job); the kernel
    # is killed at the end rather than asked to shut down: the sandbox ends with it anyway.
    client = client_class(
        new_notebook(), allow_errors=True, kernel_name=start_job["kernel_name"],
        startup_timeout=start_job["startup_timeout"], shutdown_kernel="immediate",
        extra_arguments=["--HistoryManager.hist_file=:memory:"], on_cell_executed=_on_cell_executed,
        on_notebook_start=lambda notebook: _wait_for_job(client, io, job, results),  # noqa: ARG005 - hook signature
        raise_on_iopub_timeout=False, resources={"metadata": {"path": os.getcwd()}})
    client.max_output_bytes = limits["max_output_bytes"]
    client.max_outputs = limits["max_outputs"]
    watchdog = Watchdog(limits["max_processes"], whole_namespace=start_job["sandboxed"])
    watchdog.start()
    status, detail = "ok", ""
    try:
        # In the sandbox the kernel dies with the PID namespace when the runner ends, so the
        # runner does not wait for its shutdown (jupyter_client polls it every 0.1 s); without
        # the sandbox the runner ends it itself, as the grader cannot reach it otherwise.
        client.execute(cleanup_kc=not start_job["sandboxed"])
    except DeadKernelError as exc:
        status, detail = "kernel_died", str(exc)[:200]
    except Exception as exc:  # noqa: BLE001 - reported to the grader, never to the student
        status, detail = "error", f"{type(exc).__name__}: {exc}"[:500]
    watchdog.stop.set()
    if "started" not in job:
        if sys.stdin.readline().strip() != "go":
            return 0  # the kernel did not start, and the grader no longer needs this sandbox
        results.write("failed\n")  # before any student code: the grader's problem, not the student's
    notes = []
    if client.capped:
        notes.append("output")
    if watchdog.killed:
        notes.append("processes")
    cpu_limit = status == "kernel_died" and watchdog.kernel_cpu >= limits["cpu_seconds"] - 2
    import nbformat

    results.write(json.dumps({
        "status": "cpu" if cpu_limit else status, "detail": detail, "notes": notes,
        "seconds": time.perf_counter() - job.get("started", time.perf_counter())}) + "\n")
    results.write(nbformat.writes(client.nb))
    results.flush()
    if start_job["sandboxed"]:
        # Everything the grader needs is written: end now instead of tearing down the
        # interpreter, its threads and the kernel's sockets one by one.
        os._exit(0)
    return 0


if __name__ == "__main__" and len(sys.argv) == 2:
    sys.exit(main(sys.argv[1]))

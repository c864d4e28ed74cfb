"""Run one submission's notebook in a bubblewrap sandbox.

The whole execution of one submission (the runner with nbclient *and* the
kernel it starts) runs inside one ``bwrap`` sandbox, so kernel and client talk
over the sandbox's own loopback and no port of the host is ever used (a kernel
outside a network namespace could not reach a client inside, and vice versa).

What the sandbox sees, and nothing else:

* ``/usr`` and a few files of ``/etc`` read-only (libraries, fonts);
* this Python environment read-only: the interpreter, the virtual environment
  and the ``ketenles`` package folder itself (not the repository around it,
  which holds the source assignments; in an installed wheel the package's
  ``bundled/`` copy of them is covered by an empty tmpfs);
* ``/home/student/work``: a scratch copy of this one submission (read-write);
* ``/ketenles-io``: the runner's job and results (read-write);
* a private ``/tmp``, ``/proc`` of its own PID namespace and a minimal ``/dev``.

Namespaces: user, PID, network, IPC, UTS and cgroup (``--unshare-all``), with
``--die-with-parent`` and a new session: when the runner ends or the grader
dies, every process the student started is killed with the PID namespace.
Resource limits (memory, CPU time, processes, file size) are set by the runner
inside the sandbox (:mod:`ketenles.grading.sandbox.runner`), where they count
only the sandbox's own processes; output size is capped by the runner as well;
the wall-clock limit is enforced here, from the moment the runner is given
the submission.

A grading process starts the sandbox for its next submission while it grades
the current one (:func:`take`): the kernel start, most of the time a small
notebook takes, then overlaps with the rest of the grading.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import ketenles
from ketenles.errors import KetenlesError
from ketenles.i18n import msg

WORK = "/home/student/work"
IO = "/ketenles-io"


@dataclass(frozen=True)
class Limits:
    """Per-submission limits; defaults are those of course/nbgrader_config.py."""

    memory_mb: int = 2048  # address space of each process (RLIMIT_AS)
    cpu_seconds: int = 300  # CPU time of each process (RLIMIT_CPU)
    max_processes: int = 64  # processes at once in the sandbox
    max_output_bytes: int = 2_000_000  # all cell outputs of the notebook together
    max_outputs: int = 5_000  # number of outputs of the notebook together
    file_size_mb: int = 50  # largest file the submission may write (RLIMIT_FSIZE)
    wall_seconds: int = 900  # the whole notebook, start to end

    def as_dict(self) -> dict:
        return asdict(self)


class SandboxUnavailable(KetenlesError):
    """The sandbox cannot run here; the message says how to fix it."""


# Inside an installed ketenles (a wheel), the course's source assignments with
# their solutions and hidden tests: never visible in the sandbox.
HIDDEN_IN_PACKAGE = ("bundled",)


def _package() -> Path:
    return Path(ketenles.__file__).resolve().parent


def hidden_paths() -> list[Path]:
    """Folders of the Python environment that the sandbox covers with an empty tmpfs."""
    return [_package() / name for name in HIDDEN_IN_PACKAGE if (_package() / name).is_dir()]


def _python_paths() -> list[Path]:
    """Folders the sandboxed Python needs: interpreter, environment, the ketenles package."""
    package = _package()
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), package}
    executable = Path(sys.executable)
    paths.add(executable.resolve().parent.parent)
    # A folder inside another is bound with it; bind each once.
    ordered = sorted(paths, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in ordered:
        if not any(path == k or k in path.parents for k in kept):
            kept.append(path)
    return kept


def bwrap_command(work: Path, io_dir: Path, command: list[str]) -> list[str]:
    """The bwrap command line that runs ``command`` with only the listed folders visible."""
    args = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--hostname", "nakijken",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"]
    for name in ("ld.so.cache", "fonts", "localtime", "alternatives", "mime.types"):
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/home/student"]
    for path in _python_paths():
        args += ["--ro-bind", str(path), str(path)]
    for path in hidden_paths():
        args += ["--tmpfs", str(path)]
    args += ["--bind", str(work), WORK, "--bind", str(io_dir), IO, "--chdir", WORK, "--", *command]
    return args


def sandbox_env() -> dict[str, str]:
    """The whole environment of the sandbox: no host paths, names or secrets."""
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": "/home/student", "USER": "student", "LOGNAME": "student",
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": "/tmp",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime", "IPYTHONDIR": "/tmp/ipython",
        "MPLCONFIGDIR": "/tmp/matplotlib", "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1", "NBGRADER_EXECUTION": "autograde",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def runner_command(io_dir: str) -> list[str]:
    return [sys.executable, "-I", "-m", "ketenles.grading.sandbox.runner", io_dir]


def sandbox_problem() -> str | None:
    """None when the sandbox works here, else a Dutch explanation with the fix."""
    if shutil.which("bwrap") is None:
        return msg("grading_workflow.sandbox.no_bwrap")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ketenles-probe-") as tmp:
        work, io_dir = Path(tmp) / "work", Path(tmp) / "io"
        work.mkdir()
        io_dir.mkdir()
        probe = [sys.executable, "-I", "-c", "import ketenles.grading.sandbox.runner"]
        try:
            proc = subprocess.run(bwrap_command(work, io_dir, probe), env=sandbox_env(), capture_output=True,
                                  text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return msg("grading_workflow.sandbox.no_namespaces", detail=str(exc)[:300])
    if proc.returncode != 0:
        return msg("grading_workflow.sandbox.no_namespaces", detail=(proc.stderr or "").strip()[-300:])
    return None


def require_sandbox() -> None:
    """Raise :class:`SandboxUnavailable` (Dutch, with the fix) when the sandbox cannot run."""
    problem = sandbox_problem()
    if problem:
        raise SandboxUnavailable(problem)


_PROBED: list[str | None] = []


def require_sandbox_cached() -> None:
    """:func:`require_sandbox`, probed once per process (every notebook would pay 0.3 s otherwise)."""
    if not _PROBED:
        _PROBED.append(sandbox_problem())
    if _PROBED[0]:
        raise SandboxUnavailable(_PROBED[0])


@dataclass
class RunOutcome:
    returncode: int | None
    timed_out: bool
    stderr: str


class Sandbox:
    """One sandbox, started ahead: its runner starts the kernel, then waits for a submission.

    ``start`` holds what the kernel needs before any submission (limits, kernel
    name, start-up timeout). :meth:`run` is called once, after the caller has
    put the submission's files in :attr:`work` and ``job.json`` and
    ``run.ipynb`` in :attr:`io`: the runner is told to go, and everything is
    killed after ``limits.wall_seconds``. :meth:`close` kills what is left and
    removes both folders.
    """

    def __init__(self, start: dict, sandboxed: bool = True):
        import tempfile

        self.key = (json.dumps(start, sort_keys=True), sandboxed)
        self.sandboxed = sandboxed
        self.wall_seconds = start["limits"]["wall_seconds"]
        self._tmp = tempfile.TemporaryDirectory(prefix="ketenles-sandbox-")
        self.work, self.io = Path(self._tmp.name) / "work", Path(self._tmp.name) / "io"
        self.work.mkdir()
        self.io.mkdir()
        (self.io / "start.json").write_text(json.dumps(start), encoding="utf-8")
        if sandboxed:
            command, cwd, env = bwrap_command(self.work, self.io, runner_command(IO)), None, sandbox_env()
        else:
            # Unsandboxed (explicit lecturer's choice): same runner, same limits, no namespaces.
            command, cwd = runner_command(str(self.io)), self.work
            env = dict(sandbox_env(), HOME=str(self.work), KETENLES_WORK=str(self.work))
        self.proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, start_new_session=True)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self) -> RunOutcome:
        """Let the runner execute the submission; kill everything after the wall-clock limit."""
        proc = self.proc
        try:
            _, err = proc.communicate(input="go\n", timeout=self.wall_seconds)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
            self._kill()
            _, err = proc.communicate()
        finally:
            if not self.sandboxed:
                self._kill()  # what the student left in the group
        return RunOutcome(proc.returncode, timed_out, (err or "")[-4000:])

    def _kill(self) -> None:
        from ketenles.grading.worker_lifetime import kill_descendants

        if not self.sandboxed:
            kill_descendants(self.proc.pid)  # a kernel may have left the runner's session
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def close(self) -> None:
        if self.alive():
            self._kill()
            with contextlib.suppress(OSError, ValueError):
                self.proc.communicate(timeout=10)
        self._tmp.cleanup()


# The sandbox started ahead for the next submission of this grading process.
_SPARE: list[Sandbox] = []


def _close_spares() -> None:
    while _SPARE:
        _SPARE.pop().close()


atexit.register(_close_spares)


def take(start: dict, sandboxed: bool = True, ahead: bool = True) -> Sandbox:
    """A started sandbox for one submission; with ``ahead``, the next one starts now.

    Only a bubblewrap sandbox is started ahead: nothing of it is visible to the
    student code that runs meanwhile, and its runner dies with this process.
    """
    key = (json.dumps(start, sort_keys=True), sandboxed)
    box = None
    while _SPARE:
        spare = _SPARE.pop()
        if box is None and spare.key == key and spare.alive():
            box = spare
        else:
            spare.close()
    if box is None:
        box = Sandbox(start, sandboxed)
    if ahead and sandboxed:
        _SPARE.append(Sandbox(start, sandboxed))
    return box

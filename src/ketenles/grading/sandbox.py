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
inside the sandbox (:mod:`ketenles.grading.sandbox_runner`), where they count
only the sandbox's own processes; output size is capped by the runner as well;
the wall-clock limit is enforced here.
"""

from __future__ import annotations

import contextlib
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
    return [sys.executable, "-I", "-m", "ketenles.grading.sandbox_runner", io_dir]


def sandbox_problem() -> str | None:
    """None when the sandbox works here, else a Dutch explanation with the fix."""
    if shutil.which("bwrap") is None:
        return msg("grading_workflow.sandbox.no_bwrap")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ketenles-probe-") as tmp:
        work, io_dir = Path(tmp) / "work", Path(tmp) / "io"
        work.mkdir()
        io_dir.mkdir()
        probe = [sys.executable, "-I", "-c", "import ketenles.grading.sandbox_runner"]
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


def run(work: Path, io_dir: Path, limits: Limits, sandboxed: bool = True) -> RunOutcome:
    """Run the runner for the job in ``io_dir``; kill everything after ``limits.wall_seconds``."""
    if sandboxed:
        command = bwrap_command(work, io_dir, runner_command(IO))
        cwd = None
    else:
        # Unsandboxed (explicit lecturer's choice): same runner, same limits, no namespaces.
        command = runner_command(str(io_dir))
        cwd = work
    env = sandbox_env()
    if not sandboxed:
        env = dict(env, HOME=str(work), KETENLES_WORK=str(work))
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=limits.wall_seconds)
        timed_out = False
    except subprocess.TimeoutExpired:
        timed_out = True
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    finally:
        if not sandboxed:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)  # what the student left in the group
    return RunOutcome(proc.returncode, timed_out, (err or "")[-4000:])


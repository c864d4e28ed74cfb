"""Run ``nbgrader`` commands without paying Jupyter's import for each one.

Every nbgrader step a test takes (generate, release, fetch, submit, collect, autograde,
feedback) used to be a new process that spent about three seconds importing nbgrader,
nbconvert and traitlets before doing a fraction of a second of work; a graded class in
the suite is hundreds of such steps. This module starts one server per test worker that
imports all of that once and then *forks* a fresh child per command: the child is still
a process of its own (own working folder, environment, exit code, stdout and stderr,
its own kernels), exactly as when the lecturer or the student types the command, only
without the import.

Nothing here runs before the first nbgrader command, and a test that needs the real
thing (a console script, another Python) still starts it with ``subprocess``.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# What the server imports before it forks: nbgrader's whole command line, i.e. what every
# step needs. Not ketenles: it reads settings from the environment when it is imported
# (KETENLES_LANG), and each command's own environment must decide them; it imports in 1 ms.
PRELOAD = ("nbgrader.apps.nbgraderapp", "nbgrader.apps.api", "nbconvert", "jupyter_client")


def _child(request: dict, out_path: str, err_path: str) -> int:
    """Run one nbgrader command in this (forked) process and return its exit code."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # nbgrader waits for its kernels
    for fd, path in ((1, out_path), (2, err_path)):
        target = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["nbgrader", *request["args"]]
    from nbgrader.apps.nbgraderapp import main

    try:
        main()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, int | None):
            print(stop.code, file=sys.stderr)
    except BaseException:  # what the real command would print before dying
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def serve(address: str) -> None:
    """The server: import once, then fork one child per command sent over ``address``."""
    import ctypes

    # The server ends with the test worker that started it, even one killed with -9.
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    for module in PRELOAD:
        __import__(module)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(8)
    print("ready", flush=True)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    while True:
        connection, _ = listener.accept()
        if os.fork() == 0:
            listener.close()
            with connection, connection.makefile("rwb") as stream:
                request = json.loads(stream.readline())
                code = _child(request, request["stdout"], request["stderr"])
                stream.write(f"{code}\n".encode())
                stream.flush()
            os._exit(0)
        connection.close()


class _Server:
    """The one server of this test worker, started at its first command."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._folder = tempfile.mkdtemp(prefix="nbgrader-fork-")
        self.address = os.path.join(self._folder, "socket")

    def _start(self) -> None:
        self._process = subprocess.Popen([sys.executable, __file__, self.address], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, env=dict(os.environ), start_new_session=True)
        if self._process.stdout.readline().strip() != b"ready":
            raise RuntimeError("the nbgrader fork server did not start")
        atexit.register(self.stop)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def run(self, args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()
        with tempfile.TemporaryDirectory(dir=self._folder) as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            out.touch()
            err.touch()
            request = {"args": args, "cwd": str(cwd), "env": env, "stdout": str(out), "stderr": str(err)}
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(timeout)
                client.connect(self.address)
                with client.makefile("rwb") as stream:
                    stream.write(json.dumps(request).encode() + b"\n")
                    stream.flush()
                    answer = stream.readline()
            if not answer:
                raise RuntimeError(f"nbgrader {' '.join(args)} died without an exit code")
            return subprocess.CompletedProcess(["nbgrader", *args], int(answer),
                                               out.read_text(errors="replace"), err.read_text(errors="replace"))


_SERVER = _Server()


def run_nbgrader(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess:
    """``nbgrader *args`` in ``cwd`` with ``env``, as a process of its own, without the import."""
    return _SERVER.run(args, cwd, env, timeout)


if __name__ == "__main__":
    sys.path.pop(0)  # tests/ must not shadow a module nbgrader imports
    serve(sys.argv[1])

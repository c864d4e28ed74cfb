"""One warm clean checker per grading process, with a fresh fork for every submission.

The tests of a submission run in a clean ``python -I`` process fed only the
student's answer values (:mod:`ketenles.grading.sandbox.checker`). Starting
that process anew for each submission cost about 0.6 CPU seconds, nearly all
of it the same work every time: the interpreter, ``ketenles``, and the
lecturer's setup cells (loading a case, running a simulation). This server
does that work once and then, for each submission, forks a child that runs the
setup and test cells exactly as a fresh checker would, writes the results and
exits. Every child starts from the same warm state, so nothing of one
submission (or of its answers) is seen by the next; student code never runs
here at all.

The warm-up runs the notebook's setup and test cells once without answers, in
a namespace that is thrown away: it only fills the import and file caches.

Lifetime: the server reads jobs from its standard input and ends when that
closes (its grading process ended); it dies with its parent
(:func:`~ketenles.grading.worker_lifetime.die_with_parent`), and the parent
kills its whole process group when a check runs over its time limit.

    python -I -m ketenles.grading.sandbox.checker_server PARENT_PID   # one JSON job a line
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import io
import json
import os
import selectors
import subprocess
import sys
import tempfile
from pathlib import Path


def _import_statements(source: str) -> str:
    """Only the top-level ``import``/``from ... import`` lines of a cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    return "\n".join(ast.unparse(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom))


def _warm_up(context: list[dict]) -> None:
    """Load what the setup cells import, the message catalogue and the case validator.

    Only imports and a bundled case load run here, never a setup or test cell
    itself: those may change module state, which the next submission's fork
    would then inherit (a fresh checker would never see it).
    """
    from ketenles.content.cases import list_cases, load_case
    from ketenles.i18n import msg

    namespace: dict = {"__name__": "__warm_up__"}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for cell in context:
            with contextlib.suppress(Exception):
                exec(_import_statements(cell["source"]), namespace)  # noqa: S102 - the lecturer's imports
        with contextlib.suppress(Exception):
            load_case(list_cases()[0])  # builds the schema validator once (jsonschema is slow to import)
        msg("errors.heading")  # loads the message catalogue every failed check reads


def _limit_child(job: dict) -> None:
    """Bound the fork that checks one submission: its memory beyond the warm state, and its CPU time.

    The answers are the student's data: a forged payload must not make the
    grading machine's own process grow without end.
    """
    import resource

    pages = int(Path("/proc/self/statm").read_text().split()[0])
    address_space = pages * os.sysconf("SC_PAGE_SIZE") + int(job.get("memory_mb", 1024)) * 1024 * 1024
    seconds = int(job.get("cpu_seconds", 300))
    for kind, value in ((resource.RLIMIT_AS, address_space), (resource.RLIMIT_CPU, seconds),
                        (resource.RLIMIT_CORE, 0)):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, value))


def _run_child(job: dict) -> int:
    from ketenles.grading.sandbox.checker import check_all

    _limit_child(job)
    # The checker only ever grades (the server starts with NBGRADER_EXECUTION=autograde, see
    # WarmChecker): a per-student exam variant never falls back to the grading account. The
    # submission's student comes from the grader, never from anything the student wrote.
    if job.get("student"):
        from ketenles.grading.student_id import VARIABLE

        os.environ[VARIABLE] = str(job["student"])
    try:
        results = check_all(job["context"], job["answers"])
        Path(job["result"]).write_text(json.dumps(results), encoding="utf-8")
    except BaseException:  # noqa: BLE001 - any failure means "no result"; the parent reports it
        return 1
    return 0


def serve(parent: int) -> int:
    from ketenles.grading.worker_lifetime import die_with_parent
    from ketenles.lean_imports import skip_slow_optional_imports

    die_with_parent(parent)
    skip_slow_optional_imports()
    os.environ.setdefault("MPLBACKEND", "Agg")
    # Replies go over a private copy of stdout; fd 1 itself goes nowhere, so that
    # nothing a lecturer's setup code prints (even from C) can garble a reply.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    import ketenles  # noqa: F401
    import ketenles.grading.checks  # noqa: F401

    warmed: set[str] = set()
    for line in sys.stdin:
        job = json.loads(line)
        key = hashlib.sha256(json.dumps(job["context"], sort_keys=True).encode()).hexdigest()
        if key not in warmed:
            _warm_up(job["context"])
            warmed.add(key)
        pid = os.fork()
        if pid == 0:
            os._exit(_run_child(job))
        _, status = os.waitpid(pid, 0)
        replies.write(json.dumps({"exit": os.waitstatus_to_exitcode(status)}) + "\n")
        replies.flush()
    return 0


# --- grading process side ----------------------------------------------------------

MAX_RESULT_BYTES = 20_000_000  # every test cell's outputs of one notebook together


class CheckerFailure(RuntimeError):
    """The checker gave no result (it crashed or ran over its time limit)."""


class WarmChecker:
    """The client of one checker server; :func:`warm_checker` keeps one per process."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="ketenles-check-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["MPLBACKEND"] = "Agg"
        # It runs the source's setup cells, a prediction cell among them: that must record nothing.
        env["NBGRADER_EXECUTION"] = "autograde"
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "ketenles.grading.sandbox.checker_server", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=self._tmp.name,
            env=env, text=True, start_new_session=True)
        self._jobs = 0

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def check(self, context: list[dict], answers: dict[str, dict], timeout: float,
              memory_mb: int = 1024, student: str | None = None) -> dict[str, list[dict]]:
        """Results per grade id, as :func:`~ketenles.grading.sandbox.checker.check_all` gives them.

        The check gets ``memory_mb`` of address space beyond the warm server's and
        ``timeout`` CPU seconds; the server is stopped when no answer came in ``timeout``.
        ``student`` is the submission's student, for tests of a per-student exam variant.
        """
        self._jobs += 1
        result = Path(self._tmp.name) / f"result-{self._jobs}.json"
        job = {"context": context, "answers": answers, "result": str(result), "memory_mb": memory_mb,
               "cpu_seconds": max(1, int(timeout)), "student": student}
        try:
            self._proc.stdin.write(json.dumps(job) + "\n")
            self._proc.stdin.flush()
        except OSError as exc:
            self.close()
            raise CheckerFailure(f"ketenles checker ended early: {exc}") from exc
        reply = self._read_reply(timeout)
        if reply is None:
            self.close()
            raise CheckerFailure(f"ketenles checker gave no answer within {timeout:.0f} s")
        if json.loads(reply).get("exit") != 0 or not result.exists():
            raise CheckerFailure("ketenles checker failed on this notebook's tests")
        try:
            if result.stat().st_size > MAX_RESULT_BYTES:
                raise CheckerFailure("ketenles checker gave a result larger than any test's output")
            return json.loads(result.read_text(encoding="utf-8"))
        finally:
            result.unlink()

    def _read_reply(self, timeout: float) -> str | None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._proc.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                return None
        line = self._proc.stdout.readline()
        return line or None

    def close(self) -> None:
        """Stop the server and whatever check it was running (its whole process group)."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, 9)
            self._proc.wait()
        with contextlib.suppress(OSError):
            self._proc.stdin.close()
            self._proc.stdout.close()
        self._tmp.cleanup()


_CHECKER: dict[int, WarmChecker] = {}


def warm_checker() -> WarmChecker:
    """This process's checker server, started on first use and again after a failure."""
    checker = _CHECKER.get(os.getpid())
    if checker is None or not checker.alive:
        checker = _CHECKER[os.getpid()] = WarmChecker()
    return checker


if __name__ == "__main__":
    sys.exit(serve(int(sys.argv[1])))

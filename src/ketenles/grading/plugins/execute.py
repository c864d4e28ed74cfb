"""nbgrader's Execute step, done so that a student cannot change their own grade.

:class:`SandboxedExecute` takes the place of ``nbgrader.preprocessors.Execute``
in ``Autograde.autograde_preprocessors`` (see course/nbgrader_config.py), so
``ketenles autograde`` and plain ``nbgrader autograde`` in a ketenles course
both use it. For one submitted notebook it:

1. builds the notebook the student's kernel runs: every test cell is replaced
   by a capture cell (:mod:`ketenles.grading.sandbox.answers`), so no test, hidden or
   visible, ever runs or is even present where student code runs;
2. runs the notebook in the sandbox (:mod:`ketenles.grading.sandbox.bubblewrap`) in a
   scratch copy of the student's own submitted regular files (links, hard
   links and special files are left out);
3. copies the outputs of the student's cells into the notebook, feeds the
   captured answers to the clean checker (:mod:`ketenles.grading.sandbox.checker_server`:
   the setup and test cells of the lecturer's *source* notebook, in a fork of a
   warm ``python -I`` process that student code never reaches), and writes each test cell's result (pass,
   or an error output with the check's Dutch message) into the test cell.

nbgrader's ``SaveAutoGrades`` then reads the test cells' outputs as always, so
the gradebook, formgrader and feedback work as a lecturer knows them.

A kernel that died, a notebook over the wall-clock limit, or a sandbox that
cannot start raises :class:`SandboxFailure`, so nbgrader reports the submission
as not graded, with the reason in its log.
"""

from __future__ import annotations

import copy
import json
import shutil
import stat
from pathlib import Path

import nbformat
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Bool, Integer

from ketenles.grading.plugins import safe_copy
from ketenles.grading.sandbox import answers as answer_capture
from ketenles.grading.sandbox import bubblewrap as sandbox
from ketenles.grading.sandbox.checker_server import warm_checker
from ketenles.models.predictions import RECORD_FILE


def student_cell(student: str) -> str:
    """The code that tells the sandbox's kernel whose submission it runs (see ketenles.grading.student_id)."""
    from ketenles.grading.student_id import VARIABLE

    return f"__import__('os').environ[{VARIABLE!r}] = {student!r}"


class SandboxFailure(RuntimeError):
    """A submission could not be executed to the end; the text names the reason."""


def is_test_cell(cell) -> bool:
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def is_context_cell(cell) -> bool:
    """A lecturer's setup cell: code without an answer or a test."""
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and not meta.get("solution") and not meta.get("grade")


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def copy_submission(submitted: Path, source: Path, target: Path) -> None:
    """The scratch copy: the student's own regular files plus the released extras.

    Links, hard links, FIFOs and devices are left out (:mod:`~ketenles.grading.plugins.safe_copy`):
    the sandbox could not follow a link anyway, and a hard link's content is not the student's.
    """
    if submitted.is_dir():
        safe_copy.copy_tree(submitted, target)
    else:
        target.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        for path in source.rglob("*"):
            # A record of predictions in the source folder (the lecturer ran the source) is never the student's.
            released = (path.suffix != ".ipynb" and ".ipynb_checkpoints" not in path.parts
                        and path.name != RECORD_FILE)
            if path.is_file() and not path.is_symlink() and released:
                dest = target / path.relative_to(source)
                if dest.is_symlink() or dest.exists():
                    dest.unlink() if not dest.is_dir() else shutil.rmtree(dest)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, dest)


def _not_the_students(path: Path) -> bool:
    """A link, a second name of another file, or not a regular file or folder."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return True
    if stat.S_ISDIR(info.st_mode):
        return False
    return not stat.S_ISREG(info.st_mode) or info.st_nlink != 1


def drop_followed_links(submitted: Path, build: Path, source: Path) -> list[str]:
    """Remove what nbgrader copied *through* a student's link into ``autograded/``.

    nbgrader copies a submission's extra files with ``shutil.copy``, which
    follows links: a symbolic or hard link to the source notebook or a
    lecturer's file would put its content in ``autograded/`` and, through
    ``generate_feedback``, in the student's feedback folder. The exchange's
    collect copies no such file (:mod:`~ketenles.grading.plugins.exchange`);
    this covers a ``submitted/`` filled another way. A released file of the
    same name (copied from ``source/`` afterwards) stays.
    """
    removed = []
    if not submitted.is_dir():
        return removed
    for link in submitted.rglob("*"):
        if not _not_the_students(link):
            continue
        relative = link.relative_to(submitted)
        copied = build / relative
        if (copied.is_file() or copied.is_symlink()) and not (source / relative).is_file():
            copied.unlink()
            removed.append(str(relative))
    return removed


class SandboxedExecute(Execute):
    """Execute in a sandbox; decide test results from the answers alone, in a clean process."""

    sandboxed = Bool(True, help="Run student code in the bubblewrap sandbox (False: only for a lecturer "
                                "who knowingly grades without it, see `ketenles autograde --unsandboxed`)."
                     ).tag(config=True)
    memory_mb = Integer(sandbox.Limits.memory_mb, help="Address space per process (MB).").tag(config=True)
    cpu_seconds = Integer(sandbox.Limits.cpu_seconds, help="CPU seconds per process.").tag(config=True)
    max_processes = Integer(sandbox.Limits.max_processes, help="Processes at once.").tag(config=True)
    max_output_bytes = Integer(sandbox.Limits.max_output_bytes, help="Bytes of all outputs.").tag(config=True)
    max_outputs = Integer(sandbox.Limits.max_outputs, help="Number of outputs.").tag(config=True)
    file_size_mb = Integer(sandbox.Limits.file_size_mb, help="Largest file written (MB).").tag(config=True)
    wall_seconds = Integer(sandbox.Limits.wall_seconds, help="Seconds for the whole notebook.").tag(config=True)
    tmp_mb = Integer(sandbox.Limits.tmp_mb, help="Size of /tmp and of /dev/shm in the sandbox, each in memory (MB)."
                     ).tag(config=True)
    disk_mb = Integer(sandbox.Limits.disk_mb, help="Size of the sandbox's home folder with the work folder, in "
                                                   "memory: all a submission may write there (MB).").tag(config=True)
    check_seconds = Integer(300, help="Seconds for all tests of one notebook in the checker.").tag(config=True)
    check_memory_mb = Integer(1024, help="Memory the checker may use for one notebook's tests and answers, "
                                         "beyond its warm state (MB).").tag(config=True)
    start_ahead = Bool(True, help="Start the next submission's sandbox and kernel while this one is graded "
                                  "(only with the sandbox).").tag(config=True)

    def limits(self) -> sandbox.Limits:
        return sandbox.Limits(self.memory_mb, self.cpu_seconds, self.max_processes, self.max_output_bytes,
                              self.max_outputs, self.file_size_mb, self.wall_seconds, self.tmp_mb, self.disk_mb)

    # --- what runs where ---------------------------------------------------------

    def _paths(self, resources) -> tuple[Path, Path]:
        from nbgrader.coursedir import CourseDirectory

        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        submitted = Path(coursedir.format_path(coursedir.submitted_directory, info["student"], info["assignment"]))
        source = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
        return submitted, source

    def _source_notebook(self, source: Path, resources):
        path = source / f"{resources['nbgrader']['notebook']}.ipynb"
        if not path.is_file():
            raise SandboxFailure(f"SandboxSource: the source notebook {path} is missing")
        return nbformat.read(path, as_version=4)

    def _checker_cells(self, source_nb, nb) -> list[dict]:
        """Setup cells from the source, test cells (as nbgrader restored them) in source order."""
        tests = {_grade_id(c): c.source for c in nb.cells if is_test_cell(c)}
        cells = []
        for cell in source_nb.cells:
            if is_context_cell(cell):
                cells.append({"source": cell.source})
            elif is_test_cell(cell) and _grade_id(cell) in tests:
                cells.append({"source": tests[_grade_id(cell)], "grade_id": _grade_id(cell)})
        return cells

    def _run_notebook(self, nb, context: set[str]):
        run_nb = copy.deepcopy(nb)
        for cell in run_nb.cells:
            cell.metadata = {}
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        for original, cell in zip(nb.cells, run_nb.cells, strict=True):
            if is_test_cell(original):
                cell.source = answer_capture.capture_source(answer_capture.answer_names(original.source, context),
                                                            record=answer_capture.reads_record(original.source))
        run_nb.metadata = {"kernelspec": nb.metadata.get("kernelspec", {}),
                           "language_info": nb.metadata.get("language_info", {})}
        return run_nb

    def _start(self, nb) -> dict:
        """What the sandbox's kernel needs before the submission arrives."""
        return {"limits": self.limits().as_dict(),
                "kernel_name": nb.metadata.get("kernelspec", {}).get("name", "python3") or "python3",
                "startup_timeout": self.startup_timeout, "sandboxed": self.sandboxed}

    def _job(self) -> dict:
        return {"timeout": self.timeout, "interrupt_on_timeout": self.interrupt_on_timeout,
                "error_on_timeout": dict(self.error_on_timeout)}

    # --- nbgrader entry point ----------------------------------------------------

    def preprocess(self, nb, resources):
        if self.sandboxed:
            sandbox.require_sandbox_cached()
        else:
            self.log.warning("UNSANDBOXED: student code runs without the sandbox (--unsandboxed)")
        submitted, source = self._paths(resources)
        build = resources.get("metadata", {}).get("path")
        for name in drop_followed_links(submitted, Path(build), source) if build else []:
            self.log.warning("Removed %s: a symbolic link in the submission, not the student's own file", name)
        source_nb = self._source_notebook(source, resources)
        checker_cells = self._checker_cells(source_nb, nb)
        context = set().union(*(answer_capture.bound_names(c["source"]) for c in checker_cells if "grade_id" not in c))
        run_nb = self._run_notebook(nb, context)
        student = str(resources["nbgrader"].get("student") or "")
        # An exam with a variant per student: the kernel shows this student's questions. The
        # kernel was started ahead, before the student was known, so a first cell tells it.
        per_student = bool(student) and "exam" in source_nb.metadata.get("ketenles", {})
        if per_student:
            run_nb.cells.insert(0, nbformat.v4.new_code_cell(student_cell(student)))
        outcome = self._run_in_sandbox(submitted, source, run_nb, ahead=self.start_ahead)
        if not outcome.took:
            # The sandbox failed before any student code ran (a spare whose kernel died while
            # it waited, a kernel that did not start): not the student's; once more, fresh.
            self.log.warning("Sandbox failed before the submission ran (exit %s); starting a fresh one",
                             outcome.returncode)
            outcome = self._run_in_sandbox(submitted, source, run_nb, ahead=False)
        status, executed = self._read_results(outcome)
        if per_student and executed.cells:
            executed.cells.pop(0)
        captures = self._merge_outputs(nb, executed)
        results = warm_checker().check(checker_cells, captures, timeout=self.check_seconds,
                                       memory_mb=self.check_memory_mb, student=student or None)
        for cell in nb.cells:
            if is_test_cell(cell):
                cell.outputs = [nbformat.from_dict(o) for o in results.get(_grade_id(cell), [])]
        for note in status.get("notes", []):
            self.log.warning("Sandbox limit reached: %s", note)
        return nb, resources

    def _run_in_sandbox(self, submitted: Path, source: Path, run_nb, ahead: bool) -> sandbox.RunOutcome:
        box = sandbox.take(self._start(run_nb), self.sandboxed, ahead=ahead)
        try:
            copy_submission(submitted, source, box.work)
            (box.io / "job.json").write_text(json.dumps(self._job()), encoding="utf-8")
            nbformat.write(run_nb, box.io / "run.ipynb")
            return box.run()
        finally:
            box.close()

    def _read_results(self, outcome: sandbox.RunOutcome):
        if outcome.timed_out:
            raise SandboxFailure("SandboxLimit:wall - the notebook ran longer than the wall-clock limit")
        try:
            if outcome.too_large:
                raise ValueError("the runner's results are larger than the grader reads")
            if outcome.status is None or outcome.notebook is None:
                raise ValueError("no results")
            status = outcome.status
            executed = nbformat.reads(outcome.notebook, as_version=4)
        except (OSError, ValueError) as exc:
            self.log.error("Sandbox runner ended without results (exit %s): %s", outcome.returncode,
                           outcome.stderr[-1500:])
            raise SandboxFailure(f"DeadKernelError: Kernel died - the sandbox ended early ({exc})") from exc
        kind = status.get("status") if isinstance(status, dict) else "error"
        if kind == "cpu":
            raise SandboxFailure("SandboxLimit:cpu - the kernel used up its CPU time")
        if kind == "kernel_died":
            raise SandboxFailure("DeadKernelError: Kernel died")
        if kind != "ok":
            self.log.error("Sandbox runner: %s", status.get("detail"))
            raise SandboxFailure(f"SandboxError: {str(status.get('detail'))[:300]}")
        return status, executed

    def _merge_outputs(self, nb, executed) -> dict[str, dict]:
        """Student cells get their outputs; test cells give up their captured answers."""
        captures: dict[str, dict] = {}
        if len(executed.cells) != len(nb.cells):
            raise SandboxFailure("SandboxError: the executed notebook has a different number of cells")
        for cell, ran in zip(nb.cells, executed.cells, strict=True):
            if cell.cell_type != "code":
                continue
            if is_test_cell(cell):
                payload = answer_capture.captured(ran)
                if payload is not None:
                    captures[_grade_id(cell)] = payload
                cell.execution_count = ran.get("execution_count")
                continue
            cell.outputs = [o for o in ran.get("outputs", [])
                            if not (o.get("output_type") == "display_data"
                                    and answer_capture.CAPTURE_MIME in o.get("data", {}))]
            cell.execution_count = ran.get("execution_count")
        self._cap_outputs(nb)
        return captures

    def _cap_outputs(self, nb) -> None:
        """The output caps again, here: what the feedback renders is bounded even if the runner was not."""
        from nbformat.v4 import new_output

        from ketenles.i18n import msg

        budget, count, capped = self.max_output_bytes + 100_000, self.max_outputs + 10, False
        for cell in nb.cells:
            if cell.cell_type != "code" or is_test_cell(cell):
                continue
            kept = []
            for output in cell.outputs:
                budget -= len(json.dumps(output, default=str))
                count -= 1
                if budget >= 0 and count >= 0:
                    kept.append(output)
                elif not capped:
                    capped = True
                    self.log.warning("Sandbox limit reached: output (over the grader's own cap)")
                    kept.append(new_output("stream", name="stdout",
                                           text=msg("grading_workflow.sandbox.output_capped") + "\n"))
            cell.outputs = kept

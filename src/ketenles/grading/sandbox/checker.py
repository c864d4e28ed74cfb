"""Run a notebook's test cells in a clean interpreter, fed only the student's answer values.

The checker is a ``python -I`` process (no PYTHONPATH, no user site, no
working directory on ``sys.path``) in an empty temporary folder, so nothing
from a submission can shadow ``ketenles`` or patch a helper. It runs the
lecturer's setup cells from the *source* notebook, then each test cell with the
answers captured in the student's kernel (:mod:`ketenles.grading.sandbox.answers`)
put in its namespace just before, and reports for each test cell the outputs
nbgrader grades by: an error output when a test failed, a stream output for
printed text, an execute result when the last line has a value.

A failing test shows one line and no traceback (no line of a test can show):
the exception's name and message, as :mod:`ketenles.grading.sandbox.hidden_failure` shows
it, e.g. the check's own Dutch message (:class:`AnswerIncorrect`), or a Dutch
sentence when the exception has no message (a plain ``assert``).

The process that runs them is a warm server forked once per submission
(:mod:`ketenles.grading.sandbox.checker_server`).
"""

from __future__ import annotations

import ast
import contextlib
import io

MAX_STREAM = 20_000  # characters of printed text kept per test cell


def _error_output(exc: BaseException) -> dict:
    """One line, as :mod:`ketenles.grading.sandbox.hidden_failure` shows a failed hidden test: name and message.

    Messages come from the lecturer's checks and the student's own values only:
    no student object runs here, so none can put an expected value in one.
    """
    from ketenles.grading.sandbox.hidden_failure import safe_traceback

    ename = type(exc).__name__
    evalue = str(exc)[:MAX_STREAM]
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": safe_traceback(ename, evalue)}


def run_cell(source: str, namespace: dict, filename: str) -> list[dict]:
    """Execute one test cell as IPython would grade it; return its nbgrader-relevant outputs."""
    outputs: list[dict] = []
    out, err = io.StringIO(), io.StringIO()
    result = None
    try:
        tree = ast.parse(source, filename=filename)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 - the lecturer's own test code
            if last is not None:
                result = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)  # noqa: S307
    except BaseException as exc:  # noqa: BLE001 - every failure is a failed test, reported in one line
        error = _error_output(exc)
    else:
        error = None
    for name, stream in (("stdout", out), ("stderr", err)):
        if stream.getvalue():
            outputs.append({"output_type": "stream", "name": name, "text": stream.getvalue()[:MAX_STREAM]})
    if result is not None and error is None:
        outputs.append({"output_type": "execute_result", "execution_count": None, "metadata": {},
                        "data": {"text/plain": repr(result)[:MAX_STREAM]}})
    if error is not None:
        outputs.append(error)
    return outputs


def check_all(context: list[dict], answers: dict[str, dict]) -> dict[str, list[dict]]:
    """Run ``context`` cells in order; a cell with a ``grade_id`` is a test, others are setup.

    ``answers[grade_id]`` is the capture payload of that test cell.
    """
    from ketenles.grading import checks
    from ketenles.grading.sandbox.answers import decode, decode_record

    namespace: dict = {"__name__": "__main__", "__builtins__": __builtins__}
    results: dict[str, list[dict]] = {}
    for number, cell in enumerate(context):
        grade_id = cell.get("grade_id")
        filename = f"<cel {number}>"
        if grade_id is None:
            # A broken setup cell shows up as failing tests.
            quiet = (contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()))
            with quiet[0], quiet[1], contextlib.suppress(Exception):
                exec(compile(cell["source"], filename, "exec"), namespace)  # noqa: S102 - lecturer's setup
            continue
        values, _missing = decode(answers.get(grade_id))
        namespace.update(values)
        has_record, record = decode_record(answers.get(grade_id))
        # A recorded prediction is graded from the record file captured in the kernel.
        with checks.captured_record(record) if has_record else contextlib.nullcontext():
            results[grade_id] = run_cell(cell["source"], namespace, filename)
    return results

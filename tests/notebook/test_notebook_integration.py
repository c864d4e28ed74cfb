"""In a real kernel a KetenlesError shows one Dutch sentence, and the cell still fails."""

import nbformat
import pytest
from catalogue_match import contains
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

pytestmark = pytest.mark.slow


def run(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    client = NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True)
    client.execute()
    return nb


def test_friendly_error_replaces_the_traceback():
    nb = run(["import ketenles", "ketenles.score_scan([1, 2])", "print('verder')"])
    error = nb.cells[1].outputs[0]
    assert error.output_type == "error"
    assert len(error.traceback) == 1
    assert contains(error.traceback[0], "errors.argument", argument="answers")
    # Later cells still run: the error does not stop a lesson.
    assert nb.cells[2].outputs[0].text == "verder\n"


def test_failed_check_hides_the_test_line():
    nb = run([
        "from ketenles.grading import checks",
        "checks.check_equal('antwoord', 1, 2, 'grading.hints.weakest')  # SECRET-LINE",
    ])
    error = nb.cells[1].outputs[0]
    assert error.output_type == "error"
    assert "SECRET-LINE" not in "".join(error.traceback)


def test_other_errors_keep_their_traceback():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import ketenles\n1/0")]
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        NotebookClient(nb, timeout=60, kernel_name="python3").execute()


def test_friendly_error_still_fails_a_headless_run():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import ketenles\nketenles.score_scan([1])")]
    with pytest.raises(CellExecutionError):
        NotebookClient(nb, timeout=60, kernel_name="python3").execute()


def test_an_answer_without_quotes_and_a_cell_run_too_early_get_a_dutch_line_not_a_traceback(tmp_path, monkeypatch):
    from ketenles.i18n import msg
    from ketenles.labsetup.server_settings import write_kernel_config

    # The kernel extension as the set-up writes it, here in a profile of the test's own.
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    write_kernel_config(tmp_path / "ipython" / "profile_default")
    nb = run([
        "lessons.quiz('01-wat-is-een-keten', 'wie-zei-wat')",  # a reopened lesson: nothing imported yet
        "import ketenles",
        "dominant_probleem = b  # 'a', 'b', 'c' of 'd'",
        "factoren = [gezamenlijk_doel, 'draagvlak_top']",
        "suwi.partners",
    ])
    shown = [cell.outputs[0] for cell in nb.cells if cell.outputs]
    assert [o.output_type for o in shown] == ["error"] * 4
    assert all(o.ename == "NameError" and len(o.traceback) == 1 for o in shown)  # still a failed cell
    heading = msg("errors.heading")
    assert shown[0].traceback[0] == f"{heading}: {msg('errors.name_not_run_yet', name='lessons')}"
    assert shown[1].traceback[0] == f"{heading}: {msg('errors.name_without_quotes', name='b')}"
    assert shown[2].traceback[0] == f"{heading}: {msg('errors.name_without_quotes', name='gezamenlijk_doel')}"
    assert shown[3].traceback[0] == f"{heading}: {msg('errors.name_not_run_yet', name='suwi')}"

"""A self-learner's whole route, as on Binder: every lesson, then an assignment with self-check.

JupyterLab serves a folder that holds ``notebooks/`` (Binder serves the
repository root and the README links to ``lab/tree/notebooks/00-welkom.ipynb``)
in Dutch, set up as Binder's ``postBuild`` does (Dutch override, student tools).
The folder is a copy, so answering the assignment never touches the repository.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import require_browser, shutdown_kernels
from labpage import IDLE, error_outputs, open_notebook, run_all
from labserver import LabServer, write_user_setting
from paths import REPO

from ketenles.labsetup.ui_language import write_override

LESSONS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
# Where the README's Binder link lands a self-learner: JupyterLab with this path open.
BINDER_URLPATH = re.search(r"\?urlpath=(lab/tree/[^`\s)]+)", (REPO / "README.md").read_text(encoding="utf-8"))[1]
ANSWERS = {  # the first two right (from the model solution), the third of the wrong kind
    "dominant_probleem = None": 'dominant_probleem = "b"',
    "factoren = None": None,
    "lezing_scan = None": "lezing_scan = 3",
}


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    require_browser()
    from ketenles.labsetup.lab_tools import set_role

    tmp = tmp_path_factory.mktemp("binder")
    root = tmp / "repo"
    shutil.copytree(REPO / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "uitwerking-*"))
    settings = tmp / "app-settings"
    write_override("nl", settings)
    server = LabServer(root=root, state=tmp / "state", extra_args=[f"--LabApp.app_settings_dir={settings}"])
    write_user_setting(server.config_dir, "@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
    set_role("student", server.config_dir)
    server.start()
    yield server
    shutdown_kernels(server)
    server.stop()


def _replace_cell_source(page, cell, text: str) -> None:
    editor = cell.locator(".cm-content").first
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)  # as pasted: no auto-closed brackets or quotes


def _code_cell(panel, code: str):
    """The code cell whose own code (not its output) contains ``code``."""
    return panel.locator(".jp-CodeCell", has=panel.page.locator(".jp-InputArea", has_text=code)).first


def _run_cell(page, cell) -> None:
    cell.locator(".cm-content").first.click()
    page.keyboard.press("Shift+Enter")


@pytest.mark.parametrize("lesson", LESSONS)
def test_self_learner_runs_every_lesson_from_the_binder_link(page, binder, lesson):
    assert f"lab/tree/notebooks/{LESSONS[0]}" == BINDER_URLPATH  # the link opens the first lesson
    # The first lesson opens exactly where the link lands; the others from there, as the lessons say.
    where = BINDER_URLPATH.removeprefix("lab/tree/") if lesson == LESSONS[0] else f"notebooks/{lesson}"
    panel = open_notebook(page, binder, where, idle_text=IDLE)
    run_all(page, panel, menu="Uitvoeren", idle_text=IDLE)
    assert error_outputs(panel) == []
    shutdown_kernels(binder)


def test_self_learner_does_an_assignment_with_self_check_and_gets_the_worked_solution(page, binder):
    # From the course's file browser: notebooks > opdrachten > ketenanalyse.
    page.goto(binder.url("lab/tree/notebooks?reset"))
    listing = page.locator(".jp-DirListing-content")
    for folder in ("opdrachten", "ketenanalyse"):
        listing.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{folder}$")).first.dblclick()
        page.locator(".jp-BreadCrumbs", has_text=folder).wait_for()
    listing.locator(".jp-DirListing-itemText", has_text=re.compile(r"^ketenanalyse\.ipynb$")).first.dblclick()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
    panel.wait_for(timeout=90_000)
    page.get_by_text(IDLE).first.wait_for(timeout=90_000)
    text = panel.inner_text()
    assert "BEGIN SOLUTION" not in text and "Modelantwoord" not in text

    _run_cell(page, panel.locator(".jp-CodeCell").first)  # the case, as the assignment asks
    from nbgrader_sim import solutions

    model = solutions(REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb")
    for placeholder, answer in ANSWERS.items():
        answer = answer or model["q2_factoren"].splitlines()[-1]
        _replace_cell_source(page, _code_cell(panel, placeholder), answer)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    saved = Path(binder.root) / "notebooks" / "opdrachten" / "ketenanalyse" / "ketenanalyse.ipynb"
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
    import nbformat

    sources = "\n".join(c.source for c in nbformat.read(saved, as_version=4).cells)
    assert 'dominant_probleem = "b"' in sources

    check = _code_cell(panel, "import selfcheck")
    _run_cell(page, check)
    result = check.locator(".jp-OutputArea-output", has_text="Zelfcontrole")
    result.wait_for(timeout=240_000)
    shown = result.inner_text()
    assert "✔ geslaagd — Vraag 1 — Het dominante ketenprobleem" in shown and "✔ geslaagd — Vraag 2" in shown, shown
    assert "✘ nog niet — Vraag 3" in shown
    assert "q1_probleem" not in shown and "WARNING" not in check.inner_text()
    assert "Vraag 4 — Jouw diagnose" in shown

    # The open question is still as handed out: the worked solution waits for an honest try.
    solution_cell = _code_cell(panel, "import uitwerking")
    _run_cell(page, solution_cell)
    solution_cell.locator(".jp-OutputArea-output", has_text="Probeer eerst zelf").wait_for(timeout=60_000)
    answer_cell = panel.locator(".jp-MarkdownCell", has_text="Schrijf hier je antwoord").first
    answer_cell.dblclick()
    _replace_cell_source(page, answer_cell, "De keten draait om gegevens delen; het draagvlak in de top is zwak.")
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
    _run_cell(page, solution_cell)
    solution_cell.locator("a", has_text="uitwerking-ketenanalyse.ipynb").wait_for(timeout=60_000)
    worked = saved.parent / "uitwerking-ketenanalyse.ipynb"
    import nbformat

    worked_sources = "\n".join(c.source for c in nbformat.read(worked, as_version=4).cells)
    assert model["q2_factoren"].splitlines()[-1] in worked_sources

"""A self-learner's whole route, as on Binder: every lesson, then an assignment with self-check.

JupyterLab serves a folder that holds ``notebooks/`` (Binder serves the
repository root and the README links to ``lab/tree/notebooks/00-welkom.ipynb``)
in Dutch, set up as Binder's ``postBuild`` does (Dutch override, student tools).
The folder is a copy, so answering the assignment never touches the repository.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import require_browser, shutdown_kernels
from labpage import IDLE, error_outputs, open_notebook, run_all, save_notebook, wait_until
from labserver import LabServer, write_user_setting
from paths import REPO
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ketenles.i18n import msg
from ketenles.labsetup.server_settings import write_lab_override, write_server_config
from ketenles.labsetup.ui_language import write_override

LESSONS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
# Where the README's Binder link lands a self-learner: JupyterLab with this path open.
BINDER_URLPATH = re.search(r"\?urlpath=(lab/tree/[^`\s)]+)", (REPO / "README.md").read_text(encoding="utf-8"))[1]
SHOTS = REPO / "test-artifacts" / "self-learner"  # screenshots of the route, for the closing note


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
    write_lab_override(settings)  # as setup.sh and postBuild do: closing a tab shuts its kernel down
    # The role as postBuild writes it; a JUPYTER_CONFIG_PATH folder outranks the .venv's own setup.
    role_config = tmp / "role-config"
    set_role("zelfstudie", role_config)
    server = LabServer(root=root, state=tmp / "state", extra_args=[f"--LabApp.app_settings_dir={settings}"],
                       extra_env={"JUPYTER_CONFIG_PATH": str(role_config)})
    write_user_setting(server.config_dir, "@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
    write_server_config(server.config_dir)
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
def test_self_learner_runs_every_lesson_from_the_binder_link_and_closing_it_stops_its_kernel(page, binder, lesson):
    """Each lesson runs without an error, with one kernel while it is open and none once its tab
    is closed (this was a second test that opened every lesson again)."""
    assert f"lab/tree/notebooks/{LESSONS[0]}" == BINDER_URLPATH  # the link opens the first lesson
    shutdown_kernels(binder)  # only after a failed test: each test ends with no kernel, or fails
    # The first lesson opens exactly where the link lands; the others from there, as the lessons say.
    where = BINDER_URLPATH.removeprefix("lab/tree/") if lesson == LESSONS[0] else f"notebooks/{lesson}"
    panel = open_notebook(page, binder, where, idle_text=IDLE)
    assert len(binder.api("kernels")) == 1
    run_all(page, panel, menu="Uitvoeren", idle_text=IDLE)
    assert error_outputs(panel) == []
    # Close the tab as a student does: Ctrl+Q would close the browser, so the tab's close icon.
    page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon").first.click()
    with contextlib.suppress(PlaywrightTimeout):  # the run changed the notebook: JupyterLab asks to save
        page.locator(".jp-Dialog button", has_text="Niet opslaan").first.click(timeout=10_000)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first.wait_for(state="detached", timeout=30_000)
    kernels = wait_until(lambda: binder.api("kernels"), lambda found: found == [], timeout=30)
    assert kernels == [], f"closing {lesson} left {len(kernels)} kernel(s) running"
    if lesson == LESSONS[-1]:
        _shot(page, "5-alle-lessen-gesloten")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _answer(page, panel, cell_code: str, answer: str, run: bool = True):
    cell = _code_cell(panel, cell_code)
    _replace_cell_source(page, cell, answer)
    if run:
        page.keyboard.press("Shift+Enter")
    return _code_cell(panel, answer)


def _self_check(page, panel) -> str:
    check = _code_cell(panel, "import selfcheck")
    previous = check.locator(".jp-OutputArea-output").count()
    _run_cell(page, check)
    if previous:  # wait for the new result, not the one already on screen
        check.locator(".jp-OutputArea-output").first.wait_for(state="detached", timeout=60_000)
    result = check.locator(".jp-OutputArea-output", has_text="Zelfcontrole")
    result.wait_for(timeout=240_000)
    result.scroll_into_view_if_needed()
    assert "WARNING" not in check.inner_text() and "Traceback" not in check.inner_text()
    return result.inner_text()


def _line(shown: str, question: str) -> str:
    return next(line for line in shown.splitlines() if question in line)


def test_self_learner_answers_hears_what_is_wrong_fixes_it_and_opens_the_worked_solution(page, binder):
    from nbgrader_sim import solutions

    model = solutions(REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb")
    # From the course's file browser: notebooks > opdrachten > ketenanalyse.
    page.goto(binder.url("lab/tree/notebooks?reset"))
    listing = page.locator(".jp-DirListing-content")
    header = page.locator(".jp-DirListing-header").first
    header.wait_for()
    assert "Naam" in header.inner_text() and "Name" not in header.inner_text()  # the file browser in Dutch
    for folder in ("opdrachten", "ketenanalyse"):
        listing.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{folder}$")).first.dblclick()
        page.locator(".jp-BreadCrumbs", has_text=folder).wait_for()
    listing.locator(".jp-DirListing-itemText", has_text=re.compile(r"^ketenanalyse\.ipynb$")).first.dblclick()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
    panel.wait_for(timeout=90_000)
    page.get_by_text(IDLE).first.wait_for(timeout=90_000)
    text = panel.inner_text()
    assert "BEGIN SOLUTION" not in text and "Modelantwoord" not in text
    assert "Nbgrader" not in page.locator(".lm-MenuBar").inner_text()  # no exchange, no Assignment List
    _run_cell(page, panel.locator(".jp-CodeCell").first)  # import ketenles, as the assignment asks

    # First try: question 1 wrong (run, saved), question 2 right, question 3 wrong.
    right_factors = model["q2_factoren"].splitlines()[-1]
    _answer(page, panel, "dominant_probleem = None", 'dominant_probleem = "a"')
    _answer(page, panel, "factoren = None", right_factors)
    _answer(page, panel, "lezing_scan = None", 'lezing_scan = "d"')
    save_notebook(page)
    saved = Path(binder.root) / "notebooks" / "opdrachten" / "ketenanalyse" / "ketenanalyse.ipynb"
    shown = _self_check(page, panel)
    _shot(page, "1-zelfcontrole-met-fouten")
    wrong_prefix = msg("grading_workflow.selfcheck.wrong", question="", points="", hint="", reread="")[:8]
    right_prefix = msg("grading_workflow.selfcheck.right", question="", points="")[:4]
    first, second, third = (_line(shown, f"Vraag {n} —") for n in (1, 2, 3))
    assert first.startswith(wrong_prefix) and msg("grading.hints.dominant_problem") in first
    assert "Les 1 — Wat is een keten?" in first and "Samenwerken zonder baas" in first
    assert second.startswith(right_prefix)
    assert third.startswith(wrong_prefix) and msg("grading_hints.ketenanalyse.scan_reading") in third
    assert msg("grading_workflow.selfcheck.summary_judged", passed=1, total=3) in shown
    assert "q1_probleem" not in shown and '"b"' not in shown

    # Asked before the open question is answered: a kind refusal, no file, no way around it.
    solution_cell = _code_cell(panel, "import uitwerking")
    _run_cell(page, solution_cell)
    refusal = msg("grading_workflow.solutions.try_first", count=1, name="ketenanalyse")
    solution_cell.locator(".jp-OutputArea-output", has_text=refusal[:40]).wait_for(timeout=60_000)
    assert solution_cell.locator(".jp-OutputArea-output").inner_text().strip() == refusal
    assert not (saved.parent / "uitwerking-ketenanalyse.ipynb").exists()
    _shot(page, "2-uitwerking-eerst-zelf-proberen")

    # Fix the two, run them, write the diagnosis, save: everything right, and no stale "not saved" alarm.
    _answer(page, panel, 'dominant_probleem = "a"', model["q1_probleem"].splitlines()[-1])
    _answer(page, panel, 'lezing_scan = "d"', model["q3_lezing"].splitlines()[-1])
    answer_cell = panel.locator(".jp-MarkdownCell", has_text="Schrijf hier je antwoord").first
    answer_cell.dblclick()
    _replace_cell_source(page, answer_cell, "De keten draait om gegevens delen; het draagvlak in de top is zwak.")
    page.keyboard.press("Shift+Enter")
    save_notebook(page)
    shown = _self_check(page, panel)
    _shot(page, "3-zelfcontrole-alles-goed")
    assert all(_line(shown, f"Vraag {n} —").startswith(right_prefix) for n in (1, 2, 3)), shown
    assert msg("grading_workflow.selfcheck.summary_judged", passed=3, total=3) in shown
    assert msg("grading_workflow.selfcheck.unsaved", names="")[:20] not in shown

    # The worked solution: written beside the notebook, and its link opens it in JupyterLab.
    _run_cell(page, solution_cell)
    link = solution_cell.locator("a", has_text="uitwerking-ketenanalyse.ipynb")
    link.wait_for(timeout=60_000)
    link.click()
    worked = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)", has_text="Uitwerking van de opdracht").first
    worked.wait_for(timeout=60_000)
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text="uitwerking-ketenanalyse.ipynb").first.wait_for()
    assert right_factors in worked.inner_text()
    _shot(page, "4-uitwerking-geopend")
    assert "HIDDEN" not in worked.inner_text()
    shutdown_kernels(binder)


def test_ketenles_runs_in_the_jupyterlab_terminal_of_an_environment_that_was_never_activated(tmp_path):
    import asyncio
    import json
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from tornado.websocket import websocket_connect

    # Started as open-course.sh does: the environment's jupyter, the environment not activated.
    server = LabServer(root=tmp_path, state=tmp_path / "state", extra_env={"PATH": "/usr/bin:/bin"})
    write_server_config(server.config_dir)

    async def ask(name: str) -> str:
        socket = await websocket_connect(server.url(f"terminals/websocket/{name}").replace("http://", "ws://"))
        socket.write_message(json.dumps(["stdin", "command -v ketenles && echo KLAAR-$((40+2))\r"]))
        seen = ""
        while "KLAAR-42" not in seen:
            kind, *rest = json.loads(await asyncio.wait_for(socket.read_message(), timeout=30))
            seen += rest[0] if kind == "stdout" else ""
        socket.close()
        return seen.replace("\r", "")

    with server, ThreadPoolExecutor(1) as thread:  # Playwright's sync API holds this thread's event loop
        name = server.api("terminals", method="POST", body={})["name"]
        seen = thread.submit(asyncio.run, ask(name)).result(timeout=60)
    assert f"{Path(sys.executable).parent}/ketenles" in seen, seen

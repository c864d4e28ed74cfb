"""Browser test fixtures: Chromium through Playwright, a throw-away JupyterLab.

Outside CI a missing browser or Playwright skips these tests with the reason;
in CI (``CI=true``) it fails them, so a green CI run means they really ran.
On a failing test the page's screenshot and HTML go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from labpage import CHROMIUM, CHROMIUM_ARGS
from labserver import LabServer, write_user_setting
from paths import REPO

ARTIFACTS = REPO / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install playwright)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def require_browser() -> None:
    reason = _unavailable()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_artifacts(page, request.node.nodeid)
    context.close()


def save_artifacts(page, nodeid: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001 - an artefact must never hide the real failure
        Path(f"{stem}.txt").write_text(f"could not save the page: {exc}", encoding="utf-8")


def start_lab(root: Path, state: Path, locale: str | None = "nl", extra_env=None) -> LabServer:
    """A JupyterLab on ``root`` in the interface a student gets: Dutch ("nl"), or "en";
    ``locale=None`` keeps the installed default language."""
    from ketenles.labsetup.ui_language import LOCALES

    server = LabServer(root=root, state=state, extra_env=extra_env or {})
    if locale is not None:
        # Set for the test's own server, so a developer's `set-language.sh en` changes nothing.
        write_user_setting(server.config_dir, "@jupyterlab/translation-extension:plugin",
                           {"locale": LOCALES[locale]})
    # Attach every cell to the page, so off-screen outputs can be inspected.
    write_user_setting(server.config_dir, "@jupyterlab/notebook-extension:tracker",
                       {"windowingMode": "none"})
    # Running a lesson must never write outputs into the committed notebook.
    write_user_setting(server.config_dir, "@jupyterlab/docmanager-extension:plugin",
                       {"autosave": False})
    return server.start()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    require_browser()
    server = start_lab(REPO, tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture
def lab(lab_server):
    """JupyterLab serving the repository, as a student opens the course.

    One server for the session; every test's kernels are shut down after it, so
    memory does not grow with the number of lessons.
    """
    yield lab_server
    shutdown_kernels(lab_server)


def shutdown_kernels(server) -> None:
    for kernel in server.api("kernels") or []:
        server.api(f"kernels/{kernel['id']}", method="DELETE")

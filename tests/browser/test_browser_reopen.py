"""A student saves a lesson, comes back later (new page, new kernel): no widget error.

With the course's pre-save hook installed (``scripts/setup.sh`` writes it), the
saved file keeps a Dutch line where each widget was, so the reopened lesson says
what to do instead of "Error displaying widget: model not found".
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from conftest import shutdown_kernels, start_lab
from labpage import open_notebook, run_all, save_notebook, widget_views
from paths import REPO

from ketenles.i18n import msg
from ketenles.labsetup.saved_widgets import WIDGET_VIEW, write_config

LESSON = "01-wat-is-een-keten.ipynb"
MODEL_NOT_FOUND = "model not found"


def _saved_outputs(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


def _wait_for_saved_outputs(path: Path, timeout: float = 30) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outputs = _saved_outputs(path)
        if outputs:
            return outputs
        time.sleep(0.3)
    raise AssertionError("the notebook was not saved with outputs")


def test_a_saved_lesson_reopens_with_a_dutch_line_not_a_widget_error(page, tmp_path):
    root = tmp_path / "cursus"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(REPO / "notebooks" / LESSON, root / "notebooks" / LESSON)
    saved = root / "notebooks" / LESSON
    state = tmp_path / "lab"
    # The hook as setup.sh installs it, but in this server's own config folder.
    write_config(state / "config")
    server = start_lab(root, state, extra_env={"KETENLES_PROGRESS": str(tmp_path / "p.json")})
    try:
        panel = open_notebook(page, server, f"notebooks/{LESSON}")
        run_all(page, panel)
        assert sum(widget_views(panel).values()) > 0
        panel.locator(".jp-Cell").first.click()
        save_notebook(page)  # returns once the server has written the file
        outputs = _wait_for_saved_outputs(saved)
        # The file keeps the text version of each widget, in Dutch, and no dangling view.
        line = msg("saved_widgets.rerun")
        texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in outputs]
        assert texts.count(line) >= 3  # quizzes and the scan
        assert not any(WIDGET_VIEW in o.get("data", {}) for o in outputs)
        # Coming back later: the kernel is gone, the page is loaded again.
        shutdown_kernels(server)
        page.reload()
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
        panel.wait_for(timeout=90_000)
        panel.get_by_text(line).first.wait_for(timeout=30_000)
        body = panel.inner_text()
        assert MODEL_NOT_FOUND not in body
        assert body.count(line) >= 3
    finally:
        server.stop()

"""The course opens in a Dutch JupyterLab; one setting switches it back to English."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_browser
from labpage import open_notebook
from labserver import LabServer, write_user_setting

from ketenles.notebook.ui_language import write_override

REPO = Path(__file__).resolve().parents[2]


def _menu_labels(page) -> list[str]:
    labels = page.locator(".lm-MenuBar-itemLabel")
    labels.first.wait_for(timeout=90_000)
    return labels.all_text_contents()


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [("nl", {"Bestand", "Bewerk", "Weergave", "Uitvoeren"}, {"File", "Edit"}),
     ("en", {"File", "Edit", "View", "Run"}, {"Bestand", "Bewerk"})],
)
def test_menu_bar_language_follows_the_override(page, tmp_path, language, present, absent):
    require_browser()
    settings = tmp_path / "app-settings"
    write_override(language, settings)
    # No user setting for the language: what the student sees is the override.
    server = LabServer(root=REPO, state=tmp_path / "state",
                       extra_args=[f"--LabApp.app_settings_dir={settings}"])
    write_user_setting(server.config_dir, "@jupyterlab/docmanager-extension:plugin", {"autosave": False})
    with server:
        if language == "nl":
            panel = open_notebook(page, server, "notebooks/01-wat-is-een-keten.ipynb", idle_text="| Inactief")
            assert panel.count() == 1
        else:
            page.goto(server.url("lab"))
        labels = set(_menu_labels(page))
        assert present <= labels, labels
        assert not (absent & labels), labels

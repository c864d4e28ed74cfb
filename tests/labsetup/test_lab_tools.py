"""`ketenles interface`: switching the lecturer's nbgrader tools on and off."""

from __future__ import annotations

import json

from ketenles.labsetup import lab_tools


def test_roles_switch_exactly_the_lecturer_tools(tmp_path):
    path = lab_tools.set_role("docent", tmp_path)
    assert json.loads(path.read_text())["disabledExtensions"] == dict.fromkeys(lab_tools.LECTURER_PLUGINS, False)
    lab_tools.set_role("student", tmp_path)
    assert json.loads(path.read_text())["disabledExtensions"] == dict.fromkeys(lab_tools.LECTURER_PLUGINS, True)


def test_a_config_that_cannot_be_written_gets_a_dutch_explanation_not_a_traceback(tmp_path, monkeypatch, capsys):
    # A shared environment a lecturer may not write to (here: a file where a folder should be,
    # because the tests run as root, whom permissions do not stop).
    blocker = tmp_path / "etc"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(lab_tools, "page_config_path", lambda config_dir=None: blocker / "labconfig" / "page.json")
    assert lab_tools.main(["docent"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "JUPYTER_CONFIG_PATH" in err and str(blocker) in err

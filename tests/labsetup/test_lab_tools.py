"""`ketenles interface`: switching the lecturer's nbgrader tools on and off."""

from __future__ import annotations

import json

from ketenles.i18n import msg
from ketenles.labsetup import lab_tools


def _hidden(path) -> set[str]:
    return {plugin for plugin, off in json.loads(path.read_text())["disabledExtensions"].items() if off}


def test_roles_switch_exactly_the_tools_each_role_lacks(tmp_path):
    path = lab_tools.set_role("docent", tmp_path)
    assert _hidden(path) == set()
    lab_tools.set_role("student", tmp_path)
    # A student on a course server fetches and submits, but has neither lecturer tools nor Validate.
    assert _hidden(path) == {*lab_tools.LECTURER_PLUGINS, lab_tools.VALIDATE}
    lab_tools.set_role("zelfstudie", tmp_path)
    # Without an exchange the Assignment List could only show "Error fetching courses!".
    assert _hidden(path) == {*lab_tools.LECTURER_PLUGINS, lab_tools.VALIDATE, "@jupyter/nbgrader:assignment-list",
                             "@jupyter/nbgrader:menu"}


def test_set_up_again_keeps_a_lecturers_choice(tmp_path, monkeypatch, capsys):
    path = lab_tools.set_role("docent", tmp_path)
    monkeypatch.setattr(lab_tools, "page_config_path", lambda config_dir=None: path)
    assert lab_tools.main(["zelfstudie", "--default"]) == 0
    assert _hidden(path) == set()
    assert capsys.readouterr().out.strip() == msg("lab_tools.done.docent", path=str(path))


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


def test_open_course_makes_a_self_learners_setup_unless_a_lecturer_chose_the_tools(tmp_path, monkeypatch):
    path = lab_tools.set_role("student", tmp_path)  # what setup.sh leaves
    monkeypatch.setattr(lab_tools, "page_config_path", lambda config_dir=None: path)
    assert lab_tools.main(["zelfstudie", "--unless-docent"]) == 0
    assert "@jupyter/nbgrader:assignment-list" in _hidden(path)
    lab_tools.set_role("docent", tmp_path)
    assert lab_tools.main(["zelfstudie", "--unless-docent"]) == 0
    assert _hidden(path) == set()

"""scripts/make_student_versions.py answers --help instead of writing a folder named --help (issue 22)."""

from __future__ import annotations

import pytest

from ketenles.selfstudy.student_version import main


def test_help_prints_usage_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    assert "usage:" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_option_is_refused_without_writing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["--verkeerd"])
    assert stop.value.code == 2
    assert list(tmp_path.iterdir()) == []

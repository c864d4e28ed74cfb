"""The lecturer's exam bank: made outside the repository by one command, readable only by the lecturer."""

from __future__ import annotations

import stat

import pytest
import yaml
from paths import COURSE, REPO

from ketenles.cli import main
from ketenles.content.exambank import BANK_NAME, init_bank, practice_bank
from ketenles.errors import ArgumentError
from ketenles.i18n import msg


def test_the_public_bank_is_named_a_practice_bank():
    assert practice_bank() == COURSE / "oefenvragen.yaml"
    assert not (COURSE / "toetsvragen.yaml").exists()
    assert "PRACTICE" in practice_bank().read_text(encoding="utf-8").splitlines()[0]


def test_one_command_makes_a_private_bank_from_the_practice_bank(tmp_path, capsys):
    target = tmp_path / "toetsbank"
    assert main(["toetsbank", "init", str(target)]) == 0
    bank = target / BANK_NAME
    assert yaml.safe_load(bank.read_text(encoding="utf-8")) == yaml.safe_load(
        practice_bank().read_text(encoding="utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert stat.S_IMODE(bank.stat().st_mode) == 0o600
    assert str(bank) in capsys.readouterr().out


def test_a_bank_inside_the_repository_is_refused(tmp_path):
    with pytest.raises(ArgumentError) as refused:
        init_bank(REPO / "course" / "mijn-toetsbank")
    assert refused.value.allowed == msg("course.expect.bank_outside", repository=REPO.resolve())
    assert not (REPO / "course" / "mijn-toetsbank").exists()


def test_an_existing_bank_is_never_overwritten(tmp_path, capsys):
    init_bank(tmp_path)
    (tmp_path / BANK_NAME).chmod(0o600)
    (tmp_path / BANK_NAME).write_text("mijn eigen vragen", encoding="utf-8")
    assert main(["toetsbank", "init", str(tmp_path)]) == 2
    assert msg("course.expect.bank_target") in capsys.readouterr().err
    assert (tmp_path / BANK_NAME).read_text(encoding="utf-8") == "mijn eigen vragen"

"""Student server settings: kernels culled when idle or closed, and a terminal that finds ``ketenles``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.labsetup import server_settings


def test_only_kernels_without_an_open_tab_are_culled_after_the_idle_time(tmp_path):
    config = json.loads(server_settings.write_server_config(tmp_path, idle_minutes=15).read_text())
    cull = config["MappingKernelManager"]
    assert cull["cull_idle_timeout"] == 15 * 60 and cull["cull_connected"] is False and cull["cull_busy"] is False
    assert 0 < cull["cull_interval"] < cull["cull_idle_timeout"]
    with pytest.raises(ArgumentError):
        server_settings.write_server_config(tmp_path, idle_minutes=0)


def test_other_server_settings_in_the_file_stay(tmp_path):
    path = tmp_path / "jupyter_server_config.json"
    path.write_text(json.dumps({"ServerApp": {"root_dir": "/srv"},
                                "MappingKernelManager": {"buffer_offline_messages": True}}))
    config = json.loads(server_settings.write_server_config(tmp_path).read_text())
    assert config["ServerApp"]["root_dir"] == "/srv" and config["MappingKernelManager"]["buffer_offline_messages"]
    assert config["MappingKernelManager"]["cull_idle_timeout"] == server_settings.IDLE_MINUTES * 60


def test_closing_a_notebook_shuts_its_kernel_down(tmp_path):
    path = server_settings.write_lab_override(tmp_path)
    assert path.parent.name == "overrides.d"  # beside the language override, never replacing overrides.json
    assert json.loads(path.read_text()) == {server_settings.TRACKER: {"kernelShutdown": True}}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_terminal_keeps_the_environments_bin_in_front_after_the_login_profile(tmp_path):
    # /etc/profile on Debian resets PATH for a login shell; the command must put the folder back.
    folder = tmp_path / "env bin"
    folder.mkdir()
    tool = folder / "ketenles"
    tool.write_text("#!/bin/sh\necho gevonden\n", encoding="utf-8")
    tool.chmod(0o755)
    command = server_settings.terminal_command(folder, shutil.which("bash"))
    # The same shell, given a command instead of staying interactive.
    command[-1] = command[-1].replace(f"exec {command[0]} -i", "ketenles")
    ran = subprocess.run(command, capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin",
                                                                                  "HOME": str(tmp_path)})
    assert ran.stdout.strip().endswith("gevonden"), ran.stderr



def test_every_kernel_loads_the_dutch_slip_messages_once(tmp_path):
    path = tmp_path / "ipython_kernel_config.json"
    path.write_text(json.dumps({"IPKernelApp": {"extensions": ["iets_anders"]}}))
    server_settings.write_kernel_config(tmp_path)
    server_settings.write_kernel_config(tmp_path)  # setup.sh runs on every start
    config = json.loads(path.read_text())
    assert config["IPKernelApp"]["extensions"] == ["iets_anders", server_settings.KERNEL_EXTENSION]
    # The Help menu's kernel links: one, labelled in Dutch, instead of "Python Reference" and friends.
    assert [link["text"] for link in config["IPythonKernel"]["help_links"]] == [msg("server_settings.python_manual")]


def test_a_linked_environment_writes_the_real_bin_folder(tmp_path):
    """The website build runs setup in a copy whose .venv links to this one (tests/site_helpers.py)."""
    linked = tmp_path / "kopie" / ".venv"
    linked.parent.mkdir()
    linked.symlink_to(Path(sys.prefix).resolve())
    config = tmp_path / "config"
    code = ("from ketenles.labsetup.server_settings import write_server_config; import sys; "
            "print(write_server_config(sys.argv[1]))")
    subprocess.run([str(linked / "bin" / "python"), "-c", code, str(config)], check=True, timeout=120)
    written = json.loads((config / "jupyter_server_config.json").read_text(encoding="utf-8"))
    command = " ".join(written["ServerApp"]["terminado_settings"]["shell_command"])
    assert str(Path(sys.prefix).resolve() / "bin") in command and "kopie" not in command

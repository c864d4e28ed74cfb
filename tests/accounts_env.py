"""A Python environment that test accounts made with ``useradd`` may run, wherever the clone sits.

Tests that act as real accounts (the hub with real users, a student's own grade view)
run Python as those accounts. The test environment's interpreter and this clone may
live where they cannot go (pyenv under /root, a clone in a 0700 folder such as
``mktemp -d``), so the environment is made from the system Python in /var/tmp, with
this checkout's ketenles installed into it (not editable), once per version of the source.
Tests that use it share one pytest-xdist group (``SHARED`` in tests/conftest.py), so two
workers never build it at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from paths import REPO

HUB_ENV_ROOT = Path(os.environ.get("KETENLES_HUB_ENV_ROOT", "/var/tmp"))


def unavailable(reason: str):
    """A test that needs real accounts fails in CI (never a silent skip) and skips elsewhere."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def runs_for_others(python: str) -> bool:
    proc = subprocess.run(["runuser", "-u", "nobody", "--", python, "-c", "pass"], capture_output=True)
    return proc.returncode == 0


def _source_digest() -> str:
    """What the environment was built from: pyproject.toml, setup.py and the package's files."""
    digest = hashlib.sha256()
    for path in [REPO / "pyproject.toml", REPO / "setup.py",
                 *sorted(p for p in (REPO / "src").rglob("*") if p.is_file() and "__pycache__" not in p.parts)]:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def hub_python_env() -> Path:
    """The ``bin`` folder of an environment with this checkout's ketenles, nbgrader and JupyterHub
    that every account may run."""
    system = shutil.which("python3", path="/usr/bin:/bin")
    if system is None or not runs_for_others(system):
        unavailable("no Python that other accounts may run (apt-get install python3-venv)")
    env = HUB_ENV_ROOT / f"ketenles-hub-env-{_source_digest()}"
    if not (env / ".complete").exists():
        shutil.rmtree(env, ignore_errors=True)
        for stale in HUB_ENV_ROOT.glob("ketenles-hub-env-*"):  # older versions of the source
            shutil.rmtree(stale, ignore_errors=True)
        subprocess.run([system, "-m", "venv", str(env)], check=True, capture_output=True)
        # Built from a copy: pip builds in the source tree (build/, *.egg-info), where another
        # test (the wheel, the hub image) may be building at the same moment.
        with tempfile.TemporaryDirectory(prefix="ketenles-hub-src-") as tmp:
            source = Path(tmp) / "src"
            shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
                ".git", ".venv*", "build", "dist", "*.egg-info", "node_modules", "_site", "test-artifacts",
                "__pycache__"))
            proc = subprocess.run([str(env / "bin" / "pip"), "install", "-q", str(source), "jupyterhub>=5,<7"],
                                  capture_output=True, text=True, timeout=1200)
        if proc.returncode != 0:
            unavailable(f"could not install the hub environment: {proc.stderr[-500:]}")
        subprocess.run(["chmod", "-R", "a+rX", str(env)], check=True)
        (env / ".complete").touch()
    if not runs_for_others(str(env / "bin" / "python")):
        unavailable(f"other accounts cannot run {env} (is {HUB_ENV_ROOT} open to them?)")
    return env / "bin"

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
import sys
import tempfile
from pathlib import Path

import pytest
from env_copy import copy_distribution, runtime_closure
from paths import REPO

HUB_ENV_ROOT = Path(os.environ.get("KETENLES_HUB_ENV_ROOT", "/var/tmp"))
# Beside ketenles's own requirements: the hub itself, and pip, which installs ketenles.
HUB_EXTRAS = ("jupyterhub", "pip")


def unavailable(reason: str):
    """A test that needs real accounts fails in CI (never a silent skip) and skips elsewhere."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def runs_for_others(python: str) -> bool:
    proc = subprocess.run(["runuser", "-u", "nobody", "--", python, "-c", "pass"], capture_output=True)
    return proc.returncode == 0


def _source_digest(closure) -> str:
    """What the environment was built from: pyproject.toml, setup.py, the package's files and
    the versions of the distributions copied from the test environment."""
    digest = hashlib.sha256()
    for path in [REPO / "pyproject.toml", REPO / "setup.py",
                 *sorted(p for p in (REPO / "src").rglob("*") if p.is_file() and "__pycache__" not in p.parts
                         and ".egg-info" not in str(p))]:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    for dist in sorted(closure, key=lambda d: d.metadata["Name"].lower()):
        digest.update(f"{dist.metadata['Name']}=={dist.version}\0".encode())
    return digest.hexdigest()[:16]


def hub_python_env() -> Path:
    """The ``bin`` folder of an environment with this checkout's ketenles, nbgrader and JupyterHub
    that every account may run.

    The distributions come from the test environment (the same versions the rest of the
    suite tests, see tests/env_copy.py); ketenles is installed from a copy of this
    checkout, not editable.
    """
    system = shutil.which("python3", path="/usr/bin:/bin")
    if system is None or not runs_for_others(system):
        unavailable("no Python that other accounts may run (apt-get install python3-venv)")
    same = subprocess.run([system, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
    if same.stdout.strip() != str(sys.version_info[:2]):
        unavailable(f"the system Python ({same.stdout.strip()}) is not the tests' Python {sys.version_info[:2]}")
    closure = runtime_closure(HUB_EXTRAS)
    env = HUB_ENV_ROOT / f"ketenles-hub-env-{_source_digest(closure)}"
    if not (env / ".complete").exists():
        shutil.rmtree(env, ignore_errors=True)
        for stale in HUB_ENV_ROOT.glob("ketenles-hub-env-*"):  # older versions of the source
            shutil.rmtree(stale, ignore_errors=True)
        subprocess.run([system, "-m", "venv", "--without-pip", str(env)], check=True, capture_output=True)
        for dist in closure:
            copy_distribution(dist, env)
        # Built from a copy: pip builds in the source tree (build/, *.egg-info), where another
        # test (the wheel, the hub image) may be building at the same moment.
        with tempfile.TemporaryDirectory(prefix="ketenles-hub-src-") as tmp:
            source = Path(tmp) / "src"
            shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
                ".git", ".venv*", "build", "dist", "*.egg-info", "node_modules", "_site", "test-artifacts",
                "__pycache__"))
            proc = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(source)],
                                  capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            unavailable(f"could not install the hub environment: {proc.stderr[-500:]}")
        check = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "check"], capture_output=True, text=True)
        if check.returncode != 0:
            unavailable(f"the hub environment is incomplete: {check.stdout[-500:]}")
        subprocess.run(["chmod", "-R", "a+rX", str(env)], check=True)
        (env / ".complete").touch()
    if not runs_for_others(str(env / "bin" / "python")):
        unavailable(f"other accounts cannot run {env} (is {HUB_ENV_ROOT} open to them?)")
    return env / "bin"

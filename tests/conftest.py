"""Shared fixtures: paths, and the project's own tools on PATH for subprocesses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from paths import REPO

BIN = Path(sys.executable).parent

# nbgrader starts `alembic` and jupyter starts kernels by name: both must come from
# the environment the tests run in, even when it is not activated.
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
# Tests never write a real user's progress file.
os.environ.setdefault("KETENLES_PROGRESS", str(Path(os.environ.get("TMPDIR", "/tmp")) / "ketenles-test-progress.json"))


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO

"""Shared fixtures: paths, and the project's own tools on PATH for subprocesses."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from paths import REPO

BIN = Path(sys.executable).parent

# nbgrader starts `alembic` and jupyter starts kernels by name: both must come from
# the environment the tests run in, even when it is not activated.
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
# Tests never write a real user's progress file, and parallel workers never share one.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ.setdefault("KETENLES_PROGRESS",
                      str(Path(os.environ.get("TMPDIR", "/tmp")) / f"ketenles-test-progress-{_WORKER}.json"))


LESSON_CACHE = "KETENLES_LESSON_CACHE"


def pytest_configure(config):
    # One execution of each lesson per run, shared by the lesson tests and the site
    # build (tools/sitegen/lessons.py). Made by the main process before any worker
    # starts, so parallel workers inherit the same folder.
    if LESSON_CACHE not in os.environ and not hasattr(config, "workerinput"):
        folder = tempfile.mkdtemp(prefix="ketenles-lessons-")
        os.environ[LESSON_CACHE] = folder
        config._ketenles_lesson_cache = folder


# Tests that share something expensive or global run on one worker together
# (pytest-xdist, --dist loadgroup): the built site, the JupyterHub with real
# accounts and the environment those accounts run.
SHARED = {"site": ("tests/course/test_site_build.py", "tests/browser/test_browser_site.py"),
          "hub": ("tests/course/test_jupyterhub.py", "tests/course/test_jupyterhub_accounts.py",
                  "tests/grading/test_my_grades.py")}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Before xdist reads the groups: every test file is one group unless it shares a
    # group above, so a module's fixtures (a graded class, a lab server) are built once.
    shared = {file: group for group, files in SHARED.items() for file in files}
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            file = item.nodeid.split("::", 1)[0]
            item.add_marker(pytest.mark.xdist_group(shared.get(file, file)))


def pytest_unconfigure(config):
    folder = getattr(config, "_ketenles_lesson_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(LESSON_CACHE, None)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO

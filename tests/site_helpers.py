"""Shared by the website's tests: the site generator on the path, and one built site per run.

``built_site()`` builds the site once per test run, the way a clean clone would: the
tracked files are copied to a temporary folder (with this checkout's .venv and npm
packages, installed first with network) and ``scripts/build-site.sh`` runs there
inside a network namespace without network. ``KETENLES_SITE_DIR=_site`` reuses a
site built before (quick iteration on the browser tests).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from paths import REPO

sys.path.insert(0, str(REPO / "tools"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def executed_lesson(path: Path, progress_file: Path):
    """A lesson executed as the site build executes it, once per test run (the run's lesson cache)."""
    from sitegen import lessons

    return lessons.execute(path, progress_file)


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    seconds: float
    log: str
    offline: bool  # built inside a network namespace without network


def no_network_prefix() -> list[str] | None:
    """The command that runs a program without network, or None when this machine cannot."""
    unshare = shutil.which("unshare")
    if not unshare:
        return None
    prefix = [unshare, "-n"] if os.geteuid() == 0 else [unshare, "-rn"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def clean_copy(target: Path) -> Path:
    """The repository's files as a clone has them (tracked and new, not ignored)."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    # Installed packages: the same that `bash scripts/build-site.sh` would install.
    (target / ".venv").symlink_to(REPO / ".venv")
    (target / "site" / "node_modules").symlink_to(REPO / "site" / "node_modules")
    return target


@functools.lru_cache(maxsize=1)
def built_site() -> BuiltSite:
    reuse = os.environ.get("KETENLES_SITE_DIR")
    if reuse:
        return BuiltSite(Path(reuse).resolve(), 0.0, "(reused)", offline=False)
    install = subprocess.run(["bash", "scripts/build-site.sh", "--install-only"], cwd=REPO,
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    workdir = Path(tempfile.mkdtemp(prefix="ketenles-site-test-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    clone = clean_copy(workdir / "clone")
    prefix = no_network_prefix()
    if prefix is None and IN_CI:
        raise AssertionError("CI must build the site without network, but `unshare -n` is not available")
    env = {**os.environ, "KETENLES_SITE_OUT": str(workdir / "_site")}
    env.pop("KETENLES_PROGRESS", None)  # the build sets its own temporary progress file
    started = time.monotonic()
    proc = subprocess.run([*(prefix or []), "bash", "scripts/build-site.sh"], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=1800)
    seconds = time.monotonic() - started
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"site build failed:\n{log[-6000:]}"
    return BuiltSite(workdir / "_site", seconds, log, offline=prefix is not None)

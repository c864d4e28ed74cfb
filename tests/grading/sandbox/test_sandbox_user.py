"""Sandboxed autograde as an ordinary (non-root) lecturer, and the refusal without a sandbox.

Lecturers are not root: the sandbox must work with unprivileged user
namespaces. As root (CI), the test makes an account with ``useradd`` and runs
`ketenles autograde` as it; as an ordinary user, it runs as that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from attack_class import TESTS, attacks, leftover_processes, notebook
from grading_class import ASSIGNMENT, answered, make_course, scores, submit

import ketenles
from ketenles.cli import main

pytestmark = pytest.mark.slow
ACCOUNT = "ketenles-docent"
BIN = Path(sys.executable).parent


def _account() -> str | None:
    """The ordinary account to grade as; None: we already are an ordinary user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(ACCOUNT)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ACCOUNT],
                       check=True)
    return ACCOUNT


def _hidden_ancestors(paths: list[Path]) -> dict[Path, set[str]]:
    """Folders others cannot enter on the way to ``paths`` (e.g. /root holding pyenv), with the child needed."""
    found: dict[Path, set[str]] = {}
    for path in paths:
        for ancestor in reversed(path.parents):
            if ancestor != Path("/") and not os.stat(ancestor).st_mode & 0o001:
                found.setdefault(ancestor, set()).add(path.relative_to(ancestor).parts[0])
                break
    return found


def _as_account(account: str, command: list[str], env: dict) -> subprocess.CompletedProcess:
    """Run ``command`` as ``account``. Where this machine's Python sits in a folder only root may
    enter (pyenv under /root), a private mount namespace makes just that Python reachable, as a
    lecturer's own installation would be; nothing else changes for the account."""
    needed = [Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(ketenles.__file__).resolve().parent]
    script = ["set -e"]
    for ancestor, children in _hidden_ancestors(needed).items():
        hold = tempfile.mkdtemp(prefix="ketenles-hold-")
        script += [f"mount --bind '{ancestor}' '{hold}'", f"mount -t tmpfs -o mode=755 tmpfs '{ancestor}'"]
        for child in sorted(children):
            script += [f"mkdir -p '{ancestor}/{child}'", f"mount --bind '{hold}/{child}' '{ancestor}/{child}'"]
    env_args = [f"{k}={v}" for k, v in env.items()]
    script.append("exec runuser -u " + account + " -- env -i " + " ".join(f"'{a}'" for a in env_args) + " "
                  + " ".join(f"'{c}'" for c in command))
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", "\n".join(script)],
                          capture_output=True, text=True, timeout=900)


def test_sandboxed_autograde_as_an_ordinary_user():
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is a prerequisite of the test suite (README); install it: apt-get install bubblewrap")
    account = _account()
    tmp = Path(tempfile.mkdtemp(prefix="ketenles-user-"))
    try:
        course = make_course(tmp / "class")
        chosen = {a.name: a for a in attacks(str(course.root), 0)}
        submit(course, "complete", answered(course, "complete"))
        for name in ("patch_helpers", "orphans", "walk_up"):
            submit(course, name, notebook(course, chosen[name]))
        command = [str(BIN / "ketenles"), "autograde", ASSIGNMENT, "--workers", "2", "--course", str(course.root)]
        if account is None:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=900,
                                  env=dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}"))
        else:
            os.chmod(tmp, 0o755)
            user = pwd.getpwnam(account)
            for folder, _, files in os.walk(tmp):
                for path in [folder, *(os.path.join(folder, f) for f in files)]:
                    os.chown(path, user.pw_uid, user.pw_gid)
            home = tmp / "home"
            home.mkdir()
            os.chown(home, user.pw_uid, user.pw_gid)
            proc = _as_account(account, [*command], {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(home),
                                                     "LANG": "C.UTF-8"})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        got = scores(course.root / "gradebook.db")
        expected = {"complete": (1, 2, 1), "patch_helpers": (0, 0, 0), "orphans": (1, 2, 1), "walk_up": (1, 2, 1)}
        for student, points in expected.items():
            assert tuple(got[(student, cell)][0] for cell in TESTS) == points, student
        if account is not None:
            owners = {p.stat().st_uid for p in (course.root / "autograded").rglob("*")}
            assert owners == {pwd.getpwnam(account).pw_uid}  # it really ran as the ordinary account
        assert leftover_processes() == []
    finally:
        for proc in leftover_processes():
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def test_refuses_without_bubblewrap_and_says_how_to_fix(tmp_path, monkeypatch, capsys):
    from ketenles.grading.sandbox import bubblewrap as sandbox

    course = make_course(tmp_path / "class")
    submit(course, "complete", answered(course, "complete"))
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    code = main(["autograde", ASSIGNMENT, "--course", str(course.root)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Nakijken geweigerd" in err and "apt-get install bubblewrap" in err and "--unsandboxed" in err
    assert "Traceback" not in err
    assert not (course.root / "autograded").exists()  # nobody was graded unsafely


def test_unsandboxed_grades_knowingly_with_a_warning(tmp_path, monkeypatch, capsys):
    from ketenles.grading.sandbox import bubblewrap as sandbox

    course = make_course(tmp_path / "class")
    submit(course, "complete", answered(course, "complete"))
    submit(course, "patch_helpers", notebook(course, next(a for a in attacks("", 0) if a.name == "patch_helpers")))
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    monkeypatch.setenv("PATH", f"{BIN}:{os.environ['PATH']}")
    code = main(["autograde", ASSIGNMENT, "--course", str(course.root), "--unsandboxed", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 0 and "ZONDER sandbox" in err
    got = scores(course.root / "gradebook.db")
    assert tuple(got[("complete", c)][0] for c in TESTS) == (1, 2, 1)
    assert tuple(got[("patch_helpers", c)][0] for c in TESTS) == (0, 0, 0)  # checks still out of reach

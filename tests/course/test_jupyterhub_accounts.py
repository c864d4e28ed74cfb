"""Who submitted what, between real Unix accounts on a JupyterHub (issue 10).

The hub runs course/deployment/jupyterhub_config.py in its production mode
(LocalProcessSpawner: every user's server runs as that user's own Unix account,
made here with ``useradd``) on 127.0.0.1; only the authenticator is the dummy,
because the test starts servers through the hub's API and never logs in. The
exchange is a shared folder with mode 1777, homes have mode 0700, as
course/deployment/README.md says.

A lecturer and two students. Student A submits the model answers through their
own server. Student B, from B's own account, submits an empty notebook under
A's name (``nbgrader submit --student A``, what B could type in a terminal),
and tries to read A's submission. The lecturer collects through the
Formgrader: A's own work is collected, B's is refused by name, and A gets all
autograded points. Needs root (``useradd``) and a Python that other accounts
may run; the accounts are removed afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest
from accounts_env import hub_python_env
from nbgrader_sim import COURSE_ID, answer, solutions
from paths import REPO
from test_jupyterhub import DEPLOYMENT, Hub, _unavailable

from ketenles.grading.course import init_course

pytestmark = pytest.mark.slow

ASSIGNMENT = "ketenanalyse"
def as_user(user: str, *command: str, home: Path, bin_dir: Path) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
                           *command], capture_output=True, text=True, timeout=300, cwd=home)


class UnixHub(Hub):
    """The production spawner with real accounts; everything else as in test_jupyterhub.Hub."""

    def __init__(self, base: Path, users: dict[str, str], bin_dir: Path):
        self.users = users  # role -> account name
        self.bin_dir = bin_dir
        hub_dir = base / "hub"
        hub_dir.mkdir()
        super().__init__(hub_dir)
        self.homes = base  # each account's home is base/<name>
        self.exchange = base / "exchange"
        self.exchange.mkdir()
        os.chmod(self.exchange, 0o1777)

    def write_config(self, proxy: str) -> Path:
        config = super().write_config(proxy)
        # The spawned servers read the deployment's files (the lecturer's jupyter-docent
        # folder) as their own accounts: from a copy they can reach, never from the clone.
        deployment = self.homes / "deployment"
        shutil.copytree(DEPLOYMENT, deployment)
        subprocess.run(["chmod", "-R", "a+rX", str(deployment)], check=True)
        text = config.read_text(encoding="utf-8").replace(repr(str(DEPLOYMENT / "jupyterhub_config.py")),
                                                          repr(str(deployment / "jupyterhub_config.py")))
        config.write_text(text + f"""
# Production spawner: every server runs as its user's own Unix account.
c.JupyterHub.spawner_class = "localprocess"
c.JupyterHub.authenticator_class = "dummy"  # servers are started through the API; nobody logs in
c.Spawner.cmd = [{str(self.bin_dir / "jupyterhub-singleuser")!r}]
c.Spawner.args = []
c.Spawner.environment["PATH"] = {f"{self.bin_dir}:/usr/bin:/bin"!r}
""", encoding="utf-8")
        return config

    def hub_environment(self) -> dict[str, str]:
        return {
            "KETENLES_HUB_AUTH": "pam",
            "KETENLES_LECTURERS": self.users["lecturer"],
            "KETENLES_STUDENTS": f"{self.users['a']},{self.users['b']}",
            "KETENLES_EXCHANGE": str(self.exchange),
        }

    def server_users(self) -> list[str]:
        return list(self.users.values())


def _kill_processes_of(account: str) -> None:
    """End what is left running as a test account (its servers, kernels), process by process."""
    import psutil

    for process in psutil.process_iter(["username"]):
        if process.info["username"] == account:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def _api(hub: Hub, user: str, path: str, **kwargs):
    result = hub.user_api(user, path, **kwargs)
    if isinstance(result, dict) and result.get("success") is False:
        raise AssertionError(f"{user} {path} failed:\n{json.dumps(result)[:3000]}")
    return result


@pytest.fixture(scope="module")
def unix_class():
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        _unavailable("real accounts need root and useradd")
    bin_dir = hub_python_env()
    suffix = secrets.token_hex(3)
    users = {"lecturer": f"kd{suffix}", "a": f"ka{suffix}", "b": f"kb{suffix}"}
    base = Path(tempfile.mkdtemp(prefix="ketenles-hub-"))
    os.chmod(base, 0o755)
    made = []
    hub = None
    try:
        for name in users.values():
            subprocess.run(["useradd", "-m", "-d", str(base / name), "-s", "/bin/sh", "-K", "HOME_MODE=0700", name],
                           check=True, capture_output=True)
            made.append(name)
            os.chmod(base / name, 0o700)
        hub = UnixHub(base, users, bin_dir)
        lecturer = pwd.getpwnam(users["lecturer"])
        course = init_course(base / users["lecturer"] / "ketenles-cursus", REPO / "assignments", hub.exchange)
        for path in [course, *course.rglob("*")]:
            os.chown(path, lecturer.pw_uid, lecturer.pw_gid)
        hub.start()
        for name in users.values():
            hub.spawn(name)
        for name in users.values():
            hub.wait_ready(name)
        yield hub, users, base, bin_dir, course
    finally:
        if hub is not None:
            hub.stop()
        for name in made:
            _kill_processes_of(name)
            subprocess.run(["userdel", "-r", "-f", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def impostor_attempt(unix_class):
    hub, users, base, bin_dir, course = unix_class
    lecturer, a, b = users["lecturer"], users["a"], users["b"]
    _api(hub, lecturer, f"formgrader/api/assignment/{ASSIGNMENT}/assign", method="POST")
    _api(hub, lecturer, f"formgrader/api/assignment/{ASSIGNMENT}/release", method="POST")
    body = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
    for student in (a, b):
        _api(hub, student, "assignments/fetch", method="POST", body=body)
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    model = hub.user_api(a, f"api/contents/{path}")
    local = hub.tmp / "answered.ipynb"
    nbformat.write(nbformat.from_dict(model["content"]), local)
    answer(local, solutions(REPO / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    hub.user_api(a, f"api/contents/{path}", method="PUT",
                 body={"type": "notebook", "format": "json", "content": json.loads(local.read_text("utf-8"))})
    _api(hub, a, "assignments/submit", method="POST", body=body)
    # B, from B's own account, submits B's untouched copy under A's name ...
    inbound = hub.exchange / COURSE_ID / "inbound"
    impostor = as_user(b, str(bin_dir / "nbgrader"), "submit", ASSIGNMENT, "--course", COURSE_ID, "--student", a,
                       f"--Exchange.root={hub.exchange}", home=base / b, bin_dir=bin_dir)
    # ... and tries to find and read A's submission.
    listing = as_user(b, "ls", str(inbound), home=base / b, bin_dir=bin_dir)
    home = as_user(b, "ls", str(base / a), home=base / b, bin_dir=bin_dir)
    collect = _api(hub, lecturer, f"formgrader/api/assignment/{ASSIGNMENT}/collect", method="POST")
    _api(hub, lecturer, f"formgrader/api/submission/{ASSIGNMENT}/{a}/autograde", method="POST")
    submissions = _api(hub, lecturer, f"formgrader/api/submissions/{ASSIGNMENT}", method="GET")
    return {"impostor": impostor, "listing": listing, "home": home, "collect": collect,
            "submissions": {s["student"]: s for s in submissions}, "inbound": inbound, "users": users,
            "course": course}


def test_a_student_cannot_list_or_read_another_students_work(impostor_attempt):
    listing, home = impostor_attempt["listing"], impostor_attempt["home"]
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    assert home.returncode != 0 and "Permission denied" in home.stderr
    # Each submission's folder name ends in a random part, so it cannot be guessed either.
    a = impostor_attempt["users"]["a"]
    names = [p.name for p in impostor_attempt["inbound"].iterdir() if p.name.startswith(f"{a}+")]
    assert names and all(len(n.split("+")) == 4 and len(n.split("+")[3]) >= 12 for n in names)


def test_a_submission_under_another_name_is_refused_and_named(impostor_attempt):
    users = impostor_attempt["users"]
    a, b = users["a"], users["b"]
    # nbgrader's exchange accepted B's file (it cannot tell): two submissions claim to be A's.
    assert impostor_attempt["impostor"].returncode == 0, impostor_attempt["impostor"].stderr
    claimed = [p for p in impostor_attempt["inbound"].iterdir() if p.name.startswith(f"{a}+")]
    assert len(claimed) == 2
    log = json.dumps(impostor_attempt["collect"])
    assert "Geweigerd" in log and b in log
    submitted = impostor_attempt["course"] / "submitted" / a / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(submitted, as_version=4)
    assert any("dominant_probleem" in c.source and "= None" not in c.source for c in nb.cells)
    assert b not in impostor_attempt["submissions"] or not impostor_attempt["submissions"][b].get("autograded")
    assert impostor_attempt["submissions"][a]["code_score"] == 4.0  # every automatic point of ketenanalyse (4 of 10)

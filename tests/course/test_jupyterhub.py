"""A class on a real JupyterHub: one lecturer, two students, one assignment.

The hub runs course/deployment/jupyterhub_config.py in trial mode on 127.0.0.1
(DummyAuthenticator, SimpleLocalProcessSpawner with a HOME per user, the
configurable-http-proxy from npm). Everything goes through each user's own
single-user server, with a service token, as the browser would:

- the lecturer generates and releases through the Formgrader's REST API;
- each student fetches, answers (contents API) and submits through the
  Assignment List's REST API of their own server;
- the lecturer collects and autogrades through the Formgrader again.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader_sim import COURSE_ID, answer, solutions
from paths import REPO

from ketenles.grading.course import init_course

pytestmark = pytest.mark.slow

DEPLOYMENT = REPO / "course" / "deployment"
ASSIGNMENT = "ketenanalyse"
LECTURER = "docent"
STUDENTS = ("student1", "student2")
CHP_VERSION = "5"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HUB_START = 60
SPAWN_TIMEOUT = 90


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"JupyterHub test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def find_proxy() -> str:
    """configurable-http-proxy: on PATH, or installed with npm into .venv/chp."""
    local = REPO / ".venv" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
    for candidate in (shutil.which("configurable-http-proxy"), str(local)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        _unavailable("configurable-http-proxy needs Node.js and npm (apt-get install nodejs npm)")
    proc = subprocess.run([npm, "install", "--prefix", str(local.parents[2]), "--no-audit", "--no-fund",
                           f"configurable-http-proxy@{CHP_VERSION}"], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not local.exists():
        _unavailable(f"npm could not install configurable-http-proxy: {proc.stderr[-500:]}")
    return str(local)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Hub:
    def __init__(self, tmp: Path):
        if shutil.which("jupyterhub", path=str(Path(sys.executable).parent)) is None:
            _unavailable("jupyterhub is not installed (pip install jupyterhub)")
        self.tmp = tmp
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.token = secrets.token_hex(24)
        self.homes = tmp / "homes"
        self.exchange = tmp / "exchange"
        self.homes.mkdir()
        self.exchange.mkdir()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_config(self, proxy: str) -> Path:
        config = self.tmp / "jupyterhub_test_config.py"
        config.write_text(
            f"""
c = get_config()
load_subconfig({str(DEPLOYMENT / "jupyterhub_config.py")!r})
c.JupyterHub.bind_url = {self.base!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {self.hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(self.tmp / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{self.tmp / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(self.tmp / "cookie_secret")!r}
c.Spawner.start_timeout = {SPAWN_TIMEOUT}
c.Spawner.http_timeout = {SPAWN_TIMEOUT}
c.JupyterHub.services.append({{"name": "ketenles-test", "api_token": {self.token!r}}})
c.JupyterHub.load_roles.append({{
    "name": "ketenles-test", "services": ["ketenles-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers"],
}})
""",
            encoding="utf-8",
        )
        return config

    def hub_environment(self) -> dict[str, str]:
        """What jupyterhub_config.py reads: trial mode, a HOME per user under ``homes``."""
        return {
            "KETENLES_HUB_AUTH": "trial",
            "KETENLES_HUB_HOMES": str(self.homes),
            "KETENLES_LECTURERS": LECTURER,
            "KETENLES_STUDENTS": ",".join(STUDENTS),
            "KETENLES_EXCHANGE": str(self.exchange),
        }

    def server_users(self) -> list[str]:
        return [LECTURER, *STUDENTS]

    def start(self) -> None:
        config = self.write_config(find_proxy())
        env = dict(os.environ, **self.hub_environment())
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        self.log = open(self.tmp / "hub.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
            cwd=self.tmp, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + HUB_START
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"jupyterhub exited:\n{self.log_text()}")
            try:
                self.request("hub/api/")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise AssertionError(f"jupyterhub did not answer in {HUB_START} s:\n{self.log_text()}")

    def log_text(self) -> str:
        return (self.tmp / "hub.log").read_text(encoding="utf-8", errors="replace")[-5000:]

    def request(self, path: str, method: str = "GET", body=None, params: dict | None = None, timeout=120):
        url = f"{self.base}/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text.strip() else None

    def spawn(self, user: str) -> None:
        self.request(f"hub/api/users/{user}/server", method="POST", body={})

    def wait_ready(self, user: str) -> None:
        deadline = time.monotonic() + SPAWN_TIMEOUT
        while time.monotonic() < deadline:
            model = self.request(f"hub/api/users/{user}")
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"server of {user} not ready in {SPAWN_TIMEOUT} s:\n{self.log_text()}")

    def user_api(self, user: str, path: str, **kwargs):
        """A request to ``user``'s own single-user server, through the hub's proxy."""
        return self.request(f"user/{user}/{path}", **kwargs)

    def stop(self) -> None:
        if self.process is None:
            return
        for user in self.server_users():
            with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                self.request(f"hub/api/users/{user}/server", method="DELETE", timeout=30)
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        # The hub's process group holds the proxy and every user's server.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture(scope="module")
def hub_class(tmp_path_factory):
    hub = Hub(tmp_path_factory.mktemp("hub"))
    # The lecturer's one-off set-up in a terminal: `ketenles init-course ~/ketenles-cursus`.
    lecturer_home = hub.homes / LECTURER
    init_course(lecturer_home / "ketenles-cursus", REPO / "assignments")
    hub.start()
    try:
        for user in (LECTURER, *STUDENTS):
            hub.spawn(user)
        for user in (LECTURER, *STUDENTS):
            hub.wait_ready(user)
        yield hub
    finally:
        hub.stop()


def formgrader(hub: Hub, path: str, method: str = "POST"):
    result = hub.user_api(LECTURER, f"formgrader/api/{path}", method=method)
    if isinstance(result, dict) and result.get("success") is False:
        raise AssertionError(f"formgrader {path} failed:\n{result.get('log', '')}\n{result.get('error', '')}")
    return result


def assignment_action(hub: Hub, student: str, action: str):
    result = hub.user_api(student, f"assignments/{action}", method="POST",
                          body={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
    if isinstance(result, dict) and result.get("success") is False:
        raise AssertionError(f"{student} {action} failed:\n{result.get('value')}")
    return result


@pytest.fixture(scope="module")
def graded(hub_class):
    hub = hub_class
    formgrader(hub, f"assignment/{ASSIGNMENT}/assign")
    formgrader(hub, f"assignment/{ASSIGNMENT}/release")
    assert (hub.exchange / COURSE_ID / "outbound" / ASSIGNMENT).is_dir()

    listed = {}
    for student in STUDENTS:
        released = hub.user_api(student, "assignments", params={"course_id": COURSE_ID})
        listed[student] = [a["assignment_id"] for a in released["value"] if a["status"] == "released"]
        assignment_action(hub, student, "fetch")
    # student1 answers with the model solution, in their own server's files.
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    model = hub.user_api(STUDENTS[0], f"api/contents/{path}")
    local = hub.tmp / "answered.ipynb"
    nbformat.write(nbformat.from_dict(model["content"]), local)
    answer(local, solutions(REPO / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    hub.user_api(STUDENTS[0], f"api/contents/{path}", method="PUT",
                 body={"type": "notebook", "format": "json", "content": json.loads(local.read_text("utf-8"))})
    for student in STUDENTS:
        assignment_action(hub, student, "submit")

    formgrader(hub, f"assignment/{ASSIGNMENT}/collect")
    for student in STUDENTS:
        formgrader(hub, f"submission/{ASSIGNMENT}/{student}/autograde")
    submissions = formgrader(hub, f"submissions/{ASSIGNMENT}", method="GET")
    return hub, listed, submissions


def test_every_student_saw_the_released_assignment(graded):
    _, listed, _ = graded
    assert listed == {s: [ASSIGNMENT] for s in STUDENTS}


def test_submissions_are_named_after_hub_users(graded):
    hub, _, _ = graded
    inbound = sorted(p.name.split("+")[0] for p in (hub.exchange / COURSE_ID / "inbound").iterdir())
    assert inbound == sorted(STUDENTS)
    for student in STUDENTS:
        assert (hub.homes / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()


def test_lecturer_has_autograded_scores_for_both_students(graded):
    hub, _, submissions = graded
    scores = {s["student"]: s for s in submissions if s.get("autograded")}
    assert set(scores) == set(STUDENTS)
    with Gradebook(f"sqlite:///{hub.homes / LECTURER / 'ketenles-cursus' / 'gradebook.db'}") as gb:
        graded_scores = {s: gb.find_submission(ASSIGNMENT, s).code_score for s in STUDENTS}
    # The model answers earn every autograded point (4); the untouched copy none.
    assert graded_scores == {STUDENTS[0]: 4.0, STUDENTS[1]: 0.0}
    assert scores[STUDENTS[0]]["code_score"] == 4.0 and scores[STUDENTS[1]]["code_score"] == 0.0


def test_nbgitpuller_link_puts_the_lessons_in_a_students_home(hub_class):
    hub = hub_class
    if shutil.which("git") is None:
        _unavailable("nbgitpuller needs git")
    # What a student's click on the nbgitpuller link starts (the page then calls this API):
    # pull this repository (here straight from the working copy's history) into ~/ketenles.
    params = urllib.parse.urlencode({"repo": f"file://{REPO}", "targetpath": "ketenles", "depth": "1"})
    request = urllib.request.Request(f"{hub.base}/user/{STUDENTS[1]}/git-pull/api?{params}",
                                     headers={"Authorization": f"token {hub.token}"})
    events = []
    with urllib.request.urlopen(request, timeout=180) as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
                if events[-1].get("phase") in ("finished", "error"):
                    break
    assert events and events[-1]["phase"] == "finished", events[-3:]
    lessons = sorted((hub.homes / STUDENTS[1] / "ketenles" / "notebooks").glob("*.ipynb"))
    assert "01-wat-is-een-keten.ipynb" in [p.name for p in lessons]


def _lab_page_config(hub: Hub, user: str) -> dict:
    """The page config JupyterLab gives this user's browser (embedded in the /lab page)."""
    request = urllib.request.Request(f"{hub.base}/user/{user}/lab",
                                     headers={"Authorization": f"token {hub.token}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        page = response.read().decode("utf-8")
    start = page.index('id="jupyter-config-data"')
    start = page.index(">", start) + 1
    return json.loads(page[start:page.index("</script>", start)])


def test_only_the_lecturer_gets_the_formgrader_on_the_shared_installation(hub_class):
    # scripts/setup.sh writes the student's setup into the shared environment; that
    # outranks a user's ~/.jupyter, so the hub gives lecturers a folder of their own.
    from ketenles.labsetup.lab_tools import LECTURER_PLUGINS

    def disabled(user: str) -> set[str]:
        # JupyterLab hands the browser the names of the disabled plugins (a list).
        names = _lab_page_config(hub_class, user)["disabledExtensions"]
        return {n for n, off in names.items() if off} if isinstance(names, dict) else set(names)

    lecturer, student = disabled(LECTURER), disabled(STUDENTS[0])
    assert not lecturer & set(LECTURER_PLUGINS)
    assert set(LECTURER_PLUGINS) <= student
    for names in (lecturer, student):  # both fetch and submit
        assert "@jupyter/nbgrader:assignment-list" not in names


def test_the_lecturers_folder_switches_on_exactly_the_lecturer_tools():
    from ketenles.labsetup.lab_tools import LECTURER_PLUGINS, page_config_path

    config = json.loads(page_config_path(DEPLOYMENT / "jupyter-docent").read_text(encoding="utf-8"))
    assert config["disabledExtensions"] == dict.fromkeys(LECTURER_PLUGINS, False)

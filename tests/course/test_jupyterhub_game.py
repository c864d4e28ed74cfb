"""The class chain game as a JupyterHub service, with real Unix accounts that log in with their password.

The hub runs course/deployment/jupyterhub_config.py in its production mode
(PAM: the accounts are made here with ``useradd`` and ``chpasswd``) with
``KETENLES_GAME_DB`` set, so the hub starts ``ketenles game serve --hub`` as
the service ``ketenspel``. Every user logs in on the hub's own login page and
reaches the game through the hub's OAuth, as a browser does (cookies, xsrf).

A lecturer and three students play one chain. Impostors: a student cannot use
the lecturer's controls, cannot move as another student (the player is the hub
user, whatever the request says), and a wrong password gets no session; a
request without a hub login reaches nothing. Reconnect: a second login of the
same student is the same player. Restart: the service is killed mid-round, the
hub restarts it, and nothing that was accepted is lost.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import pytest
import requests
from gameserver import run_coroutine
from test_jupyterhub import Hub, _unavailable, free_port

pytestmark = pytest.mark.slow

SERVICE = "services/ketenspel/"


class GameHub(Hub):
    """The production authenticator (PAM) with real accounts and the game service switched on."""

    def __init__(self, base: Path, users: dict[str, str]):
        self.users = users
        hub_dir = base / "hub"
        hub_dir.mkdir()
        super().__init__(hub_dir)
        self.game_port = free_port()

    def hub_environment(self) -> dict[str, str]:
        return {
            "KETENLES_HUB_AUTH": "pam",
            "KETENLES_LECTURERS": self.users["lecturer"],
            "KETENLES_STUDENTS": ",".join(v for k, v in self.users.items() if k != "lecturer"),
            "KETENLES_EXCHANGE": str(self.exchange),
            "KETENLES_GAME_DB": f"sqlite:///{self.tmp / 'ketenspel.sqlite'}",
            "KETENLES_GAME_PORT": str(self.game_port),
        }

    def server_users(self) -> list[str]:
        return []  # nobody's server is started: the game needs none


class Browser:
    """One person's browser: the hub's cookies, the login form, the game's xsrf token."""

    def __init__(self, hub: GameHub):
        self.hub = hub
        self.session = requests.Session()
        self.xsrf = ""

    def login(self, name: str, password: str) -> bool:
        page = self.session.get(f"{self.hub.base}/hub/login", timeout=30)
        token = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
        answer = self.session.post(f"{self.hub.base}/hub/login", timeout=60, allow_redirects=False,
                                   data={"username": name, "password": password,
                                         "_xsrf": token[1] if token else ""})
        return answer.status_code == 302 and "jupyterhub-session-id" in self.session.cookies

    def open_game(self, path: str = "") -> requests.Response:
        """A page of the game: the hub's OAuth redirects run as in a browser; keeps the page's xsrf token."""
        page = self.session.get(f"{self.hub.base}/{SERVICE}{path}", timeout=60)
        found = re.search(r'xsrf: "([^"]*)"', page.text)
        if found:
            self.xsrf = found[1]
        return page

    def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        answer = self.session.request(method, f"{self.hub.base}/{SERVICE}{path}", json=body, timeout=60,
                                      allow_redirects=False, headers={"X-XSRFToken": self.xsrf})
        try:
            return answer.status_code, answer.json()
        except ValueError:
            return answer.status_code, {}


def first_push(hub: GameHub, browser: Browser, code: str) -> dict:
    """What the game pushes over its WebSocket when ``browser`` opens it through the hub's proxy."""
    import asyncio
    import json

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def read() -> dict:
        cookies = "; ".join(f"{c.name}={c.value}" for c in browser.session.cookies)
        url = f"{hub.base.replace('http://', 'ws://')}/{SERVICE}api/games/{code}/ws"
        socket = await websocket_connect(HTTPRequest(url, headers={
            "Cookie": cookies, "Origin": hub.base, "Sec-Fetch-Mode": "websocket"}))
        message = await asyncio.wait_for(socket.read_message(), 30)
        socket.close()
        return json.loads(message)

    return run_coroutine(read())


def _service_pid() -> int | None:
    for process in psutil.process_iter(["cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if "ketenles.cli game serve --hub" in command:
            return process.pid
    return None


@pytest.fixture(scope="module")
def game_hub():
    if os.geteuid() != 0 or shutil.which("useradd") is None or shutil.which("chpasswd") is None:
        _unavailable("real accounts need root, useradd and chpasswd")
    suffix = secrets.token_hex(3)
    users = {"lecturer": f"gd{suffix}", "a": f"ga{suffix}", "b": f"gb{suffix}", "c": f"gc{suffix}"}
    passwords = {name: secrets.token_urlsafe(12) for name in users.values()}
    base = Path(tempfile.mkdtemp(prefix="ketenles-game-hub-"))
    made, hub = [], None
    try:
        for name in users.values():
            subprocess.run(["useradd", "-M", "-s", "/usr/sbin/nologin", name], check=True, capture_output=True)
            made.append(name)
        subprocess.run(["chpasswd"], input="".join(f"{n}:{p}\n" for n, p in passwords.items()), text=True,
                       check=True, capture_output=True)
        hub = GameHub(base, users)
        hub.start()
        yield hub, users, passwords
    finally:
        if hub is not None:
            hub.stop()
        for name in made:
            subprocess.run(["userdel", "-f", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def logged_in(hub, name, password) -> Browser:
    browser = Browser(hub)
    assert browser.login(name, password), f"{name} could not log in:\n{hub.log_text()}"
    deadline = time.monotonic() + 60  # the hub starts the service next to itself
    while time.monotonic() < deadline:
        page = browser.open_game()
        if page.status_code == 200 and browser.xsrf:
            return browser
        time.sleep(0.5)
    raise AssertionError(f"the game service did not answer {name}:\n{hub.log_text()}")


def test_a_class_plays_through_the_hub_and_trust_holds(game_hub):
    hub, users, passwords = game_hub
    lecturer = logged_in(hub, users["lecturer"], passwords[users["lecturer"]])
    assert lecturer.open_game("docent").status_code == 200
    status, game = lecturer.api("POST", "api/lecturer/games", {"case_id": "suwi-keten", "chain_size": 3,
                                                               "rounds": 2, "bot_after": 600, "seed": 3})
    assert status == 200, game
    code = game["code"]
    students = {key: logged_in(hub, users[key], passwords[users[key]]) for key in ("a", "b", "c")}
    for key, browser in students.items():
        status, joined = browser.api("POST", "api/join", {"code": code})
        assert status == 200, joined
        assert joined["view"]["me"]["name"] == users[key]  # the hub user, not a name one types
    assert lecturer.api("POST", f"api/lecturer/games/{code}/start")[0] == 200

    a, b, c = students["a"], students["b"], students["c"]
    # impostors: a student at the lecturer's controls; a request without a login; a wrong password
    assert b.api("POST", f"api/lecturer/games/{code}/end_round")[0] == 403
    assert b.api("GET", f"api/lecturer/games/{code}/export")[0] == 403
    stranger = Browser(hub)
    assert stranger.api("GET", f"api/games/{code}/me")[0] in (302, 403)
    assert stranger.open_game().url.startswith(f"{hub.base}/hub/login")
    assert not Browser(hub).login(users["a"], passwords[users["b"]])
    # b moves, naming a's seat: the move is b's own
    status, answer = b.api("POST", f"api/games/{code}/me", {"round": 1, "effort": 4, "share": True, "seat": 0})
    assert status == 200 and answer["view"]["me"]["name"] == users["b"]
    # a and c have not moved: b's move stays private, also in what the WebSocket pushes to a
    _, seen = a.api("GET", f"api/games/{code}/me")
    assert seen["chain"]["history"] == [] and seen["chain"]["waiting"] == 2
    pushed = first_push(hub, a, code)
    assert pushed["type"] == "view" and pushed["view"] == seen
    # a post without the xsrf token is refused by the hub's check, and changes nothing
    a_without = Browser(hub)
    a_without.session.cookies.update(a.session.cookies)
    assert a_without.api("POST", f"api/games/{code}/me", {"round": 1, "effort": 9, "share": True})[0] == 403
    assert a.api("POST", f"api/games/{code}/me", {"round": 1, "effort": 9, "share": True})[0] == 200
    assert c.api("POST", f"api/games/{code}/me", {"round": 1, "effort": 7, "share": False})[0] == 200

    # reconnect: a second login of a is the same player, and a's round-2 move counts once
    a_again = logged_in(hub, users["a"], passwords[users["a"]])
    _, view = a_again.api("GET", f"api/games/{code}/me")
    assert view["me"]["name"] == users["a"] and len(view["chain"]["history"]) == 1
    assert a_again.api("POST", f"api/games/{code}/me", {"round": 2, "effort": 10, "share": True})[0] == 200
    status, answer = a.api("POST", f"api/games/{code}/me", {"round": 2, "effort": 1, "share": True})
    assert (status, answer["key"]) == (409, "duplicate")

    # restart: the service dies mid-round; the hub starts it again on the same store
    before = _service_pid()
    assert before is not None
    psutil.Process(before).kill()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            status, view = b.api("GET", f"api/games/{code}/me")
            if status == 200 and _service_pid() not in (None, before):
                break
        time.sleep(1)
    else:
        raise AssertionError(f"the hub did not restart the game service:\n{hub.log_text()}")
    assert [link["arrived"] for link in view["chain"]["history"][0]["links"]] == [9, 4, 7]
    assert view["chain"]["round"] == 2 and view["chain"]["waiting"] == 2
    assert b.api("POST", f"api/games/{code}/me", {"round": 2, "effort": 6, "share": True})[0] == 200
    assert c.api("POST", f"api/games/{code}/me", {"round": 2, "effort": 6, "share": True})[0] == 200
    _, view = a.api("GET", f"api/games/{code}/me")
    assert view["chain"]["finished"] and [r["links"][0]["intended"] for r in view["chain"]["history"]] == [9, 10]
    status, data = lecturer.api("GET", f"api/lecturer/games/{code}/export")
    assert status == 200 and data["status"] == "ended"
    assert [r["by"] for r in data["chains"][0]["rounds"]] == [["student"] * 3] * 2

"""A real class game server in a subprocess, and an HTTP/WebSocket client for players and the lecturer.

Used by the server tests and by benchmarks/chain_game.py. The server is the
``ketenles game serve`` command on 127.0.0.1 with a free port; clients talk to it
over HTTP and WebSocket exactly as the browser pages do (cookies included).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

LECTURER_TOKEN = "docent-test-token"
AsyncHTTPClient.configure(None, max_clients=200)


class GameServer:
    """``ketenles game serve`` on a free port with the store ``db``; ``start`` again after ``kill``."""

    def __init__(self, db: str, extra_env: dict | None = None):
        self.db = db
        self.env = {**os.environ, **(extra_env or {})}
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 20) -> GameServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ketenles.cli", "game", "serve", "--port", "0", "--db", self.db,
             "--lecturer-token", LECTURER_TOKEN],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if found:
                self.url = found.group(1)
                return self
            if self.process.poll() is not None:
                break
        raise RuntimeError(f"game server did not start: {self.process.stderr.read()}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """A crash: SIGKILL, no clean shutdown."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


class Client:
    """One browser's worth of cookies, with JSON requests and a WebSocket."""

    def __init__(self, url: str):
        self.url = url
        self.cookies: dict[str, str] = {}
        self.http = AsyncHTTPClient()
        self.socket = None
        self.views: asyncio.Queue = asyncio.Queue()
        self.latest: dict | None = None
        self.received: list[tuple[float, dict]] = []

    def _headers(self, json_body: bool) -> dict:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if json_body:
            headers["Content-Type"] = "application/json"
        return headers

    def _keep_cookies(self, response) -> None:
        for header in response.headers.get_list("Set-Cookie"):
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value

    async def call(self, method: str, path: str, body: dict | None = None, raw: bytes | None = None,
                   content_type: str | None = "application/json") -> tuple[int, dict]:
        headers = self._headers(False)
        if content_type:
            headers["Content-Type"] = content_type
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if method == "POST" and data is None:
            data = b"{}"
        request = HTTPRequest(self.url + path, method=method, headers=headers, body=data, follow_redirects=False)
        response = await self.http.fetch(request, raise_error=False)
        self._keep_cookies(response)
        text = response.body.decode() if response.body else ""
        try:
            return response.code, json.loads(text) if text else {}
        except ValueError:
            return response.code, {"html": text}

    async def connect(self, path: str) -> None:
        ws_url = self.url.replace("http://", "ws://") + path
        self.socket = await websocket_connect(HTTPRequest(ws_url, headers=self._headers(False)))
        asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        while True:
            text = await self.socket.read_message()
            if text is None:
                return
            now = time.perf_counter()
            data = json.loads(text)
            self.latest = data["view"]
            self.received.append((now, data["view"]))
            self.views.put_nowait((now, data["view"]))

    def arrived_at(self, number: int) -> float:
        """When the first pushed player view with round ``number`` played arrived (perf_counter)."""
        return next(t for t, v in self.received if v.get("chain") and len(v["chain"]["history"]) >= number)

    def arrived_at_round(self, number: int) -> float:
        return next(t for t, v in self.received if v.get("round") == number)

    async def wait_for(self, check, timeout: float = 20) -> dict:
        """The first pushed view (the latest one included) for which ``check(view)`` is true."""
        if self.latest is not None and check(self.latest):
            return self.latest
        deadline = time.monotonic() + timeout
        while True:
            _, view = await asyncio.wait_for(self.views.get(), max(0.01, deadline - time.monotonic()))
            if check(view):
                return view

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()


class Lecturer(Client):
    async def login(self) -> None:
        status, _ = await self.call("GET", f"docent?token={LECTURER_TOKEN}", content_type=None)
        assert status == 302, status

    async def create(self, **settings) -> dict:
        status, view = await self.call("POST", "api/lecturer/games", settings)
        assert status == 200, view
        return view

    async def act(self, code: str, action: str) -> tuple[int, dict]:
        return await self.call("POST", f"api/lecturer/games/{code}/{action}")

    async def export(self, code: str) -> dict:
        status, data = await self.call("GET", f"api/lecturer/games/{code}/export", content_type=None)
        assert status == 200, data
        return data


class Player(Client):
    code = ""

    async def join(self, code: str, name: str) -> dict:
        status, data = await self.call("POST", "api/join", {"code": code, "name": name})
        assert status == 200, data
        self.code = code
        return data["view"]

    async def view(self) -> tuple[int, dict]:
        return await self.call("GET", f"api/games/{self.code}/me", content_type=None)

    async def move(self, number, effort, share=True, **extra) -> tuple[int, dict]:
        return await self.call("POST", f"api/games/{self.code}/me",
                               {"round": number, "effort": effort, "share": share, **extra})

    async def listen(self) -> None:
        await self.connect(f"api/games/{self.code}/ws")


def run_coroutine(coroutine):
    """``asyncio.run`` in a thread of its own.

    On a pytest-xdist worker that ran a browser test before, the session-wide Playwright
    browser keeps an event loop running in the main thread, where ``asyncio.run`` is refused.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

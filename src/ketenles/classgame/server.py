"""The class game's web server: one tornado process, JSON over HTTP, live updates over WebSocket.

Players open ``/`` (join with the game code), then ``/spel/<code>``; the lecturer
opens ``/docent?token=...`` (the link the server prints) or, as a JupyterHub
service, is a hub admin or a member of the lecturers' group. Every request is
answered from :class:`~ketenles.classgame.game.Registry`; a player is found
from the ``ketenspel_<code>`` cookie (a random token) or, behind the hub, from the
hub user, never from the request body. A refused move is answered with status
409 or 400 and ``{"error": <Dutch message>, "key": <catalogue key>}``: nothing
changed.

Why tornado and not oTree: see the lecturer guide, section *Het ketenspel*.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

import tornado.ioloop
import tornado.web
import tornado.websocket

from ketenles.classgame import views
from ketenles.classgame.game import ClassGame, Registry, describe_error, make_settings
from ketenles.classgame.store import Store
from ketenles.content.cases import load_cases
from ketenles.errors import KetenlesError
from ketenles.i18n import catalogue, get_language, msg
from ketenles.models.chaingame import OPTION_NAMES, Move, MoveError, rules

HERE = Path(__file__).parent
TICK_MS = 500
LECTURER_COOKIE = "ketenspel_docent"


def page_texts() -> dict[str, str]:
    """The Dutch texts the pages' script needs, from the catalogue."""
    prefix = "chaingame.page."
    return {k[len(prefix):]: v for k, v in catalogue(get_language()).items() if k.startswith(prefix)}



# The hub group of lecturers: the class list's lecturers (course/deployment's load_groups)
# and whoever the LMS launched as Instructor (grading/gradebook/lti_roles.py) are in it.
LECTURERS_GROUP = "docenten"


def hub_user_is_lecturer(user: dict | None, names) -> bool:
    """A hub user has the lecturer's page: a hub admin, named as lecturer, or in the lecturers' group."""
    if not user:
        return False
    return bool(user.get("admin") or user.get("name") in set(names)
                or LECTURERS_GROUP in (user.get("groups") or []))

class Hub:
    """Open WebSockets per game: players' per player id, the lecturer's per game."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.players: dict[tuple[str, int], set] = {}
        self.lecturers: dict[str, set] = {}
        self._lecturer_due: set[str] = set()

    def push_chain(self, game: ClassGame, chain: int) -> None:
        for player in game.players:
            if player.chain == chain:
                sockets = self.players.get((game.code, player.id))
                if sockets:
                    text = json.dumps({"type": "view", "view": views.player_view(game, player)})
                    for socket in list(sockets):
                        socket.send(text)

    def push_all(self, game: ClassGame) -> None:
        for number in {p.chain for p in game.players}:
            self.push_chain(game, number)
        self.push_lecturer(game)

    def push_lecturer(self, game: ClassGame) -> None:
        # Coalesced: many moves in one tick give one overview update.
        if game.code in self._lecturer_due or not self.lecturers.get(game.code):
            return
        self._lecturer_due.add(game.code)
        tornado.ioloop.IOLoop.current().call_later(0.05, self._send_lecturer, game)

    def _send_lecturer(self, game: ClassGame) -> None:
        self._lecturer_due.discard(game.code)
        text = json.dumps({"type": "overview", "view": views.lecturer_view(game)})
        for socket in list(self.lecturers.get(game.code, ())):
            socket.send(text)

    def changed(self, game: ClassGame, chains: set[int]) -> None:
        for number in chains:
            self.push_chain(game, number)
        self.push_lecturer(game)


class Base(tornado.web.RequestHandler):
    @property
    def registry(self) -> Registry:
        return self.application.settings["registry"]

    @property
    def hub(self) -> Hub:
        return self.application.settings["hub"]

    @property
    def behind_hub(self) -> bool:
        return self.application.settings.get("hub_auth") is not None

    def hub_user(self) -> dict | None:
        """Behind the hub: the logged-in hub user (HubOAuthenticated checks the service's access scope)."""
        return self.current_user if self.behind_hub else None

    def login_first(self) -> bool:
        """Behind the hub, send a page request without a hub login to the hub's login; True if sent."""
        if self.behind_hub and self.hub_user() is None:
            self.redirect(self.get_login_url())
            return True
        return False

    def is_lecturer(self) -> bool:
        if self.behind_hub:
            return hub_user_is_lecturer(self.hub_user(), self.application.settings["lecturer_names"])
        token = self.application.settings["lecturer_token"]
        given = self.get_cookie(LECTURER_COOKIE) or ""
        return secrets.compare_digest(given.encode(), token.encode())

    def player(self, game: ClassGame):
        if self.behind_hub:
            user = self.hub_user()
            return game.player_by_identity(user["name"]) if user else None
        return game.player_by_token(self.get_cookie(f"ketenspel_{game.code}"))

    def body(self) -> dict:
        # JSON only: a form on another site cannot send it without the browser asking first
        if not self.request.headers.get("Content-Type", "").startswith("application/json"):
            raise MoveError("bad_request")
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise MoveError("bad_request") from None
        if not isinstance(data, dict):
            raise MoveError("bad_request")
        return data

    def refuse(self, error: Exception, status: int = 409) -> None:
        key, text = describe_error(error)
        self.set_status(status)
        self.finish({"error": text, "key": key})

    def require_lecturer(self) -> bool:
        if self.is_lecturer():
            return True
        self.refuse(MoveError("lecturer_only"), 403)
        return False

    def render_page(self, template: str, **values) -> None:
        # Behind the hub every POST carries the hub's xsrf token (cookie-authenticated requests need it).
        token = self.xsrf_token if self.behind_hub else b""
        xsrf = token.decode() if isinstance(token, bytes) else token
        self.render(template, msg=msg, texts=json.dumps(page_texts()), base=self.application.settings["base"],
                    xsrf=xsrf, **values)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish({"error": msg("chaingame.error.bad_request"), "key": "bad_request"})


class JoinPage(Base):
    def get(self):
        if self.login_first():
            return
        self.render_page("join.html", code=self.get_argument("code", ""), hub=self.hub_user())


class PlayerPage(Base):
    def get(self, code):
        if self.login_first():
            return
        game = self.registry.games.get(code)
        if game is None or self.player(game) is None:
            self.redirect(f"{self.application.settings['base']}?code={code}")
            return
        self.render_page("player.html", code=code)


class Join(Base):
    def post(self):
        try:
            data = self.body()
            game = self.registry.get(str(data.get("code", "")).strip().upper())
            user = self.hub_user()
            name = user["name"] if user and not data.get("name") else data.get("name")
            player, token = self.registry.join(game, name, user["name"] if user else None)
        except KetenlesError as error:
            self.refuse(error, 400)
            return
        if token is not None:
            self.set_cookie(f"ketenspel_{game.code}", token, httponly=True, samesite="Strict",
                            path=self.application.settings["base"], expires_days=2)
        self.hub.push_lecturer(game)
        self.finish({"code": game.code, "view": views.player_view(game, player)})


class PlayerApi(Base):
    def find(self, code):
        game = self.registry.get(code)
        player = self.player(game)
        if player is None:
            raise MoveError("no_player")
        return game, player

    def get(self, code):
        try:
            game, player = self.find(code)
        except KetenlesError as error:
            self.refuse(error, 403)
            return
        self.finish(views.player_view(game, player))

    def post(self, code):
        try:
            game, player = self.find(code)
        except KetenlesError as error:
            self.refuse(error, 403)
            return
        try:
            data = self.body()
            move = Move(data.get("effort"), data.get("share"), data.get("norm"), data.get("message"))
            played = self.registry.move(game, player, data.get("round"), move)
        except KetenlesError as error:
            self.refuse(error, 409 if isinstance(error, MoveError) and error.key in ("late", "duplicate", "paused",
                                                                                      "not_started", "game_over")
                        else 400)
            return
        self.hub.changed(game, played | {player.chain})
        self.finish({"ok": True, "view": views.player_view(game, player)})


class _Socket(tornado.websocket.WebSocketHandler, Base):
    """A page's live connection: one of the hub's sets of listeners while it is open."""

    listeners: set | None = None

    def subscribe(self, listeners: set, first: dict) -> None:
        self.listeners = listeners
        listeners.add(self)
        self.send(json.dumps(first))

    def send(self, text: str) -> None:
        try:
            self.write_message(text)
        except tornado.websocket.WebSocketClosedError:
            self.on_close()

    def on_close(self):
        if self.listeners is not None:
            self.listeners.discard(self)


class PlayerSocket(_Socket):
    def open(self, code):
        game = self.registry.games.get(code)
        player = self.player(game) if game else None
        if player is None:
            self.close(4403, "no player")
            return
        self.subscribe(self.hub.players.setdefault((code, player.id), set()),
                       {"type": "view", "view": views.player_view(game, player)})


class LecturerPage(Base):
    def get(self):
        if self.login_first():
            return
        token = self.get_argument("token", None)
        standalone = not self.behind_hub
        if token is not None and standalone and secrets.compare_digest(
                token.encode(), self.application.settings["lecturer_token"].encode()):
            self.set_cookie(LECTURER_COOKIE, token, httponly=True, samesite="Strict",
                            path=self.application.settings["base"])
            self.redirect(f"{self.application.settings['base']}docent")
            return
        if not self.is_lecturer():
            self.set_status(403)
            self.render_page("message.html", text=msg("chaingame.error.lecturer_only"))
            return
        cases = [{"id": c.id, "name": c.name, "size": min(rules.MAX_LINKS, len(c.partners))} for c in load_cases()
                 if len(c.partners) >= rules.MIN_LINKS]
        self.render_page("lecturer.html", cases=cases, option_names=OPTION_NAMES)


class LecturerGames(Base):
    def get(self):
        if self.require_lecturer():
            self.finish({"games": [views.lecturer_view(g) for g in self.registry.games.values()]})

    def post(self):
        if not self.require_lecturer():
            return
        try:
            data = self.body()
            settings = make_settings(data.get("case_id"), data.get("chain_size", 3), data.get("rounds", 6),
                                     data.get("options", ()), data.get("bot_after", 90), data.get("seed"))
        except KetenlesError as error:
            self.refuse(error, 400)
            return
        game = self.registry.create(settings)
        self.finish(views.lecturer_view(game))


class LecturerGame(Base):
    ACTIONS = ("start", "pause", "resume", "end_round", "end")

    def _lecturers_game(self, code):
        """The game ``code`` for a lecturer; None once the request was refused (not a lecturer, no game)."""
        if not self.require_lecturer():
            return None
        try:
            return self.registry.get(code)
        except KetenlesError as error:
            self.refuse(error, 404)
            return None

    def get(self, code, action=None):
        game = self._lecturers_game(code)
        if game is None:
            return
        if action == "export":
            self.set_header("Content-Disposition", f'attachment; filename="ketenspel-{code}.json"')
            self.finish(views.export(game))
        else:
            self.finish(views.lecturer_view(game))

    def post(self, code, action=None):
        game = self._lecturers_game(code)
        if game is None:
            return
        if action not in self.ACTIONS:
            self.refuse(MoveError("bad_request"), 400)
            return
        getattr(self.registry, action)(game)
        self.hub.push_all(game)
        self.finish(views.lecturer_view(game))


class LecturerSocket(_Socket):
    def open(self, code):
        game = self.registry.games.get(code)
        if game is None or not self.is_lecturer():
            self.close(4403, "lecturer only")
            return
        self.subscribe(self.hub.lecturers.setdefault(code, set()),
                       {"type": "overview", "view": views.lecturer_view(game)})


def _cookie_secret(hub_auth) -> str:
    """Behind the hub the login cookie is signed: with a secret derived from the service's hub token, so a
    service the hub restarts still knows its users; standalone no signed cookie is used."""
    if hub_auth is None:
        return secrets.token_hex(32)
    return hashlib.sha256(f"ketenspel:{hub_auth.api_token}".encode()).hexdigest()


def make_app(store_url: str, lecturer_token: str | None = None, base: str = "/", hub_auth=None,
             lecturer_names=()) -> tornado.web.Application:
    """The web application; ``hub_auth`` is a jupyterhub HubOAuth when it runs as a hub service.

    Behind the hub a user is a lecturer when a hub admin, named in ``lecturer_names`` or in the
    lecturers' group (an LMS Instructor launch puts them there).
    """
    registry = Registry(Store(store_url))
    hub = Hub(registry)
    base = base if base.endswith("/") else base + "/"
    routes = [
        (rf"{base}", JoinPage),
        (rf"{base}spel/([A-Z0-9]+)", PlayerPage),
        (rf"{base}api/join", Join),
        (rf"{base}api/games/([A-Z0-9]+)/me", PlayerApi),
        (rf"{base}api/games/([A-Z0-9]+)/ws", PlayerSocket),
        (rf"{base}docent", LecturerPage),
        (rf"{base}api/lecturer/games", LecturerGames),
        (rf"{base}api/lecturer/games/([A-Z0-9]+)/ws", LecturerSocket),
        (rf"{base}api/lecturer/games/([A-Z0-9]+)", LecturerGame),
        (rf"{base}api/lecturer/games/([A-Z0-9]+)/(\w+)", LecturerGame),
    ]
    if hub_auth is not None:
        from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated

        # Every handler learns the hub user the way jupyterhub's own services do.
        routes = [(path, type(handler.__name__, (HubOAuthenticated, handler), {"_hub_auth": hub_auth}))
                  for path, handler in routes]
        routes.append((rf"{base}oauth_callback",
                       type("OAuthCallback", (HubOAuthCallbackHandler,), {"_hub_auth": hub_auth})))
    app = tornado.web.Application(
        routes, registry=registry, hub=hub, base=base, hub_auth=hub_auth,
        lecturer_token=lecturer_token or secrets.token_urlsafe(18), lecturer_names=tuple(lecturer_names),
        template_path=str(HERE / "templates"), static_path=str(HERE / "static"),
        static_url_prefix=f"{base}static/", cookie_secret=_cookie_secret(hub_auth), xsrf_cookies=False,
    )

    def tick():
        for code, played in registry.tick().items():
            hub.changed(registry.games[code], played)

    app.ticker = tornado.ioloop.PeriodicCallback(tick, TICK_MS)
    return app

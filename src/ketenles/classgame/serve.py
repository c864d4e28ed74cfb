"""Start the class game server: standalone on a laptop, or as a JupyterHub service.

Standalone it listens on 127.0.0.1 (or ``--host``) and prints the players' and
the lecturer's links; the store is a SQLite file unless ``--db`` gives another
SQLAlchemy URL. As a hub service (``--hub``) it reads the address, prefix and
OAuth client from the ``JUPYTERHUB_*`` variables the hub sets, and every page
requires the hub's login.
"""

from __future__ import annotations

import asyncio
import os
import signal
from urllib.parse import urlparse

from ketenles.classgame.server import make_app
from ketenles.i18n import msg

DEFAULT_DB = "sqlite:///ketenspel.sqlite"


def hub_settings() -> dict:
    """Address, prefix and login of a JupyterHub service, from the variables the hub sets."""
    from jupyterhub.services.auth import HubOAuth

    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    # The singleton: jupyterhub's own handlers (the OAuth callback) use the same instance.
    auth = HubOAuth.instance(api_token=os.environ["JUPYTERHUB_API_TOKEN"], cache_max_age=60)
    return {"host": url.hostname, "port": url.port, "base": prefix, "hub_auth": auth}


async def _serve(host: str, port: int, db: str, lecturer_token: str | None, base: str, hub: bool,
                 lecturers: tuple[str, ...], ready=print) -> None:
    hub_auth = None
    if hub:
        found = hub_settings()
        host, port, base, hub_auth = found["host"], found["port"], found["base"], found["hub_auth"]
    app = make_app(db, lecturer_token, base, hub_auth, lecturers)
    server = app.listen(port, host, xheaders=hub)
    port = next(iter(server._sockets.values())).getsockname()[1]
    app.ticker.start()
    root = f"http://{host}:{port}{app.settings['base']}"
    if hub:
        ready(msg("chaingame.serve.hub", url=root))
    else:
        lecturer = f"{root}docent?token={app.settings['lecturer_token']}"
        ready(msg("chaingame.serve.ready", players=root, lecturer=lecturer, db=db))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    app.ticker.stop()
    server.stop()
    app.settings["registry"].store.close()


def serve(host: str = "127.0.0.1", port: int = 8765, db: str = DEFAULT_DB, lecturer_token: str | None = None,
          base: str = "/", hub: bool = False, lecturers: tuple[str, ...] = ()) -> None:
    """Run the server until Ctrl-C or SIGTERM.

    ``lecturers``: hub user names with the lecturer's page (behind the hub; hub admins always);
    by default the names in ``KETENLES_LECTURERS``, as the course's hub configuration sets them.
    """
    if not lecturers:
        lecturers = tuple(n.strip() for n in os.environ.get("KETENLES_LECTURERS", "").split(",") if n.strip())
    asyncio.run(_serve(host, port, db, lecturer_token or os.environ.get("KETENSPEL_DOCENT_TOKEN"), base, hub,
                       lecturers, ready=lambda text: print(text, flush=True)))

"""JupyterHub for one ketenles class: lecturers and students as hub users.

Read course/deployment/README.md first. Everything a lecturer changes is an
environment variable, so this file stays as it is in the repository:

  KETENLES_LECTURERS   comma-separated user names of lecturers (default "docent")
  KETENLES_STUDENTS    comma-separated user names of students, or
  KETENLES_CLASS_FILE  a text file with one student user name a line
  KETENLES_EXCHANGE    the shared nbgrader exchange (default /srv/nbgrader/exchange)
  KETENLES_HUB_URL     where the hub listens (default http://:8000; put HTTPS in front)
  KETENLES_HUB_AUTH    "pam" (default: Linux accounts) or "trial" (see below)
  KETENLES_HUB_HOMES   trial mode only: the folder with one home folder per user
  KETENLES_GAME_DB     switches the class chain game on as a hub service at /services/ketenspel/:
                       its store as a SQLAlchemy URL (sqlite:////srv/ketenles/ketenspel.sqlite,
                       or postgresql://... where the hub has a database server)
  KETENLES_GAME_PORT   the port the game service listens on, on 127.0.0.1 (default 8770)
  KETENLES_UITWERKINGEN  the folder of worked solutions a lecturer opened (default
                       /srv/ketenles/uitwerkingen): closed until `ketenles uitwerkingen-openen`

Login from the LMS (LTI 1.3, README "Inloggen via de leeromgeving"): set KETENLES_LTI_ISSUER
and the hub logs people in through jupyterhub-ltiauthenticator instead (the spawner still
follows KETENLES_HUB_AUTH). An LMS Instructor, TA or course Administrator becomes a lecturer
at that launch; the class list's lecturers always are (ketenles.grading.gradebook.lti_roles):

  KETENLES_LTI_ISSUER         the platform's issuer
  KETENLES_LTI_AUTHORIZE_URL  its OIDC authorization endpoint
  KETENLES_LTI_JWKS_URL       its public keys (JWKS)
  KETENLES_LTI_CLIENT_ID      the client id the platform gave this tool
  KETENLES_LTI_USERNAME_KEY   the claim that becomes the hub name (default custom_studentnummer)
  KETENLES_LTI_SCHEME         auto (default: as the request came in), https, or http
  KETENLES_ROLE_LOG           file that gets one JSON line per role change (default
                              /srv/ketenles/rollen.jsonl; the hub log has them too)

Trial mode (KETENLES_HUB_AUTH=trial) is for a dry run on one's own machine and for
the test suite: any password is accepted and every user's server runs as the
hub's own account with its own HOME. Never use it on a server others can reach.
"""

import os
import sys
from pathlib import Path

from ketenles.grading.gradebook.lti_roles import is_lecturer, make_post_auth_hook

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.replace("\n", ",").split(",") if name.strip()]


lecturers = _names(os.environ.get("KETENLES_LECTURERS", "docent"))
students = _names(os.environ.get("KETENLES_STUDENTS", ""))
class_file = os.environ.get("KETENLES_CLASS_FILE")
if class_file:
    students += _names(Path(class_file).read_text(encoding="utf-8"))
exchange = os.environ.get("KETENLES_EXCHANGE", "/srv/nbgrader/exchange")
# A class hub hands out no worked solution until a lecturer opens it after the deadline.
opened_solutions = os.environ.get("KETENLES_UITWERKINGEN", "/srv/ketenles/uitwerkingen")
if not os.path.isabs(opened_solutions):
    raise ValueError(f"KETENLES_UITWERKINGEN moet op de hub een absolute map zijn, niet {opened_solutions!r}")
mode = os.environ.get("KETENLES_HUB_AUTH", "pam")

lti_issuer = os.environ.get("KETENLES_LTI_ISSUER")

c.JupyterHub.bind_url = os.environ.get("KETENLES_HUB_URL", "http://:8000")
# Only the class gets in; lecturers are not hub admins (they do not need to
# open students' servers: work arrives through the exchange). With the LMS login and
# no student list, the LMS course is the class: whoever it launches gets in.
if students or not lti_issuer:
    c.Authenticator.allowed_users = set(lecturers) | set(students)
else:
    c.Authenticator.allow_all = True
if not lti_issuer:
    c.JupyterHub.load_groups = {
        "docenten": {"users": lecturers},
        "studenten": {"users": students},
    }

# Every server opens in JupyterLab. The nbgrader config in ./jupyter tells each
# user's nbgrader where the exchange is and who they are (see that file).
c.Spawner.default_url = "/lab"


def _config_path(spawner) -> str:
    """Lecturers get ./jupyter-docent first: it switches the Formgrader and Create Assignment on.

    The shared environment's own page_config.json (written by scripts/setup.sh)
    hides those tools, and it outranks a user's ~/.jupyter, so a lecturer's role
    has to come from a folder on JUPYTER_CONFIG_PATH, which outranks both.
    """
    folders = [HERE / "jupyter"]
    if is_lecturer(spawner.user, lecturers):
        folders.insert(0, HERE / "jupyter-docent")
    return os.pathsep.join(str(folder) for folder in folders)


def _lecturer_names(spawner) -> str:
    """The class list's lecturers, plus this user when the LMS made them one (nbgrader's config reads it)."""
    names = set(lecturers) | ({spawner.user.name} if is_lecturer(spawner.user, lecturers) else set())
    return ",".join(sorted(names))


c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": _config_path,
    "KETENLES_LECTURERS": _lecturer_names,
    "KETENLES_EXCHANGE": exchange,
    "KETENLES_UITWERKINGEN": opened_solutions,
}
# About 2 GB per user is what one lesson with its kernel needs with room to spare
# (benchmarks/binder_memory.py); spawners that enforce limits use these.
c.Spawner.mem_limit = "2G"
c.Spawner.cpu_limit = 1.0
# A forgotten server is stopped after an hour without use (needs the
# jupyterhub-idle-culler package; left out when it is not installed).
try:
    import jupyterhub_idle_culler  # noqa: F401
except ImportError:
    pass
else:
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler", "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }]

# The class chain game (`ketenles game serve --hub`): one process the hub starts and
# restarts, behind the hub's login; lecturers (and hub admins) get its lecturer page.
game_db = os.environ.get("KETENLES_GAME_DB")
if game_db:
    c.JupyterHub.services.append({
        "name": "ketenspel",
        "url": f"http://127.0.0.1:{int(os.environ.get('KETENLES_GAME_PORT', '8770'))}",
        "command": [sys.executable, "-m", "ketenles.cli", "game", "serve", "--hub", "--db", game_db],
        "environment": {"KETENLES_LECTURERS": ",".join(lecturers)},
        "oauth_no_confirm": True,
        "display": True,
    })
    c.JupyterHub.load_roles.append({
        "name": "ketenspel-spelers", "groups": ["docenten", "studenten"],
        "scopes": ["access:services!service=ketenspel"],
    })

if mode == "trial":
    c.JupyterHub.authenticator_class = "dummy"
    c.JupyterHub.spawner_class = "simple"
    homes = Path(os.environ.get("KETENLES_HUB_HOMES", "/tmp/ketenles-hub-homes"))
    c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        c.Spawner.args = ["--allow-root"]
elif mode == "pam":
    # Each user is a Linux account; the hub runs as root and starts each server
    # as that user, so the exchange must be writable for all (chmod 1777).
    c.JupyterHub.authenticator_class = "pam"
    c.JupyterHub.spawner_class = "localprocess"
else:
    raise ValueError(f"KETENLES_HUB_AUTH moet 'pam' of 'trial' zijn, niet {mode!r}")

if lti_issuer:
    # Groups follow each launch (lti_roles.py): no load_groups, the hook sets them.
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    c.LTI13Authenticator.issuer = lti_issuer
    c.LTI13Authenticator.authorize_url = os.environ["KETENLES_LTI_AUTHORIZE_URL"]
    c.LTI13Authenticator.jwks_endpoint = os.environ["KETENLES_LTI_JWKS_URL"]
    c.LTI13Authenticator.client_id = [os.environ["KETENLES_LTI_CLIENT_ID"]]
    c.LTI13Authenticator.username_key = os.environ.get("KETENLES_LTI_USERNAME_KEY", "custom_studentnummer")
    c.LTI13Authenticator.uri_scheme = os.environ.get("KETENLES_LTI_SCHEME", "auto")
    c.Authenticator.manage_groups = True
    c.Authenticator.post_auth_hook = make_post_auth_hook(
        lecturers, os.environ.get("KETENLES_ROLE_LOG", "/srv/ketenles/rollen.jsonl"))

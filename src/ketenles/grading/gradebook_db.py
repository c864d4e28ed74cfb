"""Which gradebook database a course uses, and one way to read it.

nbgrader keeps its gradebook wherever ``CourseDirectory.db_url`` points: by
default ``sqlite:///<course>/gradebook.db`` (right for one lecturer), or a
PostgreSQL server for a large class with several graders (nbgrader's FAQ
advises against SQLite when several people grade at once). The export, the
report and the gradebook check read the gradebook with plain SQL through
SQLAlchemy (nbgrader's own dependency), so they work on both.

``where`` is a course folder (its ``nbgrader_config.py`` decides), a SQLite
file, or a database URL:

>>> gradebook_url("postgresql://docent@127.0.0.1:5432/gradebook")
'postgresql://docent@127.0.0.1:5432/gradebook'
>>> gradebook_url("/tmp/no-such-course/gradebook.db")
'sqlite:////tmp/no-such-course/gradebook.db'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool


def _configured_url(root: Path) -> str | None:
    """``CourseDirectory.db_url`` as the course's nbgrader_config.py sets it, if it does."""
    config_file = root / "nbgrader_config.py"
    if not config_file.is_file():
        return None
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    url = config.CourseDirectory.get("db_url")
    return str(url) if url else None


def gradebook_url(where: str | Path) -> str:
    """The SQLAlchemy URL of the gradebook of ``where`` (course folder, SQLite file or URL)."""
    text = str(where)
    if "://" in text:
        return text
    path = Path(where).expanduser().resolve()
    if path.is_dir():
        return _configured_url(path) or f"sqlite:///{path / 'gradebook.db'}"
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1].split("?", 1)[0])


def exists(url: str) -> bool:
    """False only for a SQLite gradebook whose file is missing (a server is asked when read)."""
    return not is_sqlite(url) or sqlite_path(url).is_file()


@contextlib.contextmanager
def connect(where: str | Path) -> Iterator[Connection]:
    """A read connection to the gradebook; SQLite is opened read-only, so a check never creates one."""
    url = gradebook_url(where)
    if is_sqlite(url):
        url = f"sqlite:///file:{sqlite_path(url)}?mode=ro&uri=true"
    # One short-lived connection: a report must never hold a server's connection slots
    # (nbgrader issue 560: "too many clients" on large runs).
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def course_db_env(url: str | None) -> dict[str, str]:
    """Environment that points a course's nbgrader_config.py at ``url`` (see KETENLES_DB_URL there)."""
    env = dict(os.environ)
    if url:
        env["KETENLES_DB_URL"] = url
    return env

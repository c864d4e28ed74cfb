"""The language of the JupyterLab interface itself (menus, dialogs, status bar).

The course text is Dutch through the message catalogue; this module makes the
surrounding JupyterLab Dutch too, with the language pack
``jupyterlab-language-pack-nl-NL``. It writes a settings *override*: the
default a student starts with, which the Settings menu can still change. The
file lives in ``<prefix>/share/jupyter/lab/settings/overrides.d/`` so it never
clobbers an administrator's own ``overrides.json``.

>>> import json, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = write_override("nl", folder)
>>> json.loads(path.read_text())[PLUGIN]
{'locale': 'nl_NL'}

From a shell (``KETENLES_UI_LANG=en`` switches back to English)::

    python -m ketenles.notebook.ui_language            # Dutch (default)
    KETENLES_UI_LANG=en python -m ketenles.notebook.ui_language
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

PLUGIN = "@jupyterlab/translation-extension:plugin"
LOCALES = {"nl": "nl_NL", "en": "en"}
ENV_VAR = "KETENLES_UI_LANG"
OVERRIDE_NAME = "ketenles-ui-language.json"


def default_settings_dir() -> Path:
    """JupyterLab's application settings folder of the running Python environment."""
    return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def chosen_language(environ: dict[str, str] | None = None) -> str:
    """The interface language asked for with ``KETENLES_UI_LANG`` (default ``nl``)."""
    value = (environ if environ is not None else os.environ).get(ENV_VAR, "nl").strip().lower() or "nl"
    if value not in LOCALES:
        raise ArgumentError(ENV_VAR, value, msg("ui_language.expect.language"))
    return value


def write_override(language: str = "nl", settings_dir: str | Path | None = None) -> Path:
    """Make ``language`` ("nl" or "en") the interface language JupyterLab starts in.

    Returns the path of the override file written.
    """
    if not isinstance(language, str) or language not in LOCALES:
        raise ArgumentError("language", language, msg("ui_language.expect.language"))
    if settings_dir is not None and not isinstance(settings_dir, (str, Path)):
        raise ArgumentError("settings_dir", settings_dir, msg("ui_language.expect.settings_dir"))
    folder = Path(settings_dir) if settings_dir is not None else default_settings_dir()
    path = folder / "overrides.d" / OVERRIDE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({PLUGIN: {"locale": LOCALES[language]}}, indent=2) + "\n",
                    encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        language = args[0] if args else chosen_language()
        path = write_override(language, args[1] if len(args) > 1 else None)
    except ArgumentError as error:
        print(f"{msg('errors.heading')}: {error}", file=sys.stderr)
        return 2
    print(msg("ui_language.done", language=language, path=str(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

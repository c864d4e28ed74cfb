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

The language pack translates only part of JupyterLab 4 (about 370 of 1600
strings; "Run All Cells" and the restart dialog stay English). The course's
own translations of every menu item and dialog a student uses are in
``ui_translations/nl_NL/<domain>.json`` and are merged into the installed language
pack by :func:`install_translations`. Why merge into the pack's files instead
of shipping them apart: JupyterLab's route for extra translations (a
``jupyterlab.locale`` entry point) merges a package's strings into the
``jupyterlab`` domain only when both declare a version that ``packaging``
can parse, and the Dutch pack declares ``"version": "jupyterlab"``; menu titles
from settings schemas are translated on the server from the pack's ``.mo``
file, which no entry point can extend. The pack's own files are kept as
``*.orig``, so running it again (or after an upgrade of the pack) starts from
the pack's text.

From a shell (``KETENLES_UI_LANG=en`` switches back to English)::

    python -m ketenles.labsetup.ui_language            # Dutch (default)
    KETENLES_UI_LANG=en python -m ketenles.labsetup.ui_language
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

PLUGIN = "@jupyterlab/translation-extension:plugin"
# JupyterLab asks every new user, in English, whether to fetch Jupyter's news
# feed. A student should meet only the course: never asked, no request out.
NOTIFICATIONS = "@jupyterlab/apputils-extension:notification"
NO_NEWS = {"fetchNews": "false", "checkForUpdates": False}
LOCALES = {"nl": "nl_NL", "en": "en"}
ENV_VAR = "KETENLES_UI_LANG"
OVERRIDE_NAME = "ketenles-ui-language.json"
PACK_MODULE = "jupyterlab_language_pack_{locale}"
OWN_TRANSLATIONS = Path(__file__).resolve().parent / "ui_translations"


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

    The same file turns off JupyterLab's question about its news feed
    (:data:`NO_NEWS`). Returns the path of the override file written.
    """
    if not isinstance(language, str) or language not in LOCALES:
        raise ArgumentError("language", language, msg("ui_language.expect.language"))
    if settings_dir is not None and not isinstance(settings_dir, (str, Path)):
        raise ArgumentError("settings_dir", settings_dir, msg("ui_language.expect.settings_dir"))
    folder = Path(settings_dir) if settings_dir is not None else default_settings_dir()
    path = folder / "overrides.d" / OVERRIDE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({PLUGIN: {"locale": LOCALES[language]}, NOTIFICATIONS: NO_NEWS}, indent=2) + "\n",
                    encoding="utf-8")
    return path


def course_translations(locale: str = "nl_NL", domain: str = "jupyterlab") -> dict[str, list[str]]:
    """The course's own translations: ``{msgid: [translation, (plural)]}``, ``context\x04msgid`` keys."""
    path = OWN_TRANSLATIONS / locale / f"{domain}.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {key: value if isinstance(value, list) else [value] for key, value in data.items()}


def course_domains(locale: str = "nl_NL") -> list[str]:
    return sorted(p.stem for p in (OWN_TRANSLATIONS / locale).glob("*.json"))


def pack_messages_dir(locale: str = "nl_NL") -> Path | None:
    """The installed language pack's ``LC_MESSAGES`` folder, or None without the pack."""
    import importlib.util

    spec = importlib.util.find_spec(PACK_MODULE.format(locale=locale))
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "locale" / locale / "LC_MESSAGES"


def _original(path: Path) -> Path:
    """The pack's own file, saved once before the first merge."""
    original = path.with_name(path.name + ".orig")
    if not original.exists():
        original.write_bytes(path.read_bytes())
    return original


def _merge_mo(mo: Path, translations: dict[str, list[str]]) -> None:
    from babel.messages.catalog import Message
    from babel.messages.mofile import read_mo, write_mo

    with open(_original(mo), "rb") as handle:
        catalog = read_mo(handle)
    for key, strings in translations.items():
        context, _, msgid = key.rpartition("\x04")
        context = context or None
        if len(strings) > 1:
            message = Message((msgid, msgid), tuple(strings), context=context)
        else:
            message = Message(msgid, strings[0], context=context)
        # babel keeps an existing entry's text on assignment: remove it first.
        catalog.delete(msgid, context=context)
        catalog[msgid] = message
    with open(mo, "wb") as handle:
        write_mo(handle, catalog)


def install_translations(locale: str = "nl_NL", messages_dir: str | Path | None = None) -> list[Path]:
    """Merge the course's translations into the language pack; return the files written.

    Changes nothing (and returns ``[]``) when the pack is not installed.
    """
    folder = Path(messages_dir) if messages_dir is not None else pack_messages_dir(locale)
    written = []
    for domain in course_domains(locale):
        target = folder / f"{domain}.json" if folder is not None else None
        if target is None or not target.is_file():
            continue
        translations = course_translations(locale, domain)
        merged = json.loads(_original(target).read_text(encoding="utf-8"))
        merged.update(translations)
        target.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(target)
        if (folder / f"{domain}.mo").is_file():
            _merge_mo(folder / f"{domain}.mo", translations)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        language = args[0] if args else chosen_language()
        path = write_override(language, args[1] if len(args) > 1 else None)
        if len(args) <= 1:
            install_translations()
    except ArgumentError as error:
        print(f"{msg('errors.heading')}: {error}", file=sys.stderr)
        return 2
    print(msg("ui_language.done", language=language, path=str(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

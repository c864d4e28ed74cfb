"""Self-learner progress: which exercises are done, kept in a local JSON file.

The file lives at ``~/.ketenles/progress.json`` unless the environment variable
``KETENLES_PROGRESS`` or the ``path`` argument says otherwise. Every write goes
to a temporary file in the same folder, is flushed to disk and then replaces the
old file in one step, so a crash mid-write leaves the previous file intact. A
file that cannot be read is renamed aside (with a timestamp) and reported with a
Dutch warning; it is never overwritten.

The file is re-read before every change, so two open notebooks do not undo each
other's progress in the usual case (one change at a time).

>>> import pathlib, tempfile
>>> store = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "voortgang.json")
>>> store.register("01-wat-is-een-keten", ["sprekers", "doel"])
>>> store.mark_done("01-wat-is-een-keten", "sprekers")
True
>>> store.overview()
{'01-wat-is-een-keten': (1, 2)}
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

from ketenles.errors import ArgumentError, KetenlesError
from ketenles.i18n import msg

ENV_VAR = "KETENLES_PROGRESS"
FORMAT_VERSION = 1
LESSON_ID = re.compile(r"^[0-9a-z][0-9a-z_-]{0,79}$")
EXERCISE_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,79}$")


class ProgressWarning(UserWarning):
    """The progress file was damaged and has been set aside."""


class ProgressError(KetenlesError):
    """The progress file could not be read or written (disk full, no rights)."""


def default_path() -> Path:
    """``$KETENLES_PROGRESS`` if set, else ``~/.ketenles/progress.json``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".ketenles" / "progress.json"


def check_lesson_id(lesson_id: object, argument: str = "lesson_id") -> str:
    if not isinstance(lesson_id, str) or not LESSON_ID.match(lesson_id):
        raise ArgumentError(argument, lesson_id, msg("progress.expect.lesson_id"))
    return lesson_id


def check_exercise_id(exercise_id: object, argument: str = "exercise_id") -> str:
    if not isinstance(exercise_id, str) or not EXERCISE_ID.match(exercise_id):
        raise ArgumentError(argument, exercise_id, msg("progress.expect.exercise_id"))
    return exercise_id


def _check_exercise_list(exercise_ids: object, argument: str) -> list[str]:
    if isinstance(exercise_ids, str) or not isinstance(exercise_ids, Iterable):
        raise ArgumentError(argument, exercise_ids, msg("progress.expect.exercise_list"))
    ids = [check_exercise_id(e, f"{argument}[{i}]") for i, e in enumerate(exercise_ids)]
    if len(set(ids)) != len(ids):
        double = next(e for e in ids if ids.count(e) > 1)
        raise ArgumentError(argument, double, msg("progress.expect.unique"))
    return ids


def _empty_state() -> dict:
    return {"version": FORMAT_VERSION, "lessons": {}}


def _salvage(data: object) -> tuple[dict, bool]:
    """The valid part of a parsed file, and whether anything had to be left out."""
    state = _empty_state()
    if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
        return state, True
    damaged = data.get("version") != FORMAT_VERSION
    for lesson, entry in data["lessons"].items():
        if not isinstance(lesson, str) or not LESSON_ID.match(lesson) or not isinstance(entry, dict):
            damaged = True
            continue
        done = entry.get("done", {})
        exercises = entry.get("exercises", [])
        if not isinstance(done, dict) or not isinstance(exercises, list):
            damaged = True
            continue
        clean_done = {k: v for k, v in done.items()
                      if isinstance(k, str) and EXERCISE_ID.match(k) and isinstance(v, str)}
        clean_ex = [e for e in exercises if isinstance(e, str) and EXERCISE_ID.match(e)]
        damaged |= len(clean_done) != len(done) or len(clean_ex) != len(exercises)
        state["lessons"][lesson] = {"done": clean_done, "exercises": clean_ex}
        reflections = entry.get("reflections", {})
        if not isinstance(reflections, dict):
            damaged, reflections = True, {}
        clean_ref = {k: v for k, v in reflections.items()
                     if isinstance(k, str) and EXERCISE_ID.match(k) and isinstance(v, dict)
                     and isinstance(v.get("text"), str) and isinstance(v.get("saved"), str)}
        damaged |= len(clean_ref) != len(reflections)
        if clean_ref:
            state["lessons"][lesson]["reflections"] = clean_ref
        if isinstance(entry.get("title"), str):
            state["lessons"][lesson]["title"] = entry["title"]
    return state, damaged


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ProgressStore:
    """Done exercises per lesson, in one JSON file.

    ``path``: the file; default :func:`default_path`.
    ``registry``: optional ``{lesson_id: [exercise_id, ...]}`` known in advance;
    lessons can also :meth:`register` their exercises (that list is saved too, so
    an overview in a later lesson still knows the totals).
    """

    def __init__(self, path: str | os.PathLike | None = None,
                 registry: Mapping[str, Iterable[str]] | None = None):
        if path is not None and not isinstance(path, (str, os.PathLike)):
            raise ArgumentError("path", path, msg("progress.expect.path"))
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.warnings: list[str] = []
        self._registry: dict[str, list[str]] = {}
        if registry is not None:
            if not isinstance(registry, Mapping):
                raise ArgumentError("registry", registry, msg("progress.expect.registry"))
            for lesson, ids in registry.items():
                check_lesson_id(lesson, "registry")
                self._registry[lesson] = _check_exercise_list(ids, f"registry['{lesson}']")

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    # -- reading and writing -------------------------------------------------
    def _load(self) -> dict:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty_state()
        except OSError as exc:
            raise ProgressError(msg("progress.error.read", path=self.path, reason=exc)) from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = None
        state, damaged = _salvage(data)
        if damaged:
            backup = self._set_aside()
            kept = sum(len(e["done"]) for e in state["lessons"].values())
            note = msg("progress.warning.corrupt", path=self.path, backup=backup, kept=kept)
            self.warnings.append(note)
            warnings.warn(note, ProgressWarning, stacklevel=3)
            if state["lessons"]:
                # Keep what could be read; the original stays next to it.
                self._write(state)
        return state

    def _set_aside(self) -> Path:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.kapot-{stamp}{self.path.suffix}")
        counter = 1
        while backup.exists():
            counter += 1
            backup = self.path.with_name(f"{self.path.stem}.kapot-{stamp}-{counter}{self.path.suffix}")
        try:
            os.replace(self.path, backup)
        except OSError as exc:
            raise ProgressError(msg("progress.error.read", path=self.path, reason=exc)) from exc
        return backup

    def _write(self, state: dict) -> None:
        folder = self.path.parent
        tmp = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(state, handle, ensure_ascii=False, indent=2, sort_keys=True)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            tmp = None
            _fsync_folder(folder)
        except OSError as exc:
            raise ProgressError(msg("progress.error.write", path=self.path, reason=exc)) from exc
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    # -- public API ----------------------------------------------------------
    def register(self, lesson_id: str, exercise_ids: Iterable[str], title: str | None = None) -> None:
        """Declare the exercises of a lesson, so the overview knows its total."""
        check_lesson_id(lesson_id)
        ids = _check_exercise_list(exercise_ids, "exercise_ids")
        if title is not None and not isinstance(title, str):
            raise ArgumentError("title", title, msg("progress.expect.title"))
        self._registry[lesson_id] = ids
        state = self._load()
        entry = state["lessons"].setdefault(lesson_id, {"done": {}, "exercises": []})
        changed = entry["exercises"] != ids or (title is not None and entry.get("title") != title)
        if changed:
            entry["exercises"] = ids
            if title is not None:
                entry["title"] = title
            self._write(state)

    def mark_done(self, lesson_id: str, exercise_id: str) -> bool:
        """Record an exercise as done; True if it was not done before."""
        check_lesson_id(lesson_id)
        check_exercise_id(exercise_id)
        state = self._load()
        entry = state["lessons"].setdefault(lesson_id, {"done": {}, "exercises": []})
        if exercise_id in entry["done"]:
            return False
        entry["done"][exercise_id] = _now()
        self._write(state)
        return True

    def save_text(self, lesson_id: str, exercise_id: str, text: str) -> None:
        """Keep the text a student wrote for an exercise (a reflection); replaces the old one."""
        check_lesson_id(lesson_id)
        check_exercise_id(exercise_id)
        if not isinstance(text, str):
            raise ArgumentError("text", text, msg("progress.expect.text"))
        state = self._load()
        entry = state["lessons"].setdefault(lesson_id, {"done": {}, "exercises": []})
        entry.setdefault("reflections", {})[exercise_id] = {"text": text, "saved": _now()}
        self._write(state)

    def text(self, lesson_id: str, exercise_id: str) -> str:
        """The saved text of an exercise, or "" when nothing was saved."""
        check_lesson_id(lesson_id)
        check_exercise_id(exercise_id)
        entry = self._load()["lessons"].get(lesson_id, {})
        return entry.get("reflections", {}).get(exercise_id, {}).get("text", "")

    def texts(self, lesson_id: str) -> dict[str, str]:
        """Every saved text of a lesson: ``{exercise_id: text}``."""
        check_lesson_id(lesson_id)
        saved = self._load()["lessons"].get(lesson_id, {}).get("reflections", {})
        return {exercise: item["text"] for exercise, item in saved.items()}

    def is_done(self, lesson_id: str, exercise_id: str) -> bool:
        check_lesson_id(lesson_id)
        check_exercise_id(exercise_id)
        return exercise_id in self._load()["lessons"].get(lesson_id, {}).get("done", {})

    def done(self, lesson_id: str) -> tuple[str, ...]:
        """The exercises of a lesson that are done, in the order they were done."""
        check_lesson_id(lesson_id)
        done = self._load()["lessons"].get(lesson_id, {}).get("done", {})
        return tuple(sorted(done, key=done.get))

    def exercises(self, lesson_id: str) -> tuple[str, ...]:
        """The registered exercises of a lesson (this session's, else the saved list)."""
        check_lesson_id(lesson_id)
        if lesson_id in self._registry:
            return tuple(self._registry[lesson_id])
        return tuple(self._load()["lessons"].get(lesson_id, {}).get("exercises", []))

    def title(self, lesson_id: str) -> str:
        """A readable lesson name: the registered title, else the id made readable."""
        check_lesson_id(lesson_id)
        saved = self._load()["lessons"].get(lesson_id, {}).get("title")
        if saved:
            return saved
        number, _, rest = lesson_id.partition("-")
        words = rest.replace("-", " ").replace("_", " ")
        return f"{number}. {words[:1].upper()}{words[1:]}" if number.isdigit() and words else lesson_id

    def overview(self) -> dict[str, tuple[int, int]]:
        """``{lesson_id: (done, total)}`` for every lesson that is known, sorted.

        ``total`` counts the registered exercises plus any done exercise that is
        no longer registered (e.g. renamed), so done never exceeds total and no
        saved progress disappears from view.
        """
        lessons = self._load()["lessons"]
        result = {}
        for lesson in sorted(set(lessons) | set(self._registry)):
            registered = self._registry.get(lesson, lessons.get(lesson, {}).get("exercises", []))
            done = set(lessons.get(lesson, {}).get("done", {}))
            result[lesson] = (len(done), len(done | set(registered)))
        return result


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (or needed) on Windows.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- tracking from lessons and widgets ----------------------------------------
_active: tuple[ProgressStore, str] | None = None


def start_lesson(lesson_id: str, exercises: Iterable[str] | None = None, *,
                 title: str | None = None, path: str | os.PathLike | None = None) -> ProgressStore:
    """Turn on progress tracking for a lesson: quiz widgets then save correct answers.

    >>> import pathlib, tempfile
    >>> store = start_lesson("01-wat-is-een-keten", ["sprekers"],
    ...                      path=pathlib.Path(tempfile.mkdtemp()) / "p.json")
    >>> record_success("sprekers")
    'Opgeslagen in je voortgang: 1 van 1 oefeningen van deze les gedaan.'
    >>> stop_tracking()
    """
    global _active
    check_lesson_id(lesson_id)
    store = ProgressStore(path)
    if exercises is not None:
        store.register(lesson_id, exercises, title=title)
    _active = (store, lesson_id)
    return store


def stop_tracking() -> None:
    global _active
    _active = None


def active_lesson() -> tuple[ProgressStore, str] | None:
    """The store and lesson that :func:`start_lesson` turned on, or None."""
    return _active


def record_success(exercise_id: str, lesson_id: str | None = None,
                   store: ProgressStore | None = None) -> str | None:
    """Mark an exercise done if tracking is on; the Dutch note to show, or None.

    A failing disk never breaks the exercise: the note then says what went wrong.
    """
    if lesson_id is None:
        if _active is None:
            return None
        lesson_id = _active[1]
    # The file chosen with start_lesson(path=...) holds for the whole session.
    store = store or (_active[0] if _active is not None else ProgressStore())
    check_exercise_id(exercise_id)
    try:
        store.mark_done(lesson_id, exercise_id)
        done, total = store.overview()[lesson_id]
    except ProgressError as exc:
        return msg("progress.note.not_saved", reason=str(exc))
    return msg("progress.note.saved", done=done, total=total)

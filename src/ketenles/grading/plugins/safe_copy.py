"""Copy a folder someone else controls: only regular files from inside it, nothing followed.

A student owns their submission folder in the exchange and can change it after
submitting: add a symbolic link to the course's source notebook or to another
student's submission, a hard link to a file they can read, a FIFO that blocks
whoever opens it, a device. ``shutil.copytree`` (what nbgrader's exchange
uses) follows links and opens whatever it finds, so the lecturer's collect
would copy the targets' content into ``submitted/``, from where it travels into
``autograded/`` and into that student's feedback.

:func:`copy_tree` walks the folder through directory descriptors opened with
``O_NOFOLLOW`` (a folder swapped for a link halfway is not followed either),
opens each file with ``O_NOFOLLOW | O_NONBLOCK`` and checks with ``fstat`` that
what it opened is the regular file it listed. It copies a file only when it has
one name (``st_nlink == 1``), belongs to the folder's owner, and fits the size
limits; everything else is skipped and returned by relative path with a reason
key (``lecturer.copy.reasons``), so the caller can name it.

>>> sorted(REASONS)
['foreign', 'hardlink', 'not_regular', 'symlink', 'too_large']
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

REASONS = {"symlink", "hardlink", "foreign", "not_regular", "too_large"}
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK


class _Budget:
    def __init__(self, max_file_bytes: int | None, max_total_bytes: int | None):
        self.max_file, self.left = max_file_bytes, max_total_bytes

    def allows(self, size: int) -> bool:
        if self.max_file is not None and size > self.max_file:
            return False
        if self.left is not None:
            if size > self.left:
                return False
            self.left -= size
        return True


def _kind(mode: int) -> str | None:
    if stat.S_ISLNK(mode):
        return "symlink"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not_regular"
    return None


def copy_tree(src: str | os.PathLike, dest: str | os.PathLike, *, owner: int | None = None,
              max_file_bytes: int | None = None, max_total_bytes: int | None = None,
              ignore: Callable[[str, list[str]], object] | None = None,
              only_missing: bool = False) -> list[tuple[str, str]]:
    """Copy the regular files of ``src`` into ``dest``; return what was skipped as ``(path, reason)``.

    ``owner``: the uid every copied file must belong to (default: the owner of
    ``src`` itself). ``ignore``: a ``shutil.copytree``-style ignore function,
    applied to names only. ``only_missing``: keep files already in ``dest``
    (a student's own work when they fetch again). A ``src`` that is itself a link or not a folder
    copies nothing and is reported as skipped (``"."``).
    """
    skipped: list[tuple[str, str]] = []
    try:
        top = os.open(src, _DIR_FLAGS)
    except OSError:
        return [(".", "symlink" if os.path.islink(src) else "not_regular")]
    try:
        owner = os.fstat(top).st_uid if owner is None else owner
        budget = _Budget(max_file_bytes, max_total_bytes)
        _copy_dir(top, str(src), Path(dest), "", owner, budget, ignore, only_missing, skipped)
    finally:
        os.close(top)
    return skipped


def _copy_dir(fd: int, shown: str, dest: Path, relative: str, owner: int, budget: _Budget,
              ignore, only_missing: bool, skipped: list[tuple[str, str]]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    names = sorted(os.listdir(fd))
    ignored = set(ignore(os.path.join(shown, relative), names) or ()) if ignore else set()
    for name in names:
        if name in ignored:
            continue
        path = f"{relative}{name}"
        try:
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except OSError:
            continue  # gone meanwhile
        reason = _kind(info.st_mode)
        if reason is None and info.st_uid != owner:
            reason = "foreign"
        if reason is None and stat.S_ISDIR(info.st_mode):
            try:
                child = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError:
                skipped.append((path, "symlink"))
                continue
            try:
                if (os.fstat(child).st_dev, os.fstat(child).st_ino) != (info.st_dev, info.st_ino):
                    skipped.append((path, "symlink"))
                    continue
                _copy_dir(child, shown, dest / name, f"{path}/", owner, budget, ignore, only_missing, skipped)
            finally:
                os.close(child)
            continue
        if reason is None and info.st_nlink != 1:
            reason = "hardlink"
        if reason is None and not budget.allows(info.st_size):
            reason = "too_large"
        if reason is None:
            reason = _copy_file(fd, name, info, dest / name, only_missing)
        if reason is not None:
            skipped.append((path, reason))


def _copy_file(fd: int, name: str, listed: os.stat_result, target: Path, only_missing: bool = False) -> str | None:
    """Copy one listed regular file; a reason when what opened is not what was listed."""
    if only_missing and (target.exists() or target.is_symlink()):
        return None
    try:
        source = os.open(name, _FILE_FLAGS, dir_fd=fd)
    except OSError:
        return "symlink"  # swapped for a link (ELOOP) or gone
    try:
        opened = os.fstat(source)
        if (not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (listed.st_dev, listed.st_ino)
                or opened.st_nlink != 1):
            return "not_regular"
        limit = listed.st_size  # the size the budget allowed: a file that grows is cut there
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            if target.is_symlink() or target.exists():
                target.unlink()
        with open(target, "wb") as out:
            while limit > 0:
                chunk = os.read(source, min(1 << 20, limit))
                if not chunk:
                    break
                out.write(chunk)
                limit -= len(chunk)
        os.chmod(target, stat.S_IMODE(opened.st_mode) & 0o755 | 0o600)
    finally:
        os.close(source)
    return None


def copy_file(src: str | os.PathLike, target: str | os.PathLike, owner: int | None = None) -> str | None:
    """Copy one file when it is a regular file with one name (of ``owner``); else the reason it was not."""
    src = Path(src)
    try:
        folder = os.open(src.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return "not_regular"
    try:
        try:
            info = os.stat(src.name, dir_fd=folder, follow_symlinks=False)
        except OSError:
            return "not_regular"
        reason = _kind(info.st_mode) or ("not_regular" if stat.S_ISDIR(info.st_mode) else None)
        if reason is None and owner is not None and info.st_uid != owner:
            reason = "foreign"
        if reason is None and info.st_nlink != 1:
            reason = "hardlink"
        return reason or _copy_file(folder, src.name, info, Path(target))
    finally:
        os.close(folder)

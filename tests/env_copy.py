"""A new environment with the test environment's distributions, linked instead of installed again.

Tests that need an environment of their own (the installed wheel, the hub for real
accounts) get the same versions the rest of the suite tests, in seconds: pip already
unpacked them for the test environment. Installing them again from the package index
took 1.5-2.5 minutes per environment. What the environment itself is for (a wheel, a
non-editable ketenles) is still installed by pip.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def runtime_closure(extras: tuple[str, ...] = ()) -> list[metadata.Distribution]:
    """The installed distributions that ketenles needs at run time (not ketenles itself), with
    ``extras`` and everything they need, following each requirement's own extras
    (nbconvert needs ``bleach[css]``, so tinycss2 too)."""
    found: dict[str, metadata.Distribution] = {}
    done: set[tuple[str, str]] = set()
    wanted = [Requirement(r) for r in metadata.requires("ketenles") or []] + [Requirement(e) for e in extras]
    while wanted:
        requirement = wanted.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        try:
            dist = found.get(name) or metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise LookupError(f"the test environment lacks {name}, which {requirement} needs") from None
        found[name] = dist
        for extra in ("", *sorted(requirement.extras)):
            if (name, extra) in done:
                continue
            done.add((name, extra))
            for line in dist.requires or []:
                needed = Requirement(line)
                if needed.marker is None and extra == "":
                    wanted.append(needed)
                elif needed.marker is not None and needed.marker.evaluate({"extra": extra}):
                    needed.marker = None  # it holds for this extra (and this platform)
                    wanted.append(needed)
    return list(found.values())


def copy_distribution(dist: metadata.Distribution, env: Path) -> None:
    """Copy one installed distribution's files (its RECORD) into ``env``, scripts pointed at its Python.

    Files are hard links where both environments sit on one file system: the tests never
    write into an installed package, so sharing them is safe. Scripts are copied, with
    their first line pointed at the new environment's Python.
    """
    prefix = Path(sys.prefix)
    site = Path(sysconfig.get_paths()["purelib"])
    target_site = env / site.relative_to(prefix)
    python = str(env / "bin" / "python")
    for file in dist.files or []:
        source = Path(os.path.normpath(dist.locate_file(file)))
        if not source.is_file():
            continue  # compiled files listed in RECORD but never written
        try:
            target = target_site / source.relative_to(site)
        except ValueError:
            target = env / source.relative_to(prefix)  # scripts (bin/) and data (share/, etc/)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent == env / "bin":
            data = source.read_bytes()
            if data.startswith(b"#!") and b"python" in data.split(b"\n", 1)[0]:
                data = f"#!{python}\n".encode() + data.split(b"\n", 1)[1]
            target.write_bytes(data)
            shutil.copymode(source, target)
            continue
        try:  # a hard link where both sit on one file system: no byte is copied
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

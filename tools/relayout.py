"""Move ketenles' modules into folders that show the layers, and rewrite imports.

Run once from the repository root (``python tools/relayout.py --move``); it uses
``git mv`` so history follows the files. ``--rewrite PATH...`` only rewrites the
old import paths in the given files: use it on a branch that was written before
the move, after merging it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

PKG = Path("src/ketenles")

# old module -> new module (dotted, below ketenles)
MODULES = {
    "seminar": "content.seminar",
    "cases": "content.cases",
    "case_schema": "content.case_schema",
    "scan": "models.scan",
    "governance": "models.governance",
    "dilemmas": "models.dilemmas",
    "chainmap": "models.chainmap",
    "quiz": "models.quiz",
    "quiz_yaml": "models.quiz_yaml",
    "synthesis": "models.synthesis",
    "progress": "models.progress",
    "cooperation": "models.cooperation",
    "charts": "display.charts",
    "views": "display.views",
    "pairs": "display.pairs",
    "lessons": "notebook.lessons",
    "_notebook": "notebook.friendly_errors",
    "ui_language": "notebook.ui_language",
    "messages": "i18n",
}

# file moves that are not a module rename above
EXTRA_MOVES = {
    "data": "content/data",
    "messages/__init__.py": "i18n/__init__.py",
    "messages/nl": "i18n/nl",
    "messages/en": "i18n/en",
}

# path spellings in tests, docs and messages
PATHS = {
    "src/ketenles/data/": "src/ketenles/content/data/",
    "src/ketenles/messages/": "src/ketenles/i18n/",
    "src/ketenles/case_schema.py": "src/ketenles/content/case_schema.py",
    '"ketenles" / "data"': '"ketenles" / "content" / "data"',
    '"ketenles" / "cooperation"': '"ketenles" / "models" / "cooperation"',
    '"ketenles" / "messages"': '"ketenles" / "i18n"',
}

DOTTED = re.compile(r"(?<![\w.])ketenles\.(" + "|".join(sorted(MODULES, key=len, reverse=True)) + r")\b")
FROM_PACKAGE = re.compile(r"^(\s*)from ketenles import (\w+)(\s*(?:#.*)?)$", re.MULTILINE)
TEXT_SUFFIXES = {".py", ".ipynb", ".md", ".toml", ".yaml", ".yml", ".sh", ".cfg", ".txt", ""}


def rewrite_text(text: str, *, in_library: bool) -> str:
    text = DOTTED.sub(lambda m: f"ketenles.{MODULES[m.group(1)]}", text)
    for old, new in PATHS.items():
        text = text.replace(old, new)
    if in_library:
        # Inside the library, import moved modules by their real path so that the
        # layering test sees every dependency; notebooks keep the short lazy form.
        def from_package(m: re.Match) -> str:
            name = m.group(2)
            if name not in MODULES:
                return m.group(0)
            parent, _, leaf = MODULES[name].rpartition(".")
            target = f"ketenles.{parent}" if parent else "ketenles"
            alias = "" if leaf == name else f" as {name}"
            return f"{m.group(1)}from {target} import {leaf}{alias}{m.group(3)}"

        text = FROM_PACKAGE.sub(from_package, text)
    return text


def rewrite(paths: list[Path]) -> None:
    for path in paths:
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        try:
            old = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        in_library = PKG in path.parents and path.suffix == ".py"
        new = rewrite_text(old, in_library=in_library)
        if new != old:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path}")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout
    return [Path(line) for line in out.splitlines() if not line.startswith("tools/relayout.py")]


def move() -> None:
    for layer in ("content", "models", "display", "notebook", "i18n"):
        (PKG / layer).mkdir(exist_ok=True)
    for old, new in EXTRA_MOVES.items():
        subprocess.run(["git", "mv", str(PKG / old), str(PKG / new)], check=True)
    for old, new in MODULES.items():
        if old == "messages":
            continue
        source = PKG / old if (PKG / old).is_dir() else PKG / f"{old}.py"
        target = PKG / new.replace(".", "/")
        target = target if source.is_dir() else target.with_suffix(".py")
        subprocess.run(["git", "mv", str(source), str(target)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--move", action="store_true", help="move the modules, then rewrite every tracked file")
    parser.add_argument("--rewrite", nargs="*", type=Path, help="only rewrite these files")
    args = parser.parse_args()
    if args.move:
        move()
        rewrite(tracked_files())
    elif args.rewrite is not None:
        rewrite(args.rewrite or tracked_files())
    else:
        parser.print_help()


if __name__ == "__main__":
    main()

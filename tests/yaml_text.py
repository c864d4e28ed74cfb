"""Every string in a loaded YAML or JSON structure, for the tests that read course texts."""

from __future__ import annotations

from collections.abc import Iterator


def strings(node) -> Iterator[str]:
    """Walk dicts and lists depth first and yield each string value (keys are not text)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def placeholders(node, marker: str = "VERANDER", path: tuple[str, ...] = ()) -> Iterator[str]:
    """Dotted key paths of every string value that still holds ``marker`` (a value to fill in)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from placeholders(value, marker, (*path, str(key)))
    elif isinstance(node, list):
        for value in node:
            yield from placeholders(value, marker, path)
    elif isinstance(node, str) and marker in node:
        yield ".".join(path)

"""Copying the lessons for a student: every lesson, and the optional notebooks they link to."""

from __future__ import annotations

import re

import nbformat
import pytest
from paths import REPO

from ketenles.content.bundle import copy_lessons
from ketenles.errors import ArgumentError


def test_copied_lessons_keep_their_links_to_the_optional_notebooks(tmp_path):
    target = tmp_path / "lessen"
    copied = copy_lessons(target)
    assert sorted(p.name for p in copied) == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    links = set()
    for lesson in copied:
        text = "\n".join(c.source for c in nbformat.read(lesson, as_version=4).cells)
        links |= set(re.findall(r"\]\((extra/[^)#]+\.ipynb)\)", text))
    assert "extra/00-meer-over-notebooks.ipynb" in links
    assert all((target / link).is_file() for link in links), links


def test_a_folder_with_notebooks_is_refused(tmp_path):
    copy_lessons(tmp_path)
    with pytest.raises(ArgumentError):
        copy_lessons(tmp_path)

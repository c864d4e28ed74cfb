"""Copying a folder a student controls: only their regular files arrive, the rest is named."""

from __future__ import annotations

import os
import threading

import pytest

from ketenles.grading.plugins.safe_copy import copy_file, copy_tree


@pytest.fixture()
def planted(tmp_path):
    """A submission folder with the student's own files and everything a student could plant besides."""
    secret = tmp_path / "bron" / "geheim.ipynb"
    secret.parent.mkdir()
    secret.write_text("BEGIN HIDDEN TESTS", encoding="utf-8")
    folder = tmp_path / "inbound" / "anna"
    (folder / "data").mkdir(parents=True)
    (folder / "ketenanalyse.ipynb").write_text("eigen werk", encoding="utf-8")
    (folder / "data" / "eigen.csv").write_text("a,b", encoding="utf-8")
    (folder / "bron.ipynb").symlink_to(secret)
    (folder / "map").symlink_to(secret.parent)
    os.link(secret, folder / "harde_link.ipynb")
    os.mkfifo(folder / "wachtrij")
    (folder / "groot.bin").write_bytes(b"x" * 2000)
    return folder, tmp_path / "submitted" / "anna"


def test_only_the_students_regular_files_are_copied_and_the_rest_is_named(planted):
    folder, dest = planted
    done = []
    worker = threading.Thread(target=lambda: done.append(copy_tree(folder, dest, max_file_bytes=1000)),
                              daemon=True)
    worker.start()
    worker.join(30)
    assert done, "copy blocked (a FIFO was opened)"
    copied = sorted(str(p.relative_to(dest)) for p in dest.rglob("*"))
    assert copied == ["data", "data/eigen.csv", "ketenanalyse.ipynb"]
    assert not any(p.is_symlink() for p in dest.rglob("*"))
    assert sorted(done[0]) == [("bron.ipynb", "symlink"), ("groot.bin", "too_large"),
                               ("harde_link.ipynb", "hardlink"), ("map", "symlink"), ("wachtrij", "not_regular")]


def test_a_file_of_another_account_is_not_copied(planted):
    if os.geteuid() != 0:
        pytest.skip("giving a file to another account needs root")
    folder, dest = planted
    os.chown(folder / "data" / "eigen.csv", 65534, 65534)
    skipped = copy_tree(folder, dest)
    assert ("data/eigen.csv", "foreign") in skipped and not (dest / "data" / "eigen.csv").exists()


def test_a_submission_folder_that_is_itself_a_link_copies_nothing(planted, tmp_path):
    folder, dest = planted
    (tmp_path / "inbound" / "bob").symlink_to(folder)
    assert copy_tree(tmp_path / "inbound" / "bob", dest) == [(".", "symlink")]
    assert not dest.exists()


def test_one_file_is_copied_only_when_it_is_a_regular_file(planted, tmp_path):
    folder, _ = planted
    assert copy_file(folder / "ketenanalyse.ipynb", tmp_path / "a.html") is None
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "eigen werk"
    assert copy_file(folder / "bron.ipynb", tmp_path / "b.html") == "symlink"
    assert copy_file(folder / "wachtrij", tmp_path / "c.html") == "not_regular"
    assert not (tmp_path / "b.html").exists() and not (tmp_path / "c.html").exists()

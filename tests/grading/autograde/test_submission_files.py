"""nbgrader's own files in a submission are no warning; a student's extra file and a rename are (issue 22)."""

from __future__ import annotations

import nbformat

from ketenles.grading.autograde.submission_files import check_submission

NAME = "ketenanalyse"


def _course(tmp_path, files: dict[str, str], notebook: str = NAME):
    source = tmp_path / "source" / NAME
    source.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), source / f"{NAME}.ipynb")
    folder = tmp_path / "submitted" / "s1" / NAME
    folder.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), folder / f"{notebook}.ipynb")
    for name, text in files.items():
        (folder / name).write_text(text)
    return tmp_path


def test_nbgraders_own_files_give_no_note(tmp_path):
    root = _course(tmp_path, {"timestamp.txt": "2027-03-01 12:00:00", "submission_secret.txt": "abc"})
    result = check_submission(root, NAME, "s1")
    assert result.ok and result.notes == []


def test_a_students_extra_file_and_a_renamed_notebook_are_noted(tmp_path):
    root = _course(tmp_path, {"submission_secret.txt": "abc", "aantekeningen.txt": "x"}, notebook=f"{NAME} (1)")
    result = check_submission(root, NAME, "s1")
    assert result.ok
    assert result.notes == [("renamed_notebook", f"{NAME} (1).ipynb -> {NAME}.ipynb"),
                            ("extra_files", "aantekeningen.txt")]


def test_a_noted_submission_is_flagged_where_the_formgrader_shows_it(tmp_path):
    from grading_class import tiny_gradebook
    from nbgrader.api import Gradebook

    from ketenles.grading.autograde.parallel import flag_in_formgrader

    tiny_gradebook(tmp_path / "gradebook.db", {"s1": {"q1": 1}, "s2": {"q1": 1}}, {"q1": 1})
    flag_in_formgrader(tmp_path, "opdracht", ["s1", "niet-ingeleverd"])
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        # What the Formgrader's submissions list reads for its "Flagged?" column.
        rows = {row["student"]: row["flagged"] for row in gradebook.notebook_submission_dicts("opdracht", "opdracht")}
    assert rows == {"s1": True, "s2": False}

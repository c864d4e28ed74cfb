"""Every lesson runs top to bottom in a fresh kernel, and is committed clean."""

import re

import nbformat
import pytest
from paths import REPO

LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
# Optional reading outside the numbered sequence (no lesson metadata, no exercises).
EXTRAS = sorted((REPO / "notebooks" / "extra").glob("*.ipynb"))
ALL_NOTEBOOKS = (LESSONS + EXTRAS + sorted((REPO / "assignments").rglob("*.ipynb"))
                 + sorted((REPO / "notebooks" / "opdrachten").rglob("*/[!u]*.ipynb")))


def test_lessons_form_a_numbered_sequence_with_earlier_prerequisites():
    numbers = [int(p.name[:2]) for p in LESSONS]
    assert numbers == list(range(len(LESSONS))) and len(LESSONS) >= 2, [p.name for p in LESSONS]
    for path in LESSONS:
        meta = nbformat.read(path, as_version=4).metadata["ketenles"]
        assert meta["id"] == path.stem
        earlier = {p.stem for p in LESSONS if p.name < path.name}
        assert set(meta.get("prerequisites", [])) <= earlier, (path.name, meta.get("prerequisites"))


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_executes_without_error_and_run_all_marks_nothing_done(path, tmp_path):
    """Run All alone is not work: afterwards the progress store holds 0 exercises done.

    Executed by the site build's own executor (fresh kernel, widget state kept), once per
    run: the site build reads the same execution from the run's lesson cache.
    """
    from site_helpers import executed_lesson

    from ketenles.models.progress import ProgressStore

    store_path = tmp_path / "progress.json"
    nb = executed_lesson(path, store_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    overview = ProgressStore(store_path).overview()
    assert overview[path.stem][1] == len(nb.metadata["ketenles"]["exercises"])  # the lesson did register
    assert {lesson: done for lesson, (done, _) in overview.items() if done} == {}


@pytest.mark.slow
@pytest.mark.parametrize("path", EXTRAS, ids=lambda p: p.name)
def test_extra_notebook_executes_without_error_and_links_to_a_lesson(path, tmp_path):
    """Executed by the site build's own executor, as the site stages it beside the lessons."""
    from site_helpers import executed_lesson

    source = nbformat.read(path, as_version=4)
    assert "ketenles" not in source.metadata  # not a lesson: it must not enter the lesson tables or progress
    links = re.findall(r"\]\(\.\./([^)#]+\.ipynb)\)", "\n".join(c.source for c in source.cells))
    assert links and all((REPO / "notebooks" / link).exists() for link in links), links
    store_path = tmp_path / "progress.json"
    nb = executed_lesson(path, store_path)
    assert not store_path.exists()  # reading it records nothing
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors and all(c.outputs for c in nb.cells if c.cell_type == "code" and "print(" in c.source)


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_and_with_clean_metadata(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert set(nb.metadata) <= {"kernelspec", "language_info", "ketenles"}
    for cell in nb.cells:
        assert set(cell.metadata) <= {"nbgrader", "tags"}, cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_metadata_and_structure(path):
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata.get("ketenles")
    assert meta, "lesson metadata (metadata.ketenles) is missing"
    assert path.stem == meta["id"]
    assert meta["title"] and meta["objectives"] and meta["minutes"] > 0
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    first = nb.cells[0].source
    assert first.startswith("# ") and meta["title"] in first
    assert f"{meta['minutes']} minuten" in first
    assert sum(1 for line in text.splitlines() if line.startswith("# ")) == 1, "one title per lesson"
    reflects = any(e.startswith("reflectie") for e in meta["exercises"])
    for heading in ("Samenvatting", "Bronnen", *(["Reflectie"] if reflects else [])):
        assert heading in text, heading
    assert text.count("Oefening") >= 2


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_declared_exercises_are_tagged_cells(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [t.split(":", 1)[1] for c in nb.cells for t in c.metadata.get("tags", []) if t.startswith("oefening:")]
    declared = nb.metadata["ketenles"]["exercises"]
    assert len(declared) >= 2
    assert sorted(tagged) == sorted(declared), "metadata.ketenles.exercises and the oefening: tags differ"


QUIZ_DIR = REPO / "src" / "ketenles" / "content" / "data" / "quizzes"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_quiz_files_and_lessons_agree(path):
    """Every quiz a lesson shows exists in its YAML, and no quiz in the YAML is left unused."""

    import yaml

    from ketenles import lessons

    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    shown = re.findall(r'lessons\.quiz\("([^"]+)", "([^"]+)"\)', code)
    assert all(lesson == path.stem for lesson, _ in shown), "a lesson shows another lesson's quiz"
    quiz_file = QUIZ_DIR / f"{path.stem}.yaml"
    defined = set(yaml.safe_load(quiz_file.read_text(encoding="utf-8"))) if quiz_file.exists() else set()
    assert {quiz for _, quiz in shown} == defined
    exercises = set(nb.metadata["ketenles"]["exercises"])
    for _, quiz in shown:
        # Each question id counts as an exercise of the lesson (progress is saved per question).
        assert {q.id for q in lessons.quiz_questions(path.stem, quiz)} <= exercises | {quiz}

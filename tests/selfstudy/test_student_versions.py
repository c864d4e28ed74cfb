"""Self-learners' student versions of the assignments: made by nbgrader, in step, without secrets.

The committed ``notebooks/opdrachten/<name>/<name>.ipynb`` must be exactly what
``scripts/make_student_versions.py`` makes from the source today, and must not
hold a solution, hidden test or model answer line of that source.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbgrader_sim import answer, hidden_test_lines, secret_lines, solution_lines, solutions
from paths import REPO

from ketenles.errors import ArgumentError
from ketenles.grading.course import assignment_names
from ketenles.i18n import msg
from ketenles.selfstudy import solutions as worked
from ketenles.selfstudy.selfcheck import selfcheck
from ketenles.selfstudy.student_version import STUDENT_ROOT, generate, leaks

ASSIGNMENTS = assignment_names(REPO / "assignments")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("opdrachten")
    generate(out)
    return out


def test_every_assignment_has_a_student_version_under_notebooks():
    assert {"ketenanalyse", "regie-advies", "vertrouwen"} <= set(ASSIGNMENTS)
    for name in ASSIGNMENTS:
        # Reachable from open-course.sh (serves notebooks/) and from Binder (serves the root).
        assert (STUDENT_ROOT / name / f"{name}.ipynb").is_file(), name
    assert STUDENT_ROOT == REPO / "notebooks" / "opdrachten"


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_student_version_is_what_the_script_makes_from_the_source(regenerated, name):
    committed = (STUDENT_ROOT / name / f"{name}.ipynb").read_text(encoding="utf-8")
    fresh = (regenerated / name / f"{name}.ipynb").read_text(encoding="utf-8")
    assert committed == fresh, f"run: python scripts/make_student_versions.py ({name} is out of step)"


@pytest.mark.slow
def test_committed_question_files_are_what_the_script_makes(regenerated):
    """An exam's released question file (issue 19) goes with its student version, in step."""
    made = sorted(p.relative_to(regenerated) for p in regenerated.rglob("*.json"))
    assert made, "the exam's question file is not in its student version"
    for relative in made:
        assert (STUDENT_ROOT / relative).read_bytes() == (regenerated / relative).read_bytes(), relative


def test_a_question_file_holds_no_answer():
    for path in STUDENT_ROOT.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert not [f for f in ('"antwoord"', '"per_variant"', '"toelichting"', '"model"') if f in text], path


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_version_holds_no_solution_hidden_test_or_model_answer(name):
    source = REPO / "assignments" / name / f"{name}.ipynb"
    text = (STUDENT_ROOT / name / f"{name}.ipynb").read_text(encoding="utf-8")
    secrets = secret_lines(source)
    assert len(secrets) >= 5, "the source's secrets were not found: the test would prove nothing"
    assert leaks(text, secrets) == []
    # The markers themselves are in the source, so the comparison above can fail.
    assert leaks(source.read_text(encoding="utf-8"), secrets)


def test_leaks_finds_a_marker_and_a_solution_line():
    assert leaks("x\n### BEGIN HIDDEN TESTS\n", []) == ["BEGIN HIDDEN TESTS"]
    assert leaks("a = len(suwi.partners)", ["a = len(suwi.partners)"]) == ["a = len(suwi.partners)"]


@pytest.fixture
def own_copy(tmp_path):
    path = tmp_path / "ketenanalyse.ipynb"
    path.write_bytes((STUDENT_ROOT / "ketenanalyse" / "ketenanalyse.ipynb").read_bytes())
    return path


@pytest.mark.slow
def test_selfcheck_names_questions_as_the_student_sees_them(own_copy, capfd):
    model = solutions(REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb")
    answer(own_copy, {"q1_probleem": model["q1_probleem"], "q2_factoren": model["q2_factoren"],
                      "q3_lezing": "lezing_scan = 3"})
    result = selfcheck(own_copy)
    names = [q.question for q in result.questions]
    assert names == ["Vraag 1 — Het dominante ketenprobleem", "Vraag 2 — Welke succesfactor staat onder druk?",
                     "Vraag 3 — Wat zegt een ketenscan wel en niet?", "Vraag 4 — Jouw diagnose van de Suwi-keten"]
    # The practice version knows right from wrong: the model answers are right, the int is the wrong kind.
    assert [q.status for q in result.questions] == ["right", "right", "failed", "manual"]
    text = str(result)
    assert "opgeslagen" in text and "q1_probleem" not in text
    # The checking kernel's English start-up warnings reach neither the result nor stderr.
    captured = capfd.readouterr()
    assert "WARNING" not in captured.err + captured.out + text


def test_an_answer_run_but_not_saved_is_named():
    from ketenles.selfstudy.selfcheck import unsaved_answers

    nb = nbformat.read(STUDENT_ROOT / "ketenanalyse" / "ketenanalyse.ipynb", as_version=4)
    assert unsaved_answers(nb, ["", "import ketenles", 'dominant_probleem = "b"']) == ["dominant_probleem"]
    saved = next(c.source for c in nb.cells if "dominant_probleem = None" in c.source)
    assert unsaved_answers(nb, [saved]) == []
    # A first try that was corrected, run again and saved is no longer "unsaved".
    assert unsaved_answers(nb, ["dominant_probleem = b", saved]) == []
    assert unsaved_answers(nb, [saved, "dominant_probleem = 'c'"]) == ["dominant_probleem"]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_answer_cells_as_handed_out_are_computed_from_the_pristine_source(name):
    # Equal to what nbgrader itself released into the committed student version.
    released = worked.released_answers(name)
    committed = {c.metadata["nbgrader"]["grade_id"]: c.source for c in
                 nbformat.read(STUDENT_ROOT / name / f"{name}.ipynb", as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    assert released == committed and released


def test_the_honest_route_works_when_the_student_edits_the_shipped_version_itself(tmp_path, monkeypatch):
    # On Binder the student answers notebooks/opdrachten/<name>/<name>.ipynb in place.
    in_place = tmp_path / "opdrachten" / "ketenanalyse" / "ketenanalyse.ipynb"
    in_place.parent.mkdir(parents=True)
    in_place.write_bytes((STUDENT_ROOT / "ketenanalyse" / "ketenanalyse.ipynb").read_bytes())
    monkeypatch.setattr(worked, "STUDENT_ROOT", tmp_path / "opdrachten")
    monkeypatch.chdir(tmp_path)
    refused = worked.uitwerking("ketenanalyse")
    assert refused.path is None
    assert str(refused) == msg("grading_workflow.solutions.try_first", count=4, name="ketenanalyse")
    answer(in_place, {"q1_probleem": 'dominant_probleem = "a"', "q2_factoren": "factoren = []",
                      "q3_lezing": 'lezing_scan = "c"', "q4_diagnose": "Mijn poging."})
    handout = worked.uitwerking("ketenanalyse")
    assert handout.path == in_place.parent / "uitwerking-ketenanalyse.ipynb" and handout.path.is_file()


def test_an_exam_never_has_a_worked_solution(tmp_path):
    own = tmp_path / "eindtoets.ipynb"
    own.write_bytes((STUDENT_ROOT / "eindtoets" / "eindtoets.ipynb").read_bytes())
    handout = worked.uitwerking("eindtoets", own)
    assert handout.path is None and str(handout) == msg("grading_workflow.solutions.exam", name="eindtoets")
    assert not worked.available("eindtoets")
    assert list(tmp_path.iterdir()) == [own]


def test_no_flag_or_refusal_advertises_a_way_around_the_try():
    import inspect

    assert "toch" not in inspect.signature(worked.uitwerking).parameters
    refusal = msg("grading_workflow.solutions.try_first", count=1, name="ketenanalyse")
    assert "toch=True" not in refusal and "--toch" not in refusal


def test_worked_solution_is_refused_before_an_honest_try(own_copy):
    handout = worked.uitwerking("ketenanalyse", own_copy)
    assert handout.path is None
    assert str(handout) == msg("grading_workflow.solutions.try_first", count=4, name="ketenanalyse")
    assert not (own_copy.parent / "uitwerking-ketenanalyse.ipynb").exists()
    with pytest.raises(ArgumentError, match="ketenanalyse, regie-advies, vertrouwen"):
        worked.uitwerking("onbekend", own_copy)


def test_worked_solution_after_trying_has_the_model_solutions_but_no_hidden_tests(own_copy):
    answer(own_copy, {"q1_probleem": 'dominant_probleem = "a"', "q2_factoren": "factoren = ['draagvlak_top']",
                      "q3_lezing": 'lezing_scan = "a"', "q4_diagnose": "Mijn diagnose."})
    handout = worked.uitwerking("ketenanalyse", own_copy)
    assert handout.path == own_copy.parent / "uitwerking-ketenanalyse.ipynb"
    text = handout.path.read_text(encoding="utf-8")
    shown = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
    source = REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb"
    # The source's note "replaced when handed out" is replaced by a note for self-learners.
    lines = [line for line in solution_lines(source) if not line.startswith("*Modelantwoord")]
    assert len(lines) >= 5
    assert [line for line in lines if line not in shown] == []
    assert [line for line in hidden_test_lines(source) if line in shown] == []
    assert "BEGIN SOLUTION" not in shown and "HIDDEN" not in shown


def test_a_lecturer_can_switch_worked_solutions_off(own_copy, monkeypatch):
    monkeypatch.setenv("KETENLES_UITWERKINGEN", "uit")
    answer(own_copy, {"q1_probleem": 'dominant_probleem = "a"', "q2_factoren": "factoren = []",
                      "q3_lezing": 'lezing_scan = "c"', "q4_diagnose": "Mijn poging."})
    handout = worked.uitwerking("ketenanalyse", own_copy)
    assert handout.path is None and str(handout) == msg("grading_workflow.solutions.switched_off")
    assert not worked.available("ketenanalyse")


@pytest.mark.slow
def test_selfcheck_of_a_practice_version_says_which_answer_is_wrong_with_a_hint_never_the_answer(own_copy):
    model = solutions(REPO / "assignments" / "ketenanalyse" / "ketenanalyse.ipynb")
    answer(own_copy, {"q1_probleem": 'dominant_probleem = "A "', "q2_factoren": model["q2_factoren"],
                      "q3_lezing": 'lezing_scan = "d"'})
    result = selfcheck(own_copy)
    assert [q.status for q in result.questions] == ["wrong", "right", "wrong", "manual"]
    first = result.questions[0]
    assert first.hints == ["grading.hints.dominant_problem"] and first.lesson == "Les 1 — Wat is een keten?"
    text = str(result)
    assert msg("grading.hints.dominant_problem") in text and "Samenwerken zonder baas" in text
    assert msg("grading_workflow.selfcheck.summary_judged", passed=1, total=3) in text
    assert '"b"' not in text and "check_equal" not in text


@pytest.mark.slow
def test_where_self_study_answers_are_switched_off_the_selfcheck_checks_the_format_only(own_copy, monkeypatch):
    monkeypatch.setenv("KETENLES_UITWERKINGEN", "uit")
    answer(own_copy, {"q1_probleem": 'dominant_probleem = "a"'})
    result = selfcheck(own_copy)
    assert result.questions[0].status == "passed" and not result.judged


MENU_PATH = re.compile(r"\*\*([^*›→\n]+?(?: [›→] [^*›→\n]+?)+)\*\*")
NBGRADER_ITEMS = {"Assignment List"}  # nbgrader's own menu has no Dutch translation


def _dutch_labels() -> set[str]:
    import json

    from ketenles.labsetup.ui_language import course_translations, pack_messages_dir

    labels = {text for strings in course_translations().values() for text in strings}
    pack = pack_messages_dir()
    if pack is not None and (pack / "jupyterlab.json").is_file():
        data = json.loads((pack / "jupyterlab.json").read_text(encoding="utf-8"))
        labels |= {text for value in data.values() if isinstance(value, list) for text in value}
    return labels


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_assignments_name_menus_as_the_dutch_interface_shows_them(name):
    # The browser test tests/browser/test_browser_dutch_ui.py walks each named path in the real menus.
    dutch = _dutch_labels()
    nb = nbformat.read(STUDENT_ROOT / name / f"{name}.ipynb", as_version=4)
    text = " ".join(" ".join(c.source for c in nb.cells if c.cell_type == "markdown").split())
    paths = MENU_PATH.findall(text)
    assert paths, f"{name} names no menu: the test would prove nothing"
    for path in paths:
        assert "→" not in path, path  # one form, the interface's own separator
        title, *items = path.split(" › ")
        for item in items:
            # JupyterLab joins the labels of a combined command with " + ", one ellipsis at the end.
            parts = [part.rstrip("…") for part in item.split(" + ")]
            assert item in NBGRADER_ITEMS or all(p in dutch or f"{p}…" in dutch for p in parts), (
                f"{name}: {item!r} is not a Dutch menu label")

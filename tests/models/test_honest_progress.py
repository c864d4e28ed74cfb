"""Progress counts what a student did: a finished game, an outline of their own analysis."""

from __future__ import annotations

import html

import pytest

import ketenles
from ketenles import lessons
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models import progress
from ketenles.models.reflection import MIN_WORDS
from ketenles.widgets.progress import ProgressOverview
from ketenles.widgets.trust_game import TrustGame


@pytest.fixture
def tracked(tmp_path):
    def start(lesson, exercises):
        return progress.start_lesson(lesson, exercises, path=tmp_path / "p.json")
    yield start
    progress.stop_tracking()


def test_a_trust_game_counts_only_when_played_to_the_end(tracked):
    store = tracked("03-mensenwerk", ["vertrouwensspel"])
    game = TrustGame("verrassing", rounds=3, seed=1, oefening="vertrouwensspel")
    assert not store.is_done("03-mensenwerk", "vertrouwensspel")
    game.cooperate_button.click()
    game.defect_button.click()
    assert not store.is_done("03-mensenwerk", "vertrouwensspel")
    game.cooperate_button.click()
    assert game.finished and store.is_done("03-mensenwerk", "vertrouwensspel")
    assert "1 van 1" in game.summary_box.value


def test_a_game_without_an_exercise_marks_nothing(tracked):
    store = tracked("03-mensenwerk", ["vertrouwensspel"])
    game = TrustGame("tit_for_tat", rounds=2, seed=1)
    game.play("C")
    game.play("C")
    assert store.done("03-mensenwerk") == ()


def test_outline_on_starting_positions_says_so_and_marks_nothing(tracked):
    store = tracked("06-synthese", ["bouwstenen"])
    case = ketenles.load_case("jeugdbescherming")
    scan, dilemmas = ketenles.ScanExercise(case=case), ketenles.DilemmaExplorer()
    view = lessons.advice_outline(case, scan, dilemmas, ketenles.GovernanceAdvisor(case=case))
    scan_part, dilemma_part = msg("lessons.outline.scan"), msg("lessons.outline.dilemmas")
    assert str(view).startswith(msg("lessons.outline.untouched", parts=f"{scan_part} en {dilemma_part}"))
    assert not store.is_done("06-synthese", "bouwstenen")
    scan.sliders["draagvlak_top"].value = 1
    assert str(lessons.advice_outline(case, scan, dilemmas)).startswith(
        msg("lessons.outline.untouched", parts=dilemma_part))  # the moved scan is no longer named
    assert not store.is_done("06-synthese", "bouwstenen")


def test_outline_on_the_students_own_analysis_counts(tracked):
    store = tracked("06-synthese", ["bouwstenen"])
    case = ketenles.load_case("jeugdbescherming")
    scan, dilemmas = ketenles.ScanExercise(case=case), ketenles.DilemmaExplorer()
    scan.sliders["draagvlak_top"].value = 1
    dilemmas.sliders[next(iter(dilemmas.sliders))].value = 2
    view = lessons.advice_outline(case, scan, dilemmas)
    assert store.is_done("06-synthese", "bouwstenen")
    assert "Opgeslagen in je voortgang" in str(view)


def test_outline_wants_the_widgets_themselves(tracked):
    tracked("06-synthese", ["bouwstenen"])
    case = ketenles.load_case("jeugdbescherming")
    with pytest.raises(ArgumentError, match="ScanExercise"):
        lessons.advice_outline(case, ketenles.ScanExercise(case=case).result, ketenles.DilemmaExplorer())


def test_overview_says_nothing_is_done_without_praise(tmp_path):
    store = progress.ProgressStore(tmp_path / "p.json")
    store.register("03-mensenwerk", ["a", "b"])
    overview = ProgressOverview(store)
    assert overview.texts["03-mensenwerk"].value.startswith(msg("progress.widget.count_none", total=2))
    assert "goed gedaan" not in overview.heading.value
    assert html.escape(msg("progress.widget.intro", min_words=MIN_WORDS)) in overview.heading.value

"""The synthesis outline: the student's analyses side by side, with the seminar's questions."""

import pytest

import ketenles
from ketenles import load_case, score_scan
from ketenles.errors import ArgumentError
from ketenles.models.dilemmas import read_dilemmas
from ketenles.models.governance import advise
from ketenles.models.synthesis import advice_outline


@pytest.fixture
def case():
    return load_case("suwi-keten")


def test_outline_collects_every_analysis(case):
    scan = score_scan(case.scan_scores())
    reading = read_dilemmas({"regie_of_autonomie": 2, "eigen_of_gezamenlijk_belang": -1,
                             "vertrouwen_of_vastleggen": 2})
    advice = advise("gemiddeld", 20, "matig_hoog", "hoog")
    outline = advice_outline(case, scan, reading, advice)
    text = outline.text()
    assert case.dominant_chain_problem.text in text
    assert "Draagvlak in de top" in text  # the weakest factor of the course estimate
    assert reading.combined.title in text
    assert advice.headline in text and "Suwi-keten" in text
    for word in ("Initiatief", "Vertrouwen", "Commitment"):
        assert word in text
    assert "<h4>" in outline._repr_html_()


def test_missing_analyses_are_named_not_skipped(case):
    text = advice_outline(case, score_scan(case.scan_scores())).text()
    assert "dilemmaverkenner" in text and "bestuursvormadviseur" in text


def test_outline_follows_the_widgets(case):
    scan = ketenles.ScanExercise(case=case)
    scan.sliders["gezamenlijk_doel"].value = 1
    outline = advice_outline(case, scan.result)
    assert "Een helder gezamenlijk doel" in outline.sections[1].lines[1]


def test_bad_arguments(case):
    with pytest.raises(ArgumentError, match="case"):
        advice_outline("suwi-keten", score_scan(case.scan_scores()))
    with pytest.raises(ArgumentError, match="scan"):
        advice_outline(case, case.scan_scores())
    with pytest.raises(ArgumentError, match="dilemmaverkenner"):
        advice_outline(case, score_scan(case.scan_scores()), dilemmas={"a": 1})
    with pytest.raises(ArgumentError, match="bestuursvormadviseur"):
        advice_outline(case, score_scan(case.scan_scores()), governance="nao")

"""The ketenscan model: scores, weakest links, advice, comparison, bad input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenles.content.seminar import factor_ids
from ketenles.errors import ArgumentError
from ketenles.models.scan import ScanResult, compare_scans, compare_with_estimate, score_scan

IDS = factor_ids()
answers = st.fixed_dictionaries({fid: st.integers(1, 5) for fid in IDS})


def scan(*scores):
    return score_scan(dict(zip(IDS, scores, strict=True)))


def test_profile_of_a_chain():
    result = scan(4, 2, 3, 4, 5)
    assert result.scores == dict(zip(IDS, (4, 2, 3, 4, 5), strict=True))
    assert result.mean == 3.6
    assert result.weakest == ("persoonlijk_commitment",)
    assert result.level == "sterk"
    assert result.percentages["persoonlijk_commitment"] == 25.0


def test_ties_make_several_weakest_links_in_factor_order():
    assert scan(2, 4, 2, 5, 3).weakest == ("gezamenlijk_doel", "weinig_machtsdruk")


def test_levels_follow_the_mean():
    assert scan(1, 2, 2, 2, 2).level == "fragiel"
    assert scan(3, 3, 3, 3, 3).level == "in_opbouw"
    assert scan(3, 4, 4, 4, 3).level == "sterk"


def test_advice_names_each_weakest_factor_and_the_seminar():
    advice = scan(2, 4, 2, 5, 3).advice
    assert advice[0].startswith("Een helder gezamenlijk doel:")
    assert advice[1].startswith("Zo min mogelijk druk")
    assert "Groothedde" in advice[-1]


def test_all_maximal_has_no_weakest_and_a_caution():
    result = scan(5, 5, 5, 5, 5)
    assert result.weakest == ()
    assert "ketenpartners" in result.advice[0]


def test_summary_is_a_complete_text_alternative():
    text = scan(4, 2, 3, 4, 5).summary()
    for name, score in (("Persoonlijk commitment", 2), ("Draagvlak in de top van je organisatie", 5)):
        assert f"{name}: {score} van 5." in text
    assert "Zwakste schakel: Persoonlijk commitment" in text
    assert "3,6" in text


def test_comparisons():
    a, b = scan(1, 2, 3, 4, 5), scan(2, 2, 2, 2, 2)
    assert compare_scans(a, b) == dict(zip(IDS, (1, 0, -1, -2, -3), strict=True))
    lines = compare_with_estimate(a, b.scores, {"draagvlak_top": "Omdat het bestuur zwijgt."})
    assert any("Draagvlak" in line and "positiever" in line and "bestuur zwijgt" in line for line in lines)
    assert any("Elkaar successen" in line for line in lines)
    assert "geen juist antwoord" in lines[-1]
    assert "binnen één punt" in compare_with_estimate(b, b.scores)[0]


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ([3, 3, 3, 3, 3], "dict"),
        ({fid: 3 for fid in IDS[:4]}, "nog niet ingevuld: draagvlak_top"),
        ({**{fid: 3 for fid in IDS}, "gezamelijk_doel": 3}, "Bedoelde je 'gezamenlijk_doel'"),
        ({**{fid: 3 for fid in IDS}, "draagvlak_top": 6}, "1 tot en met 5"),
        ({**{fid: 3 for fid in IDS}, "draagvlak_top": "3"}, "niet '3'"),
        ({**{fid: 3 for fid in IDS}, "draagvlak_top": 3.5}, "3.5"),
        ({**{fid: 3 for fid in IDS}, "draagvlak_top": True}, "True"),
        (None, "None"),
    ],
)
def test_bad_answers_are_explained(bad, words):
    with pytest.raises(ArgumentError) as info:
        score_scan(bad)
    assert words in str(info.value)
    assert "answers" in str(info.value)


def test_compare_refuses_non_results():
    with pytest.raises(ArgumentError, match="score_scan"):
        compare_scans({"a": 1}, scan(1, 1, 1, 1, 1))


@given(answers)
def test_properties(scores):
    result = score_scan(scores)
    assert isinstance(result, ScanResult)
    assert 1 <= result.mean <= 5
    assert all(0 <= p <= 100 for p in result.percentages.values())
    if result.weakest:
        lowest = min(scores.values())
        assert {scores[f] for f in result.weakest} == {lowest}
        assert all(scores[f] > lowest for f in IDS if f not in result.weakest)
    assert result.advice and result.summary()
    assert compare_scans(result, result) == dict.fromkeys(IDS, 0)


@given(answers, st.integers(0, 4), st.integers(1, 4))
def test_raising_a_weakest_factor_never_lowers_the_mean(scores, index, bump):
    before = score_scan(scores)
    fid = IDS[index]
    raised = dict(scores, **{fid: min(5, scores[fid] + bump)})
    assert score_scan(raised).mean >= before.mean


@pytest.mark.parametrize("value", [1, 2, 3, 4])
def test_all_equal_scores_give_one_advice_not_five(value):
    result = scan(*[value] * 5)
    assert len(result.advice) == 2  # the tie, then the seminar once
    assert "dezelfde score" in result.advice[0] and str(value) in result.advice[0]
    assert len(set(result.advice)) == len(result.advice)
    assert "alle factoren scoren gelijk" in result.summary()

"""The Provan & Kenis advisor: agrees with the paper's table, explains itself, refuses bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenles import governance
from ketenles.content.case_schema import GOVERNANCE_FORMS
from ketenles.content.cases import load_case
from ketenles.errors import ArgumentError
from ketenles.i18n import catalogue, msg
from ketenles.models.governance import (
    CONTINGENCIES,
    FEW_MAX,
    LEVELS,
    MODERATE_MAX,
    MODES,
    advise,
    case_profile,
    participants_level,
    profile,
)

# Provan & Kenis (2008), key predictors of effectiveness, typed in row by row.
# Participants as a number inside the course's band for few / moderate / many.
PAPER_TABLE = [
    ("gedeeld", dict(trust="hoog", participants=5, goal_consensus="hoog", competencies="laag")),
    ("leidende_organisatie", dict(trust="laag", participants=12, goal_consensus="matig_laag",
                                  competencies="gemiddeld")),
    # "moderate to many": both readings must give the NAO.
    ("nao", dict(trust="gemiddeld", participants=12, goal_consensus="matig_hoog", competencies="hoog")),
    ("nao", dict(trust="gemiddeld", participants=60, goal_consensus="matig_hoog", competencies="hoog")),
]


@pytest.mark.parametrize(("mode", "row"), PAPER_TABLE)
def test_each_row_of_the_paper_fits_its_own_mode_fully_and_uniquely(mode, row):
    advice = advise(**row)
    assert advice.matches[mode] == 4
    assert advice.scores[mode] == 4.0
    assert advice.best == (mode,)
    assert all(advice.scores[other] < 4.0 for other in MODES if other != mode)


@pytest.mark.parametrize(("mode", "row"), PAPER_TABLE)
def test_rows_given_as_levels_give_the_same_advice(mode, row):
    as_levels = dict(row, participants=participants_level(row["participants"]))
    assert advise(**as_levels).scores == advise(**row).scores


def test_modes_are_the_case_file_ids_with_the_case_names():
    assert MODES == GOVERNANCE_FORMS
    for mode in MODES:
        assert governance.mode_name(mode) == msg(f"cases.governance_forms.{mode}")
    # The names live in the cases catalogue only, not copied into governance.yaml.
    own_texts = {v for k, v in catalogue("nl").items() if k.startswith("governance.")}
    assert not own_texts & {msg(f"cases.governance_forms.{m}") for m in MODES}


def test_participant_bands_have_documented_cut_offs():
    assert participants_level(2) == participants_level(FEW_MAX) == "weinig"
    assert participants_level(FEW_MAX + 1) == participants_level(MODERATE_MAX) == "gemiddeld"
    assert participants_level(MODERATE_MAX + 1) == "veel"
    label = governance.level_label("participants", "weinig")
    assert str(FEW_MAX) in label


def test_reasons_are_dutch_name_each_contingency_and_say_the_verdict_in_words():
    advice = advise(**PAPER_TABLE[0][1])
    shared, lead = advice.fits["gedeeld"], advice.fits["leidende_organisatie"]
    assert len(shared.reasons) == 4
    assert all(r.startswith(msg("governance.verdict.match")) for r in shared.reasons)
    assert lead.reasons[0].startswith(msg("governance.verdict.mismatch"))  # trust hoog vs laag
    assert lead.reasons[1].startswith(msg("governance.verdict.partial"))  # weinig vs gemiddeld
    for reason, name in zip(shared.reasons, CONTINGENCIES, strict=True):
        assert governance.contingency_name(name) in reason
    assert "Provan en Kenis" in shared.reasons[0]


def test_explanation_links_the_best_mode_to_the_seminar():
    lead = advise(**PAPER_TABLE[1][1])
    assert "de aanwezigen" in " ".join(lead.explanation())
    shared = advise(**PAPER_TABLE[0][1])
    assert "Groothedde" in " ".join(shared.explanation())
    nao = advise(**PAPER_TABLE[2][1])
    assert "Winters" in " ".join(nao.explanation())


def test_the_three_tensions_are_explained_with_the_seminar():
    tensions = governance.tensions()
    assert [t.id for t in tensions] == ["efficientie_inclusiviteit", "legitimiteit",
                                        "flexibiliteit_stabiliteit"]
    text = " ".join(f"{t.name} {t.explanation} {t.seminar}" for t in tensions)
    for word in ("Efficiëntie", "inclusiviteit", "legitimiteit", "Flexibiliteit", "stabiliteit",
                 "Winters", "aanwezigen", "Groothedde", "regie", "centrum"):
        assert word in text
    assert "Helder" not in text  # the discussion's conclusions are the attendees', not hers


def test_a_tie_names_every_best_mode():
    # Low trust and many partners with moderately low consensus and high competence
    # needs: lead organisation and NAO each match two predictors and miss two by a step.
    advice = advise(trust="laag", participants="veel", goal_consensus="matig_laag", competencies="hoog")
    assert advice.scores == {"gedeeld": 0.0, "leidende_organisatie": 3.0, "nao": 3.0}
    assert advice.best == ("leidende_organisatie", "nao")
    assert msg("governance.advice.name_join").strip() in advice.headline


def test_summary_is_a_text_alternative_with_every_score():
    advice = advise(**PAPER_TABLE[1][1])
    summary = advice.summary()
    for mode in MODES:
        assert governance.mode_name(mode) in summary
    assert "2,5 van 4" in summary  # NAO, with a Dutch decimal comma
    assert advice.as_dict()["best"] == ["leidende_organisatie"]


def test_case_profile_starts_at_the_cases_own_form_and_comparison_follows_it():
    for case_id in ("strafrechtketen", "suwi-keten"):
        case = load_case(case_id)
        advice = advise(**case_profile(case))
        assert advice.best == (case.governance_form,)
        assert msg("governance.advice.case_agrees") in advice.compare_with_case(case)
    suwi = load_case("suwi-keten")
    other = advise(**profile("gedeeld")).compare_with_case(suwi)
    assert other[1] == msg("governance.advice.case_differs", form=governance.mode_name("nao"))


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        (dict(trust="heel hoog"), "trust"),
        (dict(trust=3), "trust"),
        (dict(participants=1), "participants"),
        (dict(participants=True), "participants"),
        (dict(participants=4.5), "participants"),
        (dict(participants="enkele"), "participants"),
        (dict(goal_consensus="matig"), "goal_consensus"),
        (dict(competencies=None), "competencies"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message(kwargs, argument):
    row = dict(PAPER_TABLE[0][1], **kwargs)
    with pytest.raises(ArgumentError) as info:
        advise(**row)
    assert info.value.argument == argument
    assert "Toegestaan" in str(info.value)


def test_a_near_miss_gets_a_suggestion():
    with pytest.raises(ArgumentError, match="matig_hoog"):
        advise(trust="hoog", participants=4, goal_consensus="matig_hogg", competencies="laag")


def test_other_bad_calls_are_refused():
    with pytest.raises(ArgumentError):
        governance.check_inputs({"trust": "hoog"})
    with pytest.raises(ArgumentError):
        governance.check_inputs(["hoog"])
    with pytest.raises(ArgumentError):
        profile("hiërarchie")
    with pytest.raises(ArgumentError):
        case_profile("strafrechtketen")
    with pytest.raises(ArgumentError):
        advise(**PAPER_TABLE[0][1]).compare_with_case("suwi-keten")


# --- properties -----------------------------------------------------------------

level_inputs = st.fixed_dictionaries({c: st.sampled_from(LEVELS[c]) for c in CONTINGENCIES})
count_inputs = st.fixed_dictionaries({
    "trust": st.sampled_from(LEVELS["trust"]), "participants": st.integers(2, 10_000),
    "goal_consensus": st.sampled_from(LEVELS["goal_consensus"]),
    "competencies": st.sampled_from(LEVELS["competencies"]),
})


@given(st.one_of(level_inputs, count_inputs))
def test_fits_are_bounded_and_there_is_always_a_best_mode(inputs):
    advice = advise(**inputs)
    for mode in MODES:
        assert 0 <= advice.matches[mode] <= advice.scores[mode] <= 4
        assert advice.scores[mode] * 2 == int(advice.scores[mode] * 2)  # whole or half points
    assert advice.best
    assert set(advice.best) <= set(MODES)
    assert all(advice.scores[m] == max(advice.scores.values()) for m in advice.best)


@given(level_inputs, st.sampled_from(MODES), st.sampled_from(CONTINGENCIES))
def test_moving_a_contingency_to_a_modes_ideal_never_lowers_its_fit(inputs, mode, contingency):
    # Why: the table names the conditions under which a mode works best, so
    # meeting one more of them must make that mode fit at least as well,
    # and exactly one more exact match if it was not met before.
    before = advise(**inputs)
    ideal = profile(mode)[contingency]
    after = advise(**dict(inputs, **{contingency: ideal}))
    assert after.scores[mode] >= before.scores[mode]
    was_ideal = inputs[contingency] in governance.IDEAL[mode][contingency]
    assert after.matches[mode] == before.matches[mode] + (0 if was_ideal else 1)


@given(level_inputs, st.sampled_from(CONTINGENCIES))
def test_each_mode_depends_on_a_contingency_only_through_its_own_item(inputs, contingency):
    # Changing one contingency leaves the other three items of every mode alone.
    other_level = LEVELS[contingency][0]
    a, b = advise(**inputs), advise(**dict(inputs, **{contingency: other_level}))
    for mode in MODES:
        for item_a, item_b in zip(a.fits[mode].items, b.fits[mode].items, strict=True):
            if item_a.contingency != contingency:
                assert item_a.score == item_b.score


@given(st.integers(2, 10_000), st.integers(2, 10_000))
def test_more_participants_never_gives_a_lower_band(n, m):
    order = LEVELS["participants"]
    low, high = sorted((n, m))
    assert order.index(participants_level(low)) <= order.index(participants_level(high))


@given(count_inputs)
def test_a_number_counts_exactly_as_its_band(inputs):
    band = dict(inputs, participants=participants_level(inputs["participants"]))
    assert advise(**inputs).scores == advise(**band).scores


@given(st.sampled_from(MODES), st.data())
def test_every_input_inside_a_modes_row_makes_it_the_unique_best(mode, data):
    row = {c: data.draw(st.sampled_from(governance.IDEAL[mode][c])) for c in CONTINGENCIES}
    advice = advise(**row)
    assert advice.best == (mode,) and advice.matches[mode] == 4


def test_every_bundled_case_starts_at_a_profile_where_its_own_form_fits_best():
    from ketenles.content.cases import load_cases

    for case in load_cases():
        assert advise(**case_profile(case)).best == (case.governance_form,)

"""The governance advisor, driven from Python as a student would drive it."""

import html
import re

import pytest

from ketenles.content.cases import load_case
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.governance import CONTINGENCIES, TYPICAL_COUNT, advise, profile
from ketenles.widgets.governance import GovernanceAdvisor


def alt_text(widget):
    return html.unescape(re.search(r'alt="([^"]*)"', widget.chart.value).group(1))


@pytest.fixture
def advisor():
    return GovernanceAdvisor()


def test_every_control_is_labelled(advisor):
    assert list(advisor.controls) == list(CONTINGENCIES)
    for control in advisor.controls.values():
        assert control.description


@pytest.mark.parametrize("typed, used, words", [(0, 2, "minstens 2"), (-5, 2, "minstens 2"),
                                                (1, 2, "minstens 2"), (250_000, 100_000, "hoogstens 100.000")])
def test_an_out_of_range_participant_count_is_corrected_and_said_in_dutch(advisor, typed, used, words):
    advisor.controls["participants"].value = typed
    assert advisor.controls["participants"].value == used
    assert advisor.inputs["participants"] == used
    note = html.unescape(advisor.participants_note.value)
    assert words in note and f"Je typte {format_number(typed)}" in note
    assert f"rekent nu met {format_number(used)}" in note
    # A number in range afterwards: the correction is no longer mentioned.
    advisor.controls["participants"].value = 12
    assert "Je typte" not in advisor.participants_note.value
    assert "Telt als" in advisor.participants_note.value


def test_labels_and_options_have_room_and_are_not_cut_off(advisor):
    """At about 0.55 em per character, every label fits its column and every option the rest."""
    label_em = float(advisor.controls["trust"].style.description_width.removesuffix("em"))
    total_em = float(advisor.controls["trust"].layout.width.removesuffix("em"))
    for control in advisor.controls.values():
        assert len(control.description) * 0.55 <= label_em, control.description
        for option in getattr(control, "options", ()):
            label = option[0] if isinstance(option, tuple) else option
            assert len(label) * 0.55 <= total_em - label_em, label


def test_a_blank_advisor_shows_no_advice_until_all_four_are_chosen():
    advisor = GovernanceAdvisor(case=load_case("loonaangifteketen"), blank=True)
    assert advisor.advice is None and advisor.chart.value == ""
    assert "Nog geen advies" in advisor.text.value
    assert all(advisor.controls[n].value is None for n in ("trust", "goal_consensus", "competencies"))
    nothing_chosen = msg("governance.widget.start_blank")
    assert nothing_chosen in advisor.blank_note.value
    advisor.controls["trust"].value = "laag"
    advisor.controls["goal_consensus"].value = "matig_laag"
    assert advisor.advice is None
    assert nothing_chosen in advisor.blank_note.value  # one choice still open
    advisor.controls["competencies"].value = "gemiddeld"
    assert advisor.advice is not None and "<img" in advisor.chart.value
    assert nothing_chosen not in advisor.blank_note.value and advisor.blank_note.value == ""
    assert advisor.advice.best == advise(trust="laag", participants=2, goal_consensus="matig_laag",
                                         competencies="gemiddeld").best


def test_changing_a_control_updates_advice_chart_and_text(advisor):
    chart_before, text_before = advisor.chart.value, advisor.text.value
    for name, value in dict(trust="laag", participants=12, goal_consensus="matig_laag",
                            competencies="gemiddeld").items():
        advisor.controls[name].value = value
    assert advisor.inputs == {"trust": "laag", "participants": 12, "goal_consensus": "matig_laag",
                              "competencies": "gemiddeld"}
    assert advisor.advice.best == ("leidende_organisatie",)
    assert advisor.advice.scores == advise(**advisor.inputs).scores
    assert advisor.chart.value != chart_before and advisor.text.value != text_before
    assert "Eén leidende organisatie: 4 van 4 punten" in alt_text(advisor)
    assert "de aanwezigen" in advisor.text.value


def test_the_participants_band_is_shown_next_to_the_number(advisor):
    advisor.controls["participants"].value = 50
    assert "veel" in advisor.participants_note.value
    assert advisor.advice.levels["participants"] == "veel"


def test_chart_is_an_image_with_alt_text_and_the_text_has_reasons_and_tensions(advisor):
    assert 'src="data:image/png;base64,' in advisor.chart.value
    assert msg("governance.advice.caveat") in html.unescape(advisor.text.value)
    text = html.unescape(advisor.text.value)
    assert text.count(msg("governance.verdict.match")) + text.count(msg("governance.verdict.partial")) \
        + text.count(msg("governance.verdict.mismatch")) == 12  # 3 modes x 4 contingencies
    assert "Flexibiliteit of stabiliteit" in text


def test_a_case_sets_the_start_and_is_compared_with_the_advice():
    advisor = GovernanceAdvisor(case=load_case("suwi-keten"))
    assert advisor.inputs == dict(profile("nao"), participants=TYPICAL_COUNT["veel"])
    assert advisor.advice.best == ("nao",)
    assert msg("governance.advice.case_agrees") in html.unescape(advisor.text.value)
    advisor.controls["trust"].value = "hoog"
    advisor.controls["participants"].value = 4
    advisor.controls["goal_consensus"].value = "hoog"
    advisor.controls["competencies"].value = "laag"
    assert advisor.advice.best == ("gedeeld",)
    assert "minder goed" in html.unescape(advisor.text.value)


def test_start_values_and_bad_arguments():
    advisor = GovernanceAdvisor(start=dict(profile("gedeeld")))
    assert advisor.controls["participants"].value == TYPICAL_COUNT["weinig"]
    assert advisor.advice.best == ("gedeeld",)
    with pytest.raises(ArgumentError):
        GovernanceAdvisor(case="suwi-keten")
    with pytest.raises(ArgumentError):
        GovernanceAdvisor(start={"trust": "hoog"})

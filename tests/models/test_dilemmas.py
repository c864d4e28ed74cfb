"""Winters' dilemmas: positions, implications, the combined reading, and the explorer widget."""

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenles.errors import ArgumentError
from ketenles.i18n import catalogue
from ketenles.models.dilemmas import PARTS, check_positions, combined_reading, dilemma_ids, read_dilemmas
from ketenles.widgets.dilemmas import DilemmaExplorer

REGIE, BELANG, VAST = dilemma_ids()
positions = st.fixed_dictionaries({d: st.integers(-2, 2) for d in dilemma_ids()})


def pos(r, b, v):
    return {REGIE: r, BELANG: b, VAST: v}


def test_the_three_dilemmas_of_the_seminar():
    assert dilemma_ids() == ("regie_of_autonomie", "eigen_of_gezamenlijk_belang",
                             "vertrouwen_of_vastleggen")


def test_each_side_has_its_own_strength_risk_and_sources():
    left = read_dilemmas(pos(-2, 0, 0)).implications[REGIE]
    right = read_dilemmas(pos(2, 0, 0)).implications[REGIE]
    middle = read_dilemmas(pos(0, 0, 0)).implications[REGIE]
    assert (left.side, middle.side, right.side) == ("left", "middle", "right")
    assert left.risk != right.risk != middle.risk
    assert "aanwezigen" in left.seminar and "Helder" not in left.seminar
    assert "Provan & Kenis" in left.literature
    assert left.stance == "Je kiest duidelijk voor: Regie uit handen geven."


def test_trust_side_links_groothedde_and_falk_kosfeld_and_written_side_poppo_zenger():
    trust = read_dilemmas(pos(0, 0, -2)).implications[VAST]
    middle = read_dilemmas(pos(0, 0, 0)).implications[VAST]
    assert "Groothedde" in trust.seminar and "Falk & Kosfeld" in trust.literature
    assert "Poppo & Zenger" in middle.literature
    assert "Froger" in read_dilemmas(pos(0, 0, 0)).implications[BELANG].seminar


def test_leaning_is_read_as_milder_than_choosing():
    lean = read_dilemmas(pos(1, 0, 0)).implications[REGIE]
    strong = read_dilemmas(pos(2, 0, 0)).implications[REGIE]
    assert lean.stance.startswith("Je neigt naar") and strong.stance.startswith("Je kiest duidelijk")
    assert any("mildere vorm" in line for line in lean.lines())
    assert not any("mildere vorm" in line for line in strong.lines())


@pytest.mark.parametrize("r, b, v, kind", [
    (-2, 2, 2, "lead_low_trust"),
    (-1, 1, 1, "lead_low_trust"),
    (-2, 2, -2, "lead_without_goal"),
    (-2, -2, 0, "lead_shared_goal"),
    (2, -2, -2, "shared_trust"),
    (2, 2, 0, "loose_coalition"),
    (2, -1, 2, "covenant"),
    (0, 0, 2, "balanced"),
    (0, 2, 2, "mixed"),
])
def test_combined_readings(r, b, v, kind):
    assert combined_reading(pos(r, b, v)).id == kind


def test_lead_organisation_with_low_trust_says_what_to_watch():
    combined = read_dilemmas(pos(-2, 2, 2)).combined
    assert "leidende organisatie" in combined.title
    assert "Provan & Kenis" in combined.text and "Falk & Kosfeld" in combined.watch
    assert "all_extreme" in combined.note_ids and not combined.mild
    assert combined_reading(pos(-1, 1, 1)).mild


@given(positions)
def test_every_position_has_complete_texts_and_one_reading(p):
    reading = read_dilemmas(p)
    nl = catalogue("nl")
    for imp in reading.implications.values():
        assert all(imp.keys[part] in nl for part in PARTS)
        assert imp.side == ("left" if imp.position < 0 else "right" if imp.position > 0 else "middle")
    assert reading.combined.title and reading.combined.watch
    assert all(reading.combined.notes)
    assert reading.positions == p
    assert reading.as_dict()["combined"]["id"] == reading.combined.id


@given(positions)
def test_trust_without_a_shared_goal_is_always_flagged(p):
    flagged = "trust_without_goal" in combined_reading(p).note_ids
    assert flagged == (p[VAST] < 0 and p[BELANG] > 0)


@pytest.mark.parametrize("bad, match", [
    ({REGIE: 0, BELANG: 0}, "nog niet ingevuld: vertrouwen_of_vastleggen"),
    ({REGIE: 3, BELANG: 0, VAST: 0}, "-2 tot en met 2"),
    ({REGIE: True, BELANG: 0, VAST: 0}, "geheel getal"),
    ({REGIE: 0.5, BELANG: 0, VAST: 0}, "geheel getal"),
    ({"regie_of_autonomi": 0, BELANG: 0, VAST: 0}, "Bedoelde je 'regie_of_autonomie'"),
    ([0, 0, 0], "dict"),
])
def test_bad_positions_are_refused_in_dutch(bad, match):
    with pytest.raises(ArgumentError, match=match):
        check_positions(bad)


def alt_text(widget):
    return re.search(r'alt="([^"]*)"', widget.chart.value).group(1)


def test_explorer_shows_labelled_sliders_with_both_poles():
    explorer = DilemmaExplorer()
    assert explorer.positions == pos(0, 0, 0)
    for slider in explorer.sliders.values():
        assert slider.description and slider.min == -2 and slider.max == 2 and slider.tooltip
    poles = [label.value for row in explorer.children[1:4] for label in row.children[1].children]
    assert "◀ -2: Regie uit handen geven" in poles and "+2: Zwart op wit ▶" in poles


def test_moving_a_slider_updates_figure_alt_text_and_implications():
    explorer = DilemmaExplorer()
    chart_before, details_before = explorer.chart.value, explorer.details.value
    explorer.sliders[REGIE].value = -2
    assert explorer.positions[REGIE] == -2
    assert explorer.implications[REGIE].side == "left"
    assert explorer.chart.value != chart_before and explorer.details.value != details_before
    assert "Regie of autonomie: positie -2" in alt_text(explorer)
    assert "Sterk:" in explorer.details.value and "Risico:" in explorer.details.value


def test_set_positions_gives_the_combined_reading():
    explorer = DilemmaExplorer(start=pos(1, 1, 1))
    explorer.set_positions(pos(-2, 2, 2))
    assert explorer.reading.combined.id == "lead_low_trust"
    assert "Een leidende organisatie in een keten met weinig vertrouwen" in explorer.details.value
    assert "Samen: Een leidende organisatie" in alt_text(explorer)
    with pytest.raises(ArgumentError):
        DilemmaExplorer(start={REGIE: 5})


def test_the_positions_figure_is_titled_labelled_and_marks_each_position():
    from ketenles.display.dilemmas import positions_chart, positions_figure
    from ketenles.i18n import msg

    reading = read_dilemmas(pos(-2, 0, 1))
    ax = positions_figure(reading).axes[0]
    assert ax.get_title() == msg("dilemmas.figure.title")
    assert ax.get_xlabel() == msg("dilemmas.figure.axis")
    texts = [t.get_text() for t in ax.texts]
    # Each position is written on its marker, so the figure reads without colour.
    assert {"-2", "0", "+1"} <= set(texts)
    assert all(msg(f"dilemmas.names.{did}") in texts for did in dilemma_ids())
    chart = positions_chart(reading)
    assert re.search(r'alt="([^"]*)"', chart).group(1) == html.escape(reading.summary(), quote=True)

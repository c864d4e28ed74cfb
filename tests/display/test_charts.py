"""The course's figures: a title, labelled axes, a text alternative, and never colour alone."""

from __future__ import annotations

import html
import re

import pytest

from ketenles.display import charts


def _texts(ax) -> tuple[str, str, str]:
    return ax.get_title(), ax.get_xlabel(), ax.get_ylabel()


def test_bar_chart_has_title_labels_and_a_pattern_per_bar():
    fig = charts.bar_chart(["a", "b", "c"], [1, 2.5, 3], "Titel", "Optie", "Punten", emphasis=[False, True, False])
    ax = fig.axes[0]
    assert _texts(ax) == ("Titel", "Optie", "Punten")
    bars = ax.patches
    assert len({bar.get_hatch() for bar in bars}) == 3  # a pattern, not only a colour, tells bars apart
    assert [bar.get_linewidth() for bar in bars][1] > bars[0].get_linewidth()  # emphasis by outline
    assert [t.get_text() for t in ax.texts] == ["1", "2,5", "3"]  # the values are written, in Dutch


def test_line_chart_tells_series_apart_by_marker_and_style_as_well_as_colour():
    fig = charts.line_chart([1, 2, 3], {"x": [1, 2, 3], "y": [3, 2, 1]}, "Titel", "Ronde", "Score")
    ax = fig.axes[0]
    assert _texts(ax) == ("Titel", "Ronde", "Score")
    lines = [line for line in ax.get_lines() if line.get_label() in ("x", "y")]
    assert len(lines) == 2
    assert lines[0].get_marker() != lines[1].get_marker()
    assert ax.get_legend() is not None


def test_horizontal_bars_are_sorted_high_to_low_and_labelled():
    fig = charts.horizontal_bar_chart(["laag", "hoog", "midden"], [1, 3, 2], "Titel", "Waarde", "Factor")
    ax = fig.axes[0]
    assert _texts(ax) == ("Titel", "Waarde", "Factor")
    # The y axis runs downwards (ylim inverted): the first place is the top row, read first.
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    from_top = sorted(ax.patches, key=lambda bar: bar.get_y())
    assert [bar.get_width() for bar in from_top] == [3, 2, 1]


def test_radar_has_a_title_and_its_spokes_are_named():
    fig = charts.radar(["doel", "commitment", "macht"], {"jij": [1, 4, 2]}, "Ketenscan", "score")
    ax = fig.axes[0]
    assert ax.get_title() == "Ketenscan"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["doel", "commitment", "macht"]


@pytest.mark.parametrize("alt", ["Een staafdiagram", 'Met "aanhalingstekens" & <tekens>'])
def test_html_figure_carries_its_text_alternative_escaped(alt):
    fig = charts.bar_chart(["a"], [1], "T", "x", "y")
    page = charts.to_html(fig, alt)
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="', page)
    assert f'alt="{html.escape(alt, quote=True)}"' in page
    assert "<script" not in page and "<tekens>" not in page


def test_the_palette_is_the_colour_blind_safe_one():
    # Okabe & Ito's eight colours, which stay distinct for the common colour-vision deficiencies.
    assert set(charts.PALETTE) == {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                                   "#000000"}

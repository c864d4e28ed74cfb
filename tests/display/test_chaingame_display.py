"""The chain game debrief's figures and tables: titles, labelled axes, text alternatives, never colour alone."""

from __future__ import annotations

import pytest

from ketenles.display import chaingame
from ketenles.i18n import msg
from ketenles.models.chaingame.debrief import load_sample


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def test_cooperation_figure_has_a_line_per_chain_and_the_class_and_an_alt_text(sample):
    game = sample.game(1)
    fig, alt = chaingame.cooperation_figure(game)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() == msg("chaingame.debrief.chart_x") and ax.get_ylabel()
    lines = ax.get_lines()
    assert len(lines) == len(game.chains) + 1
    chain_lines = lines[:-1]
    assert len({(line.get_marker(), line.get_linestyle()) for line in chain_lines}) > 1  # not colour alone
    assert lines[-1].get_linewidth() > chain_lines[0].get_linewidth()  # the class stands out by width
    assert list(lines[-1].get_ydata()) == pytest.approx(game.class_cooperation())
    assert f"{round(100 * game.class_cooperation()[0])}%" in alt


def test_effects_figure_pairs_with_and_without_by_hatch_and_names_every_value(sample):
    fig, alt = chaingame.effects_figure(sample)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    hatches = {bar.get_hatch() for bar in ax.patches}
    assert len(hatches) == 2
    for effect in sample.option_effects():
        assert effect["label"] in alt


def test_tables_have_captions_and_header_cells(sample):
    for view in (chaingame.effects_table(sample), chaingame.seminar_table()):
        assert "<caption>" in view.html and "<th scope='col'>" in view.html and "<th scope='row'>" in view.html
    assert chaingame.cooperation_chart(sample.game(2)).html.count('alt="') == 1


def test_a_chains_summary_lists_its_story(sample):
    view = chaingame.chain_summary(sample.game(3), 1)
    assert view.html.count("<li>") >= 3

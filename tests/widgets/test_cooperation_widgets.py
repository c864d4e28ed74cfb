"""The trust game and the tournament explorer, driven from Python as a student would."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from ketenles import charts
from ketenles.errors import ArgumentError, KetenlesError
from ketenles.models.cooperation import STRATEGY_IDS, narration, strategy
from ketenles.widgets.cooperation import TournamentExplorer, TrustGame


def alt_text(html_widget) -> str:
    return re.search(r'alt="([^"]*)"', html_widget.value).group(1)


def image(html_widget) -> str:
    return re.search(r'src="data:image/png;base64,([^"]+)"', html_widget.value).group(1)


# --- Trust game ---------------------------------------------------------------------------

@pytest.fixture
def game():
    return TrustGame("tit_for_tat", rounds=4, seed=3)


def test_the_moves_are_labelled_buttons_in_a_keyboard_order(game):
    row = next(c for c in game.children if game.cooperate_button in getattr(c, "children", ()))
    assert list(row.children) == [game.cooperate_button, game.defect_button, game.restart_button]
    assert game.cooperate_button.description == "Samenwerken"
    assert game.defect_button.description == "Eigen belang"
    assert game.restart_button.description == "Opnieuw"
    for button in row.children:
        assert button.tooltip and len(button.tooltip) > len(button.description)
    assert game.partner_menu.description and game.partner_menu.tooltip
    names = [label for label, _ in game.partner_menu.options]
    assert "Leer om leer (tit for tat)" in names and any("Verrassing" in n for n in names)


def test_a_click_plays_a_round_and_updates_texts_scores_and_chart(game):
    chart_before, alt_before = image(game.chart), alt_text(game.chart)
    assert "nog geen ronde" in alt_before
    game.defect_button.click()
    assert game.history == [("D", "C")]
    assert game.scores == (5.0, 0.0)
    assert game.feedback[0] == "Ronde 1 van 4: jij: eigen belang (D) — partner: samenwerken (C)."
    assert "jij 5, partner 0" in game.round_box.value
    assert image(game.chart) != chart_before
    assert "Na ronde 1: jij 5 punten" in alt_text(game.chart)
    assert "ronde 2 van 4" in game.status_box.value and 'role="status"' in game.status_box.value
    game.cooperate_button.click()
    assert game.history == [("D", "C"), ("C", "D")]  # tit for tat pays back
    assert game.scores == (5.0, 5.0)
    assert "Verloop" in game.round_box.value and "jij: DC; partner: CD" in game.round_box.value


def test_the_game_ends_after_its_rounds_with_a_dutch_summary(game):
    for move in "CCDC":
        game.play(move)
    assert game.finished and len(game.history) == 4
    assert game.cooperate_button.disabled and game.defect_button.disabled
    game.cooperate_button.click()  # ignored, not an error
    assert len(game.history) == 4
    with pytest.raises(KetenlesError, match="Opnieuw"):
        game.play("C")
    summary = " ".join(game.summary)
    assert "Leer om leer (tit for tat)" in summary
    assert "doet daarna steeds wat de partner de vorige ronde deed" in summary
    assert "In 3 van de 3 rondes na de eerste deed je partner wat jij de ronde ervoor deed" in summary
    assert "ieder 12 punten" in summary
    assert "afgelopen" in game.summary_box.value and "Froger" in game.summary_box.value
    assert "afgelopen" in game.status_box.value


def test_restart_starts_a_fresh_game(game):
    game.play("D")
    game.restart_button.click()
    assert game.history == [] and game.scores == (0.0, 0.0) and not game.finished
    assert game.summary == [] and game.summary_box.value == ""
    assert "nog geen ronde" in alt_text(game.chart)


def test_a_surprise_partner_is_named_only_at_the_end():
    game = TrustGame("verrassing", rounds=2, seed=11)
    hidden = strategy(game.partner_id).name
    assert game.partner_id in STRATEGY_IDS
    assert hidden not in game.intro_box.value and "verrassingspartner" in game.intro_box.value
    game.play("C")
    game.play("C")
    assert hidden in " ".join(game.summary)
    # The same seed gives the same partner and the same game.
    again = TrustGame("verrassing", rounds=2, seed=11)
    again.play("C")
    again.play("C")
    assert again.partner_id == game.partner_id and again.history == game.history


def test_choosing_another_partner_starts_a_new_game(game):
    game.play("C")
    game.partner_menu.value = "defector"
    assert game.partner_id == "defector" and game.history == []
    game.play("C")
    assert game.history == [("C", "D")]


def test_settings_show_up_in_the_texts():
    game = TrustGame("cooperator", rounds=3, noise=0.1, informal_contact=0.5, sanction=2.0,
                     monitoring=1.0, seed=0)
    intro = game.intro_box.value
    assert "Misverstanden" in intro and "Informeel contact" in intro and "Contract" in intro
    watched = TrustGame("cooperator", rounds=3, sanction=2.0, monitoring=1.0, seed=0)
    watched.play("D")
    assert "Het toezicht zag jouw eigen belang: 2 punten boete." in watched.feedback
    assert watched.scores == (3.0, 0.0)


@pytest.mark.parametrize("kwargs, argument", [
    ({"partner": "aardig"}, "partner"),
    ({"partner": 3}, "partner"),
    ({"rounds": 0}, "rounds"),
    ({"noise": 2}, "noise"),
    ({"seed": "abc"}, "seed"),
])
def test_bad_trust_game_arguments_are_explained_in_dutch(kwargs, argument):
    with pytest.raises(ArgumentError) as info:
        TrustGame(**kwargs)
    assert info.value.argument == argument and "Toegestaan" in str(info.value)


def test_the_game_shows_the_sentences_of_the_model(game):
    # The widget is a thin layer: what it says comes from models.cooperation.narration.
    for move in "CDCD":
        game.play(move)
        assert game.feedback == narration.round_lines(game.game)
        assert game.round_box.value == "".join(f"<p>{html.escape(line)}</p>" for line in game.feedback)
    assert game.summary == narration.summary(game.game, "Jij")
    assert all(html.escape(line) in game.summary_box.value for line in game.summary)
    assert html.escape(narration.status(game.game)) in game.status_box.value
    assert alt_text(game.chart) == html.escape(narration.chart_text(game.game), quote=True)


def test_the_trust_game_chart_has_room_for_the_worst_and_best_total():
    fined = TrustGame("defector", rounds=5, sanction=3.0, monitoring=1.0, seed=0)
    low, high = fined.game.conditions.score_bounds
    assert fined._line.ax.get_ylim() == pytest.approx((5 * low, 5 * high * 1.05))


def test_a_bad_move_is_explained_in_dutch(game):
    with pytest.raises(ArgumentError, match="samenwerken"):
        game.play("ja")
    assert game.history == []


def test_creating_the_widgets_without_a_notebook_does_not_block():
    code = ("from ketenles.widgets.cooperation import TrustGame, TournamentExplorer\n"
            "g = TrustGame(rounds=2, seed=1); g.play('C'); g.play('D')\n"
            "e = TournamentExplorer(seed=1); e.sliders['noise'].value = 0.1\n"
            "print(g.finished, e.result is not None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True True"


# --- Tournament explorer ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer():
    return TournamentExplorer(["tit_for_tat", "defector", "cooperator", "grim_trigger"],
                              repetitions=3, seed=5)


def test_every_control_is_labelled(explorer):
    for slider in explorer.sliders.values():
        assert slider.description and slider.tooltip
    assert explorer.sliders["noise"].max == 0.2 and explorer.sliders["informal_contact"].max == 1
    assert explorer.length.description and explorer.evolution_box.description
    assert [box.description for box in explorer.checkboxes.values()] == \
        [strategy(s).name for s in STRATEGY_IDS]


def test_the_chart_lists_the_ranking_in_words(explorer):
    explorer.set_settings(noise=0.0, strategies=["tit_for_tat", "defector", "cooperator"])
    result = explorer.result
    assert result.players == ("cooperator", "defector", "tit_for_tat")
    alt = alt_text(explorer.chart)
    positions = [alt.index(result.name(p)) for p in result.ranking]
    assert positions == sorted(positions)
    assert alt.startswith("Liggend staafdiagram") and "1. " in alt
    assert "won" in explorer.explanation and "won" in explorer.explanation_box.value


def test_moving_a_slider_replays_the_tournament(explorer):
    explorer.set_settings(noise=0.0, strategies=["tit_for_tat", "defector", "grim_trigger"])
    before = explorer.result
    chart_before = image(explorer.chart)
    explorer.sliders["noise"].value = 0.1
    assert explorer.settings["noise"] == 0.1
    assert explorer.result.conditions.noise == 0.1
    assert explorer.result.scores != before.scores
    assert image(explorer.chart) != chart_before
    assert "Misverstanden" in explorer.explanation
    explorer.sliders["noise"].value = 0.0  # back again: the same seed, the same result
    assert explorer.result.scores == before.scores


def test_contract_power_and_patience_reach_the_model(explorer):
    explorer.set_settings(sanction=2.0, monitoring=0.5, power=1.5, rounds=50)
    c = explorer.result.conditions
    assert (c.sanction, c.monitoring, c.power, c.rounds) == (2.0, 0.5, 1.5, 50)
    explorer.length.value = "open"
    assert explorer.settings["continuation"] == explorer.sliders["continuation"].value
    assert explorer.result.conditions.continuation == explorer.sliders["continuation"].value
    assert explorer.sliders["rounds"].disabled and not explorer.sliders["continuation"].disabled
    explorer.set_settings(continuation=None, sanction=0.0, power=0.0, monitoring=1.0, rounds=200)
    assert explorer.result.conditions.continuation is None


def test_strategies_are_chosen_with_checkboxes(explorer):
    explorer.set_settings(strategies=["tit_for_tat", "defector", "cooperator"])
    explorer.checkboxes["cooperator"].value = False
    assert explorer.result.players == ("defector", "tit_for_tat")
    explorer.checkboxes["defector"].value = False
    assert explorer.result is None and explorer.chart.value == ""
    assert "minstens twee" in explorer.explanation_box.value
    explorer.checkboxes["grim_trigger"].value = True
    assert set(explorer.result.players) == {"tit_for_tat", "grim_trigger"}


def test_evolution_adds_a_line_chart_with_a_text_alternative(explorer):
    explorer.set_settings(strategies=["tit_for_tat", "defector", "cooperator"], evolution=False)
    assert explorer.evolution is None and explorer.evolution_chart.value == ""
    explorer.evolution_box.value = True
    assert explorer.evolution.generations == 100
    alt = alt_text(explorer.evolution_chart)
    assert "100 generaties" in alt and "Eindstand" in alt and "%" in alt
    assert "generaties" in explorer.explanation
    explorer.evolution_box.value = False


def test_set_settings_replays_once(explorer, monkeypatch):
    calls = []
    original = explorer.refresh
    monkeypatch.setattr(explorer, "refresh", lambda: (calls.append(1), original()))
    explorer.set_settings(noise=0.05, informal_contact=0.5, strategies=list(STRATEGY_IDS))
    assert len(calls) == 1
    assert explorer.settings["informal_contact"] == 0.5 and len(explorer.result.players) == 8


@pytest.mark.parametrize("kwargs, argument", [
    ({"noise": 0.5}, "noise"),
    ({"rounds": 1.5}, "rounds"),
    ({"strategies": ["tit_for_tat", "aardig"]}, "strategies"),
    ({"strategies": "tit_for_tat"}, "strategies"),
    ({"evolution": "ja"}, "evolution"),
    ({"temperature": 3}, "temperature"),
    ({"seed": -2}, "seed"),
    ({"generations": 0}, "generations"),
    ({"repetitions": 0}, "repetitions"),
])
def test_bad_explorer_arguments_are_explained_in_dutch(kwargs, argument):
    with pytest.raises(ArgumentError) as info:
        TournamentExplorer(**kwargs)
    assert info.value.argument == argument and "Toegestaan" in str(info.value)


@pytest.mark.parametrize("settings, allowed", [
    ({"rounds": 1.5}, "een geheel getal van 2 tot en met 200"),   # refused by the model
    ({"rounds": 500}, "een geheel getal van 2 tot en met 200"),   # a game, but not on the slider
    ({"noise": True}, "een getal van 0 tot en met 0,2"),
    ({"continuation": 0.3}, "een getal van 0,5 tot en met 0,99"),
])
def test_a_refused_setting_names_the_range_of_its_slider(explorer, settings, allowed):
    with pytest.raises(ArgumentError) as info:
        explorer.set_settings(**settings)
    assert info.value.allowed == allowed


def test_the_bars_keep_the_scale_of_the_worst_and_best_round(explorer):
    explorer.set_settings(sanction=2.5, monitoring=0.5, power=1.5)
    try:
        worst, best = explorer.result.conditions.score_bounds
        assert explorer._bars.xlim == (worst, best) == (-1.5, 6.5)
    finally:
        explorer.set_settings(sanction=0.0, monitoring=1.0, power=0.0)


def test_a_bad_setting_changes_nothing(explorer):
    before = explorer.settings
    with pytest.raises(ArgumentError):
        explorer.set_settings(noise=0.05, power=99)
    assert explorer.settings == before


# --- The new charts ------------------------------------------------------------------------

def test_horizontal_bars_are_sorted_and_keep_their_pattern():
    chart = charts.HorizontalBarChart(["a", "b", "c"], [1.0, 3.0, 2.0], "t", "x", "y", xlim=(0, 5))
    hatch_of_b = chart._bars[0].get_hatch()
    assert chart.update(["a", "b", "c"], [1.0, 3.0, 2.0]) == ["b", "c", "a"]
    assert chart.update(["a", "b", "c"], [4.0, 0.5, 2.0]) == ["a", "c", "b"]
    assert chart._bars[2].get_hatch() == hatch_of_b  # b moved to the bottom with its hatch
    assert chart.to_png().startswith(b"\x89PNG")
    fig = charts.horizontal_bar_chart(["a", "b"], [1.0, -1.0], "t", "x", "y")
    ax = fig.axes[0]
    assert ax.get_title() == "t" and ax.get_xlabel() == "x" and ax.get_ylabel() == "y"


def test_line_chart_series_differ_in_more_than_colour():
    fig = charts.line_chart([0, 1, 2], {"p": [0, 1, 2], "q": [2, 1, 0]}, "t", "x", "y")
    lines = fig.axes[0].get_lines()
    assert lines[0].get_marker() != lines[1].get_marker()
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert fig.axes[0].get_xlabel() == "x" and fig.axes[0].get_ylabel() == "y"


def test_without_auto_replay_the_button_starts_the_tournament():
    explorer = TournamentExplorer(["tit_for_tat", "defector"], repetitions=2, seed=1, auto=False)
    assert explorer.play_button.description == "Speel toernooi" and explorer.play_button.tooltip
    assert "Speel toernooi" in explorer.children[0].value
    before = explorer.result
    explorer.sliders["noise"].value = 0.1
    assert explorer.stale and explorer.result is before
    assert "Speel toernooi" in explorer.status_box.value and 'role="status"' in explorer.status_box.value
    explorer.play_button.click()
    assert not explorer.stale and explorer.result.conditions.noise == 0.1
    assert explorer.status_box.value == ""


def test_auto_replay_hides_the_button(explorer):
    assert explorer.auto and explorer.play_button.layout.display == "none"
    assert not explorer.stale


def test_float_sliders_read_out_with_a_decimal_comma_like_the_text():
    from ketenles.widgets.tournament import TournamentExplorer, dutch_readout

    explorer = TournamentExplorer(seed=1, repetitions=1)
    for name, slider in explorer.sliders.items():
        if isinstance(slider.value, float):
            assert slider.readout is False, name  # ipywidgets' own readout would say 0.05
            assert "," in explorer.readouts[name].value or explorer.readouts[name].value.isdigit()
    explorer.sliders["noise"].value = 0.05
    assert explorer.readouts["noise"].value == "0,05"
    explorer.sliders["sanction"].value = 2.5
    assert explorer.readouts["sanction"].value == "2,5"
    assert dutch_readout(0.9, 0.01) == "0,90"
    assert explorer.sliders["rounds"].readout  # whole numbers keep the built-in readout

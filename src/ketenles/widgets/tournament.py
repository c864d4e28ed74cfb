"""The tournament explorer: the seminar's conditions as sliders, a round-robin tournament per change."""

from __future__ import annotations

import html
import time

import ipywidgets as widgets

from ketenles.display import charts
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number, format_percent
from ketenles.models.cooperation import (
    STRATEGY_IDS,
    Conditions,
    EvolutionResult,
    TournamentResult,
    evolve,
    explain,
    strategy,
    tournament,
    validation,
)

_K = "cooperation_widgets.explorer."
_STYLE = {"description_width": "15em"}
_LAYOUT = {"width": "38em"}
# name -> (widget class, min, max, step, default); the Conditions fields the explorer shows.
_SLIDERS = {
    "rounds": (widgets.IntSlider, 2, 200, 1, 200),
    "continuation": (widgets.FloatSlider, 0.5, 0.99, 0.01, 0.9),
    "noise": (widgets.FloatSlider, 0.0, 0.2, 0.01, 0.0),
    "informal_contact": (widgets.FloatSlider, 0.0, 1.0, 0.05, 0.0),
    "sanction": (widgets.FloatSlider, 0.0, 5.0, 0.5, 0.0),
    "monitoring": (widgets.FloatSlider, 0.0, 1.0, 0.05, 1.0),
    "power": (widgets.FloatSlider, 0.0, 5.0, 0.5, 0.0),
}
SETTING_NAMES = (*_SLIDERS, "strategies", "evolution")
MAX_GENERATIONS = 1000


def _num(value: float) -> str:
    return format_number(value, decimals=2)


def dutch_readout(value: float, step: float) -> str:
    """A slider value in the course language (decimal comma in Dutch), as many decimals as the step.

    >>> dutch_readout(0.05, 0.01), dutch_readout(2.5, 0.5), dutch_readout(0.9, 0.01)
    ('0,05', '2,5', '0,90')
    """
    decimals = max(0, len(f"{step:g}".partition(".")[2]))
    return format_number(value, decimals=decimals)


class TournamentExplorer(widgets.VBox):
    """Change the conditions of a round-robin tournament and see which strategy pays off.

    >>> explorer = TournamentExplorer(["tit_for_tat", "defector", "grim_trigger"], seed=1)
    >>> explorer.set_settings(noise=0.1, informal_contact=0.8)
    >>> explorer.result.ranking[0], explorer.settings["noise"]
    ('grim_trigger', 0.1)

    ``strategies``: the ids ticked at the start (default: all). ``settings``:
    starting values of ``rounds``, ``continuation`` (None = a fixed number of
    rounds), ``noise``, ``informal_contact``, ``sanction``, ``monitoring``,
    ``power`` and ``evolution`` (show the replicator dynamics). Every change
    replays the tournament with the same ``seed`` and ``repetitions``, so
    moving a slider back gives the same result again. With ``auto=False``
    a change only marks the result as out of date (``stale``) and the
    *Speel toernooi* button (or :meth:`refresh`) replays it: for slow machines.
    """

    def __init__(self, strategies=STRATEGY_IDS, *, repetitions: int = 5, seed: int = 0,
                 generations: int = 100, auto: bool = True, **settings):
        self.auto = validation.flag("auto", auto)
        self.repetitions = validation.whole("repetitions", repetitions, 1, 100)
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ArgumentError("seed", seed, msg("cooperation.expect.seed"))
        self.seed = seed
        if isinstance(generations, bool) or not isinstance(generations, int) \
                or not 1 <= generations <= MAX_GENERATIONS:
            raise ArgumentError("generations", generations, msg(
                "cooperation_widgets.expect.generations", low=1, high=MAX_GENERATIONS))
        self.generations = generations
        self.result: TournamentResult | None = None
        self.evolution: EvolutionResult | None = None
        self.run_ms = 0.0
        self.stale = False
        self._bars: charts.HorizontalBarChart | None = None
        self._lines: charts.LineChart | None = None
        self._drawn_for: tuple = ()
        self._evolution_for: tuple = ()

        self.length = widgets.ToggleButtons(
            options=[(msg(_K + "length_fixed"), "fixed"), (msg(_K + "length_open"), "open")],
            value="fixed", description=msg(_K + "length_label"), tooltip=msg(_K + "length_tooltip"),
            style=_STYLE)
        self.sliders = {
            name: cls(value=default, min=low, max=high, step=step, description=msg(_K + name),
                      tooltip=msg(_K + f"{name}_tooltip"), continuous_update=False,
                      # ipywidgets writes 0.05; the course writes 0,05 (readouts below).
                      readout=cls is not widgets.FloatSlider,
                      style=_STYLE, layout=widgets.Layout(**_LAYOUT))
            for name, (cls, low, high, step, default) in _SLIDERS.items()
        }
        self.readouts: dict[str, widgets.Label] = {}
        slider_rows = []
        for name, slider in self.sliders.items():
            if isinstance(slider, widgets.FloatSlider):
                readout = widgets.Label(dutch_readout(slider.value, slider.step),
                                        layout=widgets.Layout(width="4em"))
                self.readouts[name] = readout
                slider.observe(self._show_readout, names="value")
                slider_rows.append(widgets.HBox([slider, readout]))
            else:
                slider_rows.append(slider)
        self.checkboxes = {
            sid: widgets.Checkbox(value=True, description=strategy(sid).name, indent=False,
                                  tooltip=strategy(sid).explanation)
            for sid in STRATEGY_IDS
        }
        self.evolution_box = widgets.Checkbox(value=False, description=msg(_K + "evolution"),
                                              tooltip=msg(_K + "evolution_tooltip"), indent=False)
        # Without auto-replay (slow machines) the student starts each run.
        self.play_button = widgets.Button(
            description=msg(_K + "play_button"), tooltip=msg(_K + "play_tooltip"),
            layout=widgets.Layout(width="14em", display=None if not self.auto else "none"))
        self.play_button.on_click(lambda _: self.refresh())
        self.status_box = widgets.HTML()
        self.chart = widgets.HTML(layout=widgets.Layout(min_height="260px"))
        self.evolution_chart = widgets.HTML()
        self.explanation_box = widgets.HTML()
        how = "instructions_auto" if self.auto else "instructions_button"
        heading = widgets.HTML(f"<h4>{html.escape(msg(_K + 'heading'))}</h4>"
                               f"<p>{html.escape(msg(_K + 'instructions'))} "
                               f"{html.escape(msg(_K + how))}</p>")
        strategies_label = widgets.HTML(f"<strong>{html.escape(msg(_K + 'strategies'))}</strong>")
        super().__init__([
            heading, self.length, *slider_rows, strategies_label,
            widgets.GridBox(list(self.checkboxes.values()),
                            layout=widgets.Layout(grid_template_columns="repeat(2, 22em)")),
            self.evolution_box, self.play_button, self.status_box, self.chart, self.evolution_chart,
            self.explanation_box,
        ])
        self._apply({"strategies": strategies, **settings})
        for control in (self.length, *self.sliders.values(), *self.checkboxes.values(),
                        self.evolution_box):
            control.observe(self._on_change, names="value")
        self.refresh()

    def _show_readout(self, change) -> None:
        slider = change["owner"]
        name = next(n for n, s in self.sliders.items() if s is slider)
        self.readouts[name].value = dutch_readout(change["new"], slider.step)

    # Plain values ----------------------------------------------------------------------
    @property
    def settings(self) -> dict:
        """The current controls as plain values (``continuation`` None = fixed rounds)."""
        values = {name: slider.value for name, slider in self.sliders.items()}
        if self.length.value == "fixed":
            values["continuation"] = None
        values["strategies"] = [sid for sid, box in self.checkboxes.items() if box.value]
        values["evolution"] = self.evolution_box.value
        return values

    @property
    def explanation(self) -> str:
        """The Dutch explanation shown under the charts."""
        if self.result is None:
            return msg(_K + "too_few")
        text = explain(self.result)
        return f"{text} {explain(self.evolution)}" if self.evolution is not None else text

    def set_settings(self, **settings) -> None:
        """Move several controls at once, as a student would; the tournament runs once
        (with ``auto=False`` only after :meth:`refresh` or a click on *Speel toernooi*)."""
        self._apply(settings, silent=True)
        self._on_change(None)

    # Internals -------------------------------------------------------------------------
    def _apply(self, settings: dict, silent: bool = False) -> None:
        for name in settings:
            if name not in SETTING_NAMES:
                raise ArgumentError(name, settings[name], msg(
                    "cooperation_widgets.expect.explorer_setting", names=", ".join(SETTING_NAMES)))
        clean = dict(settings)
        if "strategies" in clean:
            chosen = clean["strategies"]
            if isinstance(chosen, str) or not hasattr(chosen, "__iter__") \
                    or any(not isinstance(s, str) or s not in STRATEGY_IDS for s in chosen):
                raise ArgumentError("strategies", chosen, msg(
                    "cooperation_widgets.expect.strategies", ids=", ".join(STRATEGY_IDS)))
            clean["strategies"] = set(chosen)
        if "evolution" in clean:
            clean["evolution"] = validation.flag("evolution", clean["evolution"])
        clean.update(self._checked_conditions(clean))
        # All values are valid: only now touch the controls.
        if silent:
            self._observing(False)
        try:
            for name, value in clean.items():
                if name == "strategies":
                    for sid, box in self.checkboxes.items():
                        box.value = sid in value
                elif name == "evolution":
                    self.evolution_box.value = value
                elif name == "continuation" and value is None:
                    self.length.value = "fixed"
                else:
                    if name == "continuation":
                        self.length.value = "open"
                    self.sliders[name].value = value
        finally:
            if silent:
                self._observing(True)

    def _checked_conditions(self, settings: dict) -> dict:
        """The game settings among ``settings``, checked by the model, then against the sliders.

        :class:`Conditions` decides what no game can have (a broken number of
        rounds, a probability above 1); the widget adds only whether a value fits
        on its slider, which ipywidgets would otherwise clip without a word.
        """
        given = {name: settings[name] for name in _SLIDERS if name in settings}
        try:
            checked = Conditions(**{**self._conditions(), **given})
        except ArgumentError as refused:
            # The student can only reach the slider's range: name that range, not the model's.
            if refused.argument in given:
                self._check_fits_slider(refused.argument, given[refused.argument])
            raise
        for name, value in given.items():
            self._check_fits_slider(name, value)
        return {name: getattr(checked, name) for name in given}

    def _check_fits_slider(self, name: str, value) -> None:
        if value is None:  # continuation None: a fixed number of rounds
            return
        slider = self.sliders[name]
        fits = validation.whole if name == "rounds" else validation.number
        fits(name, value, slider.min, slider.max)

    def _observing(self, on: bool) -> None:
        for control in (self.length, *self.sliders.values(), *self.checkboxes.values(),
                        self.evolution_box):
            if on:
                control.observe(self._on_change, names="value")
            else:
                control.unobserve(self._on_change, names="value")

    def _sync_length(self) -> None:
        # Only the slider of the chosen kind of game length can be moved.
        fixed = self.length.value == "fixed"
        self.sliders["rounds"].disabled = not fixed
        self.sliders["continuation"].disabled = fixed

    def _on_change(self, change) -> None:
        if self.auto:
            self.refresh()
        else:
            self._sync_length()
            self.stale = True
            self._show_status()

    def _show_status(self) -> None:
        text = msg(_K + "stale") if self.stale else ""
        self.status_box.value = (f'<p role="status" aria-live="polite"><strong>{html.escape(text)}'
                                 "</strong></p>" if text else "")

    def _conditions(self) -> dict:
        values = self.settings
        return {name: values[name] for name in _SLIDERS}

    def refresh(self) -> None:
        """Replay the tournament (and evolution) with the current settings and redraw."""
        self._sync_length()
        self.stale = False
        self._show_status()
        chosen = self.settings["strategies"]
        if len(chosen) < 2:
            self.result = self.evolution = None
            self.chart.value = self.evolution_chart.value = ""
            self.explanation_box.value = (f'<p role="status"><strong>'
                                          f"{html.escape(msg(_K + 'too_few'))}</strong></p>")
            return
        start = time.perf_counter()
        self.result = tournament(chosen, repetitions=self.repetitions, seed=self.seed,
                                 **self._conditions())
        self.evolution = (evolve(self.result, generations=self.generations)
                          if self.evolution_box.value else None)
        self._draw_bars()
        self._draw_evolution()
        self.explanation_box.value = (
            f"<p><strong>{html.escape(msg(_K + 'explanation_heading'))}</strong></p>"
            f"<p>{html.escape(self.explanation)}</p>")
        self.run_ms = (time.perf_counter() - start) * 1000

    def _draw_bars(self) -> None:
        r, c = self.result, self.result.conditions
        # A fixed scale from the worst to the best possible score per round: bars
        # can be compared between settings, and the axis is drawn only once.
        worst, best = c.score_bounds
        xlim = (min(0.0, worst), best)
        if self._bars is None or self._drawn_for != r.players:
            self._bars = charts.HorizontalBarChart(
                r.names, r.scores, msg(_K + "chart_title"), msg(_K + "chart_x"), msg(_K + "chart_y"),
                width=7.0, xlim=xlim)
            self._drawn_for = r.players
        else:
            if self._bars.xlim != xlim:
                self._bars.set_xlim(xlim)
            self._bars.update(r.names, r.scores)
        ranking = "; ".join(
            msg(_K + "alt_item", place=place, name=r.name(p), score=_num(r.score(p)))
            for place, p in enumerate(r.ranking, start=1))
        self.chart.value = charts.to_html(self._bars.to_png(), msg(_K + "alt", ranking=ranking))

    def _draw_evolution(self) -> None:
        e = self.evolution
        if e is None:
            self.evolution_chart.value = ""
            return
        if self._lines is None or self._evolution_for != e.players:
            self._lines = charts.LineChart(
                e.names, msg(_K + "evolution_title"), msg(_K + "evolution_x"), msg(_K + "evolution_y"),
                xlim=(0, e.generations), ylim=(0, 1.02), width=7.0, height=4.0)
            self._evolution_for = e.players
        x = list(range(e.generations + 1))
        for i, name in enumerate(e.names):
            self._lines.update(name, x, [row[i] for row in e.trajectory])
        final = sorted(zip(e.names, e.trajectory[-1], strict=True), key=lambda item: -item[1])
        shares = ", ".join(f"{name} {format_percent(share)}" for name, share in final)
        self.evolution_chart.value = charts.to_html(
            self._lines.to_png(), msg(_K + "evolution_alt", generations=e.generations, shares=shares))

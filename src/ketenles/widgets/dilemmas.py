"""The dilemma explorer: three labelled sliders, a figure of the positions, and what they imply."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.content.seminar import dilemmas
from ketenles.display.dilemmas import positions_chart
from ketenles.i18n import msg
from ketenles.models.dilemmas import (
    MAX_POSITION,
    MIN_POSITION,
    DilemmaReading,
    Implication,
    check_positions,
    read_dilemmas,
)

_NAME_WIDTH = "15em"
_POLE = widgets.Layout(width="auto", flex="0 0 auto")


class DilemmaExplorer(widgets.VBox):
    """Place a chain on Winters' three dilemmas and read what that implies.

    >>> explorer = DilemmaExplorer()
    >>> explorer.sliders["regie_of_autonomie"].value = -2
    >>> explorer.implications["regie_of_autonomie"].side
    'left'

    ``start``: optional starting positions ``{dilemma_id: -2..2}``; default 0.
    """

    def __init__(self, start: dict[str, int] | None = None):
        initial = (check_positions(start, "start") if start is not None
                   else {d.id: 0 for d in dilemmas()})
        self.sliders: dict[str, widgets.IntSlider] = {}
        rows = []
        for d in dilemmas():
            slider = widgets.IntSlider(
                value=initial[d.id], min=MIN_POSITION, max=MAX_POSITION, step=1,
                description=msg(f"dilemmas.names.{d.id}"), continuous_update=False,
                tooltip=msg("dilemmas.widget.slider_tooltip", question=d.question, left=d.left,
                            right=d.right),
                style={"description_width": _NAME_WIDTH}, layout=widgets.Layout(width="50em"))
            self.sliders[d.id] = slider
            # The pole names as visible text under both ends of the slider track.
            poles = widgets.HBox(
                [widgets.Label(f"◀ -2: {d.left}", layout=_POLE),
                 widgets.Label(f"+2: {d.right} ▶", layout=_POLE)],
                layout=widgets.Layout(margin=f"0 0 0.6em {_NAME_WIDTH}", width="32em",
                                      justify_content="space-between"))
            rows.append(widgets.VBox([slider, poles]))
        self.chart = widgets.HTML(layout=widgets.Layout(min_height="280px"))
        self.details = widgets.HTML()
        heading = widgets.HTML(
            f"<h4>{html.escape(msg('dilemmas.widget.heading'))}</h4>"
            f"<p>{html.escape(msg('dilemmas.widget.instructions'))}</p>")
        super().__init__([heading, *rows, self.chart, self.details])
        self.reading: DilemmaReading = read_dilemmas(initial)
        self.start = dict(initial)
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.refresh()

    @property
    def positions(self) -> dict[str, int]:
        return {did: slider.value for did, slider in self.sliders.items()}

    @property
    def implications(self) -> dict[str, Implication]:
        return dict(self.reading.implications)

    @property
    def moved(self) -> bool:
        """Whether any slider is away from where it started."""
        return self.positions != self.start

    def set_positions(self, positions: dict[str, int]) -> None:
        """Move all sliders at once; the figure is drawn once."""
        clean = check_positions(positions)
        for did, value in clean.items():
            self.sliders[did].unobserve(self._on_change, names="value")
            self.sliders[did].value = value
            self.sliders[did].observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, change) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.reading = read_dilemmas(self.positions)
        self.chart.value = positions_chart(self.reading)
        parts = [f"<p><strong>{html.escape(msg('dilemmas.widget.combined'))}: "
                 f"{html.escape(self.reading.combined.title)}</strong></p><ul>"]
        parts += [f"<li>{html.escape(line)}</li>" for line in self.reading.combined.lines()[1:]]
        parts.append(f"</ul><p><strong>{html.escape(msg('dilemmas.widget.per_dilemma'))}</strong></p>")
        for imp in self.reading.implications.values():
            lines = "".join(f"<li>{html.escape(line)}</li>" for line in imp.lines())
            parts.append(f"<p><em>{html.escape(imp.name)}</em></p><ul>{lines}</ul>")
        self.details.value = "".join(parts)

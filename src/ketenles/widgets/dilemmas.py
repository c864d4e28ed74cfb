"""The dilemma explorer: three labelled sliders, a figure of the positions, and what they imply."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.content.seminar import dilemmas
from ketenles.display import charts
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

def positions_figure(reading: DilemmaReading):
    """Three horizontal scales, one per dilemma, each with a labelled marker.

    Pole names stand at both ends of each scale and the marker carries its
    number, so the figure reads without colour.
    """
    items = list(dilemmas())
    fig, ax = charts.new_figure(7.5, 1.2 + 1.1 * len(items))
    for row, d in enumerate(items):
        y = len(items) - 1 - row
        position = reading.positions[d.id]
        ax.hlines(y, MIN_POSITION, MAX_POSITION, color="#999999", linewidth=2, zorder=1)
        ax.scatter(range(MIN_POSITION, MAX_POSITION + 1), [y] * 5, marker="|", s=120,
                   color="#666666", zorder=2)
        ax.scatter([position], [y], marker=charts.MARKERS[row], s=180, zorder=3,
                   color=charts.PALETTE[row], edgecolor="black", linewidth=1,
                   label=msg(f"dilemmas.names.{d.id}"))
        ax.annotate(f"{position:+d}" if position else "0", (position, y), xytext=(0, 11),
                    textcoords="offset points", ha="center", fontsize=9)
        ax.text(MIN_POSITION - 0.15, y, d.left, ha="right", va="center", fontsize=9)
        ax.text(MAX_POSITION + 0.15, y, d.right, ha="left", va="center", fontsize=9)
        ax.text(0, y - 0.38, msg(f"dilemmas.names.{d.id}"), ha="center", va="center",
                fontsize=9, style="italic")
    ax.set_xlim(MIN_POSITION - 2.6, MAX_POSITION + 2.6)
    ax.set_ylim(-0.8, len(items) - 0.4)
    ax.set_xticks(range(MIN_POSITION, MAX_POSITION + 1))
    ax.set_yticks([])
    ax.set_xlabel(msg("dilemmas.figure.axis"))
    ax.set_title(msg("dilemmas.figure.title"), fontsize=12)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return fig


class DilemmaExplorer(widgets.VBox):
    """Place a chain on Winters' three dilemmas and read what that implies.

    >>> explorer = DilemmaExplorer()                                     # doctest: +SKIP
    >>> explorer.sliders["regie_of_autonomie"].value = -2                # doctest: +SKIP
    >>> explorer.implications["regie_of_autonomie"].side                 # doctest: +SKIP
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
        self.chart.value = charts.to_html(positions_figure(self.reading), self.reading.summary())
        parts = [f"<p><strong>{html.escape(msg('dilemmas.widget.combined'))}: "
                 f"{html.escape(self.reading.combined.title)}</strong></p><ul>"]
        parts += [f"<li>{html.escape(line)}</li>" for line in self.reading.combined.lines()[1:]]
        parts.append(f"</ul><p><strong>{html.escape(msg('dilemmas.widget.per_dilemma'))}</strong></p>")
        for imp in self.reading.implications.values():
            lines = "".join(f"<li>{html.escape(line)}</li>" for line in imp.lines())
            parts.append(f"<p><em>{html.escape(imp.name)}</em></p><ul>{lines}</ul>")
        self.details.value = "".join(parts)

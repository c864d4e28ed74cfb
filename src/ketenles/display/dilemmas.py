"""The figure of a chain's positions on Winters' three dilemmas, with its text alternative.

>>> from ketenles.models.dilemmas import read_dilemmas
>>> reading = read_dilemmas({"regie_of_autonomie": -2, "eigen_of_gezamenlijk_belang": 0,
...                          "vertrouwen_of_vastleggen": 1})
>>> figure = positions_chart(reading)
>>> figure.startswith("<figure") and 'alt="' in figure and "<figcaption" in figure
True
"""

from __future__ import annotations

from ketenles.content.seminar import dilemmas
from ketenles.display import charts
from ketenles.i18n import msg
from ketenles.models.dilemmas import MAX_POSITION, MIN_POSITION, DilemmaReading


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


def positions_chart(reading: DilemmaReading) -> str:
    """The figure as an HTML ``<figure>`` whose text alternative is the reading in words."""
    return charts.to_html(positions_figure(reading), reading.summary())

"""Accessible figures: titles, labelled axes, colour-blind-safe colours, alt text.

Figures are built with matplotlib's object API (no pyplot), so building one has
no global state and works the same in a notebook, a widget and a test. Colour is
never the only cue: series also differ in marker and line style.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence

# Okabe & Ito (2008) palette: distinguishable with every common colour-vision
# deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")


def new_figure(width: float = 6.0, height: float = 4.5, polar: bool = False):
    """A fresh figure with one axes, detached from pyplot."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot(projection="polar" if polar else None)
    return fig, ax


class RadarChart:
    """A radar chart that is drawn once and then only updated.

    Building a polar figure costs far more than redrawing one, so a widget keeps
    one RadarChart and calls :meth:`update` on every change.
    """

    def __init__(self, labels: Sequence[str], series: Mapping[str, Sequence[float]], title: str,
                 axis_label: str, vmin: float = 0, vmax: float = 5):
        import numpy as np

        self.fig, ax = new_figure(6.0, 6.0, polar=True)
        # First spoke at the top, clockwise: the order in which people read.
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        angles = np.linspace(0, 2 * np.pi, len(labels), endpoint=False)
        self._closed_angles = np.append(angles, angles[0])
        self._lines, self._fills = {}, {}
        for i, (name, values) in enumerate(series.items()):
            data = self._close(values)
            (self._lines[name],) = ax.plot(
                self._closed_angles, data, color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=2, label=name)
            (self._fills[name],) = ax.fill(self._closed_angles, data, color=PALETTE[i % len(PALETTE)], alpha=0.12)
        ax.set_xticks(angles, labels)
        ax.set_ylim(vmin, vmax)
        ax.set_yticks(range(int(vmin) + 1, int(vmax) + 1))
        ax.set_rlabel_position(180 / len(labels))  # between the first two spokes
        ax.tick_params(axis="x", pad=10)
        ax.set_title(title, pad=22, fontsize=12)
        # A polar plot has no ordinary y-axis label; the radial scale is named in
        # the legend title instead, so the axis is still labelled.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), title=axis_label, fontsize=9,
                  title_fontsize=9, frameon=False, ncol=len(series))
        self.ax = ax
        self._background = None
        self._canvas = None

    @staticmethod
    def _close(values):
        import numpy as np

        values = np.asarray(values, dtype=float)
        return np.append(values, values[0])

    def update(self, name: str, values: Sequence[float]) -> None:
        """Replace the values of one series."""
        data = self._close(values)
        self._lines[name].set_ydata(data)
        self._fills[name].set_xy(list(zip(self._closed_angles, data, strict=True)))

    def _series_artists(self):
        return [*self._fills.values(), *self._lines.values()]

    def to_png(self) -> bytes:
        """The chart as PNG, redrawing only the series on a cached background.

        Title, spokes, grid and legend never change, so they are rendered once;
        an update then costs a few milliseconds instead of a full redraw.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if self._background is None:
            self._canvas = FigureCanvasAgg(self.fig)
            for artist in self._series_artists():
                artist.set_visible(False)
            self._canvas.draw()
            # Freeze the layout so the cached background stays aligned.
            self.fig.set_layout_engine("none")
            self._background = self._canvas.copy_from_bbox(self.fig.bbox)
            for artist in self._series_artists():
                artist.set_visible(True)
        self._canvas.restore_region(self._background)
        for artist in self._series_artists():
            self.ax.draw_artist(artist)
        return rgba_to_png(self._canvas)


def radar(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    title: str,
    axis_label: str,
    vmin: float = 0,
    vmax: float = 5,
):
    """A radar chart figure: one closed polygon per series, labelled spokes, a legend."""
    return RadarChart(labels, series, title, axis_label, vmin, vmax).fig


def to_png(fig) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    canvas.print_png(buffer)
    return buffer.getvalue()


def rgba_to_png(canvas) -> bytes:
    """Encode an Agg canvas's pixels as PNG with light compression (fast enough per keystroke)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(
        buffer, format="png", compress_level=1)
    return buffer.getvalue()


def to_html(fig, alt: str) -> str:
    """An ``<img>`` with the figure (or ready PNG bytes) and its text alternative."""
    png = fig if isinstance(fig, bytes) else to_png(fig)
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure style="margin:0"><img src="data:image/png;base64,{data}" '
        f'alt="{html.escape(alt, quote=True)}" style="max-width:100%"/>'
        f"<figcaption style=\"font-size:0.9em\">{html.escape(alt)}</figcaption></figure>"
    )

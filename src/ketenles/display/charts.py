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

from ketenles.i18n.numbers import format_number

# Okabe & Ito (2008) palette: distinguishable with every common colour-vision
# deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")


def new_figure(width: float = 6.0, height: float = 4.5, polar: bool = False):
    """A fresh figure with one axes, detached from pyplot."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot(projection="polar" if polar else None)
    if not polar:
        # Tick numbers in the course language (0,5 rather than matplotlib's 0.5); axes
        # that get their own labels (set_xticks(positions, labels)) replace this formatter.
        ticks = FuncFormatter(lambda value, _position: format_number(value))
        ax.xaxis.set_major_formatter(ticks)
        ax.yaxis.set_major_formatter(ticks)
    return fig, ax


class _BlitChart:
    """Base for charts drawn once and then only updated.

    Title, axes, grid and legend never change, so they are rendered once into a
    cached background; an update redraws only ``_series_artists()`` on top of
    it, a few milliseconds instead of a full redraw.
    """

    fig = None
    ax = None
    _canvas = None
    _background = None

    def _series_artists(self):  # pragma: no cover - every chart defines it
        raise NotImplementedError

    def _first_draw(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self._canvas = FigureCanvasAgg(self.fig)
        self._canvas.draw()
        # Freeze the layout so the cached background stays aligned.
        self.fig.set_layout_engine("none")

    def _blit_png(self) -> bytes:
        if self._background is None:
            for artist in self._series_artists():
                artist.set_visible(False)
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self.fig.bbox)
            for artist in self._series_artists():
                artist.set_visible(True)
        self._canvas.restore_region(self._background)
        for artist in self._series_artists():
            self.ax.draw_artist(artist)
        return rgba_to_png(self._canvas)

    def to_png(self) -> bytes:
        """The chart as PNG, redrawing only what changes."""
        if self._canvas is None:
            self._first_draw()
        return self._blit_png()


class RadarChart(_BlitChart):
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


HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    xlabel: str,
    ylabel: str,
    vmax: float | None = None,
    annotations: Sequence[str] | None = None,
    emphasis: Sequence[bool] | None = None,
):
    """A vertical bar chart: one colour and one hatch pattern per bar, values written on top.

    ``annotations``: text above each bar (default: the value); ``emphasis``: bars
    drawn with a thick black outline, e.g. the best option, so it stands out
    without relying on colour.
    """
    fig, ax = new_figure(6.5, 4.0)
    positions = list(range(len(labels)))
    emphasis = list(emphasis) if emphasis is not None else [False] * len(labels)
    for i, (value, strong) in enumerate(zip(values, emphasis, strict=True)):
        ax.bar(i, value, color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)],
               edgecolor="#000000", linewidth=2.5 if strong else 0.8, width=0.6)
    texts = annotations if annotations is not None else [format_number(v) for v in values]
    top = vmax if vmax is not None else max([*values, 1])
    for i, (value, text) in enumerate(zip(values, texts, strict=True)):
        ax.text(i, value + top * 0.02, text, ha="center", va="bottom", fontsize=10)
    ax.set_xticks(positions, labels)
    ax.tick_params(axis="x", labelsize=9)
    ax.set_ylim(0, top * 1.15)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def network(
    positions: Mapping[str, tuple[float, float]],
    edges: Sequence[tuple[str, str]],
    title: str,
    xlabel: str,
    legend: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    dashed_edges: Sequence[tuple[str, str]] = (),
    faded_nodes: Sequence[str] = (),
):
    """A network drawing: labelled nodes, arrows for directed edges.

    ``dashed_edges`` (e.g. flows that broke) are drawn dashed in another colour
    and ``faded_nodes`` (e.g. a partner that dropped out) with a cross marker, so
    the difference does not depend on colour. ``legend`` names the four kinds of
    mark: keys ``node``, ``faded_node``, ``edge``, ``dashed_edge``; only kinds
    that occur are listed. A network's axes carry no scale, so the ticks are
    hidden and the x-axis label tells how to read the arrows instead.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    fig, ax = new_figure(7.0, 5.5)
    labels = dict(labels or {})
    faded = set(faded_nodes)
    dashed = set(dashed_edges)
    for sender, receiver in [*edges, *dashed_edges]:
        broken = (sender, receiver) in dashed
        # Curved arrows keep the two directions of a pair apart.
        arrow = FancyArrowPatch(
            positions[sender], positions[receiver], arrowstyle="-|>", mutation_scale=16,
            connectionstyle="arc3,rad=0.12", shrinkA=16, shrinkB=16, linewidth=1.6,
            linestyle="--" if broken else "-", color=PALETTE[5] if broken else "#444444",
        )
        ax.add_patch(arrow)
    for name, (x, y) in positions.items():
        is_faded = name in faded
        offset = _label_offset(name, positions, [*edges, *dashed_edges])
        ax.plot(x, y, marker="X" if is_faded else "o", markersize=20 if is_faded else 22,
                color="#BBBBBB" if is_faded else PALETTE[4], markeredgecolor="#000000",
                linestyle="none", zorder=3)
        ax.annotate(labels.get(name, name), (x, y), xytext=offset, textcoords="offset points",
                    ha="left" if offset[0] > 8 else "right" if offset[0] < -8 else "center",
                    va="bottom" if offset[1] > 8 else "top" if offset[1] < -8 else "center",
                    fontsize=9, zorder=4,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85,
                          "edgecolor": "none"})
    handles = [Line2D([], [], marker="o", markersize=10, color=PALETTE[4], markeredgecolor="#000000",
                      linestyle="none", label=legend["node"])]
    if faded:
        handles.append(Line2D([], [], marker="X", markersize=10, color="#BBBBBB",
                              markeredgecolor="#000000", linestyle="none", label=legend["faded_node"]))
    if edges:
        handles.append(Line2D([], [], color="#444444", linestyle="-", label=legend["edge"]))
    if dashed:
        handles.append(Line2D([], [], color=PALETTE[5], linestyle="--", label=legend["dashed_edge"]))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(handles),
              fontsize=9, frameon=False)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    # Room for labels that stick out on every side.
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.3, max(ys) + 0.3)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=12)
    return fig


def _label_offset(name: str, positions: Mapping[str, tuple[float, float]],
                  edges: Sequence[tuple[str, str]], distance: float = 22.0) -> tuple[float, float]:
    """An offset (in points) for a node's label, in the direction farthest from its arrows.

    Of eight compass directions, the one with the largest angle to every arrow
    at the node wins (ties: below first), so a label rarely hides an arrow.
    """
    import math

    x, y = positions[name]
    angles = [math.atan2(positions[other][1] - y, positions[other][0] - x)
              for a, b in edges if name in (a, b) for other in [b if a == name else a]]
    candidates = [-math.pi / 2 + k * math.pi / 4 for k in range(8)]  # start below, go round

    def clearance(angle: float) -> float:
        if not angles:
            return math.pi
        return min(abs((angle - a + math.pi) % (2 * math.pi) - math.pi) for a in angles)

    best = max(candidates, key=clearance)
    return (distance * math.cos(best), distance * math.sin(best))


class LineChart(_BlitChart):
    """A line chart with fixed axes that is drawn once and then only updated.

    Like :class:`RadarChart`: axes, title and legend are rendered once, and an
    update redraws only the lines (and their end labels). The limits are fixed
    when the chart is made, which keeps the cached background valid. Every
    series differs in colour, marker and line style.
    """

    def __init__(self, series: Sequence[str], title: str, xlabel: str, ylabel: str,
                 xlim: tuple[float, float], ylim: tuple[float, float], width: float = 6.0,
                 height: float = 3.5, end_labels: bool = False):
        fig, ax = new_figure(width, height)
        self._lines, self._labels = {}, {}
        for i, name in enumerate(series):
            (self._lines[name],) = ax.plot(
                [], [], color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=2, markersize=5, label=name)
            if end_labels:
                # Alternate above/below so equal totals do not print on top of each other.
                self._labels[name] = ax.annotate(
                    "", (0, 0), xytext=(4, 7 if i % 2 == 0 else -9), textcoords="offset points",
                    va="center", fontsize=9, color="#000000")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=12)
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        # Many series: the legend goes beside the plot, where it hides no line.
        if len(series) > 3:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
        else:
            ax.legend(loc="upper left", fontsize=9)
        self.fig, self.ax = fig, ax
        self._background = None
        self._canvas = None

    def update(self, name: str, x: Sequence[float], y: Sequence[float], label: str | None = None):
        """Replace the data of one series; ``label`` is written at its last point."""
        line = self._lines[name]
        line.set_data(x, y)
        # About 20 markers per line: enough to tell the lines apart, not a smear.
        line.set_markevery(max(1, len(x) // 20))
        if name in self._labels and len(x):
            text = self._labels[name]
            text.xy = (x[-1], y[-1])
            text.set_text(label if label is not None else format_number(y[-1]))

    def _series_artists(self):
        return [*self._lines.values(), *self._labels.values()]


def line_chart(x: Sequence[float], series: Mapping[str, Sequence[float]], title: str,
               xlabel: str, ylabel: str, ylim: tuple[float, float] | None = None):
    """A line chart figure: one line per series, distinct colour, marker and line style."""
    values = [v for ys in series.values() for v in ys] or [0.0]
    if ylim is None:
        margin = 0.05 * ((max(values) - min(values)) or 1.0)
        ylim = (min(values) - margin, max(values) + margin)
    chart = LineChart(list(series), title, xlabel, ylabel, (min(x), max(x)), ylim)
    for name, ys in series.items():
        chart.update(name, x, ys)
    return chart.fig


class HorizontalBarChart(_BlitChart):
    """Horizontal bars sorted from high (top) to low, with the value written at each bar.

    Each label keeps its own colour and hatch pattern when the order changes, so
    the reader can follow an item by pattern as well as by colour. Made for a
    fixed set of labels whose values change: :meth:`update` re-sorts the bars.
    With a fixed ``xlim`` the frame, ticks and titles are rendered once and an
    update redraws only bars, values and labels (as :class:`RadarChart` does);
    a fixed scale also lets a reader compare charts. Without ``xlim`` the scale
    follows the values and every update is a full redraw.
    """

    def __init__(self, labels: Sequence[str], values: Sequence[float], title: str, xlabel: str,
                 ylabel: str, width: float = 6.5, height: float | None = None,
                 xlim: tuple[float, float] | None = None):
        from matplotlib.transforms import blended_transform_factory

        count = len(labels)
        fig, ax = new_figure(width, height or 1.4 + 0.45 * count)
        self._style = {label: i for i, label in enumerate(labels)}
        self._bars = ax.barh(range(count), [0.0] * count, height=0.6, edgecolor="#000000",
                             linewidth=0.8)
        self._texts = [ax.text(0, i, "", va="center", fontsize=9) for i in range(count)]
        # Our own row labels, drawn like tick labels: in the cached mode they change
        # with the order while the axis itself stays in the background.
        to_left = blended_transform_factory(ax.transAxes, ax.transData)
        self._names = [ax.text(-0.015, i, "", transform=to_left, ha="right", va="center",
                               fontsize=_tick_size(), visible=False)
                       for i in range(count)]
        ax.set_yticks(range(count), list(labels))
        ax.set_ylim(count - 0.5, -0.5)  # the highest value on top, where reading starts
        ax.axvline(0, color="#000000", linewidth=0.8)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=12)
        ax.spines[["top", "right"]].set_visible(False)
        self.fig, self.ax = fig, ax
        self._xlim = tuple(xlim) if xlim is not None else None
        if xlim is not None:
            ax.set_xlim(*xlim)
        self._canvas = None
        self._background = None
        self.update(labels, values)

    def update(self, labels: Sequence[str], values: Sequence[float]) -> list[str]:
        """Show new values (same labels, any order); returns the labels from top to bottom."""
        order = sorted(range(len(labels)), key=lambda i: -values[i])
        low, high = self._xlim or (min(0.0, *values), max(0.0, *values))
        pad = 0.2 * ((high - low) or 1.0)
        for place, i in enumerate(order):
            style = self._style[labels[i]]
            bar, text, value = self._bars[place], self._texts[place], values[i]
            bar.set_width(value)
            bar.set_facecolor(PALETTE[style % len(PALETTE)])
            bar.set_hatch(HATCHES[style % len(HATCHES)])
            text.set_position((value + (0.01 if value >= 0 else -0.01) * (high - low or 1.0), place))
            text.set_horizontalalignment("left" if value >= 0 else "right")
            text.set_text(format_number(value, decimals=2))
            self._names[place].set_text(labels[i])
        sorted_labels = [labels[i] for i in order]
        if self._xlim is None:
            self.ax.set_yticks(range(len(labels)), sorted_labels)
            self.ax.set_xlim(low - (pad if low < 0 else 0), high + pad)
        return sorted_labels

    def _series_artists(self):
        return [*self._bars, *self._texts, *self._names]

    @property
    def xlim(self) -> tuple[float, float] | None:
        """The fixed scale, or None when the scale follows the values."""
        return self._xlim

    def set_xlim(self, xlim: tuple[float, float]) -> None:
        """A new fixed scale: only the background is rendered again, not the layout."""
        if self._xlim is None:
            raise ValueError("set_xlim needs a chart made with a fixed xlim")
        self._xlim = tuple(xlim)
        self.ax.set_xlim(*xlim)
        self._background = None

    def to_png(self) -> bytes:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if self._canvas is None:
            # The first draw fixes the layout, with the real tick labels taking the room.
            self._canvas = FigureCanvasAgg(self.fig)
            self._canvas.draw()
            self.fig.set_layout_engine("none")
            if self._xlim is not None:
                # Keep the axis label where the tick labels pushed it, then let our
                # own row labels take the place of the tick labels.
                label_x = self.ax.yaxis.label.get_position()[0]  # pixels after a draw
                self.ax.yaxis.set_label_coords(
                    self.ax.transAxes.inverted().transform((label_x, 0))[0], 0.5)
                self.ax.tick_params(axis="y", labelleft=False)
        if self._xlim is None:
            self._canvas.draw()
            return rgba_to_png(self._canvas)
        return self._blit_png()


def _tick_size() -> float:
    """The font size of tick labels in points, from matplotlib's settings."""
    import matplotlib
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=matplotlib.rcParams["ytick.labelsize"]).get_size_in_points()


def horizontal_bar_chart(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str,
                         ylabel: str):
    """A horizontal bar chart figure, sorted high to low; see :class:`HorizontalBarChart`."""
    return HorizontalBarChart(labels, values, title, xlabel, ylabel).fig

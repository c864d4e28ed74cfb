"""Progress overview for self-learners: a labelled bar and a sentence per lesson."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.progress import ProgressStore
from ketenles.models.reflection import MIN_WORDS


class ProgressOverview(widgets.VBox):
    """Per lesson an IntProgress bar plus '3 van 5 oefeningen gedaan' (never colour alone).

    >>> import pathlib, tempfile
    >>> store = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "voortgang.json")
    >>> store.register("01-wat-is-een-keten", ["sprekers", "doel"])
    >>> store.mark_done("01-wat-is-een-keten", "sprekers")
    True
    >>> overview = ProgressOverview(store)
    >>> overview.bars["01-wat-is-een-keten"].value, overview.texts["01-wat-is-een-keten"].value
    (1, '1 van 2 oefeningen gedaan')

    ``store``: the progress store; default the standard file (``KETENLES_PROGRESS``).
    """

    def __init__(self, store: ProgressStore | None = None):
        if store is not None and not isinstance(store, ProgressStore):
            raise ArgumentError("store", store, msg("progress.expect.store"))
        self.store = store if store is not None else ProgressStore()
        self.heading = widgets.HTML(
            f"<h4>{html.escape(msg('progress.widget.heading'))}</h4>"
            f"<p>{html.escape(msg('progress.widget.intro', min_words=MIN_WORDS))}</p>")
        self.rows_box = widgets.VBox()
        self.notice = widgets.HTML()
        self.refresh_button = widgets.Button(description=msg("progress.widget.refresh"),
                                             tooltip=msg("progress.widget.refresh_tooltip"),
                                             icon="refresh")
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.bars: dict[str, widgets.IntProgress] = {}
        self.texts: dict[str, widgets.Label] = {}
        self._overview: dict[str, tuple[int, int]] = {}
        super().__init__([self.heading, self.rows_box, self.notice, self.refresh_button])
        self.refresh()

    @property
    def overview(self) -> dict[str, tuple[int, int]]:
        """``{lesson_id: (done, total)}`` as last shown."""
        return dict(self._overview)

    def refresh(self) -> None:
        """Read the file again and redraw every row."""
        self._overview = self.store.overview()
        rows, self.bars, self.texts = [], {}, {}
        for lesson, (done, total) in self._overview.items():
            title = self.store.title(lesson)
            # max=0 would draw an empty bar that looks full in some themes.
            bar = widgets.IntProgress(value=done, min=0, max=max(total, 1),
                                      description=msg("progress.widget.bar_label"),
                                      tooltip=title, style={"description_width": "initial"})
            text = msg("progress.widget.count" if done else "progress.widget.count_none", done=done, total=total)
            if total and done >= total:
                text += " " + msg("progress.widget.complete")
            label = widgets.Label(text)
            self.bars[lesson], self.texts[lesson] = bar, label
            rows.append(widgets.VBox([widgets.HTML(f"<strong>{html.escape(title)}</strong>"),
                                      widgets.HBox([bar, label])]))
        if not rows:
            rows.append(widgets.HTML(f"<p>{html.escape(msg('progress.widget.none'))}</p>"))
        self.rows_box.children = rows
        notes = [*self.store.warnings, msg("progress.widget.file", path=self.store.path)]
        self.notice.value = "".join(f"<p><small>{html.escape(n)}</small></p>" for n in notes)

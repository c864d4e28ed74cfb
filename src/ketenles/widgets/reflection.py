"""A reflection typed into a text box that keeps its text in the progress store.

Students type into a labelled ``Textarea`` (never a markdown cell, whose command
mode turns the first keystrokes into notebook shortcuts). **Opslaan** keeps the
text in the self-learner's progress file, so it is back when the lesson is opened
again; the reflection counts as done from :data:`~ketenles.models.reflection.MIN_WORDS`
words on.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models import progress, reflection


class ReflectionBox(widgets.VBox):
    """A labelled text box with a save button and a line saying how far the answer is.

    >>> import pathlib, tempfile
    >>> store = progress.ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "voortgang.json")
    >>> box = ReflectionBox("reflectie-03", lesson="03-mensenwerk", store=store)
    >>> box.text.value = "Vertrouwen groeit met geduld."; box.save(); box.words
    4
    >>> store.text("03-mensenwerk", "reflectie-03")
    'Vertrouwen groeit met geduld.'

    ``lesson``/``store``: where the text is kept (default: the lesson started with
    ``lessons.start``). ``rows``: the height of the box in lines.
    """

    def __init__(self, exercise_id: str, *, lesson: str | None = None,
                 store: progress.ProgressStore | None = None, rows: int = 6):
        progress.check_exercise_id(exercise_id)
        if lesson is not None:
            progress.check_lesson_id(lesson, "lesson")
        if store is not None and not isinstance(store, progress.ProgressStore):
            raise ArgumentError("store", store, msg("progress.expect.store"))
        active = progress.active_lesson()
        self.exercise_id = exercise_id
        self.lesson = lesson or (active[1] if active else None)
        self.store = store or (active[0] if active and self.lesson == active[1] else None)
        if self.store is None and self.lesson is not None:
            self.store = progress.ProgressStore()
        saved = self.store.text(self.lesson, exercise_id) if self.store is not None else ""
        self.text = widgets.Textarea(
            value=saved, description=msg("reflection.widget.label"),
            placeholder=msg("reflection.widget.placeholder"), rows=rows,
            # Sent to the kernel when the box loses focus, not on every keystroke.
            continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="95%"))
        self.save_button = widgets.Button(description=msg("reflection.widget.save"),
                                          tooltip=msg("reflection.widget.save_tooltip"), icon="save")
        self.status = widgets.HTML()
        self.progress_note: str | None = None
        self.save_button.on_click(lambda _button: self.save())
        self.export_button = widgets.Button(description=msg("reflection.widget.export"),
                                            tooltip=msg("reflection.widget.export_tooltip"), icon="download")
        self.export_button.on_click(lambda _button: self.export())
        self._export = None
        self.export_note = ""
        self.buttons = widgets.HBox([self.save_button])
        super().__init__([self.text, self.buttons, self.status])
        self._show(reflection.status(saved))

    @property
    def words(self) -> int:
        return reflection.word_count(self.text.value)

    @property
    def status_text(self) -> str:
        """The line under the box as plain text (what a screen reader reads)."""
        return " ".join(filter(None, [self._status, self.progress_note, self.export_note]))

    def save(self) -> None:
        """Keep the text; mark the reflection done when it is long enough."""
        text = self.text.value
        self.progress_note = None
        self.export_note = ""
        if self.store is None:
            self.progress_note = msg("reflection.widget.not_tracking")
        else:
            try:
                self.store.save_text(self.lesson, self.exercise_id, text)
            except progress.ProgressError as exc:
                self.progress_note = str(exc)
            else:
                if reflection.is_enough(text):
                    self.progress_note = progress.record_success(self.exercise_id, lesson_id=self.lesson,
                                                                 store=self.store)
                else:
                    self.progress_note = msg("reflection.widget.saved_at")
        self._show(reflection.status(text))

    def set_export(self, export) -> None:
        """Show an export button that calls ``export()`` (saving first) and shows its note."""
        if not callable(export):
            raise ArgumentError("export", export, msg("reflection.expect.export"))
        self._export = export
        self.buttons.children = [self.save_button, self.export_button]

    def export(self) -> str:
        """Save, then write the lesson's reflections to a file (see ``set_export``)."""
        self.save()
        if self._export is not None:
            self.export_note = self._export()
            self._show(self._status)
        return self.export_note

    def _show(self, status: str) -> None:
        self._status = status
        self.status.value = "".join(f"<p>{html.escape(line)}</p>"
                                    for line in filter(None, [status, self.progress_note, self.export_note]))

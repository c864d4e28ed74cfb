"""An outcome shown only when the student asks for it: predict first, then look.

A lesson that asks for a prediction and then runs a simulation would show the
simulation's answer right under the question after *Run All*. Wrapped in
:class:`Reveal`, the prepared outcome waits behind a button. Given the quiz
widget that asks the prediction (``wait_for``), the button stays disabled until
that quiz has been answered once: a click cannot skip the prediction.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.errors import ArgumentError
from ketenles.i18n import msg


class Reveal(widgets.VBox):
    """A button "Toon de uitkomst" and, after a click, ``content`` (anything with ``_repr_html_``)."""

    def __init__(self, content, wait_for=None):
        if not callable(getattr(content, "_repr_html_", None)):
            raise ArgumentError("content", type(content).__name__, msg("widgets.expect.html_content"))
        if wait_for is not None and not isinstance(getattr(wait_for, "on_submit", None), list):
            raise ArgumentError("wait_for", type(wait_for).__name__, msg("widgets.expect.quiz_widget"))
        self.content = content
        self.button = widgets.Button(description=msg("widgets.reveal.button"),
                                     tooltip=msg("widgets.reveal.tooltip"), icon="eye")
        self.button.on_click(lambda _button: self.show())
        self.note = widgets.HTML()
        self.output = widgets.HTML()
        self.waiting = wait_for is not None and wait_for.feedback is None
        if self.waiting:
            wait_for.on_submit.append(lambda _quiz: self._unlock())
        self._set_note()
        super().__init__([self.note, self.button, self.output])

    def _set_note(self) -> None:
        key = "widgets.reveal.answer_first" if self.waiting else "widgets.reveal.note"
        self.note.value = f"<p><em>{html.escape(msg(key))}</em></p>"
        self.button.disabled = self.waiting or self.shown

    def _unlock(self) -> None:
        if self.waiting:
            self.waiting = False
            self._set_note()

    @property
    def shown(self) -> bool:
        return bool(self.output.value)

    def show(self) -> None:
        if self.waiting:
            return  # the prediction above is not answered yet
        self.output.value = self.content._repr_html_()
        self.button.disabled = True
        self.note.value = ""

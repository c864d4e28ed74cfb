"""An outcome shown only when the student asks for it: predict first, then look.

A lesson that asks for a prediction and then runs a simulation would show the
simulation's answer right under the question after *Run All*. Wrapped in
:class:`Reveal`, the prepared outcome waits behind a button.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ketenles.errors import ArgumentError
from ketenles.i18n import msg


class Reveal(widgets.VBox):
    """A button "Toon de uitkomst" and, after a click, ``content`` (anything with ``_repr_html_``)."""

    def __init__(self, content):
        if not callable(getattr(content, "_repr_html_", None)):
            raise ArgumentError("content", type(content).__name__, msg("widgets.expect.html_content"))
        self.content = content
        self.button = widgets.Button(description=msg("widgets.reveal.button"),
                                     tooltip=msg("widgets.reveal.tooltip"), icon="eye")
        self.button.on_click(lambda _button: self.show())
        self.note = widgets.HTML(f"<p><em>{html.escape(msg('widgets.reveal.note'))}</em></p>")
        self.output = widgets.HTML()
        super().__init__([self.note, self.button, self.output])

    @property
    def shown(self) -> bool:
        return bool(self.output.value)

    def show(self) -> None:
        self.output.value = self.content._repr_html_()
        self.button.disabled = True
        self.note.value = ""

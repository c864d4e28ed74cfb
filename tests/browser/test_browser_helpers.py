"""The browser helpers themselves: they must see errors and drive every widget kind.

A small generated notebook holds a quiz, a dropdown, a button, a ketenles error
and a plain Python error. If a helper stopped working, the lesson tests could
pass for the wrong reason; these tests catch that.
"""

from __future__ import annotations

import nbformat
import pytest
from conftest import require_browser, shutdown_kernels, start_lab
from labpage import choose_dropdown, click_button, error_outputs, open_notebook, run_all, wait_for_change

CELLS = [
    "from ketenles.models.quiz import SingleChoice\nfrom ketenles.widgets.quiz import question_widget\n"
    "q = SingleChoice(prompt='Wie is de baas van de keten?', options={'a': 'Niemand', 'b': 'Het Rijk'},\n"
    "                 correct='a', explanations={'a': 'Klopt: geen hiërarchie.', 'b': 'Nee.'}, id='helper-test')\n"
    "question_widget(q)",
    "import ipywidgets as w\nd = w.Dropdown(options=['een', 'twee'], description='Keuze')\n"
    "out = w.HTML('gekozen: een')\nd.observe(lambda ch: setattr(out, 'value', 'gekozen: ' + ch['new']), 'value')\n"
    "b = w.Button(description='Tel')\nclicks = w.HTML('0 keer')\n"
    "b.on_click(lambda _: setattr(clicks, 'value', '1 keer'))\nw.VBox([d, out, b, clicks])",
    "import sys\nprint('waarschuwing', file=sys.stderr)",
]
FAILING = {
    "ketenles": "from ketenles.models.scan import score_scan\nscore_scan('geen scan')",
    "python": "1 / 0",
}


def _write(folder, cells):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "helper.ipynb")


@pytest.fixture(scope="module")
def helper_lab(tmp_path_factory):
    require_browser()
    root = tmp_path_factory.mktemp("helper-root")
    _write(root, CELLS)
    for name, source in FAILING.items():
        sub = root / name
        sub.mkdir()
        _write(sub, [source])
    server = start_lab(root, tmp_path_factory.mktemp("helper-state"))
    yield server
    shutdown_kernels(server)
    server.stop()


def test_widgets_respond_and_stderr_is_no_error(page, helper_lab):
    panel = open_notebook(page, helper_lab, "helper.ipynb")
    assert run_all(page, panel) == len(CELLS)
    assert error_outputs(panel) == []

    quiz = panel.locator(".widget-vbox", has=page.locator("button.jupyter-button", has_text="Controleer")).last
    quiz.locator("input[type=radio]").first.check()
    before = quiz.text_content()
    click_button(quiz, "Controleer")
    after = wait_for_change(quiz.text_content, before)
    assert "Klopt: geen hiërarchie." in after

    select = panel.locator(".widget-dropdown select").first
    assert choose_dropdown(select, 1) == "twee"
    shown = panel.locator(".widget-html", has_text="gekozen:").first
    assert wait_for_change(shown.text_content, "gekozen: een") == "gekozen: twee"

    counter = panel.locator(".widget-html", has_text="keer").first
    click_button(panel, "Tel")
    assert wait_for_change(counter.text_content, "0 keer") == "1 keer"


@pytest.mark.parametrize("kind", sorted(FAILING))
def test_an_error_cell_is_reported(page, helper_lab, kind):
    panel = open_notebook(page, helper_lab, f"{kind}/helper.ipynb")
    run_all(page, panel)
    errors = error_outputs(panel)
    assert len(errors) == 1, errors
    assert ("ArgumentError" in errors[0] and "Het argument" in errors[0]) if kind == "ketenles" \
        else errors[0].startswith("ZeroDivisionError")

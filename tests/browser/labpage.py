"""Drive JupyterLab in a real browser as a student would: open, run, use widgets.

Selectors are JupyterLab's and ipywidgets' own CSS classes and command ids, so
they do not depend on the interface language; only ``wait_for_kernel`` reads
the status bar text, and ``run_all`` opens the Run menu by its title. Both
default to the Dutch interface a student gets (``IDLE``, ``RUN_MENU``).
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Locator, Page

CHROMIUM = "/usr/bin/chromium"
# From /work/shared/stack-notes.md: the flags that made headless Chromium work here.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
KERNEL_TIMEOUT = 90_000  # ms
RUN_TIMEOUT = 240  # s
# A failed cell shows an error output: a Python traceback, or ketenles' one-line
# notice ("Let op: ...") in place of it. A traceback printed as plain text (e.g.
# by a widget callback) counts too; "Let op:" alone does not, because lessons
# also use it for ordinary notes.
TRACEBACK = "Traceback (most recent call last)"
# The Dutch interface (the course's default): the status bar's idle text, the Run menu.
IDLE = "| Inactief"
RUN_MENU = "Uitvoeren"


def open_notebook(page: Page, server, relpath: str, idle_text: str = IDLE) -> Locator:
    """Open ``relpath`` (relative to the server root) and wait for a live kernel.

    ``idle_text``: the status bar's idle text in the interface language
    (Dutch: "| Inactief").
    """
    # ?reset: start from an empty workspace, not the notebooks an earlier test left open.
    page.goto(server.url(f"lab/tree/{relpath}?reset"))
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
    panel.wait_for(timeout=KERNEL_TIMEOUT)
    wait_for_kernel(page, idle_text)
    return panel


def wait_for_kernel(page: Page, idle_text: str = IDLE) -> None:
    # The toolbar indicator may read idle before the kernel is attached; the
    # status bar's "| Idle" only appears once it is (stack-notes).
    page.get_by_text(idle_text).first.wait_for(timeout=KERNEL_TIMEOUT)


def run_command(page: Page, menu: str, command: str) -> None:
    """Click a main-menu entry by its JupyterLab command id, as a student would."""
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).first.click()
    page.locator(f'li.lm-Menu-item[data-command="{command}"]').first.click()


def code_cell_prompts(panel: Locator) -> list[str]:
    return panel.locator(".jp-CodeCell .jp-InputArea-prompt").evaluate_all(
        "els => els.map(e => e.textContent.trim())")


def run_all(page: Page, panel: Locator, timeout: float = RUN_TIMEOUT, menu: str = RUN_MENU,
            idle_text: str = IDLE) -> int:
    """Run every cell and wait until each code cell has an execution count.

    ``menu`` and ``idle_text``: the Run menu's title and the status bar's idle
    text in the interface language (English: "Run", "| Idle").
    Returns the number of code cells run; raises when the run does not finish.
    """
    prompts = code_cell_prompts(panel)
    if not prompts:
        raise AssertionError("the notebook has no code cells")
    run_command(page, menu, "runmenu:run-all")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        prompts = code_cell_prompts(panel)
        if all(re.fullmatch(r"\[\d+\]:", p) for p in prompts):
            wait_for_kernel(page, idle_text)
            return len(prompts)
        time.sleep(0.5)
    raise AssertionError(f"Run All did not finish in {timeout} s; prompts: {prompts}")


_MODEL_OUTPUTS = """() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!widget || !widget.content || !widget.content.model) { return null; }
  const cells = widget.content.model.cells, found = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type === 'code') { found.push(...cell.outputs.toJSON()); }
  }
  return found;
}"""


def error_outputs(panel: Locator) -> list[str]:
    """Outputs of the open notebook that show an error; a stderr warning does not count.

    JupyterLab renders an error output with the same mime type and classes as
    stderr, so the DOM cannot tell them apart: read the notebook model instead
    (the server runs with ``expose_app_in_browser``). A traceback printed as text
    counts as an error too.
    """
    outputs = panel.page.evaluate(_MODEL_OUTPUTS)
    if outputs is None:
        raise AssertionError("no notebook model: start JupyterLab with --LabApp.expose_app_in_browser=True")
    errors = []
    for output in outputs:
        if output.get("output_type") == "error":
            errors.append(f"{output.get('ename')}: {output.get('evalue')}"[:500])
            continue
        text = output.get("text") or "".join((output.get("data") or {}).get("text/plain", ""))
        text = "".join(text) if isinstance(text, list) else str(text)
        if TRACEBACK in text:
            errors.append(text.strip()[:500])
    return errors


def widget_views(panel: Locator) -> dict[str, int]:
    """How many rendered widgets of each kind the notebook shows."""
    return {
        kind: panel.locator(selector).count()
        for kind, selector in {
            "slider": ".widget-slider .noUi-handle",
            "button": "button.jupyter-button",
            "dropdown": ".widget-dropdown select",
            "radio": ".widget-radio-box input[type=radio]",
            "checkbox": ".widget-checkbox input[type=checkbox]",
            "text": ".widget-text input[type=text]",
        }.items()
    }


# --- one helper per widget kind -------------------------------------------

def slide(handle: Locator, steps: int) -> None:
    """Focus a slider handle and press the arrow keys ``steps`` times (negative: left)."""
    handle.scroll_into_view_if_needed()
    handle.click()
    key = "ArrowRight" if steps > 0 else "ArrowLeft"
    for _ in range(abs(steps)):
        handle.press(key)


def slider_readout(slider: Locator) -> str:
    return slider.locator(".widget-readout").first.text_content().strip()


def click_button(scope: Locator, label: str) -> None:
    button = scope.locator("button.jupyter-button", has_text=label).first
    button.scroll_into_view_if_needed()
    button.click()


def choose_dropdown(select: Locator, index: int = 1) -> str:
    """Choose the option at ``index`` (0 is often a 'choose…' placeholder); return its label."""
    select.scroll_into_view_if_needed()
    label = select.locator("option").nth(index).text_content()
    select.select_option(index=index)
    return label


def choose_radio(box: Locator, index: int = 0) -> None:
    radio = box.locator("input[type=radio]").nth(index)
    radio.scroll_into_view_if_needed()
    radio.check()


def save_notebook(page: Page) -> None:
    """Save the open notebook as a student does (Ctrl+S) and wait until the file is written.

    A cell still running would make the notebook dirty again when its result arrives, after
    the save: first wait until no cell shows [*], as a student waits for the number. JupyterLab
    clears its dirty mark once the server has written the file.
    """
    page.wait_for_function("() => ![...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
                           ".some(p => p.textContent.includes('*'))", timeout=120_000)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)


# The open notebook's kernel counts its own returns to idle: it goes busy and idle once for
# every request it handles, a cell or a widget's message alike.
_KERNEL_IDLES = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  if (kernel.ketenlesIdles === undefined) {
    kernel.ketenlesIdles = 0;
    kernel.statusChanged.connect((_, status) => { if (status === 'idle') { kernel.ketenlesIdles++; } });
  }
  return kernel.ketenlesIdles;
}"""
RENDER_GRACE = 2.0  # s: after the kernel answered, the browser draws what it sent


def kernel_idles(page: Page) -> int:
    """How often the open notebook's kernel went idle since this was first asked."""
    return page.evaluate(_KERNEL_IDLES)


def answer_shown(page: Page, read, before, idles_before: int, timeout: float = 30) -> object:
    """After a student's action: wait until the kernel has handled it, then for the page to show
    its answer; return what ``read()`` gives then (``before`` when the action changes nothing).

    Waiting for the kernel, not for a change, lets an action that rightly changes nothing
    (a "Vernieuw" on unchanged progress) end in a moment instead of a timeout.
    """
    deadline = time.monotonic() + timeout
    while kernel_idles(page) <= idles_before and time.monotonic() < deadline:
        time.sleep(0.1)
    return wait_for_change(read, before, timeout=RENDER_GRACE)


def wait_for_change(read, before, timeout: float = 30) -> object:
    """Poll ``read()`` until it differs from ``before``; return the new value."""
    deadline = time.monotonic() + timeout
    value = read()
    while value == before and time.monotonic() < deadline:
        time.sleep(0.2)
        value = read()
    return value


def wait_until(read, done, timeout: float = 30) -> object:
    """Poll ``read()`` until ``done(value)`` holds or the time is up; return the last value.

    For a state that changes in several steps (a widget updates its text and
    its chart in separate messages): wait for all of them, then assert.
    """
    deadline = time.monotonic() + timeout
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.2)
        value = read()
    return value

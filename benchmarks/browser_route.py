"""Benchmark: the student's route in a real browser, against bare baselines measured in the same run.

Per lesson: the time from Run All to finished (every code cell numbered), and
the median time from a key press on a widget to the kernel's answer on screen
(text or chart in the widget's output changing; a slider's own readout does not
count, it changes without the kernel). Baselines, in the same JupyterLab and
the same browser: an empty notebook (one ``pass`` cell) for Run All, and a bare
ipywidgets slider wired to an HTML widget for the response.

Run: .venv/bin/python benchmarks/browser_route.py [lesson-name-part ...]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from labpage import CHROMIUM, CHROMIUM_ARGS, open_notebook, run_command  # noqa: E402
from labserver import LabServer, write_user_setting  # noqa: E402

PRESSES = 6
# What the kernel changed in an output: its text without slider readouts, plus its images.
SIGNATURE = """(el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.widget-readout').forEach(r => r.remove());
  const images = [...el.querySelectorAll('img')].map(i => (i.src || '').length + (i.src || '').slice(-40));
  return copy.textContent + '|' + images.join(',');
}"""
BARE_SLIDER = ("import ipywidgets as w\n"
               "s = w.IntSlider(value=5, min=0, max=10, description='waarde')\n"
               "h = w.HTML('5')\n"
               "s.observe(lambda change: setattr(h, 'value', str(change.new)), names='value')\n"
               "w.VBox([s, h])")


def run_all_seconds(page, panel) -> float:
    start = time.perf_counter()
    run_command(page, "Run", "runmenu:run-all")
    page.wait_for_function(
        """() => { const p = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden)'
                 + ' .jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent.trim());
                 return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }""",
        timeout=300_000, polling="raf")
    return time.perf_counter() - start


def _respond_ms(page, output, act) -> float:
    handle = output.element_handle()
    before = page.evaluate(SIGNATURE, handle)
    start = time.perf_counter()
    act()
    page.wait_for_function(f"([el, before]) => ({SIGNATURE})(el) !== before", arg=[handle, before],
                           timeout=30_000, polling="raf")
    return (time.perf_counter() - start) * 1000


def widget_response_ms(page, panel) -> tuple[str, float] | None:
    """Median response of the lesson's first slider, else its first dropdown; None without either."""
    outputs = panel.locator(".jp-OutputArea-output")
    slider = outputs.filter(has=page.locator(".widget-slider .noUi-handle"))
    if slider.count():
        output = slider.first
        handle = output.locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        keys = ["ArrowRight", "ArrowLeft"] * PRESSES
        return "slider", statistics.median(
            _respond_ms(page, output, lambda k=k: handle.press(k)) for k in keys[:PRESSES])
    menus = outputs.filter(has=page.locator(".widget-dropdown select"))
    for index in range(menus.count()):
        output = menus.nth(index)
        select = output.locator(".widget-dropdown select").first
        if select.locator("option").count() < 2 or output.locator("button", has_text="Controleer").count():
            continue
        select.scroll_into_view_if_needed()
        current = select.evaluate("s => s.selectedIndex")
        other = 1 if current != 1 else 0
        # Alternate between two options, starting with the one not chosen now.
        choices = [other if i % 2 == 0 else current for i in range(PRESSES)]
        return "keuzelijst", statistics.median(
            _respond_ms(page, output, lambda c=c, s=select: s.select_option(index=c)) for c in choices)
    return None


def main(filters: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="ketenles-bench-"))
    (tmp / "root").mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("pass")]), tmp / "root" / "leeg.ipynb")
    nbformat.write(new_notebook(cells=[new_code_cell(BARE_SLIDER)]), tmp / "root" / "schuif.ipynb")
    lessons = [p for p in sorted((REPO / "notebooks").glob("*.ipynb"))
               if not filters or any(f in p.name for f in filters)]
    servers = []
    for root in (tmp / "root", REPO):
        server = LabServer(root=root, state=tmp / f"state-{len(servers)}")
        write_user_setting(server.config_dir, "@jupyterlab/translation-extension:plugin", {"locale": "en"})
        write_user_setting(server.config_dir, "@jupyterlab/docmanager-extension:plugin", {"autosave": False})
        write_user_setting(server.config_dir, "@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
        servers.append(server.start())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            bare, lab = servers

            panel = open_notebook(page, bare, "leeg.ipynb")
            empty = min(run_all_seconds(page, panel) for _ in range(3))
            panel = open_notebook(page, bare, "schuif.ipynb")
            run_all_seconds(page, panel)
            _, slider_ms = widget_response_ms(page, panel)
            print(f"{'baseline: empty notebook':34} Run All {empty:6.2f} s")
            print(f"{'baseline: bare ipywidgets slider':34} response {slider_ms:7.1f} ms (median of {PRESSES})")
            print(f"{'lesson':34} {'Run All':>9} {'x empty':>8}   {'response':>10} {'x slider':>8}  widget")
            for lesson in lessons:
                panel = open_notebook(page, lab, f"notebooks/{lesson.name}")
                seconds = run_all_seconds(page, panel)
                response = widget_response_ms(page, panel)
                shown = (f"{response[1]:8.1f} ms {response[1] / slider_ms:7.1f}x  {response[0]}"
                         if response else f"{'-':>11} {'-':>8}  (geen schuif of keuzelijst)")
                print(f"{lesson.name:34} {seconds:7.2f} s {seconds / empty:7.1f}x   {shown}")
                for kernel in lab.api("kernels") or []:
                    lab.api(f"kernels/{kernel['id']}", method="DELETE")
            browser.close()
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Benchmark: the student's route in a real browser, against bare baselines measured in the same run.

Per lesson: the time from Run All to finished (every code cell numbered), and
the median time from a key press on a widget to the kernel's answer on screen
(text or chart in the widget's output changing; a slider's own readout does not
count, it changes without the kernel). Baselines, in the same JupyterLab and
the same browser: an empty notebook (one ``pass`` cell) for Run All, and a bare
ipywidgets slider wired to an HTML widget for the response.

Run: .venv/bin/python benchmarks/browser_route.py [--timeout S] [--presses N] [lesson-name-part ...]
e.g. ``benchmarks/browser_route.py 03 05`` measures lessons 03 and 05 only.

Progress goes to stderr as it happens; the table goes to stdout. A lesson that
fails or runs out of time is reported in its row and the run goes on with the
next one (exit status 1 at the end).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

import labpage  # noqa: E402
from labpage import CHROMIUM, CHROMIUM_ARGS, RUN_MENU, open_notebook, run_command  # noqa: E402
from labserver import LabServer, write_user_setting  # noqa: E402

DEFAULT_TIMEOUT = 600  # s per lesson: a loaded 2-core machine took minutes where an idle one takes seconds
DEFAULT_PRESSES = 6
PRESS_TIMEOUT = 30_000  # ms for one widget answer; a press with no answer counts as missing, not as a time
SETTLE = 1.0  # s without a new widget view: the lesson's widgets are drawn
# What the kernel changed in an output: its text without slider readouts, plus its images.
SIGNATURE = """(el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.widget-readout').forEach(r => r.remove());
  const images = [...el.querySelectorAll('img')].map(i => (i.src || '').length + (i.src || '').slice(-40));
  return copy.textContent + '|' + images.join(',');
}"""
ALL_NUMBERED = """() => { const p = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden)'
                 + ' .jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent.trim());
                 return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }"""
# Without a kernelspec JupyterLab asks which kernel to start and never gets to "Inactief" (idle).
KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
BARE_SLIDER = ("import ipywidgets as w\n"
               "s = w.IntSlider(value=5, min=0, max=10, description='waarde')\n"
               "h = w.HTML('5')\n"
               "s.observe(lambda change: setattr(h, 'value', str(change.new)), names='value')\n"
               "w.VBox([s, h])")


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


@dataclass
class Response:
    widget: str
    times_ms: list[float]
    presses: int

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None


def run_all_seconds(page, timeout_s: float) -> float:
    start = time.perf_counter()
    run_command(page, RUN_MENU, "runmenu:run-all")
    page.wait_for_function(ALL_NUMBERED, timeout=timeout_s * 1000, polling=250)
    return time.perf_counter() - start


def wait_for_widgets(page, panel, timeout_s: float) -> int:
    """Wait until no new widget view has been drawn for SETTLE seconds; the number of views."""
    views = panel.locator(".jp-OutputArea-output .jupyter-widgets")
    deadline = time.monotonic() + timeout_s
    count, stable_since = views.count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = views.count()
        if now != count:
            count, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= SETTLE:
            break
    return count


def _respond_ms(page, output, act) -> float | None:
    handle = output.element_handle()
    before = page.evaluate(SIGNATURE, handle)
    start = time.perf_counter()
    try:
        act()  # a disabled or hidden control refuses the press: no answer either
        page.wait_for_function(f"([el, before]) => ({SIGNATURE})(el) !== before", arg=[handle, before],
                               timeout=PRESS_TIMEOUT, polling="raf")
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: this press got no answer
        return None
    return (time.perf_counter() - start) * 1000


def _measure(page, output, actions, widget: str) -> Response:
    """Press after press; two unanswered in a row: this widget's output does not follow it (stop)."""
    times, unanswered = [], 0
    for act in actions:
        elapsed = _respond_ms(page, output, act)
        if elapsed is None:
            unanswered += 1
            if unanswered == 2:
                break
        else:
            times.append(elapsed)
            unanswered = 0
    return Response(widget, times, len(actions))


def widget_response(page, panel, presses: int) -> Response | None:
    """Response of the lesson's first slider, else its first dropdown; None without either."""
    outputs = panel.locator(".jp-OutputArea-output")
    slider = outputs.filter(has=page.locator(".widget-slider .noUi-handle"))
    if slider.count():
        output = slider.first
        handle = output.locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        keys = (["ArrowRight", "ArrowLeft"] * presses)[:presses]
        return _measure(page, output, [lambda k=k: handle.press(k) for k in keys], "slider")
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
        choices = [other if i % 2 == 0 else current for i in range(presses)]
        return _measure(page, output, [lambda c=c, s=select: s.select_option(index=c, timeout=5_000) for c in choices],
                        "keuzelijst")
    return None


def _start(root: Path, state: Path) -> LabServer:
    server = LabServer(root=root, state=state)
    # The Dutch interface, as a student gets it.
    write_user_setting(server.config_dir, "@jupyterlab/translation-extension:plugin", {"locale": "nl_NL"})
    write_user_setting(server.config_dir, "@jupyterlab/docmanager-extension:plugin", {"autosave": False})
    write_user_setting(server.config_dir, "@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
    return server.start()


def _shutdown_kernels(server: LabServer) -> None:
    for kernel in server.api("kernels") or []:
        server.api(f"kernels/{kernel['id']}", method="DELETE")


def _response_text(response: Response | None, slider_ms: float) -> str:
    if response is None:
        return f"{'-':>11} {'-':>8}  (geen schuif of keuzelijst)"
    if response.median_ms is None:
        return f"{'-':>11} {'-':>8}  {response.widget}: no answer to {response.presses} presses"
    missing = response.presses - len(response.times_ms)
    note = f", {missing} of {response.presses} presses unanswered" if missing else ""
    return f"{response.median_ms:8.1f} ms {response.median_ms / slider_ms:7.1f}x  {response.widget}{note}"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lessons", nargs="*", help="parts of lesson file names (default: every lesson)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds per lesson for opening and Run All (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--presses", type=int, default=DEFAULT_PRESSES,
                        help=f"widget presses per lesson (default {DEFAULT_PRESSES})")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    args = parse_args(argv)
    lessons = [p for p in sorted((REPO / "notebooks").glob("*.ipynb"))
               if not args.lessons or any(f in p.name for f in args.lessons)]
    if not lessons:
        print(f"no lesson matches {args.lessons}", file=sys.stderr)
        return 2
    labpage.KERNEL_TIMEOUT = args.timeout * 1000  # open_notebook's wait for a live kernel
    tmp = Path(tempfile.mkdtemp(prefix="ketenles-bench-"))
    (tmp / "root").mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("pass")], metadata=KERNELSPEC), tmp / "root" / "leeg.ipynb")
    nbformat.write(new_notebook(cells=[new_code_cell(BARE_SLIDER)], metadata=KERNELSPEC), tmp / "root" / "schuif.ipynb")
    progress(f"starting two JupyterLab servers; lessons: {', '.join(p.stem for p in lessons)}")
    servers = [_start(tmp / "root", tmp / "state-bare"), _start(REPO, tmp / "state-lessons")]
    failures = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            bare, lab = servers

            progress("baseline: empty notebook, Run All three times")
            open_notebook(page, bare, "leeg.ipynb")
            empty = min(run_all_seconds(page, args.timeout) for _ in range(3))
            progress("baseline: bare ipywidgets slider")
            panel = open_notebook(page, bare, "schuif.ipynb")
            run_all_seconds(page, args.timeout)
            wait_for_widgets(page, panel, args.timeout)
            bare_response = widget_response(page, panel, args.presses)
            if bare_response is None or bare_response.median_ms is None:
                raise SystemExit("the bare slider gave no answer: the baseline cannot be measured")
            slider_ms = bare_response.median_ms
            _shutdown_kernels(bare)

            rows = [f"{'baseline: empty notebook':34} Run All {empty:6.2f} s",
                    f"{'baseline: bare ipywidgets slider':34} response {slider_ms:7.1f} ms "
                    f"(median of {len(bare_response.times_ms)})",
                    f"{'lesson':34} {'Run All':>9} {'x empty':>8}   {'response':>10} {'x slider':>8}  widget"]
            for number, lesson in enumerate(lessons, 1):
                where = f"[{number}/{len(lessons)}] {lesson.stem}"
                try:
                    progress(f"{where}: opening")
                    panel = open_notebook(page, lab, f"notebooks/{lesson.name}")
                    progress(f"{where}: Run All")
                    seconds = run_all_seconds(page, args.timeout)
                    progress(f"{where}: finished in {seconds:.1f} s; widget response")
                    wait_for_widgets(page, panel, args.timeout)
                    shown = _response_text(widget_response(page, panel, args.presses), slider_ms)
                    rows.append(f"{lesson.name:34} {seconds:7.2f} s {seconds / empty:7.1f}x   {shown}")
                except Exception as error:  # noqa: BLE001 - one lesson's failure must not lose the others' figures
                    failures += 1
                    reason = str(error).strip().splitlines()[0][:100] if str(error).strip() else type(error).__name__
                    progress(f"{where}: FAILED: {reason}")
                    rows.append(f"{lesson.name:34} failed: {reason}")
                finally:
                    _shutdown_kernels(lab)
            browser.close()
    finally:
        for server in servers:
            server.stop()
    print("\n".join(rows))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Memory of a JupyterLab server with one lesson run in a real browser, vs Binder's ~2 GB.

Starts JupyterLab on the repository (as tests/browser does), opens lesson 01 in
headless Chromium, runs all cells, moves a ketenscan slider, then sums the
resident memory (RSS) of the jupyter server and its kernel processes. The
browser is not counted: on Binder it runs on the student's own computer.

    .venv/bin/python benchmarks/binder_memory.py [notebooks/NAME.ipynb]

Needs: playwright (Python), psutil, and Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from labpage import CHROMIUM, CHROMIUM_ARGS, open_notebook, run_all, slide  # noqa: E402
from labserver import LabServer, write_user_setting  # noqa: E402

BINDER_LIMIT_MB = 2048


def tree_rss_mb(pid: int) -> tuple[float, dict[str, float]]:
    """Total RSS of a process and its children, in MB, and the share per kind."""
    root = psutil.Process(pid)
    parts: dict[str, float] = {}
    for proc in [root, *root.children(recursive=True)]:
        try:
            rss = proc.memory_info().rss / 2**20
            kind = "kernel" if "ipykernel" in " ".join(proc.cmdline()) else "server"
        except psutil.NoSuchProcess:
            continue
        parts[kind] = parts.get(kind, 0.0) + rss
    return sum(parts.values()), parts


def main(lesson: str = "notebooks/01-wat-is-een-keten.ipynb") -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = LabServer(root=REPO, state=Path(tmp))
        write_user_setting(server.config_dir, "@jupyterlab/translation-extension:plugin", {"locale": "en"})
        write_user_setting(server.config_dir, "@jupyterlab/docmanager-extension:plugin", {"autosave": False})
        with server, sync_playwright() as playwright:
            idle_mb, _ = tree_rss_mb(server.process.pid)
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            panel = open_notebook(page, server, lesson)
            cells = run_all(page, panel)
            handles = panel.locator(".widget-slider .noUi-handle")
            if handles.count():
                slide(handles.first, -2)
                page.wait_for_timeout(2000)
            total, parts = tree_rss_mb(server.process.pid)
            browser.close()
    print(f"lesson: {lesson} ({cells} code cells run in Chromium)")
    print(f"server before opening the lesson: {idle_mb:.0f} MB")
    for kind, mb in sorted(parts.items()):
        print(f"  {kind}: {mb:.0f} MB")
    print(f"server + kernel with the lesson running: {total:.0f} MB RSS")
    print(f"share of Binder's ~{BINDER_LIMIT_MB} MB: {total / BINDER_LIMIT_MB:.0%} "
          f"(headroom {BINDER_LIMIT_MB - total:.0f} MB)")


if __name__ == "__main__":
    main(*sys.argv[1:2])

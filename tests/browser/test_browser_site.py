"""The course website in Chromium with every non-local request blocked: each page loads
with no failed request and no serious or critical axe-core violation (axe.min.js from
the PyPI package axe-playwright-python, never fetched); the widgets render from their
saved state; every image has its text alternative; search works; each deck opens."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import nbformat
import pytest
from site_helpers import built_site
from sitegen import sessions

pytestmark = pytest.mark.slow
SERIOUS = {"serious", "critical"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def site_server():
    root = built_site().root
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Watch:
    """Blocks every request that does not go to the local server and records what failed."""

    def __init__(self, page, base: str):
        self.blocked, self.failed = [], []
        page.route("**/*", self._route)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))
        page.on("pageerror", lambda e: self.failed.append(f"script error: {e}"))
        self.base = base

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def problems(self) -> list[str]:
        return [f"blocked: {u}" for u in self.blocked] + [f"failed: {u}" for u in self.failed]


def _pages(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.html")
                  if not {"_static", "slides"} & set(p.relative_to(root).parts))


def test_every_page_loads_offline_and_passes_axe(page, site_server):
    from axe_playwright_python.sync_playwright import Axe

    root, base = site_server
    axe = Axe()
    watch = Watch(page, base)
    pages = _pages(root)
    assert len(pages) >= 25
    problems = {}
    for name in pages:
        page.goto(base + name, wait_until="networkidle")
        # A lesson page renders its widgets; the optional notebooks in lessen/extra/ have none.
        if name.startswith("lessen/") and name.count("/") == 1 and name != "lessen/index.html":
            page.wait_for_selector(".jupyter-widgets", state="attached", timeout=30_000)
            page.wait_for_timeout(300)  # the manager renders the remaining views
        # Requests of the page itself; axe then fetches style sheets on its own
        # (and resolves their @import against the page), which is not the site's doing.
        found = watch.problems()
        found += [f"image without alt: {src[:80]}" for src in page.eval_on_selector_all(
            "img", "els => els.filter(e => !(e.getAttribute('alt') || '').trim()).map(e => e.src)")]
        violations = [v for v in axe.run(page).response["violations"] if v.get("impact") in SERIOUS]
        found += [f"axe {v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in violations]
        found += [f"blocked: {u}" for u in watch.blocked]  # axe must not reach out either
        watch.blocked.clear()
        watch.failed.clear()
        if found:
            problems[name] = found
    assert not problems, "\n".join(f"{name}: {'; '.join(p[:5])}" for name, p in problems.items())


def test_lesson_widgets_render_from_their_saved_state(page, site_server):
    _, base = site_server
    watch = Watch(page, base)
    page.goto(base + "lessen/01-wat-is-een-keten.html", wait_until="networkidle")
    page.wait_for_selector(".widget-slider", timeout=30_000)
    # The ketenscan: five sliders and its radar chart with the library's alt text.
    assert page.locator(".widget-slider").count() >= 5
    chart = page.locator(".jupyter-widgets img[src^='data:image/png']").first
    assert len(chart.get_attribute("alt")) > 40
    notice = page.locator(".ketenles-kernel-nodig").first
    assert "werkt alleen in het notebook" in notice.inner_text()
    assert notice.locator("a[href*='mybinder.org']").count() == 1
    assert watch.problems() == []


def test_search_works_without_network(page, site_server):
    _, base = site_server
    watch = Watch(page, base)
    page.goto(base + "search.html?q=vertrouwen", wait_until="networkidle")
    page.wait_for_selector("#search-results li", timeout=30_000)
    assert page.locator("#search-results li").count() >= 3
    page.wait_for_function("document.querySelector('#search-results .search-summary, #search-results p')")
    assert "pagina's gevonden" in page.locator("#search-results").inner_text()
    assert watch.problems() == []


@pytest.mark.parametrize("deck", sessions.decks(), ids=lambda p: p.stem)
def test_a_deck_opens_offline_with_all_its_slides(page, site_server, deck):
    _, base = site_server
    watch = Watch(page, base)
    page.goto(base + f"slides/{deck.stem}.slides.html", wait_until="networkidle")
    # reveal.js (loaded through require.js) marks the deck "ready" once it runs.
    page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
    nb = nbformat.read(deck, as_version=4)
    expected = sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for c in nb.cells)
    leaves = ".reveal .slides section:not(:has(section))"
    assert page.locator(leaves).count() == expected
    first = page.locator(".reveal .slides > section").first
    assert "present" in first.get_attribute("class")
    page.keyboard.press("End")  # reveal.js: jump to the last slide
    last = page.locator(".reveal .slides > section").last
    page.wait_for_function("el => el.classList.contains('present')", arg=last.element_handle())
    assert last.inner_text().strip()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert watch.problems() == []

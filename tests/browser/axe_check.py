"""axe-core in the page, judging only the course's own output (the cells' output areas).

axe-core comes bundled with the PyPI package ``axe-playwright-python`` (its
``axe.min.js``): nothing is fetched at run time. JupyterLab's chrome is JupyterLab's.
"""

from __future__ import annotations

import contextlib

from playwright.sync_api import TimeoutError as PlaywrightTimeout

BLOCKING = {"serious", "critical"}
OUTPUTS = ".jp-OutputArea-output"


def axe_violations(page, include: str = OUTPUTS) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [[include]]}, options={"resultTypes": ["violations"]})
    return results.response["violations"]


def describe(violations: list[dict]) -> list[str]:
    return [f"{v['impact']} {v['id']}: {v['help']} -- {v['nodes'][0]['html'][:160]} ({len(v['nodes'])}x)"
            for v in violations]


def blocking_violations_after_run(page) -> list[dict]:
    """The serious and critical violations in a notebook's outputs, once its widgets are drawn."""
    # Widgets render after their cell finished: wait until every widget view is drawn.
    page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length === 0"
                           " || !document.querySelector('.jupyter-widgets-disconnected')")
    # The page's fix names each slider handle one animation frame after it is drawn: wait for the names.
    # A handle that never gets one is what axe reports, so running out of time is no failure here.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("() => [...document.querySelectorAll('.widget-slider .noUi-handle')]"
                               ".every(h => h.hasAttribute('aria-label'))", timeout=15_000)
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING]

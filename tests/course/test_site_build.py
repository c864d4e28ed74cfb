"""The course website as built by ``bash scripts/build-site.sh`` from a clean copy of the
repository, inside a network namespace without network (``unshare -n``; ``-rn`` when
not root): every lesson with its output, the cases, syllabus and lecturer's kit, Dutch,
searchable, nothing loaded from elsewhere, no solutions, and every figure with its
text alternative."""

from __future__ import annotations

import html
import json
import re

import nbformat
import pytest
from site_helpers import IN_CI, REPO, built_site
from sitegen import leaks, lessons, sessions

pytestmark = pytest.mark.slow

_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.I | re.S)


@pytest.fixture(scope="module")
def site():
    return built_site()


def _html_files(root):
    """The pages of the site and the decks (not the vendored files of _static and reveal.js)."""
    return sorted(p for p in root.rglob("*.html") if not {"_static", "reveal.js"} & set(p.parts))


def test_the_site_builds_without_network(site):
    if not site.offline:
        if IN_CI:
            pytest.fail("the site was not built in a network namespace")
        pytest.skip("no network namespace here (unshare); the build ran with network")
    assert "[site] built" in site.log
    print(f"\nsite build (offline, clean copy): {site.seconds:.0f} s")


def test_every_lesson_is_on_the_site_with_its_executed_output(site):
    for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
        page = (site.root / "lessen" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        source = nbformat.read(notebook, as_version=4)
        assert source.metadata["ketenles"]["title"] in html.unescape(page)
        assert 'class="cell_output' in page, notebook.name
        assert _STATE.search(page), f"{notebook.name}: no saved widget state on the page"


def test_lesson_zero_links_to_its_optional_notebook_on_the_site(site):
    extras = sorted((REPO / "notebooks" / "extra").glob("*.ipynb"))
    assert extras
    welcome = (site.root / "lessen" / "00-welkom.html").read_text(encoding="utf-8")
    for notebook in extras:
        page = (site.root / "lessen" / "extra" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert 'class="cell_output' in page, notebook.name  # executed, like a lesson
        assert f'href="extra/{notebook.stem}.html' in welcome
        assert 'href="../00-welkom.html' in page


def test_widgets_that_need_a_kernel_are_followed_by_the_dutch_notice(site):
    for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
        page = (site.root / "lessen" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        count = page.count(lessons.NOTICE_CLASS)
        assert count >= 1, notebook.name
        assert "werkt alleen in het notebook" in page
        assert "mybinder.org/v2/gh/" in page and "/hub/user-redirect/git-pull?" in page
    # Lesson 03 has quizzes and two games: at least five notices.
    assert (site.root / "lessen" / "03-mensenwerk.html").read_text(encoding="utf-8").count(
        lessons.NOTICE_CLASS) >= 5


def test_every_figure_has_its_text_alternative(site):
    figures = 0
    for path in _html_files(site.root):
        page = path.read_text(encoding="utf-8")
        chunks = [page] + [json.dumps(json.loads(html.unescape(s)), ensure_ascii=False) for s in _STATE.findall(page)]
        for chunk in chunks:
            for tag in _IMG.findall(chunk.replace('\\"', '"')):
                alt = _ALT.search(tag)
                assert alt and alt.group(2).strip(), f"{path.relative_to(site.root)}: image without alt: {tag[:120]}"
                figures += 1
    assert figures >= 7  # at least the charts of the scan, games and advisers


def test_the_chart_alt_text_of_the_library_survives_into_the_page(site):
    page = (site.root / "lessen" / "01-wat-is-een-keten.html").read_text(encoding="utf-8")
    state = json.loads(html.unescape(_STATE.search(page).group(1)))
    values = [m["state"].get("value", "") for m in state["state"].values() if m["model_name"] == "HTMLModel"]
    charts = [v for v in values if "data:image/png;base64" in v]
    assert charts, "the ketenscan chart is not in the widget state"
    for chart in charts:
        alt = _ALT.search(_IMG.search(chart).group()).group(2)
        assert len(alt) > 40 and alt in chart.split("<figcaption", 1)[1]


def test_syllabus_cases_and_lecturer_kit_are_on_the_site(site):
    from ketenles.content.cases import list_cases

    schedule = next(line[3:].strip() for line in (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")
                    .splitlines() if line.startswith("## Rooster"))
    assert schedule in (site.root / "cursus" / "syllabus.html").read_text(encoding="utf-8")
    for case_id in list_cases():
        assert (site.root / "casussen" / f"{case_id}.html").is_file(), case_id
    kit = (site.root / "docenten" / "index.html").read_text(encoding="utf-8")
    for plan in sessions.plans():
        assert (site.root / "docenten" / f"{plan.path.stem}.html").is_file()
        assert f"../slides/{plan.path.stem}.slides.html" in kit
        assert (site.root / "slides" / f"{plan.path.stem}.slides.html").is_file()
    assert "nbgrader" in (site.root / "docenten" / "handleiding.html").read_text(encoding="utf-8")
    reading_page = site.root / "cursus" / "literatuur.html"
    assert reading_page.is_file() == (REPO / "course" / "reading-list.yaml").is_file()


def test_the_site_is_dutch_and_searchable(site):
    for path in _html_files(site.root):
        assert re.search(r'<html[^>]*\blang="nl"', path.read_text(encoding="utf-8")), path.name
    assert "Zoeken" in (site.root / "search.html").read_text(encoding="utf-8")
    index = (site.root / "searchindex.js").read_text(encoding="utf-8")
    assert "strafrechtketen" in index and "vertrouwensspel" in index


def test_no_page_loads_anything_from_elsewhere(site):
    external = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
    for path in [*_html_files(site.root)]:
        page = path.read_text(encoding="utf-8")
        found = external.findall(page)
        # <link rel=...> to another site is only allowed as a plain hyperlink, never a style sheet.
        assert not found, f"{path.relative_to(site.root)}: {found[:3]}"
        assert "cdn.jsdelivr" not in page and "unpkg.com" not in page and "cdnjs" not in page, path.name


def test_no_solution_hidden_test_or_model_answer_on_the_site(site):
    assert leaks.scan(site.root) == []

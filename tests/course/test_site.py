"""The course website's sources and generator: links, kernel notices, case and reading-list
pages, the lecturer's kit, the leak scan and the publishing workflow. No build here
(that is tests/course/test_site_build.py and tests/browser/test_browser_site.py)."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
import tomllib
import yaml
from site_helpers import REPO
from sitegen import cases, leaks, lessons, reading, sessions, settings

SYLLABUS = (REPO / "course" / "syllabus.md").read_text(encoding="utf-8")


@pytest.fixture
def example_settings():
    return settings.SiteSettings(repository="<eigenaar>/ketenles", branch="main",
                                 hub="https://hub.example.nl", targetpath="ketenles")


# Links ---------------------------------------------------------------------------------

def test_binder_link_has_the_readme_form(example_settings):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    link = example_settings.binder_url("notebooks/00-welkom.ipynb")
    assert f"`{link}`" in readme


def test_hub_link_is_the_nbgitpuller_link_of_the_deployment_guide(example_settings):
    guide = (REPO / "course" / "deployment" / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"https://hub\.example\.nl/hub/user-redirect/git-pull\?\S+", guide).group()
    ours = example_settings.hub_url("notebooks/01-wat-is-een-keten.ipynb")
    assert urlsplit(ours)[:3] == urlsplit(documented)[:3]
    assert parse_qs(urlsplit(ours).query) == parse_qs(urlsplit(documented).query)


def test_settings_come_from_site_yaml_and_the_environment_overrides_them(tmp_path):
    file = tmp_path / "site.yaml"
    file.write_text("repository: a/b\nbranch: main\nhub: https://hub.uni.nl\ntargetpath: ketenles\n")
    assert settings.load(file, environ={}).repository == "a/b"
    assert settings.load(file, environ={"KETENLES_SITE_REPOSITORY": "c/d"}).git_url == "https://github.com/c/d"
    file.write_text("repository: a/b\nbranch: main\ntargetpath: ketenles\n")
    with pytest.raises(SystemExit, match="hub"):
        settings.load(file, environ={})


# Kernel notices ------------------------------------------------------------------------

def _widget_notebook(models: dict, shown: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {lessons.WIDGET_STATE: {"state": models, "version_major": 2, "version_minor": 0}}
    cell = nbformat.v4.new_code_cell("w")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        lessons.WIDGET_VIEW: {"model_id": shown, "version_major": 2, "version_minor": 0}, "text/plain": "w"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Les 9 — Proef\n\nTekst."), cell]
    return nb


def _model(name, children=()):
    return {"model_name": name, "model_module": "@jupyter-widgets/controls",
            "state": {"children": [f"IPY_MODEL_{c}" for c in children]}}


def test_a_widget_with_a_button_inside_a_box_needs_a_kernel():
    models = {"box": _model("VBoxModel", ["text", "button"]), "text": _model("HTMLModel"),
              "button": _model("ButtonModel")}
    nb = _widget_notebook(models, "box")
    assert lessons.needs_kernel(nb.cells[1], lessons.widget_states(nb))


def test_a_widget_that_only_shows_html_does_not_need_a_kernel():
    models = {"box": _model("VBoxModel", ["text"]), "text": _model("HTMLModel")}
    nb = _widget_notebook(models, "box")
    assert not lessons.needs_kernel(nb.cells[1], lessons.widget_states(nb))


def test_a_widget_without_saved_state_needs_a_kernel():
    nb = _widget_notebook({}, "gone")
    assert lessons.needs_kernel(nb.cells[1], {})


def test_the_site_version_of_a_lesson_says_in_dutch_where_to_do_the_exercise(example_settings):
    models = {"slider": _model("IntSliderModel")}
    nb = lessons.for_site(_widget_notebook(models, "slider"), "notebooks/09-proef.ipynb", example_settings)
    kinds = [(c.cell_type, c.metadata.get("tags", [])) for c in nb.cells]
    # title, intro note, the widget cell, then the notice right after it
    assert kinds[1] == ("markdown", [lessons.NOTICE_TAG]) and kinds[3] == ("markdown", [lessons.NOTICE_TAG])
    notice = nb.cells[3].source
    assert "werkt alleen in het notebook" in notice and lessons.NOTICE_CLASS in notice
    assert example_settings.binder_url("notebooks/09-proef.ipynb") in notice
    assert example_settings.hub_url("notebooks/09-proef.ipynb") in notice


def test_every_lesson_exercise_widget_is_among_what_the_notice_detects():
    # Quizzes and games are built from buttons, choices and sliders: none of them
    # may be on the display-only list, or the site would show them without a notice.
    for name in ("ButtonModel", "RadioButtonsModel", "DropdownModel", "IntSliderModel",
                 "ToggleButtonsModel", "CheckboxModel", "TextareaModel", "SelectMultipleModel"):
        assert name not in lessons.DISPLAY_ONLY_MODELS


# Cases ---------------------------------------------------------------------------------

def test_every_case_page_carries_the_case_with_its_sources():
    from ketenles.content.cases import load_cases

    for case in load_cases():
        page = cases.page(case)
        assert page.startswith(f"# {case.name}")
        for partner in case.partners:
            assert cases._text(partner.name) in page
        for source in case.sources:
            assert cases._text(source.cite()) in page
        for event in case.events:
            assert event.when in page
        if case.scan_estimate:
            assert "inschatting van de cursusmakers" in page


def test_case_text_cannot_break_the_page():
    assert cases._text("a *b* | c <script>") == r"a \*b\* \| c \<script\>"


# Reading list ----------------------------------------------------------------------------

def test_reading_list_page_from_required_and_optional_lists(tmp_path):
    file = tmp_path / "reading-list.yaml"
    file.write_text(yaml.safe_dump({
        "required": [{"authors": ["Provan, K.G.", "Kenis, P."], "year": 2008, "title": "Modes of Network Governance",
                      "journal": "JPART 18(2)", "pages": "229-252", "week": 6}],
        "optional": [{"author": "Grijpink, J.", "year": 2010, "title": "Chain Analysis", "chapters": [1, 2],
                      "week": 1}],
    }))
    page = reading.page(file)
    required, optional = page.split("## Aanbevolen")
    assert "## Verplicht" in required and "Provan, K.G., Kenis, P. (2008)" in required
    assert "p. 229-252" in required and "| week 6 |" in required
    assert "hoofdstukken 1, 2" in optional and "Grijpink" in optional


def test_reading_list_page_from_one_list_with_flags(tmp_path):
    file = tmp_path / "reading-list.yaml"
    file.write_text(yaml.safe_dump({"readings": [
        {"title": "Ketens de Baas", "year": 2013, "status": "optioneel", "hoofdstuk": 3},
        {"title": "Verslag van het seminar", "year": 2009, "required": True, "pages": "1-2"},
    ]}))
    page = reading.page(file)
    assert page.index("Verslag van het seminar") < page.index("## Aanbevolen") < page.index("Ketens de Baas")
    assert "hoofdstuk 3" in page


def test_reading_list_page_from_full_citations_with_part_and_pages(tmp_path):
    # The shape the course's own list uses: Markdown citations, the part to read and
    # the page count; recommended readings as plain citations; other keys ignored.
    file = tmp_path / "reading-list.yaml"
    file.write_text(yaml.safe_dump({
        "tempo": {"en": 8, "nl": 10},
        "verplicht": [{"id": "pk", "week": 6, "les": "05-geen-recept", "paginas": 24, "taal": "en",
                       "bron": "Provan, K.G. & Kenis, P. (2008). Modes of Network Governance. *JPART* 18(2), 229-252.",
                       "onderdeel": "het hele artikel, p. 229-252"},
                      {"id": "kk", "week": 6, "paginas": 100, "geschat": True,
                       "bron": "Klijn, E.H. & Koppenjan, J. (2016). *Governance Networks in the Public Sector*.",
                       "onderdeel": "deel II"}],
        "aanbevolen": ["Falk, A. & Kosfeld, M. (2006). The Hidden Costs of Control. *AER* 96(5), 1611-1630."],
        "andere_studielast": [{"naam": "bijeenkomsten", "uren": 14}],
    }, allow_unicode=True))
    page = reading.page(file)
    required, optional = page.split("## Aanbevolen")
    assert "| week 6, les 05 | Provan, K.G. & Kenis, P. (2008). Modes of Network Governance. *JPART*" in required
    assert "Lezen: het hele artikel, p. 229-252; 24 pagina's." in required
    assert "100 pagina's (geschat)" in required
    assert "- Falk, A. & Kosfeld, M. (2006)" in optional and "bijeenkomsten" not in page


def test_reading_list_problems_are_named(tmp_path):
    file = tmp_path / "reading-list.yaml"
    file.write_text(yaml.safe_dump({"readings": [{"title": "Zonder status"}]}))
    with pytest.raises(reading.ReadingListError, match="required"):
        reading.page(file)
    file.write_text(yaml.safe_dump({"required": [{"year": 2001}]}))
    with pytest.raises(reading.ReadingListError, match="title"):
        reading.page(file)


def test_the_course_reading_list_renders_when_present():
    path = REPO / "course" / "reading-list.yaml"
    if not path.is_file():
        pytest.skip("course/reading-list.yaml is not in this checkout yet")
    page = reading.page(path)
    assert "## Verplicht" in page


# The lecturer's kit ----------------------------------------------------------------------

def _schedule() -> dict[int, list[str]]:
    """Week -> cells of the schedule table, for the weeks with a meeting (not the exam week)."""
    table = SYLLABUS.split("## Rooster", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines()
            if re.match(r"^\| \d+ \|", line)]
    return {int(r[0]): r for r in rows if r[1] not in ("—", "-", "")}


def _schedule_weeks() -> list[int]:
    return sorted(_schedule())


def _meeting_minutes() -> int:
    hours = re.search(r"\| bijeenkomst \((\d+) uur\) \|", SYLLABUS).group(1)
    return int(hours) * 60


def test_there_is_a_session_plan_for_every_meeting_in_the_schedule():
    weeks = _schedule_weeks()
    assert weeks == list(range(1, 8))
    assert [p.week for p in sessions.plans()] == weeks


@pytest.mark.parametrize("plan", sessions.plans(), ids=lambda p: p.path.name)
def test_a_session_plan_has_every_part_and_its_timing_adds_up(plan):
    for section in sessions.REQUIRED_SECTIONS:
        assert any(s.startswith(section) for s in plan.sections), f"{plan.path.name}: no section {section!r}"
    assert plan.minutes == _meeting_minutes()
    assert plan.timing_problems() == []
    text = plan.path.read_text(encoding="utf-8")
    questions = text.split("## Discussievragen", 1)[1].split("\n## ", 1)[0]
    asked = re.findall(r"^\d+\. \*\*", questions, re.M)
    assert len(asked) >= 3
    assert questions.count("Een goede discussie komt uit bij:") == len(asked)


def test_a_session_plan_names_its_lesson_as_in_the_schedule():
    rows = {week: cells[2] for week, cells in _schedule().items()}
    for plan in sessions.plans():
        header = next(line for line in plan.path.read_text(encoding="utf-8").splitlines() if "Bijeenkomst van" in line)
        self_study = header.split("zelfstudie:", 1)[1].split("·")[0]
        assert re.findall(r"\d\d", self_study) == re.findall(r"\d\d", rows[plan.week]), plan.path.name


def test_timing_problems_are_found(tmp_path):
    plan = tmp_path / "week-9.md"
    plan.write_text("# Week 9\n\n**Bijeenkomst van 60 minuten**\n\n## Tijdsplanning\n\n"
                    "| start | minuten | onderdeel | werkvorm |\n| --- | --- | --- | --- |\n"
                    "| 0:00 | 20 | A | plenair |\n| 0:25 | 30 | B | plenair |\n")
    problems = sessions.read_plan(plan).timing_problems()
    assert any("50 minutes, the meeting 60" in p for p in problems)
    assert any("'B' starts at 25, expected 20" in p for p in problems)


def _kit_texts() -> dict[str, str]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "course" / "bijeenkomsten").glob("*.md")}
    for deck in sessions.decks():
        nb = nbformat.read(deck, as_version=4)
        texts[deck.name] = "\n\n".join(c.source for c in nb.cells)
    return texts


def test_the_kit_never_credits_the_discussion_conclusions_to_its_leader():
    # The report: "Tijdens de discussie onder leiding van Janet Helder werden de
    # aanwezigen het erover eens ..." The conclusions are the attendees'.
    verbs = r"(zei|zegt|stelde|stelt|concludeerde|vond|noemde|benadrukte|pleitte|adviseerde|betoogde)"
    for name, text in _kit_texts().items():
        flat = " ".join(text.split())
        assert not re.search(rf"Helder\s+{verbs}", flat), name
        assert not re.search(r"volgens (Janet )?Helder", flat, re.I), name
        assert "Helder's" not in flat and "Helders" not in flat, name


def test_the_kit_gives_the_overarching_factors_to_the_attendees():
    for name, text in _kit_texts().items():
        for paragraph in re.split(r"\n\s*\n", text):
            flat = " ".join(paragraph.split()).lower()
            if "initiatief" in flat and "grondhouding van vertrouwen" in flat:
                assert "aanwezigen" in flat, f"{name}: {flat[:120]}"


def test_the_kit_marks_its_own_reading():
    for plan in sessions.plans():
        sources = plan.path.read_text(encoding="utf-8").split("## Bronnen en toeschrijving", 1)[1]
        assert "Seminar:" in sources and "Lezing van de cursus:" in sources, plan.path.name


@pytest.mark.parametrize("deck", sessions.decks(), ids=lambda p: p.name)
def test_a_deck_is_a_clean_notebook_of_slides(deck):
    nb = nbformat.read(deck, as_version=4)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    assert kinds[0] == "slide" and kinds.count("slide") >= 4
    assert set(kinds) <= {"slide", "subslide", "fragment", "notes", "skip", "-"}
    assert all(c.cell_type == "markdown" or not c.outputs for c in nb.cells)
    assert nb.metadata["title"].startswith(f"Week {deck.stem.split('-')[1]} ")
    assert {p.week for p in sessions.plans()} >= {int(deck.stem.split("-")[1])}


def test_every_meeting_has_a_deck():
    assert [d.stem for d in sessions.decks()] == [p.path.stem for p in sessions.plans()]


# Leak scan -------------------------------------------------------------------------------

def test_the_leak_scan_knows_every_solution_and_rubric(repo):
    texts = [t for _, t in leaks.forbidden(repo)]
    assert "BEGIN SOLUTION" in texts and "BEGIN HIDDEN TESTS" in texts
    for assignment in (repo / "assignments").glob("*/*.ipynb"):
        nb = nbformat.read(assignment, as_version=4)
        solution_cells = [c for c in nb.cells if "### BEGIN SOLUTION" in c.source]
        assert solution_cells, assignment.name
        first = solution_cells[0].source.split("### BEGIN SOLUTION", 1)[1].strip().splitlines()[0]
        assert leaks.normalise(first) in texts or len(first.strip()) < leaks.MIN_LINE
    for rubric in (repo / "course" / "rubrics").glob("*.md"):
        assert any(what == f"rubric {rubric.name}" for what, _ in leaks.forbidden(repo)), rubric.name


def test_the_leak_scan_finds_a_planted_solution_and_model_answer(tmp_path, repo):
    pairs = leaks.forbidden(repo)
    solution = next(t for w, t in pairs if w.startswith("solution"))
    rubric = next(t for w, t in pairs if w.startswith("rubric"))
    (tmp_path / "clean.html").write_text("<p>Niets aan de hand.</p>")
    assert leaks.scan(tmp_path, pairs) == []
    (tmp_path / "les.html").write_text(f"<pre><code>{solution}</code></pre>")
    # In widget state the text is JSON with escaped characters.
    state = json.dumps({"state": {"m": {"state": {"value": f"<b>{rubric}</b>"}}}})
    (tmp_path / "widget.html").write_text(
        f'<script type="application/vnd.jupyter.widget-state+json">{state}</script>')
    found = {f.file for f in leaks.scan(tmp_path, pairs)}
    assert found == {"les.html", "widget.html"}


# Build setup and publishing --------------------------------------------------------------

def test_the_site_dependencies_are_an_extra_that_the_test_set_includes():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site = {re.split(r"[<>=\[]", r)[0] for r in project["optional-dependencies"]["site"]}
    assert {"sphinx", "myst-nb", "sphinx-book-theme"} <= site
    assert all("<" in r for r in project["optional-dependencies"]["site"]), "pin the major versions"
    assert "ketenles[site]" in project["optional-dependencies"]["test"]
    assert "site" in (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "bash scripts/setup.sh site" in (REPO / "scripts" / "build-site.sh").read_text(encoding="utf-8")


def test_npm_packages_are_pinned_and_locked():
    package = json.loads((REPO / "site" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "site" / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert {"@jupyter-widgets/html-manager", "requirejs", "reveal.js"} <= set(package["dependencies"])
    script = (REPO / "scripts" / "build-site.sh").read_text(encoding="utf-8")
    assert "npm ci" in script and "npm install" not in script


def test_built_files_and_npm_packages_are_not_committed():
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert "_site/" in ignored and "site/node_modules/" in ignored


def test_the_widget_scripts_come_from_the_site_itself():
    conf = (REPO / "site" / "conf.py").read_text(encoding="utf-8")
    scripts = re.search(r"nb_ipywidgets_js = \{(.*?)\n\}", conf, re.S).group(1)
    assert "widgets/require.js" in scripts and "widgets/embed-amd.js" in scripts
    assert "//" not in re.sub(r"#.*", "", scripts).replace('"_static/widgets/"', "")
    assert 'language = "nl"' in conf


def test_the_workflow_publishes_the_built_site_on_every_push_to_main():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["branches"] == ["main"]
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(s.get("run", "").strip() == "bash scripts/build-site.sh" for s in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_site"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps)
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"


def test_the_leak_scan_skips_the_wrapped_end_of_a_model_answers_sentence(repo):
    """A line like "netwerkbestuurder." is in every page's menu: it must not fail the site."""
    model = [t for w, t in leaks.forbidden(repo) if w.startswith("model answer")]
    assert model and all(len(t.split()) >= leaks.MIN_PROSE_WORDS for t in model)

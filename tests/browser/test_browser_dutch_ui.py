"""The course opens in a Dutch JupyterLab; one setting switches it back to English."""

from __future__ import annotations

import re

import pytest
from conftest import require_browser
from labpage import open_notebook, run_command
from labserver import LabServer, write_user_setting
from paths import REPO
from ui_strings import untranslated

from ketenles.labsetup.ui_language import write_override


def _menu_labels(page) -> list[str]:
    labels = page.locator(".lm-MenuBar-itemLabel")
    labels.first.wait_for(timeout=90_000)
    return labels.all_text_contents()


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [("nl", {"Bestand", "Bewerk", "Weergave", "Uitvoeren"}, {"File", "Edit"}),
     ("en", {"File", "Edit", "View", "Run"}, {"Bestand", "Bewerk"})],
)
def test_menu_bar_language_follows_the_override(page, tmp_path, language, present, absent):
    require_browser()
    settings = tmp_path / "app-settings"
    write_override(language, settings)
    # No user setting for the language: what the student sees is the override.
    server = LabServer(root=REPO, state=tmp_path / "state",
                       extra_args=[f"--LabApp.app_settings_dir={settings}"])
    write_user_setting(server.config_dir, "@jupyterlab/docmanager-extension:plugin", {"autosave": False})
    with server:
        if language == "nl":
            panel = open_notebook(page, server, "notebooks/01-wat-is-een-keten.ipynb", idle_text="| Inactief")
            assert panel.count() == 1
        else:
            page.goto(server.url("lab"))
        labels = set(_menu_labels(page))
        assert present <= labels, labels
        assert not (absent & labels), labels
        # JupyterLab's own toast asks, in English, about its news feed; the override turns it off.
        page.wait_for_timeout(5_000)
        assert page.locator(".jp-toast-message", has_text="news").count() == 0


# --- every menu item and dialog a student uses, in Dutch ----------------------

# The same word in Dutch, or a name: never counted as untranslated.
SAME_IN_DUTCH = {"Kernel", "Tabs", "Help", "Notebook", "Console", "Terminal", "Markdown", "Python",
                 "Debugger", "OK", "Code", "JupyterLab", "Nbgrader", "Checkpoint"}
# Submenus that list names (languages, file formats, paths, themes), not actions.
NAME_LISTS = {"Syntaxiskleuring teksteditor", "Notebook opslaan en exporteren als", "Recent geopend",
              "Taal", "Thema", "Terminalthema", "Thema teksteditor", "Terminal Thema"}
# nbgrader's JupyterLab extension has no translations at all (its texts are
# not written for translation); its menu is checked apart, for what a student sees.
NOT_TRANSLATABLE_MENUS = {"Nbgrader"}
ITEM_LABELS = "els => els.map(e => (e.querySelector('.lm-Menu-itemLabel') || e).textContent)"


@pytest.fixture(scope="module")
def dutch_lab(tmp_path_factory):
    """A Dutch JupyterLab as a student gets it from scripts/setup.sh or Binder's postBuild."""
    require_browser()
    from ketenles.labsetup.lab_tools import set_role
    from ketenles.labsetup.ui_language import install_translations

    install_translations()  # what setup.sh / postBuild do; idempotent
    tmp = tmp_path_factory.mktemp("dutch")
    settings = tmp / "app-settings"
    write_override("nl", settings)
    server = LabServer(root=REPO, state=tmp / "state", extra_args=[f"--LabApp.app_settings_dir={settings}"])
    write_user_setting(server.config_dir, "@jupyterlab/docmanager-extension:plugin", {"autosave": False})
    set_role("student", server.config_dir)
    server.start()
    yield server
    server.stop()


def _open_menu(page, title: str):
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(title)}$")).first.click()
    menu = page.locator(".lm-Menu").first
    menu.wait_for()
    return menu


def _menu_tree(page, title: str) -> dict[str, list[str]]:
    """``{menu or submenu title: [item labels]}`` of one main menu and its submenus."""
    menu = _open_menu(page, title)
    tree = {title: [t.strip() for t in menu.locator("li.lm-Menu-item").evaluate_all(ITEM_LABELS)]}
    names = [t.strip() for t in menu.locator("li.lm-Menu-item[data-type=submenu]").evaluate_all(ITEM_LABELS)]
    for index, name in enumerate(names):
        # Open each submenu from a freshly opened menu: a hovered one opens late
        # and could leave the previous submenu on screen.
        menu = _open_menu(page, title)
        menu.locator("li.lm-Menu-item[data-type=submenu]").nth(index).click()
        child = page.locator(".lm-Menu").nth(1)
        try:
            child.wait_for(timeout=5_000)
        except Exception:  # noqa: BLE001 - an empty submenu opens nothing
            continue
        tree[name] = [t.strip() for t in child.locator("li.lm-Menu-item").evaluate_all(ITEM_LABELS)]
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        page.locator(".lm-Menu").first.wait_for(state="detached")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    return tree


def _main_menus(page) -> list[str]:
    return [t.strip() for t in _menu_labels(page)]


def test_every_menu_item_a_student_sees_is_dutch(page, dutch_lab):
    open_notebook(page, dutch_lab, "notebooks/00-welkom.ipynb", idle_text="| Inactief")
    english = {}
    for title in _main_menus(page):
        if title in NOT_TRANSLATABLE_MENUS or title == "Tabs":  # Tabs lists the open files by name
            continue
        for name, labels in _menu_tree(page, title).items():
            if name in NAME_LISTS:
                continue
            found = untranslated([name, *labels], SAME_IN_DUTCH)
            if found:
                english[f"{title} › {name}" if name != title else title] = found
    assert english == {}, english


def _dialog_text(page, command: str) -> list[str]:
    # Not awaited: the command's promise settles only when the dialog closes.
    page.evaluate(f"() => {{ window.jupyterapp.commands.execute({command!r}); }}")
    dialog = page.locator(".jp-Dialog").first
    dialog.wait_for()
    texts = dialog.inner_text().split("\n") + dialog.locator("button").all_text_contents()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    return texts


@pytest.mark.parametrize("command", [
    "kernelmenu:restart", "runmenu:restart-and-run-all", "kernelmenu:restart-and-clear",
    "filemenu:close-and-cleanup", "docmanager:rename", "kernelmenu:shutdownAll", "kernelmenu:change",
])
def test_dialogs_a_student_meets_are_dutch(page, dutch_lab, command):
    open_notebook(page, dutch_lab, "notebooks/00-welkom.ipynb", idle_text="| Inactief")
    texts = _dialog_text(page, command)
    assert len([t for t in texts if t.strip()]) >= 3, texts
    # "No Kernel" in the kernel chooser is written by JupyterLab without a translator.
    assert untranslated(texts, SAME_IN_DUTCH | {"No Kernel"}) == [], texts


def test_restart_dialog_asks_in_dutch(page, dutch_lab):
    open_notebook(page, dutch_lab, "notebooks/00-welkom.ipynb", idle_text="| Inactief")
    texts = _dialog_text(page, "kernelmenu:restart")
    assert "Kernel herstarten?" in texts and "Herstarten" in texts and "Annuleren" in texts


# --- lessons name menu items exactly as the interface shows them ----------------

MENU_PATH = re.compile(r"\*\*([^*›\n]+?(?: › [^*›\n]+?)+)\*\*")


def _named_menu_paths() -> dict[str, list[str]]:
    """``{"Kernel › Kernel herstarten…": [notebooks naming it]}`` from every lesson and student assignment."""
    import json

    named: dict[str, list[str]] = {}
    for path in [*sorted((REPO / "notebooks").glob("*.ipynb")),
                 *sorted((REPO / "notebooks" / "opdrachten").glob("*/[!u]*.ipynb"))]:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for found in MENU_PATH.findall(" ".join(text.split())):
            named.setdefault(found.strip(), []).append(path.name)
    return named


def test_lessons_name_menu_paths_in_one_form():
    named = _named_menu_paths()
    assert "Kernel › Kernel herstarten…" in named and "00-welkom.ipynb" in named["Kernel › Kernel herstarten…"]
    assert len(named) >= 4, named


def test_each_menu_item_named_in_a_lesson_exists_as_written(page, dutch_lab):
    open_notebook(page, dutch_lab, "notebooks/00-welkom.ipynb", idle_text="| Inactief")
    missing = {}
    trees = {}
    for path, notebooks in _named_menu_paths().items():
        title, *items = path.split(" › ")
        if title not in trees:
            assert title in _main_menus(page), f"no menu {title!r} (named in {notebooks})"
            trees[title] = _menu_tree(page, title)
        labels = trees[title]
        # "Menu › Submenu › Item" walks into the submenu.
        where = title
        for depth, item in enumerate(items):
            if item not in labels.get(where, []):
                missing[path] = (notebooks, labels.get(where))
                break
            if depth < len(items) - 1:
                where = item
    assert missing == {}, missing


# --- lecturer-only nbgrader tools: hidden for students, there for lecturers --------

STUDENT_MENU = {"nbgrader:open-assignment-list": "Assignment List"}
LECTURER_MENU = {**STUDENT_MENU, "nbgrader:open-course-list": "Course List",
                 "nbgrader:open-formgrader": "Formgrader", "nbgrader:open-create-assignment": "Create assignment"}
CREATE_ASSIGNMENT_TAB = ".lm-TabBar-tab[data-id='nbgrader-create_assignemnt']"  # nbgrader's own spelling


def _nbgrader_menu(page) -> dict[str, str]:
    """``{command id: label}`` of the Nbgrader menu items on screen.

    nbgrader's menu plugin adds an item for each of its commands whether or not
    the plugin that registers the command runs; Lumino draws an item whose
    command does not exist as an empty, hidden ``li`` (``lm-mod-hidden``). Only
    the items a user can see count.
    """
    _open_menu(page, "Nbgrader")
    items = page.locator(".lm-Menu").first.locator("li.lm-Menu-item").evaluate_all(
        "els => els.filter(e => !e.classList.contains('lm-mod-hidden') && e.offsetParent !== null)"
        "          .map(e => [e.getAttribute('data-command'), e.querySelector('.lm-Menu-itemLabel').textContent])")
    page.keyboard.press("Escape")
    return dict(items)


@pytest.mark.parametrize(("role", "menu"), [("zelfstudie", None), ("student", STUDENT_MENU),
                                           ("docent", LECTURER_MENU)])
def test_lecturer_tools_only_in_a_lecturers_setup(page, tmp_path, role, menu):
    require_browser()
    from ketenles.labsetup.lab_tools import set_role

    # setup.sh and postBuild write the role into the environment's config, which
    # Jupyter in a virtual environment prefers over the user's own: a user-level
    # page_config would lose to it. A JUPYTER_CONFIG_PATH folder comes before
    # both, so the role written there is the one this server uses, whatever the
    # developer's .venv says.
    role_config = tmp_path / "role-config"
    set_role(role, role_config)
    server = LabServer(root=REPO, state=tmp_path / "state", extra_env={"JUPYTER_CONFIG_PATH": str(role_config)})
    write_user_setting(server.config_dir, "@jupyterlab/translation-extension:plugin", {"locale": "en"})
    with server:
        panel = open_notebook(page, server, "notebooks/00-welkom.ipynb", idle_text="| Idle")  # English, above
        # Validate (English, format checks only) is the lecturer's; students use the Dutch self-check.
        assert panel.locator(".jp-Toolbar-item", has_text="Validate").count() == (1 if role == "docent" else 0)
        if menu is None:  # a self-learner has no exchange: no Nbgrader menu, no Assignment List
            assert "Nbgrader" not in _main_menus(page)
            return
        assert _nbgrader_menu(page) == menu
        assert page.locator(CREATE_ASSIGNMENT_TAB).count() == (1 if role == "docent" else 0)
        run_command(page, "Nbgrader", "nbgrader:open-assignment-list")
        page.locator("#nbgrader-assignment-list").get_by_text("Released assignments").first.wait_for()

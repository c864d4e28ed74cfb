"""Accessibility, measured in the browser: axe-core's own check, and keyboard-only use.

Every lesson's outputs are judged by axe-core in tests/browser/test_browser_lessons.py,
after the one Run All that also checks the lesson's errors and widgets.
"""

from __future__ import annotations

import contextlib

import nbformat
import pytest
from axe_check import BLOCKING, axe_violations
from conftest import require_browser, shutdown_kernels, start_lab
from labpage import open_notebook, run_all
from nbformat.v4 import new_code_cell, new_notebook
from paths import REPO
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def test_axe_finds_an_unnamed_slider_handle(page, lab):
    """The check can fail: a bare slider handle without a name is a serious violation."""
    open_notebook(page, lab, "notebooks/00-welkom.ipynb")
    page.evaluate("""() => {
        const out = document.querySelector('.jp-OutputArea-output') || document.body;
        const div = document.createElement('div');
        div.innerHTML = '<div role="slider" tabindex="0" aria-valuenow="1" aria-valuemin="0" aria-valuemax="5"></div>';
        out.appendChild(div);
    }""")
    ids = {v["id"] for v in axe_violations(page, "body") if v["impact"] in BLOCKING}
    assert "aria-input-field-name" in ids


# --- keyboard only -----------------------------------------------------------------

def _one_quiz_of_each_kind() -> dict[str, tuple[str, str]]:
    """``{kind: (lesson id, quiz id)}`` for every question kind the quizzes use."""
    import yaml

    found: dict[str, tuple[str, str]] = {}
    for path in sorted((REPO / "src" / "ketenles" / "content" / "data" / "quizzes").glob("*.yaml")):
        for quiz_id, questions in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            questions = questions if isinstance(questions, list) else [questions]
            if len(questions) == 1:
                found.setdefault(questions[0]["type"], (path.stem, quiz_id))
    return found


KINDS = _one_quiz_of_each_kind()


@pytest.fixture(scope="module")
def keyboard_lab(tmp_path_factory):
    require_browser()
    root = tmp_path_factory.mktemp("keyboard")
    # A lesson's first cell: lessons.start() also installs the widgets' keyboard fixes.
    cells = [new_code_cell("from ketenles import lessons\nfrom ketenles.widgets.cooperation import TrustGame\n"
                           'lessons.start("00-welkom")')]
    cells += [new_code_cell(f"lessons.quiz({lesson!r}, {quiz_id!r})") for lesson, quiz_id in KINDS.values()]
    cells.append(new_code_cell('TrustGame("tit_for_tat", rounds=3, seed=1)'))
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}}), root / "toetsenbord.ipynb")
    server = start_lab(root, tmp_path_factory.mktemp("keyboard-state"))
    yield server
    shutdown_kernels(server)
    server.stop()


@pytest.fixture
def keyboard(keyboard_lab):
    """The keyboard notebook's server; each test gets a fresh kernel."""
    yield keyboard_lab
    shutdown_kernels(keyboard_lab)


def _active(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), type: e.type || '', text: (e.textContent || '').trim()}; }""")


def _tab_to_button(page, label: str, limit: int = 25) -> None:
    for _ in range(limit):
        active = _active(page)
        if active["tag"] == "button" and active["text"] == label:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached the button {label!r}; focus is on {_active(page)}")


CONTROLS = "input, select, button"


def _focused_control(output) -> int:
    """Where the focus is among the quiz's controls (-1: outside the quiz)."""
    return output.evaluate(f"el => [...el.querySelectorAll({CONTROLS!r})].indexOf(document.activeElement)")


def _press_until(page, key: str, state: str, condition: str, arg, tries: int = 6) -> None:
    """Press ``key`` until the page says ``condition`` holds, as a user who watches the screen does.

    After each press it waits until the page shows that press (``state`` changed):
    on a loaded machine a key may take a while to show its effect, and pressing on
    blindly would count presses the page has not seen yet. Waiting for the final
    ``condition`` instead would sit out the timeout at every press but the last.
    """
    for _ in range(tries):
        if page.evaluate(condition, arg):
            return
        before = page.evaluate(state)
        page.keyboard.press(key)
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"(before) => ({state}) !== before", arg=before, timeout=5_000)
    if not page.evaluate(condition, arg):
        raise AssertionError(f"{key} pressed {tries} times, yet not {condition} ({arg}); focus on {_active(page)}")


def _answer_with_keys(page, output, kind: str) -> None:
    """Answer from the first control on, with keys only, as a keyboard user does.

    Each control is handled once, when the focus first lands on it: the n-th list
    gets its n-th option (a complete answer, each option once), each box is ticked.
    """
    output.locator(CONTROLS).first.focus()
    if kind == "getal":
        page.keyboard.type("3")
    selects = output.evaluate("el => [...el.querySelectorAll('select')].length")
    handled: set[int] = set()
    for _ in range(25):
        active = _active(page)
        if active["tag"] == "button" and active["text"] == "Controleer":
            break
        index = _focused_control(output)
        if index not in handled:
            handled.add(index)
            if active["tag"] == "select":
                place = output.evaluate("el => [...el.querySelectorAll('select')].indexOf(document.activeElement)")
                _press_until(page, "ArrowDown", "document.activeElement.selectedIndex",
                             "(n) => document.activeElement.selectedIndex >= n", place + 1)
            elif active["type"] in ("checkbox", "radio"):
                _press_until(page, "Space", "document.activeElement.checked",
                             "() => document.activeElement.checked", None)
                if kind == "enkele_keuze":
                    break
        page.keyboard.press("Tab")
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"([el, i]) => [...el.querySelectorAll({CONTROLS!r})]"
                                   ".indexOf(document.activeElement) !== i",
                                   arg=[output.element_handle(), index], timeout=5_000)
    chosen = output.evaluate("el => [...el.querySelectorAll('select')].map(s => s.selectedIndex)")
    assert chosen == list(range(1, selects + 1)), f"{kind}: the lists show options {chosen} before Controleer"
    _tab_to_button(page, "Controleer")
    page.keyboard.press("Enter")


# The controls the page's keyboard fix (notebook/widget_fixes.py) marks so that
# JupyterLab leaves their arrow keys alone; it marks them one animation frame
# after they are drawn, so a key pressed before then moves the notebook instead.
KEYED = ".jupyter-widgets select, .jupyter-widgets input[type=radio], .jupyter-widgets input[type=checkbox]"
ANSWER_TIMEOUT = 90_000  # ms: the kernel's feedback on a loaded machine


def _ready_quiz(panel, index: int):
    """The code cell of the ``index``-th quiz, once all its controls are drawn and keyboard-ready.

    Found by its place in the notebook (cell 0 starts the lesson), not as the
    n-th cell that shows a widget so far: widget views are drawn one by one after
    Run All, and a count of the ones drawn yet points at another quiz.
    """
    cell = panel.locator(".jp-CodeCell").nth(index + 1)
    cell.locator("button.jupyter-button", has_text="Controleer").wait_for()  # a quiz's last control
    panel.page.wait_for_function(
        "([el, keyed]) => [...el.querySelectorAll(keyed)].every(c => c.hasAttribute('data-lm-suppress-shortcuts'))",
        arg=[cell.element_handle(), KEYED])
    return cell


def _wait_for_mark(page, output, before: str, kind: str) -> str:
    """The quiz's feedback once the kernel answered with a mark; says what it shows if not."""
    # What is asserted: the quiz's own feedback mark, after the kernel answered.
    try:
        page.wait_for_function("([el, before]) => el.innerText !== before && /[✔✘]/.test(el.innerText)",
                               arg=[output.element_handle(), before], timeout=ANSWER_TIMEOUT)
    except PlaywrightTimeout:
        shown = output.inner_text()
        changed = "changed" if shown != before else "unchanged"
        raise AssertionError(f"{kind}: no ✔/✘ after {ANSWER_TIMEOUT} ms; output {changed}, focus on "
                             f"{_active(page)}, shows:\n{shown}") from None
    return output.inner_text()


def test_one_quiz_of_each_kind_answered_with_the_keyboard_only(page, keyboard):
    assert set(KINDS) == {"enkele_keuze", "meerkeuze", "koppelen", "volgorde", "getal"}, KINDS
    panel = open_notebook(page, keyboard, "toetsenbord.ipynb")
    run_all(page, panel)
    answered = {}
    for index, kind in enumerate(KINDS):
        output = _ready_quiz(panel, index)
        before = output.inner_text()
        _answer_with_keys(page, output, kind)
        answered[kind] = _wait_for_mark(page, output, before, kind)
    assert all(("✔" in text or "✘" in text) for text in answered.values()), answered


def test_trust_game_played_to_the_end_with_the_keyboard_only(page, keyboard):
    panel = open_notebook(page, keyboard, "toetsenbord.ipynb")
    run_all(page, panel)
    game = panel.locator(".jp-Cell").filter(has=page.locator("button.jupyter-button", has_text="Samenwerken")).last
    game.wait_for()
    game.locator("select").first.focus()  # the partner menu: the game's first control
    _tab_to_button(page, "Samenwerken")
    from ketenles.i18n import msg

    finished = msg("cooperation_widgets.game.status_finished", rounds=3)
    for _ in range(3):
        before = game.inner_text()
        page.keyboard.press("Enter")
        page.wait_for_function("([el, before]) => el.innerText !== before", arg=[game.element_handle(), before],
                               timeout=ANSWER_TIMEOUT)
    # Three rounds against tit-for-tat played: the game says it is over and explains. The last
    # round's answer can arrive in more than one update, so wait for the text that is asserted.
    page.wait_for_function("([el, text]) => el.innerText.includes(text)", arg=[game.element_handle(), finished],
                           timeout=ANSWER_TIMEOUT)
    text = game.inner_text()
    assert finished in text, text[-600:]
    assert msg("cooperation_widgets.game.summary_heading") in text

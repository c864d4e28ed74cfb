"""The class chain game in Chromium: four students play one chain to the end while the lecturer watches.

Five browser contexts (own cookies each) on a real ``ketenles game serve``: the
lecturer creates a game with informal contact and regie and starts it; four
students join with the code and play every round, one of them by keyboard only;
the lecturer's overview gains a row per round without a reload. axe-core
checks the player's and the lecturer's page.
"""

from __future__ import annotations

import re

import pytest
from conftest import require_browser
from gameserver import LECTURER_TOKEN, GameServer

from ketenles.i18n import msg

ROUNDS = 2
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    db = tmp_path_factory.mktemp("game") / "ketenspel.sqlite"
    running = GameServer(f"sqlite:///{db}").start()
    yield running
    running.stop()


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [f"{v['id']}: {v['nodes'][0]['html'][:120]}" for v in results.response["violations"]
            if v["impact"] in BLOCKING]


def new_page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def play_by_mouse(page, effort: int) -> None:
    page.get_by_label(msg("chaingame.page.effort_label")).fill(str(effort))
    page.get_by_label(msg("chaingame.page.message_label")).select_option("together")
    if page.locator("#norm-row").is_visible():
        page.get_by_label(msg("chaingame.page.norm_label")).fill("9")
    page.get_by_role("button", name=msg("chaingame.page.send_button")).click()


def play_by_keyboard(page) -> None:
    page.locator("#effort").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 5 -> 8
    page.keyboard.press("Tab")  # the checkbox "share" (checked by default): keep it
    page.keyboard.press("Tab")  # the message list
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the send button


def test_four_students_play_a_chain_to_the_end_and_the_lecturer_overview_follows(browser, server):
    lecturer = new_page(browser)
    lecturer.goto(f"{server.url}docent?token={LECTURER_TOKEN}")
    lecturer.get_by_label(msg("chaingame.page.case_label")).select_option("suwi-keten")
    lecturer.get_by_label(msg("chaingame.page.size_label")).fill("4")
    lecturer.get_by_label(msg("chaingame.page.rounds_label")).fill(str(ROUNDS))
    lecturer.get_by_label(msg("chaingame.options.informal_contact")).check()
    lecturer.get_by_label(msg("chaingame.options.regie")).check()
    lecturer.get_by_label(msg("chaingame.page.bot_after_label")).fill("600")
    lecturer.get_by_role("button", name=msg("chaingame.page.create_button")).click()
    heading = lecturer.locator("#game-heading")
    heading.wait_for()
    code = re.search(r"[A-Z0-9]{6}", heading.inner_text())[0]

    students = []
    for i in range(4):
        page = new_page(browser)
        page.goto(f"{server.url}?code={code}")
        page.get_by_label(msg("chaingame.page.name_label")).fill(f"Student {i}")
        page.get_by_label(msg("chaingame.page.name_label")).press("Enter")
        page.wait_for_url(f"**/spel/{code}")
        students.append(page)
    lecturer.locator("#players li").nth(3).wait_for()
    assert axe_violations(students[0]) == []
    lecturer.get_by_role("button", name=msg("chaingame.page.start_button")).click()

    for number in range(1, ROUNDS + 1):
        for i, page in enumerate(students):
            page.locator("#move").wait_for(state="visible")
            assert str(number) in page.locator("#move-legend").inner_text()
            if i == 3:
                play_by_keyboard(page)
            else:
                play_by_mouse(page, 6 + i)
            if i < 3:  # until the last move the round stays open, and partners' moves stay hidden
                page.locator("#move").wait_for(state="hidden")
                assert page.locator(f"table.round[data-round='{number}']").count() == 0
        for page in students:
            page.locator(f"table.round[data-round='{number}']").wait_for()
        # the lecturer's overview gained this round without a reload
        lecturer.locator(f"table.chain[data-chain='1'] tbody tr:nth-child({number})").wait_for()

    for page in students:
        page.wait_for_function("document.getElementById('status').textContent.length > 0")
        table = page.locator("table.round[data-round='1']")
        rows = table.locator("tbody tr")
        assert rows.count() == 4
        assert msg("chaingame.messages.together") in table.inner_text()
        assert page.locator("#move").is_hidden()
    # the keyboard player's move arrived as sent: effort 8 in the fourth link
    assert students[0].locator("table.round[data-round='1'] tbody tr").nth(3).locator("td").first.inner_text() == "8"
    assert lecturer.locator("table.chain tbody tr").count() == ROUNDS
    assert axe_violations(lecturer) == []
    for page in [lecturer, *students]:
        page.context.close()

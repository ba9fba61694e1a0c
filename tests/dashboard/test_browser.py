"""The dashboard in a real headless Chromium against a real ``mock-botcake serve``.

Each test loads /_mock/ui, acts on the fake through its HTTP API with ``requests``, and waits (never
sleeps) for the page to show it without a reload.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect

from ..helpers import SHOP_ID, WHATSAPP_ID
from ..servers import Served, start, stop
from .conftest import Fake

ROOT = Path(__file__).parent.parent.parent
# Every run saves the picture under test-artifacts/ (ignored by git); with
# MOCK_BOTCAKE_UPDATE_SCREENSHOT=1 it also replaces the README's docs/dashboard.png, so that a plain test
# run leaves the work tree clean.
SCREENSHOT = ROOT / "test-artifacts" / "dashboard.png"
README_SCREENSHOT = ROOT / "docs" / "dashboard.png"
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_TEXT = "<img src=x onerror=alert(2)>"


def open_dashboard(page: Page, fake: Fake, page_id: str | None = None) -> None:
    page.goto(f"{fake.root}/_mock/ui" + (f"#page={quote(page_id, safe='')}" if page_id else ""))
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    # A reload would wipe this marker: tests check it survives to prove the page updated in place.
    page.evaluate("window.__sameDocument = true")


def still_the_same_document(page: Page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def thread(page: Page, psid: str) -> Locator:
    return page.locator(".page-view.selected .thread").filter(has=page.locator(".psid", has_text=psid))


def no_script_ran(page: Page) -> None:
    assert page.dialogs == []
    assert page.evaluate("window.__alerts") == []


# --- live updates ----------------------------------------------------------------------------------


def test_a_flow_send_appears_in_its_conversation_without_a_reload(page, fake):
    open_dashboard(page, fake)
    fake.send_flow("6370813943019801", 1559)
    expect(thread(page, "6370813943019801").locator(".flow-chip")).to_have_text("flow hello flow 1 (#1559)")
    assert still_the_same_document(page)


def test_sent_content_appears_as_chat_bubbles_without_a_reload(page, fake):
    open_dashboard(page, fake)
    fake.send_content(
        "42",
        {
            "messages": [
                {
                    "type": "text",
                    "text": "Your order shipped",
                    "buttons": [
                        {"type": "url", "title": "Track", "url": "https://example.com/t"},
                        {"type": "flow", "title": "Help", "flow_id": 1560},
                    ],
                },
                {"type": "image", "url": "https://example.com/parcel.png"},
                {"type": "cards", "elements": [{"title": "Linen shirt", "subtitle": "$29"}]},
            ],
            "quick_replies": [{"type": "flow", "caption": "Where is it?", "flow_id": 1568}],
        },
    )
    chat = thread(page, "42")
    expect(chat.locator(".bubble.text .text-body")).to_have_text("Your order shipped")
    expect(chat.locator(".bubble.text .button")).to_have_text(["Track", "Help → #1560"])
    expect(chat.locator("a.button")).to_have_attribute("href", "https://example.com/t")
    expect(chat.locator(".bubble.media img")).to_have_attribute("src", "https://example.com/parcel.png")
    expect(chat.locator(".card .card-title")).to_have_text("Linen shirt")
    expect(chat.locator(".quick-reply")).to_have_text("Where is it?")
    assert still_the_same_document(page)


def test_flow_statistics_and_keywords_follow_api_writes(page, fake):
    open_dashboard(page, fake)
    row = page.locator(".page-view.selected .stats tr", has_text="#1559")
    expect(row.locator("td").nth(1)).to_have_text("1")  # the demo seed's count
    fake.send_flow("7", 1559)
    fake.api("keywords/update", {"keyword_id": 3372, "update": {"flow_id": 1560}})
    expect(row.locator("td").nth(1)).to_have_text("2")
    keyword = page.locator(".page-view.selected tr", has_text="#3372")
    expect(keyword).to_contain_text("hello flow 2 #1560")


def test_a_customers_tags_and_fields_follow_sends_without_a_reload(page, fake):
    open_dashboard(page, fake)
    customer = page.locator(".page-view.selected .customers tr[data-psid='8990247064319246']")
    expect(customer.locator(".tag-chip")).to_have_text(["Issue"])  # the demo seed's
    fake.send_content(
        "8990247064319246",
        {
            "messages": [{"type": "text", "text": "Thanks!"}],
            "actions": [
                {"action": "add_tag", "tag_id": 903},
                {"action": "set_custom_field", "action_id": 233, "action_value": "son@example.com"},
            ],
        },
    )
    expect(customer.locator(".tag-chip")).to_have_text(["Issue", "VIP"])
    expect(customer.locator(".field")).to_have_text(["email son@example.com"])
    fake.send_flow("new-customer", 1559)
    expect(page.locator(".page-view.selected .customers tr[data-psid='new-customer']")).to_contain_text(
        "(no name)"
    )
    assert still_the_same_document(page)


def test_the_window_scroll_stays_where_the_reader_left_it(page, fake):
    page.set_viewport_size({"width": 1200, "height": 500})
    open_dashboard(page, fake)
    page.evaluate("window.scrollTo(0, 300)")
    fake.send_flow("9", 1559)
    expect(thread(page, "9")).to_have_count(1)
    assert page.evaluate("window.scrollY") == 300


def test_a_conversation_scrolled_to_its_end_follows_new_messages(page, fake):
    for number in range(15):
        fake.send_content("5", {"messages": [{"type": "text", "text": f"message {number}"}]})
    open_dashboard(page, fake)
    chat = thread(page, "5").locator(".chat")
    fake.send_content("5", {"messages": [{"type": "text", "text": "the newest"}]})
    expect(chat.locator(".text-body").last).to_have_text("the newest")
    expect(chat.locator(".text-body").last).to_be_in_viewport()


def test_a_conversation_scrolled_back_stays_put_when_messages_arrive(page, fake):
    for number in range(15):
        fake.send_content("5", {"messages": [{"type": "text", "text": f"message {number}"}]})
    open_dashboard(page, fake)
    chat = thread(page, "5").locator(".chat")
    chat.evaluate("element => { element.scrollTop = 40; }")
    fake.send_content("5", {"messages": [{"type": "text", "text": "the newest"}]})
    expect(chat.locator(".text-body").last).to_have_text("the newest")
    assert chat.evaluate("element => element.scrollTop") == 40


def test_a_page_added_while_the_dashboard_is_open_appears_in_the_list(page, fake):
    open_dashboard(page, fake)
    fake.add_page({"page_id": "555", "name": "Late page"})
    expect(page.locator(".page-card[data-page='555'] .page-name")).to_have_text("Late page")
    assert still_the_same_document(page)


# --- pages, tokens, tree -----------------------------------------------------------------------------


def test_clicking_a_page_shows_that_page_alone(page, fake):
    open_dashboard(page, fake)
    page.locator(f".page-card[data-page='{WHATSAPP_ID}'] .page-link").click()
    expect(page.locator(".page-view.selected h1")).to_contain_text("Demo WhatsApp line")
    expect(page.locator(f".page-view[data-page='{SHOP_ID}']")).to_be_hidden()


def test_an_address_naming_a_page_opens_on_that_page(page, fake):
    open_dashboard(page, fake, WHATSAPP_ID)
    expect(page.locator(".page-view.selected h1")).to_contain_text("Demo WhatsApp line")
    expect(page.locator(f".page-card.selected[data-page='{WHATSAPP_ID}']")).to_have_count(1)


def test_the_copy_button_puts_the_pages_token_on_the_clipboard(page, fake):
    open_dashboard(page, fake)
    button = page.locator(f".page-card[data-page='{SHOP_ID}'] button.copy")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == fake.shop_token


def test_the_flow_tree_nests_folders_and_marks_removed_flows(page, fake):
    open_dashboard(page, fake)
    tree = page.locator(".page-view.selected .tree").first
    expect(tree.locator(".folder", has_text="hello folder 1").locator(".folder .flow")).to_contain_text(
        "order shipped"
    )
    removed = tree.locator("> .flow.removed")
    expect(removed).to_contain_text("old welcome flow")
    expect(removed.locator(".removed-badge")).to_have_text("removed")


# --- journal and faults --------------------------------------------------------------------------


def test_api_requests_appear_in_the_journal_newest_first(page, fake):
    open_dashboard(page, fake)
    fake.send_flow("11", 1559)
    fake.send_flow("12", 1560)
    rows = page.locator(".journal tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".path")).to_have_text(f"POST /pages/{SHOP_ID}/flows/send_flow")
    expect(rows.first.locator(".body")).to_have_text('{"psid": "12", "flow_id": 1560}')
    expect(rows.first.locator(".status")).to_have_text("200")
    expect(rows.first.locator(".mono")).to_have_text("…" + fake.shop_token[-4:])


def test_a_fault_rule_shows_with_the_times_it_fired(page, fake):
    open_dashboard(page, fake)
    fake.add_fault(
        {
            "name": "flaky sends",
            "match": {"method": "POST", "path": "flows/send_*"},
            "action": {"status": 503},
            "times": 1,
        }
    )
    rule = page.locator(".faults tbody tr")
    expect(rule.locator("td")).to_have_text(
        [re.compile(r"\d+"), "flaky sends", "POST flows/send_*", "answer 503", "once", "0"]
    )
    fake.api("flows/send_flow", {"psid": "1", "flow_id": 1559}, expect_status=503)
    expect(rule.locator("td").last).to_have_text("1")
    expect(page.locator(".journal tbody tr").first.locator(".status")).to_have_text("503")


# --- hostile strings -------------------------------------------------------------------------------


def test_markup_in_names_and_content_shows_as_text_and_never_runs(page, fake):
    open_dashboard(page, fake)
    hostile = fake.add_page({"name": HOSTILE_NAME, "flows": [{"id": 1, "name": HOSTILE_NAME}]})
    page_id, token = hostile["page_id"], hostile["access_token"]
    fake.send_flow(HOSTILE_TEXT, 1, page_id=page_id, token=token)
    fake.send_content(
        "1",
        {
            "messages": [
                {
                    "type": "text",
                    "text": HOSTILE_TEXT,
                    "buttons": [{"type": "url", "title": HOSTILE_NAME, "url": "javascript:alert(3)"}],
                }
            ]
        },
        page_id=page_id,
        token=token,
    )
    page.locator(f".page-card[data-page='{page_id}'] .page-link").click()
    view = page.locator(".page-view.selected")
    expect(view.locator("h1")).to_contain_text(HOSTILE_NAME)
    expect(view.locator(".tree .flow .node-name")).to_have_text(HOSTILE_NAME)
    expect(view.locator(".flow-chip")).to_have_text(f"flow {HOSTILE_NAME} (#1)")
    expect(view.locator(".text-body")).to_have_text(HOSTILE_TEXT)
    expect(view.locator(".bubble.text .button")).to_have_text(HOSTILE_NAME)
    expect(view.locator(".psid", has_text=HOSTILE_TEXT)).to_have_count(1)
    assert page.locator("img[src='x'], a[href^='javascript']").count() == 0
    assert page.locator("script:not([src])").count() == 0
    no_script_ran(page)


def test_the_alert_hook_of_these_tests_does_see_a_script_that_runs(page, fake):
    open_dashboard(page, fake)
    page.evaluate("alert('ran')")
    assert page.evaluate("window.__alerts") == ["alert ran"]


def test_the_status_says_so_when_the_server_goes_away(browser):
    server = start("--seed", "empty")
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(f"{server.root}/_mock/ui")
        expect(tab.locator("#live-status")).to_have_attribute("data-state", "live")
    finally:
        stop(server)
    expect(tab.locator("#live-status")).to_have_attribute("data-state", "error")
    expect(tab.locator("#live-status .label")).to_have_text("server unreachable")
    context.close()


# --- the README's picture ----------------------------------------------------------------------------

PICTURE_IMAGE = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='240' height='140'%3E"
    "%3Crect width='240' height='140' fill='%23ffd7b5'/%3E"
    "%3Ccircle cx='120' cy='70' r='38' fill='%23ff8a65'/%3E"
    "%3C/svg%3E"
)


def test_a_screenshot_of_a_busy_dashboard_is_saved_for_the_readme(page, fake):
    fake.add_fault(
        {"match": {"method": "POST", "path": "flows/send_*"}, "action": {"status": 503}, "times": 1}
    )
    fake.api("flows/send_flow", {"psid": "6370813943019801", "flow_id": 1559}, expect_status=503)
    fake.send_flow("6370813943019801", 1559)
    fake.send_content(
        "6370813943019801",
        {
            "messages": [
                {
                    "type": "text",
                    "text": "Hi Lan! Your order #A-1042 has shipped.",
                    "buttons": [
                        {"type": "url", "title": "Track parcel", "url": "https://example.com/track/A-1042"},
                        {"type": "flow", "title": "Talk to us", "flow_id": 1560},
                    ],
                },
                {"type": "image", "url": PICTURE_IMAGE},
            ],
            "quick_replies": [
                {"type": "flow", "caption": "Where is it?", "flow_id": 1568},
                {"type": "flow", "caption": "Cancel order", "flow_id": 1560},
            ],
            "actions": [{"action": "add_tag", "tag_id": 902}],
        },
    )
    fake.send_content(
        "8990247064319246",
        {
            "messages": [
                {"type": "text", "text": "New arrivals this week:"},
                {
                    "type": "cards",
                    "elements": [
                        {
                            "title": "Linen shirt",
                            "subtitle": "$29 · 4 colours",
                            "image_url": PICTURE_IMAGE,
                            "buttons": [{"type": "url", "title": "View", "url": "https://example.com/p/1"}],
                        },
                        {
                            "title": "Canvas tote",
                            "subtitle": "$15",
                            "image_url": PICTURE_IMAGE,
                            "buttons": [{"type": "flow", "title": "Order", "flow_id": 1565}],
                        },
                    ],
                },
            ]
        },
    )
    fake.send_flow("8990247064319246", 1565)
    open_dashboard(page, fake)
    expect(page.locator(".page-view.selected .thread")).to_have_count(2)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("MOCK_BOTCAKE_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(SCREENSHOT, README_SCREENSHOT)


# --- behind an admin token ---------------------------------------------------------------------------

ADMIN_TOKEN = "dashboard-test-admin-token"


@pytest.fixture(scope="module")
def guarded() -> Iterator[Served]:
    server = start("--seed", "demo", "--admin-token", ADMIN_TOKEN)
    yield server
    stop(server)


def test_behind_an_admin_token_the_dashboard_is_refused_without_it(browser, guarded):
    context = browser.new_context()
    tab = context.new_page()
    response = tab.goto(f"{guarded.root}/_mock/ui")
    assert response.status == 401
    # A browser is told how to get in (tests/operations/test_admin_browser_hint.py has the details).
    expect(tab.get_by_role("heading")).to_have_text("Admin token required")
    context.close()


def test_behind_an_admin_token_one_visit_with_it_signs_the_dashboard_in_and_it_keeps_refreshing(
    browser, guarded
):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{guarded.root}/_mock/ui?admin_token={ADMIN_TOKEN}")
    assert tab.url == f"{guarded.root}/_mock/ui"  # the token left the address bar
    expect(tab.locator("#live-status")).to_have_attribute("data-state", "live")
    Fake(guarded).send_flow("31", 1559)
    expect(tab.locator(".page-view.selected .psid", has_text="31")).to_have_count(1)
    expect(tab.locator("#live-status")).to_have_attribute("data-state", "live")
    context.close()

"""GET /_mock/ui and its polled fragment over HTTP (in-process): HTML, escaping, caching, no writes."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from mock_botcake.app import create_app
from mock_botcake.control.dashboard import routes as dashboard
from mock_botcake.control.dashboard import view as dashboard_view

from ..helpers import SHOP_ID, state_unchanged

HOSTILE = "<script>alert(1)</script>"
PACKAGE = Path(dashboard.__file__).parent
ROOT = Path(__file__).resolve().parents[2]


def test_the_dashboard_is_an_html_page_with_a_strict_content_security_policy(client):
    response = client.get("/_mock/ui")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "<title>mock-botcake dashboard</title>" in response.get_data(as_text=True)


def test_the_dashboard_shows_every_page_with_its_token(client, store):
    html = client.get("/_mock/ui").get_data(as_text=True)
    for page in store.list_pages():
        assert f'data-copy="{page["access_token"]}"' in html
        assert f'data-page="{page["page_id"]}"' in html


def test_the_page_has_no_inline_script_for_the_policy_to_block(client):
    html = client.get("/_mock/ui").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert not re.search(r"\son[a-z]+=", html)


def test_markup_from_a_seed_is_escaped_everywhere_it_shows(client, store):
    store.add_page(
        {
            "page_id": "666",
            "name": HOSTILE,
            "folders": [{"id": 1, "name": HOSTILE}],
            "flows": [{"id": 2, "name": HOSTILE, "parent_id": 1}],
            "keywords": [{"id": 9001, "flow_id": 2}],
        }
    )
    store.record_content_send(
        "666",
        HOSTILE,
        {"version": "v2", "content": {"messages": [{"type": "text", "text": HOSTILE}]}},
        HOSTILE,
        {"x": HOSTILE},
    )
    store.record_flow_send("666", HOSTILE, 2, None)
    for url in ("/_mock/ui", "/_mock/ui/live"):
        html = client.get(url).get_data(as_text=True)
        assert HOSTILE not in html
        assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 7  # page, folder, flow x3, psid, text


def test_markup_in_customers_their_tags_and_fields_is_escaped(client, store):
    store.add_page(
        {
            "page_id": "667",
            "tags": [{"id": 1, "name": HOSTILE, "pancake_tag_id": None}],
            "custom_fields": [{"id": 2, "name": HOSTILE}],
            "customers": [
                {
                    "psid": HOSTILE,
                    "full_name": HOSTILE,
                    "phone_number": [HOSTILE],
                    "custom_fields": {"2": HOSTILE},
                    "tags": [1],
                }
            ],
        }
    )
    html = client.get("/_mock/ui/live").get_data(as_text=True)
    assert HOSTILE not in html
    customers = html[html.index('data-panel="customers:667"') :]
    assert customers.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6  # name, psid, phone, tag, field x2


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>"])
def test_a_url_that_could_run_script_becomes_neither_a_link_nor_an_image(client, store, url):
    store.record_content_send(
        SHOP_ID,
        "1",
        {
            "version": "v2",
            "content": {
                "messages": [
                    {"type": "text", "text": "t", "buttons": [{"type": "url", "title": "b", "url": url}]},
                    {"type": "image", "url": url},
                    {"type": "file", "url": url},
                ]
            },
        },
        None,
        None,
    )
    html = client.get("/_mock/ui/live").get_data(as_text=True)
    assert not re.search(r'(href|src)="\s*(javascript|data:text)', html, re.IGNORECASE)


def test_sends_of_any_shape_a_seed_allows_still_render(client, store):
    odd = [
        {"content": "not an object"},
        {"content": {"messages": "not a list"}},
        {"content": {"messages": [1, None, {"type": "unheard_of", "x": 1}]}},
        {"content": {"messages": [{"type": "cards", "elements": {"not": "a list"}}]}},
        {},
    ]
    store.add_page(
        {
            "page_id": "777",
            "sends": [
                {
                    "id": 90 + i,
                    "kind": "content",
                    "psid": "p",
                    "flow_id": None,
                    "data": data,
                    "message_tag": None,
                    "payload": None,
                    "received_at": "2026-01-01T00:00:00.000Z",
                }
                for i, data in enumerate(odd)
            ],
        }
    )
    response = client.get("/_mock/ui/live")
    assert response.status_code == 200
    assert "unheard_of" in response.get_data(as_text=True)


def test_the_live_fragment_answers_304_while_nothing_changed(client):
    first = client.get("/_mock/ui/live")
    again = client.get("/_mock/ui/live", headers={"If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200
    assert again.status_code == 304
    assert again.get_data() == b""


def test_the_page_carries_the_etag_of_its_panels_so_the_first_poll_is_a_304(client):
    html = client.get("/_mock/ui").get_data(as_text=True)
    etag = re.search(r'data-etag="&#34;([0-9a-f]+)&#34;"', html).group(1)
    poll = client.get("/_mock/ui/live", headers={"If-None-Match": f'"{etag}"'})
    assert poll.status_code == 304
    assert poll.headers["ETag"] == f'"{etag}"'


def test_the_live_fragment_changes_once_something_is_sent(client, store):
    first = client.get("/_mock/ui/live")
    store.record_flow_send(SHOP_ID, "1", 1559, None)
    after = client.get("/_mock/ui/live", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200
    assert "flow hello flow 1 (#1559)" in after.get_data(as_text=True)


def test_reading_the_dashboard_changes_nothing(client, store):
    with state_unchanged(store):
        client.get("/_mock/ui")
        client.get("/_mock/ui/live")
    assert client.get("/_mock/requests").get_json() == {"requests": []}


def test_the_dashboard_and_its_polling_stay_out_of_the_request_log(store):
    lines: list[str] = []
    client = create_app(store, log=lines.append).test_client()
    client.get("/_mock/ui")
    client.get("/_mock/ui/live")
    client.get("/_mock/ui/static/dashboard.js")
    client.get("/_mock/pages")
    assert [line.split()[:3] for line in lines] == [["GET", "/_mock/pages", "200"]]


def test_the_script_and_stylesheet_are_served(client):
    script = client.get("/_mock/ui/static/dashboard.js")
    style = client.get("/_mock/ui/static/dashboard.css")
    assert (script.status_code, script.mimetype) == (200, "text/javascript")
    assert (style.status_code, style.mimetype) == (200, "text/css")


def test_the_script_never_turns_strings_into_html():
    source = (PACKAGE / "static" / "dashboard.js").read_text("utf-8")
    assert not re.search(r"(innerHTML|outerHTML)\s*[+]?=(?!=)|insertAdjacentHTML|document\.write", source)


def test_every_template_and_static_file_ships_in_the_package():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    files = [p for d in ("templates", "static") for p in (PACKAGE / d).rglob("*") if p.is_file()]
    assert files
    for path in files:
        package = ".".join(("mock_botcake", "control", "dashboard", *path.parent.relative_to(PACKAGE).parts))
        assert package in setuptools["packages"], package
        patterns = setuptools["package-data"].get(package, [])
        assert any(fnmatch(path.name, pattern) for pattern in patterns), path


def test_an_unknown_dashboard_path_is_a_json_404(client):
    response = client.get("/_mock/ui/nope")
    assert response.status_code == 404
    assert response.get_json() == {"success": False, "message": "not found"}


def test_a_page_with_exactly_as_many_sends_as_shown_says_nothing_of_others(client, store):
    for number in range(dashboard_view.SENDS_SHOWN_PER_PAGE):
        store.record_flow_send(SHOP_ID, str(number), 1559, None)
    html = client.get("/_mock/ui/live").get_data(as_text=True)
    assert "The last" not in html
    assert f"{dashboard_view.SENDS_SHOWN_PER_PAGE} sends</span>" in html


def test_a_busy_page_shows_its_last_sends_and_says_where_the_rest_are(client, store):
    for number in range(dashboard_view.SENDS_SHOWN_PER_PAGE + 1):
        store.record_flow_send(SHOP_ID, str(number), 1559, None)
    html = client.get("/_mock/ui/live").get_data(as_text=True)
    assert f"The last {dashboard_view.SENDS_SHOWN_PER_PAGE} sends" in html
    assert f"GET /_mock/pages/{SHOP_ID}/sends" in html
    assert html.count('class="send"') == dashboard_view.SENDS_SHOWN_PER_PAGE


def test_templates_and_attachments_are_drawn_with_what_they_carry(client, store):
    messages = [
        {
            "type": "whatsapp_message_template",
            "template_id": "order_update_v3",
            "language": "es",
            "components": [
                {"type": "BODY", "params": [{"key": "1", "parameter_name": "name", "value": "Ana"}]}
            ],
        },
        {"type": "video", "url": "https://example.com/clip.mp4"},
        {
            "type": "file",
            "url": "https://example.com/invoice.pdf",
            "buttons": [{"type": "call", "title": "Call us", "phone_number": "+573132947776"}],
        },
    ]
    store.record_content_send(
        SHOP_ID, "wa_1", {"version": "v2", "content": {"messages": messages}}, None, None
    )
    html = client.get("/_mock/ui/live").get_data(as_text=True)
    assert "WhatsApp template <strong>order_update_v3</strong>" in html
    assert '<span class="param">name = Ana</span>' in html
    assert 'href="https://example.com/clip.mp4"' in html
    assert 'title="call +573132947776">Call us' in html


@pytest.mark.parametrize(
    ("method", "url", "status", "message"),
    [
        ("POST", "/_mock/ui", 405, "method not allowed"),
        ("DELETE", "/_mock/ui/live", 405, "method not allowed"),
        ("GET", "/_mock/ui/static/../app.py", 404, "not found"),
        ("GET", "/_mock/ui/static/%2e%2e/dashboard_view.py", 404, "not found"),
    ],
)
def test_a_wrong_request_to_the_dashboard_gets_the_json_error_and_changes_nothing(
    client, store, method, url, status, message
):
    with state_unchanged(store):
        response = client.open(url, method=method)
    assert response.status_code == status
    assert response.get_json() == {"success": False, "message": message}


def test_a_malformed_if_none_match_is_answered_in_full(client):
    response = client.get("/_mock/ui/live", headers={"If-None-Match": 'W/"x", ""garbage, "'})
    assert response.status_code == 200
    assert 'data-panel="pages"' in response.get_data(as_text=True)

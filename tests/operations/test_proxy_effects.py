"""What the recording proxy forwards: each request's side effect, read from the operation declarations,
and the headers it passes on."""

from __future__ import annotations

import pytest

from mock_botcake.api import api
from mock_botcake.api.accounts import accounts
from mock_botcake.app import create_app
from mock_botcake.control.proxying import OperationEffects, ProxySettings, forwarded_headers
from mock_botcake.web.environ import build_environ
from mock_botcake.web.operations import READ, SEND, WRITE

from ..helpers import API, SHOP_ID

PAGE = f"{API}/pages/{SHOP_ID}"


@pytest.fixture(scope="module")
def effects() -> OperationEffects:
    from mock_botcake.store import Store

    app = create_app(Store())
    return OperationEffects(app.url_map, (api, accounts))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"{PAGE}/flows/send_flow"),
        ("POST", f"{PAGE}/flows/send_content"),
        ("POST", f"{PAGE}/marketing_messages/send_marketing_content"),
    ],
)
def test_a_send_is_a_send(effects, method, path):
    assert effects.of(method, path) == SEND


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"{PAGE}/keywords/create"),
        ("POST", f"{PAGE}/keywords/update"),
        ("POST", f"{PAGE}/customer/42/customer_fields"),
        ("POST", f"{PAGE}/upload_media"),
        ("POST", f"{PAGE}/marketing_messages/messages"),
        ("DELETE", f"{PAGE}/marketing_messages/messages/120210000000000000"),
        ("PUT", f"{PAGE}/marketing_messages/messages/120210000000000000/status"),
        ("POST", f"{PAGE}/marketing_messages/custom_audiences/sync_from_meta"),
        ("GET", f"{PAGE}/message_templates/sync"),
    ],
)
def test_a_write_is_a_write(effects, method, path):
    assert effects.of(method, path) == WRITE


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"{PAGE}/keywords"),
        ("GET", f"{PAGE}/flows/1560/statistics"),
        ("POST", f"{API}/integration_page/list_access_token"),
        ("HEAD", f"{PAGE}/keywords"),
    ],
)
def test_a_read_is_a_read(effects, method, path):
    assert effects.of(method, path) == READ


def test_a_get_of_no_declared_operation_is_taken_for_a_read(effects):
    assert effects.of("GET", f"{PAGE}/not_declared") == READ


def test_any_other_method_of_no_declared_operation_is_taken_for_a_send(effects):
    assert effects.of("PATCH", f"{PAGE}/keywords") == SEND


@pytest.mark.parametrize(
    ("settings", "allowed"),
    [
        (ProxySettings("http://x"), {READ}),
        (ProxySettings("http://x", allow_writes=True), {READ, WRITE}),
        (ProxySettings("http://x", allow_sends=True), {READ, SEND}),
    ],
)
def test_the_settings_allow_reads_and_only_the_effects_told(settings, allowed):
    assert {effect for effect in (READ, WRITE, SEND) if settings.allows(effect)} == allowed


def environ_with(headers: list[tuple[str, str]]) -> dict:
    return build_environ(
        method="GET",
        path=f"{PAGE}/keywords",
        query="",
        headers=headers,
        body=b"",
        server=("127.0.0.1", "8080"),
        remote_addr="127.0.0.1",
    )


def test_the_clients_tokens_and_own_headers_are_forwarded():
    environ = environ_with(
        [("access-token", "page-token"), ("user-access-token", "user-token"), ("content-type", "x/y")]
    )

    forwarded = forwarded_headers(environ)

    assert forwarded["access-token"] == "page-token"
    assert forwarded["user-access-token"] == "user-token"
    assert forwarded["content-type"] == "x/y"


def test_hop_by_hop_headers_host_and_length_are_not_forwarded():
    environ = environ_with(
        [
            ("connection", "keep-alive"),
            ("keep-alive", "timeout=5"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "h2c"),
            ("proxy-authorization", "Basic x"),
            ("te", "trailers"),
            ("host", "127.0.0.1:8080"),
            ("content-length", "0"),
        ]
    )

    assert forwarded_headers(environ) == {}

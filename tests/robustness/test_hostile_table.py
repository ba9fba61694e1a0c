"""The hostile-input table (issue 17): one row per class of input that once broke the fake.

Every row runs twice: through `mock-botcake serve` (a real server started by ``mock_botcake.serving.launch``)
and through the pytest plugin's in-process route (``embedded.wsgi_call.call_app``). Each is
refused with the API's JSON error (or, where the request is fine, answered), the state is as it was,
and the control plane a test suite reads afterwards (health, the journal, the faults, the state, the
dashboard and its live panels) still answers 200 with strict JSON or HTML.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from mock_botcake import fidelity
from mock_botcake.app import create_app
from mock_botcake.embedded.wsgi_call import call_app
from mock_botcake.seeds import build_store

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop

MAX_ID = 2**63 - 1
SEND_FLOW = f"{API}/pages/{SHOP_ID}/flows/send_flow"
SEND_CONTENT = f"{API}/pages/{SHOP_ID}/flows/send_content"
KEYWORDS = f"{API}/pages/{SHOP_ID}/keywords"
UNKNOWN_ROUTE = f"{API}/pages/nope/whatever"
TOKEN = object()  # stands for the shop page's real token in a row's headers


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes

    def json(self) -> Any:
        return strict_loads(self.body)


class Route:
    """One way into the fake: ``send`` a request of raw parts, get the raw answer."""

    def send(
        self, method: str, path: str, headers: dict[str, Any] | None = None, body: bytes = b""
    ) -> Answer:
        raise NotImplementedError

    def token(self) -> str:
        pages = self.send("GET", "/_mock/pages").json()["pages"]
        return next(page["access_token"] for page in pages if page["page_id"] == SHOP_ID)


class InProcess(Route):
    def __init__(self) -> None:
        self.store, _ = build_store("demo")
        self.app = create_app(self.store)

    def send(
        self, method: str, path: str, headers: dict[str, Any] | None = None, body: bytes = b""
    ) -> Answer:
        request = requests.Request(method, f"http://botcake.test{path}", headers=headers or {}, data=body)
        answer = call_app(self.app, request.prepare())
        headers_ = {name.lower(): value for name, value in answer.headers.items()}
        return Answer(answer.status, headers_.get("content-type", ""), answer.body)


class OverHttp(Route):
    def __init__(self, served: Served) -> None:
        self.root = served.root

    def send(
        self, method: str, path: str, headers: dict[str, Any] | None = None, body: bytes = b""
    ) -> Answer:
        response = requests.request(method, self.root + path, headers=headers or {}, data=body, timeout=10)
        return Answer(response.status_code, response.headers.get("Content-Type", ""), response.content)


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    server = start("--seed", "demo")
    yield server
    stop(server)


@pytest.fixture(scope="module")
def in_process() -> InProcess:
    return InProcess()


@pytest.fixture(params=["serve", "in-process"])
def route(request: pytest.FixtureRequest) -> Iterator[Route]:
    way: Route = request.getfixturevalue("in_process") if request.param == "in-process" else None  # type: ignore[assignment]
    if way is None:
        way = OverHttp(request.getfixturevalue("served"))
    yield way
    way.send("POST", "/_mock/reset")  # rows that add state (the int64 seeds) leave none behind


def strict_loads(raw: bytes) -> Any:
    """``raw`` parsed as strict JSON: UTF-8, no NaN/Infinity, nothing a strict parser would refuse."""
    return json.loads(raw.decode("utf-8"), parse_constant=_refuse, parse_float=_finite)


def _refuse(name: str) -> Any:
    raise AssertionError(f"{name} in an answer")


def _finite(text: str) -> float:
    value = float(text)
    assert math.isfinite(value), text
    return value


def assert_control_plane_answers(route: Route) -> None:
    for path in ("/_mock/health", "/_mock/requests", "/_mock/faults", "/_mock/state", "/_mock/pages"):
        answer = route.send("GET", path)
        assert (answer.status, answer.content_type) == (200, "application/json"), (path, answer.body[:300])
        answer.json()
    for path in ("/_mock/ui", "/_mock/ui/live"):
        answer = route.send("GET", path)
        assert answer.status == 200, (path, answer.body[:300])
        assert answer.content_type.startswith("text/html")
        answer.body.decode("utf-8")


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


# (issue class, method, path, headers, body, expected status, expected message)
ROWS: list[tuple[str, str, str, dict[str, Any], bytes, int, str]] = [
    ("1", "POST", UNKNOWN_ROUTE, {}, b'{"a": "\\ud800"}', 404, fidelity.UNKNOWN_ROUTE.message),
    (
        "1",
        "POST",
        SEND_FLOW,
        {"access-token": TOKEN},
        b'{"psid": "\\ud800", "flow_id": 1559}',
        400,
        fidelity.MALFORMED_JSON.message,
    ),
    (
        "1",
        "POST",
        SEND_CONTENT,
        {"access-token": TOKEN},
        b'{"psid": "1", "data": {"version": "v2", "content": {"messages": [{"type": "text", '
        b'"text": "\\udfff"}]}}}',
        400,
        fidelity.MALFORMED_JSON.message,
    ),
    (
        "1",
        "POST",
        "/_mock/faults",
        {},
        b'{"match": {}, "action": {"status": 500, "body": {"m": "\\ud800"}}}',
        400,
        fidelity.MALFORMED_JSON.message,
    ),
    ("1", "POST", "/_mock/pages", {}, b'{"name": "\\ud800"}', 400, fidelity.MALFORMED_JSON.message),
    ("1", "PUT", "/_mock/state", {}, b'{"pages": [{"\\udc00": 1}]}', 400, fidelity.MALFORMED_JSON.message),
    (
        "2",
        "GET",
        f"/_mock/pages/{SHOP_ID}/sends?after=" + "9" * 5000,
        {},
        b"",
        400,
        "invalid query parameter",
    ),
    ("2", "GET", "/_mock/requests?limit=" + "1" * 5000, {}, b"", 400, "invalid query parameter"),
    (
        "2",
        "POST",
        SEND_FLOW,
        {"access-token": TOKEN},
        b'{"psid": "1", "flow_id": 9223372036854775808}',
        400,
        fidelity.PARAMS_WRONG.message,
    ),
    ("4", "POST", UNKNOWN_ROUTE, {}, b"[" * 970 + b"]" * 970, 404, fidelity.UNKNOWN_ROUTE.message),
    (
        "4",
        "POST",
        "/_mock/faults",
        {},
        b'{"match": {}, "action": {"status": 500, "body": ' + nested(500) + b"}}",
        400,
        fidelity.MALFORMED_JSON.message,
    ),
    (
        "4",
        "POST",
        SEND_FLOW,
        {"access-token": TOKEN},
        b'{"psid": "1", "flow_id": 1559, "payload": ' + nested(100) + b"}",
        400,
        fidelity.MALFORMED_JSON.message,
    ),
    ("6", "POST", UNKNOWN_ROUTE, {}, b'{"a": 1e400}', 404, fidelity.UNKNOWN_ROUTE.message),
    ("6", "POST", UNKNOWN_ROUTE, {}, b'{"a": NaN, "b": -Infinity}', 404, fidelity.UNKNOWN_ROUTE.message),
    (
        "11",
        "GET",
        KEYWORDS,
        {"access-token": b"\xff\xfe-not-utf-8"},
        b"",
        401,
        fidelity.UNKNOWN_TOKEN.message,
    ),
    (
        "11",
        "GET",
        KEYWORDS,
        {"access-token": "caf\u00e9-token".encode()},
        b"",
        401,
        fidelity.UNKNOWN_TOKEN.message,
    ),
]
ROW_IDS = [
    "1-surrogate-unknown-route",
    "1-surrogate-psid",
    "1-surrogate-send-text",
    "1-surrogate-fault-body",
    "1-surrogate-seed",
    "1-surrogate-state-key",
    "2-after-5000-digits",
    "2-limit-5000-digits",
    "2-flow-id-past-int64",
    "4-journal-body-970-deep",
    "4-fault-body-500-deep",
    "4-payload-100-deep",
    "6-1e400-journaled",
    "6-nan-infinity-journaled",
    "11-token-not-utf-8",
    "11-token-utf-8-not-ascii",
]


@pytest.mark.parametrize(
    ("issue_class", "method", "path", "headers", "body", "status", "message"), ROWS, ids=ROW_IDS
)
def test_hostile_input_is_refused_changes_nothing_and_leaves_the_control_plane_answering(
    route, issue_class, method, path, headers, body, status, message
):
    before = route.send("GET", "/_mock/state").json()
    sent_headers = {name: route.token() if value is TOKEN else value for name, value in headers.items()}
    answer = route.send(method, path, sent_headers, body)
    assert (answer.status, answer.content_type) == (status, "application/json"), answer.body[:300]
    assert answer.json()["success"] is False
    assert answer.json()["message"] == message
    assert route.send("GET", "/_mock/state").json() == before
    assert_control_plane_answers(route)


# Rules of every kind whose condition no row above meets: the matchers read each hostile body, query
# and header set, and must neither fail nor change what the row is answered.
IDLE_RULES = [
    {"match": {"body": {"psid": "never-sent"}}, "action": {"status": 503}},
    {"match": {"query": {"never": "*"}}, "action": {"responses": [{"status": 503}, {"pass": True}]}},
    {"match": {"headers": {"x-never": "*"}}, "action": {"fault": "reset"}},
    {"match": {"body": {"data": {"never": 1}}}, "action": {"fault": "slow", "delay_ms": 1}},
    {
        "name": "never",
        "match": {"path": "flows/*", "page_id": "no_such_page"},
        "action": {"fault": "truncated"},
    },
    {"match": {"body": {"psid": "never-sent"}}, "action": {"fault": "malformed"}, "after_write": False},
]


@pytest.mark.parametrize(
    ("issue_class", "method", "path", "headers", "body", "status", "message"), ROWS, ids=ROW_IDS
)
def test_hostile_input_is_answered_the_same_with_idle_rules_of_every_kind_installed(
    route, issue_class, method, path, headers, body, status, message
):
    for rule in IDLE_RULES:
        installed = route.send("POST", "/_mock/faults", {}, json.dumps(rule).encode())
        assert installed.status == 201, installed.body[:300]
    test_hostile_input_is_refused_changes_nothing_and_leaves_the_control_plane_answering(
        route, issue_class, method, path, headers, body, status, message
    )


# --- class 2: ids and counts at the edge of int64, which a seed may hold -----------------------------

EDGE_PAGE = {
    "page_id": "9000",
    "access_token": "edge-page-token",
    "flows": [{"id": MAX_ID, "name": "last flow"}],
    "keywords": [{"id": MAX_ID}],
    "flow_statistics": {str(MAX_ID): {"sent": MAX_ID, "seen": MAX_ID}},
    "sends": [
        {
            "id": MAX_ID,
            "kind": "flow",
            "psid": "1",
            "flow_id": MAX_ID,
            "data": None,
            "message_tag": None,
            "payload": None,
            "received_at": "2026-01-01T00:00:00.000Z",
        }
    ],
}
EDGE = {"access-token": "edge-page-token"}


@pytest.fixture
def edge_route(route: Route) -> Route:
    assert route.send("POST", "/_mock/pages", {}, json.dumps(EDGE_PAGE).encode()).status == 201
    return route


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"{API}/pages/9000/keywords/create", b""),
        (f"{API}/pages/9000/flows/send_flow", json.dumps({"psid": "1", "flow_id": MAX_ID}).encode()),
        (
            f"{API}/pages/9000/flows/send_content",
            b'{"psid": "1", "data": {"version": "v2", "content": {"messages": '
            b'[{"type": "text", "text": "x"}]}}}',
        ),
    ],
    ids=["keyword", "flow-send", "content-send"],
)
def test_a_create_past_the_largest_id_is_refused_409_and_changes_nothing(edge_route, path, body):
    before = edge_route.send("GET", "/_mock/state").json()
    answer = edge_route.send("POST", path, EDGE, body)
    assert answer.status == 409, answer.body
    assert answer.json()["message"] == "no id left for a new item"
    assert edge_route.send("GET", "/_mock/state").json() == before
    assert_control_plane_answers(edge_route)


@pytest.fixture
def roomy_edge_route(route: Route) -> Route:
    """The edge page, but with room for three more sends and one more keyword."""
    page = {
        **EDGE_PAGE,
        "keywords": [{"id": MAX_ID - 1}],
        "sends": [{**EDGE_PAGE["sends"][0], "id": MAX_ID - 3}],
    }
    assert route.send("POST", "/_mock/pages", {}, json.dumps(page).encode()).status == 201
    return route


def send_to_the_last_flow(route: Route) -> Answer:
    body = json.dumps({"psid": "1", "flow_id": MAX_ID}).encode()
    return route.send("POST", f"{API}/pages/9000/flows/send_flow", EDGE, body)


def test_a_statistic_at_the_largest_count_stays_that_integer_when_counted_again(roomy_edge_route):
    assert send_to_the_last_flow(roomy_edge_route).status == 200
    answer = roomy_edge_route.send("GET", f"{API}/pages/9000/flows/{MAX_ID}/statistics", EDGE)
    assert answer.status == 200
    assert b"e+18" not in answer.body
    assert answer.json()["data"]["sent"] == MAX_ID


def test_a_state_export_after_writes_at_the_int64_edge_imports_back_unchanged(roomy_edge_route):
    assert (
        roomy_edge_route.send("POST", f"{API}/pages/9000/keywords/create", EDGE).json()["keyword"]["id"]
        == MAX_ID
    )
    assert send_to_the_last_flow(roomy_edge_route).status == 200
    exported = roomy_edge_route.send("GET", "/_mock/state").body
    answer = roomy_edge_route.send("PUT", "/_mock/state", {}, exported)
    assert answer.status == 200, answer.body
    assert answer.json() == strict_loads(exported)


def test_paging_with_after_reaches_past_ids_above_10_to_the_18(edge_route):
    first_page = edge_route.send("GET", f"/_mock/pages/9000/sends?after={MAX_ID - 1}")
    assert first_page.status == 200, first_page.body
    assert [send["id"] for send in first_page.json()["sends"]] == [MAX_ID]
    assert edge_route.send("GET", f"/_mock/pages/9000/sends?after={MAX_ID}").json() == {"sends": []}


def test_new_sends_keep_their_order_after_a_seed_with_a_large_send_id(route):
    # The seed's send id leaves room: every new send gets the next id, in order, never a random one.
    page = {**EDGE_PAGE, "sends": [{**EDGE_PAGE["sends"][0], "id": MAX_ID - 3}]}
    assert route.send("POST", "/_mock/pages", {}, json.dumps(page).encode()).status == 201
    for psid in ("a", "b", "c"):
        body = json.dumps({"psid": psid, "flow_id": MAX_ID}).encode()
        assert route.send("POST", f"{API}/pages/9000/flows/send_flow", EDGE, body).status == 200
    sends = route.send("GET", "/_mock/pages/9000/sends").json()["sends"]
    assert [(send["id"], send["psid"]) for send in sends] == [
        (MAX_ID - 3, "1"),
        (MAX_ID - 2, "a"),
        (MAX_ID - 1, "b"),
        (MAX_ID, "c"),
    ]


# --- class 4: folders nested deep, which a seed may hold ---------------------------------------------


def test_folders_nested_300_deep_are_drawn_by_the_dashboard(route):
    folders = [{"id": n, "name": f"level {n}", "parent_id": n - 1 if n > 1 else None} for n in range(1, 301)]
    page = {"page_id": "9001", "folders": folders, "flows": [{"id": 1, "name": "deepest", "parent_id": 300}]}
    assert route.send("POST", "/_mock/pages", {}, json.dumps(page).encode()).status == 201
    assert_control_plane_answers(route)
    html = route.send("GET", "/_mock/ui").body.decode()
    assert "level 300" in html
    assert "deepest" in html

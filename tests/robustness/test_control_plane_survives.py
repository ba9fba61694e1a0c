"""The control plane survives anything a client sends (issue 17's property).

Whatever reaches the fake (arbitrary bytes, headers and JSON with lone surrogates, huge numbers, NaN,
deep nesting, to API and control-plane paths alike, and under `serve` broken chunked framing), the
reads a test suite makes afterwards still answer: ``/_mock/health``, ``/_mock/requests``,
``/_mock/faults``, ``/_mock/state`` and the dashboard answer 200 with strict JSON or HTML, no request
gets a 500, and every request that was not accepted (2xx) left the state exactly as it was. So the
state at the end is what the accepted requests alone made of it.

Most of it runs in-process, through the pytest plugin's route (``wsgi_call.call_app``, the same
environ as `serve`'s bridge builds, and unlike Flask's test client it sends any header as is); the
framing of chunked bodies only exists on a real socket, so that part runs against `mock-botcake serve`.
"""

from __future__ import annotations

import json
import math
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.app import create_app
from mock_botcake.embedded.wsgi_call import call_app
from mock_botcake.seeds import build_store

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop

FAULT_STATUS = 418  # the status of generated fault rules, told apart from a 500 of the fake's own
DEEP = 3000

API_PATHS = [
    f"{API}/pages/{SHOP_ID}/flows",
    f"{API}/pages/{SHOP_ID}/flows/[1561]",
    f"{API}/pages/{SHOP_ID}/flows/send_flow",
    f"{API}/pages/{SHOP_ID}/flows/send_content",
    f"{API}/pages/{SHOP_ID}/flows/1559/statistics",
    f"{API}/pages/{SHOP_ID}/keywords",
    f"{API}/pages/{SHOP_ID}/keywords/create",
    f"{API}/pages/{SHOP_ID}/keywords/update",
    f"{API}/pages/{SHOP_ID}/ice_breakers",
    f"{API}/pages/nope/keywords",
    # sequences, broadcasts and WhatsApp
    f"{API}/pages/{SHOP_ID}/sequences/",
    f"{API}/pages/{SHOP_ID}/sequences/591/statistics",
    f"{API}/pages/{SHOP_ID}/sequences/591/statistics/5337",
    f"{API}/pages/{SHOP_ID}/broadcasts/7001/statistic",
    f"{API}/pages/{SHOP_ID}/message_templates",
    f"{API}/pages/{SHOP_ID}/retrieve_media_url",
    f"{API}/pages/{SHOP_ID}/upload_media",
    f"{API}/integration_page/list_page_id",
    f"{API}/integration_page/100004398765432/list_page_id",
    f"{API}/integration_page/list_access_token",
    f"{API}/integration_page/list_access_token/100004398765432",
    f"{API}/pages/{SHOP_ID}/marketing_messages/messages",
    f"{API}/pages/{SHOP_ID}/marketing_messages/messages/120210000000000000/status",
    f"{API}/pages/{SHOP_ID}/marketing_messages/custom_audiences",
    f"{API}/pages/{SHOP_ID}/marketing_messages/send_marketing_content",
]
DEMO_USER_TOKEN = "demo-user-access-token-0001"
CONTROL_PATHS = [
    "/_mock/faults",
    "/_mock/pages",
    "/_mock/state",
    "/_mock/requests",
    f"/_mock/pages/{SHOP_ID}/sends",
    "/_mock/ui",
    "/_mock/ui/live",
    "/_mock/health",
    "/_mock/accounts",
]
READS = [
    "/_mock/health",
    "/_mock/requests",
    "/_mock/faults",
    "/_mock/state",
    "/_mock/pages",
    "/_mock/accounts",
]
PAGES = ["/_mock/ui", "/_mock/ui/live"]

# --- hostile JSON ----------------------------------------------------------------------------------

lone_surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
hostile_text = st.text(st.one_of(st.characters(), lone_surrogates), max_size=12)
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([2**63 - 1, 2**63, -(2**63) - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)
hostile_json = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=12,
)


def as_json_text(document: Any) -> bytes:
    """JSON text as a careless client writes it: NaN/Infinity literals, surrogates as \\u escapes."""
    return json.dumps(document, allow_nan=True).encode()


@st.composite
def deeply_nested(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(min_value=60, max_value=DEEP))
    opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
    return opener * depth + b"1" + closer * depth


@st.composite
def hostile_bodies_for(draw: st.DrawFn, path: str) -> bytes:
    """A body shaped for ``path`` (so that it passes the first checks) with hostile values inside."""
    value = draw(hostile_json)
    shaped = {
        "/_mock/faults": {"match": {}, "action": {"status": FAULT_STATUS, "body": value}},
        "/_mock/pages": {"name": value} if draw(st.booleans()) else {"page_id": "h1", "folders": value},
        "/_mock/state": {"pages": [{"page_id": "h2", "name": value}]},
        "/_mock/accounts": {"page_ids": value} if draw(st.booleans()) else {"user_access_token": value},
        f"{API}/pages/{SHOP_ID}/marketing_messages/messages": {"body": value},
        f"{API}/pages/{SHOP_ID}/marketing_messages/custom_audiences": {"name": value},
        f"{API}/pages/{SHOP_ID}/marketing_messages/send_marketing_content": {
            "marketing_message_id": "120210000000000000",
            "psid": "1",
            "message": value,
        },
        f"{API}/pages/{SHOP_ID}/flows/send_flow": {"psid": value, "flow_id": 1559},
        f"{API}/pages/{SHOP_ID}/flows/send_content": {
            "psid": "1",
            "data": {"version": "v2", "content": {"messages": [{"type": "text", "text": value}]}},
        },
        f"{API}/pages/{SHOP_ID}/keywords/update": {"keyword_id": value, "flow_id": 1559},
    }.get(path, value)
    if path.endswith("/upload_media") and draw(st.booleans()):
        return hostile_form(draw(hostile_text), draw(st.binary(max_size=64)))
    return as_json_text(shaped)


FORM_BOUNDARY = "hostile-boundary"


def hostile_form(content_type: str, file: bytes) -> bytes:
    """A multipart/form-data body (of ``FORM_BOUNDARY``) with a hostile content_type field and file."""
    head = f'--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="content_type"\r\n\r\n'
    part = '\r\n--{0}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n'
    text = content_type.encode("utf-8", "surrogatepass")
    return (
        head.encode()
        + text
        + part.format(FORM_BOUNDARY).encode()
        + file
        + f"\r\n--{FORM_BOUNDARY}--\r\n".encode()
    )


# Any bytes a header value can carry on the wire (no CR, LF or NUL; no leading blank, which is any of
# ASCII's whitespace to requests, the client that sends them), UTF-8 or not.
header_values = st.binary(min_size=1, max_size=24).map(
    lambda raw: bytes(byte for byte in raw if byte not in b"\r\n\x00").lstrip(b" \t\x0b\x0c") or b"x"
)


@st.composite
def hostile_requests(draw: st.DrawFn, token: str) -> dict[str, Any]:
    path = draw(
        st.one_of(
            st.sampled_from(API_PATHS + CONTROL_PATHS),
            st.text(max_size=30).map(lambda text: "/" + text),
            st.text(max_size=20).map(lambda text: f"{API}/pages/{SHOP_ID}/" + text),
        )
    )
    body = draw(
        st.one_of(
            hostile_bodies_for(path),
            st.builds(as_json_text, hostile_json),
            deeply_nested(),
            st.binary(max_size=64),
            st.sampled_from([b"", b'{"a": 1e400}', b'{"a": -Infinity}', b"\xff\xfe", b'"\\ud800"']),
        )
    )
    headers: dict[str, Any] = {}
    if draw(st.booleans()):
        headers["access-token"] = draw(st.one_of(st.just(token), header_values))
    if draw(st.booleans()):
        headers["user-access-token"] = draw(st.one_of(st.just(DEMO_USER_TOKEN), header_values))
    if draw(st.booleans()):
        headers["Cookie"] = draw(header_values)
    if draw(st.booleans()):
        headers["Content-Type"] = draw(
            st.sampled_from(
                [
                    "application/json",
                    "text/plain",
                    "x/\u00e9",
                    f"multipart/form-data; boundary={FORM_BOUNDARY}",
                ]
            )
        )
    return {
        "method": draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"])),
        "path": path,
        "query": draw(
            st.one_of(st.just(""), st.just("ad_account_id=act_123456789012345"), st.text(max_size=30))
        ),
        "headers": headers,
        "body": body,
    }


# --- checking the answers ------------------------------------------------------------------------


def strict_json(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)


def _no_constant(name: str) -> Any:
    raise AssertionError(f"{name} in an answer")


def _finite(text: str) -> float:
    value = float(text)
    assert math.isfinite(value), text
    return value


def assert_well_answered(status: int, headers: dict[str, str], body: bytes) -> None:
    """Not a 500 of the fake's own, and strict JSON whenever it says JSON."""
    assert status != 500, body[:300]
    content_type = {name.lower(): value for name, value in headers.items()}.get("content-type", "")
    if content_type == "application/json":
        strict_json(body)


class InProcessFake:
    def __init__(self) -> None:
        self.store, _ = build_store("demo")
        self.app = create_app(self.store)
        self.token = next(p["access_token"] for p in self.store.list_pages() if p["page_id"] == SHOP_ID)

    def send(self, method: str, path: str, query: str = "", headers: Any = None, body: bytes = b"") -> Any:
        url = f"http://botcake.test{requests.utils.quote(path, safe='/[],')}"
        request = requests.Request(method, url, headers=headers or {}, data=body)
        prepared = request.prepare()
        if query:
            prepared.url = f"{prepared.url}?{requests.utils.quote(query, safe='=&')}"
        return call_app(self.app, prepared)

    def assert_control_plane_answers(self) -> None:
        for path in READS:
            answer = self.send("GET", path)
            assert answer.status == 200, (path, answer.body[:300])
            strict_json(answer.body)
        for path in PAGES:
            answer = self.send("GET", path)
            assert answer.status == 200, (path, answer.body[:300])
            assert answer.headers["Content-Type"].startswith("text/html")
            answer.body.decode("utf-8")


@pytest.fixture(scope="module")
def fake() -> InProcessFake:
    # One app for every example (a new one would compile the dashboard's templates each time), reset
    # at the start of each: the store, the journal and the fault rules back to the demo start.
    return InProcessFake()


@given(data=st.data())
def test_whatever_clients_send_the_control_plane_answers_and_only_accepted_requests_change_state(fake, data):
    assert fake.send("POST", "/_mock/reset").status == 200
    for _ in range(data.draw(st.integers(min_value=1, max_value=6), label="requests")):
        request = data.draw(hostile_requests(fake.token))
        before = fake.store.export_state()
        answer = fake.send(**request)
        assert_well_answered(answer.status, answer.headers, answer.body)
        if not 200 <= answer.status < 300:
            assert fake.store.export_state() == before, (request, answer.status, answer.body[:300])
    fake.assert_control_plane_answers()


# --- under serve: bodies in broken chunked framing ---------------------------------------------------

BAD_SIZES = [b"zz", b"-2", b"100000000000000000", b"0x5", b"ffffffffffffffffff", b"\xff"]
BAD_ENDINGS = [b"XX", b"\n", b"\r\r"]


@st.composite
def chunked_framings(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A chunked body's framing and whether it is well formed; broken ones have one fault among
    well-formed chunks: a size that is not hex or is out of range, bad bytes after a chunk's data,
    a trailer (refused as granian cannot tell it from an error), or no last chunk."""
    chunks = draw(st.lists(st.binary(min_size=1, max_size=12), max_size=3))
    parts = [b"%x\r\n%s\r\n" % (len(data), data) for data in chunks] + [b"0\r\n\r\n"]
    fault = draw(st.sampled_from(["none", "size", "ending", "trailer", "cut"]))
    if fault == "size":
        data = draw(st.binary(min_size=1, max_size=12))
        where = draw(st.integers(min_value=0, max_value=len(chunks)))
        parts.insert(where, draw(st.sampled_from(BAD_SIZES)) + b"\r\n" + data + b"\r\n")
    elif fault == "ending" and chunks:
        where = draw(st.integers(min_value=0, max_value=len(chunks) - 1))
        parts[where] = parts[where][:-2] + draw(st.sampled_from(BAD_ENDINGS))
    elif fault == "trailer":
        parts[-1] = b"0\r\nX-Trailer: 1\r\n\r\n"
    elif fault == "cut":
        parts[-1] = draw(st.sampled_from([b"", b"0\r\n"]))
    else:
        fault = "none"
    return b"".join(parts), fault == "none"


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    server = start("--seed", "demo")
    yield server
    stop(server)


def exchange(server: Served, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw`` and read the answer (status 0: the server closed the connection unanswered)."""
    host, port = server.root.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(raw)
        conn.shutdown(socket.SHUT_WR)  # a body cut short ends here rather than hanging the exchange
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    if not answer:
        return 0, {}, b""
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines if ": " in line)
    return int(status_line.split(" ")[1]), headers, body


@given(
    path=st.sampled_from([*API_PATHS, "/_mock/faults", "/_mock/pages", "/_mock/state", "/nope"]),
    method=st.sampled_from(["POST", "PUT"]),
    framing_and_well_formed=chunked_framings(),
)
def test_under_serve_broken_chunked_framing_changes_nothing_and_the_control_plane_answers(
    served, path, method, framing_and_well_formed
):
    framing, well_formed = framing_and_well_formed
    before = requests.get(f"{served.root}/_mock/state", timeout=10).json()
    token = served.token_of(SHOP_ID)
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: x\r\naccess-token: {token}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()
    status, headers, body = exchange(served, head + framing)
    if status:
        assert_well_answered(status, headers, body)
    if not well_formed:
        # Refused: by the bridge (JSON 400), by granian where it stops reading itself (bodiless 400),
        # or closed unanswered (granian, once the client has half-closed): never accepted.
        assert status in (400, 0), (framing, status, body)
    # Unanswered (0) but well formed, the app may have run before granian saw the half-close: unknown.
    if not well_formed or status >= 300:
        after = requests.get(f"{served.root}/_mock/state", timeout=10).json()
        assert after == before, (path, method, framing, status, body)
    else:
        requests.post(f"{served.root}/_mock/reset", timeout=10)
    for read in READS:
        answer = requests.get(f"{served.root}{read}", timeout=10)
        assert answer.status_code == 200
        strict_json(answer.content)
    assert requests.get(f"{served.root}/_mock/ui", timeout=10).status_code == 200

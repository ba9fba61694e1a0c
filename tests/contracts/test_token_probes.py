"""The contract suite's token probes send the request that was measured: no ``access-token`` header
at all (S6 measured the query-only case so), not an empty one. Checked on a stand-in that keeps every
header name exactly as it came over the wire (a WSGI server would drop the underscore header)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from mock_botcake.contract_tools.verify import SUITE_FOLDER

PROBES = ("test_a_request_without_a_token_is_refused", "test_a_token_in_the_query_string_only_is_refused")
PROBES += ("test_a_token_in_an_underscore_header_is_recorded",)
TOKEN = "page-token-1"


class HeaderKeeper(BaseHTTPRequestHandler):
    """Answers every request 400 in the API's error shape, and keeps its query and header names."""

    seen: ClassVar[list[tuple[dict[str, list[str]], list[str]]]] = []

    def do_GET(self) -> None:  # http.server's naming
        self.seen.append((parse_qs(urlsplit(self.path).query), [name.lower() for name in self.headers]))
        body = json.dumps({"success": False, "message": "refused by the stand-in"}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


@contextmanager
def header_keeper() -> Iterator[str]:
    HeaderKeeper.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), HeaderKeeper)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/api/public_api/v1"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture(scope="module")
def probed() -> list[tuple[dict[str, list[str]], list[str]]]:
    """The query and header names of every request the three token probes of the suite sent."""
    with header_keeper() as base_url:
        suite = [sys.executable, "-m", "pytest", str(SUITE_FOLDER), "-c", str(SUITE_FOLDER / "pytest.ini")]
        target = ["--base-url", base_url, "--page-id", "1", "--token", TOKEN, "--pause", "0"]
        run = subprocess.run(
            [*suite, "--rootdir", str(SUITE_FOLDER), "-q", "-k", " or ".join(PROBES), *target],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert "3 passed" in run.stdout, run.stdout
        return list(HeaderKeeper.seen)


def test_the_query_string_probe_sends_no_access_token_header(probed: list) -> None:
    in_query = [headers for query, headers in probed if query.get("access_token") == [TOKEN]]
    assert len(in_query) == 1
    assert "access-token" not in in_query[0]


def test_the_underscore_header_probe_sends_no_access_token_header(probed: list) -> None:
    underscored = [headers for _, headers in probed if "access_token" in headers]
    assert len(underscored) == 1
    assert "access-token" not in underscored[0]


def test_the_missing_token_probe_sends_no_access_token_header(probed: list) -> None:
    plain = [headers for query, headers in probed if not query and "access_token" not in headers]
    assert len(plain) == 1
    assert "access-token" not in plain[0]

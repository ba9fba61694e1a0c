"""``mock-botcake record``: what a recording proxy (``serve --proxy``) journaled, as a seed file and a
drift report.

The recording is the proxy's request journal itself, read from the running proxy (``GET
/_mock/requests``) or from a file holding that answer (``curl .../_mock/requests > journal.json``, to
keep a recording after the proxy has stopped): no format of its own, no new server feature, and both
are the same JSON. The journal keeps the last ``--journal-size`` requests: raise it for a long session.

The seed: for each page, ``snapshot.seed_of`` (the one place that knows what each endpoint's answer
becomes in a seed) over a ``RecordedReader``, which answers each GET it is asked with the real answer
recorded for it (the first successful one: the state as the app first saw it), taking a query parameter
left out as its declared default. What no recorded read answered is left out of the seed.

The drift: every forwarded exchange is replayed, in the recorded order, against a fake started from
that seed (``Replay``, given by the caller: the fake lives in rooms above this one), and each status or
body that differs from the real one is reported in ``verify``'s drift format (``verify_report``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from ..store import STATE_FORMAT, InvalidSeed
from ..wire import schemas, strict_json
from ..wire.urls import API_BASE
from .snapshot import NotRecorded, PageReader, SnapshotError, seed_of
from .verify_report import drift_line, drift_table

if TYPE_CHECKING:
    from ..web.operations import Operation

TIMEOUT_S = 30
NO_DRIFT, DRIFT, CANNOT_RECORD = 0, 1, 2


@dataclass(frozen=True)
class Exchange:
    """One request the proxy forwarded, and the real API's answer, as journaled."""

    id: int
    method: str
    path: str  # as routed: /api/public_api/v1/pages/{page_id}/...
    query: str
    page_id: str | None
    body: Any  # the request body: parsed JSON, its text, or None
    status: int
    answer: Any  # the real answer's body: parsed JSON, its text, or None

    @property
    def endpoint(self) -> str:
        """The declared operation it reached (``GET /pages/{page_id}/keywords``), else its own path."""
        operation = operation_for(self.method, self.path)
        return f"{self.method} {(operation.path if operation else self.path).removeprefix(API_BASE)}"

    @property
    def request_line(self) -> str:
        return f"{self.method} {self.path.removeprefix(API_BASE)}" + (f"?{self.query}" if self.query else "")


# The fake's answers, (status, parsed body), to ``exchanges`` replayed in order on a fake started from
# ``state`` (a state document, as ``GET /_mock/state`` answers it).
Replay = Callable[[dict[str, Any], list["Exchange"]], list[tuple[int, Any]]]


def add_command(commands: Any, replay: Replay) -> None:
    """Register ``record`` on the ``mock-botcake`` subcommands; ``replay`` answers as the fake does."""
    record = commands.add_parser(
        "record",
        help="turn what a recording proxy (serve --proxy) journaled into a seed file, and report where "
        "the fake answers otherwise",
        description="Read a recording proxy's journal (the proxy's root URL, or a file holding its GET "
        "/_mock/requests answer) and write a seed file for `serve --seed` from the real answers. Each "
        "recorded request is then replayed on a fake started from that seed, and every answer that "
        "differs from the real one is reported, as `verify` reports drift. Exit status: 0 no drift, "
        "1 drift, 2 cannot record.",
    )
    record.add_argument("source", metavar="URL|FILE", help="the proxy's root URL, or a saved journal")
    record.add_argument("--out", required=True, metavar="FILE", help="the seed file to write")
    record.add_argument(
        "--report",
        metavar="FILE",
        action="append",
        default=[],
        help="write a report: FILE.md Markdown, else JSON",
    )
    record.add_argument("--admin-token", metavar="TOKEN", help="the proxy's --admin-token, if it has one")
    record.add_argument(
        "--token",
        metavar="PAGE_ID=TOKEN",
        action="append",
        default=[],
        help="the access-token a recorded page keeps in the seed (your app's own, so that it runs "
        "unchanged against `serve --seed`); without it serve gives the page a new one and prints it",
    )
    record.set_defaults(command=lambda args: run(args, replay))


def run(args: argparse.Namespace, replay: Replay) -> int:
    try:
        recorded = exchanges(load_journal(args.source, args.admin_token))
        if not recorded:
            raise RecordError(f"{args.source} holds no request that the real API answered through the proxy")
        state = seed_state(recorded)
        _keep_tokens(state, args.token)
        seed = state["pages"][0] if len(state["pages"]) == 1 else state
        Path(args.out).write_text(json.dumps(seed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        replayed = [exchange for exchange in recorded if exchange.page_id is not None]
        rows = drift_rows(replayed, replay(state, replayed))
        for report in args.report:
            write_report(Path(report), args.source, rows)
    except (RecordError, SnapshotError, InvalidSeed, OSError) as error:
        print(f"mock-botcake record: {error}", file=sys.stderr)
        return CANNOT_RECORD
    drifted = [row for row in rows if row["drift"]]
    pages = ", ".join(page["page_id"] for page in state["pages"])
    print(f"wrote {args.out}: page(s) {pages}, from {len(recorded)} recorded request(s)")
    print(f"replayed {len(rows)} request(s) on a fake seeded with it: {len(drifted)} answered otherwise")
    for row in drifted:
        print(drift_line(row))
    skipped = len(recorded) - len(replayed)
    if skipped:
        print(f"not replayed: {skipped} request(s) of no page (integration_page: a seed holds no account)")
    return DRIFT if drifted else NO_DRIFT


def _keep_tokens(state: dict[str, Any], tokens: list[str]) -> None:
    """Give each page named by ``--token PAGE_ID=TOKEN`` that token (the journal keeps only a hint)."""
    pages = {page["page_id"]: page for page in state["pages"]}
    for given in tokens:
        page_id, equals, token = given.partition("=")
        if not equals or page_id not in pages:
            raise RecordError(f"--token {given}: not PAGE_ID=TOKEN for a recorded page ({', '.join(pages)})")
        pages[page_id]["access_token"] = token


class RecordError(Exception):
    """The recording cannot be read; the message says why."""


def load_journal(source: str, admin_token: str | None = None) -> list[dict[str, Any]]:
    """The journal's entries, from a proxy's root URL or a file holding its ``GET /_mock/requests``."""
    if re.match(r"https?://", source):
        import requests

        headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
        try:
            answer = requests.get(f"{source.rstrip('/')}/_mock/requests", headers=headers, timeout=TIMEOUT_S)
            document = answer.json()
        except (requests.RequestException, ValueError) as error:
            raise RecordError(f"cannot read the journal of {source}: {error}") from None
        if answer.status_code != 200:
            raise RecordError(
                f"{source}/_mock/requests answered HTTP {answer.status_code}: {str(document)[:200]}"
            )
    else:
        try:
            document = strict_json.loads(Path(source).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, strict_json.NotStrictJson) as error:
            raise RecordError(f"cannot read the journal file {source}: {error}") from None
    problems = schemas.problems("control/requests", document)
    if problems:
        raise RecordError(f"{source} is not a request journal: " + "; ".join(problems))
    return document["requests"]


def exchanges(entries: Iterable[dict[str, Any]]) -> list[Exchange]:
    """The entries the real API answered (``proxied``), oldest first."""
    return [
        Exchange(
            id=entry["id"],
            method=entry["method"],
            path=entry["path"],
            query=entry["query"],
            page_id=entry["page_id"],
            body=entry["body"],
            status=entry["status"],
            answer=entry.get("answer"),
        )
        for entry in sorted(entries, key=lambda entry: entry["id"])
        if entry.get("proxied") is True
    ]


def seed_state(recorded: list[Exchange]) -> dict[str, Any]:
    """A state document with one page seed per page the recording read, in the order first seen."""
    page_ids = list(dict.fromkeys(exchange.page_id for exchange in recorded if exchange.page_id))
    if not page_ids:
        raise RecordError("the recording reached no page (only integration_page requests)")
    pages = [seed_of(RecordedReader(page_id, recorded), page_id) for page_id in page_ids]
    return {"format": STATE_FORMAT, "pages": pages}


class RecordedReader(PageReader):
    """Answers a page's GETs from the recording: the first successful answer to the same path and query
    (a parameter left out taken as its declared default), else the first answer; ``NotRecorded`` if none."""

    def __init__(self, page_id: str, recorded: list[Exchange]) -> None:
        # Not an answer that says only "not now" (a dropped connection, a 5xx, a 429): it holds no data.
        self.reads = [
            exchange
            for exchange in recorded
            if exchange.page_id == page_id and exchange.method == "GET" and _lasting(exchange.status)
        ]
        self.page_id = page_id

    def fetch(self, endpoint: str) -> tuple[int, Any]:
        rest, _, query = endpoint.partition("?")
        path = f"{API_BASE}/pages/{self.page_id}/{unquote(rest)}".rstrip("/")
        defaults = query_defaults(path)
        asked = dict(parse_qsl(query, keep_blank_values=True))
        found = [
            exchange
            for exchange in self.reads
            if exchange.path == path and _same_query(_parameters(exchange.query), asked, defaults)
        ]
        if not found:
            raise NotRecorded(f"GET {endpoint}: not recorded")
        chosen = next((exchange for exchange in found if exchange.status == 200), found[0])
        return chosen.status, chosen.answer


def _lasting(status: int) -> bool:
    return 0 < status < 500 and status != 429


def _parameters(query: str) -> dict[str, str]:
    return dict(parse_qsl(query, keep_blank_values=True))


def _same_query(recorded: dict[str, str], asked: dict[str, str], defaults: dict[str, str]) -> bool:
    return all(
        recorded.get(name, defaults.get(name)) == asked.get(name, defaults.get(name))
        for name in recorded.keys() | asked.keys()
    )


def query_defaults(path: str) -> dict[str, str]:
    """The declared default of each query parameter of ``GET path``, as query text."""
    operation = operation_for("GET", path)
    if operation is None or operation.query is None:
        return {}
    properties = schemas.schema(operation.query).get("properties", {})
    return {name: _as_query_text(p["default"]) for name, p in properties.items() if "default" in p}


def _as_query_text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def operation_for(method: str, path: str) -> Operation | None:
    """The API operation declared for ``method path`` (a path as routed), if any."""
    for operation, pattern in _operation_patterns():
        if operation.method == method.lower() and pattern.fullmatch(path):
            return operation
    return None


@cache
def _operation_patterns() -> list[tuple[Operation, re.Pattern[str]]]:
    # Imported here: the declarations bring Flask, which `mock-botcake health` and --version do without.
    from ..api import api
    from ..api.accounts import accounts

    # Fixed paths first, so that GET flows/{flow_id}/statistics never takes flows/{path}'s place.
    ordered = sorted((*api.operations, *accounts.operations), key=lambda op: op.path.count("{"))
    return [(operation, _path_pattern(operation.path)) for operation in ordered]


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts))


def drift_rows(replayed: list[Exchange], fake_answers: list[tuple[int, Any]]) -> list[dict[str, Any]]:
    """One row per replayed request, in ``verify``'s drift shape: the fake's answer against the real one."""
    rows = []
    for exchange, (status, body) in zip(replayed, fake_answers, strict=True):
        fake, real = _shown(status, body), _shown(exchange.status, exchange.answer)
        rows.append(
            {
                "id": f"request {exchange.id}",
                "section": exchange.endpoint,
                "question": exchange.request_line,
                "fake_answer": fake,
                "target_answers": [real],
                "fits_evidence": None,
                "drift": fake != real,
            }
        )
    return rows


def _shown(status: int, body: Any) -> str:
    return f"HTTP {status} {json.dumps(body, ensure_ascii=False, separators=(',', ':'))}"


def write_report(path: Path, source: str, rows: list[dict[str, Any]]) -> None:
    """``FILE.md`` gets Markdown; any other name gets JSON."""
    if path.suffix.lower() in (".md", ".markdown"):
        lines = [
            "# Botcake recording against the fake",
            "",
            f"Recording `{source}`: {len(rows)} request(s) replayed, "
            f"{sum(1 for row in rows if row['drift'])} answered otherwise by the fake.",
            "",
            "## Recorded requests: the target against the fake",
            "",
            *drift_table(rows),
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    document = {"recording": source, "requests": rows}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

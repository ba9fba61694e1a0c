"""Issue 9 points 1 and 4: requests/s at 32 connections, p50/p99 at one, and RSS after the c32 runs.

Every server gets the same request in the same repeat, back to back, and each ratio is taken repeat by
repeat before its median, so a burst of load from elsewhere on the machine hits both sides of a ratio.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import ExitStack

from .. import processes, tools
from ..figures import judged, measured, median, ratios
from ..load import WrkResult, run_wrk
from ..processes import Server
from ..registry import Context, Row
from ..scenarios import KEYWORDS, KEYWORDS_CREATE, KEYWORDS_FRESH, SCENARIOS, Scenario

RESET = Scenario("reset", "POST", "/_mock/reset")
# GET keywords again, each request a read never asked before: the fake's read cache (api/read_cache.py)
# answers none of them, so this is what the fake's own logic costs per read.
MEASURED = (KEYWORDS, KEYWORDS_FRESH, *SCENARIOS[1:])
# A smoke run keeps the reads of keywords and the write with the biggest body: every code path.
SMOKE_SCENARIOS = (KEYWORDS, KEYWORDS_FRESH, next(s for s in SCENARIOS if s.key == "send_content"))

SECTION = "http"
C32, C1 = 32, 1
FAKE, FLASK, PRISM = "mock-botcake", "Flask minimal", "Prism"
# WireMock with --no-request-journal, its documented performance setting, is the peer the targets name;
# with its journal on (its default) it is a second row.
WIREMOCK, WIREMOCK_JOURNAL = "WireMock", "WireMock (journal on)"
# The targets (issues 9 and 14): at least this many times the peer's req/s, per request.
KEYWORDS_TARGETS = {WIREMOCK: 1.5, PRISM: 3.0, FLASK: 0.6}  # repeated reads: the read cache answers
FRESH_TARGETS = {WIREMOCK: 0.5, FLASK: 0.8}  # first reads
WRITES_TARGETS = {WIREMOCK: 0.5, FLASK: 0.8}  # WireMock: a static stub; Flask: keywords/create only

Results = dict[tuple[str, str, int], list[WrkResult]]


def run(ctx: Context) -> list[Row]:
    with ExitStack() as stack:
        fake = stack.enter_context(processes.start_fake())
        stubs = {scenario: _answer_of(fake, scenario) for scenario in SCENARIOS}
        servers = {FAKE: fake}
        flask_args = ("--token", fake.token, "--body", stubs[KEYWORDS].decode())
        flask_args += ("--create-body", stubs[KEYWORDS_CREATE].decode())
        servers[FLASK] = stack.enter_context(
            processes.start_python_server(FLASK, "benchmarks.flask_baseline", fake.token, *flask_args)
        )
        if ctx.peers:
            for name, start in (
                (WIREMOCK, lambda: processes.start_wiremock(stubs, fake.token, journal=False)),
                (WIREMOCK_JOURNAL, lambda: processes.start_wiremock(stubs, fake.token)),
                (PRISM, lambda: processes.start_prism(fake.token)),
            ):
                try:
                    servers[name] = stack.enter_context(start())
                except tools.Unavailable as why:
                    ctx.note(f"{name} skipped: {why}")
        else:
            ctx.note("peers (WireMock, Prism) not measured in this run")
        scenarios = SMOKE_SCENARIOS if ctx.smoke else MEASURED
        results = _measure(ctx, servers, scenarios)
        fake_rss = fake.rss_kib()  # every process of serve: its supervisor and all its workers
        wiremock_rss = servers[WIREMOCK].rss_kib() if WIREMOCK in servers else None
    rows = _throughput_rows(results, servers, scenarios)
    rows += _memory_rows(fake_rss, wiremock_rss)
    return rows


def _answer_of(fake: Server, scenario: Scenario) -> bytes:
    """The fake's own answer to the request: the body every stub returns."""
    _reset(fake)
    status, body = processes.request(fake, scenario)
    if status != 200:
        raise RuntimeError(f"the fake answered {status} to {scenario.label}: {body[:200]!r}")
    return body


def _reset(fake: Server) -> None:
    # Writes grow the state (keywords, sends); every run starts from the demo state instead.
    processes.request(fake, RESET)


def _serves(name: str, scenario: Scenario) -> bool:
    if name in (FAKE, WIREMOCK, WIREMOCK_JOURNAL):
        return True  # WireMock's stubs match the path, so a fresh query is answered too
    if name == FLASK:
        return scenario in (KEYWORDS, KEYWORDS_FRESH, KEYWORDS_CREATE)
    return scenario is KEYWORDS  # Prism: mocked from the OpenAPI document


def _measure(ctx: Context, servers: dict[str, Server], scenarios: tuple[Scenario, ...]) -> Results:
    results: Results = defaultdict(list)
    if not ctx.smoke:
        print("  warm-up: one c32 run of each request on each server (WireMock's JIT needs it)", flush=True)
        for scenario in scenarios:
            for name, server in servers.items():
                if _serves(name, scenario):
                    run_wrk(server.root, scenario, server.token, connections=C32, seconds=ctx.seconds)
    for repeat in range(ctx.repeats):
        print(f"  repeat {repeat + 1}/{ctx.repeats}", flush=True)
        for scenario in scenarios:
            for name, server in servers.items():
                if not _serves(name, scenario):
                    continue
                # Only the fake's and WireMock's latency at one connection is compared (p99 target).
                for connections in (C32, C1) if name in (FAKE, WIREMOCK) else (C32,):
                    if name == FAKE:
                        _reset(server)
                    result = run_wrk(
                        server.root, scenario, server.token, connections=connections, seconds=ctx.seconds
                    )
                    if result.bad:
                        ctx.note(f"{name} {scenario.label} c{connections}: {result.bad} bad answers")
                    results[name, scenario.key, connections].append(result)
    return results


def _throughput_rows(
    results: Results, servers: dict[str, Server], scenarios: tuple[Scenario, ...]
) -> list[Row]:
    rows: list[Row] = []
    for scenario in scenarios:
        ours = [r.rps for r in results[FAKE, scenario.key, C32]]
        rows.append(measured(SECTION, f"{scenario.label} c32", ours, "req/s"))
        for peer in (WIREMOCK, WIREMOCK_JOURNAL, PRISM, FLASK):
            if peer not in servers or not _serves(peer, scenario):
                continue
            theirs = [r.rps for r in results[peer, scenario.key, C32]]
            note = f"{peer} {median(theirs):,.0f} req/s"
            minimum = _target(scenario).get(peer)
            stub = scenario.writes and peer in (WIREMOCK, WIREMOCK_JOURNAL)
            what = f"{scenario.label} c32 / {peer}" + (" static stub" if stub else "")
            if minimum is None:
                rows.append(measured(SECTION, what, ratios(ours, theirs), "x", note=note))
            else:
                rows.append(
                    judged(
                        SECTION,
                        what,
                        ratios(ours, theirs),
                        "x",
                        f">= {minimum}x",
                        lambda v, m=minimum: v >= m,
                        note=note,
                    )
                )
        rows += _latency_rows(results, servers, scenario)
    return rows


def _target(scenario: Scenario) -> dict[str, float]:
    if scenario is KEYWORDS:
        return KEYWORDS_TARGETS
    if scenario is KEYWORDS_FRESH:
        return FRESH_TARGETS
    if scenario.writes:
        return WRITES_TARGETS
    return {}


def _latency_rows(results: Results, servers: dict[str, Server], scenario: Scenario) -> list[Row]:
    ours = results[FAKE, scenario.key, C1]
    rows = [measured(SECTION, f"{scenario.label} c1 p50", [r.p50_ms for r in ours], "ms")]
    p99 = [r.p99_ms for r in ours]
    if WIREMOCK in servers and _serves(WIREMOCK, scenario):
        theirs = [r.p99_ms for r in results[WIREMOCK, scenario.key, C1]]
        note = f"ours {median(p99):.2f} ms, WireMock {median(theirs):.2f} ms"
        rows.append(
            judged(
                SECTION,
                f"{scenario.label} c1 p99 / WireMock",
                ratios(p99, theirs),
                "x",
                "< 1.0x",
                lambda v: v < 1.0,
                note=note,
            )
        )
    else:
        rows.append(measured(SECTION, f"{scenario.label} c1 p99", p99, "ms"))
    return rows


def _memory_rows(fake_rss: int, wiremock_rss: int | None) -> list[Row]:
    rows = [measured(SECTION, "RSS of serve, all its processes, after c32", [fake_rss / 1024], "MiB")]
    if wiremock_rss is None:
        return rows
    rows.append(
        judged(
            SECTION,
            "RSS after c32 / WireMock journal off",
            [fake_rss / wiremock_rss],
            "x",
            "<= 0.5x",
            lambda v: v <= 0.5,
            note=f"WireMock {wiremock_rss / 1024:,.0f} MiB after the same runs",
        )
    )
    return rows

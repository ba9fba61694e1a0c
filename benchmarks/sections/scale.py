"""Issue 9 point 5: a page of 100,000 flows in 10,000 folders, 1,000,000 recorded sends, the state file.

Each "stays O(children)" or "pages without loading all" figure is a ratio of the same request's
latency on the big state and on a small one, measured in the same run: near 1x means the cost does
not grow with the state, while an O(page) implementation would be a hundred times slower here.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .. import processes
from ..figures import judged, measured, median, ratios
from ..load import WrkResult, run_wrk
from ..processes import Server
from ..registry import Context, Row
from ..scenarios import API, SCENARIOS, SHOP, Scenario, demo_token

SECTION = "scale"
FULL = {"folders": 10_000, "flows": 100_000, "sends": 1_000_000}
SMOKE = {"folders": 200, "flows": 2_000, "sends": 2_000}
SMALL_SENDS = 1_000
PAGE = 100
MAX_GROWTH = 2.0  # latency on the big state over the small one, for a request that must not depend on it
MAX_BYTES_PER_SEND = 1024  # beyond the send's own JSON
MAX_STATE_FILE_SLOWDOWN = 2.0
DEMO_PATH = Scenario("demo_path", "GET", f"{API}/flows/[1561,1564]")
SEND_FLOW = next(s for s in SCENARIOS if s.key == "send_flow")


def run(ctx: Context) -> list[Row]:
    sizes = SMOKE if ctx.smoke else FULL
    ctx.note(
        f"building a state of {sizes['flows']:,} flows, {sizes['folders']:,} folders, "
        f"{sizes['sends']:,} sends"
    )
    with (
        _scale_server(sizes) as (big, stats),
        _scale_server({"folders": 0, "flows": 0, "sends": SMALL_SENDS}) as (
            small,
            small_stats,
        ),
    ):
        rows = _flow_rows(ctx, big, stats)
        rows += _sends_rows(ctx, big, stats, small, small_stats)
        rows.append(
            judged(
                SECTION,
                "memory per recorded send beyond its JSON",
                [stats["bytes_per_send"] - stats["send_json_bytes"]],
                "B",
                f"< {MAX_BYTES_PER_SEND} B",
                lambda v: v < MAX_BYTES_PER_SEND,
                note=f"{stats['bytes_per_send']:.0f} B of RSS per send, JSON {stats['send_json_bytes']} B; "
                f"{sizes['sends']:,} recorded in {stats['record_s']:.1f} s",
            )
        )
    rows += _state_file_rows(ctx)
    return rows


class _scale_server:
    def __init__(self, sizes: dict[str, int]) -> None:
        self.args = [f"--{name}={value}" for name, value in sizes.items()]

    def __enter__(self) -> tuple[Server, dict]:
        # The server prints its stats line before it listens; the token there is the demo shop's.
        self.server = processes.start_python_server(
            "scale", "benchmarks.scale_server", demo_token(), *self.args
        )
        line = next(line for line in self.server.output if line.startswith("stats "))
        return self.server, json.loads(line.removeprefix("stats "))

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def _latencies(ctx: Context, pairs: list[tuple[Server, Scenario, str]]) -> list[list[float]]:
    """p50 at one connection of each (server, request, token), interleaved repeat by repeat."""
    found: list[list[float]] = [[] for _ in pairs]
    for _ in range(ctx.repeats):
        for index, (server, scenario, token) in enumerate(pairs):
            found[index].append(
                run_wrk(server.root, scenario, token, connections=1, seconds=ctx.seconds).p50_ms
            )
    return found


def _flow_rows(ctx: Context, big: Server, stats: dict) -> list[Row]:
    path = ",".join(map(str, stats["deep_path"]))
    scale_api = API.replace(SHOP, stats["scale_page"])
    deep = Scenario("deep", "GET", f"{scale_api}/flows/[{path}]")
    deep_ms, demo_ms = _latencies(ctx, [(big, deep, stats["scale_token"]), (big, DEMO_PATH, big.token)])
    rows = [
        judged(
            SECTION,
            "GET flows/[a,b] on the big page / on the demo page",
            ratios(deep_ms, demo_ms),
            "x",
            f"<= {MAX_GROWTH}x",
            lambda v: v <= MAX_GROWTH,
            note=f"p50 c1: {median(deep_ms):.2f} ms vs {median(demo_ms):.2f} ms",
        )
    ]
    if not ctx.smoke:
        whole = Scenario("whole", "GET", f"{scale_api}/flows")
        [whole_ms] = _latencies(ctx, [(big, whole, stats["scale_token"])])
        rows.append(
            measured(
                SECTION, "GET flows, whole big page, p50 c1", whole_ms, "ms", note="O(page): the contrast"
            )
        )
    return rows


def _sends_rows(ctx: Context, big: Server, stats: dict, small: Server, small_stats: dict) -> list[Row]:
    def last_page(server_stats: dict) -> Scenario:
        after = max(server_stats["last_send_id"] - PAGE, 0)
        return Scenario("sends", "GET", f"/_mock/pages/{SHOP}/sends?limit={PAGE}&after={after}")

    big_last, small_last = _latencies(
        ctx, [(big, last_page(stats), big.token), (small, last_page(small_stats), small.token)]
    )
    return [
        judged(
            SECTION,
            f"sends page of {PAGE} (last) with {stats['sends']:,} / with {SMALL_SENDS:,} sends",
            ratios(big_last, small_last),
            "x",
            f"<= {MAX_GROWTH}x",
            lambda v: v <= MAX_GROWTH,
            note=f"p50 c1: {median(big_last):.2f} ms vs {median(small_last):.2f} ms",
        )
    ]


def _state_file_rows(ctx: Context) -> list[Row]:
    """send_flow in memory and with --state-file, interleaved: c1 p50 (and c32 req/s, not in smoke)."""
    figures: dict[str, list[float]] = {"memory rps": [], "file rps": [], "memory p50": [], "file p50": []}
    with tempfile.TemporaryDirectory(prefix="bench-state-") as folder:
        state = str(Path(folder) / "state.sqlite3")
        with processes.start_fake() as memory, processes.start_fake("--state-file", state) as on_disk:
            for _ in range(ctx.repeats):
                for side, server in (("memory", memory), ("file", on_disk)):
                    if not ctx.smoke:
                        figures[f"{side} rps"].append(_wrk(server, SEND_FLOW, 32, ctx).rps)
                    figures[f"{side} p50"].append(_wrk(server, SEND_FLOW, 1, ctx).p50_ms)
    rows = [
        judged(
            SECTION,
            "send_flow p50 c1: state file / in memory",
            ratios(figures["file p50"], figures["memory p50"]),
            "x",
            f"<= {MAX_STATE_FILE_SLOWDOWN}x",
            lambda v: v <= MAX_STATE_FILE_SLOWDOWN,
            note=f"state file {median(figures['file p50']):.2f} ms",
        )
    ]
    if not ctx.smoke:
        rows.append(
            judged(
                SECTION,
                "send_flow c32 req/s: in memory / state file",
                ratios(figures["memory rps"], figures["file rps"]),
                "x",
                f"<= {MAX_STATE_FILE_SLOWDOWN}x",
                lambda v: v <= MAX_STATE_FILE_SLOWDOWN,
                note=f"state file {median(figures['file rps']):,.0f} req/s",
            )
        )
    return rows


def _wrk(server: Server, scenario: Scenario, connections: int, ctx: Context) -> WrkResult:
    return run_wrk(server.root, scenario, server.token, connections=connections, seconds=ctx.seconds)

"""The server comparison behind ``serving/server.py`` (issue 9: choose the server by measurement).

Not run by default (``python -m benchmarks servers``). Each candidate serves the same app and demo state;
besides req/s and latency, the table says whether it keeps the constraints ``serve`` must keep: an
``access_token`` (underscore) header dropped as waitress drops it (docs/fidelity.md 7.2), and a 10 MB
body answered 413 before it is read.
"""

from __future__ import annotations

import socket
import time
from collections import defaultdict

from .. import processes, tools
from ..figures import measured, ratios
from ..load import run_wrk
from ..processes import Server
from ..registry import Context, Row
from ..scenarios import KEYWORDS, SCENARIOS, demo_token

SECTION = "servers"
SEND_FLOW = next(s for s in SCENARIOS if s.key == "send_flow")
BASELINE = "waitress threads=8"
CANDIDATES: dict[str, tuple[list[str], tuple[str, ...]]] = {
    # name: (arguments of benchmarks.server_candidates, PyPI packages it needs beyond the fake's)
    "serve: granian + RSGI bridge": (["serve"], ()),
    "waitress threads=8": (["waitress", "--threads", "8"], ()),
    "waitress threads=4": (["waitress", "--threads", "4"], ()),
    "waitress threads=16": (["waitress", "--threads", "16"], ()),
    "granian 1 worker": (["granian"], ("granian>=2.0",)),
    "gunicorn gthread 1 worker, 8 threads": (["gunicorn", "--threads", "8"], ("gunicorn>=23.0",)),
}


def run(ctx: Context) -> list[Row]:
    token = demo_token()
    servers: dict[str, Server] = {}
    try:
        for name, (args, needs) in CANDIDATES.items():
            try:
                extra = [tools.python_packages(*needs)] if needs else []
            except tools.Unavailable as why:
                ctx.note(f"{name} skipped: {why}")
                continue
            port = processes.free_port()
            servers[name] = processes.start_python_server(
                name, "benchmarks.server_candidates", token, *args, "--port", str(port), pythonpath=extra
            )
        figures: dict[tuple[str, str], list[float]] = defaultdict(list)
        for _ in range(ctx.repeats):
            for name, server in servers.items():
                for scenario in (KEYWORDS, SEND_FLOW):
                    figures[name, scenario.key + " c32"].append(
                        run_wrk(server.root, scenario, token, connections=32, seconds=ctx.seconds).rps
                    )
                    figures[name, scenario.key + " p50"].append(
                        run_wrk(server.root, scenario, token, connections=1, seconds=ctx.seconds).p50_ms
                    )
        rows = []
        for name, server in servers.items():
            constraints = f"drops access_token: {_drops_underscore(server)}; early 413: {_early_413(server)}"
            for key, unit in (("keywords c32", "req/s"), ("send_flow c32", "req/s"), ("keywords p50", "ms")):
                rows.append(measured(SECTION, f"{name}: {key}", figures[name, key], unit))
            if name != BASELINE and BASELINE in servers:
                vs = ratios(figures[name, "keywords c32"], figures[BASELINE, "keywords c32"])
                rows.append(
                    measured(SECTION, f"{name}: keywords c32 / {BASELINE}", vs, "x", note=constraints)
                )
            else:
                rows[-1].note = constraints
            rows[-1].note += f"; RSS {server.rss_kib() / 1024:.0f} MiB"
        return rows
    finally:
        for server in servers.values():
            server.stop()


def _drops_underscore(server: Server) -> str:
    status, _ = processes.get(server.host, server.port, KEYWORDS.path, {"access_token": server.token})
    return "yes" if status == 400 else f"NO (answered {status})"


def _early_413(server: Server) -> str:
    """Headers of a 10 MB body and 4 KB of it: a server that buffers the body never answers in time."""
    head = (
        f"POST {SEND_FLOW.path} HTTP/1.1\r\nHost: x\r\naccess-token: {server.token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {10 * 1024 * 1024}\r\n\r\n"
    )
    with socket.create_connection((server.host, server.port), timeout=5) as conn:
        conn.sendall(head.encode() + b" " * 4096)
        started = time.monotonic()
        try:
            answer = conn.recv(200)
        except TimeoutError:
            return "NO (no answer in 5 s)"
    status = answer.split(b" ", 2)[1].decode() if answer.count(b" ") >= 2 else "?"
    return "yes" if status == "413" else f"NO ({status} after {time.monotonic() - started:.1f} s)"

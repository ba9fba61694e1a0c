"""Issue 9 point 3: process start to the first 200, for the fake and for its peers.

The fake is timed to its first 200 from ``/_mock/health`` (the target) and, like the peers, to its
first 200 from GET keywords (the ratio: every server answers the very same request).
"""

from __future__ import annotations

import compileall
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .. import processes, tools
from ..figures import judged, measured, median, ratios
from ..processes import Server
from ..registry import Context, Row
from ..scenarios import KEYWORDS, SCENARIOS

SECTION = "startup"
TARGET_S = 0.35
TIMES_FASTER = 4.0


def run(ctx: Context) -> list[Row]:
    repeats = max(ctx.repeats, 1 if ctx.smoke else 5)
    _compile_bytecode()
    health: list[float] = []
    first_keywords: list[float] = []
    peers: dict[str, Callable[[], Server]] = {}
    if ctx.peers:
        with processes.start_fake() as fake:
            stubs = {scenario: processes.request(fake, scenario)[1] for scenario in SCENARIOS}
            token = fake.token
        peers = {
            "WireMock": lambda: processes.start_wiremock(stubs, token),
            "Prism": lambda: processes.start_prism(token),
        }
    peer_times: dict[str, list[float]] = {name: [] for name in peers}
    for _ in range(repeats):
        with processes.start_fake() as fake:
            health.append(fake.startup_s)
        first_keywords.append(_fake_to_first_keywords())
        for name, start in list(peers.items()):
            try:
                with start() as peer:
                    peer_times[name].append(peer.startup_s)
            except tools.Unavailable as why:
                ctx.note(f"{name} skipped: {why}")
                del peers[name]
    rows = [
        judged(
            SECTION,
            "serve: start to first 200 /_mock/health",
            health,
            "s",
            f"< {TARGET_S} s",
            lambda v: v < TARGET_S,
        ),
        measured(SECTION, f"serve: start to first 200 {KEYWORDS.label}", first_keywords, "s"),
    ]
    for name, times in peer_times.items():
        if len(times) == len(first_keywords):
            rows.append(
                judged(
                    SECTION,
                    f"{name} start-up / ours",
                    ratios(times, first_keywords),
                    "x",
                    f">= {TIMES_FASTER}x",
                    lambda v: v >= TIMES_FASTER,
                    note=f"{name} median {median(times):.2f} s",
                )
            )
    return rows


def _compile_bytecode() -> None:
    """Start-up as after an install: pip and the Docker image compile the bytecode, a normal run caches
    it. Where PYTHONDONTWRITEBYTECODE is set (this sandbox, CI images), nothing would ever be cached
    and every start would compile ~300 modules first (about half a second): compiled here, once."""
    installed = [folder for folder in sys.path if folder.endswith("site-packages")]
    for folder in [*installed, str(Path(__file__).resolve().parents[2] / "mock_botcake")]:
        compileall.compile_dir(folder, quiet=2, workers=0)


def _fake_to_first_keywords() -> float:
    """Start-up timed to the first 200 of the API request itself, as the peers are timed."""
    started = time.monotonic()
    with processes.start_fake() as fake:
        processes.wait_for_200(fake.process, fake.port, KEYWORDS.path, {"access-token": fake.token})
        return time.monotonic() - started

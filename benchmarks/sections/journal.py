"""Issue 9 point 4, second half: RSS after 1,000,000 requests with the request journal on.

The request journal (``serve --journal-size``, a bounded in-memory deque) is built on another branch;
when this build's ``serve`` has the option the server runs with it at its default size, otherwise the
figure is measured as the server is and the table says so.
"""

from __future__ import annotations

from .. import processes
from ..figures import judged
from ..load import run_wrk
from ..registry import Context, Row
from ..scenarios import KEYWORDS

SECTION = "journal"
FULL_REQUESTS = 1_000_000
SMOKE_REQUESTS = 2_000
MAX_GROWTH = 2.0
CHUNK_S = 20  # one wrk run; the loop stops at the first chunk that reaches the count


def run(ctx: Context) -> list[Row]:
    wanted = SMOKE_REQUESTS if ctx.smoke else FULL_REQUESTS
    has_journal = processes.serve_supports("--journal-size")
    note = "journal on (default size)" if has_journal else "this build has no request journal yet"
    with processes.start_fake() as fake:
        # Idle means ready and warmed by a first request, as a test run's first call would.
        processes.request(fake, KEYWORDS)
        idle = fake.rss_kib()
        done = 0
        while done < wanted:
            seconds = 1 if ctx.smoke else CHUNK_S
            done += run_wrk(fake.root, KEYWORDS, fake.token, connections=32, seconds=seconds).requests
        after = fake.rss_kib()
    return [
        judged(
            SECTION,
            f"RSS after {done:,} requests / idle RSS",
            [after / idle],
            "x",
            f"< {MAX_GROWTH}x",
            lambda v: v < MAX_GROWTH,
            note=f"{note}; idle {idle / 1024:.1f} MiB, after {after / 1024:.1f} MiB",
        ),
    ]

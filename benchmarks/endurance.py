"""Endurance: a mixed load against a live `mock-botcake serve` for a few minutes, watching its memory.

    python -m benchmarks.endurance [--minutes 3] [--threads 8] [--serve-arg=--journal-size=1000]

Prints the server's RSS every 10,000 requests and the growth per 10,000 requests over the run. Like a
test suite, the load resets the fake every 1,000 requests (`--reset-every`), so what grows is only what
the server keeps beyond its state: the request journal and every cache are bounded, so after warm-up the
RSS should stay flat. This is a benchmark-style script, not a unit test: it runs on 127.0.0.1 only
and stops by itself.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

SHOP = "113045297552223"
FLOWS = [1559, 1560, 1565, 1567, 1568]
TEXT = {"version": "v2", "content": {"messages": [{"type": "text", "text": "endurance"}]}}
SAMPLE_EVERY = 10_000


def start_server(extra: list[str]) -> tuple[subprocess.Popen[str], str, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_botcake", "serve", "--port", "0", "--seed", "demo", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    banner = ""
    for line in process.stdout:
        banner += line
        if line.startswith("Press Ctrl-C"):
            break
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    root = re.search(r"listening on (http://\S+)", banner).group(1)
    token = re.search(rf"{SHOP} .*\n\s+access-token: (\S+)", banner).group(1)
    return process, root, token


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def one_request(session: requests.Session, api: str, rng: random.Random) -> None:
    roll = rng.random()
    if roll < 0.4:
        session.get(f"{api}/keywords", timeout=30)
    elif roll < 0.6:
        session.get(f"{api}/flows/[1561,1564]", timeout=30)
    elif roll < 0.75:
        session.post(
            f"{api}/flows/send_flow",
            json={"psid": str(rng.randrange(10**9)), "flow_id": rng.choice(FLOWS)},
            timeout=30,
        )
    elif roll < 0.9:
        session.post(f"{api}/flows/send_content", json={"psid": "1", "data": TEXT}, timeout=30)
    elif roll < 0.97:
        session.post(f"{api}/keywords/create", timeout=30)
    else:
        session.post(f"{api}/flows/send_flow", json={"psid": "1", "flow_id": "bad"}, timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--serve-arg", action="append", default=[], help="extra argument for serve")
    parser.add_argument(
        "--reset-every",
        type=int,
        default=1000,
        help="POST /_mock/reset after this many requests, as a test suite resets between tests; 0 never "
        "resets, and the recorded sends then grow the state by design (default: 1000)",
    )
    args = parser.parse_args()

    process, root, token = start_server(args.serve_arg)
    api = f"{root}/api/public_api/v1/pages/{SHOP}"
    deadline = time.monotonic() + args.minutes * 60
    count = 0
    lock = threading.Lock()
    samples: list[tuple[int, int]] = [(0, rss_kib(process.pid))]

    def work(seed: int) -> None:
        nonlocal count
        rng = random.Random(seed)
        session = requests.Session()
        session.headers["access-token"] = token
        while time.monotonic() < deadline:
            one_request(session, api, rng)
            with lock:
                count += 1
                if args.reset_every and count % args.reset_every == 0:
                    session.post(f"{root}/_mock/reset", timeout=30)
                if count % SAMPLE_EVERY == 0:
                    samples.append((count, rss_kib(process.pid)))
                    print(f"{count:>9,} requests  RSS {samples[-1][1] / 1024:7.1f} MiB", flush=True)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(args.threads)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        process.terminate()
        process.wait(timeout=30)
    report(samples, count, args.minutes)


def report(samples: list[tuple[int, int]], count: int, minutes: float) -> None:
    print(f"\n{count:,} requests in {minutes:g} min ({count / (minutes * 60):,.0f} req/s, client-bound)")
    if len(samples) < 3:
        print("too few samples to judge growth; run longer")
        return
    # Growth per 10,000 requests after warm-up: the median of the step-to-step differences.
    steps = [later[1] - earlier[1] for earlier, later in itertools.pairwise(samples[1:])]
    print(
        f"RSS at start {samples[0][1] / 1024:.1f} MiB, after warm-up {samples[1][1] / 1024:.1f} MiB, "
        f"at end {samples[-1][1] / 1024:.1f} MiB"
    )
    print(
        f"growth per 10,000 requests after warm-up: median {statistics.median(steps):+.0f} KiB, "
        f"mean {statistics.mean(steps):+.0f} KiB"
    )


if __name__ == "__main__":
    main()

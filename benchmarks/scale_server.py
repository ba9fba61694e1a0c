"""A fake holding a big state, served over HTTP for the scale section (issue 9 point 5).

    python -m benchmarks.scale_server --folders 10000 --flows 100000 --sends 1000000

Builds the demo store, adds a page ``scale`` of ``--folders`` folders (100 at the root, the rest spread
under them) holding ``--flows`` flows, records ``--sends`` sends on the demo shop page through the
store's own write path, prints what that cost in memory as one ``stats {json}`` line, then serves the
app on the fake's server and prints ``listening on PORT``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from mock_botcake.app import create_app
from mock_botcake.seeds import build_store
from mock_botcake.serving.server import run_server

from .scenarios import SEND_CONTENT, SHOP

SCALE_PAGE = "scale"
ROOT_FOLDERS = 100


def scale_seed(folders: int, flows: int) -> dict[str, Any]:
    """Folders 1..ROOT_FOLDERS at the root, the others under them round-robin; flows spread evenly."""
    folder_items = [
        {
            "id": i,
            "name": f"folder {i}",
            "parent_id": None if i <= ROOT_FOLDERS else 1 + (i - 1) % ROOT_FOLDERS,
        }
        for i in range(1, folders + 1)
    ]
    flow_items = [
        {"id": 1_000_000 + i, "name": f"flow {i}", "parent_id": 1 + i % folders} for i in range(flows)
    ]
    return {"page_id": SCALE_PAGE, "name": "Scale", "folders": folder_items, "flows": flow_items}


def deep_path(folders: int) -> list[int]:
    """A root folder and one of its subfolders: GET flows/[a,b] lists only that subfolder's children."""
    child = ROOT_FOLDERS + 1 if folders > ROOT_FOLDERS else 1
    parent = 1 + (child - 1) % ROOT_FOLDERS
    return [parent, child] if child != parent else [child]


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folders", type=int, default=10_000)
    parser.add_argument("--flows", type=int, default=100_000)
    parser.add_argument("--sends", type=int, default=1_000_000)
    args = parser.parse_args()

    store, _ = build_store("demo")
    started = time.monotonic()
    scale = store.add_page(scale_seed(args.folders, args.flows))
    seeded_s = time.monotonic() - started
    before = rss_bytes()
    started = time.monotonic()
    for i in range(args.sends):
        store.record_content_send(SHOP, str(i), SEND_CONTENT, None, None)
    recorded_s = time.monotonic() - started
    after = rss_bytes()
    last = store.sends(SHOP, after=max(args.sends - 1, 0), limit=1)
    json_size = len(json.dumps(last[0], separators=(",", ":"))) if last else 0
    stats = {
        "scale_page": SCALE_PAGE,
        "scale_token": scale["access_token"],
        "deep_path": deep_path(args.folders),
        "sends": args.sends,
        "last_send_id": last[0]["id"] if last else 0,
        "bytes_per_send": (after - before) / args.sends if args.sends else 0,
        "send_json_bytes": json_size,
        "seed_s": seeded_s,
        "record_s": recorded_s,
    }
    print("stats " + json.dumps(stats), flush=True)
    run_server(
        create_app(store),
        "127.0.0.1",
        0,
        on_ready=lambda host, port: print(f"listening on {port}", flush=True),
    )


if __name__ == "__main__":
    main()

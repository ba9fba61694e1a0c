"""``mock-botcake health``: is the server answering on the port it really bound? Exit 0 if so, else 1.

A health check that reads MOCK_BOTCAKE_PORT breaks as soon as the port is set another way (``serve
--port 9000`` in ``docker run``, ``--port 0``). So ``serve --address-file PATH`` writes the URL it
actually listens on to PATH once bound (and removes it on a clean stop), and this command reads that
file and asks ``/_mock/health`` (open even with an admin token). The Docker image sets
MOCK_BOTCAKE_ADDRESS_FILE for both sides. Only the standard library here: it runs every few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ADDRESS_FILE_VARIABLE = "MOCK_BOTCAKE_ADDRESS_FILE"
HEALTH_PATH = "/_mock/health"


def add_address_file_option(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--address-file",
        metavar="PATH",
        default=os.environ.get(ADDRESS_FILE_VARIABLE) or None,
        help="once listening, write the server's URL (with the port really bound) to PATH, for "
        f"`mock-botcake health` [env: {ADDRESS_FILE_VARIABLE}]",
    )


def add_command(commands: Any) -> None:
    """The `health` command, on the subparsers of `mock-botcake`."""
    health = commands.add_parser(
        "health",
        help="exit 0 if a running serve answers its health check (the Docker image's HEALTHCHECK)",
        description="Ask GET /_mock/health of the server whose URL serve --address-file wrote, or of --url.",
    )
    health.add_argument(
        "--address-file",
        metavar="PATH",
        default=os.environ.get(ADDRESS_FILE_VARIABLE) or None,
        help=f"the file serve --address-file wrote [env: {ADDRESS_FILE_VARIABLE}]",
    )
    health.add_argument("--url", help="the server's root URL instead, e.g. http://127.0.0.1:8080")
    health.add_argument("--timeout", type=float, default=2.0, help="seconds to wait (default: 2)")
    health.set_defaults(command=run)


def write_address(path: str, host: str, port: int) -> None:
    """Write the URL a local client reaches the server at (``0.0.0.0`` is reached on 127.0.0.1)."""
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(f"http://{shown}:{port}\n", encoding="utf-8")
    partial.replace(target)  # whole or absent: a health check never reads half a URL


def forget_address(path: str) -> None:
    Path(path).unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    root, why_not = _root_url(args)
    if root is None:
        return _unhealthy(why_not)
    url = root.rstrip("/") + HEALTH_PATH
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as answer:
            body = json.loads(answer.read())
    except (OSError, ValueError) as error:
        return _unhealthy(f"{url}: {getattr(error, 'reason', error)}")
    if body != {"status": "ok"}:
        return _unhealthy(f"{url} answered {json.dumps(body)[:200]}")
    print(f"healthy: {url}")
    return 0


def _root_url(args: argparse.Namespace) -> tuple[str | None, str]:
    if args.url:
        return args.url, ""
    if not args.address_file:
        return None, f"no server address: give --url, or --address-file (or {ADDRESS_FILE_VARIABLE})"
    try:
        return Path(args.address_file).read_text("utf-8").strip(), ""
    except OSError:
        return None, f"{args.address_file} does not exist: serve is not listening (yet)"


def _unhealthy(reason: str) -> int:
    print(f"mock-botcake health: unhealthy: {reason}", file=sys.stderr)
    return 1

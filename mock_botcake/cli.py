"""The ``mock-botcake`` command."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence

from . import __version__
from .openapi import render_openapi
from .seed_files import SeedFileError, build_store
from .server import PortUnavailable, run_server
from .snapshot import add_command as add_snapshot_command
from .store import InvalidSeed, StateFileError, Store
from .verify import add_command as add_verify_command
from .web import create_app
from .web.api import API_BASE


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return args.command(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mock-botcake",
        description="A stateful fake of the Botcake public API for tests and local development.",
    )
    parser.add_argument("--version", action="version", version=f"mock-botcake {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the fake API and its control plane over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default: 8080)"
    )
    serve.add_argument(
        "--seed",
        default="demo",
        metavar="demo|empty|FILE",
        help="first state: the built-in demo pages, no pages, or a seed/state JSON file (default: demo)",
    )
    serve.add_argument(
        "--state-file",
        metavar="PATH",
        help="keep the state in this SQLite file so that it survives restarts (default: in memory)",
    )
    serve.set_defaults(command=_serve)

    openapi = commands.add_parser("openapi", help="print the OpenAPI 3.1 document of the fake")
    openapi.add_argument("--format", choices=("json", "yaml"), default="json", help="(default: json)")
    openapi.add_argument("--out", metavar="FILE", help="write it to FILE instead of standard output")
    openapi.set_defaults(command=_openapi)

    add_verify_command(commands)
    add_snapshot_command(commands)
    return parser


def _serve(args: argparse.Namespace) -> int:
    try:
        store, resumed = build_store(args.seed, args.state_file)
    except (SeedFileError, StateFileError) as error:
        return _fail(str(error))
    except InvalidSeed as error:
        return _fail(f"seed {args.seed} is not valid: {error}")
    app = create_app(store)

    def announce(host: str, port: int) -> None:
        print(_banner(store, host, port, args, resumed), flush=True)

    try:
        run_server(app, args.host, args.port, on_ready=announce)
    except PortUnavailable as error:
        return _fail(str(error))
    finally:
        store.db.close()
    print("mock-botcake stopped", flush=True)
    return 0


def _openapi(args: argparse.Namespace) -> int:
    text = render_openapi(args.format)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as error:
        return _fail(f"cannot write {args.out}: {error.strerror}")
    return 0


def _banner(store: Store, host: str, port: int, args: argparse.Namespace, resumed: bool) -> str:
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    root = f"http://{shown_host}:{port}"
    state = f"state file {args.state_file}" if args.state_file else "in memory"
    origin = "resumed from the state file" if resumed else f"seed: {args.seed}"
    lines = [
        f"mock-botcake {__version__} listening on {root}  ({state}; {origin})",
        f"  API base URL:  {root}{API_BASE}",
        f"  control plane: {root}/_mock/  (health, pages, sends, reset, state)",
        "  pages:",
    ]
    pages = store.list_pages()
    for page in pages:
        lines.append(f"    {page['page_id']}  {page['name']}")
        lines.append(f"      access-token: {page['access_token']}")
    if pages:
        first = pages[0]
        url = f"{root}{API_BASE}/pages/{first['page_id']}/flows"
        lines.append("  try:")
        lines.append(f"    curl -H {shlex.quote('access-token: ' + first['access_token'])} {url}")
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"mock-botcake: {message}", file=sys.stderr)
    return 2

"""The ``mock-botcake`` command."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import __version__
from .contract_tools.record import add_command as add_record_command
from .contract_tools.snapshot import add_command as add_snapshot_command
from .contract_tools.verify import add_command as add_verify_command
from .serving import health, settings
from .wire.urls import API_BASE, CONTROL_PREFIX, DASHBOARD_PREFIX

if TYPE_CHECKING:
    from flask import Flask

    from .contract_tools.record import Exchange
    from .serving.request_log import RequestLog
    from .store import Store

# The app, the server and the store are imported by the commands that use them: `mock-botcake
# --version` and `mock-botcake health` (the Docker image's health check, every few seconds) stay quick.


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.command(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mock-botcake",
        description="A stateful fake of the Botcake public API for tests and local development.",
    )
    parser.add_argument("--version", action="version", version=f"mock-botcake {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="run the fake API and its control plane over HTTP",
        description="Each option's default can also be set by the environment variable named after it.",
    )
    settings.add_serve_options(serve)
    health.add_address_file_option(serve)
    serve.set_defaults(command=_serve)

    openapi = commands.add_parser("openapi", help="print the OpenAPI 3.1 document of the fake")
    openapi.add_argument("--format", choices=("json", "yaml"), default="json", help="(default: json)")
    openapi.add_argument("--out", metavar="FILE", help="write it to FILE instead of standard output")
    openapi.set_defaults(command=_openapi)

    add_verify_command(commands)
    add_snapshot_command(commands)
    add_record_command(commands, _replay_on_a_fake)
    health.add_command(commands)
    return parser


def _serve(args: argparse.Namespace) -> int:
    from .control.faults import random_error_rule
    from .seeds import SeedFileError, build_store
    from .serving.request_log import RequestLog
    from .serving.server import PortUnavailable, run_server, worker_count
    from .serving.settings import SettingError
    from .store import InvalidSeed, StateFileError

    try:
        settings.fill_from_environment(args)
        if args.state_file and (why := _unwritable_folder("--state-file", args.state_file)):
            return _fail(why)
        if args.address_file and (why := _unwritable_folder("--address-file", args.address_file)):
            return _fail(why)
        fault_rules = settings.load_fault_rules(args.faults) if args.faults else []
        store, resumed = build_store(args.seed, args.state_file)
    except (SeedFileError, StateFileError, SettingError) as error:
        return _fail(str(error))
    except InvalidSeed as error:
        return _fail(f"seed {args.seed} is not valid: {error}")
    if (args.allow_writes or args.allow_sends) and not args.proxy:
        _warn("--allow-writes and --allow-sends only say what --proxy forwards: without it they do nothing")
    if args.fault_rate:
        fault_rules.append(random_error_rule(args.fault_rate, args.fault_seed))
    elif args.fault_seed is not None:
        _warn("--fault-seed is ignored without --fault-rate (it seeds the random 500s of that option)")
    request_log = None if args.quiet else RequestLog(sys.stdout)
    app = _app(store, args, fault_rules, request_log)
    args.workers = worker_count(args.workers)  # the banner says how many

    def announce(host: str, port: int) -> None:
        if args.address_file:
            health.write_address(args.address_file, host, port)
        print(_banner(store, host, port, args, resumed, len(fault_rules)), flush=True)

    try:
        run_server(app, args.host, args.port, on_ready=announce, workers=args.workers)
    except PortUnavailable as error:
        return _fail(str(error))
    finally:
        store.db.close()
        if args.address_file:
            health.forget_address(args.address_file)
        if request_log is not None:
            request_log.close()
    print("mock-botcake stopped", flush=True)
    return 0


def _app(
    store: Store, args: argparse.Namespace, fault_rules: list[dict[str, Any]], log: RequestLog | None
) -> Flask:
    if args.admin_token is None and not settings.is_loopback(args.host):
        _warn(
            f"listening on {args.host} without --admin-token: anyone who can reach this port can read "
            "every page's token and replace the whole state through /_mock/"
        )
    from .app import create_app
    from .control.proxying import ProxySettings

    return create_app(
        store,
        journal_size=args.journal_size,
        fault_rules=fault_rules,
        admin_token=args.admin_token,
        log=log,
        proxy=ProxySettings(args.proxy, args.allow_writes, args.allow_sends) if args.proxy else None,
    )


def _replay_on_a_fake(state: dict[str, Any], exchanges: list[Exchange]) -> list[tuple[int, Any]]:
    """``record``'s replay: each exchange sent, in order, to a fake started from ``state``, with the
    token the fake gave its page; answers each (status, body), the body parsed as the proxy parses the
    real one."""
    from .app import create_app
    from .control.proxying import answer_for_journal
    from .store import Store

    store = Store()
    try:
        store.import_state(state)
        client = create_app(store, journal_size=0).test_client()
        tokens = {page["page_id"]: page["access_token"] for page in store.list_pages()}
        answers = []
        for exchange in exchanges:
            body = exchange.body
            sent: dict[str, Any] = {"data": body.encode()} if isinstance(body, str) else {}
            if body is not None and not isinstance(body, str):
                sent = {"json": body}
            answer = client.open(
                exchange.path,
                method=exchange.method,
                query_string=exchange.query,
                headers={"access-token": tokens.get(exchange.page_id or "", "")},
                **sent,
            )
            answers.append((answer.status_code, answer_for_journal(answer.get_data())))
        return answers
    finally:
        store.db.close()


def _unwritable_folder(option: str, path: str) -> str | None:
    """Why the folder of the file ``option`` names cannot hold it, or None; checked before the port is
    bound. SQLite needs the state file's folder for its -wal file; serve writes the address file there.

    A Docker bind mount keeps the host folder's owner, so this is how a mounted /data usually fails.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return f"{option} {path}: the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"{option} {path}: the folder {folder} is not writable by this user (uid "
            f"{os.getuid()}); in Docker, a bind-mounted folder keeps its owner on the host: run with "
            '--user "$(id -u):$(id -g)", or use a named volume (-v botcake-state:/data)'
        )
    return None


def _openapi(args: argparse.Namespace) -> int:
    from .contract_tools.openapi import render_openapi

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


def _workers(count: int) -> str:
    return f"{count} worker process{'es' if count > 1 else ''}"


def _banner(
    store: Store, host: str, port: int, args: argparse.Namespace, resumed: bool, fault_rules: int
) -> str:
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    root = f"http://{shown_host}:{port}"
    state = f"state file {args.state_file}" if args.state_file else "in memory"
    origin = "resumed from the state file" if resumed else f"seed: {args.seed}"
    admin = "admin token required (Authorization: Bearer ...)" if args.admin_token else "no admin token"
    lines = [
        f"mock-botcake {__version__} listening on {root}  ({state}; {origin})",
        f"  API base URL:  {root}{API_BASE}",
        f"  control plane: {root}{CONTROL_PREFIX}/  "
        f"(health, pages, accounts, sends, reset, state, requests, faults; {admin})",
        f"  dashboard:     {root}{DASHBOARD_PREFIX}"
        + ("?admin_token=<token>  (once)" if args.admin_token else ""),
        f"  settings: bound to {host}; {_workers(args.workers)}; journal size {args.journal_size}; "
        f"{fault_rules} fault rule(s) at start{_fault_rate(args)}; "
        f"request log {'off (--quiet)' if args.quiet else 'on'}",
    ]
    if args.proxy:
        lines.append(f"  proxy: API requests answered by {args.proxy}, journaled; {_forwarded(args)}")
    lines.append("  pages:")
    pages = store.list_pages()
    for page in pages:
        lines.append(f"    {page['page_id']}  {page['name']}")
        lines.append(f"      access-token: {page['access_token']}")
    accounts = store.accounts()
    if accounts:
        lines.append("  accounts (integration_page):")
    for account in accounts:
        lines.append(f"    user-access-token: {account['user_access_token']}")
        lines.append(f"      pages: {', '.join(account['page_ids']) or '(none)'}")
    if pages:
        first = pages[0]
        url = f"{root}{API_BASE}/pages/{first['page_id']}/flows"
        lines.append("  try:")
        lines.append(f"    curl -H {shlex.quote('access-token: ' + first['access_token'])} {url}")
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def _forwarded(args: argparse.Namespace) -> str:
    writes = "forwarded (--allow-writes)" if args.allow_writes else "refused"
    sends = "forwarded (--allow-sends): real people get messaged" if args.allow_sends else "refused"
    return f"reads forwarded, writes {writes}, sends {sends}"


def _fault_rate(args: argparse.Namespace) -> str:
    if not args.fault_rate:
        return ""
    seed = "unseeded" if args.fault_seed is None else f"seed {args.fault_seed}"
    return f" (random 500s on {args.fault_rate:.1%} of API requests, {seed})"


def _warn(message: str) -> None:
    print(f"mock-botcake: warning: {message}", file=sys.stderr, flush=True)


def _fail(message: str) -> int:
    print(f"mock-botcake: {message}", file=sys.stderr)
    return 2

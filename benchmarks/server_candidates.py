"""The fake's app on each candidate WSGI server, for the server comparison (``python -m benchmarks servers``).

    python -m benchmarks.server_candidates serve [--port 0]       (what `mock-botcake serve` runs)
    python -m benchmarks.server_candidates waitress --threads 8 [--port 0]
    python -m benchmarks.server_candidates granian --port P       (granian's own WSGI interface)
    python -m benchmarks.server_candidates gunicorn --port P      (gunicorn installed by the harness)

Each serves the demo state (``serve``: through ``mock_botcake.serving.server``, granian with the RSGI bridge;
the others through the server's own documented interface) and prints ``listening on PORT`` once
bound (granian and gunicorn bind a port chosen beforehand, after that line: the harness polls until
the first 200).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

import waitress
from flask import Flask

from mock_botcake.app import create_app
from mock_botcake.fidelity import MAX_BODY_BYTES
from mock_botcake.seeds import build_store
from mock_botcake.serving.rsgi_bridge import MAX_HEADER_BYTES
from mock_botcake.serving.server import run_server


def demo_app() -> Flask:
    store, _ = build_store("demo")
    return create_app(store)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("server", choices=("serve", "waitress", "granian", "gunicorn"))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    announce = lambda host, port: print(f"listening on {port}", flush=True)  # noqa: E731
    if args.server == "serve":
        run_server(demo_app(), "127.0.0.1", args.port, on_ready=announce)
    elif args.server == "waitress":
        _run_waitress(args.port, args.threads, announce)
    elif args.server == "granian":
        from granian import Granian
        from granian.constants import Interfaces

        print(f"listening on {args.port}", flush=True)
        # One worker: the only way to keep one state in one place (workers are processes).
        Granian(
            "benchmarks.server_candidates:demo_app",
            address="127.0.0.1",
            port=args.port,
            interface=Interfaces.WSGI,
            workers=1,
            factory=True,
            log_enabled=False,
        ).serve()
    else:
        print(f"listening on {args.port}", flush=True)
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
                "benchmarks.server_candidates:demo_app()",
            ],
        )


def _run_waitress(port: int, threads: int, announce: Callable[[str, int], None]) -> None:
    """Waitress with the settings ``serve`` had on it: body and header limits, its queue warnings off."""
    server = waitress.create_server(
        demo_app(),
        host="127.0.0.1",
        port=port,
        threads=threads,
        max_request_body_size=MAX_BODY_BYTES + 1,  # waitress refuses a Content-Length >= this
        max_request_header_size=MAX_HEADER_BYTES,
    )
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    announce("127.0.0.1", server.effective_port)
    server.run()


if __name__ == "__main__":
    main()

"""The fake's app on each candidate WSGI server, for the server comparison (``python -m benchmarks servers``).

    python -m benchmarks.server_candidates waitress --threads 8 [--port 0]
    python -m benchmarks.server_candidates granian --port P       (granian installed by the harness)
    python -m benchmarks.server_candidates gunicorn --port P      (gunicorn installed by the harness)

Each serves the demo state through the server's own documented interface and prints ``listening on
PORT`` once bound (granian and gunicorn bind a port chosen beforehand, after that line: the harness
polls until the first 200).
"""

from __future__ import annotations

import argparse
import os
import sys

from flask import Flask

from mock_botcake.seed_files import build_store
from mock_botcake.server import run_server
from mock_botcake.web import create_app


def demo_app() -> Flask:
    store, _ = build_store("demo")
    return create_app(store)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("server", choices=("waitress", "granian", "gunicorn"))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if args.server == "waitress":
        announce = lambda host, port: print(f"listening on {port}", flush=True)  # noqa: E731
        run_server(demo_app(), "127.0.0.1", args.port, on_ready=announce, threads=args.threads)
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


if __name__ == "__main__":
    main()

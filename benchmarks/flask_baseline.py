"""The baseline of issue 9: a minimal Flask app that checks the same header and returns the same body.

    python -m benchmarks.flask_baseline --token T --body JSON --create-body JSON

It is served by ``mock_botcake.serving.server`` with the fake's own settings and as many workers as
``serve`` runs by default, so that the ratio of the two measures what the fake's logic costs on top of
Flask and the server, and nothing else. It answers GET keywords (any query) and POST keywords/create.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from flask import Flask, jsonify, request

from mock_botcake.serving.server import default_workers, run_server

from .scenarios import API


def create_app(token: str, body: Any, create_body: Any = None) -> Flask:
    app = Flask("flask_baseline")
    app.json.sort_keys = False
    app.json.compact = True

    @app.get(f"{API}/keywords")
    def keywords() -> Any:
        if request.headers.get("access-token") != token:
            return jsonify({"success": False, "message": "invalid access-token"}), 401
        return jsonify(body)

    @app.post(f"{API}/keywords/create")
    def create_keyword() -> Any:
        if request.headers.get("access-token") != token:
            return jsonify({"success": False, "message": "invalid access-token"}), 401
        return jsonify(create_body)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--body", required=True, help="the JSON document to answer with")
    parser.add_argument("--create-body", default="{}", help="the JSON document keywords/create answers")
    args = parser.parse_args()
    app = create_app(args.token, json.loads(args.body), json.loads(args.create_body))
    run_server(
        app,
        "127.0.0.1",
        0,
        on_ready=lambda host, port: print(f"listening on {port}", flush=True),
        workers=default_workers(),
    )


if __name__ == "__main__":
    main()

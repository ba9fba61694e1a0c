"""``mock-botcake snapshot``: read a page through the public API into a seed file the fake serves.

Only GET requests. The file is a page seed (``contracts/schemas/control/page_seed.json``): what
``mock-botcake serve --seed FILE`` and ``POST /_mock/pages`` take, items in the API's own shapes.
The page's token is left out unless ``--keep-token`` says otherwise, so that a snapshot can be
committed without a secret in it (the fake then makes a token of its own and prints it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..store.kinds import PAGE_LISTS
from ..wire import schemas

TIMEOUT_S = 30
# The review statuses of WhatsApp templates that message_templates is asked for, one GET each (it lists
# one status at a time; message_templates/sync would list them all, but asks Meta and changes the page).
TEMPLATE_STATUSES = ("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED")


class SnapshotError(Exception):
    """The page could not be read or would not make a valid seed; the message says why."""


class SnapshotRefused(SnapshotError):
    """The target answered a read with HTTP 200 and ``success: false``."""


def add_command(commands: Any) -> None:
    """Register ``snapshot`` on the ``mock-botcake`` subcommands."""
    snapshot = commands.add_parser(
        "snapshot",
        help="read a real page (flows, keywords, settings, statistics, sequences...) into a seed file",
        description="Read a page through the public API (GET only) into a seed file for `serve --seed`. "
        "URL, page id and token may also come from BOTCAKE_BASE_URL, BOTCAKE_PAGE_ID and BOTCAKE_TOKEN.",
    )
    snapshot.add_argument("--base-url", default=os.environ.get("BOTCAKE_BASE_URL"), help="the API's base URL")
    snapshot.add_argument("--page-id", default=os.environ.get("BOTCAKE_PAGE_ID"), help="the page to read")
    snapshot.add_argument("--token", default=os.environ.get("BOTCAKE_TOKEN"), help="the page's access-token")
    snapshot.add_argument("--out", required=True, metavar="FILE", help="the seed file to write")
    snapshot.add_argument("--keep-token", action="store_true", help="pin the page's real token in the seed")
    snapshot.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    if not (args.base_url and args.page_id and args.token):
        print("mock-botcake snapshot: needs --base-url, --page-id and --token", file=sys.stderr)
        return 2
    try:
        seed = read_page(args.base_url, args.page_id, args.token, keep_token=args.keep_token)
        Path(args.out).write_text(json.dumps(seed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except (SnapshotError, OSError) as error:
        print(f"mock-botcake snapshot: {error}", file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(seed[key])} {key}"
        for key in ("folders", "flows", *PAGE_LISTS, "sequences", "message_templates")
    )
    print(f"wrote {args.out}: page {args.page_id}, {counts}")
    return 0


def read_page(base_url: str, page_id: str, token: str, *, keep_token: bool = False) -> dict[str, Any]:
    """The page as a seed, checked against ``control/page_seed``."""
    reader = _Reader(base_url, page_id, token)
    tree = reader.data("flows")
    seed: dict[str, Any] = {"page_id": page_id, "name": f"snapshot of page {page_id}"}
    if keep_token:
        seed["access_token"] = token
    seed["folders"] = tree.get("folders", [])
    seed["flows"] = tree["flows"]
    for key, endpoint in PAGE_LISTS.items():
        seed[key] = reader.data(endpoint)
    seed["flow_statistics"] = {}
    for flow in seed["flows"]:
        try:
            seed["flow_statistics"][str(flow["id"])] = reader.data(f"flows/{flow['id']}/statistics")
        except SnapshotError:
            # Whether a removed flow still has statistics is unknown (fidelity 7.6): zeros then.
            if not flow.get("is_removed"):
                raise
    seed["sequences"] = _sequences(reader)
    seed["message_templates"] = _templates(reader)
    problems = schemas.problems("control/page_seed", seed)
    if problems:
        raise SnapshotError("the page does not make a valid seed: " + "; ".join(problems))
    return seed


def _sequences(reader: _Reader) -> list[dict[str, Any]]:
    """Each sequence with its messages (GET sequences/{id}/statistics) and each message's recipients."""
    sequences = []
    for listed in reader.data("sequences/"):
        messages = reader.data(f"sequences/{listed['id']}/statistics")
        for message in messages:
            endpoint = f"sequences/{listed['id']}/statistics/{message['message_id']}"
            message["recipients"] = reader.data(endpoint)
        sequences.append({**listed, "messages": messages})
    return sequences


def _templates(reader: _Reader) -> list[dict[str, Any]]:
    """The WhatsApp templates of every status in TEMPLATE_STATUSES, each once; none when the page has no
    WhatsApp Business account (the target refuses the read)."""
    templates: dict[str, dict[str, Any]] = {}
    for status in TEMPLATE_STATUSES:
        try:
            found = reader.data(f"message_templates?status={status}")
        except SnapshotRefused:
            return []
        templates.update((template["id"], template) for template in found)
    return list(templates.values())


class _Reader:
    def __init__(self, base_url: str, page_id: str, token: str) -> None:
        import requests  # here, not at the top: `serve` imports this module and starts faster without it

        self.root = f"{base_url.rstrip('/')}/pages/{page_id}/"
        self.session = requests.Session()
        self.session.headers["access-token"] = token

    def data(self, endpoint: str) -> Any:
        """The ``data`` of a successful GET, or a SnapshotError naming the endpoint."""
        import requests

        try:
            answer = self.session.get(self.root + endpoint, timeout=TIMEOUT_S)
            body = answer.json()
        except requests.RequestException as error:
            raise SnapshotError(f"GET {endpoint}: {error}") from None
        except ValueError:
            raise SnapshotError(f"GET {endpoint}: HTTP {answer.status_code}, not JSON") from None
        if answer.status_code == 200 and isinstance(body, dict) and body.get("success") is False:
            raise SnapshotRefused(f"GET {endpoint}: refused: {str(body)[:200]}")
        if answer.status_code != 200 or not isinstance(body, dict) or body.get("success") is not True:
            raise SnapshotError(f"GET {endpoint}: HTTP {answer.status_code} {str(body)[:200]}")
        if "data" not in body:
            raise SnapshotError(f"GET {endpoint}: no data in the answer")
        return body["data"]

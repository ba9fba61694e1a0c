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
from urllib.parse import quote

from .. import fidelity
from ..store.kinds import PAGE_LISTS
from ..wire import schemas

TIMEOUT_S = 30
# Customers, custom fields and tags (issue 19): the seed keys read a page at a time, paged as the fake
# pages them (fidelity.py), and how many customers are read unless told (one GET each for its fields).
PAGED_KEYS = ("tags", "custom_fields", "customers")
MAX_CUSTOMERS = 500
MAX_PAGES = 10_000  # a bound on any paged read, whatever a server answers
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
        help="read a real page (flows, keywords, settings, statistics, tags, customers, sequences, "
        "templates) into a seed file",
        description="Read a page through the public API (GET only) into a seed file for `serve --seed`. "
        "URL, page id and token may also come from BOTCAKE_BASE_URL, BOTCAKE_PAGE_ID and BOTCAKE_TOKEN.",
    )
    snapshot.add_argument("--base-url", default=os.environ.get("BOTCAKE_BASE_URL"), help="the API's base URL")
    snapshot.add_argument("--page-id", default=os.environ.get("BOTCAKE_PAGE_ID"), help="the page to read")
    snapshot.add_argument("--token", default=os.environ.get("BOTCAKE_TOKEN"), help="the page's access-token")
    snapshot.add_argument("--out", required=True, metavar="FILE", help="the seed file to write")
    snapshot.add_argument("--keep-token", action="store_true", help="pin the page's real token in the seed")
    snapshot.add_argument(
        "--max-customers",
        type=int,
        default=MAX_CUSTOMERS,
        metavar="N",
        help=f"read at most N customers, one GET of custom fields each (default {MAX_CUSTOMERS}; 0: all)",
    )
    snapshot.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    if not (args.base_url and args.page_id and args.token):
        print("mock-botcake snapshot: needs --base-url, --page-id and --token", file=sys.stderr)
        return 2
    try:
        seed = read_page(
            args.base_url,
            args.page_id,
            args.token,
            keep_token=args.keep_token,
            max_customers=args.max_customers,
        )
        Path(args.out).write_text(json.dumps(seed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except (SnapshotError, OSError) as error:
        print(f"mock-botcake snapshot: {error}", file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(seed[key])} {key}"
        for key in ("folders", "flows", *PAGE_LISTS, *PAGED_KEYS, "sequences", "message_templates")
    )
    print(f"wrote {args.out}: page {args.page_id}, {counts}")
    return 0


def read_page(
    base_url: str, page_id: str, token: str, *, keep_token: bool = False, max_customers: int = 0
) -> dict[str, Any]:
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
    _read_customers(reader, seed, max_customers)
    seed["sequences"] = _sequences(reader)
    seed["message_templates"] = _templates(reader)
    problems = schemas.problems("control/page_seed", seed)
    if problems:
        raise SnapshotError("the page does not make a valid seed: " + "; ".join(problems))
    return seed


def _read_customers(reader: _Reader, seed: dict[str, Any], max_customers: int) -> None:
    """The page's tags, custom fields and (up to ``max_customers``) customers with their field values.

    A customer's tags cannot be read through the API, so they are left empty; a field value of a field
    the custom_fields list did not show is left out, so that the seed loads.
    """
    seed["tags"] = reader.pages("get_list_tag", first=1, per_page=fidelity.TAGS_PER_PAGE, key="id")
    seed["custom_fields"] = reader.pages(
        "custom_fields",
        first=fidelity.CUSTOM_FIELDS_FIRST_PAGE,
        per_page=fidelity.CUSTOM_FIELDS_PER_PAGE,
        key="id",
    )
    known_fields = {str(field["id"]) for field in seed["custom_fields"]}
    listed = reader.pages(
        "customer", first=1, per_page=fidelity.CUSTOMERS_PER_PAGE, key="psid", limit=max_customers
    )
    seed["customers"] = []
    for customer in listed:
        values = reader.body(f"customer/{quote(customer['psid'], safe='')}/customer_fields")["data"]
        fields = {str(item["custom_field_id"]): item["value"] for item in values}
        kept = {field_id: value for field_id, value in fields.items() if field_id in known_fields}
        seed["customers"].append({**customer, "custom_fields": kept, "tags": []})


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
        return self.body(endpoint)["data"]

    def body(self, endpoint: str, *, bare_list: bool = False) -> Any:
        """The body of a successful GET (an object with ``success`` true and ``data``, or with
        ``bare_list`` a JSON array), or a SnapshotError naming the endpoint."""
        import requests

        try:
            answer = self.session.get(self.root + endpoint, timeout=TIMEOUT_S)
            body = answer.json()
        except requests.RequestException as error:
            raise SnapshotError(f"GET {endpoint}: {error}") from None
        except ValueError:
            raise SnapshotError(f"GET {endpoint}: HTTP {answer.status_code}, not JSON") from None
        if bare_list and answer.status_code == 200 and isinstance(body, list):
            return body
        if answer.status_code == 200 and isinstance(body, dict) and body.get("success") is False:
            raise SnapshotRefused(f"GET {endpoint}: refused: {str(body)[:200]}")
        if answer.status_code != 200 or not isinstance(body, dict) or body.get("success") is not True:
            raise SnapshotError(f"GET {endpoint}: HTTP {answer.status_code} {str(body)[:200]}")
        if "data" not in body:
            raise SnapshotError(f"GET {endpoint}: no data in the answer")
        return body

    def pages(
        self, endpoint: str, *, first: int, per_page: int, key: str, limit: int = 0
    ) -> list[dict[str, Any]]:
        """Every item of a paged list, ``?page=first`` on, as S7 walks custom_fields: until a page is
        short, empty or brings no new ``key`` (a server that ignores ``page``); at most ``limit`` items
        when ``limit`` is set."""
        items: list[dict[str, Any]] = []
        seen: set[Any] = set()
        for number in range(first, first + MAX_PAGES):
            answer = self.body(f"{endpoint}?page={number}", bare_list=True)
            found = answer if isinstance(answer, list) else answer["data"]
            new = [item for item in found if item[key] not in seen]
            seen.update(item[key] for item in new)
            items += new
            if limit and len(items) >= limit:
                return items[:limit]
            if not new or len(found) < per_page:
                break
        return items

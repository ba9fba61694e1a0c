"""``mock-botcake snapshot``: read a page through the public API into a seed file the fake serves.

Only GET requests. The file is a page seed (``contracts/schemas/control/page_seed.json``): what
``mock-botcake serve --seed FILE`` and ``POST /_mock/pages`` take, items in the API's own shapes.
The page's token is left out unless ``--keep-token`` says otherwise, so that a snapshot can be
committed without a secret in it (the fake then makes a token of its own and prints it).

What each endpoint's answer becomes in the seed (``seed_of``) does not depend on where the answers come
from: a ``PageReader`` answers each GET, here over HTTP (``HttpPageReader``), and for ``mock-botcake
record`` from a recording proxy's journal (``record.py``), which may have no record of a read
(``NotRecorded``): the seed then leaves out what that read would have given.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from .. import fidelity
from ..store.kinds import AD_ACCOUNTS, CUSTOM_AUDIENCES, MARKETING, MARKETING_MESSAGES, PAGE_LISTS, Kind
from ..wire import schemas
from ..wire.urls import MARKETING_PREFIX

TIMEOUT_S = 30
# Customers, custom fields and tags (issue 19): the seed keys read a page at a time, paged as the fake
# pages them (fidelity.py), and how many customers are read unless told (one GET each for its fields).
PAGED_KEYS = ("tags", "custom_fields", "customers")
MAX_CUSTOMERS = 500
MAX_PAGES = 10_000  # a bound on any paged read, whatever a server answers
# The review statuses of WhatsApp templates that message_templates is asked for, one GET each (it lists
# one status at a time; message_templates/sync would list them all, but asks Meta and changes the page).
TEMPLATE_STATUSES = ("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED")
MARKETING_PATH = MARKETING_PREFIX.strip("/")
# Custom audiences are asked for S4's default page size: a larger one is only the fake's guess (fidelity.py).
AUDIENCES_PER_PAGE = 25


class SnapshotError(Exception):
    """The page could not be read or would not make a valid seed; the message says why."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status of the answer that failed the read, if one came


class SnapshotRefused(SnapshotError):
    """The target answered a read with HTTP 200 and ``success: false``."""


class NotRecorded(SnapshotError):
    """The reader has no answer to this read (a recording's reader; a real page's always asks)."""


Read = TypeVar("Read")


def _unless_unrecorded(read: Callable[[], Read], otherwise: Read) -> Read:
    """``read()``, or ``otherwise`` when the reader has no record of that read."""
    try:
        return read()
    except NotRecorded:
        return otherwise


_LEFT_OUT: Any = object()  # a seed key that no read answered is left out of the seed


def add_command(commands: Any) -> None:
    """Register ``snapshot`` on the ``mock-botcake`` subcommands."""
    snapshot = commands.add_parser(
        "snapshot",
        help="read a real page (flows, keywords, settings, statistics, tags, customers, sequences, "
        "templates, marketing messages) into a seed file",
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
    marketing = ", ".join(f"{len(items)} {key}" for key, items in seed[MARKETING].items())
    print(f"wrote {args.out}: page {args.page_id}, {counts}; marketing: {marketing}")
    return 0


def read_page(
    base_url: str, page_id: str, token: str, *, keep_token: bool = False, max_customers: int = 0
) -> dict[str, Any]:
    """The page as a seed, checked against ``control/page_seed``."""
    seed = seed_of(HttpPageReader(base_url, page_id, token), page_id, max_customers=max_customers)
    if keep_token:  # after the name, where a seed shows it
        seed = {"page_id": seed.pop("page_id"), "name": seed.pop("name"), "access_token": token, **seed}
    return seed


def seed_of(reader: PageReader, page_id: str, *, max_customers: int = 0) -> dict[str, Any]:
    """The page ``reader`` answers for, as a seed checked against ``control/page_seed``; a key whose read
    ``reader`` has no record of is left out."""
    seed: dict[str, Any] = {"page_id": page_id, "name": f"snapshot of page {page_id}"}
    tree = _unless_unrecorded(lambda: reader.data("flows"), None)
    if tree is not None:
        seed["folders"] = tree.get("folders", [])
        seed["flows"] = tree["flows"]
    for key, endpoint in PAGE_LISTS.items():
        seed[key] = _unless_unrecorded(lambda endpoint=endpoint: reader.data(endpoint), _LEFT_OUT)
    seed["flow_statistics"] = _flow_statistics(reader, seed.get("flows", []))
    _read_customers(reader, seed, max_customers)
    seed["sequences"] = _unless_unrecorded(lambda: _sequences(reader), _LEFT_OUT)
    seed["message_templates"] = _templates(reader)
    seed[MARKETING] = _unless_unrecorded(lambda: _marketing(reader), _LEFT_OUT)
    seed = {key: value for key, value in seed.items() if value is not _LEFT_OUT}
    problems = schemas.problems("control/page_seed", seed)
    if problems:
        raise SnapshotError("the page does not make a valid seed: " + "; ".join(problems))
    return seed


def _flow_statistics(reader: PageReader, flows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each flow's statistics by its id; a flow without a recorded read of them is left at zeros."""
    statistics = {}
    for flow in flows:
        try:
            statistics[str(flow["id"])] = reader.data(f"flows/{flow['id']}/statistics")
        except NotRecorded:
            continue
        except SnapshotError:
            # Whether a removed flow still has statistics is unknown (fidelity 7.6): zeros then.
            if not flow.get("is_removed"):
                raise
    return statistics


def _read_customers(reader: PageReader, seed: dict[str, Any], max_customers: int) -> None:
    """The page's tags, custom fields and (up to ``max_customers``) customers with their field values.

    A customer's tags cannot be read through the API, so they are left empty; a field value of a field
    the custom_fields list did not show is left out, so that the seed loads.
    """
    tags = _unless_unrecorded(
        lambda: reader.pages("get_list_tag", first=1, per_page=fidelity.TAGS_PER_PAGE, key="id"), None
    )
    custom_fields = _unless_unrecorded(
        lambda: reader.pages(
            "custom_fields",
            first=fidelity.CUSTOM_FIELDS_FIRST_PAGE,
            per_page=fidelity.CUSTOM_FIELDS_PER_PAGE,
            key="id",
        ),
        None,
    )
    listed = _unless_unrecorded(
        lambda: reader.pages(
            "customer", first=1, per_page=fidelity.CUSTOMERS_PER_PAGE, key="psid", limit=max_customers
        ),
        None,
    )
    for key, found in (("tags", tags), ("custom_fields", custom_fields)):
        if found is not None:
            seed[key] = found
    if listed is None:
        return
    known_fields = {str(field["id"]) for field in custom_fields or []}
    seed["customers"] = []
    for customer in listed:
        endpoint = f"customer/{quote(customer['psid'], safe='')}/customer_fields"
        values = _unless_unrecorded(lambda endpoint=endpoint: reader.body(endpoint)["data"], [])
        fields = {str(item["custom_field_id"]): item["value"] for item in values}
        kept = {field_id: value for field_id, value in fields.items() if field_id in known_fields}
        seed["customers"].append({**customer, "custom_fields": kept, "tags": []})


def _sequences(reader: PageReader) -> list[dict[str, Any]]:
    """Each sequence with its messages (GET sequences/{id}/statistics) and each message's recipients."""
    sequences = []
    for listed in reader.data("sequences/"):
        endpoint = f"sequences/{listed['id']}/statistics"
        messages = _unless_unrecorded(lambda endpoint=endpoint: reader.data(endpoint), [])
        for message in messages:
            endpoint = f"sequences/{listed['id']}/statistics/{message['message_id']}"
            message["recipients"] = _unless_unrecorded(lambda endpoint=endpoint: reader.data(endpoint), [])
        sequences.append({**listed, "messages": messages})
    return sequences


def _templates(reader: PageReader) -> list[dict[str, Any]]:
    """The WhatsApp templates of every status in TEMPLATE_STATUSES, each once; none when the page has no
    WhatsApp Business account (the target refuses the read)."""
    templates: dict[str, dict[str, Any]] = {}
    for status in TEMPLATE_STATUSES:
        try:
            found = reader.data(f"message_templates?status={status}")
        except NotRecorded:
            continue
        except SnapshotRefused:
            return []
        templates.update((template["id"], template) for template in found)
    return list(templates.values())


def _marketing(reader: PageReader) -> dict[str, list[dict[str, Any]]]:
    """The page's ad accounts and each one's marketing messages (with their delivery insights) and custom
    audiences, oldest first as a seed holds them (the API lists them newest first).

    A page without marketing gets the section with empty lists rather than no section, as a page without
    WhatsApp gets an empty ``message_templates``: a snapshot holds every key it reads, as a state export
    of the fake's own page does.
    """
    accounts = _ad_accounts(reader)
    messages: list[dict[str, Any]] = []
    audiences: list[dict[str, Any]] = []
    for account in accounts:
        account_id = account["id"]
        messages += reversed(_unless_unrecorded(lambda a=account_id: _marketing_messages(reader, a), []))
        audiences += reversed(_unless_unrecorded(lambda a=account_id: _custom_audiences(reader, a), []))
    return {
        AD_ACCOUNTS.key: _as_seeded(AD_ACCOUNTS, accounts),
        MARKETING_MESSAGES.key: _as_seeded(MARKETING_MESSAGES, messages),
        CUSTOM_AUDIENCES.key: _as_seeded(CUSTOM_AUDIENCES, audiences),
    }


def _ad_accounts(reader: PageReader) -> list[dict[str, Any]]:
    """The page's ad accounts; none when the target will not list them.

    S4 does not say how a page without a Meta ad account answers, so a refusal (HTTP 200, ``success``
    false) or a client error other than 429 (which asks to come back later) is taken to mean none; a
    server error or a broken answer fails the snapshot, which must not lose a page's data silently.
    """
    endpoint = f"{MARKETING_PATH}/ad_accounts"
    try:
        return _objects(reader.body(endpoint, listed="ad_accounts")["ad_accounts"], endpoint)
    except SnapshotError as error:
        if isinstance(error, SnapshotRefused) or _client_error(error.status):
            return []
        raise


def _client_error(status: int | None) -> bool:
    return status is not None and 400 <= status < 500 and status != HTTPStatus.TOO_MANY_REQUESTS


def _marketing_messages(reader: PageReader, ad_account_id: str) -> list[dict[str, Any]]:
    """Every message of the ad account with its insights, newest first as listed: page after page of the
    largest ``limit`` S4 allows, following ``cursor_after`` until it is null or a page brings no new id
    (a server that ignores the cursor)."""
    endpoint = f"{MARKETING_PATH}/messages"
    query = {
        "ad_account_id": ad_account_id,
        "get_insights": "true",
        "limit": fidelity.MARKETING_MESSAGES_PER_PAGE_MAX,
    }
    messages: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for _ in range(MAX_PAGES):
        answer = reader.body(f"{endpoint}?{urlencode(query)}", listed="messages")
        new = [message for message in _objects(answer["messages"], endpoint) if message.get("id") not in seen]
        seen.update(message.get("id") for message in new)
        messages += new
        if not new or not answer.get("cursor_after"):
            break
        query["cursor_after"] = answer["cursor_after"]
    return messages


def _custom_audiences(reader: PageReader, ad_account_id: str) -> list[dict[str, Any]]:
    """Every custom audience of the ad account, newest first as listed."""
    return reader.pages(
        f"{MARKETING_PATH}/custom_audiences",
        first=1,
        per_page=AUDIENCES_PER_PAGE,
        key="audience_id",
        query={"ad_account_id": ad_account_id, "page_size": AUDIENCES_PER_PAGE},
        listed="custom_audiences",
    )


def _as_seeded(kind: Kind, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items with only the keys a seed of ``kind`` keeps (not S4's ``page_id``, the page itself) and
    without nulls, which the fake answers as keys left out."""
    kept = set(kind.keys)
    return [
        {key: value for key, value in item.items() if key in kept and value is not None} for item in items
    ]


def _objects(found: Any, endpoint: str) -> list[dict[str, Any]]:
    """``found``, a list of JSON objects, or a SnapshotError naming the endpoint."""
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise SnapshotError(f"GET {endpoint}: not a list of objects: {str(found)[:200]}")
    return found


class PageReader:
    """Answers the GETs of one page's endpoints (paths after ``pages/{page_id}/``, with a query)."""

    def fetch(self, endpoint: str) -> tuple[int, Any]:
        """The HTTP status and the parsed JSON body of ``GET endpoint``, or a SnapshotError."""
        raise NotImplementedError

    def data(self, endpoint: str) -> Any:
        """The ``data`` of a successful GET, or a SnapshotError naming the endpoint."""
        return self.body(endpoint)["data"]

    def body(self, endpoint: str, *, bare_list: bool = False, listed: str = "data") -> Any:
        """The body of a successful GET (an object with ``success`` true and ``listed``, or with
        ``bare_list`` a JSON array), or a SnapshotError naming the endpoint (and the HTTP status)."""
        status, body = self.fetch(endpoint)
        if bare_list and status == 200 and isinstance(body, list):
            return body
        if status == 200 and isinstance(body, dict) and body.get("success") is False:
            raise SnapshotRefused(f"GET {endpoint}: refused: {str(body)[:200]}", status)
        if status != 200 or not isinstance(body, dict) or body.get("success") is not True:
            raise SnapshotError(f"GET {endpoint}: HTTP {status} {str(body)[:200]}", status)
        if listed not in body:
            raise SnapshotError(f"GET {endpoint}: no {listed} in the answer")
        return body

    def pages(
        self,
        endpoint: str,
        *,
        first: int,
        per_page: int,
        key: str,
        limit: int = 0,
        query: dict[str, Any] | None = None,
        listed: str = "data",
    ) -> list[dict[str, Any]]:
        """Every item of a paged list (under ``listed``, or a bare array), ``?page=first`` on (beside
        ``query``), as S7 walks custom_fields: until a page is short, empty or brings no new ``key`` (a
        server that ignores ``page``); at most ``limit`` items when ``limit`` is set."""
        items: list[dict[str, Any]] = []
        seen: set[Any] = set()
        for number in range(first, first + MAX_PAGES):
            try:
                answer = self.body(
                    f"{endpoint}?{urlencode({**(query or {}), 'page': number})}",
                    bare_list=True,
                    listed=listed,
                )
            except NotRecorded:
                if number == first:
                    raise
                break  # the pages recorded, and no more
            found = answer if isinstance(answer, list) else answer[listed]
            new = [item for item in found if item[key] not in seen]
            seen.update(item[key] for item in new)
            items += new
            if limit and len(items) >= limit:
                return items[:limit]
            if not new or len(found) < per_page:
                break
        return items


class HttpPageReader(PageReader):
    """Reads a page of a real target over HTTP with its token."""

    def __init__(self, base_url: str, page_id: str, token: str) -> None:
        import requests  # here, not at the top: `serve` imports this module and starts faster without it

        self.root = f"{base_url.rstrip('/')}/pages/{page_id}/"
        self.session = requests.Session()
        self.session.headers["access-token"] = token

    def fetch(self, endpoint: str) -> tuple[int, Any]:
        import requests

        try:
            answer = self.session.get(self.root + endpoint, timeout=TIMEOUT_S)
            return answer.status_code, answer.json()
        except requests.RequestException as error:
            raise SnapshotError(f"GET {endpoint}: {error}") from None
        except ValueError:
            raise SnapshotError(
                f"GET {endpoint}: HTTP {answer.status_code}, not JSON", answer.status_code
            ) from None

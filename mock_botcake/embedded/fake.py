"""``Botcake``: the object the ``botcake`` and ``botcake_server`` fixtures hand to a test.

It drives the fake through its own control plane (``/_mock/*``, called in-process with Flask's test
client), so a test sees exactly what ``curl`` against ``mock-botcake serve`` would, whichever way its
code reaches the API. Assertion helpers fail with the list of what the fake did receive.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Flask

if TYPE_CHECKING:
    # Only the in-process mode needs responses (the `pytest` extra); botcake_server works without it.
    import responses

# What a send summary shows of a content send: the text of its first messages, cut to this length.
_SUMMARY_TEXT_CHARS = 60


@dataclass(frozen=True)
class Page:
    """A page of the fake, with what a client needs to call the API for it."""

    page_id: str
    token: str
    api_base_url: str

    @property
    def headers(self) -> dict[str, str]:
        """The ``access-token`` header of this page, ready for ``requests.get(..., headers=...)``."""
        return {"access-token": self.token}

    def url(self, path: str = "") -> str:
        """The API URL of ``path`` on this page, e.g. ``page.url("flows/send_flow")``."""
        return f"{self.api_base_url}/pages/{self.page_id}/{path.lstrip('/')}"


class ControlPlaneError(RuntimeError):
    """The fake refused a control-plane call (a bad seed, an unknown page): the message says why."""


class Botcake:
    """A handle on one fake: seed it, read what it received, and assert on the sends."""

    def __init__(self, app: Flask, root_url: str) -> None:
        self._app = app
        self._control = app.test_client()
        self.root_url = root_url
        """Where the fake answers, without a path: ``https://botcake.io`` in-process, else the server."""
        self.base_url = f"{root_url}/api/public_api/v1"
        """The API base URL to give the code under test (``.../api/public_api/v1``)."""

    def __repr__(self) -> str:
        return f"<Botcake at {self.base_url}>"

    def serve_through(self, mock: responses.RequestsMock) -> None:
        """Answer botcake.io calls on a test's own ``responses.RequestsMock()`` too.

        The ``botcake`` fixture already serves through ``responses``' default mock (the one of
        ``@responses.activate``); a separate ``RequestsMock`` instance knows nothing of it until told.
        """
        from .inprocess import InProcessRoute

        InProcessRoute(self._app).register(mock)

    # --- pages --------------------------------------------------------------------------------

    def add_page(self, **seed: Any) -> Page:
        """Create a page from seed keys (``page_id``, ``name``, ``flows``, ``folders``, ``keywords``,
        ``tags``, ``custom_fields``, ``customers``, ...).

        The keys and item shapes are those of ``POST /_mock/pages``: the API's own JSON, so a recorded
        real answer can be pasted in. Without ``page_id`` the page gets a fresh one.
        """
        created = self._call("POST", "/_mock/pages", json=seed)
        return Page(created["page_id"], created["access_token"], self.base_url)

    @property
    def pages(self) -> list[Page]:
        """Every page of the fake, in the order they were added (seeded ones first)."""
        listed = self._call("GET", "/_mock/pages")["pages"]
        return [Page(page["page_id"], page["access_token"], self.base_url) for page in listed]

    def page(self, page_id: str) -> Page:
        """A page that is already there (from the seed), by id."""
        for page in self.pages:
            if page.page_id == page_id:
                return page
        raise LookupError(f"the fake has no page {page_id}; it has {[p.page_id for p in self.pages]}")

    def rotate_token(self, page_id: str) -> Page:
        """Give the page a new token (the old one stops working) and answer the page with it."""
        token = self._call("POST", f"/_mock/pages/{page_id}/rotate_token")["access_token"]
        return Page(page_id, token, self.base_url)

    # --- accounts (integration_page) -------------------------------------------------------------

    def add_account(self, page_ids: Sequence[str] = (), user_access_token: str | None = None) -> str:
        """An account holding ``page_ids`` (pages of the fake); answers its token, which the
        integration_page endpoints take in the ``user-access-token`` header. Without
        ``user_access_token`` the account gets a fresh one."""
        seed: dict[str, Any] = {"page_ids": list(page_ids)}
        if user_access_token is not None:
            seed["user_access_token"] = user_access_token
        return self._call("POST", "/_mock/accounts", json=seed)["user_access_token"]

    @property
    def accounts(self) -> list[dict[str, Any]]:
        """Every account, in the order added: ``{"user_access_token": ..., "page_ids": [...]}``."""
        return self._call("GET", "/_mock/accounts")["accounts"]

    # --- faults -------------------------------------------------------------------------------

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        """Make matching API requests fail: ``add_fault(match={"path": "flows/send_flow"},
        action={"status": 500}, times=1)``. Keys as ``POST /_mock/faults`` takes them; answers the rule.
        """
        return self._call("POST", "/_mock/faults", json=rule)

    @property
    def faults(self) -> list[dict[str, Any]]:
        """The fault rules in force, each with how often it ``fired``."""
        return self._call("GET", "/_mock/faults")["faults"]

    def remove_fault(self, fault_id: int) -> dict[str, Any]:
        """Remove one fault rule (the others stay); answers it as it was, with how often it ``fired``."""
        return self._call("DELETE", f"/_mock/faults/{fault_id}")

    # --- what the fake received ---------------------------------------------------------------

    def sends(self, page_id: str | None = None) -> list[dict[str, Any]]:
        """The recorded sends of one page, or of every page, in the order received."""
        page_ids = [page_id] if page_id is not None else [page.page_id for page in self.pages]
        sends = [send for pid in page_ids for send in self._page_sends(pid)]
        return sorted(sends, key=lambda send: send["id"])

    @property
    def requests(self) -> list[dict[str, Any]]:
        """What reached the API (method, path, page_id, status, body, ...), oldest first."""
        return self._call("GET", "/_mock/requests")["requests"]

    def uploaded_media(self, page_id: str) -> list[dict[str, Any]]:
        """The files ``upload_media`` received on the page (and any seeded), oldest first: each its
        ``id`` (the ``attachment_id`` answered), ``content_type`` and ``file`` (the bytes)."""
        for page in self.state()["pages"]:
            if page["page_id"] == page_id:
                return [{**media, "file": base64.b64decode(media["file"])} for media in page["media"]]
        raise LookupError(f"the fake has no page {page_id}")

    def state(self) -> dict[str, Any]:
        """The whole state, in the format of ``GET /_mock/state`` and of seed files."""
        return self._call("GET", "/_mock/state")

    def reset(self) -> None:
        """Back to the state this test started from."""
        self._call("POST", "/_mock/reset")

    # --- assertions ---------------------------------------------------------------------------

    def assert_flow_sent(
        self,
        *,
        psid: str | None = None,
        flow_id: int | None = None,
        page_id: str | None = None,
        payload: dict[str, Any] | None = None,
        times: int | None = None,
    ) -> dict[str, Any]:
        """Assert a ``send_flow`` matching every given field was received; answers the (last) match.

        With ``times`` the number of matching sends must be exactly that (``times=0``: none matches,
        answering ``{}``).
        """
        __tracebackhide__ = True
        wanted = {"kind": "flow", "psid": psid, "flow_id": flow_id, "payload": payload}
        return self._assert_sent(wanted, page_id, times, description=_describe("flow send", wanted))

    def assert_content_sent(
        self,
        *,
        psid: str | None = None,
        text: str | None = None,
        page_id: str | None = None,
        message_tag: str | None = None,
        times: int | None = None,
    ) -> dict[str, Any]:
        """Assert a ``send_content`` matching every given field was received; answers the (last) match.

        ``text`` matches a send with a message whose ``text`` is exactly that.
        """
        __tracebackhide__ = True
        wanted = {"kind": "content", "psid": psid, "message_tag": message_tag}
        description = _describe("content send", {**wanted, "text": text})
        matches_text = (lambda send: text in _texts(send)) if text is not None else None
        return self._assert_sent(wanted, page_id, times, description, extra=matches_text)

    def assert_marketing_sent(
        self,
        *,
        psid: str | None = None,
        marketing_message_id: str | None = None,
        page_id: str | None = None,
        times: int | None = None,
    ) -> dict[str, Any]:
        """Assert a ``send_marketing_content`` matching every given field was received; answers the
        (last) match. ``psid`` is the psid sent, or else the ``subscription_token``."""
        __tracebackhide__ = True
        wanted = {"kind": "marketing", "psid": psid}
        description = _describe("marketing send", {**wanted, "marketing_message_id": marketing_message_id})
        matches_message = (
            (lambda send: (send.get("data") or {}).get("marketing_message_id") == marketing_message_id)
            if marketing_message_id is not None
            else None
        )
        return self._assert_sent(wanted, page_id, times, description, extra=matches_message)

    def assert_nothing_sent(self, page_id: str | None = None) -> None:
        """Assert that no send (flow or content) was received, on one page or on any."""
        __tracebackhide__ = True
        sends = self.sends(page_id)
        if sends:
            where = f"page {page_id}" if page_id else "any page"
            raise AssertionError(
                f"expected nothing sent to {where}, but {len(sends)} sends were:\n{_list_sends(sends)}"
            )

    # --- customers, their tags and custom fields (issue 19) -------------------------------------

    def customers(self, page_id: str | None = None) -> list[dict[str, Any]]:
        """The customers of one page, or of every page, as the state export holds them (``psid``,
        ``full_name``, ``phone_number``, ``custom_fields`` by field id, ``tags`` as tag ids), each with
        its ``page_id``: the seeded ones, and each psid a send went to."""
        pages = self.state()["pages"]
        return [
            {**customer, "page_id": page["page_id"]}
            for page in pages
            if page_id is None or page["page_id"] == page_id
            for customer in page.get("customers", [])
        ]

    def customer(self, psid: str, page_id: str | None = None) -> dict[str, Any]:
        """The customer ``psid`` (on ``page_id``, or on the one page that has it), as ``customers``."""
        matching = [customer for customer in self.customers(page_id) if customer["psid"] == psid]
        if len(matching) != 1:
            where = f"page {page_id}" if page_id else "any page"
            known = [(customer["page_id"], customer["psid"]) for customer in self.customers(page_id)]
            problem = "no customer" if not matching else "customers on several pages: pass page_id"
            raise LookupError(f"{problem} {psid!r} on {where}; customers (page, psid): {known}")
        return matching[0]

    def customer_tags(self, psid: str, page_id: str | None = None) -> list[int]:
        """The ids of the tags the customer carries, in the order they were put on."""
        return self.customer(psid, page_id)["tags"]

    def customer_fields(self, psid: str, page_id: str | None = None) -> dict[int, str]:
        """The customer's custom field values by field id (an int), as GET customer_fields answers them."""
        return {
            int(field_id): value for field_id, value in self.customer(psid, page_id)["custom_fields"].items()
        }

    def assert_customer(
        self,
        psid: str,
        *,
        page_id: str | None = None,
        has_tag: int | None = None,
        lacks_tag: int | None = None,
        fields: dict[int, str] | None = None,
    ) -> dict[str, Any]:
        """Assert the customer ``psid`` is known (seeded, or sent to) and matches every given argument:
        ``has_tag`` a tag id it carries, ``lacks_tag`` one it does not, ``fields`` field values it has
        (``{field_id: value}``, others may be there too). Answers the customer, as ``customer``."""
        __tracebackhide__ = True
        try:
            customer = self.customer(psid, page_id)
        except LookupError as error:
            raise AssertionError(str(error)) from None
        values = {int(field_id): value for field_id, value in customer["custom_fields"].items()}
        problems = []
        if has_tag is not None and has_tag not in customer["tags"]:
            problems.append(f"does not carry tag {has_tag}")
        if lacks_tag is not None and lacks_tag in customer["tags"]:
            problems.append(f"carries tag {lacks_tag}")
        for field_id, value in (fields or {}).items():
            if values.get(field_id) != value:
                problems.append(f"has field {field_id} = {values.get(field_id)!r}, not {value!r}")
        if problems:
            raise AssertionError(
                f"customer {psid!r} on page {customer['page_id']} "
                + "; ".join(problems)
                + f". It has tags {customer['tags']} and fields {values}"
            )
        return customer

    def describe_activity(self, last: int = 20) -> str:
        """The last requests and sends, for a failing test's report."""
        lines = [f"fake at {self.base_url}", f"last requests (up to {last}):"]
        requests = self.requests[-last:]
        lines += [f"  {_summarize_request(entry)}" for entry in requests] or ["  (none)"]
        sends = self.sends()[-last:]
        lines.append(f"sends (up to {last}):")
        lines.append(_list_sends(sends) if sends else "  (none)")
        return "\n".join(lines)

    # --- plumbing -----------------------------------------------------------------------------

    def _assert_sent(
        self,
        wanted: dict[str, Any],
        page_id: str | None,
        times: int | None,
        description: str,
        extra: Any = None,
    ) -> dict[str, Any]:
        __tracebackhide__ = True
        sends = self.sends(page_id)
        matching = [
            send
            for send in sends
            if all(value is None or send.get(key) == value for key, value in wanted.items())
            and (extra is None or extra(send))
        ]
        if (len(matching) == times) if times is not None else matching:
            return matching[-1] if matching else {}
        expected = description if times is None else f"{times} x {description}"
        received = _list_sends(sends) if sends else "  (no sends at all)"
        raise AssertionError(
            f"expected {expected}, but {len(matching)} of {len(sends)} sends matched. Received:\n{received}"
        )

    def _page_sends(self, page_id: str) -> list[dict[str, Any]]:
        sends = self._call("GET", f"/_mock/pages/{page_id}/sends")["sends"]
        return [{**send, "page_id": page_id} for send in sends]

    def _call(self, method: str, path: str, json: Any = None) -> Any:
        response = self._control.open(path, method=method, json=json)
        body = response.get_json(silent=True)
        if response.status_code >= 400:
            message = body.get("message") if isinstance(body, dict) else response.get_data(as_text=True)
            details = body.get("errors") if isinstance(body, dict) else None
            listed = "; ".join(map(str, details)) if isinstance(details, list) else details
            raise ControlPlaneError(f"{method} {path}: {message}" + (f": {listed}" if listed else ""))
        return body


def _describe(what: str, fields: dict[str, Any]) -> str:
    given = ", ".join(
        f"{key}={value!r}" for key, value in fields.items() if value is not None and key != "kind"
    )
    return f"a {what} with {given}" if given else f"a {what}"


def _texts(send: dict[str, Any]) -> list[str]:
    content = (send.get("data") or {}).get("content") or {}
    return [
        message["text"] for message in content.get("messages", []) if isinstance(message.get("text"), str)
    ]


def _list_sends(sends: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {_summarize_send(send)}" for send in sends)


def _summarize_send(send: dict[str, Any]) -> str:
    where = f"page {send['page_id']} " if "page_id" in send else ""
    head = f"#{send['id']} {where}{send['kind']:<7} psid={send['psid']!r}"
    if send["kind"] == "flow":
        detail = f"flow_id={send['flow_id']}"
    elif send["kind"] == "marketing":
        detail = f"marketing_message_id={(send.get('data') or {}).get('marketing_message_id')!r}"
    else:
        texts = [text[:_SUMMARY_TEXT_CHARS] for text in _texts(send)]
        detail = f"texts={texts!r}" + (
            f" message_tag={send['message_tag']!r}" if send.get("message_tag") else ""
        )
    payload = f" payload={send['payload']!r}" if send.get("payload") else ""
    return f"{head} {detail}{payload}"


def _summarize_request(entry: dict[str, Any]) -> str:
    query = f"?{entry['query']}" if entry.get("query") else ""
    body = f" body={entry['body']!r}" if entry.get("body") is not None else ""
    return f"{entry['method']} {entry['path']}{query} -> {entry['status']}{body}"

"""What the store refuses. The HTTP layer maps each to a status and message (see fidelity.py)."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every refusal; the store's state is unchanged when one is raised."""


class PageNotFound(StoreError):
    """No page with that id."""


class FlowNotFound(StoreError):
    """No flow with that id on the page (or, where it matters, the flow is removed)."""


def flow_unavailable(flow_id: int) -> FlowNotFound:
    """The one refusal of a flow that cannot be sent or pointed at, unknown or removed alike (fidelity 7.5):
    send_flow and keywords/update say the same."""
    return FlowNotFound(f"flow {flow_id} does not exist or is removed")


class KeywordNotFound(StoreError):
    """No keyword with that id on the page."""


class BadFlowPath(StoreError):
    """The folder ids of a flows path do not form a chain from the root of the page."""


class IdsExhausted(StoreError):
    """A new id would pass the largest id of the schemas (a seed already uses it)."""


class InvalidSeed(StoreError):
    """Seed or state data that is well-formed JSON but inconsistent (duplicate ids, dangling parents).

    ``problems`` lists each thing wrong on its own; the message joins them.
    """

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class PageExists(InvalidSeed):
    """A page with that id is already there."""


# --- Customers, custom fields and tag statistics (issue 19) ----------------------------------------------


class CustomerNotFound(StoreError):
    """No customer with that psid on the page."""


class CustomFieldNotFound(StoreError):
    """No custom field with that id on the page (in a path)."""


class BadCustomerFields(StoreError):
    """A customer_fields write names a field the page does not have, or a field twice."""


# --- sequences, broadcasts and WhatsApp (templates, media) ---------------------------------------------


class SequenceNotFound(StoreError):
    """No sequence with that id on the page."""


class SequenceMessageNotFound(StoreError):
    """No message with that id in the sequence."""


class BroadcastNotFound(StoreError):
    """No broadcast with that id on the page, or an id that is not a positive integer."""


class MediaNotFound(StoreError):
    """No media with that id was uploaded to the page."""


class InvalidAccount(InvalidSeed):
    """An account that cannot be added: a malformed token, or a page id that is no page of the fake."""


class AccountExists(InvalidAccount):
    """An account with that user-access-token is already there."""


class AdAccountNotFound(StoreError):
    """No ad account with that id on the page."""


class MarketingMessageNotFound(StoreError):
    """No marketing message with that id in the page's ad account."""

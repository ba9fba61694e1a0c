"""Every path parameter of the fake's operations, by the name operations refer to it by (query parameters
are the properties of each operation's query schema)."""

from __future__ import annotations

from .operations import Parameter

PARAMETERS: dict[str, Parameter] = {
    "page_id": Parameter("path", "page_id", True, "common#page_id", "The page the request is about."),
    "flow_id": Parameter("path", "flow_id", True, "common#id", "A flow of the page.", converter="id"),
    "flow_path": Parameter(
        "path",
        "path",
        True,
        "common#flow_path",
        "The folder path as a JSON-array literal like `[1561,1564]` (percent-encoded or raw): folder ids "
        "from the root down, each the parent of the next; `[]` is the root level.",
    ),
    # Customers and custom fields (issue 19):
    "psid": Parameter("path", "psid", True, "common#psid", "A customer of the page (its page-scoped id)."),
    "custom_field_id": Parameter(
        "path", "custom_field_id", True, "common#id", "A custom field of the page.", converter="id"
    ),
    # --- sequences, broadcasts and WhatsApp (templates, media) ---
    "sequence_id": Parameter(
        "path", "sequence_id", True, "common#id", "A sequence of the page.", converter="id"
    ),
    "message_id": Parameter(
        "path", "message_id", True, "common#id", "A message of the sequence.", converter="id"
    ),
    "broadcast_id": Parameter(
        "path",
        "broadcast_id",
        True,
        "responses/broadcast_statistic#broadcast_id",
        "A broadcast of the page: a positive integer (S4); any other text is answered as an unknown "
        "broadcast, with HTTP 200 and `Invalid broadcast_id`.",
    ),
    "media_id": Parameter(
        "path",
        "media_id",
        True,
        "responses/upload_media#attachment_id",
        "An attachment_id that upload_media answered for the page.",
    ),
    # the control plane's fault rules
    "fault_id": Parameter(
        "path",
        "fault_id",
        True,
        "common#id",
        "A fault rule's id, as POST /_mock/faults answered it.",
        # Digits kept as text, not `id`: a number past the id space (which that converter would not
        # route) must be a 404 like any unknown id, not a 405 from the other method on the same path.
        converter="digits",
    ),
    # accounts and marketing messages
    "fb_id": Parameter(
        "path",
        "fb_id",
        True,
        "common#fb_id",
        "The id S13 puts in its integration_page paths (named fbPageId there); the fake ignores it: the "
        "`user-access-token` names the account (S4: 'no fb_id needed').",
        converter="name_id",
    ),
    "marketing_message_id": Parameter(
        "path",
        "marketing_message_id",
        True,
        "common#meta_id",
        "A marketing message of the ad account (Meta's id, digits).",
        converter="digits",
    ),
}

"""A file that upload_media received, read back: the URL retrieve_media_url answers points here."""

from __future__ import annotations

import base64

from flask import Response

from ..fidelity import Refusal
from ..store import MediaNotFound
from ..web.context import current_store
from .routes import control

MEDIA_NOT_FOUND = Refusal(404, "media not found")
OCTET_STREAM = "application/octet-stream"


@control.operation(
    "get",
    "/pages/{page_id}/media/{media_id}",
    "getMedia",
    summary="A file upload_media received, as its bytes",
    response="control/media_file",
    response_media_type=OCTET_STREAM,
    store_errors={MediaNotFound: MEDIA_NOT_FOUND},
    description="Always `application/octet-stream` and an attachment, whatever `content_type` came with "
    "the upload: a file someone uploaded is never rendered on the fake's own origin.",
)
def get_media(page_id: str, media_id: str) -> Response:
    media = current_store().media(page_id, media_id)
    return Response(
        base64.b64decode(media["file"]),
        content_type=OCTET_STREAM,
        headers={"Content-Disposition": "attachment", "X-Content-Type-Options": "nosniff"},
    )

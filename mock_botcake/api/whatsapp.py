"""WhatsApp Business: GET message_templates, GET message_templates/sync, POST upload_media and GET
retrieve_media_url (S4). An uploaded file is kept, so the id upload_media answers is one
retrieve_media_url knows."""

from __future__ import annotations

from typing import Any

from flask import request

from .. import fidelity
from ..store import IdsExhausted, MediaNotFound
from ..web.answers import IDS_EXHAUSTED
from ..web.bodies import FORM
from ..web.context import current_store
from ..web.operations import WRITE
from ..wire.urls import media_url
from .routes import api


@api.operation(
    "get",
    "/message_templates",
    "listMessageTemplates",
    tag="whatsapp",
    summary="The WhatsApp message templates of one status (APPROVED by default)",
    response="responses/message_templates",
    query="requests/message_templates_query",
    cached=True,
)
def list_message_templates(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    return {"data": current_store().message_templates(page_id, query["status"])}


@api.operation(
    "get",
    "/message_templates/sync",
    "syncMessageTemplates",
    tag="whatsapp",
    summary="The WhatsApp message templates after a sync from Meta (in the fake: as seeded, every status)",
    response="responses/message_templates",
    effect=WRITE,  # a GET, but it has Botcake ask Meta and change the page's templates
    cached=True,
)
def sync_message_templates(page_id: str) -> dict[str, Any]:
    return {"data": current_store().message_templates(page_id)}


@api.operation(
    "post",
    "/upload_media",
    "uploadMedia",
    tag="whatsapp",
    summary="Upload a file (multipart/form-data) for WhatsApp; answers its attachment_id",
    response="responses/upload_media",
    request="requests/upload_media",
    request_media_type=FORM,
    bad_body=fidelity.BAD_UPLOAD,
    store_errors={IdsExhausted: IDS_EXHAUSTED},
    links={
        "urlOfTheUpload": {
            "operationId": "retrieveMediaUrl",
            "parameters": {"query.media_id": "$response.body#/attachment_id", "query.mime_type": "image/png"},
        }
    },
)
def upload_media(page_id: str, body: dict[str, str]) -> dict[str, Any]:
    return {"attachment_id": current_store().add_media(page_id, body["content_type"], body["file"])}


@api.operation(
    "get",
    "/retrieve_media_url",
    "retrieveMediaUrl",
    tag="whatsapp",
    summary="Where an uploaded file can be read; HTTP 200 with success false for an unknown media_id",
    response="responses/retrieve_media_url",
    query="requests/retrieve_media_url_query",
    store_errors={MediaNotFound: fidelity.UNKNOWN_MEDIA},
    # Not cached: the URL answered is on the host the request named, which the read cache's key leaves out.
)
def retrieve_media_url(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    media = current_store().media(page_id, query["media_id"])
    return {"url": media_url(request.host_url, page_id, media["id"])}

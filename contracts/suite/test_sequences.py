"""Sequences, broadcasts and WhatsApp: reads fit S4's shapes, and the guesses about unknown ids are asked.

Read-only by default. Two requests change a real page and are asked only with ``--allow-writes``:
``message_templates/sync`` (it imports the account's templates from Meta) and ``upload_media`` (it
stores a file on the WhatsApp Business account).
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from mock_botcake.contracts.suite.expect import answer_of, conforming, refused
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import FakeTarget, Target

SEQUENCES = "GET sequences/"
STATISTICS = "GET sequences/{sequence_id}/statistics"
RECIPIENTS = "GET sequences/{sequence_id}/statistics/{message_id}"
BROADCAST = "GET broadcasts/{broadcast_id}/statistic"
TEMPLATES = "GET message_templates"
SYNC = "GET message_templates/sync"
UPLOAD = "POST upload_media"
MEDIA_URL = "GET retrieve_media_url"

# At most this many sequences, and messages of each, are read, so that a big real page stays quick.
MAX_SEQUENCES_READ = 5
MAX_MESSAGES_READ = 5
# Ids no page is likely to have: the largest a signed 64-bit column holds, and one below it.
UNLIKELY_ID = 9223372036854775807
UNLIKELY_MEDIA_ID = "1"
# The smallest PNG: a 1x1 transparent pixel.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f6efb1"
    "0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def sequences(target: Target) -> list[dict[str, Any]]:
    return conforming(target.get("sequences/"), SEQUENCES, "responses/sequences")["data"]


@pytest.mark.endpoint(SEQUENCES)
def test_sequences_fit_the_schema(sequences: list[dict[str, Any]]) -> None:
    ids = [sequence["id"] for sequence in sequences]
    assert len(ids) == len(set(ids)), f"{SEQUENCES}: a sequence id is listed twice: {ids}"


@pytest.mark.endpoint(STATISTICS)
def test_statistics_of_every_sequence_fit_the_schema(target: Target, sequences: list[dict[str, Any]]) -> None:
    if not sequences:
        pytest.skip("the page has no sequences")
    for sequence in sequences[:MAX_SEQUENCES_READ]:
        answer = target.get(f"sequences/{sequence['id']}/statistics")
        conforming(answer, STATISTICS, "responses/sequence_statistics")


@pytest.mark.endpoint(RECIPIENTS)
def test_recipients_of_each_message_fit_the_schema(target: Target, sequences: list[dict[str, Any]]) -> None:
    read = 0
    for sequence in sequences[:MAX_SEQUENCES_READ]:
        answer = target.get(f"sequences/{sequence['id']}/statistics")
        messages = conforming(answer, STATISTICS, "responses/sequence_statistics")["data"]
        for message in messages[:MAX_MESSAGES_READ]:
            endpoint = f"sequences/{sequence['id']}/statistics/{message['message_id']}"
            conforming(target.get(endpoint), RECIPIENTS, "responses/sequence_message_recipients")
            read += 1
    if not read:
        pytest.skip("the page's sequences have no messages")


@pytest.mark.endpoint(STATISTICS)
def test_statistics_of_an_unknown_sequence(
    target: Target, sequences: list[dict[str, Any]], probe: Probe
) -> None:
    unknown = (
        UNLIKELY_ID if UNLIKELY_ID not in {sequence["id"] for sequence in sequences} else UNLIKELY_ID - 1
    )
    probe("sequence-statistics-unknown", answer_of(target.get(f"sequences/{unknown}/statistics")))


@pytest.mark.endpoint(BROADCAST)
def test_an_unknown_broadcast_is_a_refusal_with_http_200(target: Target, probe: Probe) -> None:
    answer = target.get(f"broadcasts/{UNLIKELY_ID}/statistic")
    probe("broadcast-statistic-unknown", answer_of(answer))
    refused(answer, BROADCAST)


@pytest.mark.endpoint(BROADCAST)
def test_a_broadcasts_statistic_fits_the_schema(fake: FakeTarget) -> None:
    # A real page lists no broadcast ids through the API: only the fake can be given one to read.
    page = fake.add_page({"broadcasts": [{"id": 12, "total_count": 3, "delivery": 2, "failed": 1}]})
    body = conforming(page.get("broadcasts/12/statistic"), BROADCAST, "responses/broadcast_statistic")
    assert body["success"] is True and body["total_count"] == 3, body


@pytest.mark.endpoint(TEMPLATES)
def test_templates_fit_the_schema_and_are_approved_by_default(target: Target) -> None:
    body = _templates_or_skip(target.get("message_templates"), TEMPLATES)
    statuses = {template["status"] for template in body["data"]}
    assert statuses <= {"APPROVED"}, f"{TEMPLATES}: without ?status, templates of status {statuses}"


@pytest.mark.endpoint(TEMPLATES)
def test_templates_of_a_status_no_template_has(target: Target, probe: Probe) -> None:
    probe(
        "message-templates-unknown-status", answer_of(target.get("message_templates?status=NO_SUCH_STATUS"))
    )


@pytest.mark.endpoint(SYNC)
def test_a_sync_answers_templates_that_fit_the_schema(writer: Target) -> None:
    _templates_or_skip(writer.get("message_templates/sync"), SYNC)


@pytest.mark.endpoint(MEDIA_URL)
def test_the_url_of_media_never_uploaded(target: Target, probe: Probe) -> None:
    answer = target.get(f"retrieve_media_url?mime_type=image/png&media_id={UNLIKELY_MEDIA_ID}")
    probe("retrieve-media-unknown", answer_of(answer))
    conforming(answer, MEDIA_URL, "responses/retrieve_media_url")


@pytest.mark.endpoint(UPLOAD)
def test_an_upload_answers_an_id_that_retrieve_media_url_is_asked_about(writer: Target) -> None:
    files = {"file": ("pixel.png", PIXEL_PNG, "image/png")}
    answer = writer.post("upload_media", data={"content_type": "image/png"}, files=files)
    media_id = conforming(answer, UPLOAD, "responses/upload_media")["attachment_id"]
    url = writer.get(f"retrieve_media_url?mime_type=image/png&media_id={media_id}")
    body = conforming(url, MEDIA_URL, "responses/retrieve_media_url")
    if writer.is_fake:
        # The fake knows what it was given; S4's only example of a real answer is {"success": false}.
        assert body["success"] is True, f"{MEDIA_URL}: the fake did not know {media_id}: {body}"
        assert writer.session.get(body["url"], timeout=30).content == PIXEL_PNG


def _templates_or_skip(answer: requests.Response, endpoint: str) -> dict[str, Any]:
    """The templates, or a skip when the page has no WhatsApp Business account and the target refuses."""
    if answer.status_code == 200 and answer.headers.get("Content-Type", "").startswith("application/json"):
        body = answer.json()
        if isinstance(body, dict) and body.get("success") is False:
            refused(answer, endpoint)
            pytest.skip(f"{endpoint}: refused ({body.get('message')}): the page may have no WhatsApp account")
    return conforming(answer, endpoint, "responses/message_templates")

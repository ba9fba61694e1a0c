"""WhatsApp: GET message_templates (by status, APPROVED by default) and message_templates/sync, POST
upload_media (multipart/form-data) and GET retrieve_media_url, which knows what upload_media kept."""

from __future__ import annotations

import base64
import io

import pytest

from mock_botcake import fidelity
from mock_botcake.seeds import load_seed
from mock_botcake.store import Store

from ..helpers import WHATSAPP_ID, assert_refused, state_unchanged

TEMPLATES = next(page for page in load_seed("demo")["pages"] if page["page_id"] == WHATSAPP_ID)[
    "message_templates"
]
PNG = b"\x89PNG\r\n\x1a\n fake image"


def names(response):
    return [template["name"] for template in response.get_json()["data"]]


# --- GET message_templates and message_templates/sync ------------------------------------------------


def test_the_approved_templates_are_listed_by_default_in_the_order_they_came(call, whatsapp):
    answer = call("GET", "message_templates", page=whatsapp).get_json()
    approved = [template for template in TEMPLATES if template["status"] == "APPROVED"]
    assert answer == {"data": approved, "success": True}
    assert len(approved) == 2


def test_a_status_lists_the_templates_of_that_status_only(call, whatsapp):
    assert names(call("GET", "message_templates?status=REJECTED", page=whatsapp)) == ["flash_sale"]


def test_a_status_no_template_has_lists_none(call, whatsapp):
    assert names(call("GET", "message_templates?status=PAUSED", page=whatsapp)) == []


def test_an_empty_status_is_refused(call, whatsapp):
    assert_refused(
        call("GET", "message_templates?status=", page=whatsapp), 400, fidelity.PARAMS_WRONG.message
    )


def test_a_sync_answers_every_template_whatever_its_status(call, whatsapp, store):
    with state_unchanged(store):
        response = call("GET", "message_templates/sync", page=whatsapp)
    assert response.get_json() == {"data": TEMPLATES, "success": True}


def test_another_pages_templates_are_not_listed(call):
    assert call("GET", "message_templates").get_json() == {"data": [], "success": True}


def test_the_templates_need_the_pages_token(call, whatsapp):
    response = call("GET", "message_templates", page=whatsapp, token="not-a-token")
    assert_refused(response, 401, "invalid access-token")


# --- POST upload_media and GET retrieve_media_url ------------------------------------------------------


# The two fields of an upload, as raw multipart parts (a boundary of B), for forms built by hand.
UPLOAD_FIELDS = (
    b'Content-Disposition: form-data; name="content_type"\r\n\r\nimage/png\r\n--B\r\n'
    b'Content-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n' + PNG + b"\r\n"
)


def upload(call, page, **form):
    fields = {"content_type": "image/png", "file": (io.BytesIO(PNG), "photo.png"), **form}
    fields = {name: value for name, value in fields.items() if value is not None}
    return call("POST", "upload_media", page=page, data=fields, content_type="multipart/form-data")


def test_an_upload_answers_s4s_shape_and_the_first_id_is_s4s_example(call, whatsapp):
    response = upload(call, whatsapp)
    assert response.status_code == 200
    assert list(response.get_json().items()) == [("attachment_id", "3028531777340972"), ("success", True)]


def test_a_form_part_whose_name_cannot_be_read_is_left_out_not_a_500(call, whatsapp):
    part = b'--B\r\nContent-Disposition: form-data; name="a.\\"\r\n\r\n{}\r\n'
    body = part + b"--B\r\n" + UPLOAD_FIELDS + b"--B--\r\n"
    response = call(
        "POST", "upload_media", page=whatsapp, data=body, content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def test_each_upload_gets_the_next_id_across_the_server(call, shop, whatsapp):
    first = upload(call, whatsapp).get_json()["attachment_id"]
    second = upload(call, shop).get_json()["attachment_id"]
    assert int(second) == int(first) + 1


def test_an_uploaded_file_is_kept_with_its_content_type_in_the_state(call, whatsapp, store):
    media_id = upload(call, whatsapp, content_type="video/mp4").get_json()["attachment_id"]
    assert store.media(WHATSAPP_ID, media_id) == {
        "id": media_id,
        "content_type": "video/mp4",
        "file": base64.b64encode(PNG).decode("ascii"),
    }


def test_an_upload_when_the_largest_attachment_id_is_taken_is_refused(client, store):
    last = {"id": str(fidelity.LARGEST_ATTACHMENT_ID), "content_type": "image/png", "file": ""}
    page = client.post("/_mock/pages", json={"media": [last]}).get_json()
    with state_unchanged(store):
        response = client.post(
            f"/api/public_api/v1/pages/{page['page_id']}/upload_media",
            headers={"access-token": page["access_token"]},
            data={"content_type": "image/png", "file": (io.BytesIO(PNG), "a.png")},
            content_type="multipart/form-data",
        )
    assert_refused(response, 409, "no id left for a new item")


def test_retrieve_media_url_knows_an_uploaded_file_and_its_url_answers_the_bytes(client, call, whatsapp):
    media_id = upload(call, whatsapp).get_json()["attachment_id"]
    answer = call("GET", f"retrieve_media_url?mime_type=image/png&media_id={media_id}", page=whatsapp)
    assert answer.get_json() == {
        "success": True,
        "url": f"http://localhost/_mock/pages/{WHATSAPP_ID}/media/{media_id}",
    }
    download = client.get(answer.get_json()["url"])
    assert download.status_code == 200
    assert download.data == PNG
    assert download.mimetype == "application/octet-stream"
    assert download.headers["Content-Disposition"] == "attachment"


def test_a_seeded_file_is_known_to_retrieve_media_url(call, whatsapp):
    response = call("GET", "retrieve_media_url?mime_type=image/png&media_id=3028531777340971", page=whatsapp)
    assert response.get_json()["success"] is True


@pytest.mark.parametrize("media_id", ["1", "3028531777340972", "abc", "9" * 40])
def test_a_media_id_upload_media_did_not_give_the_page_is_refused_with_http_200(call, whatsapp, media_id):
    response = call("GET", f"retrieve_media_url?mime_type=image/png&media_id={media_id}", page=whatsapp)
    assert_refused(response, 200, fidelity.UNKNOWN_MEDIA.message)


def test_another_pages_upload_is_unknown_to_retrieve_media_url(call, shop, whatsapp):
    media_id = upload(call, whatsapp).get_json()["attachment_id"]
    response = call("GET", f"retrieve_media_url?mime_type=image/png&media_id={media_id}", page=shop)
    assert_refused(response, 200, fidelity.UNKNOWN_MEDIA.message)


@pytest.mark.parametrize("query", ["mime_type=image/png", "media_id=1", ""])
def test_retrieve_media_url_needs_both_parameters(call, whatsapp, query):
    response = call("GET", f"retrieve_media_url?{query}", page=whatsapp)
    assert_refused(response, 400, fidelity.PARAMS_WRONG.message)


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({"file": None}, "file is required"),
        ({"content_type": None}, "content_type is required"),
        ({"content_type": "png"}, "content_type"),
        ({"file": "aGVsbG8="}, "file is required"),
        ({"content_type": (io.BytesIO(b"image/png"), "type.txt")}, "content_type is required"),
        ({"file": (io.BytesIO(b""), "empty.png")}, "file"),
    ],
    ids=[
        "no file",
        "no content type",
        "not a MIME type",
        "a text field as the file",
        "a file as the type",
        "an empty file",
    ],
)
def test_an_upload_missing_a_field_or_with_a_bad_one_is_refused_and_keeps_nothing(
    call, whatsapp, store, form, problem
):
    with state_unchanged(store):
        response = upload(call, whatsapp, **form)
    assert_refused(response, 400, fidelity.BAD_UPLOAD.message)
    assert problem in response.get_json()["errors"][0]


def test_an_upload_that_is_not_a_form_is_refused_and_keeps_nothing(call, whatsapp, store):
    with state_unchanged(store):
        response = call(
            "POST", "upload_media", page=whatsapp, json={"content_type": "image/png", "file": "x"}
        )
    assert_refused(response, 400, fidelity.BAD_UPLOAD.message)
    assert response.get_json()["errors"] == ["the request body is not multipart/form-data"]


def test_a_malformed_form_is_refused_not_a_server_error(call, whatsapp, store):
    with state_unchanged(store):
        response = call(
            "POST",
            "upload_media",
            page=whatsapp,
            data=b"--b\r\nContent-Disposition: form-data\r\n\r\nno name, no end",
            content_type="multipart/form-data; boundary=b",
        )
    assert_refused(response, 400, fidelity.BAD_UPLOAD.message)


def test_an_upload_over_a_mebibyte_is_refused(call, whatsapp, store):
    big = io.BytesIO(b"x" * (fidelity.MAX_BODY_BYTES + 1))
    with state_unchanged(store):
        response = upload(call, whatsapp, file=(big, "big.bin"))
    assert_refused(response, 413, fidelity.BODY_TOO_LARGE.message)


def test_uploaded_files_go_through_the_state_export_and_back_byte_for_byte(call, whatsapp, store):
    upload(call, whatsapp, file=(io.BytesIO(bytes(range(256))), "all.bin"))
    exported = store.export_state()
    again = Store()
    again.import_state(exported)
    assert again.export_state() == exported
    media = exported["pages"][1]["media"][-1]
    assert base64.b64decode(again.media(WHATSAPP_ID, media["id"])["file"]) == bytes(range(256))


@pytest.mark.parametrize(
    "media",
    [
        {"id": "1", "content_type": "image/png", "file": "not base64!"},
        {"id": "1", "content_type": "image/png", "file": "abc"},
        {"id": "1" * 19, "content_type": "image/png", "file": ""},
        {"id": "01", "content_type": "image/png", "file": ""},
    ],
    ids=["not base64", "base64 cut short", "an id past 18 digits", "a leading zero"],
)
def test_a_seed_with_a_bad_media_item_is_refused(client, store, media):
    with state_unchanged(store):
        response = client.post("/_mock/pages", json={"media": [media]})
    assert response.status_code == 400


def test_the_control_plane_says_when_a_file_is_not_there(client):
    assert client.get(f"/_mock/pages/{WHATSAPP_ID}/media/1").status_code == 404


@pytest.mark.parametrize("ttl", [10**22, -1])
def test_a_seeded_template_ttl_outside_a_count_of_seconds_is_refused_not_a_server_error(client, store, ttl):
    template = {**TEMPLATES[0], "message_send_ttl_seconds": ttl}
    with state_unchanged(store):
        response = client.post("/_mock/pages", json={"message_templates": [template]})
    assert response.status_code == 400, response.get_data(as_text=True)

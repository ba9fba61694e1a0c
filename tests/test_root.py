"""GET / points at what there is to see: the dashboard, the OpenAPI document and the docs."""

from __future__ import annotations

from mock_botcake import __version__
from mock_botcake.app import create_app


def test_the_root_points_at_the_dashboard_the_openapi_document_and_the_docs(client):
    answer = client.get("/")
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["dashboard"], body["openapi"], body["version"]) == (
        "/_mock/ui",
        "/openapi.json",
        __version__,
    )
    assert "README.md" in body["docs"]


def test_every_path_the_root_points_at_answers(client):
    body = client.get("/").get_json()
    for key in ("dashboard", "openapi", "health"):
        assert client.get(body[key]).status_code == 200, key
    assert client.get(body["api_base_url"] + "/pages/1/flows").status_code != 404


def test_the_root_stays_open_behind_an_admin_token(store):
    guarded = create_app(store, admin_token="s3cret-admin-token").test_client()
    assert guarded.get("/").status_code == 200

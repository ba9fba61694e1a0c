"""`mock_botcake.web.environ.build_environ`: the one environ that serve's bridge and the plugin build."""

from __future__ import annotations

from mock_botcake.web.environ import build_environ


def environ_with(headers: list[tuple[str, str]], body: bytes = b"") -> dict:
    return build_environ(
        method="POST",
        path="/x",
        query="a=1",
        headers=headers,
        body=body,
        server=("127.0.0.1", "8080"),
        remote_addr="127.0.0.1",
    )


def test_a_header_name_with_an_underscore_is_dropped_not_read_as_its_dash_twin():
    environ = environ_with([("access_token", "t1")])
    assert "HTTP_ACCESS_TOKEN" not in environ


def test_a_dash_header_becomes_its_http_key():
    assert environ_with([("access-token", "t1")])["HTTP_ACCESS_TOKEN"] == "t1"


def test_a_repeated_header_is_one_comma_separated_value_as_waitress_joins_it():
    assert environ_with([("x-a", "1"), ("X-A", "2")])["HTTP_X_A"] == "1, 2"


def test_content_type_and_length_have_no_http_prefix_and_the_length_is_the_bodys():
    environ = environ_with([("content-type", "application/json"), ("transfer-encoding", "chunked")], b"{}")
    assert (environ["CONTENT_TYPE"], environ["CONTENT_LENGTH"]) == ("application/json", "2")
    assert environ["wsgi.input"].read() == b"{}"

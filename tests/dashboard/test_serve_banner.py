"""``mock-botcake serve`` tells where the dashboard is."""

from __future__ import annotations

from ..servers import start, stop


def test_the_serve_banner_gives_the_dashboards_address(served):
    assert f"  dashboard:     {served.root}/_mock/ui\n" in served.banner


def test_with_an_admin_token_the_banner_says_how_to_sign_in_without_printing_the_token():
    server = start("--seed", "empty", "--admin-token", "banner-secret")
    try:
        assert f"  dashboard:     {server.root}/_mock/ui?admin_token=<token>  (once)\n" in server.banner
        assert "banner-secret" not in server.banner
    finally:
        stop(server)

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


def test_the_serve_banner_gives_each_accounts_user_access_token_and_pages(served):
    assert "    user-access-token: demo-user-access-token-0001\n" in served.banner
    assert "      pages: 113045297552223, waba_1053844194483527\n" in served.banner

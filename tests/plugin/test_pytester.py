"""The plugin as a user meets it: a fresh project with no conftest, run by pytest itself (pytester)."""

from __future__ import annotations

import json
import textwrap

import pytest

SHOP_ID = "113045297552223"
SENT_BODY = "{'psid': '42', 'flow_id': 1559}"

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def test_both_fixtures_are_there_without_any_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import requests

        def test_in_process(botcake):
            page = botcake.add_page(name="Shop")
            assert requests.get(page.url("keywords"), headers=page.headers).json() == {
                "success": True, "data": []}

        def test_live(botcake_server):
            page = botcake_server.add_page(name="Shop")
            assert botcake_server.base_url.startswith("http://127.0.0.1:")
            assert requests.get(page.url("keywords"), headers=page.headers).json() == {
                "success": True, "data": []}
        """
    )

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=2)


@pytest.mark.parametrize("fixture", ["botcake", "botcake_server"])
def test_state_does_not_leak_from_one_test_into_the_next(pytester: pytest.Pytester, fixture: str) -> None:
    pytester.makepyfile(
        f"""
        import json, pytest, requests

        @pytest.fixture
        def fake(request):
            return request.getfixturevalue("{fixture}")

        @pytest.mark.botcake_seed("demo")
        def test_writes_everything(fake):
            with open("start-state.json", "w") as out:
                json.dump(fake.state(), out)
            shop = fake.page("{SHOP_ID}")
            requests.post(shop.url("keywords/create"), headers=shop.headers)
            requests.post(shop.url("flows/send_flow"), json={{"psid": "1", "flow_id": 1559}},
                          headers=shop.headers)
            fake.rotate_token("{SHOP_ID}")
            fake.add_page(name="extra")
            assert fake.state() != json.load(open("start-state.json"))

        @pytest.mark.botcake_seed("demo")
        def test_starts_from_the_seed_again(fake):
            assert fake.state() == json.load(open("start-state.json"))
            assert fake.requests == []
            fake.assert_nothing_sent()
        """
    )

    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=2)


@pytest.mark.parametrize("fixture", ["botcake", "botcake_server"])
def test_a_failing_test_shows_what_the_fake_received(pytester: pytest.Pytester, fixture: str) -> None:
    pytester.makepyfile(
        f"""
        import pytest, requests

        @pytest.mark.botcake_seed("demo")
        def test_sends_and_fails({fixture}):
            shop = {fixture}.page("{SHOP_ID}")
            requests.post(shop.url("flows/send_flow"), json={{"psid": "42", "flow_id": 1559}},
                          headers=shop.headers)
            requests.get(shop.url("flows/[999]"), headers=shop.headers)
            {fixture}.assert_flow_sent(psid="42", flow_id=1560)
        """
    )

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*expected a flow send with psid='42', flow_id=1560, but 0 of 1 sends matched. Received:",
            "*#1 page 113045297552223 flow    psid='42' flow_id=1559",
            f"*{fixture}: what the fake received*",
            "last requests*",
            f"  POST /api/public_api/v1/pages/{SHOP_ID}/flows/send_flow -> 200 body={SENT_BODY}",
            f"  GET /api/public_api/v1/pages/{SHOP_ID}/flows/[999] -> 400",
            "sends*",
            "  #1 page 113045297552223 flow    psid='42' flow_id=1559",
        ]
    )


def test_a_passing_test_has_no_fake_report_section(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_ok(botcake):\n    assert botcake.pages == []\n")

    result = pytester.runpytest("-p", "no:cacheprovider", "-rA")

    result.assert_outcomes(passed=1)
    assert "what the fake received" not in result.stdout.str()


def test_each_xdist_worker_gets_its_own_live_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import json, os, pytest, requests

        @pytest.mark.parametrize("n", range(8))
        def test_writes_alone(botcake_server, botcake, n, tmp_path_factory):
            page = botcake_server.add_page(page_id=f"page_{n}")
            for psid in ("a", "b"):
                requests.post(page.url("flows/send_content"), headers=page.headers,
                              json={"psid": psid, "data": {"version": "v2", "content": {"messages": [
                                  {"type": "text", "text": str(n)}]}}})
            assert [p.page_id for p in botcake_server.pages] == [f"page_{n}"]
            assert len(botcake_server.sends()) == 2
            botcake.assert_nothing_sent()
            record = {"worker": os.environ["PYTEST_XDIST_WORKER"], "url": botcake_server.root_url}
            out = tmp_path_factory.getbasetemp().parent.parent / f"record-{n}.json"
            out.write_text(json.dumps(record))
        """
    )

    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=8)
    records = [json.loads(path.read_text()) for path in pytester.path.parent.rglob("record-*.json")]
    servers = {record["worker"]: set() for record in records}
    for record in records:
        servers[record["worker"]].add(record["url"])
    assert len(servers) == 2
    assert all(len(urls) == 1 for urls in servers.values())  # one server per worker, for the session
    assert len(set.union(*servers.values())) == 2


def test_the_seed_marker_reads_a_file_next_to_the_test(pytester: pytest.Pytester) -> None:
    pytester.makefile(".json", shop=json.dumps({"page_id": "p1", "name": "My shop"}))
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.botcake_seed("shop.json")
        def test_seeded(botcake):
            assert [(p.page_id) for p in botcake.pages] == ["p1"]
        """
    )

    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_seed_option_sets_the_default_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        def test_seeded(botcake_server):
            assert botcake_server.pages[0].page_id == "{SHOP_ID}"
        """
    )

    pytester.runpytest("--botcake-seed", "demo", "-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_seed_ini_setting_sets_the_default_seed(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nbotcake_seed = demo\n")
    pytester.makepyfile(f'def test_seeded(botcake):\n    assert botcake.pages[0].page_id == "{SHOP_ID}"\n')

    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_missing_seed_file_fails_the_test_with_the_reason(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.botcake_seed("nowhere.json")
        def test_seeded(botcake):
            pass
        """
    )

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*botcake seed: seed file */nowhere.json does not exist*"])
    assert "During handling of the above exception" not in result.stdout.str()


def test_an_invalid_seed_file_fails_the_test_with_the_reason(pytester: pytest.Pytester) -> None:
    pytester.makefile(".json", bad=json.dumps({"flows": [{"id": 1, "name": "x", "parent_id": 9}]}))
    pytester.makepyfile(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.botcake_seed("bad.json")
            def test_seeded(botcake_server):
                pass
            """
        )
    )

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*botcake seed: seed */bad.json is not valid: *parent_id 9*"])


def test_the_ini_seed_path_is_relative_to_the_ini_file_wherever_pytest_starts(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\nbotcake_seed = seeds/shop.json\n")
    (pytester.path / "seeds").mkdir()
    (pytester.path / "seeds" / "shop.json").write_text(json.dumps({"page_id": "p1"}))
    tests = pytester.mkpydir("sub")
    (tests / "test_seeded.py").write_text(
        'def test_seeded(botcake):\n    assert botcake.pages[0].page_id == "p1"\n'
    )
    monkeypatch.chdir(tests)

    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_bad_run_wide_seed_stops_the_run_once_with_the_reason(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_a(botcake):\n    pass\n\ndef test_b(botcake):\n    pass\n")

    result = pytester.runpytest("--botcake-seed", "nowhere.json", "-p", "no:cacheprovider")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.str().count("nowhere.json does not exist") == 1

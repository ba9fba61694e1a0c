"""``@mock_botcake()`` on a ``unittest.TestCase``: each test has a fake of its own from ``setUp`` to its
cleanups, as ``self.botcake``. The classes are built inside the tests (pytest would collect them at
module level) and run by unittest's own runner."""

from __future__ import annotations

import io
import unittest

import requests

from mock_botcake.embedded import current_botcake, mock_botcake

from .routing import FLOW, requests_is_routed, send_flow


def run(case: type[unittest.TestCase]) -> unittest.TestResult:
    suite = unittest.TestLoader().loadTestsFromTestCase(case)
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    return result


def problems(result: unittest.TestResult) -> str:
    return "\n".join(trace for _, trace in result.failures + result.errors)


def test_each_test_method_starts_with_a_fresh_fake():
    @mock_botcake()
    class Orders(unittest.TestCase):
        def test_one(self):
            self.botcake.add_page(page_id="1")
            self.assertEqual([page.page_id for page in self.botcake.pages], ["1"])

        def test_two(self):
            self.botcake.add_page(page_id="1")
            self.assertEqual([page.page_id for page in self.botcake.pages], ["1"])

    result = run(Orders)

    assert result.testsRun == 2 and result.wasSuccessful(), problems(result)


def test_what_set_up_adds_is_there_in_the_test_and_tear_down_still_reaches_the_fake():
    seen_in_tear_down: list[int] = []

    @mock_botcake()
    class Orders(unittest.TestCase):
        def setUp(self):
            self.page = self.botcake.add_page(flows=[FLOW])

        def test_the_flow_is_sent(self):
            self.assertEqual(send_flow(self.page, psid="c-1").json(), {"success": True})
            self.botcake.assert_flow_sent(psid="c-1", times=1)

        def tearDown(self):
            answer = requests.get(self.page.url("flows"), headers=self.page.headers, timeout=10)
            seen_in_tear_down.append(answer.status_code)

    result = run(Orders)

    assert result.wasSuccessful(), problems(result)
    assert seen_in_tear_down == [200]


def test_the_test_s_handle_is_also_the_current_botcake():
    @mock_botcake()
    class Handle(unittest.TestCase):
        def test_it(self):
            self.assertIs(current_botcake(), self.botcake)

    result = run(Handle)

    assert result.wasSuccessful(), problems(result)


def test_the_class_seed_applies_to_every_test():
    @mock_botcake(seed="demo")
    class Demo(unittest.TestCase):
        def test_the_shop_page_is_there(self):
            self.botcake.page("113045297552223")

    result = run(Demo)

    assert result.wasSuccessful(), problems(result)


def test_a_failing_test_fails_as_usual_and_requests_is_routed_back():
    @mock_botcake()
    class Failing(unittest.TestCase):
        def test_it(self):
            self.botcake.assert_flow_sent(psid="nobody")

    result = run(Failing)

    assert len(result.failures) == 1
    assert "expected a flow send with psid='nobody'" in problems(result)
    assert not requests_is_routed()


def test_a_set_up_that_fails_still_routes_requests_back():
    @mock_botcake()
    class BrokenSetUp(unittest.TestCase):
        def setUp(self):
            raise RuntimeError("setUp broke")

        def test_never_runs(self):
            pass  # pragma: no cover

    result = run(BrokenSetUp)

    assert len(result.errors) == 1 and "setUp broke" in problems(result)
    assert not requests_is_routed()


def test_decorating_a_class_starts_no_fake():
    @mock_botcake()
    class Quiet(unittest.TestCase):
        pass

    assert not requests_is_routed()
    assert Quiet.__name__ == "Quiet"


def test_on_a_plain_class_each_test_method_gets_a_fake_and_other_methods_none():
    @mock_botcake()
    class Checks:
        def test_pages_start_empty(self) -> int:
            current_botcake().add_page()
            return len(current_botcake().pages)

        def helper(self) -> bool:
            return requests_is_routed()

    checks = Checks()

    assert [checks.test_pages_start_empty(), checks.test_pages_start_empty()] == [1, 1]
    assert checks.helper() is False

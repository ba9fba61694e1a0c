"""Fault rules in-process: ``requests`` to botcake.io reach the fake through ``responses``, and the rules
apply there as under serve."""

from __future__ import annotations

import requests

from mock_botcake.embedded import mock_botcake

from .routing import FLOW, send_flow


def test_in_process_the_journal_names_the_rule_that_answered():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        rule = botcake.add_fault(name="sends down", match={"path": "flows/send_flow"}, action={"status": 503})

        assert send_flow(page).status_code == 503

        assert [entry["fault"] for entry in botcake.requests] == [{"id": rule["id"], "name": "sends down"}]


def test_in_process_a_removed_rule_answers_no_more():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        rule = botcake.add_fault(match={"path": "flows/send_flow"}, action={"status": 503})

        assert botcake.remove_fault(rule["id"]) == rule

        assert send_flow(page).status_code == 200
        assert botcake.faults == []


def test_in_process_a_body_rule_fails_the_send_to_one_psid_only():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        botcake.add_fault(match={"path": "flows/send_flow", "body": {"psid": "42"}}, action={"status": 503})

        statuses = [send_flow(page, psid=psid).status_code for psid in ("42", "43")]

        assert statuses == [503, 200]
        botcake.assert_flow_sent(psid="43", times=1)


def test_in_process_a_query_rule_faults_only_that_page_of_the_list():
    with mock_botcake() as botcake:
        page = botcake.add_page()
        botcake.add_fault(match={"path": "get_list_tag", "query": {"page": "3"}}, action={"status": 503})

        statuses = [
            requests.get(
                page.url("get_list_tag"), headers=page.headers, params={"page": n}, timeout=10
            ).status_code
            for n in (3, 2)
        ]

        assert statuses == [503, 200]


def test_in_process_two_503s_then_the_real_answer():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        answers = [{"status": 503}, {"status": 503}, {"pass": True}]
        botcake.add_fault(match={"path": "flows/send_flow"}, action={"responses": answers})

        statuses = [send_flow(page).status_code for _ in range(4)]

        assert statuses == [503, 503, 200, 200]
        botcake.assert_flow_sent(psid="c-1", times=2)

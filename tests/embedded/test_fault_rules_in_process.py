"""Fault rules in-process: ``requests`` to botcake.io reach the fake through ``responses``, and the rules
apply there as under serve."""

from __future__ import annotations

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

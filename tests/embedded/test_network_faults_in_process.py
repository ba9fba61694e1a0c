"""Network faults (``action.fault``) in-process: ``requests`` to botcake.io raise or answer as they would
against a real server that failed that way."""

from __future__ import annotations

import time

import pytest
import requests

from mock_botcake.embedded import mock_botcake

from .routing import FLOW, send_flow


def test_in_process_an_empty_fault_is_a_connection_error_and_sends_nothing():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        botcake.add_fault(match={"path": "flows/send_flow"}, action={"fault": "empty"})

        with pytest.raises(requests.ConnectionError):
            send_flow(page)

        botcake.assert_nothing_sent()


def test_in_process_a_malformed_fault_is_a_200_whose_json_fails():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        botcake.add_fault(match={"path": "flows/send_flow"}, action={"fault": "malformed"})

        response = send_flow(page)

        assert response.status_code == 200
        with pytest.raises(requests.JSONDecodeError):
            response.json()


def test_in_process_a_reset_fault_is_a_connection_reset_as_requests_raises_it():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        botcake.add_fault(match={"path": "flows/send_flow"}, action={"fault": "reset"})

        with pytest.raises(requests.ConnectionError, match="Connection reset by peer"):
            send_flow(page)


def test_in_process_a_truncated_fault_is_a_broken_connection_as_requests_raises_it():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        botcake.add_fault(match={"path": "flows/send_flow"}, action={"fault": "truncated"})

        with pytest.raises(requests.exceptions.ChunkedEncodingError, match="IncompleteRead"):
            send_flow(page)


def test_in_process_a_slow_fault_gives_the_real_answer_no_sooner_than_its_delay():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        botcake.add_fault(match={"path": "flows/send_flow"}, action={"fault": "slow", "delay_ms": 200})

        started = time.monotonic()
        response = send_flow(page)

        assert time.monotonic() - started >= 0.2
        assert response.json() == {"success": True}


def test_in_process_a_scenario_gives_an_empty_answer_then_a_malformed_one_then_the_real_one():
    with mock_botcake() as botcake:
        page = botcake.add_page(flows=[FLOW])
        answers = [{"fault": "empty"}, {"fault": "malformed"}]
        botcake.add_fault(
            match={"path": "flows/send_flow"}, action={"responses": answers, "after_last": "pass"}
        )

        with pytest.raises(requests.ConnectionError):
            send_flow(page)
        with pytest.raises(requests.JSONDecodeError):
            send_flow(page).json()
        assert send_flow(page).json() == {"success": True}

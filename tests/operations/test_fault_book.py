"""The fault book itself (mock_botcake/faults.py), without HTTP: what a fired rule tells the web layer to
do, and that a rule never shares its data with the caller that added or listed it."""

from __future__ import annotations

from mock_botcake.control.faults import DEFAULT_FAULT_BODY, Fault, FaultBook, random_error_rule

SEND = ("POST", "113045297552223", "flows/send_flow")


def test_a_status_rule_answers_that_status_with_the_default_body_and_nothing_else():
    book = FaultBook()
    book.add({"match": {}, "action": {"status": 503}})
    assert book.pick(*SEND) == Fault(rule_id=1, status=503, body=DEFAULT_FAULT_BODY)


def test_a_body_only_rule_answers_500_with_that_body():
    book = FaultBook()
    book.add({"match": {}, "action": {"body": {"success": False, "message": "busy"}}})
    fault = book.pick(*SEND)
    assert (fault.status, fault.body) == (500, {"success": False, "message": "busy"})


def test_a_delay_only_rule_delays_without_answering_dropping_or_waiting_for_the_write():
    book = FaultBook()
    book.add({"match": {}, "action": {"delay_ms": 20}})
    assert book.pick(*SEND) == Fault(rule_id=1, delay_ms=20)


def test_changing_an_added_spec_afterwards_does_not_change_the_rule():
    book = FaultBook()
    spec = {"match": {"path": "flows/*"}, "action": {"status": 503}}
    book.add(spec)
    spec["match"]["path"] = "keywords"
    assert book.pick(*SEND) is not None


def test_changing_a_listed_rule_does_not_change_the_rule():
    book = FaultBook()
    book.add({"match": {"path": "flows/*"}, "action": {"status": 503}})
    book.listed()[0]["match"]["path"] = "keywords"
    assert book.listed()[0]["match"] == {"path": "flows/*"}


def test_changing_a_faults_body_does_not_change_the_next_faults_body():
    book = FaultBook()
    book.add({"match": {}, "action": {"body": {"message": "busy"}}})
    book.pick(*SEND).body["message"] = "changed"
    assert book.pick(*SEND).body == {"message": "busy"}


def test_clear_leaves_a_book_that_may_not_delay():
    book = FaultBook()
    book.add({"match": {}, "action": {"delay_ms": 20}})
    book.clear()
    assert book.may_delay() is False


def test_the_fault_rate_rule_is_a_500_on_every_request_with_that_probability_and_seed():
    assert random_error_rule(0.25, 7) == {
        "match": {},
        "action": {"status": 500},
        "probability": 0.25,
        "seed": 7,
    }


def test_the_fault_rate_rule_without_a_seed_has_no_seed_key():
    assert "seed" not in random_error_rule(0.25, None)


def test_changing_a_faults_nested_body_does_not_change_the_next_faults_body():
    book = FaultBook()
    book.add({"match": {}, "action": {"body": {"errors": ["busy"]}}})
    book.pick(*SEND).body["errors"].append("changed")
    assert book.pick(*SEND).body == {"errors": ["busy"]}

"""Keyword create/update and flow sends in random order, checked after every step against a model.

The model holds the keywords this run created (and the flows they point at) and, on the fake, the
``sent`` count of each flow. Real pages are only touched with ``--allow-writes`` (and sends only with
``--allow-sends --psid``); updates go only to keywords the machine created itself.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from mock_botcake.contracts.suite import pages
from mock_botcake.contracts.suite.expect import conforming
from mock_botcake.contracts.suite.plugin import Permissions
from mock_botcake.contracts.suite.target import Target


def machine_for(target: Target, psid: str | None, flow_ids: list[int]) -> type[RuleBasedStateMachine]:
    class KeywordsAndSends(RuleBasedStateMachine):
        keywords = Bundle("keywords")

        def __init__(self) -> None:
            super().__init__()
            self.flows_of: dict[int, int | None] = {}
            self.seen_ids = {keyword["id"] for keyword in pages.keywords(target)}
            self.sent_before = {flow_id: pages.statistics(target, flow_id)["sent"] for flow_id in flow_ids}
            self.sends: Counter[int] = Counter()

        @rule(target=keywords)
        def create(self) -> int:
            answer = target.post("keywords/create")
            keyword = conforming(answer, "POST keywords/create", "responses/keyword_write")["keyword"]
            assert keyword["id"] not in self.seen_ids, f"keywords/create reused id {keyword['id']}"
            assert keyword["flow_id"] is None
            self.seen_ids.add(keyword["id"])
            self.flows_of[keyword["id"]] = None
            return keyword["id"]

        @rule(keyword_id=keywords, flow_id=st.sampled_from(flow_ids))
        def update(self, keyword_id: int, flow_id: int) -> None:
            body = {"keyword_id": keyword_id, "update": {"flow_id": flow_id}}
            answer = target.post("keywords/update", json=body)
            written = conforming(answer, "POST keywords/update", "responses/keyword_write")["keyword"]
            assert written == {"id": keyword_id, "flow_id": flow_id}
            self.flows_of[keyword_id] = flow_id

        @precondition(lambda self: psid is not None)
        @rule(flow_id=st.sampled_from(flow_ids))
        def send_flow(self, flow_id: int) -> None:
            answer = target.post("flows/send_flow", json={"psid": psid, "flow_id": flow_id})
            conforming(answer, "POST flows/send_flow", "responses/send")
            self.sends[flow_id] += 1

        @invariant()
        def keywords_read_back_as_written(self) -> None:
            listed = pages.keywords(target)
            ids = [keyword["id"] for keyword in listed]
            assert len(ids) == len(set(ids)), "GET keywords lists an id twice"
            flows_listed = {keyword["id"]: keyword["flow_id"] for keyword in listed}
            for keyword_id, flow_id in self.flows_of.items():
                assert flows_listed.get(keyword_id, "missing") == flow_id, (
                    f"keyword {keyword_id} reads back wrong"
                )

        @invariant()
        def each_send_counts_in_its_flow_statistics(self) -> None:
            if not target.is_fake:
                return  # a real page's counters move with real traffic and delivery delays
            for flow_id, count in self.sends.items():
                assert pages.statistics(target, flow_id)["sent"] == self.sent_before[flow_id] + count

    return KeywordsAndSends


@pytest.mark.endpoint("POST keywords/update")
def test_keyword_writes_and_sends_match_the_model(
    target: Target, writer: Target, allowed: Permissions
) -> None:
    flow_ids = pages.live_flow_ids(pages.flow_tree(target))
    if not flow_ids:
        pytest.skip("the page has no live flow")
    psid = (allowed.psid or "contract-suite-subscriber") if allowed.sends else None
    steps, runs = (10, 10) if target.is_fake else (5, 2)
    run_state_machine_as_test(
        machine_for(writer, psid, flow_ids[:5]),
        settings=settings(max_examples=runs, stateful_step_count=steps),
    )

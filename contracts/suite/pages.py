"""Reading a page back through the public API: the state the suite compares before and after."""

from __future__ import annotations

from typing import Any

from mock_botcake.contracts.suite.expect import conforming
from mock_botcake.contracts.suite.target import Target

# Statistics are read for at most this many flows, so that a big real page stays quick to check.
MAX_FLOWS_READ = 15


def flow_tree(target: Target) -> dict[str, list[dict[str, Any]]]:
    return conforming(target.get("flows"), "GET flows", "responses/flows")["data"]


def keywords(target: Target) -> list[dict[str, Any]]:
    return conforming(target.get("keywords"), "GET keywords", "responses/keywords")["data"]


def statistics(target: Target, flow_id: int) -> dict[str, int]:
    answer = target.get(f"flows/{flow_id}/statistics")
    return conforming(answer, "GET flows/{flow_id}/statistics", "responses/flow_statistics")["data"]


def live_flow_ids(tree: dict[str, list[dict[str, Any]]]) -> list[int]:
    return [flow["id"] for flow in tree["flows"] if not flow["is_removed"]]


def folder_path(folders: list[dict[str, Any]], folder_id: int) -> list[int]:
    """The ids from the root down to ``folder_id``, following parent_id."""
    parents = {folder["id"]: folder["parent_id"] for folder in folders}
    path = [folder_id]
    while parents.get(path[0]) is not None and len(path) <= len(parents):
        path.insert(0, parents[path[0]])
    return path


def path_literal(path: list[int]) -> str:
    return "[" + ",".join(str(folder_id) for folder_id in path) + "]"


def observable_state(target: Target) -> dict[str, Any]:
    """Everything a request could have changed, as the public API shows it (order ignored)."""
    tree = flow_tree(target)
    # Live flows only: whether a removed flow's statistics can be read is a guess (fidelity 7.6).
    flow_ids = sorted(live_flow_ids(tree))[:MAX_FLOWS_READ]
    return {
        "folders": sorted(tree["folders"], key=lambda item: item["id"]),
        "flows": sorted(tree["flows"], key=lambda item: item["id"]),
        "keywords": sorted(keywords(target), key=lambda item: item["id"]),
        "statistics": {flow_id: statistics(target, flow_id) for flow_id in flow_ids},
    }

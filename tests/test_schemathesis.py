"""Schemathesis fuzzes a real ``mock-botcake serve`` through its own ``/openapi.json`` and finds nothing.

Every operation, the control plane included, gets schemathesis's four phases (the documents'
examples, boundary "coverage" cases, random fuzzing, and stateful sequences that follow the
document's links), with positive and negative data, a fixed seed and a bounded number of examples.
Each answer is checked for server errors, a declared status, a declared content type and a body that
fits the declared schema, and schema-violating requests must be refused.

Replacing the whole state, resetting it or rotating the demo page's token would make every later API
request of the same run a 401, and an added fault rule would make later API answers wrong on purpose,
so those four operations get their own run on their own server.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_botcake.contract_tools.openapi import operations
from mock_botcake.seeds import load_seed

from .servers import Served, start, stop

SEED = 20261125
MAX_EXAMPLES = 25
RUN_TIMEOUT_S = 240
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
)
STATE_REPLACING = ("importState", "reset", "rotateToken", "addFault")


@pytest.fixture
def server() -> Iterator[Served]:
    served = start("--seed", "demo")
    yield served
    if served.process.poll() is None:
        stop(served)


def demo_page() -> dict:
    return load_seed("demo")["pages"][0]


def demo_account() -> dict:
    return load_seed("demo")["accounts"][0]


def config_file(folder: Path, page: dict) -> Path:
    """A schemathesis.toml that logs in as the demo page and points ids at things that exist there.

    The dictionaries only make valid ids likelier (half the time), so that requests reach the
    handlers' success paths as well as their refusals; every other value is generated.
    """
    flow_ids = [flow["id"] for flow in page["flows"]]
    keyword_ids = [keyword["id"] for keyword in page["keywords"]]
    folder_paths = ["[]"] + [f"[{folder['id']}]" for folder in page["folders"] if folder["parent_id"] is None]
    folder_paths += [
        f"[{folder['parent_id']},{folder['id']}]" for folder in page["folders"] if folder["parent_id"]
    ]
    lines = [
        f"seed = {SEED}",
        "[generation]",
        f"max-examples = {MAX_EXAMPLES}",
        "database = 'none'",
        "[auth.openapi.accessToken]",
        f"api_key = {json.dumps(page['access_token'])}",
        "[auth.openapi.userAccessToken]",
        f"api_key = {json.dumps(demo_account()['user_access_token'])}",
        "[dictionaries.flows]",
        f"values = {json.dumps(flow_ids)}",
        "[dictionaries.keywords]",
        f"values = {json.dumps(keyword_ids)}",
        "[dictionaries.folder_paths]",
        f"values = {json.dumps(folder_paths)}",
        "[parameters]",
        f"page_id = {json.dumps(page['page_id'])}",
        "'path.path' = { dictionary = 'folder_paths', probability = 0.5 }",
        "'query.path' = { dictionary = 'folder_paths', probability = 0.5 }",
        "'path.flow_id' = { dictionary = 'flows', probability = 0.5 }",
        "'body.flow_id' = { dictionary = 'flows', probability = 0.5 }",
        "'body.update.flow_id' = { dictionary = 'flows', probability = 0.5 }",
        "'body.keyword_id' = { dictionary = 'keywords', probability = 0.5 }",
        "[checks]",
        "enabled = false",
    ]
    for check in CHECKS:
        lines += [f"[checks.{check}]", "enabled = true"]
    lines += [
        # The coverage phase builds a negative case by breaking page_id, then the fixed page_id above
        # puts the valid value back; the case is still labelled negative, so its (rightly) successful
        # answer would be reported as "schema-violating request accepted". So for the operations with
        # a page_id, and in that phase the check is off. The stateful phase meets the same artefact
        # through inferred links: it feeds a page_id read from a response (e.g. a journal entry of
        # a fuzzed path) that the fixed value then replaces. The fuzzing phase generates around the
        # fixed value and keeps the check.
        "[[operations]]",
        "include-path-regex = '[{]page_id[}]'",
        "[operations.phases.coverage.checks.negative_data_rejection]",
        "enabled = false",
        "[operations.phases.stateful.checks.negative_data_rejection]",
        "enabled = false",
    ]
    path = folder / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_schemathesis(server: Served, folder: Path, phases: str, *selection: str) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(config_file(folder, demo_page())),
        "run",
        f"{server.root}/openapi.json",
        "--mode",
        "all",
        "--phases",
        phases,
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--no-color",
        *selection,
    ]
    result = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )
    return result.returncode, result.stdout + result.stderr


def operations_tested(output: str) -> int:
    match = re.search(r"Tested:\s+(\d+)", output)
    assert match, output
    return int(match.group(1))


def test_schemathesis_finds_nothing_in_the_api_and_the_control_plane(server, tmp_path):
    exclusions = [arg for op in STATE_REPLACING for arg in ("--exclude-operation-id", op)]
    code, output = run_schemathesis(server, tmp_path, "examples,coverage,fuzzing,stateful", *exclusions)
    assert code == 0, output
    assert operations_tested(output) == len(operations()) - len(STATE_REPLACING), output
    assert "Stateful" in output and "Scenarios:" in output, output


def test_schemathesis_finds_nothing_in_the_state_replacing_control_operations(server, tmp_path):
    inclusions = [arg for op in STATE_REPLACING for arg in ("--include-operation-id", op)]
    # No stateful phase: the document has no links among these four, so there is nothing to chain.
    code, output = run_schemathesis(server, tmp_path, "examples,coverage,fuzzing", *inclusions)
    assert code == 0, output
    assert operations_tested(output) == len(STATE_REPLACING), output


# The stateful phase starts only from operations that create something when there are any, so in
# the run above it follows createKeyword -> updateKeyword alone; each other link gets a run of its own.
LINKED_READS = [
    ("listFlows", "getFlowStatistics"),
    ("addPage", "listSends"),
    ("listSequences", "getSequenceStatistics"),
    ("uploadMedia", "retrieveMediaUrl"),
]


@pytest.mark.parametrize("operations", LINKED_READS, ids=lambda ops: " -> ".join(ops))
def test_schemathesis_follows_each_link_statefully_and_finds_nothing(server, tmp_path, operations):
    inclusions = [arg for op in operations for arg in ("--include-operation-id", op)]
    code, output = run_schemathesis(server, tmp_path, "stateful", *inclusions)
    assert code == 0, output
    covered = re.search(r"API Links:\s+(\d+) covered", output)
    assert covered and int(covered.group(1)) >= 1, output

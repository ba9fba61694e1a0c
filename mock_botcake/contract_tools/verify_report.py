"""What a contract run found, for people and machines: the table per endpoint, and the report files.

The input is ``ContractRecorder.as_dict()`` of the contract suite: every test's outcome with its
endpoint, every answer the target gave to an open question of ``fidelity.OPEN_QUESTIONS``, and every
request sent again after a transient answer. A test is ``unavailable`` when the target gave it only
transient answers: no verdict on its contract either way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..fidelity import OPEN_QUESTIONS

OUTCOMES = ("passed", "failed", "unavailable", "skipped")


def by_endpoint(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per endpoint: the count of each outcome, of requests retried, and the tests that did not pass."""
    endpoints: dict[str, dict[str, Any]] = defaultdict(
        lambda: {**dict.fromkeys(OUTCOMES, 0), "retries": 0, "tests": []}
    )
    for test in results["tests"]:
        entry = endpoints[test["endpoint"]]
        entry[test["outcome"]] += 1
        entry["tests"].append(
            {
                "test": _test_name(test["nodeid"]),
                "outcome": test["outcome"],
                "message": test["message"],
            }
        )
    for retry in retried(results):
        endpoints[retry["endpoint"]]["retries"] += 1
    return dict(sorted(endpoints.items()))


def retried(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every request sent again: the test, its endpoint, the request, which try, the answer, the wait."""
    return [{**retry, "test": _test_name(retry["test"])} for retry in results.get("retries", [])]


def _test_name(nodeid: str) -> str:
    return nodeid.rsplit("::", 1)[-1]


def drift(results: dict[str, Any]) -> list[dict[str, Any]]:
    """For every open question: the fake's answer, what the target answered, and whether they differ."""
    answers: dict[str, list[str]] = defaultdict(list)
    fits: dict[str, bool] = {}
    for observation in results["observations"]:
        if observation["answer"] not in answers[observation["question"]]:
            answers[observation["question"]].append(observation["answer"])
        fits[observation["question"]] = fits.get(observation["question"], True) and observation["fits"]
    rows = []
    for question in OPEN_QUESTIONS.values():
        seen = answers.get(question.id, [])
        rows.append(
            {
                "id": question.id,
                "section": question.section,
                "question": question.summary,
                "fake_answer": question.fake_answer,
                "target_answers": seen,
                "fits_evidence": fits.get(question.id),
                "drift": None if not seen else seen != [question.fake_answer],
            }
        )
    return rows


def table(results: dict[str, Any]) -> str:
    """The console summary: one line per endpoint, then why each test failed or was skipped."""
    endpoints = by_endpoint(results)
    width = max([len("endpoint"), *map(len, endpoints)])
    lines = [f"{'endpoint':<{width}}  passed  failed  unavailable  skipped  retries"]
    for name, e in endpoints.items():
        lines.append(
            f"{name:<{width}}  {e['passed']:>6}  {e['failed']:>6}  {e['unavailable']:>11}  {e['skipped']:>7}"
            f"  {e['retries']:>7}"
        )
    for name, entry in endpoints.items():
        for test in entry["tests"]:
            if test["outcome"] == "failed":
                lines.append(f"FAILED  {name}: {test['test']}: {_one_line(test['message'])}")
            if test["outcome"] == "unavailable":
                lines.append(f"UNAVAILABLE {name}: {test['test']}: {_one_line(test['message'])}")
        for reason in sorted({test["message"] for test in entry["tests"] if test["outcome"] == "skipped"}):
            lines.append(f"skipped {name}: {_one_line(reason)}")
    for retry in retried(results):
        lines.append(f"retried {retry['endpoint']}: {retry['test']}: {_retry_line(retry)}")
    lines += [drift_line(row) for row in drift(results) if row["drift"]]
    return "\n".join(lines)


def drift_line(row: dict[str, Any]) -> str:
    """The console line of a drift row (of ``drift``, or of ``mock-botcake record``'s replay)."""
    answers = ", ".join(map(repr, row["target_answers"]))
    return f"drift   {row['id']}: the fake answers {row['fake_answer']!r}, the target {answers}"


def write_report(path: Path, results: dict[str, Any]) -> None:
    """``FILE.md`` gets Markdown; any other name gets JSON."""
    if path.suffix.lower() in (".md", ".markdown"):
        path.write_text(markdown(results), encoding="utf-8")
        return
    document = {
        "target": results["target"],
        "endpoints": by_endpoint(results),
        "retried_requests": retried(results),
        "open_questions": drift(results),
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def markdown(results: dict[str, Any]) -> str:
    target = results["target"]
    lines = [
        "# Botcake contract verification",
        "",
        f"Target `{target.get('base_url')}`, page `{target.get('page_id')}`; "
        f"writes {'allowed' if target.get('writes') else 'not allowed'}, "
        f"sends {'allowed' if target.get('sends') else 'not allowed'}.",
        "",
        "## Endpoints",
        "",
        "| Endpoint | Passed | Failed | Unavailable | Skipped | Retries |",
        "|---|---|---|---|---|---|",
    ]
    endpoints = by_endpoint(results)
    lines += [
        f"| `{name}` | {e['passed']} | {e['failed']} | {e['unavailable']} | {e['skipped']} | {e['retries']} |"
        for name, e in endpoints.items()
    ]
    notes = [
        f"- **{test['outcome']}** `{name}` {test['test']}: {_one_line(test['message'])}"
        for name, entry in endpoints.items()
        for test in entry["tests"]
        if test["outcome"] != "passed"
    ]
    if notes:
        lines += ["", *notes]
    retries = retried(results)
    if retries:
        lines += ["", "## Requests sent again after a transient answer", ""]
        lines += [f"- `{retry['endpoint']}` {retry['test']}: {_retry_line(retry)}" for retry in retries]
    lines += ["", "## Open questions: the target against the fake", "", *drift_table(drift(results))]
    return "\n".join(lines) + "\n"


def drift_table(rows: list[dict[str, Any]]) -> list[str]:
    """The Markdown table of drift rows (of ``drift``, or of ``mock-botcake record``'s replay)."""
    lines = [
        "| Id | § | Question | The fake | The target | Fits the evidence | Drift |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        seen = ", ".join(f"`{answer}`" for answer in row["target_answers"]) or "not asked"
        fits = {None: "—", True: "yes", False: "**no**"}[row["fits_evidence"]]
        drifted = {None: "—", True: "**yes**", False: "no"}[row["drift"]]
        cells = [row["id"], row["section"], row["question"], f"`{row['fake_answer']}`", seen, fits, drifted]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _retry_line(retry: dict[str, Any]) -> str:
    return (
        f"{retry['request']} answered {_one_line(retry['answer'], 120)} (try {retry['attempt']}); "
        f"sent again after {retry['waited_s']:g} s"
    )


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."

"""The tables of the docs that are facts declared elsewhere, rendered from their one declaration.

A document holds a generated table between two markers::

    <!-- generated: api-endpoints -->
    ...
    <!-- end generated: api-endpoints -->

``python -m mock_botcake.contract_tools.docs_tables`` rewrites every such table in the documents of
``DOCUMENTS``; ``tests/test_docs_tables.py`` fails while one of them is out of date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from ..fidelity import OPEN_QUESTIONS
from ..web.operations import Operation
from ..wire.urls import API_BASE, PAGE_PREFIX

REPOSITORY = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "docs/fidelity.md")
REGENERATE = "python -m mock_botcake.contract_tools.docs_tables"
_SECTION = re.compile(
    r"(?P<start><!-- generated: (?P<name>[a-z-]+) -->\n).*?(?P<end><!-- end generated: (?P=name) -->)",
    re.DOTALL,
)


def open_questions_table() -> str:
    """Every open question of ``fidelity.OPEN_QUESTIONS``, one row each in the registry's order."""
    lines = [
        "| Id | § | Question | Evidence | The fake answers | A real target passes with |",
        "|---|---|---|---|---|---|",
    ]
    for question in OPEN_QUESTIONS.values():
        lines.append(
            f"| `{question.id}` | {question.section} | {question.summary} | {question.evidence} "
            f"| `{question.fake_answer}` | {question.real_target.description} |"
        )
    return "\n".join(lines) + "\n"


def api_endpoints_table() -> str:
    """Every operation of the Botcake API, as declared in ``mock_botcake/api``: the page's endpoints
    (relative to the page), then the account's (from the API base, with a leading ``/``)."""
    from ..api import api
    from ..api.accounts import accounts

    return _operations_table(
        [*api.operations, *accounts.operations],
        lambda op: op.path.removeprefix(PAGE_PREFIX + "/").removeprefix(API_BASE),
    )


def control_endpoints_table() -> str:
    """Every operation of the control plane, as declared in ``mock_botcake/control``."""
    from ..control import control

    return _operations_table(control.operations, lambda op: op.path)


def _operations_table(operations: list[Operation], shown_path: Callable[[Operation], str]) -> str:
    from .openapi import refusals

    lines = ["| Request | What the fake does | Answers |", "|---|---|---|"]
    for op in operations:
        # dict.fromkeys: a refusal with the success's own status (HTTP 200 "Invalid broadcast_id") once
        statuses = ", ".join(str(status) for status in dict.fromkeys((op.status, *refusals(op))))
        lines.append(f"| `{op.method.upper()} {shown_path(op)}` | {op.summary} | {statuses} |")
    return "\n".join(lines) + "\n"


TABLES: dict[str, Callable[[], str]] = {
    "open-questions": open_questions_table,
    "api-endpoints": api_endpoints_table,
    "control-endpoints": control_endpoints_table,
}


def refreshed(document: str) -> str:
    """``document`` with each of its generated tables replaced by the current rendering."""

    def render(section: re.Match[str]) -> str:
        return section["start"] + TABLES[section["name"]]() + section["end"]

    return _SECTION.sub(render, document)


def generated_tables(document: str) -> list[str]:
    """The names of the generated tables ``document`` holds."""
    return [section["name"] for section in _SECTION.finditer(document)]


def main(argv: list[str]) -> int:
    """Rewrite the generated tables of the named documents (default: ``DOCUMENTS``)."""
    for name in argv or DOCUMENTS:
        path = REPOSITORY / name if not Path(name).is_absolute() else Path(name)
        path.write_text(refreshed(path.read_text("utf-8")), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

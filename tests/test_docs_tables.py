"""The docs' tables of endpoints and open questions are rendered from their one declaration."""

from __future__ import annotations

import pytest

from mock_botcake.api import api
from mock_botcake.api.accounts import accounts
from mock_botcake.contract_tools import docs_tables
from mock_botcake.control import control
from mock_botcake.fidelity import OPEN_QUESTIONS


@pytest.mark.parametrize("document", docs_tables.DOCUMENTS)
def test_each_documents_generated_tables_are_current(document):
    text = (docs_tables.REPOSITORY / document).read_text("utf-8")
    assert docs_tables.generated_tables(text), f"{document} holds no generated table"
    assert text == docs_tables.refreshed(text), f"{document} is out of date: run `{docs_tables.REGENERATE}`"


def test_every_generated_table_stands_in_some_document():
    shown = {
        name
        for document in docs_tables.DOCUMENTS
        for name in docs_tables.generated_tables((docs_tables.REPOSITORY / document).read_text("utf-8"))
    }
    assert shown == set(docs_tables.TABLES)


def test_the_api_table_has_a_row_per_declared_operation():
    rows = docs_tables.api_endpoints_table().splitlines()[2:]
    assert len(rows) == len(api.operations) + len(accounts.operations)
    # The reference's 11 come first, in its order (mock_botcake/api/__init__.py), then the rest.
    assert rows[0].startswith("| `GET flows` |")
    assert rows[10].startswith("| `POST flows/send_content` |")
    assert "| `POST /integration_page/list_access_token/{fb_id}` |" in "\n".join(rows)


def test_the_control_table_names_each_operation_with_its_statuses():
    table = docs_tables.control_endpoints_table()
    assert len(table.splitlines()[2:]) == len(control.operations)
    assert "| `GET /_mock/health` | Is the fake up? | 200 |" in table


def test_the_open_questions_table_has_a_row_per_question_in_the_registrys_order():
    rows = docs_tables.open_questions_table().splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == list(OPEN_QUESTIONS)


def test_refreshing_replaces_a_stale_table_and_keeps_the_prose_around_it():
    stale = (
        "before\n<!-- generated: api-endpoints -->\n| a stale row |\n"
        "<!-- end generated: api-endpoints -->\nafter\n"
    )
    fresh = docs_tables.refreshed(stale)
    assert fresh.startswith("before\n<!-- generated: api-endpoints -->\n| Request |")
    assert fresh.endswith("<!-- end generated: api-endpoints -->\nafter\n")
    assert "a stale row" not in fresh


def test_main_rewrites_the_named_document(tmp_path):
    document = tmp_path / "doc.md"
    document.write_text("<!-- generated: open-questions -->\n<!-- end generated: open-questions -->\n")
    assert docs_tables.main([str(document)]) == 0
    assert docs_tables.open_questions_table() in document.read_text()

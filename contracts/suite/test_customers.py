"""Customers, custom fields and tag statistics: every read fits its schema (S4's examples), and the open
questions of this group are asked. Read-only by default: the one write, POST customer_fields, runs only
with --allow-writes, and then writes back a value the customer already has (or is refused for a field
no page has), so a real customer's data stays as it was."""

from __future__ import annotations

import time
from typing import Any

import pytest

from mock_botcake.contracts.suite.expect import answer_of, conforming
from mock_botcake.contracts.suite.plugin import Probe
from mock_botcake.contracts.suite.target import Target

CUSTOMERS = "GET customer"
FIELDS_OF_CUSTOMER = "GET customer/{psid}/customer_fields"
SET_FIELDS = "POST customer/{psid}/customer_fields"
CUSTOM_FIELDS = "GET custom_fields"
CUSTOMERS_OF_FIELD = "GET custom_field/{custom_field_id}/get_customers_field"
TAG_STATISTIC = "GET get_tag_statistic"
# Ids no real page is expected to have: the largest id of the schemas, and a psid of no platform.
NO_SUCH_FIELD = 9223372036854775807
NO_SUCH_PSID = "contract-suite-no-such-customer"


def customers(target: Target) -> list[dict[str, Any]]:
    return conforming(target.get("customer", params={"page": 1}), CUSTOMERS, "responses/customers")


def custom_fields(target: Target) -> list[dict[str, Any]]:
    answer = target.get("custom_fields", params={"page": 0})
    return conforming(answer, CUSTOM_FIELDS, "responses/custom_fields")["data"]


def fields_of(target: Target, psid: str) -> dict[str, Any]:
    answer = target.get(f"customer/{psid}/customer_fields")
    return conforming(answer, FIELDS_OF_CUSTOMER, "responses/customer_fields")


@pytest.fixture(scope="module")
def first_customer(target: Target) -> dict[str, Any]:
    listed = customers(target)
    if not listed:
        pytest.skip("the page has no customers")
    return listed[0]


@pytest.mark.endpoint(CUSTOMERS)
def test_customers_fit_the_schema(target: Target) -> None:
    customers(target)


@pytest.mark.endpoint(CUSTOM_FIELDS)
def test_custom_fields_from_page_zero_fit_the_schema(target: Target, probe: Probe) -> None:
    answer = target.get("custom_fields", params={"page": 0})
    probe("custom-fields-page-zero", answer_of(answer))
    conforming(answer, CUSTOM_FIELDS, "responses/custom_fields")


@pytest.mark.endpoint(FIELDS_OF_CUSTOMER)
def test_a_customers_field_values_fit_the_schema(target: Target, first_customer: dict[str, Any]) -> None:
    fields_of(target, first_customer["psid"])


@pytest.mark.endpoint(FIELDS_OF_CUSTOMER)
def test_the_field_values_of_an_unknown_customer(target: Target, probe: Probe) -> None:
    probe("customers-unknown-psid", answer_of(target.get(f"customer/{NO_SUCH_PSID}/customer_fields")))


@pytest.mark.endpoint(CUSTOMERS_OF_FIELD)
def test_the_customers_of_a_field_fit_the_schema(target: Target) -> None:
    listed = custom_fields(target)
    if not listed:
        pytest.skip("the page has no custom fields")
    answer = target.get(f"custom_field/{listed[0]['id']}/get_customers_field", params={"page": 1})
    conforming(answer, CUSTOMERS_OF_FIELD, "responses/customers_field")


@pytest.mark.endpoint(CUSTOMERS_OF_FIELD)
def test_the_customers_of_an_unknown_field(target: Target, probe: Probe) -> None:
    answer = target.get(f"custom_field/{NO_SUCH_FIELD}/get_customers_field")
    probe("get-customers-field-unknown-field", answer_of(answer))


@pytest.mark.endpoint(TAG_STATISTIC)
def test_the_tag_statistic_fits_the_schema(target: Target) -> None:
    window = {"start_date": 0, "end_date": int(time.time())}
    conforming(target.get("get_tag_statistic", params=window), TAG_STATISTIC, "responses/tag_statistic")


@pytest.mark.endpoint(TAG_STATISTIC)
def test_the_tag_statistic_without_dates(target: Target, probe: Probe) -> None:
    probe("tag-statistic-without-dates", answer_of(target.get("get_tag_statistic")))


@pytest.mark.endpoint(SET_FIELDS)
def test_writing_back_a_value_the_customer_has_succeeds_and_reads_back(
    writer: Target, first_customer: dict[str, Any]
) -> None:
    psid = first_customer["psid"]
    before = fields_of(writer, psid)["data"]
    if not before:
        pytest.skip("the first customer has no field value to write back")
    kept = before[0]
    body = {"data": [{"id": str(kept["custom_field_id"]), "value": kept["value"]}]}
    answer = writer.post(f"customer/{psid}/customer_fields", json=body)
    conforming(answer, SET_FIELDS, "responses/customer_fields_update")
    assert fields_of(writer, psid)["data"] == before, f"{SET_FIELDS}: writing a value back changed the fields"


@pytest.mark.endpoint(SET_FIELDS)
def test_a_field_the_page_lacks_is_refused_and_changes_nothing(
    writer: Target, first_customer: dict[str, Any], probe: Probe
) -> None:
    psid = first_customer["psid"]
    before = fields_of(writer, psid)["data"]
    body = {"data": [{"id": str(NO_SUCH_FIELD), "value": "contract suite"}]}
    probe(
        "customer-fields-unknown-field", answer_of(writer.post(f"customer/{psid}/customer_fields", json=body))
    )
    assert fields_of(writer, psid)["data"] == before, f"{SET_FIELDS}: a refused write changed the fields"

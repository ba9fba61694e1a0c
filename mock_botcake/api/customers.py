"""Customers, their custom field values and tag statistics: GET customer, GET and POST
customer/{psid}/customer_fields, GET custom_fields, GET custom_field/{id}/get_customers_field and GET
get_tag_statistic. Sends make customers known and change their tags and fields (``Store.record_*``)."""

from __future__ import annotations

from typing import Any

from .. import fidelity
from ..store import BadCustomerFields, CustomerNotFound, CustomFieldNotFound
from ..store.kinds import CUSTOM_FIELDS
from ..web.context import current_store
from .routes import api


@api.operation(
    "get",
    "/customer",
    "listCustomers",
    tag="customers",
    summary="The page's customers, 100 a page (a bare array)",
    response="responses/customers",
    query="requests/paged_query",
    bad_query=fidelity.BAD_PAGE_NUMBER,
    cached=True,
)
def list_customers(page_id: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    return current_store().customers_page(page_id, query["page"], fidelity.CUSTOMERS_PER_PAGE)


@api.operation(
    "get",
    "/customer/{psid}/customer_fields",
    "getCustomerFields",
    tag="customers",
    summary="A customer's custom field values",
    response="responses/customer_fields",
    store_errors={CustomerNotFound: fidelity.UNKNOWN_CUSTOMER},
    cached=True,
)
def customer_fields(page_id: str, psid: str) -> dict[str, Any]:
    return current_store().customer_fields(page_id, psid)


@api.operation(
    "post",
    "/customer/{psid}/customer_fields",
    "updateCustomerFields",
    tag="customers",
    summary="Set custom field values of a customer",
    response="responses/customer_fields_update",
    request="requests/customer_fields",
    bad_body=fidelity.BAD_CUSTOMER_FIELDS,
    store_errors={
        CustomerNotFound: fidelity.UNKNOWN_CUSTOMER,
        BadCustomerFields: fidelity.BAD_CUSTOMER_FIELDS,
    },
)
def update_customer_fields(page_id: str, psid: str, body: dict[str, Any]) -> dict[str, Any]:
    values = [(item["id"], item["value"]) for item in body["data"]]
    current_store().set_customer_fields(page_id, psid, values)
    return {}


@api.operation(
    "get",
    "/custom_fields",
    "listCustomFields",
    tag="customers",
    summary="The page's custom fields, 50 a page, pages from 0",
    response="responses/custom_fields",
    query="requests/custom_fields_query",
    bad_query=fidelity.BAD_PAGE_NUMBER,
    cached=True,
)
def list_custom_fields(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    # Store.items_page counts pages from 1; this endpoint's pages count from CUSTOM_FIELDS_FIRST_PAGE.
    page = query["page"] - fidelity.CUSTOM_FIELDS_FIRST_PAGE + 1
    return {"data": current_store().items_page(CUSTOM_FIELDS, page_id, page, fidelity.CUSTOM_FIELDS_PER_PAGE)}


@api.operation(
    "get",
    "/custom_field/{custom_field_id}/get_customers_field",
    "listCustomersOfField",
    tag="customers",
    summary="The customers with a value for a custom field, with it",
    response="responses/customers_field",
    query="requests/paged_query",
    bad_query=fidelity.BAD_PAGE_NUMBER,
    store_errors={CustomFieldNotFound: fidelity.UNKNOWN_CUSTOM_FIELD},
    cached=True,
)
def customers_of_field(page_id: str, custom_field_id: int, query: dict[str, Any]) -> dict[str, Any]:
    found = current_store().customers_with_field(
        page_id, custom_field_id, query["page"], fidelity.CUSTOMERS_FIELD_PER_PAGE
    )
    return {"data": found}


@api.operation(
    "get",
    "/get_tag_statistic",
    "getTagStatistic",
    tag="tags",
    summary="Per tag, the customers tagged between start_date and end_date",
    response="responses/tag_statistic",
    query="requests/tag_statistic_query",
    bad_query=fidelity.BAD_TAG_STATISTIC_QUERY,
    cached=True,
)
def tag_statistic(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    counts = current_store().tag_statistic(
        page_id, query["start_date"], query["end_date"], query["page"], fidelity.TAG_STATISTIC_PER_PAGE
    )
    return {"data": counts}

"""The OpenAPI 3.1 document: valid, self-contained, true to the app's routes; the fake's answers fit it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from mock_botcake.api import api
from mock_botcake.app import create_app
from mock_botcake.cli import main
from mock_botcake.contract_tools import openapi
from mock_botcake.seeds import load_seed
from mock_botcake.wire import schemas

from .helpers import API, DEMO_REFUSED_READS, SHOP_ID, WHATSAPP_ID, demo_url
from .openapi_lookup import DOCUMENT_URI, declared_problems, document_registry

DOCUMENT = openapi.build_document()
COMMITTED_YAML = Path(__file__).parent.parent / "contracts" / "openapi.yaml"
PAGE = f"{API}/pages/{SHOP_ID}"
WABA = f"{API}/pages/{WHATSAPP_ID}"
WABA_TOKEN = next(
    page["access_token"] for page in load_seed("demo")["pages"] if page["page_id"] == WHATSAPP_ID
)


class Form(dict):
    """A multipart/form-data body in the table below: text fields, and (name, bytes) for a file."""


DEMO_USER_TOKEN = "demo-user-access-token-0001"
MARKETING = f"{PAGE}/marketing_messages"
AD = "ad_account_id=act_123456789012345"
MESSAGE = "120210000000000000"
STATUS = {"new_status": "PAUSED"}
MARKETING_SEND = {"marketing_message_id": MESSAGE, "psid": "1", "message": {"text": "hi"}}


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    return []


def resolve(pointer: str) -> Any:
    node: Any = DOCUMENT
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# --- the document itself -----------------------------------------------------------------------------


def test_the_document_passes_openapi_spec_validator():
    validate(DOCUMENT)


def test_the_document_is_openapi_3_1():
    assert DOCUMENT["openapi"].startswith("3.1.")


def test_every_ref_points_inside_the_document_and_resolves():
    all_refs = refs(DOCUMENT)
    assert all_refs
    for ref in all_refs:
        assert ref.startswith("#/"), ref
        resolve(ref)


def test_no_component_carries_an_id_that_would_move_the_base_uri():
    for name, component in DOCUMENT["components"]["schemas"].items():
        assert not {"$id", "$schema", "$defs"} & set(component), name


def test_every_schema_file_and_each_of_its_definitions_is_a_component():
    components = DOCUMENT["components"]["schemas"]
    for name, schema in schemas.schema_files().items():
        assert openapi.component_name(name) in components
        for definition in schema.get("$defs", {}):
            assert openapi.component_name(name, definition) in components


def _examples():
    for name, schema in schemas.schema_files().items():
        for index, example in enumerate(schema.get("examples", [])):
            yield pytest.param(openapi.component_name(name), example, id=f"{name}[{index}]")
        for definition, body in schema.get("$defs", {}).items():
            for index, example in enumerate(body.get("examples", [])):
                yield pytest.param(
                    openapi.component_name(name, definition), example, id=f"{name}#{definition}[{index}]"
                )


def component_validator(component: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}#/components/schemas/{component}"},
        registry=document_registry(DOCUMENT),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.parametrize(("component", "example"), list(_examples()))
def test_every_schema_example_validates_against_its_bundled_component(component, example):
    assert list(component_validator(component).iter_errors(example)) == []


@pytest.mark.parametrize(
    ("schema_name", "document"),
    [
        ("requests/send_flow", {"psid": "1", "flow_id": "2"}),
        ("requests/send_content", {"psid": "1", "data": {"version": "v2", "content": {"messages": []}}}),
        ("control/state", {"pages": [{"page_id": "a/b"}]}),
        ("control/sends", {"sends": [{"id": 1}]}),
    ],
)
def test_a_bundled_component_refuses_what_its_schema_file_refuses(schema_name, document):
    assert schemas.problems(schema_name, document)
    assert list(component_validator(openapi.component_name(schema_name)).iter_errors(document))


def test_the_bundler_refuses_a_ref_it_cannot_bundle():
    with pytest.raises(ValueError, match="only whole files and"):
        openapi.bundled_schemas(
            {"x": {"$id": schemas.SCHEMA_BASE_URI + "x.json", "$ref": "common.json#/$defs/folder/properties"}}
        )


def _rule_as_template(rule: str) -> str:
    """``/a/<page_id>/<id:flow_id>`` -> ``/a/{}/{}``: parameter names aside, the path must match."""
    return "/".join("{}" if part.startswith("<") else part for part in rule.split("/"))


# Not operations of any API: the document itself, and the dashboard (/_mock/ui), a page for people
# whose HTML, polled fragment and static files are its own business and may change with its looks.
UNDOCUMENTED_BLUEPRINTS = ("openapi", "dashboard")


def test_the_document_lists_exactly_the_routes_the_app_serves(store):
    app = create_app(store)
    served = {
        (method.lower(), _rule_as_template(rule.rule))
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if rule.endpoint != "static" and rule.endpoint.split(".")[0] not in UNDOCUMENTED_BLUEPRINTS
    }
    declared = {
        (method, _rule_as_template(path.replace("{", "<").replace("}", ">")))
        for path, operations in DOCUMENT["paths"].items()
        for method in operations
    }
    assert declared == served


def test_every_page_operation_needs_the_access_token_and_no_other_operation_does():
    for path, operations in DOCUMENT["paths"].items():
        for operation in operations.values():
            needs_token = operation["security"] == [{"accessToken": []}]
            assert needs_token == path.startswith(f"{API}/pages/"), path
    scheme = DOCUMENT["components"]["securitySchemes"]["accessToken"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "access-token"}


def test_every_account_operation_needs_the_user_access_token_and_no_other_operation_does():
    for path, operations in DOCUMENT["paths"].items():
        for operation in operations.values():
            needs_token = operation["security"] == [{"userAccessToken": []}]
            assert needs_token == path.startswith("/api/public_api/v1/integration_page/"), path
    scheme = DOCUMENT["components"]["securitySchemes"]["userAccessToken"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "user-access-token"}


def test_the_control_plane_has_its_own_tag():
    for path, operations in DOCUMENT["paths"].items():
        for operation in operations.values():
            assert (operation["tags"] == [openapi.CONTROL_TAG]) == path.startswith("/_mock/"), path


def test_the_flows_by_path_parameter_is_described_as_a_json_array_literal():
    parameter = DOCUMENT["components"]["parameters"]["flow_path"]
    assert parameter["name"] == "path"
    assert "[1561,1564]" in parameter["description"]
    pattern = resolve(parameter["schema"]["$ref"])["pattern"]
    validator = Draft202012Validator({"type": "string", "pattern": pattern})
    assert validator.is_valid("[1561,1564]")
    assert not validator.is_valid("1561")


def test_every_link_names_an_operation_and_a_parameter_it_has():
    operation_ids = {
        operation["operationId"]: operation
        for operations in DOCUMENT["paths"].values()
        for operation in operations.values()
    }
    links = [
        link
        for operation in operation_ids.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(links) >= 3
    for link in links:
        target = operation_ids[link["operationId"]]
        parameters = target.get("parameters", [])
        names = {resolve(p["$ref"])["name"] if "$ref" in p else p["name"] for p in parameters}
        for parameter in link.get("parameters", {}):
            assert parameter.split(".", 1)[1] in names
        if "requestBody" in link:
            assert "requestBody" in target


def test_request_and_response_examples_come_from_the_schemas():
    send_flow = DOCUMENT["paths"][f"{API}/pages/{{page_id}}/flows/send_flow"]["post"]
    examples = send_flow["requestBody"]["content"]["application/json"]["examples"]
    expected = schemas.schema_files()["requests/send_flow"]["examples"]
    assert [example["value"] for example in examples.values()] == expected


# --- serving and printing it -------------------------------------------------------------------------


def test_openapi_json_is_served_as_application_json(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == DOCUMENT


def test_openapi_json_is_built_once_not_per_request(client):
    client.get("/openapi.json")
    built = openapi.openapi_json.cache_info().misses
    for _ in range(3):
        client.get("/openapi.json")
    assert openapi.openapi_json.cache_info().misses == built == 1


def test_mock_botcake_openapi_prints_the_document_as_json(capsys):
    assert main(["openapi"]) == 0
    assert json.loads(capsys.readouterr().out) == DOCUMENT


def test_mock_botcake_openapi_prints_yaml_on_request(capsys):
    assert main(["openapi", "--format", "yaml"]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == DOCUMENT


def test_mock_botcake_openapi_writes_the_file_named_by_out(tmp_path, capsys):
    target = tmp_path / "openapi.yaml"
    assert main(["openapi", "--format", "yaml", "--out", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert yaml.safe_load(target.read_text("utf-8")) == DOCUMENT


def test_mock_botcake_openapi_says_why_it_cannot_write(tmp_path, capsys):
    assert main(["openapi", "--out", str(tmp_path / "missing" / "openapi.json")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_the_committed_contracts_openapi_yaml_is_what_the_generator_writes():
    # Regenerate with: mock-botcake openapi --format yaml --out contracts/openapi.yaml
    assert COMMITTED_YAML.read_text("utf-8") == openapi.render_openapi("yaml")


# --- the fake's answers fit it -----------------------------------------------------------------------

SEND_CONTENT = {
    "psid": "1",
    "data": {"version": "v2", "content": {"messages": [{"type": "text", "text": "hi"}]}},
}
UPDATE = {"keyword_id": 3372, "update": {"flow_id": 1559}}
FIELDS = {"data": [{"id": "233", "value": "son@example.com"}]}
SON_FIELDS = f"{PAGE}/customer/8990247064319246/customer_fields"
ANSWERS = [
    # (operationId, method, URL, JSON body or None, with the shop's token?, expected status)
    ("listFlows", "GET", f"{PAGE}/flows", None, True, 200),
    ("listFlows", "GET", f"{PAGE}/flows?path=[1561]", None, True, 200),
    ("listFlows", "GET", f"{PAGE}/flows?path=oops", None, True, 400),
    ("listFlows", "GET", f"{PAGE}/flows", None, False, 400),
    ("listFlows", "GET", f"{API}/pages/{SHOP_ID}%2Fx/flows", None, True, 404),
    ("listFlowsByPath", "GET", f"{PAGE}/flows/[1561,1564]", None, True, 200),
    ("listFlowsByPath", "GET", f"{PAGE}/flows/[]", None, True, 200),
    ("listFlowsByPath", "GET", f"{PAGE}/flows/[9]", None, True, 400),
    ("getFlowStatistics", "GET", f"{PAGE}/flows/1559/statistics", None, True, 200),
    ("getFlowStatistics", "GET", f"{PAGE}/flows/9/statistics", None, True, 404),
    ("listKeywords", "GET", f"{PAGE}/keywords", None, True, 200),
    ("createKeyword", "POST", f"{PAGE}/keywords/create", None, True, 200),
    ("createKeyword", "POST", f"{PAGE}/keywords/create", [1], True, 400),
    ("updateKeyword", "POST", f"{PAGE}/keywords/update", UPDATE, True, 200),
    ("updateKeyword", "POST", f"{PAGE}/keywords/update", {**UPDATE, "keyword_id": 9}, True, 400),
    ("getIceBreakers", "GET", f"{PAGE}/ice_breaker", None, True, 200),
    ("getMainMenu", "GET", f"{PAGE}/main_menu", None, True, 200),
    ("listTools", "GET", f"{PAGE}/tools", None, True, 200),
    ("listTools", "GET", f"{PAGE}/tools", None, "not-a-token-of-any-page", 401),
    ("sendFlow", "POST", f"{PAGE}/flows/send_flow", {"psid": "1", "flow_id": 1559}, True, 200),
    ("sendFlow", "POST", f"{PAGE}/flows/send_flow", {"psid": "1"}, True, 400),
    ("sendContent", "POST", f"{PAGE}/flows/send_content", SEND_CONTENT, True, 200),
    ("sendContent", "POST", f"{PAGE}/flows/send_content", {"psid": "1", "data": {}}, True, 400),
    # Customers and custom fields (issue 19):
    ("updateCustomerFields", "POST", SON_FIELDS, FIELDS, True, 200),
    ("updateCustomerFields", "POST", f"{PAGE}/customer/nobody/customer_fields", FIELDS, True, 404),
    ("updateCustomerFields", "POST", SON_FIELDS, {"data": 1}, True, 400),
    ("getCustomerFields", "GET", f"{PAGE}/customer/nobody/customer_fields", None, True, 404),
    ("listCustomersOfField", "GET", f"{PAGE}/custom_field/9/get_customers_field", None, True, 404),
    ("getTagStatistic", "GET", f"{PAGE}/get_tag_statistic", None, True, 400),
    (
        "uploadMedia",
        "POST",
        f"{WABA}/upload_media",
        Form(content_type="image/png", file=b"\x89PNG"),
        WABA_TOKEN,
        200,
    ),
    ("uploadMedia", "POST", f"{WABA}/upload_media", Form(content_type="image/png"), WABA_TOKEN, 400),
    (
        "retrieveMediaUrl",
        "GET",
        f"{WABA}/retrieve_media_url?mime_type=image/png&media_id=3028531777340971",
        None,
        WABA_TOKEN,
        200,
    ),
    ("getBroadcastStatistic", "GET", f"{PAGE}/broadcasts/nope/statistic", None, True, 200),
    ("getSequenceStatistics", "GET", f"{PAGE}/sequences/9/statistics", None, True, 404),
    ("getSequenceMessageRecipients", "GET", f"{PAGE}/sequences/591/statistics/9", None, True, 404),
    ("health", "GET", "/_mock/health", None, False, 200),
    ("listPages", "GET", "/_mock/pages", None, False, 200),
    ("addPage", "POST", "/_mock/pages", {"page_id": "555", "flows": [{"id": 1, "name": "W"}]}, False, 201),
    ("addPage", "POST", "/_mock/pages", {"page_id": SHOP_ID}, False, 409),
    ("addPage", "POST", "/_mock/pages", {"flows": [{"id": 1, "name": "a", "parent_id": 2}]}, False, 400),
    ("rotateToken", "POST", f"/_mock/pages/{SHOP_ID}/rotate_token", None, False, 200),
    ("rotateToken", "POST", "/_mock/pages/nope/rotate_token", None, False, 404),
    ("listSends", "GET", f"/_mock/pages/{SHOP_ID}/sends?after=0&limit=5", None, False, 200),
    ("listSends", "GET", f"/_mock/pages/{SHOP_ID}/sends?limit=-1", None, False, 400),
    ("listSends", "GET", "/_mock/pages/nope/sends", None, False, 404),
    ("clearSends", "DELETE", f"/_mock/pages/{SHOP_ID}/sends", None, False, 200),
    ("clearSends", "DELETE", "/_mock/pages/nope/sends", None, False, 404),
    ("reset", "POST", "/_mock/reset", None, False, 200),
    ("exportState", "GET", "/_mock/state", None, False, 200),
    ("importState", "PUT", "/_mock/state", {"pages": [{"page_id": "1", "name": "only"}]}, False, 200),
    ("importState", "PUT", "/_mock/state", {"pages": "x"}, False, 400),
    ("listRequests", "GET", "/_mock/requests?after=0&limit=5", None, False, 200),
    ("listRequests", "GET", "/_mock/requests?after=x", None, False, 400),
    ("clearRequests", "DELETE", "/_mock/requests", None, False, 200),
    ("addFault", "POST", "/_mock/faults", {"action": {"status": 503}, "times": 1}, False, 201),
    ("addFault", "POST", "/_mock/faults", {"action": {}}, False, 400),
    ("listFaults", "GET", "/_mock/faults", None, False, 200),
    ("clearFaults", "DELETE", "/_mock/faults", None, False, 200),
    ("getFault", "GET", "/_mock/faults/1", None, False, 200),
    ("getFault", "GET", "/_mock/faults/2", None, False, 404),
    ("removeFault", "DELETE", "/_mock/faults/1", None, False, 200),
    ("removeFault", "DELETE", "/_mock/faults/2", None, False, 404),
    ("getMedia", "GET", f"/_mock/pages/{WHATSAPP_ID}/media/3028531777340971", None, False, 200),
    ("getMedia", "GET", f"/_mock/pages/{SHOP_ID}/media/3028531777340971", None, False, 404),
    ("createMarketingMessage", "POST", f"{MARKETING}/messages?{AD}", {"body": {"budget": 5}}, True, 200),
    ("createMarketingMessage", "POST", f"{MARKETING}/messages?{AD}", {"body": {}}, True, 400),
    ("syncMarketingMessages", "POST", f"{MARKETING}/messages/sync_from_meta?{AD}", None, True, 200),
    ("getMarketingMessage", "GET", f"{MARKETING}/messages/9?{AD}", None, True, 200),  # Message not found
    ("getMarketingMessage", "GET", f"{MARKETING}/messages/{MESSAGE}?ad_account_id=act_9", None, True, 200),
    ("deleteMarketingMessage", "DELETE", f"{MARKETING}/messages/{MESSAGE}?{AD}", None, True, 200),
    ("deleteMarketingMessage", "DELETE", f"{MARKETING}/messages/9?{AD}", None, True, 200),
    ("deleteMarketingMessage", "DELETE", f"{MARKETING}/messages/{MESSAGE}", None, True, 400),
    ("setMarketingMessageStatus", "PUT", f"{MARKETING}/messages/{MESSAGE}/status?{AD}", STATUS, True, 200),
    ("setMarketingMessageStatus", "PUT", f"{MARKETING}/messages/{MESSAGE}/status?{AD}", {}, True, 400),
    ("createCustomAudience", "POST", f"{MARKETING}/custom_audiences?{AD}", {"name": "VIP"}, True, 200),
    ("createCustomAudience", "POST", f"{MARKETING}/custom_audiences?{AD}", {}, True, 200),  # name is required
    ("syncCustomAudiences", "POST", f"{MARKETING}/custom_audiences/sync_from_meta?{AD}", None, True, 200),
    ("sendMarketingContent", "POST", f"{MARKETING}/send_marketing_content?{AD}", MARKETING_SEND, True, 200),
    ("sendMarketingContent", "POST", f"{MARKETING}/send_marketing_content?{AD}", {"psid": "1"}, True, 400),
    ("listAccounts", "GET", "/_mock/accounts", None, False, 200),
    ("addAccount", "POST", "/_mock/accounts", {"page_ids": [SHOP_ID]}, False, 201),
    ("addAccount", "POST", "/_mock/accounts", {"page_ids": ["404"]}, False, 400),
    ("addAccount", "POST", "/_mock/accounts", {"user_access_token": DEMO_USER_TOKEN}, False, 409),
]
ACCOUNTS = f"{API}/integration_page"
ACCOUNT_ANSWERS = [
    # (operationId, method, URL, user-access-token header or None, expected status)
    ("listAccountPageIds", "GET", f"{ACCOUNTS}/list_page_id", DEMO_USER_TOKEN, 200),
    ("listAccountPageIds", "GET", f"{ACCOUNTS}/list_page_id?page=0", DEMO_USER_TOKEN, 400),
    ("listAccountPageIds", "GET", f"{ACCOUNTS}/list_page_id", None, 400),
    ("listAccountPageIds", "GET", f"{ACCOUNTS}/list_page_id", "no-such-user-token", 401),
    ("listAccountPageIdsOfUser", "GET", f"{ACCOUNTS}/100004398765432/list_page_id", DEMO_USER_TOKEN, 200),
    ("listAccountPageIdsOfUser", "GET", f"{ACCOUNTS}/a-b/list_page_id", DEMO_USER_TOKEN, 404),
    (
        "listAccountPageTokens",
        "POST",
        f"{ACCOUNTS}/list_access_token?page_id={SHOP_ID}",
        DEMO_USER_TOKEN,
        200,
    ),
    ("listAccountPageTokens", "POST", f"{ACCOUNTS}/list_access_token?page_id=a-b", DEMO_USER_TOKEN, 400),
    ("listAccountPageTokensOfUser", "POST", f"{ACCOUNTS}/list_access_token/1000043987", DEMO_USER_TOKEN, 200),
    ("listAccountPageTokensOfUser", "POST", f"{ACCOUNTS}/list_access_token/1000043987", None, 400),
]


@pytest.mark.parametrize(("operation_id", "method", "url", "token", "status"), ACCOUNT_ANSWERS)
def test_the_fakes_account_answer_is_declared_by_the_document(
    client, operation_id, method, url, token, status
):
    headers = {"user-access-token": token} if token else {}
    response = client.open(url, method=method, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    answer = (response.status_code, response.mimetype, response.get_json())
    assert declared_problems(DOCUMENT, operation_id, *answer) == []


# What a row's request needs in place first (on the fresh fake of each row): a rule with id 1.
PRECONDITIONS = {
    "getFault": ("POST", "/_mock/faults", {"action": {"status": 503}}),
    "removeFault": ("POST", "/_mock/faults", {"action": {"status": 503}}),
}


@pytest.mark.parametrize(("operation_id", "method", "url", "body", "token", "status"), ANSWERS)
def test_the_fakes_answer_is_declared_by_the_document(
    client, shop, operation_id, method, url, body, token, status
):
    if operation_id in PRECONDITIONS:
        before_method, before_url, before_body = PRECONDITIONS[operation_id]
        assert client.open(before_url, method=before_method, json=before_body).status_code < 300
    headers = {"access-token": shop.token if token is True else token} if token else {}
    kwargs = {"json": body} if body is not None else {}
    if isinstance(body, Form):
        form = {
            name: (io.BytesIO(value), name) if isinstance(value, bytes) else value
            for name, value in body.items()
        }
        kwargs = {"data": form, "content_type": "multipart/form-data"}
    response = client.open(url, method=method, headers=headers, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    answer = (response.status_code, response.mimetype, _body_of(response))
    assert declared_problems(DOCUMENT, operation_id, *answer) == []


def _body_of(response) -> Any:
    """The JSON of a JSON answer; the text of any other (a file's bytes, as latin-1 keeps them)."""
    if response.mimetype == "application/json":
        return response.get_json()
    return response.get_data().decode("latin-1")


API_READS = [operation for operation in api.operations if operation.method == "get"]


@pytest.mark.parametrize("operation", API_READS, ids=lambda operation: operation.operation_id)
def test_every_api_read_answers_the_demo_page_as_the_document_declares(client, shop, operation):
    response = client.get(demo_url(operation.path), headers={"access-token": shop.token})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    refused = isinstance(body, dict) and body.get("success") is False  # one of S4's HTTP 200 refusals
    assert refused == operation.path.endswith(DEMO_REFUSED_READS), body
    answer = (response.status_code, response.mimetype, body)
    assert declared_problems(DOCUMENT, operation.operation_id, *answer) == []


def test_the_table_above_exercises_every_other_operation_and_its_success():
    exercised = {(operation_id, status) for operation_id, _, _, _, _, status in ANSWERS}
    exercised |= {(operation_id, status) for operation_id, _, _, _, status in ACCOUNT_ANSWERS}
    for operation in openapi.operations():
        if operation not in API_READS:
            assert (operation.operation_id, operation.status) in exercised, operation.operation_id


def test_an_answer_the_document_does_not_declare_is_caught():
    assert declared_problems(DOCUMENT, "health", 200, "application/json", {"status": "okay"})
    assert declared_problems(DOCUMENT, "health", 500, "application/json", {"success": False, "message": "x"})
    assert declared_problems(DOCUMENT, "listTools", 200, "text/html", "<html>")


def test_every_control_operation_but_health_declares_the_optional_admin_token_and_its_401(store):
    for path, operations in DOCUMENT["paths"].items():
        if not path.startswith("/_mock/"):
            continue
        for operation in operations.values():
            guarded = path != "/_mock/health"
            assert (operation["security"] == [{}, {openapi.ADMIN_SECURITY_SCHEME: []}]) == guarded, path
            assert ("401" in operation["responses"]) == guarded, path
    client = create_app(store, admin_token="admin-token-1").test_client()
    refused = client.get("/_mock/pages")
    answer = (refused.status_code, refused.mimetype, refused.get_json())
    assert declared_problems(DOCUMENT, "listPages", *answer) == []

// Run against a running mock-botcake: MOCK_BOTCAKE_URL=http://127.0.0.1:8080 node --test
// Everything here is plain HTTP to the control plane (/_mock/...): no Python on the test's side.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { Notifier } from "./notifier.js";

const ROOT = process.env.MOCK_BOTCAKE_URL ?? "http://127.0.0.1:8080";
const API = `${ROOT}/api/public_api/v1`;
const PAGE = { page_id: "777000111", name: "Node shop", flows: [{ id: 1559, name: "thank you" }] };

async function control(method, path, body) {
  const answer = await fetch(`${ROOT}/_mock${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(answer.ok, `${method} /_mock${path}: ${answer.status} ${await answer.clone().text()}`);
  return answer.json();
}

let token;

beforeEach(async () => {
  await control("POST", "/reset"); // back to the state the server started with
  ({ access_token: token } = await control("POST", "/pages", PAGE));
});

test("a paid order sends the thank-you flow", async () => {
  await new Notifier(API, PAGE.page_id, token).orderPaid("customer-1", 1559);

  const { sends } = await control("GET", `/pages/${PAGE.page_id}/sends`);
  assert.equal(sends.length, 1);
  assert.equal(sends[0].psid, "customer-1");
  assert.equal(sends[0].flow_id, 1559);
});

test("a 503 from Botcake is retried, and the flow is sent once", async () => {
  await control("POST", "/faults", {
    match: { method: "POST", path: "flows/send_*" },
    action: { status: 503 },
    times: 1,
  });

  await new Notifier(API, PAGE.page_id, token).orderPaid("customer-2", 1559);

  const { faults } = await control("GET", "/faults");
  assert.equal(faults[0].fired, 1); // the first try did get the 503
  const { sends } = await control("GET", `/pages/${PAGE.page_id}/sends`);
  assert.equal(sends.length, 1);
});

test("an unknown flow is refused in the API's own error shape", async () => {
  const notifier = new Notifier(API, PAGE.page_id, token, { retries: 0 });
  await assert.rejects(notifier.orderPaid("customer-3", 4040), /Botcake refused the send/);
});

// The code under test: a tiny Botcake client, as an app would have it. It only knows a base URL and a
// page token, so the very same code talks to https://botcake.io/api/public_api/v1 or to mock-botcake.

export class Notifier {
  constructor(baseUrl, pageId, token, { retries = 2 } = {}) {
    this.pageUrl = `${baseUrl}/pages/${pageId}`;
    this.token = token;
    this.retries = retries;
  }

  // Send the "thank you" flow to a customer; a 5xx answer is tried again, up to `retries` times.
  async orderPaid(psid, flowId) {
    for (let attempt = 0; ; attempt++) {
      const answer = await fetch(`${this.pageUrl}/flows/send_flow`, {
        method: "POST",
        headers: { "access-token": this.token, "content-type": "application/json" },
        body: JSON.stringify({ psid, flow_id: flowId }),
      });
      if (answer.status < 500 || attempt >= this.retries) {
        const body = await answer.json();
        if (!body.success) throw new Error(`Botcake refused the send: ${body.message}`);
        return body;
      }
    }
  }
}

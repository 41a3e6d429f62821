import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { JobEntity } from "../src/jobs/job.entity";
import { WebhookEndpointEntity } from "../src/webhooks/webhook-endpoint.entity";
import { checkWebhookUrl } from "../src/webhooks/webhook-url";
import { dialects } from "./support/databases";
import { type TestApp, useTestApp } from "./support/harness";
import { type ReceivedWebhook, WebhookReceiver } from "./support/webhook-receiver";

const CREATE = "mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret endpoint { id url types enabled } } }";
const DELIVERIES =
  "query($e: ID!) { webhookDeliveries(endpointId: $e) { totalCount edges { node { id eventId eventType status attempts responseCode lastError nextAttemptAt deliveredAt } } } }";
const CHILD = path.join(__dirname, "support/job-worker-child.js");

interface DeliveryNode {
  id: string;
  eventId: string | null;
  eventType: string;
  status: string;
  attempts: number;
  responseCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/** What the receiver got, verified with the standardwebhooks package (throws on a bad signature). */
function verified(secret: string, hook: ReceivedWebhook): { id: string; type: string; data: Record<string, any> } {
  const headers = {
    "webhook-id": String(hook.headers["webhook-id"]),
    "webhook-timestamp": String(hook.headers["webhook-timestamp"]),
    "webhook-signature": String(hook.headers["webhook-signature"]),
  };
  return new Webhook(secret).verify(hook.body, headers) as { id: string; type: string; data: Record<string, any> };
}

async function deliveries(app: TestApp, endpointId: string): Promise<DeliveryNode[]> {
  return (await app.ok(DELIVERIES, { e: endpointId })).webhookDeliveries.edges.map((e: { node: DeliveryNode }) => e.node);
}

/** Makes every waiting delivery job due now (the retry schedule's first delay is 5 s). */
async function makeDue(app: TestApp): Promise<void> {
  await app.db.manager
    .createQueryBuilder()
    .update(JobEntity)
    .set({ runAt: new Date(Date.now() - 1000) })
    .where("state = :s", { s: "PENDING" })
    .execute();
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(dialects())("webhooks (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  async function endpoint(orgId: string, types: string[] = [], token = app.operatorToken) {
    const created = (await app.ok(CREATE, { i: { organizationId: orgId, url: receiver.url, types, description: "CRM sync" } }, token)).createWebhookEndpoint;
    return { id: created.endpoint.id as string, secret: created.secret as string, endpoint: created.endpoint };
  }

  it("delivers a change to a loopback receiver, signed per Standard Webhooks 1.0, once per endpoint that wants its type", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const hook = await endpoint(acme.orgId, ["account.created"], acme.adminToken);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(hook.endpoint).toEqual({ id: hook.id, url: receiver.url, types: ["account.created"], enabled: true });
    const groupsOnly = await endpoint(acme.orgId, ["group.created"]);
    const accountId = await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test", displayName: "Ann" });

    expect(await app.worker().runDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const message = verified(hook.secret, receiver.received[0]);
    const events = (
      await app.ok('query($o: ID) { events(organizationId: $o, types: ["account.created"]) { edges { node { id type data } } } }', { o: acme.orgId })
    ).events.edges;
    // The admin's account (before the endpoint existed), then Ann's.
    expect(events).toHaveLength(2);
    expect(message).toMatchObject({
      id: events[1].node.id,
      type: "account.created",
      organizationId: acme.orgId,
      data: { object: { type: "Account", id: accountId }, actor: { type: "OPERATOR" } },
    });
    expect(() => verified(groupsOnly.secret, receiver.received[0])).toThrow();

    const [delivery] = await deliveries(app, hook.id);
    expect(delivery).toMatchObject({
      eventId: events[1].node.id,
      eventType: "account.created",
      status: "SUCCEEDED",
      attempts: 1,
      responseCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(receiver.received[0].headers["webhook-id"]).toBe(delivery.id);
    expect(await deliveries(app, groupsOnly.id)).toEqual([]);
  });

  it("retries a receiver that fails twice, then delivers once, with three attempts in the log", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const hook = await endpoint(acme.orgId);
    receiver.plan = [500, 503];
    await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });
    const worker = app.worker();

    expect(await worker.runDue()).toBe(1);
    const [first] = await deliveries(app, hook.id);
    expect(first).toMatchObject({ status: "PENDING", attempts: 1, responseCode: 500, lastError: "The endpoint answered HTTP 500." });
    expect(new Date(first.nextAttemptAt as string).getTime()).toBeGreaterThan(Date.now());
    // Not due before its retry time.
    expect(await worker.runDue()).toBe(0);

    await makeDue(app);
    expect(await worker.runDue()).toBe(1);
    expect((await deliveries(app, hook.id))[0]).toMatchObject({ status: "PENDING", attempts: 2, responseCode: 503 });
    await makeDue(app);
    expect(await worker.runDue()).toBe(1);

    expect(receiver.received).toHaveLength(3);
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(1);
    for (const r of receiver.received) expect(verified(hook.secret, r).type).toBe("account.created");
    expect((await deliveries(app, hook.id))[0]).toMatchObject({
      id: ids[0],
      status: "SUCCEEDED",
      attempts: 3,
      responseCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    await makeDue(app);
    expect(await worker.runDue()).toBe(0);
    expect(receiver.received).toHaveLength(3);
  });

  it("delivers after a worker is SIGKILLed mid-delivery, once its lease has expired", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const hook = await endpoint(acme.orgId, ["account.created"]);
    receiver.plan = ["hang"];
    await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });

    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CHILD], {
      env: { ...process.env, DATABASE_URL: app.database.url, WORKER_NAME: "doomed", LEASE_MS: "1000", POLL_MS: "20", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    try {
      await waitUntil(`the child is ready (${stderr})`, () => child.stdout.readableLength > 0 || stderr.length > 0 || child.exitCode !== null);
      child.stdin.write("go\n");
      await waitUntil("the receiver has the first request", () => receiver.received.length === 1);
    } finally {
      child.kill("SIGKILL");
    }
    expect(await exited).toBe("SIGKILL");
    expect((await deliveries(app, hook.id))[0]).toMatchObject({ status: "PENDING", attempts: 1, deliveredAt: null });

    const rescuer = app.worker({ owner: "rescuer" });
    await waitUntil("the rescuer has taken the job over", async () => (await rescuer.runDue()) > 0);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].headers["webhook-id"]).toBe(receiver.received[0].headers["webhook-id"]);
    expect(verified(hook.secret, receiver.received[1]).type).toBe("account.created");
    expect((await deliveries(app, hook.id))[0]).toMatchObject({ status: "SUCCEEDED", attempts: 2, responseCode: 200 });
    expect(await app.count("SELECT COUNT(*) AS n FROM job WHERE state <> 'DONE'")).toBe(0);
  });

  it("sends test events, redelivers under the same webhook-id, and signs with both secrets for a day after a rotation, then the new one only", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const hook = await endpoint(acme.orgId, ["group.created"], acme.adminToken);
    const test = (await app.ok("mutation($id: ID!) { testWebhookEndpoint(id: $id) { id eventType status } }", { id: hook.id }, acme.adminToken))
      .testWebhookEndpoint;
    expect(test).toMatchObject({ eventType: "webhook.test", status: "PENDING" });
    expect(await app.worker().runDue()).toBe(1);
    expect(verified(hook.secret, receiver.received[0])).toMatchObject({ type: "webhook.test", id: null });

    const again = await app.ok("mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id status } }", { id: test.id }, acme.adminToken);
    expect(again.redeliverWebhook).toEqual({ id: test.id, status: "PENDING" });
    expect(await app.worker().runDue()).toBe(1);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].headers["webhook-id"]).toBe(test.id);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
    expect((await deliveries(app, hook.id))[0]).toMatchObject({ id: test.id, status: "SUCCEEDED", attempts: 2 });

    const rotated = (await app.ok("mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id } } }", { id: hook.id }, acme.adminToken))
      .rotateWebhookSecret;
    expect(rotated.secret).not.toBe(hook.secret);
    await app.ok("mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }", { id: test.id }, acme.adminToken);
    expect(await app.worker().runDue()).toBe(1);
    expect(verified(rotated.secret, receiver.received[2]).type).toBe("webhook.test");
    // For 24 hours the old secret signs too: a receiver not yet switched still verifies.
    expect(String(receiver.received[2].headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verified(hook.secret, receiver.received[2]).type).toBe("webhook.test");
    await app.db.manager
      .createQueryBuilder()
      .update(WebhookEndpointEntity)
      .set({ previousSecretUntil: new Date(Date.now() - 1000) })
      .where("id = :id", { id: hook.id })
      .execute();
    await app.ok("mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }", { id: test.id }, acme.adminToken);
    expect(await app.worker().runDue()).toBe(1);
    expect(verified(rotated.secret, receiver.received[3]).type).toBe("webhook.test");
    expect(() => verified(hook.secret, receiver.received[3])).toThrow();

    const beta = await app.orgWithAdmin("Beta", "beta.test");
    expect(await app.code("mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }", { id: test.id }, beta.adminToken)).toBe("NOT_FOUND");
    expect(await app.code("mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }", { id: hook.id }, beta.adminToken)).toBe("NOT_FOUND");
    // One endpoint by id, for the console's delivery-log page; another organization's is NOT_FOUND.
    const ONE = "query($id: ID!) { webhookEndpoint(id: $id) { id url types description enabled } }";
    expect((await app.ok(ONE, { id: hook.id }, acme.adminToken)).webhookEndpoint).toEqual({
      id: hook.id,
      url: receiver.url,
      types: ["group.created"],
      description: "CRM sync",
      enabled: true,
    });
    expect(await app.code(ONE, { id: hook.id }, beta.adminToken)).toBe("NOT_FOUND");
    expect((await app.ok("mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }", { id: hook.id }, acme.adminToken)).deleteWebhookEndpoint).toBe(hook.id);
    expect(await app.count("webhook_delivery")).toBe(0);
  });

  it("refuses endpoint URLs on loopback, private or link-local hosts not listed in WEBHOOK_ALLOWED_HOSTS, and unknown event types", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    for (const url of [
      "http://localhost:8080/hook",
      "http://10.1.2.3/hook",
      "http://192.168.1.10/hook",
      "http://[::1]:8080/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:127.0.0.2]/",
      "ftp://127.0.0.1/hook",
      "http://user:pw@127.0.0.1/hook",
      "not a url",
    ]) {
      const res = await app.gql(CREATE, { i: { organizationId: acme.orgId, url } });
      expect([url, res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])]).toEqual([url, [["BAD_USER_INPUT", "url"]]]);
    }
    const unknown = await app.gql(CREATE, { i: { organizationId: acme.orgId, url: receiver.url, types: ["account.exploded"] } });
    expect(unknown.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([["BAD_USER_INPUT", "types"]]);
    expect(await app.count("webhook_endpoint")).toBe(0);

    // Production: https only, even for a listed host; public addresses pass.
    const production = { allowedHosts: ["127.0.0.1"], requireHttps: true, lookup: async () => ["93.184.215.14"] };
    await expect(checkWebhookUrl("http://127.0.0.1/hook", production)).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "url" } });
    await expect(checkWebhookUrl("https://hooks.example.com/postroom", production)).resolves.toBe("https://hooks.example.com/postroom");
    await expect(checkWebhookUrl("https://rebind.example/", { ...production, lookup: async () => ["93.184.215.14", "10.0.0.5"] })).rejects.toMatchObject({
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

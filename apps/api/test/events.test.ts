import fs from "node:fs";
import path from "node:path";
import { recordAudit } from "../src/audit/audit.service";
import { AUDIT_ACTION_EVENTS, IGNORED_AUDIT_ACTIONS } from "../src/events/event-types";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const EVENTS =
  "query($o: ID, $after: String, $t: [String!], $n: Int) { events(organizationId: $o, after: $after, types: $t, first: $n) { totalCount pageInfo { hasNextPage endCursor } edges { node { id type organizationId data } } } }";

/** Every audit action literal in the services (`action: "…"`, insertAlias's action argument, the enable/disable ternary). */
function auditActionsInCode(): string[] {
  const src = path.resolve(__dirname, "../src");
  const found = new Set<string>();
  for (const file of fs.readdirSync(src, { recursive: true }) as string[]) {
    if (!file.endsWith(".ts") || file.startsWith("events")) continue;
    const text = fs.readFileSync(path.join(src, file), "utf8");
    if (!/recordAudit|insertAlias/.test(text)) continue;
    for (const m of text.matchAll(/"((?:account|address|alias|group|domain|organization|webhook|job|apiKey)\.[a-zA-Z]+)"/g)) found.add(m[1]);
  }
  return [...found].sort();
}

it("maps every audit action used in the code to events, or ignores it explicitly", () => {
  const actions = auditActionsInCode();
  expect(actions).toEqual(
    expect.arrayContaining(["account.create", "account.disable", "account.enable", "address.addAlias", "alias.confirm", "domain.change", "webhook.create"]),
  );
  expect(actions.filter((a) => !(a in AUDIT_ACTION_EVENTS) && !IGNORED_AUDIT_ACTIONS.has(a))).toEqual([]);
});

describe.each(dialects())("change events (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("writes an event with each change, readable oldest first after a cursor and by type, per organization", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const beta = await app.orgWithAdmin("Beta", "beta.test");
    const ann = await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });
    await app.ok("mutation($id: ID!) { disableAccount(id: $id) { id } }", { id: ann });
    await app.ok("mutation($id: ID!) { enableAccount(id: $id) { id } }", { id: ann });

    const all = (await app.ok(EVENTS, { o: acme.orgId, n: 100 }, acme.adminToken)).events;
    expect(all.edges.map((e: { node: { type: string } }) => e.node.type)).toEqual([
      "domain.added",
      "domain.verified",
      "account.created",
      "account.created",
      "account.disabled",
      "account.enabled",
    ]);
    const ids = all.edges.map((e: { node: { id: string } }) => Number(e.node.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(all.edges[4].node).toMatchObject({
      organizationId: acme.orgId,
      data: { object: { type: "Account", id: ann }, actor: { type: "OPERATOR", label: "ops@postroom.test" } },
    });

    const page = (await app.ok(EVENTS, { o: acme.orgId, n: 2 }, acme.adminToken)).events;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = (await app.ok(EVENTS, { o: acme.orgId, after: page.pageInfo.endCursor, n: 100 }, acme.adminToken)).events;
    expect(rest.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(all.edges.slice(2).map((e: { node: { id: string } }) => e.node.id));
    const byType = (await app.ok(EVENTS, { o: acme.orgId, t: ["account.disabled", "account.enabled"] }, acme.adminToken)).events;
    expect(byType.edges.map((e: { node: { type: string } }) => e.node.type)).toEqual(["account.disabled", "account.enabled"]);

    expect(await app.code(EVENTS, { o: acme.orgId }, beta.adminToken)).toBe("NOT_FOUND");
    expect((await app.ok(EVENTS, { n: 100 }, beta.adminToken)).events.totalCount).toBe(3);
    expect((await app.ok(EVENTS, { n: 100 })).events.totalCount).toBe(9);
    expect(await app.code(EVENTS, { o: acme.orgId, t: ["account.exploded"] })).toBe("BAD_USER_INPUT");
  });

  it("writes events and webhook deliveries in the change's transaction: a rolled-back change leaves neither", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.ok("mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret } }", {
      i: { organizationId: acme.orgId, url: "http://127.0.0.1:9/hook" },
    });
    const before = {
      events: await app.count("event"),
      audit: await app.count("audit_event"),
      deliveries: await app.count("webhook_delivery"),
      jobs: await app.count("job"),
    };
    await expect(
      app.db.transaction(async (m) => {
        await recordAudit(m, null, {
          organizationId: acme.orgId,
          action: "account.create",
          targetType: "Account",
          targetId: null,
          after: { displayName: "Ghost" },
        });
        const [inside] = (await m.query("SELECT COUNT(*) AS n FROM event")) as { n: number | string }[];
        expect(Number(inside.n)).toBe(before.events + 1);
        throw new Error("the change failed after its audit record");
      }),
    ).rejects.toThrow("the change failed after its audit record");
    expect({
      events: await app.count("event"),
      audit: await app.count("audit_event"),
      deliveries: await app.count("webhook_delivery"),
      jobs: await app.count("job"),
    }).toEqual(before);

    await app.db.transaction((m) => recordAudit(m, null, { organizationId: acme.orgId, action: "account.create", targetType: "Account", targetId: null }));
    expect({ events: await app.count("event"), deliveries: await app.count("webhook_delivery"), jobs: await app.count("job") }).toEqual({
      events: before.events + 1,
      deliveries: before.deliveries + 1,
      jobs: before.jobs + 1,
    });
  });

  it("reports a job that failed for good as job.failed", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.db.transaction((m) =>
      app.services.jobs.enqueue(m, {
        organizationId: acme.orgId,
        kind: "doomed",
        payload: {},
        idempotencyKey: "doomed:1",
        runAt: new Date(Date.now() - 1000),
        maxAttempts: 1,
      }),
    );
    const worker = app.worker(
      { log: () => {} },
      {
        doomed: async () => {
          throw new Error("never works");
        },
      },
    );
    expect(await worker.runDue()).toBe(1);
    const events = (await app.ok(EVENTS, { o: acme.orgId, t: ["job.failed"] })).events.edges;
    expect(events).toHaveLength(1);
    expect(events[0].node.data).toMatchObject({ object: { type: "Job" }, job: { kind: "doomed", attempts: 1 } });
  });

  it("keeps events 30 days: pruning deletes only older ones", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const events = await app.count("event");
    app.clock.offsetMs = 29 * 86_400_000;
    expect(await app.services.events.prune()).toBe(0);
    app.clock.offsetMs = 31 * 86_400_000;
    expect(await app.services.events.prune()).toBe(events);
    expect((await app.ok(EVENTS, { o: acme.orgId })).events.totalCount).toBe(0);
  });
});

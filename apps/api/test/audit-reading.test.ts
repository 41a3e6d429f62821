import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { AuditEventsDocument, DisableAccountDocument, UpdateAccountDocument } from "./generated/graphql";

/** auditEvents: filters, newest-first paging, and each organization's trail for its own admins only. */
describe.each(dialects())("reading the audit trail (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("filters by action and target, pages newest first, and hides the trail from other organizations", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const bobId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" }, acme.adminToken);
    const carolId = await app.createAccount(acme.orgId, { displayName: "Carol", primaryAddress: "carol@acme.test" }, acme.adminToken);
    await app.request(UpdateAccountDocument, { id: bobId, input: { displayName: "Bobby" } }, acme.adminToken);
    await app.request(UpdateAccountDocument, { id: bobId, input: { displayName: "Robert" } }, acme.adminToken);
    await app.request(UpdateAccountDocument, { id: carolId, input: { displayName: "Caroline" } }, acme.adminToken);
    await app.request(DisableAccountDocument, { id: bobId }, acme.adminToken);

    const byAction = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "account.update" })).auditEvents;
    expect(byAction.totalCount).toBe(3);
    expect(byAction.edges.map((e) => [e.node.targetId, (e.node.summary.after as { displayName: string }).displayName])).toEqual([
      [carolId, "Caroline"],
      [bobId, "Robert"],
      [bobId, "Bobby"],
    ]);

    const byTarget = (await app.request(AuditEventsDocument, { action: null, targetId: bobId }, acme.adminToken)).auditEvents;
    expect(byTarget.totalCount).toBe(4);
    expect(byTarget.edges.map((e) => e.node.action)).toEqual(["account.disable", "account.update", "account.update", "account.create"]);

    const both = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "account.update", targetId: carolId })).auditEvents;
    expect(both.totalCount).toBe(1);
    expect(both.edges[0].node.summary).toEqual({
      before: { displayName: "Carol", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
      after: { displayName: "Caroline", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
    });
    expect((await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "no.such.action" })).auditEvents).toMatchObject({
      totalCount: 0,
      edges: [],
    });

    const page1 = (await app.request(AuditEventsDocument, { targetId: bobId, first: 3 }, acme.adminToken)).auditEvents;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await app.request(AuditEventsDocument, { targetId: bobId, first: 3, after: page1.pageInfo.endCursor }, acme.adminToken)).auditEvents;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.edges.map((e) => e.node.action)).toEqual(["account.create"]);

    // Globex's trail holds none of Acme's events, and Acme's is not Globex's to read.
    expect(await app.code(AuditEventsDocument, { organizationId: acme.orgId }, globex.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(AuditEventsDocument, { organizationId: acme.orgId, targetId: bobId }, globex.adminToken)).toBe("NOT_FOUND");
    expect((await app.request(AuditEventsDocument, { targetId: bobId }, globex.adminToken)).auditEvents.totalCount).toBe(0);
    const globexActions = (await app.request(AuditEventsDocument, {}, globex.adminToken)).auditEvents.edges.map((e) => e.node.action);
    expect(globexActions).toEqual(["account.create", "domain.verify", "domain.add", "organization.create"]);
    await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    expect(await app.code(AuditEventsDocument, {}, await app.login("pro@acme.test", "pro-password-1"))).toBe("FORBIDDEN");
  });
});

import { EntityManager } from "typeorm";
import { AuditEventEntity } from "../src/audit/audit-event.entity";
import { dialects } from "./support/databases";
import { OPERATOR_EMAIL, TestApp } from "./support/harness";

const EVENT_FIELDS = "action actorType actorId actorLabel targetType targetId summary";
const EVENTS = `query($o: ID, $a: String, $t: ID, $f: Int, $after: String) { auditEvents(organizationId: $o, action: $a, targetId: $t, first: $f, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id ${EVENT_FIELDS} } } } }`;

const M = {
  createOrganization: "mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }",
  updatePolicy: "mutation($id: ID!, $i: UpdateOrganizationPolicyInput!) { updateOrganizationPolicy(id: $id, input: $i) { id } }",
  addDomain: "mutation($i: AddDomainInput!) { addDomain(input: $i) { id verificationRecord { name value } } }",
  verifyDomain: "mutation($id: ID!) { verifyDomain(id: $id) { id status } }",
  updateDomain: "mutation($id: ID!, $i: UpdateDomainInput!) { updateDomain(id: $id, input: $i) { id mailService } }",
  removeDomain: "mutation($id: ID!) { removeDomain(id: $id) { id } }",
  createAccount: "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }",
  updateAccount: "mutation($id: ID!, $i: UpdateAccountInput!) { updateAccount(id: $id, input: $i) { id } }",
  setPrimary: "mutation($id: ID!, $a: String!) { setPrimaryAddress(accountId: $id, address: $a) { id sendAs } }",
  disable: "mutation($id: ID!) { disableAccount(id: $id) { id status } }",
  enable: "mutation($id: ID!) { enableAccount(id: $id) { id status } }",
  addAlias: "mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }",
  removeAddress: "mutation($id: ID!) { removeAddress(id: $id) { id } }",
};

interface AuditNode {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  targetType: string;
  targetId: string | null;
  summary: Record<string, unknown>;
}

async function auditRows(app: TestApp): Promise<number> {
  const rows: { n: number | string }[] = await app.db.manager.query("SELECT COUNT(*) AS n FROM audit_event");
  return Number(rows[0].n);
}

describe.each(dialects())("audit trail (%s)", (dialect) => {
  let app: TestApp;
  let operatorId: string;
  beforeAll(async () => {
    app = await TestApp.start(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.reset();
    operatorId = (await app.ok("{ viewer { operator { id } } }")).viewer.operator.id;
  });
  afterEach(() => {
    expect(app.unexpectedErrors).toEqual([]);
  });

  /** Runs one mutation that must succeed and returns its data and the one audit event it wrote. */
  async function audited<T = any>(orgId: () => string, query: string, variables: Record<string, unknown>, token: string): Promise<{ data: T; event: AuditNode }> {
    const before = await auditRows(app);
    const data = await app.ok<T>(query, variables, token);
    expect(await auditRows(app)).toBe(before + 1);
    const page = await app.ok(EVENTS, { o: orgId(), f: 1 });
    return { data, event: page.auditEvents.edges[0].node };
  }

  /** Runs one mutation that must be refused with `code` and checks that no audit event appeared. */
  async function refused(query: string, variables: Record<string, unknown>, token: string, code: string): Promise<void> {
    const before = await auditRows(app);
    expect(await app.code(query, variables, token)).toBe(code);
    expect(await auditRows(app)).toBe(before);
  }

  it("writes exactly one event per mutation, with the action, actor, target and before/after", async () => {
    let orgId = "";
    const org = () => orgId;
    const asOperator = { actorType: "OPERATOR", actorId: operatorId, actorLabel: OPERATOR_EMAIL };

    // The organization's id is only known once it exists, so this first one is checked by hand.
    const beforeOrg = await auditRows(app);
    orgId = (await app.ok(M.createOrganization, { i: { name: "Acme" } })).createOrganization.id;
    expect(await auditRows(app)).toBe(beforeOrg + 1);
    const orgEvent: AuditNode = (await app.ok(EVENTS, { o: orgId })).auditEvents.edges[0].node;
    expect(orgEvent).toMatchObject({
      action: "organization.create",
      ...asOperator,
      targetType: "Organization",
      targetId: orgId,
      summary: { after: { name: "Acme", aliasSelfService: true, maxAliasesPerAccount: null } },
    });

    const domain = await audited(org, M.addDomain, { i: { organizationId: orgId, name: "acme.test" } }, app.operatorToken);
    const domainId = domain.data.addDomain.id;
    expect(domain.event).toMatchObject({
      action: "domain.add",
      ...asOperator,
      targetType: "Domain",
      targetId: domainId,
      summary: { after: { name: "acme.test", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" } },
    });
    app.dns.setTxt(domain.data.addDomain.verificationRecord.name, [domain.data.addDomain.verificationRecord.value]);
    expect((await audited(org, M.verifyDomain, { id: domainId }, app.operatorToken)).event).toMatchObject({
      action: "domain.verify",
      ...asOperator,
      targetType: "Domain",
      targetId: domainId,
      summary: {
        before: { name: "acme.test", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" },
        after: { name: "acme.test", status: "VERIFIED", mailService: "EXCHANGE" },
      },
    });

    const admin = await audited(org, M.createAccount, { i: { organizationId: orgId, displayName: "Ada Admin", primaryAddress: "Admin@Acme.test", profile: "ADMIN", password: "admin-password-1" } }, app.operatorToken);
    const adminId = admin.data.createAccount.id;
    expect(admin.event).toEqual({
      id: admin.event.id,
      action: "account.create",
      ...asOperator,
      targetType: "Account",
      targetId: adminId,
      summary: { after: { displayName: "Ada Admin", profile: "ADMIN", status: "ACTIVE", exchangeEnabled: false, primaryAddress: "admin@acme.test" } },
    });
    expect(JSON.stringify(admin.event)).not.toContain("admin-password-1");
    expect(JSON.stringify(admin.event)).not.toContain("scrypt");

    const adminToken = await app.login("admin@acme.test", "admin-password-1");
    const asAdmin = { actorType: "ACCOUNT", actorId: adminId, actorLabel: "admin@acme.test" };

    expect((await audited(org, M.updatePolicy, { id: orgId, i: { aliasSelfService: false, maxAliasesPerAccount: 3 } }, adminToken)).event).toMatchObject({
      action: "organization.updatePolicy",
      ...asAdmin,
      targetType: "Organization",
      targetId: orgId,
      summary: { before: { aliasSelfService: true, maxAliasesPerAccount: null }, after: { aliasSelfService: false, maxAliasesPerAccount: 3 } },
    });

    const second = await audited(org, M.addDomain, { i: { name: "acme.example", mailService: "EXCHANGE" } }, adminToken);
    const secondId = second.data.addDomain.id;
    expect(second.event).toMatchObject({ action: "domain.add", ...asAdmin, targetId: secondId, summary: { after: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" } } });
    expect((await audited(org, M.updateDomain, { id: secondId, i: { mailService: "WEB_EMAIL" } }, adminToken)).event).toMatchObject({
      action: "domain.update",
      ...asAdmin,
      targetType: "Domain",
      targetId: secondId,
      summary: {
        before: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" },
        after: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "WEB_EMAIL" },
      },
    });
    expect((await audited(org, M.removeDomain, { id: secondId }, adminToken)).event).toEqual({
      id: expect.any(String),
      action: "domain.remove",
      ...asAdmin,
      targetType: "Domain",
      targetId: secondId,
      summary: { before: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "WEB_EMAIL" } },
    });

    const bob = await audited(org, M.createAccount, { i: { displayName: "Bob", primaryAddress: "bob@acme.test" } }, adminToken);
    const bobId = bob.data.createAccount.id;
    expect(bob.event).toMatchObject({
      action: "account.create",
      ...asAdmin,
      targetId: bobId,
      summary: { after: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false, primaryAddress: "bob@acme.test" } },
    });

    const updated = await audited(org, M.updateAccount, { id: bobId, i: { displayName: "Robert", exchangeEnabled: true } }, adminToken);
    expect(updated.event).toEqual({
      id: expect.any(String),
      action: "account.update",
      ...asAdmin,
      targetType: "Account",
      targetId: bobId,
      summary: {
        before: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
        after: { displayName: "Robert", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: true },
      },
    });

    const aliased = await audited(org, M.addAlias, { i: { accountId: bobId, address: "Robert@acme.test" } }, adminToken);
    const aliasId = aliased.data.addAlias.alias.id;
    expect(aliased.event).toMatchObject({
      action: "address.addAlias",
      ...asAdmin,
      targetType: "Address",
      targetId: aliasId,
      summary: { after: { address: "robert@acme.test", kind: "ALIAS", status: "ACTIVE", accountId: bobId } },
    });

    const primary = await audited(org, M.setPrimary, { id: bobId, a: "robert@acme.test" }, adminToken);
    expect(primary.data.setPrimaryAddress.sendAs).toBe("robert@acme.test");
    expect(primary.event).toMatchObject({
      action: "account.setPrimaryAddress",
      ...asAdmin,
      targetType: "Account",
      targetId: bobId,
      summary: { before: { primaryAddress: "bob@acme.test" }, after: { primaryAddress: "robert@acme.test", previousKeptAs: "SECONDARY" } },
    });

    expect((await audited(org, M.disable, { id: bobId }, adminToken)).event).toMatchObject({
      action: "account.disable",
      ...asAdmin,
      targetId: bobId,
      summary: { before: { status: "ACTIVE", displayName: "Robert" }, after: { status: "DISABLED", displayName: "Robert" } },
    });
    expect((await audited(org, M.enable, { id: bobId }, app.operatorToken)).event).toMatchObject({
      action: "account.enable",
      ...asOperator,
      targetId: bobId,
      summary: { before: { status: "DISABLED" }, after: { status: "ACTIVE" } },
    });

    const oldIds: { id: string }[] = await app.db.manager.query("SELECT id FROM address WHERE address = ?", ["bob@acme.test"]);
    expect((await audited(org, M.removeAddress, { id: oldIds[0].id }, adminToken)).event).toEqual({
      id: expect.any(String),
      action: "address.remove",
      ...asAdmin,
      targetType: "Address",
      targetId: oldIds[0].id,
      summary: { before: { address: "bob@acme.test", kind: "SECONDARY", status: "ACTIVE", accountId: bobId } },
    });

    expect(await app.auditActions(orgId)).toEqual([
      "address.remove",
      "account.enable",
      "account.disable",
      "account.setPrimaryAddress",
      "address.addAlias",
      "account.update",
      "account.create",
      "domain.remove",
      "domain.update",
      "domain.add",
      "organization.updatePolicy",
      "account.create",
      "domain.verify",
      "domain.add",
      "organization.create",
    ]);
  });

  it("writes nothing for a refused mutation", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
    const guestId = await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
    await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    const guest = await app.login("guest@acme.test", "guest-password-1");
    const pro = await app.login("pro@acme.test", "pro-password-1");
    const guestAlias = (await app.ok(M.addAlias, { i: { accountId: guestId, address: "visitor@acme.test" } }, acme.adminToken)).addAlias.alias.id;
    const pending = (await app.ok(M.addDomain, { i: { name: "acme-pending.test" } }, acme.adminToken)).addDomain.id;
    const acmeDomain = (await app.ok("{ domains { id name } }", {}, acme.adminToken)).domains.find((d: { name: string }) => d.name === "acme.test").id;
    const globexDomain = (await app.ok("{ domains { id name } }", {}, globex.adminToken)).domains[0].id;
    const bobPrimary: { id: string }[] = await app.db.manager.query("SELECT id FROM address WHERE address = ?", ["bob@acme.test"]);
    const total = await auditRows(app);

    await refused(M.createOrganization, { i: { name: "Rogue" } }, acme.adminToken, "FORBIDDEN");
    await refused(M.updatePolicy, { id: acme.orgId, i: { maxAliasesPerAccount: -1 } }, acme.adminToken, "BAD_USER_INPUT");
    await refused(M.updatePolicy, { id: acme.orgId, i: { aliasSelfService: false } }, pro, "FORBIDDEN");
    await refused(M.updatePolicy, { id: acme.orgId, i: { aliasSelfService: false } }, globex.adminToken, "NOT_FOUND");
    await refused(M.addDomain, { i: { name: "gmail.com" } }, acme.adminToken, "FREE_MAIL_DOMAIN");
    await refused(M.addDomain, { i: { name: "globex.test" } }, acme.adminToken, "DOMAIN_TAKEN");
    await refused(M.verifyDomain, { id: pending }, acme.adminToken, "DOMAIN_VERIFICATION_FAILED");
    await refused(M.updateDomain, { id: globexDomain, i: { mailService: "WEB_EMAIL" } }, acme.adminToken, "NOT_FOUND");
    await refused(M.removeDomain, { id: acmeDomain }, acme.adminToken, "DOMAIN_IN_USE");
    await refused(M.createAccount, { i: { displayName: "Dup", primaryAddress: "BOB@acme.test" } }, acme.adminToken, "ADDRESS_TAKEN");
    await refused(M.createAccount, { i: { displayName: "Short", primaryAddress: "short@acme.test", password: "short" } }, acme.adminToken, "BAD_USER_INPUT");
    await refused(M.createAccount, { i: { displayName: "Elsewhere", primaryAddress: "someone@gmail.com" } }, acme.adminToken, "FREE_MAIL_DOMAIN");
    await refused(M.updateAccount, { id: bobId, i: { displayName: "Hacked" } }, pro, "FORBIDDEN");
    await refused(M.updateAccount, { id: bobId, i: { displayName: "   " } }, acme.adminToken, "BAD_USER_INPUT");
    await refused(M.setPrimary, { id: bobId, a: "guest@acme.test" }, acme.adminToken, "ADDRESS_TAKEN");
    await refused(M.disable, { id: bobId }, globex.adminToken, "NOT_FOUND");
    await refused(M.enable, { id: bobId }, pro, "FORBIDDEN");
    await refused(M.addAlias, { i: { accountId: bobId, address: "bob+news@acme.test" } }, acme.adminToken, "INVALID_ADDRESS");
    await refused(M.addAlias, { i: { accountId: bobId, address: "visitor@acme.test" } }, acme.adminToken, "ADDRESS_TAKEN");
    await refused(M.removeAddress, { id: bobPrimary[0].id }, acme.adminToken, "BAD_USER_INPUT");
    await refused(M.removeAddress, { id: guestAlias }, guest, "ALIAS_NOT_ALLOWED");

    await app.ok(M.updatePolicy, { id: acme.orgId, i: { maxAliasesPerAccount: 0 } }, acme.adminToken);
    await refused(M.addAlias, { i: { accountId: bobId, address: "bob2@acme.test" } }, acme.adminToken, "ALIAS_LIMIT_REACHED");

    expect(await auditRows(app)).toBe(total + 1);
    expect((await app.auditActions(acme.orgId))[0]).toBe("organization.updatePolicy");
  });

  it("records a password change as passwordChanged, never the password or its hash", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const bobId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test", password: "first-password-1" });
    const { event } = await audited(() => acme.orgId, M.updateAccount, { id: bobId, i: { password: "second-password-2" } }, acme.adminToken);
    expect(event).toEqual({
      id: expect.any(String),
      action: "account.update",
      actorType: "ACCOUNT",
      actorId: acme.adminId,
      actorLabel: "admin@acme.test",
      targetType: "Account",
      targetId: bobId,
      summary: {
        passwordChanged: true,
        before: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
        after: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
      },
    });

    const [{ password_hash: hash }]: { password_hash: string }[] = await app.db.manager.query("SELECT password_hash FROM account WHERE id = ?", [bobId]);
    expect(hash).toMatch(/^scrypt\$/);
    const stored: { summary: string }[] = await app.db.manager.query("SELECT summary FROM audit_event WHERE target_id = ?", [bobId]);
    expect(stored).toHaveLength(2);
    for (const { summary } of stored) {
      for (const secret of ["first-password-1", "second-password-2", hash, ...hash.split("$").slice(4), "scrypt", "password_hash", "passwordHash"]) {
        expect(summary).not.toContain(secret);
      }
    }
    // The change itself happened.
    expect(await app.login("bob@acme.test", "second-password-2")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("filters by action and target, pages newest first, and hides the trail from other organizations", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const bobId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" }, acme.adminToken);
    const carolId = await app.createAccount(acme.orgId, { displayName: "Carol", primaryAddress: "carol@acme.test" }, acme.adminToken);
    await app.ok(M.updateAccount, { id: bobId, i: { displayName: "Bobby" } }, acme.adminToken);
    await app.ok(M.updateAccount, { id: bobId, i: { displayName: "Robert" } }, acme.adminToken);
    await app.ok(M.updateAccount, { id: carolId, i: { displayName: "Caroline" } }, acme.adminToken);
    await app.ok(M.disable, { id: bobId }, acme.adminToken);

    const byAction = (await app.ok(EVENTS, { o: acme.orgId, a: "account.update" })).auditEvents;
    expect(byAction.totalCount).toBe(3);
    expect(byAction.edges.map((e: { node: AuditNode }) => [e.node.targetId, (e.node.summary.after as { displayName: string }).displayName])).toEqual([
      [carolId, "Caroline"],
      [bobId, "Robert"],
      [bobId, "Bobby"],
    ]);

    const byTarget = (await app.ok(EVENTS, { a: null, t: bobId }, acme.adminToken)).auditEvents;
    expect(byTarget.totalCount).toBe(4);
    expect(byTarget.edges.map((e: { node: AuditNode }) => e.node.action)).toEqual(["account.disable", "account.update", "account.update", "account.create"]);

    const both = (await app.ok(EVENTS, { o: acme.orgId, a: "account.update", t: carolId })).auditEvents;
    expect(both.totalCount).toBe(1);
    expect(both.edges[0].node.summary).toEqual({
      before: { displayName: "Carol", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
      after: { displayName: "Caroline", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
    });
    expect((await app.ok(EVENTS, { o: acme.orgId, a: "no.such.action" })).auditEvents).toMatchObject({ totalCount: 0, edges: [] });

    const page1 = (await app.ok(EVENTS, { t: bobId, f: 3 }, acme.adminToken)).auditEvents;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await app.ok(EVENTS, { t: bobId, f: 3, after: page1.pageInfo.endCursor }, acme.adminToken)).auditEvents;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.edges.map((e: { node: AuditNode }) => e.node.action)).toEqual(["account.create"]);

    // Globex's trail holds none of Acme's events, and Acme's is not Globex's to read.
    expect(await app.code(EVENTS, { o: acme.orgId }, globex.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(EVENTS, { o: acme.orgId, t: bobId }, globex.adminToken)).toBe("NOT_FOUND");
    expect((await app.ok(EVENTS, { t: bobId }, globex.adminToken)).auditEvents.totalCount).toBe(0);
    const globexActions = (await app.ok(EVENTS, {}, globex.adminToken)).auditEvents.edges.map((e: { node: AuditNode }) => e.node.action);
    expect(globexActions).toEqual(["account.create", "domain.verify", "domain.add", "organization.create"]);
    await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    expect(await app.code(EVENTS, {}, await app.login("pro@acme.test", "pro-password-1"))).toBe("FORBIDDEN");
  });

  it("keeps an event and its change together: both or neither", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" }, acme.adminToken);
    const counts = async () => [await auditRows(app), await app.count("account"), await app.count("address")];

    // A refused change leaves no event.
    const before = await counts();
    expect(await app.code(M.createAccount, { i: { displayName: "Dup", primaryAddress: "Bob@ACME.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
    expect(await counts()).toEqual(before);

    // An event that cannot be written takes its change down with it.
    const failure = new Error("audit store unavailable");
    const insert = EntityManager.prototype.insert;
    EntityManager.prototype.insert = function (this: EntityManager, target: unknown, ...rest: unknown[]) {
      if (target === AuditEventEntity) return Promise.reject(failure);
      return (insert as (...args: unknown[]) => Promise<unknown>).call(this, target, ...rest);
    } as typeof insert;
    let createRes;
    let aliasRes;
    try {
      createRes = await app.gql(M.createAccount, { i: { displayName: "Carol", primaryAddress: "carol@acme.test" } }, acme.adminToken);
      aliasRes = await app.gql(M.addAlias, { i: { accountId: acme.adminId, address: "boss@acme.test" } }, acme.adminToken);
    } finally {
      EntityManager.prototype.insert = insert;
    }
    for (const res of [createRes, aliasRes]) {
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Internal server error.", "INTERNAL_SERVER_ERROR"]]);
    }
    expect(await counts()).toEqual(before);
    const rows: unknown[] = await app.db.manager.query("SELECT id FROM address WHERE address IN (?, ?)", ["carol@acme.test", "boss@acme.test"]);
    expect(rows).toEqual([]);
    expect(app.unexpectedErrors).toEqual([failure, failure]);
    app.unexpectedErrors = [];

    // With the trail writable again, the same changes go through with their events.
    await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" }, acme.adminToken);
    await app.ok(M.addAlias, { i: { accountId: acme.adminId, address: "boss@acme.test" } }, acme.adminToken);
    expect(await counts()).toEqual([before[0] + 2, before[1] + 1, before[2] + 2]);
  });
});

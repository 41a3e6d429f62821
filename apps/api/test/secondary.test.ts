import { dialects } from "./support/databases";
import { TestApp, useTestApp } from "./support/harness";
import { AddSecondaryAddressDocument, ResolveDocument } from "./generated/graphql";

const REMOVE = "mutation($id: ID!) { removeAddress(id: $id) { id address kind status } }";
const JOBS = "query($o: ID!, $s: JobState) { jobs(organizationId: $o, state: $s) { totalCount edges { node { id kind state attempts maxAttempts runAt lastError doneAt payload } } } }";
const ACCOUNT = "query($id: ID!) { account(id: $id) { sendAs primaryAddress { address } secondaryAddresses { address status } } }";
const UPDATE_DOMAIN = "mutation($id: ID!, $i: UpdateDomainInput!) { updateDomain(id: $id, input: $i) { name mailService } }";
const AUDIT = "query($o: ID!, $t: ID) { auditEvents(organizationId: $o, targetId: $t, first: 100) { edges { node { action targetId summary } } } }";

interface JobNode {
  id: string;
  kind: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  doneAt: string | null;
  payload: { addressId?: string };
}

async function jobs(app: TestApp, organizationId: string, state?: string): Promise<JobNode[]> {
  const data = await app.ok(JOBS, { o: organizationId, s: state ?? null });
  return data.jobs.edges.map((e: { node: JobNode }) => e.node);
}

async function ledger(app: TestApp): Promise<{ idempotency_key: string; address: string; calls: number }[]> {
  const rows: { idempotency_key: string; address: string; calls: number | string }[] = await app.db.manager.query("SELECT idempotency_key, address, calls FROM provider_ledger ORDER BY address");
  return rows.map((r) => ({ ...r, calls: Number(r.calls) }));
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Acme (acme.test, Exchange) with an Exchange-enabled member, and the other domains the rules are about. */
async function exchangeOrg(app: TestApp) {
  const acme = await app.orgWithAdmin("Acme", "acme.test");
  const samId = await app.createAccount(acme.orgId, { primaryAddress: "sam@acme.test", exchangeEnabled: true });
  return { ...acme, samId };
}

describe.each(dialects())("Exchange secondary addresses (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("refuses every address outside the organization's verified Exchange domains, leaving no address and no job", async () => {
    const acme = await exchangeOrg(app);
    await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { organizationId: acme.orgId, name: "pending.test", mailService: "EXCHANGE" } });
    await app.verifiedDomain(acme.orgId, "web.test", "WEB_EMAIL");
    await app.orgWithAdmin("Globex", "globex.test");
    const noExchangeId = await app.createAccount(acme.orgId, { primaryAddress: "nox@acme.test", exchangeEnabled: false });
    await app.createAccount(acme.orgId, { primaryAddress: "taken@acme.test" });

    const before = { address: await app.count("address"), job: await app.count("job") };
    const refusals: [string, string, string][] = [
      [acme.samId, "sam2@pending.test", "DOMAIN_NOT_VERIFIED"],
      [acme.samId, "sam2@nobody.test", "DOMAIN_NOT_OWNED"],
      [acme.samId, "sam2@gmail.com", "FREE_MAIL_DOMAIN"],
      [acme.samId, "sam2@globex.test", "ADDRESS_TAKEN"],
      [acme.samId, "sam2@web.test", "DOMAIN_SERVICE_CONFLICT"],
      [noExchangeId, "nox2@acme.test", "DOMAIN_SERVICE_CONFLICT"],
      [acme.samId, "taken@acme.test", "ADDRESS_TAKEN"],
      [acme.samId, "  TAKEN@Acme.Test ", "ADDRESS_TAKEN"],
      [acme.samId, "admin@acme.test", "ADDRESS_TAKEN"],
    ];
    const seen: string[] = [];
    for (const [accountId, address] of refusals) seen.push(await app.code(AddSecondaryAddressDocument, { input: { accountId, address } }, acme.adminToken));
    expect(seen).toEqual(refusals.map((r) => r[2]));
    expect({ address: await app.count("address"), job: await app.count("job") }).toEqual(before);
    expect(before.job).toBe(0);
    expect((await app.request(ResolveDocument, { address: "sam2@acme.test" })).resolveAddress).toBeNull();
  });

  it("lets only the organization's admins add secondaries and see jobs, and only for active accounts", async () => {
    const acme = await exchangeOrg(app);
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", exchangeEnabled: true, password: "pro-password-1" });
    const pro = await app.login("pro@acme.test", "pro-password-1");
    const goneId = await app.createAccount(acme.orgId, { primaryAddress: "gone@acme.test", exchangeEnabled: true });
    await app.ok("mutation($id: ID!) { disableAccount(id: $id) { status } }", { id: goneId }, acme.adminToken);

    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "x1@acme.test" } }, pro)).toBe("FORBIDDEN");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "x2@acme.test" } }, globex.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: goneId, address: "x3@acme.test" } }, acme.adminToken)).toBe("ACCOUNT_DISABLED");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "sam+x4@acme.test" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "not an address" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
    expect(await app.count("job")).toBe(0);

    await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "x5@acme.test" } }, acme.adminToken);
    expect((await app.ok(JOBS, { o: acme.orgId, s: null }, acme.adminToken)).jobs.totalCount).toBe(1);
    expect(await app.code(JOBS, { o: acme.orgId, s: null }, pro)).toBe("FORBIDDEN");
    expect(await app.code(JOBS, { o: acme.orgId, s: null }, globex.adminToken)).toBe("NOT_FOUND");
    expect((await app.ok(JOBS, { o: globex.orgId, s: null }, globex.adminToken)).jobs.totalCount).toBe(0);
  });

  it("refuses an address another account already reserved as a pending secondary", async () => {
    const acme = await exchangeOrg(app);
    const kimId = await app.createAccount(acme.orgId, { primaryAddress: "kim@acme.test", exchangeEnabled: true });
    const first = await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "desk@acme.test" } }, acme.adminToken);
    expect(first.addSecondaryAddress.status).toBe("PENDING_PROVISIONING");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: kimId, address: "Desk@ACME.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "desk@acme.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
    expect(await app.count("job")).toBe(1);
    const rows: { account_id: string }[] = await app.db.manager.query("SELECT account_id FROM address WHERE address = ?", ["desk@acme.test"]);
    expect(rows).toEqual([{ account_id: acme.samId }]);
  });

  it("reserves the address as PENDING_PROVISIONING and makes it ACTIVE once the provisioning job has run", async () => {
    const acme = await exchangeOrg(app);
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: " Sales@ACME.test " } }, acme.adminToken)).addSecondaryAddress;
    expect(added).toMatchObject({ address: "sales@acme.test", unicodeAddress: "sales@acme.test", kind: "SECONDARY", status: "PENDING_PROVISIONING", account: { id: acme.samId } });

    expect((await app.request(ResolveDocument, { address: "sales@acme.test" })).resolveAddress).toBeNull();
    const pending = await jobs(app, acme.orgId, "PENDING");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ kind: "provision-address", state: "PENDING", attempts: 0, maxAttempts: 10, lastError: null, doneAt: null, payload: { addressId: added.id } });
    expect(await ledger(app)).toEqual([]);

    expect(await app.worker().runDue()).toBe(1);

    const account = (await app.ok(ACCOUNT, { id: acme.samId })).account;
    expect(account.secondaryAddresses).toEqual([{ address: "sales@acme.test", status: "ACTIVE" }]);
    expect(account.sendAs).toBe("sam@acme.test");
    expect(account.primaryAddress.address).toBe("sam@acme.test");
    expect((await app.request(ResolveDocument, { address: "sales@acme.test" })).resolveAddress).toMatchObject({
      address: "sales@acme.test",
      kind: "SECONDARY",
      status: "ACTIVE",
      account: { id: acme.samId },
      deliverTo: ["sam@acme.test"],
    });
    const done = await jobs(app, acme.orgId);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ id: pending[0].id, state: "DONE", attempts: 1, lastError: null });
    expect(done[0].doneAt).toEqual(expect.any(String));
    expect(await ledger(app)).toEqual([{ idempotency_key: `provision:${added.id}`, address: "sales@acme.test", calls: 1 }]);

    const events = (await app.ok(AUDIT, { o: acme.orgId, t: added.id })).auditEvents.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(events.sort()).toEqual(["address.addSecondary", "address.provisioned"]);

    // Nothing is left to do; a second run changes nothing.
    expect(await app.worker().runDue()).toBe(0);
    expect((await ledger(app))[0].calls).toBe(1);
  });

  it("cancels the provisioning job when a pending secondary is removed; the worker then does nothing", async () => {
    const acme = await exchangeOrg(app);
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "old-desk@acme.test" } }, acme.adminToken)).addSecondaryAddress;
    const removed = (await app.ok(REMOVE, { id: added.id }, acme.adminToken)).removeAddress;
    expect(removed).toEqual({ id: added.id, address: "old-desk@acme.test", kind: "SECONDARY", status: "REMOVED" });

    const all = await jobs(app, acme.orgId);
    expect(all.map((j) => [j.state, j.payload.addressId])).toEqual([["CANCELLED", added.id]]);
    expect(await app.worker().runDue()).toBe(0);
    expect(await ledger(app)).toEqual([]);
    expect((await jobs(app, acme.orgId)).map((j) => j.state)).toEqual(["CANCELLED"]);
    expect((await app.request(ResolveDocument, { address: "old-desk@acme.test" })).resolveAddress).toBeNull();
    expect(await app.count("address")).toBe(2);

    // The address is free again.
    const again = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "old-desk@acme.test" } }, acme.adminToken)).addSecondaryAddress;
    expect(again.status).toBe("PENDING_PROVISIONING");
    expect(await app.worker().runDue()).toBe(1);
    expect(await ledger(app)).toEqual([{ idempotency_key: `provision:${again.id}`, address: "old-desk@acme.test", calls: 1 }]);
  });

  it("refuses to move an Exchange domain with secondary addresses to WEB_EMAIL (DOMAIN_IN_USE)", async () => {
    const acme = await exchangeOrg(app);
    const extra = await app.verifiedDomain(acme.orgId, "extra.test");
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "sam@extra.test" } }, acme.adminToken)).addSecondaryAddress;
    await app.worker().runDue();

    const refused = await app.gql(UPDATE_DOMAIN, { id: extra.id, i: { mailService: "WEB_EMAIL" } }, acme.adminToken);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_IN_USE"]);
    expect(refused.errors?.[0].extensions?.addressCount).toBe(1);
    const domains = (await app.ok("query($o: ID) { domains(organizationId: $o) { name mailService } }", { o: acme.orgId })).domains;
    expect(domains.find((d: { name: string }) => d.name === "extra.test")).toEqual({ name: "extra.test", mailService: "EXCHANGE" });
    expect((await app.request(ResolveDocument, { address: "sam@extra.test" })).resolveAddress?.account?.id).toBe(acme.samId);

    await app.ok(REMOVE, { id: added.id }, acme.adminToken);
    expect((await app.ok(UPDATE_DOMAIN, { id: extra.id, i: { mailService: "WEB_EMAIL" } }, acme.adminToken)).updateDomain).toEqual({ name: "extra.test", mailService: "WEB_EMAIL" });
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "sam@extra.test" } }, acme.adminToken)).toBe("DOMAIN_SERVICE_CONFLICT");
  });
});

describe.each(dialects())("Exchange secondary addresses with a provisioning delay (%s)", (dialect) => {
  const DELAY_MS = 2000;
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start(dialect, { provisioningDelayMs: DELAY_MS });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.reset();
  });
  afterEach(() => {
    expect(app.unexpectedErrors).toEqual([]);
  });

  it("stays PENDING_PROVISIONING and unroutable until the job is due, then becomes ACTIVE", async () => {
    const acme = await exchangeOrg(app);
    const requestedFrom = Date.now();
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "later@acme.test" } }, acme.adminToken)).addSecondaryAddress;
    const requestedUntil = Date.now();
    expect(added.status).toBe("PENDING_PROVISIONING");

    const [job] = await jobs(app, acme.orgId);
    const runAt = Date.parse(job.runAt);
    expect(job).toMatchObject({ kind: "provision-address", state: "PENDING", attempts: 0, payload: { addressId: added.id } });
    expect(runAt).toBeGreaterThanOrEqual(requestedFrom + DELAY_MS);
    expect(runAt).toBeLessThanOrEqual(requestedUntil + DELAY_MS);

    const worker = app.worker();
    expect(await worker.runDue()).toBe(0);
    expect((await app.request(ResolveDocument, { address: "later@acme.test" })).resolveAddress).toBeNull();
    expect((await app.ok(ACCOUNT, { id: acme.samId })).account.secondaryAddresses).toEqual([{ address: "later@acme.test", status: "PENDING_PROVISIONING" }]);
    expect((await jobs(app, acme.orgId))[0]).toMatchObject({ state: "PENDING", attempts: 0 });
    expect(await ledger(app)).toEqual([]);

    for (let i = 0; i < 100 && Date.now() <= runAt; i++) await sleep(100);
    expect(Date.now()).toBeGreaterThan(runAt);
    expect(await worker.runDue()).toBe(1);

    expect((await app.request(ResolveDocument, { address: "later@acme.test" })).resolveAddress).toMatchObject({
      address: "later@acme.test",
      kind: "SECONDARY",
      status: "ACTIVE",
      account: { id: acme.samId },
      deliverTo: ["sam@acme.test"],
    });
    expect((await jobs(app, acme.orgId))[0]).toMatchObject({ state: "DONE", attempts: 1 });
  });
});

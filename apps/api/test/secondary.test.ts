import { dialects } from "./support/databases";
import { TestApp, useTestApp } from "./support/harness";
import {
  AccountMailDocument,
  AddDomainDocument,
  AddSecondaryAddressDocument,
  AuditEventsDocument,
  DisableAccountDocument,
  DomainsDocument,
  type JobState,
  JobsDocument,
  type JobsQuery,
  RemoveAddressDocument,
  ResolveDocument,
  UpdateDomainDocument,
} from "./generated/graphql";

type JobNode = JobsQuery["jobs"]["edges"][number]["node"];

async function jobs(app: TestApp, organizationId: string, state?: JobState): Promise<JobNode[]> {
  const data = await app.request(JobsDocument, { organizationId, state: state ?? null });
  return data.jobs.edges.map((e) => e.node);
}

async function ledger(app: TestApp): Promise<{ idempotency_key: string; address: string; calls: number }[]> {
  const rows: { idempotency_key: string; address: string; calls: number | string }[] = await app.db.manager.query(
    "SELECT idempotency_key, address, calls FROM provider_ledger ORDER BY address",
  );
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
    await app.request(AddDomainDocument, { input: { organizationId: acme.orgId, name: "pending.test", mailService: "EXCHANGE" } });
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
    await app.request(DisableAccountDocument, { id: goneId }, acme.adminToken);

    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "x1@acme.test" } }, pro)).toBe("FORBIDDEN");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "x2@acme.test" } }, globex.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: goneId, address: "x3@acme.test" } }, acme.adminToken)).toBe("ACCOUNT_DISABLED");
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "sam+x4@acme.test" } }, acme.adminToken)).toBe(
      "INVALID_ADDRESS",
    );
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "not an address" } }, acme.adminToken)).toBe(
      "INVALID_ADDRESS",
    );
    expect(await app.count("job")).toBe(0);

    await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "x5@acme.test" } }, acme.adminToken);
    expect((await app.request(JobsDocument, { organizationId: acme.orgId, state: null }, acme.adminToken)).jobs.totalCount).toBe(1);
    expect(await app.code(JobsDocument, { organizationId: acme.orgId, state: null }, pro)).toBe("FORBIDDEN");
    expect(await app.code(JobsDocument, { organizationId: acme.orgId, state: null }, globex.adminToken)).toBe("NOT_FOUND");
    expect((await app.request(JobsDocument, { organizationId: globex.orgId, state: null }, globex.adminToken)).jobs.totalCount).toBe(0);
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
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: " Sales@ACME.test " } }, acme.adminToken))
      .addSecondaryAddress;
    expect(added).toMatchObject({
      address: "sales@acme.test",
      unicodeAddress: "sales@acme.test",
      kind: "SECONDARY",
      status: "PENDING_PROVISIONING",
      account: { id: acme.samId },
    });

    expect((await app.request(ResolveDocument, { address: "sales@acme.test" })).resolveAddress).toBeNull();
    const pending = await jobs(app, acme.orgId, "PENDING");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      kind: "provision-address",
      state: "PENDING",
      attempts: 0,
      maxAttempts: 10,
      lastError: null,
      doneAt: null,
      payload: { addressId: added.id },
    });
    expect(await ledger(app)).toEqual([]);

    expect(await app.worker().runDue()).toBe(1);

    const account = (await app.request(AccountMailDocument, { id: acme.samId })).account;
    expect(account.secondaryAddresses).toEqual([{ address: "sales@acme.test", status: "ACTIVE" }]);
    expect(account.sendAs).toBe("sam@acme.test");
    expect(account.primaryAddress?.address).toBe("sam@acme.test");
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

    const events = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, targetId: added.id, first: 100 })).auditEvents.edges.map(
      (e) => e.node.action,
    );
    expect(events.sort()).toEqual(["address.addSecondary", "address.provisioned"]);

    // Nothing is left to do; a second run changes nothing.
    expect(await app.worker().runDue()).toBe(0);
    expect((await ledger(app))[0].calls).toBe(1);
  });

  it("cancels the provisioning job when a pending secondary is removed; the worker then does nothing", async () => {
    const acme = await exchangeOrg(app);
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "old-desk@acme.test" } }, acme.adminToken))
      .addSecondaryAddress;
    const removed = (await app.request(RemoveAddressDocument, { id: added.id }, acme.adminToken)).removeAddress;
    expect(removed).toEqual({ id: added.id, address: "old-desk@acme.test", kind: "SECONDARY", status: "REMOVED", account: { id: acme.samId } });

    const all = await jobs(app, acme.orgId);
    expect(all.map((j) => [j.state, j.payload.addressId])).toEqual([["CANCELLED", added.id]]);
    expect(await app.worker().runDue()).toBe(0);
    expect(await ledger(app)).toEqual([]);
    expect((await jobs(app, acme.orgId)).map((j) => j.state)).toEqual(["CANCELLED"]);
    expect((await app.request(ResolveDocument, { address: "old-desk@acme.test" })).resolveAddress).toBeNull();
    expect(await app.count("address")).toBe(2);

    // The address is free again.
    const again = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "old-desk@acme.test" } }, acme.adminToken))
      .addSecondaryAddress;
    expect(again.status).toBe("PENDING_PROVISIONING");
    expect(await app.worker().runDue()).toBe(1);
    expect(await ledger(app)).toEqual([{ idempotency_key: `provision:${again.id}`, address: "old-desk@acme.test", calls: 1 }]);
  });

  it("refuses to move an Exchange domain with secondary addresses to WEB_EMAIL (DOMAIN_IN_USE)", async () => {
    const acme = await exchangeOrg(app);
    const extra = await app.verifiedDomain(acme.orgId, "extra.test");
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "sam@extra.test" } }, acme.adminToken))
      .addSecondaryAddress;
    await app.worker().runDue();

    const refused = await app.gql(UpdateDomainDocument, { id: extra.id, input: { mailService: "WEB_EMAIL" } }, acme.adminToken);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_IN_USE"]);
    expect(refused.errors?.[0].extensions?.addressCount).toBe(1);
    const domains = (await app.request(DomainsDocument, { organizationId: acme.orgId })).domains;
    expect(domains.find((d) => d.name === "extra.test")?.mailService).toBe("EXCHANGE");
    expect((await app.request(ResolveDocument, { address: "sam@extra.test" })).resolveAddress?.account?.id).toBe(acme.samId);

    await app.request(RemoveAddressDocument, { id: added.id }, acme.adminToken);
    expect((await app.request(UpdateDomainDocument, { id: extra.id, input: { mailService: "WEB_EMAIL" } }, acme.adminToken)).updateDomain).toEqual({
      id: extra.id,
      name: "extra.test",
      mailService: "WEB_EMAIL",
    });
    expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "sam@extra.test" } }, acme.adminToken)).toBe(
      "DOMAIN_SERVICE_CONFLICT",
    );
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
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.samId, address: "later@acme.test" } }, acme.adminToken))
      .addSecondaryAddress;
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
    expect((await app.request(AccountMailDocument, { id: acme.samId })).account.secondaryAddresses).toEqual([
      { address: "later@acme.test", status: "PENDING_PROVISIONING" },
    ]);
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

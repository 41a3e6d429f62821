import { dialects } from "./support/databases";
import { type TestApp, useTestApp } from "./support/harness";
import { AddAliasDocument, AddSecondaryAddressDocument, ChangeDomainDocument, OffboardAccountDocument, ResolveDocument } from "./generated/graphql";

const TABLES = ["account", "address", "alias_claim", "audit_event", "session", "job", "group_member", "outbox_message"];

/** Every row of every table a dry run could touch, in a stable order, to compare before and after. */
async function snapshot(app: TestApp): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await app.db.manager.query(`SELECT * FROM ${table} ORDER BY id`);
  return out;
}

describe.each(dialects())("dry runs change nothing (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("offboardAccount(dryRun) answers what would move and be released, and leaves every row as it was", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const leaverId = await app.createAccount(acme.orgId, { primaryAddress: "lea@acme.test", exchangeEnabled: true, password: "leaver-password-1" });
    const targetId = await app.createAccount(acme.orgId, { primaryAddress: "tom@acme.test", exchangeEnabled: true });
    await app.request(AddAliasDocument, { input: { accountId: leaverId, address: "lea.alias@acme.test" } }, acme.adminToken);
    // Pending: its provisioning job would be retargeted by a real run.
    await app.request(AddSecondaryAddressDocument, { input: { accountId: leaverId, address: "lea.sec@acme.test" } }, acme.adminToken);
    // A pending claim for a personal address: a real run leaves it alone.
    const claim = (await app.request(AddAliasDocument, { input: { accountId: leaverId, address: "lea@home.test" } }, acme.adminToken)).addAlias.claim;
    expect(claim?.id).toEqual(expect.any(String));
    await app.login("lea@acme.test", "leaver-password-1");
    const before = await snapshot(app);

    const preview = (
      await app.request(OffboardAccountDocument, { input: { accountId: leaverId, transferToAccountId: targetId, dryRun: true } }, acme.adminToken)
    ).offboardAccount;
    expect(preview.leaver).toMatchObject({ id: leaverId, status: "DISABLED", exchangeEnabled: false });
    expect(preview.target).toMatchObject({ id: targetId, status: "ACTIVE" });
    expect(preview.moved.map((a) => `${a.address} ${a.kind} ${a.status}`).sort()).toEqual([
      "lea.alias@acme.test SECONDARY ACTIVE",
      "lea.sec@acme.test SECONDARY PENDING_PROVISIONING",
      "lea@acme.test SECONDARY ACTIVE",
    ]);
    expect(preview.released).toEqual([]);

    expect(await snapshot(app)).toEqual(before);
    expect((await app.request(ResolveDocument, { address: "lea@acme.test" })).resolveAddress).toMatchObject({
      kind: "PRIMARY",
      status: "ACTIVE",
      account: { id: leaverId },
    });

    // The real run answers what the preview said.
    const done = (await app.request(OffboardAccountDocument, { input: { accountId: leaverId, transferToAccountId: targetId } }, acme.adminToken))
      .offboardAccount;
    expect(done.moved.map((a) => `${a.address} ${a.kind} ${a.status}`).sort()).toEqual(preview.moved.map((a) => `${a.address} ${a.kind} ${a.status}`).sort());
    expect(await snapshot(app)).not.toEqual(before);
  });

  it("offboardAccount(dryRun) lists personal addresses as released without freeing them", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const leaverId = await app.createAccount(acme.orgId, { primaryAddress: "lea@acme.test" });
    const targetId = await app.createAccount(acme.orgId, { primaryAddress: "tom@acme.test" });
    // An address on a domain that is not the organization's: stored directly as a confirmed personal alias.
    await app.db.manager.query(
      "INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, created_at) SELECT 'personal-1', 'lea@home.test', 'home.test', 'ALIAS', 'ACTIVE', organization_id, id, created_at FROM account WHERE id = ?",
      [leaverId],
    );
    const before = await snapshot(app);
    const preview = (
      await app.request(OffboardAccountDocument, { input: { accountId: leaverId, transferToAccountId: targetId, dryRun: true } }, acme.adminToken)
    ).offboardAccount;
    expect(preview.released).toEqual(["lea@home.test"]);
    expect(preview.moved).toEqual([{ id: expect.any(String), address: "lea@acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: targetId } }]);
    expect(await snapshot(app)).toEqual(before);
    expect((await app.request(ResolveDocument, { address: "lea@home.test" })).resolveAddress).toMatchObject({
      kind: "ALIAS",
      status: "ACTIVE",
      account: { id: leaverId },
    });
  });

  it("changeDomain(dryRun) answers the count, or every conflict, and writes nothing", async () => {
    const acme = await app.orgWithAdmin("Acme", "old.test");
    await app.verifiedDomain(acme.orgId, "new.test");
    // With the admin orgWithAdmin created, four primaries are on old.test.
    for (const name of ["anna", "bob", "carl"]) await app.createAccount(acme.orgId, { primaryAddress: `${name}@old.test` });
    const squatter = await app.createAccount(acme.orgId, { primaryAddress: "zed@new.test" });
    await app.request(AddAliasDocument, { input: { accountId: squatter, address: "bob@new.test" } }, acme.adminToken);
    const before = await snapshot(app);

    const refused = await app.gql(ChangeDomainDocument, { input: { from: "old.test", to: "new.test", dryRun: true } }, acme.adminToken);
    expect(refused.errors?.[0].extensions).toEqual({
      code: "ADDRESS_TAKEN",
      conflicts: [{ address: "bob@new.test", reason: "ADDRESS_TAKEN", message: "bob@new.test is already in use." }],
    });
    expect(await snapshot(app)).toEqual(before);

    await app.db.manager.query("DELETE FROM address WHERE address = 'bob@new.test'");
    const cleared = await snapshot(app);
    const preview = (await app.request(ChangeDomainDocument, { input: { from: "old.test", to: "new.test", dryRun: true } }, acme.adminToken)).changeDomain;
    expect(preview).toEqual({ changed: 4, from: { name: "old.test", status: "VERIFIED" }, to: { name: "new.test", status: "VERIFIED" } });
    expect(await snapshot(app)).toEqual(cleared);

    expect((await app.request(ChangeDomainDocument, { input: { from: "old.test", to: "new.test" } }, acme.adminToken)).changeDomain.changed).toBe(4);
    expect((await app.request(ResolveDocument, { address: "anna@new.test" })).resolveAddress?.kind).toBe("PRIMARY");
  });
});

import { dialects } from "./support/databases";
import { type TestApp, useTestApp } from "./support/harness";
import { type AccountDetailsFragment, ChangeDomainDocument, CreateGroupDocument, ResolveDocument, SetPrimaryAddressDocument } from "./generated/graphql";

/** An account's addresses as setPrimaryAddress answers them, each by its address alone. */
function addressesOf(account: AccountDetailsFragment) {
  return {
    primaryAddress: account.primaryAddress && { address: account.primaryAddress.address },
    aliases: account.aliases?.map(({ address }) => ({ address })),
    secondaryAddresses: account.secondaryAddresses?.map(({ address }) => ({ address })),
  };
}

type Row = { address: string; kind: string; account_id: string | null; group_id: string | null };

const addressTable = (app: TestApp): Promise<Row[]> => app.db.manager.query("SELECT address, kind, account_id, group_id FROM address ORDER BY address");

// 224 characters: three 63-character labels, one of 27, and ".test".
const LONG_DOMAIN = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(27)}.test`;

describe.each(dialects())("domain change rules (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("refuses new addresses over 254 octets as INVALID_ADDRESS conflicts and changes nothing", async () => {
    const acme = await app.orgWithAdmin("Acme", "old.test");
    const long = LONG_DOMAIN;
    expect(long).toHaveLength(224);
    await app.verifiedDomain(acme.orgId, long);
    const tooLong = `${"l".repeat(30)}@old.test`;
    const alsoTooLong = `${"m".repeat(64)}@old.test`;
    await app.createAccount(acme.orgId, { primaryAddress: tooLong });
    await app.createAccount(acme.orgId, { primaryAddress: "bo@old.test" });
    await app.request(CreateGroupDocument, { input: { organizationId: acme.orgId, name: "Long", address: alsoTooLong } }, acme.adminToken);
    await app.createAccount(acme.orgId, { primaryAddress: `bo@${long}` });
    const before = await addressTable(app);

    const res = await app.gql(ChangeDomainDocument, { input: { from: "old.test", to: long } }, acme.adminToken);
    expect(res.status).toBe(200);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["INVALID_ADDRESS"]);
    const conflicts = res.errors?.[0].extensions?.conflicts as { address: string; reason: string; message: string }[];
    expect(conflicts.map((c) => [c.address, c.reason])).toEqual([
      [`bo@${long}`, "ADDRESS_TAKEN"],
      [`${"l".repeat(30)}@${long}`, "INVALID_ADDRESS"],
      [`${"m".repeat(64)}@${long}`, "INVALID_ADDRESS"],
    ]);
    expect(conflicts[1].message).toMatch(/254/);
    expect(await addressTable(app)).toEqual(before);
    expect(await app.count("SELECT COUNT(*) AS n FROM audit_event WHERE action = 'domain.change'")).toBe(0);
  });

  it("keeps the old addresses of a WEB_EMAIL domain as ALIAS, never SECONDARY, and of an EXCHANGE domain as SECONDARY", async () => {
    const acme = await app.orgWithAdmin("Acme", "admin.test");
    await app.verifiedDomain(acme.orgId, "web.test", "WEB_EMAIL");
    await app.verifiedDomain(acme.orgId, "new.test", "EXCHANGE");
    await app.verifiedDomain(acme.orgId, "newer.test", "WEB_EMAIL");
    const ann = await app.createAccount(acme.orgId, { primaryAddress: "ann@web.test", exchangeEnabled: true });
    const group = (await app.request(CreateGroupDocument, { input: { organizationId: acme.orgId, name: "Team", address: "team@web.test" } }, acme.adminToken))
      .createGroup.id;

    expect((await app.request(ChangeDomainDocument, { input: { from: "web.test", to: "new.test" } }, acme.adminToken)).changeDomain.changed).toBe(2);
    const afterFirst = (await addressTable(app)).filter((r) => r.address.endsWith("@web.test") || r.address.endsWith("@new.test"));
    expect(afterFirst.map((r) => [r.address, r.kind])).toEqual([
      ["ann@new.test", "PRIMARY"],
      ["ann@web.test", "ALIAS"],
      ["team@new.test", "GROUP"],
      ["team@web.test", "ALIAS"],
    ]);
    expect(await app.request(ResolveDocument, { address: "ann@web.test" })).toMatchObject({
      resolveAddress: { kind: "ALIAS", account: { id: ann }, group: null, deliverTo: ["ann@new.test"] },
    });
    expect((await app.request(ResolveDocument, { address: "team@web.test" })).resolveAddress).toMatchObject({ kind: "ALIAS", group: { id: group } });

    // From an EXCHANGE domain the old addresses stay as SECONDARY.
    expect((await app.request(ChangeDomainDocument, { input: { from: "new.test", to: "newer.test" } }, acme.adminToken)).changeDomain.changed).toBe(2);
    const kinds = Object.fromEntries((await addressTable(app)).map((r) => [r.address, r.kind]));
    expect([kinds["ann@new.test"], kinds["team@new.test"], kinds["ann@newer.test"], kinds["team@newer.test"]]).toEqual([
      "SECONDARY",
      "SECONDARY",
      "PRIMARY",
      "GROUP",
    ]);
    const summary = (await app.db.manager.query("SELECT summary FROM audit_event WHERE action = 'domain.change' ORDER BY id")) as { summary: string }[];
    expect(summary.map((s) => JSON.parse(s.summary).previousKeptAs)).toEqual(["ALIAS", "SECONDARY"]);
    // No SECONDARY row on a WEB_EMAIL domain, anywhere.
    expect(
      await app.count(
        "SELECT COUNT(*) AS n FROM address a JOIN domain d ON d.name = a.domain AND d.organization_id = a.organization_id WHERE a.kind = 'SECONDARY' AND d.mail_service = 'WEB_EMAIL'",
      ),
    ).toBe(0);
  });

  it("setPrimaryAddress keeps a WEB_EMAIL primary as ALIAS and an EXCHANGE primary as SECONDARY", async () => {
    const acme = await app.orgWithAdmin("Acme", "ex.test");
    await app.verifiedDomain(acme.orgId, "web.test", "WEB_EMAIL");
    const ann = await app.createAccount(acme.orgId, { primaryAddress: "ann@web.test" });
    expect(addressesOf((await app.request(SetPrimaryAddressDocument, { accountId: ann, address: "ann@ex.test" }, acme.adminToken)).setPrimaryAddress)).toEqual({
      primaryAddress: { address: "ann@ex.test" },
      aliases: [{ address: "ann@web.test" }],
      secondaryAddresses: [],
    });
    expect(
      addressesOf((await app.request(SetPrimaryAddressDocument, { accountId: ann, address: "ann.b@web.test" }, acme.adminToken)).setPrimaryAddress),
    ).toEqual({
      primaryAddress: { address: "ann.b@web.test" },
      aliases: [{ address: "ann@web.test" }],
      secondaryAddresses: [{ address: "ann@ex.test" }],
    });
    // Back to the alias: it becomes the primary again, and the WEB_EMAIL one an alias.
    const back = addressesOf((await app.request(SetPrimaryAddressDocument, { accountId: ann, address: "ann@web.test" }, acme.adminToken)).setPrimaryAddress);
    expect(back).toEqual({
      primaryAddress: { address: "ann@web.test" },
      aliases: [{ address: "ann.b@web.test" }],
      secondaryAddresses: [{ address: "ann@ex.test" }],
    });
  });
});

import { seedDirectory } from "../bench/seed";
import { dialects } from "./support/databases";
import { TestApp, useTestApp } from "./support/harness";
import {
  AccountMailDocument,
  AddAliasDocument,
  AddDomainDocument,
  AddSecondaryAddressDocument,
  AuditEventsDocument,
  ChangeDomainDocument,
  ResolveDocument,
} from "./generated/graphql";

type Row = { address: string; kind: string; status: string; account_id: string | null };

async function addressTable(app: TestApp): Promise<Row[]> {
  return app.db.manager.query("SELECT address, kind, status, account_id FROM address ORDER BY address");
}

describe.each(dialects())("domain change (%s)", (dialect) => {
  const app = useTestApp(dialect);

  const resolve = async (address: string) => (await app.request(ResolveDocument, { address })).resolveAddress;

  it("needs both domains verified and the organization's own, changing nothing otherwise", async () => {
    const acme = await app.orgWithAdmin("Acme", "old.test");
    await app.verifiedDomain(acme.orgId, "new.test");
    await app.request(AddDomainDocument, { input: { organizationId: acme.orgId, name: "pending.test" } });
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    await app.createAccount(acme.orgId, { primaryAddress: "anna@old.test" });
    const proToken = await (async () => {
      await app.createAccount(acme.orgId, { primaryAddress: "pro@old.test", password: "pro-password-1" });
      return app.login("pro@old.test", "pro-password-1");
    })();
    const before = await addressTable(app);

    const refusals: [string, string, string][] = [
      ["old.test", "pending.test", "DOMAIN_NOT_VERIFIED"],
      ["pending.test", "new.test", "DOMAIN_NOT_VERIFIED"],
      ["old.test", "globex.test", "DOMAIN_NOT_OWNED"],
      ["globex.test", "new.test", "DOMAIN_NOT_OWNED"],
      ["old.test", "nobody.test", "DOMAIN_NOT_OWNED"],
      ["nobody.test", "new.test", "DOMAIN_NOT_OWNED"],
      ["old.test", "Old.Test", "BAD_USER_INPUT"],
    ];
    const codes: string[] = [];
    for (const [from, to] of refusals) codes.push(await app.code(ChangeDomainDocument, { input: { from, to } }, acme.adminToken));
    expect(codes).toEqual(refusals.map((r) => r[2]));
    // Globex's admin works in Globex: Acme's domains are not its own.
    expect(await app.code(ChangeDomainDocument, { input: { from: "old.test", to: "new.test" } }, globex.adminToken)).toBe("DOMAIN_NOT_OWNED");
    expect(await app.code(ChangeDomainDocument, { input: { organizationId: acme.orgId, from: "old.test", to: "new.test" } }, globex.adminToken)).toBe(
      "NOT_FOUND",
    );
    expect(await app.code(ChangeDomainDocument, { input: { from: "old.test", to: "new.test" } }, proToken)).toBe("FORBIDDEN");

    expect(await addressTable(app)).toEqual(before);
    expect((await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "domain.change", first: 100 })).auditEvents.totalCount).toBe(0);
  });

  it("gives every account with a primary on the old domain local@new as primary and keeps the old address as SECONDARY", async () => {
    const acme = await app.orgWithAdmin("Acme", "old.test");
    await app.verifiedDomain(acme.orgId, "new.test");
    await app.verifiedDomain(acme.orgId, "other.test");
    const anna = await app.createAccount(acme.orgId, { primaryAddress: "anna@old.test", password: "anna-password-1" });
    const ben = await app.createAccount(acme.orgId, { primaryAddress: "ben@old.test", exchangeEnabled: true });
    const cleo = await app.createAccount(acme.orgId, { primaryAddress: "cleo@other.test" });
    await app.request(AddAliasDocument, { input: { accountId: anna, address: "anna.a@old.test" } }, acme.adminToken);
    await app.request(AddAliasDocument, { input: { accountId: anna, address: "anna@other.test" } }, acme.adminToken);
    await app.request(AddAliasDocument, { input: { accountId: cleo, address: "cleo@old.test" } }, acme.adminToken);
    await app.request(AddSecondaryAddressDocument, { input: { accountId: ben, address: "ben.s@old.test" } }, acme.adminToken);
    expect(await app.worker().runDue()).toBe(1);
    const owners: Record<string, string> = {
      "admin@old.test": acme.adminId,
      "anna@old.test": anna,
      "anna.a@old.test": anna,
      "anna@other.test": anna,
      "ben@old.test": ben,
      "ben.s@old.test": ben,
      "cleo@other.test": cleo,
      "cleo@old.test": cleo,
    };
    for (const [address, owner] of Object.entries(owners)) expect((await resolve(address))?.account?.id).toBe(owner);

    const changed = (await app.request(ChangeDomainDocument, { input: { from: " Old.Test ", to: "NEW.test" } }, acme.adminToken)).changeDomain;
    expect(changed).toEqual({ changed: 3, from: { name: "old.test", status: "VERIFIED" }, to: { name: "new.test", status: "VERIFIED" } });

    const account = async (id: string) => (await app.request(AccountMailDocument, { id })).account;
    const annaNow = await account(anna);
    expect(annaNow.primaryAddress).toEqual({ address: "anna@new.test" });
    expect(annaNow.sendAs).toBe("anna@new.test");
    expect(annaNow.secondaryAddresses).toEqual([{ address: "anna@old.test", status: "ACTIVE" }]);
    expect(annaNow.aliases!.map((a) => a.address).sort()).toEqual(["anna.a@old.test", "anna@other.test"]);
    const benNow = await account(ben);
    expect(benNow.primaryAddress).toEqual({ address: "ben@new.test" });
    expect(benNow.secondaryAddresses!.map((a) => a.address).sort()).toEqual(["ben.s@old.test", "ben@old.test"]);
    expect((await account(acme.adminId)).primaryAddress).toEqual({ address: "admin@new.test" });
    // A primary elsewhere stays; an alias on the old domain stays an alias.
    const cleoNow = await account(cleo);
    expect(cleoNow).toMatchObject({
      primaryAddress: { address: "cleo@other.test" },
      sendAs: "cleo@other.test",
      aliases: [{ address: "cleo@old.test" }],
      secondaryAddresses: [],
    });
    expect(await resolve("cleo@new.test")).toBeNull();

    // Every old address still reaches the same account, now delivered to its new primary.
    const mailbox: Record<string, string> = { [acme.adminId]: "admin@new.test", [anna]: "anna@new.test", [ben]: "ben@new.test", [cleo]: "cleo@other.test" };
    for (const [address, owner] of Object.entries(owners)) {
      expect(await resolve(address)).toMatchObject({ address, status: "ACTIVE", account: { id: owner }, deliverTo: [mailbox[owner]] });
    }
    for (const address of ["admin@new.test", "anna@new.test", "ben@new.test"]) {
      expect(await resolve(address)).toMatchObject({ kind: "PRIMARY", status: "ACTIVE", account: { id: owners[address.replace("new.test", "old.test")] } });
    }
    expect((await resolve("anna@old.test"))?.kind).toBe("SECONDARY");
    expect(await app.login("anna@new.test", "anna-password-1")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const audit = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "domain.change", first: 100 })).auditEvents;
    expect(audit.totalCount).toBe(1);
    expect(audit.edges[0].node.summary).toMatchObject({ primariesMoved: 3, before: { domain: "old.test" }, after: { domain: "new.test" } });
  });

  it("changes nothing when some new addresses are taken, and lists every conflict", async () => {
    const acme = await app.orgWithAdmin("Acme", "old.test");
    await app.verifiedDomain(acme.orgId, "new.test");
    for (const name of ["anna", "ben", "cleo", "dave"]) await app.createAccount(acme.orgId, { primaryAddress: `${name}@old.test` });
    const other = await app.createAccount(acme.orgId, { primaryAddress: "ben@new.test" });
    await app.request(AddAliasDocument, { input: { accountId: other, address: "dave@new.test" } }, acme.adminToken);
    const before = await addressTable(app);

    const res = await app.gql(ChangeDomainDocument, { input: { from: "old.test", to: "new.test" } }, acme.adminToken);
    expect(res.errors).toHaveLength(1);
    expect(res.data?.changeDomain ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe("ADDRESS_TAKEN");
    expect(res.errors?.[0].extensions?.conflicts).toEqual([
      { address: "ben@new.test", reason: "ADDRESS_TAKEN", message: "ben@new.test is already in use." },
      { address: "dave@new.test", reason: "ADDRESS_TAKEN", message: "dave@new.test is already in use." },
    ]);

    expect(await addressTable(app)).toEqual(before);
    expect(await resolve("anna@new.test")).toBeNull();
    expect((await resolve("anna@old.test"))?.kind).toBe("PRIMARY");
    expect((await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "domain.change", first: 100 })).auditEvents.totalCount).toBe(0);
  });

  it("moves 10,000 accounts in one call", async () => {
    const seeded = await seedDirectory(app.db, 10_000, { name: "Bigcorp", domain: "old.test", extraDomains: ["new.test"], addressesPerAccount: 1 });
    const org = seeded.organizationId;
    const primaries: { account_id: string; address: string }[] = await app.db.manager.query(
      "SELECT account_id, address FROM address WHERE organization_id = ? AND kind = 'PRIMARY'",
      [org],
    );
    expect(primaries).toHaveLength(10_000);

    const changed = (await app.request(ChangeDomainDocument, { input: { organizationId: org, from: "old.test", to: "new.test" } })).changeDomain;
    expect(changed).toEqual({ changed: 10_000, from: { name: "old.test", status: "VERIFIED" }, to: { name: "new.test", status: "VERIFIED" } });

    const kinds: { domain: string; kind: string; status: string; n: number | string }[] = await app.db.manager.query(
      "SELECT domain, kind, status, COUNT(*) AS n FROM address WHERE organization_id = ? GROUP BY domain, kind, status ORDER BY domain, kind",
      [org],
    );
    expect(kinds.map((k) => ({ ...k, n: Number(k.n) }))).toEqual([
      { domain: "new.test", kind: "PRIMARY", status: "ACTIVE", n: 10_000 },
      { domain: "old.test", kind: "SECONDARY", status: "ACTIVE", n: 10_000 },
    ]);
    expect(await app.count("SELECT COUNT(DISTINCT account_id) AS n FROM address WHERE organization_id = ? AND kind = 'PRIMARY'", [org])).toBe(10_000);
    // Each new primary belongs to the account that had the same local part on the old domain.
    expect(
      await app.count(
        "SELECT COUNT(*) AS n FROM address o JOIN address n ON n.account_id = o.account_id AND n.kind = 'PRIMARY' WHERE o.organization_id = ? AND o.kind = 'SECONDARY' AND n.address = " +
          (dialect === "mysql" ? "CONCAT(SUBSTRING_INDEX(o.address, '@', 1), '@new.test')" : "substr(o.address, 1, instr(o.address, '@')) || 'new.test'"),
        [org],
      ),
    ).toBe(10_000);

    const picks = new Set<number>();
    while (picks.size < 50) picks.add(Math.floor(Math.random() * primaries.length));
    for (const i of picks) {
      const { account_id: id, address: old } = primaries[i];
      const next = old.replace("@old.test", "@new.test");
      const { primaryAddress, sendAs, aliases, secondaryAddresses, ...account } = (await app.request(AccountMailDocument, { id })).account;
      expect({ id: account.id, primaryAddress, sendAs, aliases, secondaryAddresses }).toEqual({
        id,
        primaryAddress: { address: next },
        sendAs: next,
        aliases: [],
        secondaryAddresses: [{ address: old, status: "ACTIVE" }],
      });
      expect(await resolve(old)).toMatchObject({ address: old, kind: "SECONDARY", status: "ACTIVE", account: { id }, deliverTo: [next] });
      expect(await resolve(next)).toMatchObject({ address: next, kind: "PRIMARY", status: "ACTIVE", account: { id }, deliverTo: [next] });
    }
  });
});

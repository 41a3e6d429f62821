import { print } from "graphql";
import { dialects } from "./support/databases";
import { TestApp, useTestApp } from "./support/harness";
import { RESOLVE_SQL } from "../src/addresses/resolution.service";
import { AddAliasDocument, ResolveDocument } from "./generated/graphql";

const CREATE_ACCOUNT = "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id primaryAddress { address unicodeAddress kind status } } }";
const REMOVE = "mutation($id: ID!) { removeAddress(id: $id) { id address kind status account { id } } }";
const AVAILABILITY = "query($a: String!, $o: ID) { addressAvailability(address: $a, organizationId: $o) { address unicodeAddress available reason message } }";
const POLICY = "mutation($id: ID!, $i: UpdateOrganizationPolicyInput!) { updateOrganizationPolicy(id: $id, input: $i) { policy { aliasSelfService maxAliasesPerAccount } } }";
const DISABLE = "mutation($id: ID!) { disableAccount(id: $id) { status } }";
const ACCOUNT = "query($id: ID!) { account(id: $id) { aliases { address } addresses { address kind } } }";

// Each is refused by the canonicalizer with INVALID_ADDRESS, wherever it is sent.
const REJECTED: [string, string][] = [
  ["zero-width space", "bo\u200Bb@acme.test"],
  ["bidi override", "\u202Ebob@acme.test"],
  ["full-width letters in the domain", "bob@\uFF41\uFF43\uFF4D\uFF45.test"],
  ["Latin mixed with Cyrillic in a label", "bob@p\u0430ypal.test"],
  ["quoted local part", '"bob smith"@acme.test'],
  ["IP literal", "bob@[192.0.2.1]"],
  ["bare IP address as domain", "bob@192.168.0.1"],
  ["local part over 64 octets", `${"a".repeat(65)}@acme.test`],
  ["address over 254 octets", `${"a".repeat(64)}@${`${"b".repeat(63)}.`.repeat(3)}test`],
  ["label over 63 octets", `bob@${"a".repeat(64)}.test`],
  ["double dot", "bob..smith@acme.test"],
  ["leading dot", ".bob@acme.test"],
  ["trailing dot in the domain", "bob@acme.test."],
  ["non-ASCII local part", "b\u00F8b@acme.test"],
  ["no @", "bob.acme.test"],
  ["two @", "bob@bob@acme.test"],
  ["empty local part", "@acme.test"],
  ["comment", "bob(work)@acme.test"],
  ["inner space", "bob smith@acme.test"],
  ["no-break space", "bob\u00A0@acme.test"],
  ["control character", "bob\u0000@acme.test"],
  ["soft hyphen in the domain", "bob@ac\u00ADme.test"],
  ["ideographic full stop", "bob@acme\u3002test"],
  ["invalid punycode", "bob@xn--zz.test"],
];

// Accepted spellings and their canonical (ASCII) and display (Unicode) forms.
const ACCEPTED: [string, string, string][] = [
  ["  Alice@ACME.test  ", "alice@acme.test", "alice@acme.test"],
  ["\tBob.Smith@Acme.Test\n", "bob.smith@acme.test", "bob.smith@acme.test"],
  ["O'Brien@acme.test", "o'brien@acme.test", "o'brien@acme.test"],
  ["carol@B\u00DCCHER.test", "carol@xn--bcher-kva.test", "carol@b\u00FCcher.test"],
  ["dave@xn--bcher-kva.test", "dave@xn--bcher-kva.test", "dave@b\u00FCcher.test"],
  ["Eve@XN--BCHER-KVA.TEST", "eve@xn--bcher-kva.test", "eve@b\u00FCcher.test"],
  ["info@\u4F8B\u3048.test", "info@xn--r8jz45g.test", "info@\u4F8B\u3048.test"],
  ["Ivan@\u041F\u041E\u0427\u0422\u0410.test", "ivan@xn--80a1acny.test", "ivan@\u043F\u043E\u0447\u0442\u0430.test"],
  ["first_last-2@acme.test", "first_last-2@acme.test", "first_last-2@acme.test"],
];

async function rowCounts(app: TestApp): Promise<number[]> {
  return [await app.count("address"), await app.count("account"), await app.count("audit_event")];
}

describe.each(dialects())("addresses (%s)", (dialect) => {
  const app = useTestApp(dialect);

  async function alias(accountId: string, address: string, token = app.operatorToken): Promise<{ id: string; address: string; unicodeAddress: string; kind: string; status: string }> {
    return (await app.request(AddAliasDocument, { input: { accountId, address } }, token)).addAlias.alias!;
  }

  describe("the canonicalizer, end to end", () => {
    it.each(REJECTED)("refuses %s with INVALID_ADDRESS everywhere and writes nothing", async (_why, input) => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const before = await rowCounts(app);

      expect(await app.code(AddAliasDocument, { input: { accountId: bobId, address: input } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "New", primaryAddress: input } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(ResolveDocument, { address: input }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(ResolveDocument, { address: input })).toBe("INVALID_ADDRESS");
      const availability = await app.ok(AVAILABILITY, { a: input }, acme.adminToken);
      expect(availability.addressAvailability).toMatchObject({ address: null, unicodeAddress: null, available: false, reason: "INVALID_ADDRESS" });

      expect(await rowCounts(app)).toEqual(before);
      const account = await app.ok(ACCOUNT, { id: bobId }, acme.adminToken);
      expect(account.account.addresses).toEqual([{ address: "bob@acme.test", kind: "PRIMARY" }]);
    });

    it("reserves '+' for sub-addressing on the organization's own domains", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const before = await rowCounts(app);
      expect(await app.code(AddAliasDocument, { input: { accountId: bobId, address: "bob+news@acme.test" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "Plus", primaryAddress: "plus+one@acme.test" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect((await app.ok(AVAILABILITY, { a: "new+tag@acme.test" }, acme.adminToken)).addressAvailability).toMatchObject({ available: false, reason: "INVALID_ADDRESS" });
      expect(await rowCounts(app)).toEqual(before);
    });

    it("stores every accepted spelling in canonical form and shows the domain in Unicode", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      expect((await app.verifiedDomain(acme.orgId, "b\u00FCcher.test")).name).toBe("xn--bcher-kva.test");
      expect((await app.verifiedDomain(acme.orgId, "\u4F8B\u3048.test")).name).toBe("xn--r8jz45g.test");
      expect((await app.verifiedDomain(acme.orgId, "\u043F\u043E\u0447\u0442\u0430.test")).name).toBe("xn--80a1acny.test");
      const ownerId = await app.createAccount(acme.orgId, { primaryAddress: "owner@acme.test" });

      for (const [input, ascii, unicode] of ACCEPTED) {
        const added = await alias(ownerId, input, acme.adminToken);
        expect({ input, address: added.address, unicodeAddress: added.unicodeAddress, kind: added.kind, status: added.status }).toEqual({ input, address: ascii, unicodeAddress: unicode, kind: "ALIAS", status: "ACTIVE" });
        const rows: { address: string; domain: string }[] = await app.db.manager.query("SELECT address, domain FROM address WHERE id = ?", [added.id]);
        expect(rows).toEqual([{ address: ascii, domain: ascii.slice(ascii.indexOf("@") + 1) }]);
        const resolved = (await app.request(ResolveDocument, { address: input }, acme.adminToken)).resolveAddress!;
        expect(resolved).toMatchObject({ address: ascii, unicodeAddress: unicode, kind: "ALIAS", deliverTo: ["owner@acme.test"] });
      }

      // A primary address goes through the same canonicalizer.
      const created = (await app.ok(CREATE_ACCOUNT, { i: { displayName: "Zoe", primaryAddress: " ZOE@B\u00DCCHER.TEST " } }, acme.adminToken)).createAccount;
      expect(created.primaryAddress).toEqual({ address: "zoe@xn--bcher-kva.test", unicodeAddress: "zoe@b\u00FCcher.test", kind: "PRIMARY", status: "ACTIVE" });
      // Every other spelling of a stored address is the same address.
      expect(await app.code(AddAliasDocument, { input: { accountId: ownerId, address: "Zoe@xn--BCHER-kva.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code(AddAliasDocument, { input: { accountId: ownerId, address: "CAROL@b\u00FCcher.TEST" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
    });
  });

  describe("addAlias", () => {
    it("adds an ACTIVE alias at once on a verified domain", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" });
      const added = await alias(bobId, "Robert@Acme.test", acme.adminToken);
      expect(added).toMatchObject({ address: "robert@acme.test", unicodeAddress: "robert@acme.test", kind: "ALIAS", status: "ACTIVE" });
      expect((await app.ok(print(AddAliasDocument).replace("addAlias(input: $input)", "a: addAlias(input: $input)"), { input: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken)).a.alias.account.id).toBe(bobId);
      const account = await app.ok(ACCOUNT, { id: bobId }, acme.adminToken);
      expect(account.account.aliases.map((a: { address: string }) => a.address).sort()).toEqual(["bobby@acme.test", "robert@acme.test"]);
      expect(account.account.addresses[0]).toEqual({ address: "bob@acme.test", kind: "PRIMARY" });
    });

    it("refuses an unverified own domain, foreign domains, taken addresses and disabled accounts", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const carolId = await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" });
      await alias(carolId, "sales@acme.test", acme.adminToken);
      await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { organizationId: acme.orgId, name: "acme-pending.test" } });
      const before = await rowCounts(app);

      const refuse = (address: string, accountId = bobId) => app.code(AddAliasDocument, { input: { accountId, address } }, acme.adminToken);
      expect(await refuse("bob@acme-pending.test")).toBe("DOMAIN_NOT_VERIFIED");
      // Another organization's verified domain is its namespace.
      expect(await refuse("bob@globex.test")).toBe("ADDRESS_TAKEN");
      // Primary of another account, alias of another account, alias of the same account, own primary.
      expect(await refuse("carol@acme.test")).toBe("ADDRESS_TAKEN");
      expect(await refuse("SALES@acme.test")).toBe("ADDRESS_TAKEN");
      expect(await refuse("sales@acme.test", carolId)).toBe("ADDRESS_TAKEN");
      expect(await refuse("bob@acme.test")).toBe("ADDRESS_TAKEN");
      expect(await refuse("admin@globex.test")).toBe("ADDRESS_TAKEN");
      // Another organization's admin cannot touch this account at all.
      expect(await app.code(AddAliasDocument, { input: { accountId: bobId, address: "x@globex.test" } }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await rowCounts(app)).toEqual(before);

      await app.ok(DISABLE, { id: bobId }, acme.adminToken);
      const disabled = await rowCounts(app);
      expect(await refuse("bob.old@acme.test")).toBe("ACCOUNT_DISABLED");
      expect(await rowCounts(app)).toEqual(disabled);
    });

    it("stops at the organization's alias limit", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      expect((await app.ok(POLICY, { id: acme.orgId, i: { maxAliasesPerAccount: 2 } }, acme.adminToken)).updateOrganizationPolicy.policy).toEqual({ aliasSelfService: true, maxAliasesPerAccount: 2 });
      await alias(bobId, "b1@acme.test", acme.adminToken);
      await alias(bobId, "b2@acme.test", acme.adminToken);
      const res = await app.gql(print(AddAliasDocument), { input: { accountId: bobId, address: "b3@acme.test" } }, acme.adminToken);
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.limit])).toEqual([["ALIAS_LIMIT_REACHED", 2]]);
      expect((await app.ok(AVAILABILITY, { a: "b3@acme.test" }, acme.adminToken)).addressAvailability.available).toBe(true);
      // The limit is per account.
      const carolId = await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" });
      await alias(carolId, "c1@acme.test", acme.adminToken);
      // Lifting the limit lets the third one in.
      await app.ok(POLICY, { id: acme.orgId, i: { maxAliasesPerAccount: null } }, acme.adminToken);
      expect((await alias(bobId, "b3@acme.test", acme.adminToken)).address).toBe("b3@acme.test");
      const account = await app.ok(ACCOUNT, { id: bobId }, acme.adminToken);
      expect(account.account.aliases).toHaveLength(3);
    });

    it("has no alias limit by default", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const policy = await app.ok("query($id: ID!) { organization(id: $id) { policy { aliasSelfService maxAliasesPerAccount } } }", { id: acme.orgId }, acme.adminToken);
      expect(policy.organization.policy).toEqual({ aliasSelfService: true, maxAliasesPerAccount: null });
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      for (let i = 1; i <= 30; i++) expect((await alias(bobId, `bob${i}@acme.test`, acme.adminToken)).status).toBe("ACTIVE");
      const account = await app.ok(ACCOUNT, { id: bobId }, acme.adminToken);
      expect(account.account.aliases).toHaveLength(30);
      expect(account.account.addresses).toHaveLength(31);
    });
  });

  describe("removeAddress", () => {
    it("removes an alias and frees it for anyone in the organization", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const carolId = await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" });
      const added = await alias(bobId, "desk@acme.test", acme.adminToken);
      expect((await app.ok(AVAILABILITY, { a: "desk@acme.test" }, acme.adminToken)).addressAvailability).toMatchObject({ available: false, reason: "ADDRESS_TAKEN" });

      const removed = await app.ok(REMOVE, { id: added.id }, acme.adminToken);
      expect(removed.removeAddress).toEqual({ id: added.id, address: "desk@acme.test", kind: "ALIAS", status: "REMOVED", account: { id: bobId } });
      expect((await app.request(ResolveDocument, { address: "desk@acme.test" }, acme.adminToken)).resolveAddress).toBeNull();
      expect((await app.ok(AVAILABILITY, { a: "desk@acme.test" }, acme.adminToken)).addressAvailability).toMatchObject({ address: "desk@acme.test", available: true, reason: null });
      expect(await app.code(REMOVE, { id: added.id }, acme.adminToken)).toBe("NOT_FOUND");

      const again = await alias(carolId, "Desk@acme.test", acme.adminToken);
      expect(again.address).toBe("desk@acme.test");
      expect((await app.request(ResolveDocument, { address: "desk@acme.test" }, acme.adminToken)).resolveAddress?.deliverTo).toEqual(["carol@acme.test"]);
    });

    it("never removes a PRIMARY address", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const created = (await app.ok(CREATE_ACCOUNT, { i: { displayName: "Bob", primaryAddress: "bob@acme.test" } }, acme.adminToken)).createAccount;
      const ids: { id: string }[] = await app.db.manager.query("SELECT id FROM address WHERE address = ?", ["bob@acme.test"]);
      expect(await app.code(REMOVE, { id: ids[0].id }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect(await app.code(REMOVE, { id: ids[0].id })).toBe("BAD_USER_INPUT");
      expect((await app.request(ResolveDocument, { address: "bob@acme.test" }, acme.adminToken)).resolveAddress?.account?.id).toBe(created.id);
    });

    it("lets a PROFESSIONAL remove its own aliases only while self-service is on", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const proId = await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
      const pro = await app.login("pro@acme.test", "pro-password-1");
      const first = await alias(proId, "pro.one@acme.test", acme.adminToken);
      const second = await alias(proId, "pro.two@acme.test", acme.adminToken);

      expect((await app.ok(REMOVE, { id: first.id }, pro)).removeAddress.address).toBe("pro.one@acme.test");
      expect((await app.ok(AVAILABILITY, { a: "pro.one@acme.test" }, acme.adminToken)).addressAvailability.available).toBe(true);

      await app.ok(POLICY, { id: acme.orgId, i: { aliasSelfService: false } }, acme.adminToken);
      const res = await app.gql(REMOVE, { id: second.id }, pro);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["ALIAS_NOT_ALLOWED"]);
      expect(res.errors?.[0].message).toMatch(/administrator/i);
      const account = await app.ok(ACCOUNT, { id: proId }, pro);
      expect(account.account.aliases).toEqual([{ address: "pro.two@acme.test" }]);
      // The administrator still can.
      expect((await app.ok(REMOVE, { id: second.id }, acme.adminToken)).removeAddress.address).toBe("pro.two@acme.test");
    });

    it("refuses a GUEST with ALIAS_NOT_ALLOWED and points to the administrator", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const guestId = await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
      const guest = await app.login("guest@acme.test", "guest-password-1");
      const own = await alias(guestId, "visitor@acme.test", acme.adminToken);
      const res = await app.gql(REMOVE, { id: own.id }, guest);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["ALIAS_NOT_ALLOWED"]);
      expect(res.errors?.[0].message).toMatch(/administrator/i);
      expect(res.errors?.[0].message).toMatch(/profile upgrade/i);
      expect((await app.request(ResolveDocument, { address: "visitor@acme.test" }, acme.adminToken)).resolveAddress?.account?.id).toBe(guestId);
    });

    it("answers NOT_FOUND when a PROFESSIONAL or another organization's admin removes someone else's alias", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
      const pro = await app.login("pro@acme.test", "pro-password-1");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const bobs = await alias(bobId, "bob.alias@acme.test", acme.adminToken);
      expect(await app.code(REMOVE, { id: bobs.id }, pro)).toBe("NOT_FOUND");
      expect(await app.code(REMOVE, { id: bobs.id }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(REMOVE, { id: "00000000-0000-0000-0000-000000000000" }, acme.adminToken)).toBe("NOT_FOUND");
      expect((await app.request(ResolveDocument, { address: "bob.alias@acme.test" }, acme.adminToken)).resolveAddress?.account?.id).toBe(bobId);
    });
  });

  describe("resolveAddress", () => {
    it("looks an address up through indexes only, never a scan", async () => {
      // MySQL plans from statistics: with empty tables it would not name the indexes it uses on real data.
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" });
      if (dialect === "sqlite") {
        const plan: { detail: string }[] = await app.db.manager.query(`EXPLAIN QUERY PLAN ${RESOLVE_SQL}`, ["bob@acme.test", "bob@acme.test"]);
        expect(plan.map((step) => step.detail.replace(/ \(.*$/, ""))).toEqual([
          "SEARCH ad USING INDEX uq_address_address",
          "SEARCH ac USING INDEX sqlite_autoindex_account_1",
          "SEARCH pr USING COVERING INDEX idx_address_account",
          "SEARCH gr USING INDEX sqlite_autoindex_distribution_group_1",
        ]);
      } else {
        const plan: { table: string; key: string | null }[] = await app.db.manager.query(`EXPLAIN ${RESOLVE_SQL}`, ["bob@acme.test", "bob@acme.test"]);
        // The group join is left out: with no groups at all MySQL plans it as an empty table.
        const keys = Object.fromEntries(plan.map((step) => [step.table, step.key]));
        expect({ ad: keys.ad, ac: keys.ac, pr: keys.pr }).toEqual({ ad: "uq_address_address", ac: "PRIMARY", pr: "idx_address_account" });
      }
    });

    it("follows an alias to its account's mailbox", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { displayName: "Bob Builder", primaryAddress: "bob@acme.test" });
      await alias(bobId, "builder@acme.test", acme.adminToken);
      const resolved = (await app.request(ResolveDocument, { address: "builder@acme.test" }, acme.adminToken)).resolveAddress!;
      expect(resolved).toEqual({
        address: "builder@acme.test",
        unicodeAddress: "builder@acme.test",
        kind: "ALIAS",
        status: "ACTIVE",
        account: { id: bobId, displayName: "Bob Builder", status: "ACTIVE" },
        group: null,
        deliverTo: ["bob@acme.test"],
        truncated: false,
        sender: null,
        trace: [
          { kind: "ADDRESS", from: "builder@acme.test", to: "Bob Builder" },
          { kind: "MAILBOX", from: "Bob Builder", to: "bob@acme.test" },
        ],
      });
      const primary = (await app.request(ResolveDocument, { address: "bob@acme.test" })).resolveAddress;
      expect(primary).toMatchObject({ kind: "PRIMARY", deliverTo: ["bob@acme.test"], account: { id: bobId } });
    });

    it("delivers a sub-address to its base address", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" });
      await alias(bobId, "news.desk@acme.test", acme.adminToken);
      const resolved = (await app.request(ResolveDocument, { address: "bob+news@acme.test" }, acme.adminToken)).resolveAddress!;
      expect(resolved).toEqual({
        address: "bob@acme.test",
        unicodeAddress: "bob@acme.test",
        kind: "PRIMARY",
        status: "ACTIVE",
        account: { id: bobId, displayName: "Bob", status: "ACTIVE" },
        group: null,
        deliverTo: ["bob@acme.test"],
        truncated: false,
        sender: null,
        trace: [
          { kind: "SUBADDRESS", from: "bob+news@acme.test", to: "bob@acme.test" },
          { kind: "ADDRESS", from: "bob@acme.test", to: "Bob" },
          { kind: "MAILBOX", from: "Bob", to: "bob@acme.test" },
        ],
      });
      const viaAlias = (await app.request(ResolveDocument, { address: "News.Desk+Weekly@ACME.test" }, acme.adminToken)).resolveAddress!;
      expect(viaAlias.address).toBe("news.desk@acme.test");
      expect(viaAlias.trace.map((h: { kind: string }) => h.kind)).toEqual(["SUBADDRESS", "ADDRESS", "MAILBOX"]);
      expect(viaAlias.deliverTo).toEqual(["bob@acme.test"]);
      expect((await app.request(ResolveDocument, { address: "nobody+news@acme.test" }, acme.adminToken)).resolveAddress).toBeNull();
    });

    it("answers null for an address that routes nowhere", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      expect((await app.request(ResolveDocument, { address: "nobody@acme.test" }, acme.adminToken)).resolveAddress).toBeNull();
      expect((await app.request(ResolveDocument, { address: "someone@gmail.com" })).resolveAddress).toBeNull();
    });

    it("skips a disabled account", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const leaverId = await app.createAccount(acme.orgId, { displayName: "Leaver", primaryAddress: "leaver@acme.test" });
      await alias(leaverId, "old.desk@acme.test", acme.adminToken);
      await app.ok(DISABLE, { id: leaverId }, acme.adminToken);
      for (const address of ["old.desk@acme.test", "leaver@acme.test"]) {
        const resolved = (await app.request(ResolveDocument, { address }, acme.adminToken)).resolveAddress!;
        expect(resolved.deliverTo).toEqual([]);
        expect(resolved.account).toMatchObject({ id: leaverId, displayName: "Leaver" });
        expect(resolved.trace).toEqual([
          { kind: "ADDRESS", from: address, to: "Leaver" },
          { kind: "SKIPPED_DISABLED", from: "Leaver", to: "leaver@acme.test" },
        ]);
      }
    });

    it("hides another organization's addresses and refuses non-admins", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      await alias(bobId, "bob.alias@acme.test", acme.adminToken);
      await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
      await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
      const pro = await app.login("pro@acme.test", "pro-password-1");
      const guest = await app.login("guest@acme.test", "guest-password-1");

      expect((await app.request(ResolveDocument, { address: "bob.alias@acme.test" }, globex.adminToken)).resolveAddress).toBeNull();
      expect((await app.request(ResolveDocument, { address: "bob@acme.test" }, globex.adminToken)).resolveAddress).toBeNull();
      expect((await app.request(ResolveDocument, { address: "bob+x@acme.test" }, globex.adminToken)).resolveAddress).toBeNull();
      expect((await app.request(ResolveDocument, { address: "admin@globex.test" }, globex.adminToken)).resolveAddress?.deliverTo).toEqual(["admin@globex.test"]);
      expect(await app.code(ResolveDocument, { address: "bob@acme.test" }, pro)).toBe("FORBIDDEN");
      expect(await app.code(ResolveDocument, { address: "pro@acme.test" }, pro)).toBe("FORBIDDEN");
      expect(await app.code(ResolveDocument, { address: "bob@acme.test" }, guest)).toBe("FORBIDDEN");
      expect((await app.request(ResolveDocument, { address: "bob.alias@acme.test" })).resolveAddress?.account?.id).toBe(bobId);
    });

    it("resolves every spelling of an address the same way", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      await app.verifiedDomain(acme.orgId, "b\u00FCcher.test");
      const readerId = await app.createAccount(acme.orgId, { displayName: "Reader", primaryAddress: "reader@b\u00FCcher.test" });
      await alias(readerId, "shop@xn--bcher-kva.test", acme.adminToken);
      const expected = {
        address: "shop@xn--bcher-kva.test",
        unicodeAddress: "shop@b\u00FCcher.test",
        kind: "ALIAS",
        status: "ACTIVE",
        account: { id: readerId, displayName: "Reader" },
        deliverTo: ["reader@xn--bcher-kva.test"],
        trace: [
          { kind: "ADDRESS", from: "shop@xn--bcher-kva.test", to: "Reader" },
          { kind: "MAILBOX", from: "Reader", to: "reader@xn--bcher-kva.test" },
        ],
      };
      for (const spelling of ["shop@b\u00FCcher.test", "SHOP@B\u00DCCHER.TEST", "Shop@XN--BCHER-KVA.test", "  shop@xn--bcher-kva.test\t", "shop@B\u00FCcher.Test"]) {
        expect({ spelling, resolved: (await app.request(ResolveDocument, { address: spelling }, acme.adminToken)).resolveAddress }).toMatchObject({ spelling, resolved: expected });
      }
    });
  });

  describe("addressAvailability", () => {
    it("says whether and why an address can be used, without naming its holder", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      await app.orgWithAdmin("Globex", "globex.test");
      const bobId = await app.createAccount(acme.orgId, { displayName: "Bob Secretname", primaryAddress: "bob@acme.test" });
      await alias(bobId, "hidden@acme.test", acme.adminToken);
      await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { organizationId: acme.orgId, name: "acme-pending.test" } });
      const ask = async (a: string, token = acme.adminToken) => (await app.ok(AVAILABILITY, { a }, token)).addressAvailability;

      expect(await ask(" New.Person@ACME.test ")).toMatchObject({ address: "new.person@acme.test", unicodeAddress: "new.person@acme.test", available: true, reason: null });

      const takenAlias = await ask("hidden@acme.test");
      expect(takenAlias).toMatchObject({ address: "hidden@acme.test", available: false, reason: "ADDRESS_TAKEN" });
      const takenPrimary = await ask("BOB@acme.test");
      expect(takenPrimary).toMatchObject({ address: "bob@acme.test", available: false, reason: "ADDRESS_TAKEN" });
      for (const message of [takenAlias.message, takenPrimary.message]) {
        expect(message).not.toContain(bobId);
        expect(message).not.toContain("Secretname");
      }
      // The alias's holder is not revealed through its primary address either.
      expect(takenAlias.message).not.toContain("bob@acme.test");

      const invalid = await ask("not an address");
      expect(invalid).toMatchObject({ address: null, unicodeAddress: null, available: false, reason: "INVALID_ADDRESS" });
      expect(await ask("someone@acme-pending.test")).toMatchObject({ address: "someone@acme-pending.test", available: false, reason: "DOMAIN_NOT_VERIFIED" });

      const foreign = await ask("free.name@globex.test");
      expect(foreign).toMatchObject({ address: "free.name@globex.test", available: false, reason: "ADDRESS_TAKEN" });
      expect(foreign.message).not.toContain("Globex");
      expect(await ask("admin@globex.test")).toMatchObject({ available: false, reason: "ADDRESS_TAKEN" });

      // The operator asks on behalf of an organization.
      expect((await app.ok(AVAILABILITY, { a: "hidden@acme.test", o: acme.orgId })).addressAvailability).toMatchObject({ available: false, reason: "ADDRESS_TAKEN" });
      expect((await app.ok(AVAILABILITY, { a: "fresh@acme.test", o: acme.orgId })).addressAvailability).toMatchObject({ available: true, reason: null });
    });
  });
});

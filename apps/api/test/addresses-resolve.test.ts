import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { addAlias } from "./support/addresses";
import { RESOLVE_SQL } from "../src/addresses/resolution.service";
import { DisableAccountDocument, ResolveDocument } from "./generated/graphql";

/** resolveAddress: where mail for an address goes, by index look-ups only, for every spelling, inside the caller's organization. */
describe.each(dialects())("resolving addresses (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const alias = (accountId: string, address: string, token?: string) => addAlias(app, accountId, address, token);

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
      expect(viaAlias.trace.map((h) => h.kind)).toEqual(["SUBADDRESS", "ADDRESS", "MAILBOX"]);
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
      await app.request(DisableAccountDocument, { id: leaverId }, acme.adminToken);
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
      expect((await app.request(ResolveDocument, { address: "admin@globex.test" }, globex.adminToken)).resolveAddress?.deliverTo).toEqual([
        "admin@globex.test",
      ]);
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
      for (const spelling of [
        "shop@b\u00FCcher.test",
        "SHOP@B\u00DCCHER.TEST",
        "Shop@XN--BCHER-KVA.test",
        "  shop@xn--bcher-kva.test\t",
        "shop@B\u00FCcher.Test",
      ]) {
        expect({ spelling, resolved: (await app.request(ResolveDocument, { address: spelling }, acme.adminToken)).resolveAddress }).toMatchObject({
          spelling,
          resolved: expected,
        });
      }
    });
  });
});

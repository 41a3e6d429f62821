import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import {
  AccountAliasesDocument,
  AddAliasDocument,
  AddDomainDocument,
  AddSecondaryAddressDocument,
  AuditEventsDocument,
  ConfirmAliasDocument,
  DomainsReleasedDocument,
  OffboardAccountDocument,
  ResolveDocument,
  VerifyDomainReleasingDocument,
} from "./generated/graphql";

const TOKEN = /confirm-alias#t=([A-Za-z0-9_-]{43})/;

describe.each(dialects())("offboarding and domain verification keep personal addresses private (%s)", (dialect) => {
  const app = useTestApp(dialect);

  /** Confirms a personal alias the way its owner does: the token comes from the message sent to it. */
  async function confirmedAlias(accountId: string, address: string, token: string): Promise<void> {
    await app.request(AddAliasDocument, { input: { accountId, address } }, token);
    const rows: { text_body: string }[] = await app.db.manager.query("SELECT text_body FROM outbox_message WHERE recipient = ? ORDER BY id DESC", [address]);
    const match = TOKEN.exec(rows[0].text_body);
    expect((await app.request(ConfirmAliasDocument, { token: match![1] }, null)).confirmAlias).toEqual({ address, unicodeAddress: address, status: "ACTIVE" });
  }

  async function jobOf(addressId: string): Promise<{ state: string; payload: Record<string, unknown> }> {
    const rows: { state: string; payload: string }[] = await app.db.manager.query("SELECT state, payload FROM job WHERE idempotency_key = ?", [
      `provision:${addressId}`,
    ]);
    expect(rows).toHaveLength(1);
    return { state: rows[0].state, payload: JSON.parse(rows[0].payload) };
  }

  describe("offboarding", () => {
    it("moves only addresses on the organization's verified domains, releases personal ones, and keeps a pending secondary pending for the colleague", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      await app.verifiedDomain(acme.orgId, "web.acme.test", "WEB_EMAIL");
      const lea = await app.createAccount(acme.orgId, { primaryAddress: "lea@acme.test", exchangeEnabled: true });
      const tom = await app.createAccount(acme.orgId, { primaryAddress: "tom@acme.test", exchangeEnabled: true });
      await app.request(AddAliasDocument, { input: { accountId: lea, address: "lea.alias@acme.test" } }, acme.adminToken);
      await app.request(AddAliasDocument, { input: { accountId: lea, address: "lea@web.acme.test" } }, acme.adminToken);
      await confirmedAlias(lea, "someone@gmail.com", acme.adminToken);
      const pending = (await app.request(AddSecondaryAddressDocument, { input: { accountId: lea, address: "lea.sec@acme.test" } }, acme.adminToken))
        .addSecondaryAddress;
      expect(pending.status).toBe("PENDING_PROVISIONING");
      expect(await resolve("someone@gmail.com")).toMatchObject({ kind: "ALIAS", status: "ACTIVE", account: { id: lea }, deliverTo: ["lea@acme.test"] });

      const result = (await app.request(OffboardAccountDocument, { input: { accountId: lea, transferToAccountId: tom } }, acme.adminToken)).offboardAccount;
      expect(result.released).toEqual(["someone@gmail.com"]);
      const moved = [...result.moved].sort((a, b) => a.address.localeCompare(b.address));
      expect(moved).toEqual([
        { id: expect.any(String), address: "lea.alias@acme.test", kind: "SECONDARY", status: "ACTIVE", account: { id: tom } },
        { id: expect.any(String), address: "lea.sec@acme.test", kind: "SECONDARY", status: "PENDING_PROVISIONING", account: { id: tom } },
        { id: expect.any(String), address: "lea@acme.test", kind: "SECONDARY", status: "ACTIVE", account: { id: tom } },
        // Secondaries exist only on Exchange domains: on a web-mail domain the address becomes the colleague's alias.
        { id: expect.any(String), address: "lea@web.acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: tom } },
      ]);

      // The personal address is free and routes nowhere; the colleague never gets its mail.
      expect(await resolve("someone@gmail.com")).toBeNull();
      expect(await app.count("SELECT COUNT(*) AS n FROM address WHERE address = 'someone@gmail.com'")).toBe(0);
      const release = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "address.release", first: 100 })).auditEvents;
      expect(release.totalCount).toBe(1);
      expect(release.edges[0].node.summary).toMatchObject({
        because: "account.offboard",
        before: { address: "someone@gmail.com", kind: "ALIAS", accountId: lea },
      });
      const offboard = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "account.offboard", first: 100 })).auditEvents.edges[0]
        .node.summary;
      expect(offboard.released).toEqual(["someone@gmail.com"]);

      // Still pending, not routed, its one job re-armed for the colleague; the worker then activates it for the colleague.
      expect(await resolve("lea.sec@acme.test")).toBeNull();
      expect(await jobOf(pending.id)).toEqual({ state: "PENDING", payload: { addressId: pending.id, accountId: tom } });
      expect(await app.worker().runDue()).toBe(1);
      expect(await resolve("lea.sec@acme.test")).toMatchObject({ kind: "SECONDARY", status: "ACTIVE", account: { id: tom }, deliverTo: ["tom@acme.test"] });
      const ledger: { idempotency_key: string }[] = await app.db.manager.query("SELECT idempotency_key FROM provider_ledger");
      expect(ledger).toEqual([{ idempotency_key: `provision:${pending.id}:${tom}` }]);
    });

    it("gives a colleague without Exchange the leaver's addresses as aliases, ending pending provisioning", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const lea = await app.createAccount(acme.orgId, { primaryAddress: "lea@acme.test", exchangeEnabled: true });
      const tom = await app.createAccount(acme.orgId, { primaryAddress: "tom@acme.test", exchangeEnabled: false });
      const pending = (await app.request(AddSecondaryAddressDocument, { input: { accountId: lea, address: "lea.sec@acme.test" } }, acme.adminToken))
        .addSecondaryAddress;
      const result = (await app.request(OffboardAccountDocument, { input: { accountId: lea, transferToAccountId: tom } }, acme.adminToken)).offboardAccount;
      const moved = [...result.moved].sort((a, b) => a.address.localeCompare(b.address));
      expect(moved).toEqual([
        { id: expect.any(String), address: "lea.sec@acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: tom } },
        { id: expect.any(String), address: "lea@acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: tom } },
      ]);
      expect(result.released).toEqual([]);
      expect((await jobOf(pending.id)).state).toBe("CANCELLED");
      expect(await app.count("SELECT COUNT(*) AS n FROM address WHERE kind = 'SECONDARY'")).toBe(0);
    });
  });

  describe("verifying a domain", () => {
    it("releases other organizations' addresses and claims on it, audits both sides, tells the account, and lists them in the answer", async () => {
      const beta = await app.orgWithAdmin("Beta", "beta.test");
      const pro = await app.createAccount(beta.orgId, { displayName: "Pro", primaryAddress: "pro@beta.test" });
      await confirmedAlias(pro, "pro@newco.test", beta.adminToken);
      const claim = (await app.request(AddAliasDocument, { input: { accountId: pro, address: "pro.two@newco.test" } }, beta.adminToken)).addAlias.claim!;
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const mine = await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });
      await confirmedAlias(mine, "ann@newco.test", acme.adminToken);
      expect(await resolve("pro@newco.test")).toMatchObject({ account: { id: pro } });

      const added = (await app.request(AddDomainDocument, { input: { organizationId: acme.orgId, name: "newco.test" } }, acme.adminToken)).addDomain;
      const record = added.verificationRecord!;
      app.dns.setTxt(record.name, [record.value]);
      const verified = (await app.request(VerifyDomainReleasingDocument, { id: added.id }, acme.adminToken)).verifyDomain;
      expect(verified).toEqual({ name: "newco.test", status: "VERIFIED", releasedAddresses: ["pro@newco.test"] });
      // Elsewhere the field says nothing: the answer of the verifying call is the only place it is filled.
      expect((await app.request(DomainsReleasedDocument, { organizationId: acme.orgId }, acme.adminToken)).domains).toEqual([
        { name: "acme.test", releasedAddresses: null },
        { name: "newco.test", releasedAddresses: null },
      ]);
      expect((await app.request(VerifyDomainReleasingDocument, { id: added.id }, acme.adminToken)).verifyDomain.releasedAddresses).toEqual([]);

      // The owner's namespace wins: the address is free for the owner; its own organization's alias there stays.
      expect(await resolve("pro@newco.test")).toBeNull();
      expect(await resolve("ann@newco.test")).toMatchObject({ account: { id: mine } });
      expect((await app.request(AccountAliasesDocument, { id: pro }, beta.adminToken)).account).toEqual({ id: pro, aliases: [], pendingAliasClaims: [] });
      expect(await app.count("SELECT COUNT(*) AS n FROM alias_claim WHERE id = ?", [claim.id])).toBe(0);

      // Audited in both organizations; Beta's events are the system's, on the account, naming nobody at Acme.
      const verifyEvent = (
        await app.request(AuditEventsDocument, { organizationId: acme.orgId, action: "domain.verify", targetId: added.id, first: 100 }, acme.adminToken)
      ).auditEvents.edges[0].node;
      expect(verifyEvent.summary.releasedAddresses).toEqual(["pro@newco.test"]);
      const onAccount = (
        await app.request(AuditEventsDocument, { organizationId: beta.orgId, targetId: pro, first: 100 }, beta.adminToken)
      ).auditEvents.edges.map((e) => e.node);
      const released = onAccount.filter((e) => e.action === "address.release");
      expect(released).toHaveLength(1);
      expect(released[0]).toMatchObject({
        targetType: "Account",
        targetId: pro,
        actorType: "SYSTEM",
        summary: { because: "domain.verifiedElsewhere", domain: "newco.test", before: { address: "pro@newco.test", kind: "ALIAS" } },
      });
      expect(JSON.stringify(released[0])).not.toMatch(/Acme|acme\.test/);
      const cancelled = (
        await app.request(AuditEventsDocument, { organizationId: beta.orgId, action: "alias.cancel", targetId: claim.id, first: 100 }, beta.adminToken)
      ).auditEvents.edges;
      expect(cancelled.map((e) => [e.node.actorType, e.node.summary.because])).toEqual([["SYSTEM", "domain.verifiedElsewhere"]]);

      // The account is told why, at its primary address.
      const mail: { subject: string; text_body: string }[] = await app.db.manager.query(
        "SELECT subject, text_body FROM outbox_message WHERE recipient = 'pro@beta.test'",
      );
      expect(mail).toHaveLength(1);
      expect(mail[0].subject).toBe("pro@newco.test is no longer an alias of your account");
      expect(mail[0].text_body).toContain("The owner of the domain newco.test has verified it");
      expect(mail[0].text_body).not.toContain("Acme");
    });
  });

  async function resolve(address: string) {
    return (await app.request(ResolveDocument, { address })).resolveAddress;
  }
});

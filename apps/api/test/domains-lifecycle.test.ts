import { dialects } from "./support/databases";
import { domainHelpers } from "./support/domains";
import { useTestApp } from "./support/harness";
import { RemoveAddressDocument, RemoveDomainDocument, SetPrimaryAddressDocument, UpdateDomainDocument, VerifyDomainDocument } from "./generated/graphql";

/** After addDomain: DNS verification, changing the mail service, and removal, each refused while addresses depend on it. */
describe.each(dialects())("verifying, changing and removing domains (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const { count, footprint, addDomain, publish, domainsOf } = domainHelpers(app);

  describe("verifyDomain", () => {
    it("fails without the TXT record and leaves the domain pending", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      const res = await app.gql(VerifyDomainDocument, { id: domain.id });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_VERIFICATION_FAILED"]);
      expect(res.errors?.[0].message).toContain(domain.verificationRecord.value);
      // What was expected and what DNS answered (nothing here) travel with the refusal.
      expect(res.errors?.[0].extensions).toMatchObject({ expected: domain.verificationRecord.value, found: [] });
      expect(await domainsOf(orgId)).toEqual([domain]);
      expect(await app.auditActions(orgId)).toEqual(["domain.add", "organization.create"]);
    });

    it("fails when the TXT records at the name carry another token", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      app.dns.setTxt("acme.example", ["postroom-verification=00000000000000000000000000000000", "v=spf1 -all"]);
      const wrong = await app.gql(VerifyDomainDocument, { id: domain.id });
      expect(wrong.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_VERIFICATION_FAILED"]);
      expect(wrong.errors?.[0].extensions).toMatchObject({
        expected: domain.verificationRecord.value,
        found: ["postroom-verification=00000000000000000000000000000000", "v=spf1 -all"],
      });
      // The token with its prefix missing, or extended, is not the record either.
      app.dns.setTxt("acme.example", [domain.verificationRecord.value.replace("postroom-verification=", ""), `${domain.verificationRecord.value}0`]);
      expect(await app.code(VerifyDomainDocument, { id: domain.id })).toBe("DOMAIN_VERIFICATION_FAILED");
      // A record published at another name does not count.
      app.dns.setTxt("_postroom.acme.example", [domain.verificationRecord.value]);
      expect(await app.code(VerifyDomainDocument, { id: domain.id })).toBe("DOMAIN_VERIFICATION_FAILED");
      expect((await domainsOf(orgId))[0]).toMatchObject({ status: "PENDING_VERIFICATION", verifiedAt: null });
    });

    it("does not accept another organization's token for the same domain", async () => {
      const acme = await app.createOrg("Acme");
      const globex = await app.createOrg("Globex");
      const mine = await addDomain(acme, "acme.example");
      const theirs = await addDomain(globex, "acme.example");
      publish(theirs.verificationRecord);
      expect(await app.code(VerifyDomainDocument, { id: mine.id })).toBe("DOMAIN_VERIFICATION_FAILED");
      expect((await domainsOf(acme))[0].status).toBe("PENDING_VERIFICATION");
    });

    it("verifies when the right record is among other TXT records, once", async () => {
      const orgId = await app.createOrg("Buchladen");
      const domain = await addDomain(orgId, "Bücher.example");
      publish(domain.verificationRecord, ["v=spf1 include:_spf.example -all", "google-site-verification=abc123", "x".repeat(300)]);
      const verified = (await app.request(VerifyDomainDocument, { id: domain.id })).verifyDomain;
      expect(verified).toEqual({ ...domain, status: "VERIFIED", verifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/) });
      expect(await domainsOf(orgId)).toEqual([verified]);

      // Verifying again changes nothing and records nothing.
      app.dns.records.clear();
      expect((await app.request(VerifyDomainDocument, { id: domain.id })).verifyDomain).toEqual(verified);
      expect(await app.auditActions(orgId)).toEqual(["domain.verify", "domain.add", "organization.create"]);
    });

    it("accepts the record with surrounding whitespace", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      app.dns.setTxt("acme.example", [` ${domain.verificationRecord.value} `]);
      expect((await app.request(VerifyDomainDocument, { id: domain.id })).verifyDomain.status).toBe("VERIFIED");
    });
  });

  describe("removeDomain and updateDomain", () => {
    it("refuses to remove a domain while an address uses it, and removes it once none does", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const old = await app.verifiedDomain(acme.orgId, "old-acme.example");
      const accountId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@old-acme.example", exchangeEnabled: true });

      const before = await footprint();
      const refused = await app.gql(RemoveDomainDocument, { id: old.id }, acme.adminToken);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_IN_USE"]);
      expect(refused.errors?.[0].extensions?.addressCount).toBe(1);
      expect(refused.errors?.[0].extensions?.byKind).toEqual({ PRIMARY: 1 });
      expect(await footprint()).toEqual(before);

      // Moving the primary away keeps the old address as a SECONDARY: still in use.
      const moved = (await app.request(SetPrimaryAddressDocument, { accountId: accountId, address: "bob@acme.example" }, acme.adminToken)).setPrimaryAddress;
      expect(moved.sendAs).toBe("bob@acme.example");
      expect(moved.secondaryAddresses).toEqual([
        { id: expect.any(String), address: "bob@old-acme.example", unicodeAddress: "bob@old-acme.example", kind: "SECONDARY", status: "ACTIVE" },
      ]);
      const stillUsed = await app.gql(RemoveDomainDocument, { id: old.id }, acme.adminToken);
      expect(stillUsed.errors?.[0].extensions).toMatchObject({ code: "DOMAIN_IN_USE", addressCount: 1, byKind: { SECONDARY: 1 } });
      expect((await domainsOf(acme.orgId)).map((d) => d.name)).toEqual(["acme.example", "old-acme.example"]);

      await app.request(RemoveAddressDocument, { id: moved.secondaryAddresses![0].id }, acme.adminToken);
      expect((await app.request(RemoveDomainDocument, { id: old.id }, acme.adminToken)).removeDomain).toEqual({
        id: old.id,
        name: "old-acme.example",
        status: "VERIFIED",
      });
      expect((await domainsOf(acme.orgId)).map((d) => d.name)).toEqual(["acme.example"]);
      expect(await count("domain", "id = ?", [old.id])).toBe(0);
      expect((await app.auditActions(acme.orgId))[0]).toBe("domain.remove");

      // The domain is gone for good: verifying or removing it again is NOT_FOUND.
      expect(await app.code(RemoveDomainDocument, { id: old.id }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(VerifyDomainDocument, { id: old.id }, acme.adminToken)).toBe("NOT_FOUND");
    });

    it("removes an unverified domain nobody uses", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      expect((await app.request(RemoveDomainDocument, { id: domain.id })).removeDomain).toEqual({
        id: domain.id,
        name: "acme.example",
        status: "PENDING_VERIFICATION",
      });
      expect(await domainsOf(orgId)).toEqual([]);
    });

    it("refuses EXCHANGE → WEB_EMAIL while a SECONDARY address is on the domain, and allows it otherwise", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const legacy = await app.verifiedDomain(acme.orgId, "legacy.example");
      const plain = await app.verifiedDomain(acme.orgId, "plain.example");
      const accountId = await app.createAccount(acme.orgId, { displayName: "Carol", primaryAddress: "carol@legacy.example", exchangeEnabled: true });
      await app.createAccount(acme.orgId, { displayName: "Dave", primaryAddress: "dave@plain.example" });
      const moved = (await app.request(SetPrimaryAddressDocument, { accountId: accountId, address: "carol@acme.example" }, acme.adminToken)).setPrimaryAddress;
      expect(moved.secondaryAddresses!.map((a) => a.address)).toEqual(["carol@legacy.example"]);

      const auditBefore = await count("audit_event");
      const refused = await app.gql(UpdateDomainDocument, { id: legacy.id, input: { mailService: "WEB_EMAIL" } }, acme.adminToken);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_IN_USE"]);
      expect(refused.errors?.[0].extensions?.addressCount).toBe(1);
      expect(refused.errors?.[0].extensions?.byKind).toEqual({ SECONDARY: 1 });
      expect((await domainsOf(acme.orgId)).find((d) => d.id === legacy.id)?.mailService).toBe("EXCHANGE");
      expect(await count("audit_event")).toBe(auditBefore);

      // Primary addresses alone do not tie a domain to Exchange.
      expect((await app.request(UpdateDomainDocument, { id: plain.id, input: { mailService: "WEB_EMAIL" } }, acme.adminToken)).updateDomain).toEqual({
        id: plain.id,
        name: "plain.example",
        mailService: "WEB_EMAIL",
      });
      // And back again.
      expect((await app.request(UpdateDomainDocument, { id: plain.id, input: { mailService: "EXCHANGE" } }, acme.adminToken)).updateDomain.mailService).toBe(
        "EXCHANGE",
      );

      // Once the secondary is gone, the legacy domain may change service too.
      await app.request(RemoveAddressDocument, { id: moved.secondaryAddresses![0].id }, acme.adminToken);
      expect((await app.request(UpdateDomainDocument, { id: legacy.id, input: { mailService: "WEB_EMAIL" } }, acme.adminToken)).updateDomain.mailService).toBe(
        "WEB_EMAIL",
      );
      const actions = await app.auditActions(acme.orgId);
      expect(actions.filter((a) => a === "domain.update")).toHaveLength(3);
    });
  });
});

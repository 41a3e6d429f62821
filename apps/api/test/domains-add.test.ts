import { dialects } from "./support/databases";
import { domainHelpers } from "./support/domains";
import { useTestApp } from "./support/harness";
import { AddDomainDocument, RemoveDomainDocument, VerifyDomainDocument } from "./generated/graphql";

/** addDomain: canonical names, one verification token per registration, and which names it refuses. */
describe.each(dialects())("adding domains (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const { count, footprint, addDomain, publish, domainsOf } = domainHelpers(app);

  describe("addDomain", () => {
    it("registers an IDN domain pending verification, in ASCII and Unicode, with the TXT record to publish", async () => {
      const orgId = await app.createOrg("Buchladen");
      const domain = await addDomain(orgId, "Bücher.example");
      expect(domain).toEqual({
        id: expect.any(String),
        name: "xn--bcher-kva.example",
        unicodeName: "bücher.example",
        status: "PENDING_VERIFICATION",
        mailService: "EXCHANGE",
        verificationRecord: { name: "xn--bcher-kva.example", type: "TXT", value: expect.stringMatching(/^postroom-verification=[0-9a-f]{32}$/) },
        verifiedAt: null,
      });
      expect(await domainsOf(orgId)).toEqual([domain]);
      expect(await app.auditActions(orgId)).toEqual(["domain.add", "organization.create"]);
    });

    it("canonicalizes the name (trimmed, lower case) and keeps the requested mail service", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "  Mail.ACME.Example ", "WEB_EMAIL");
      expect(domain).toMatchObject({ name: "mail.acme.example", unicodeName: "mail.acme.example", mailService: "WEB_EMAIL", status: "PENDING_VERIFICATION" });
      expect(domain.verificationRecord.name).toBe("mail.acme.example");
    });

    it("gives every registration its own verification token", async () => {
      const acme = await app.createOrg("Acme");
      const globex = await app.createOrg("Globex");
      const first = await addDomain(acme, "shared.example");
      const second = await addDomain(globex, "shared.example");
      const third = await addDomain(acme, "other.example");
      const values = new Set([first, second, third].map((d) => d.verificationRecord.value));
      expect(values.size).toBe(3);
    });

    it.each([["gmail.com"], ["GMail.com"], ["yahoo.co.uk"], ["mail.gmail.com"], ["a.b.hotmail.co.uk"]])(
      "refuses the free-mail domain %s with FREE_MAIL_DOMAIN and stores nothing",
      async (name) => {
        const orgId = await app.createOrg("Acme");
        const before = await footprint();
        expect(await app.code(AddDomainDocument, { input: { organizationId: orgId, name } })).toBe("FREE_MAIL_DOMAIN");
        expect(await footprint()).toEqual(before);
        expect(await domainsOf(orgId)).toEqual([]);
      },
    );

    it("does not mistake look-alike names for free-mail domains", async () => {
      const orgId = await app.createOrg("Acme");
      expect((await addDomain(orgId, "notgmail.com")).name).toBe("notgmail.com");
      expect((await addDomain(orgId, "gmail.com.acme.example")).name).toBe("gmail.com.acme.example");
    });

    it.each([
      ["not a domain"],
      ["localhost"],
      ["exa_mple.com"],
      ["a..b.example"],
      [".acme.example"],
      ["acme.example."],
      ["-acme.example"],
      ["[192.0.2.1]"],
      ["192.0.2.1"],
      ["bob@acme.example"],
      [""],
      ["p\u0430ypal.example"], // Cyrillic "а" among Latin letters
      ["acme\u200b.example"], // zero-width space
      ["\uff41cme.example"], // full-width "a"
    ])("refuses the invalid domain %j with BAD_USER_INPUT and stores nothing", async (name) => {
      const orgId = await app.createOrg("Acme");
      const before = await footprint();
      expect(await app.code(AddDomainDocument, { input: { organizationId: orgId, name } })).toBe("BAD_USER_INPUT");
      expect(await footprint()).toEqual(before);
    });

    it("refuses a domain the organization already has, in any spelling, with DOMAIN_TAKEN", async () => {
      const orgId = await app.createOrg("Buchladen");
      await addDomain(orgId, "bücher.example");
      const before = await footprint();
      for (const name of ["bücher.example", "BÜCHER.example", "xn--bcher-kva.example", " xn--BCHER-kva.EXAMPLE "]) {
        expect(await app.code(AddDomainDocument, { input: { organizationId: orgId, name } })).toBe("DOMAIN_TAKEN");
      }
      expect(await footprint()).toEqual(before);
      expect((await domainsOf(orgId)).map((d) => d.name)).toEqual(["xn--bcher-kva.example"]);
    });

    it("refuses a domain the organization has already verified with DOMAIN_TAKEN", async () => {
      const orgId = await app.createOrg("Acme");
      await app.verifiedDomain(orgId, "acme.example");
      expect(await app.code(AddDomainDocument, { input: { organizationId: orgId, name: "acme.example" } })).toBe("DOMAIN_TAKEN");
      expect(await count("domain")).toBe(1);
    });

    it("refuses a domain another organization has verified with DOMAIN_TAKEN", async () => {
      const acme = await app.createOrg("Acme");
      const globex = await app.createOrg("Globex");
      await app.verifiedDomain(acme, "acme.example");
      const before = await footprint();
      const res = await app.gql(AddDomainDocument, { input: { organizationId: globex, name: "ACME.example" } });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_TAKEN"]);
      expect(res.errors?.[0].message).not.toContain("Acme");
      expect(await footprint()).toEqual(before);
      expect(await domainsOf(globex)).toEqual([]);
    });

    it("lets two organizations claim the same unverified domain; the first to verify owns it", async () => {
      const acme = await app.createOrg("Acme");
      const squatter = await app.createOrg("Squatter");
      const squatted = await addDomain(squatter, "acme.example");
      const real = await addDomain(acme, "acme.example");
      expect(real.status).toBe("PENDING_VERIFICATION");
      expect(await count("domain", "name = ?", ["acme.example"])).toBe(2);

      // Both tokens are published; Acme verifies first.
      app.dns.setTxt("acme.example", [real.verificationRecord.value, squatted.verificationRecord.value]);
      const verified = (await app.request(VerifyDomainDocument, { id: real.id })).verifyDomain;
      expect(verified).toMatchObject({ id: real.id, status: "VERIFIED" });

      const auditBefore = await count("audit_event");
      expect(await app.code(VerifyDomainDocument, { id: squatted.id })).toBe("DOMAIN_TAKEN");
      expect(await domainsOf(squatter)).toEqual([expect.objectContaining({ id: squatted.id, status: "PENDING_VERIFICATION", verifiedAt: null })]);
      expect(await count("audit_event")).toBe(auditBefore);

      // Now that Acme owns it, a third organization cannot even claim it.
      const third = await app.createOrg("Third");
      expect(await app.code(AddDomainDocument, { input: { organizationId: third, name: "acme.example" } })).toBe("DOMAIN_TAKEN");
    });

    it("frees a verified domain's name when its owner removes it", async () => {
      const first = await app.createOrg("First");
      const second = await app.createOrg("Second");
      const pending = await addDomain(second, "handover.example");
      const old = await app.verifiedDomain(first, "handover.example");
      publish(pending.verificationRecord);
      expect(await app.code(VerifyDomainDocument, { id: pending.id })).toBe("DOMAIN_TAKEN");

      expect((await app.request(RemoveDomainDocument, { id: old.id })).removeDomain).toEqual({ id: old.id, name: "handover.example", status: "VERIFIED" });
      expect((await app.request(VerifyDomainDocument, { id: pending.id })).verifyDomain.status).toBe("VERIFIED");
      expect(await domainsOf(first)).toEqual([]);
    });

    it("refuses an organization that does not exist with NOT_FOUND", async () => {
      expect(await app.code(AddDomainDocument, { input: { organizationId: "00000000-0000-0000-0000-000000000000", name: "ghost.example" } })).toBe("NOT_FOUND");
      expect(await count("domain")).toBe(0);
    });
  });
});

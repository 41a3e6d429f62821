import { dialects } from "./support/databases";
import { domainHelpers } from "./support/domains";
import { useTestApp } from "./support/harness";
import { CreateAccountDocument, VerifyDomainDocument } from "./generated/graphql";

/** An account's address must be on a verified domain its organization owns, never a public mail provider's. */
describe.each(dialects())("addresses against the domain rules (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const { footprint, addDomain, publish, domainsOf } = domainHelpers(app);

  describe("createAccount against the domain rules", () => {
    it("refuses an address on the organization's unverified domain with DOMAIN_NOT_VERIFIED", async () => {
      const orgId = await app.createOrg("Acme");
      await addDomain(orgId, "acme.example");
      const before = await footprint();
      expect(await app.code(CreateAccountDocument, { input: { organizationId: orgId, displayName: "Ann", primaryAddress: "ann@acme.example" } })).toBe(
        "DOMAIN_NOT_VERIFIED",
      );
      expect(await footprint()).toEqual(before);
    });

    it("refuses an address on a domain nobody owns with DOMAIN_NOT_OWNED", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      // Another organization's unverified claim does not make the domain anyone's.
      const other = await app.createOrg("Other");
      await addDomain(other, "unclaimed.example");
      const before = await footprint();
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Ann", primaryAddress: "ann@nobody.example" } }, acme.adminToken)).toBe(
        "DOMAIN_NOT_OWNED",
      );
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Ann", primaryAddress: "ann@unclaimed.example" } }, acme.adminToken)).toBe(
        "DOMAIN_NOT_OWNED",
      );
      expect(await footprint()).toEqual(before);
    });

    it("refuses an address on a public mail provider with FREE_MAIL_DOMAIN", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const before = await footprint();
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Ann", primaryAddress: "ann@gmail.com" } }, acme.adminToken)).toBe(
        "FREE_MAIL_DOMAIN",
      );
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Ann", primaryAddress: "Ann@YAHOO.co.uk" } }, acme.adminToken)).toBe(
        "FREE_MAIL_DOMAIN",
      );
      expect(await footprint()).toEqual(before);
    });

    it("treats another organization's verified domain as its namespace: ADDRESS_TAKEN, naming nobody", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      // Acme claimed globex.example too, but Globex verified it.
      const claim = await addDomain(acme.orgId, "globex.example", undefined, acme.adminToken);
      await app.orgWithAdmin("Globex", "globex.example");
      publish(claim.verificationRecord);
      const before = await footprint();
      for (const address of ["free-name@globex.example", "Other.Name@GLOBEX.example"]) {
        const res = await app.gql(CreateAccountDocument, { input: { displayName: "Spy", primaryAddress: address } }, acme.adminToken);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["ADDRESS_TAKEN"]);
        expect(res.errors?.[0].message).not.toContain("Globex");
      }
      expect(await footprint()).toEqual(before);
      expect((await domainsOf(acme.orgId)).find((d) => d.name === "globex.example")?.status).toBe("PENDING_VERIFICATION");
    });

    it("creates the account once the domain is verified", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      expect(await app.code(CreateAccountDocument, { input: { organizationId: orgId, displayName: "Ann", primaryAddress: "ann@acme.example" } })).toBe(
        "DOMAIN_NOT_VERIFIED",
      );
      publish(domain.verificationRecord);
      await app.request(VerifyDomainDocument, { id: domain.id });
      const created = (await app.request(CreateAccountDocument, { input: { organizationId: orgId, displayName: "Ann", primaryAddress: "ann@acme.example" } }))
        .createAccount;
      expect({ displayName: created.displayName, sendAs: created.sendAs }).toEqual({ displayName: "Ann", sendAs: "ann@acme.example" });
    });
  });
});

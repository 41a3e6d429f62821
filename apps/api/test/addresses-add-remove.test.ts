import { print } from "graphql";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { addAlias, addressesOf, rowCounts } from "./support/addresses";
import {
  AddAliasDocument,
  type AddAliasMutation,
  AddDomainDocument,
  AddressAvailabilityDocument,
  CreateAccountDocument,
  DisableAccountDocument,
  OrganizationPolicyDocument,
  RemoveAddressDocument,
  ResolveDocument,
  UpdateOrganizationPolicyDocument,
} from "./generated/graphql";

/** Aliases an admin adds at once, the organization's limit, removal that frees an address, and availability checks. */
describe.each(dialects())("adding and removing addresses (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const alias = (accountId: string, address: string, token?: string) => addAlias(app, accountId, address, token);

  describe("addAlias", () => {
    it("adds an ACTIVE alias at once on a verified domain", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" });
      const added = await alias(bobId, "Robert@Acme.test", acme.adminToken);
      expect(added).toMatchObject({ address: "robert@acme.test", unicodeAddress: "robert@acme.test", kind: "ALIAS", status: "ACTIVE" });
      expect(
        (
          await app.ok<{ a: AddAliasMutation["addAlias"] }>(
            print(AddAliasDocument).replace("addAlias(input: $input)", "a: addAlias(input: $input)"),
            { input: { accountId: bobId, address: "bobby@acme.test" } },
            acme.adminToken,
          )
        ).a.alias?.account?.id,
      ).toBe(bobId);
      const account = await addressesOf(app, bobId, acme.adminToken);
      expect(account.aliases!.map((a) => a.address).sort()).toEqual(["bobby@acme.test", "robert@acme.test"]);
      expect(account.addresses![0]).toEqual({ address: "bob@acme.test", kind: "PRIMARY" });
    });

    it("refuses an unverified own domain, foreign domains, taken addresses and disabled accounts", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const carolId = await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" });
      await alias(carolId, "sales@acme.test", acme.adminToken);
      await app.request(AddDomainDocument, { input: { organizationId: acme.orgId, name: "acme-pending.test" } });
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

      await app.request(DisableAccountDocument, { id: bobId }, acme.adminToken);
      const disabled = await rowCounts(app);
      expect(await refuse("bob.old@acme.test")).toBe("ACCOUNT_DISABLED");
      expect(await rowCounts(app)).toEqual(disabled);
    });

    it("stops at the organization's alias limit", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      expect(
        (await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { maxAliasesPerAccount: 2 } }, acme.adminToken)).updateOrganizationPolicy
          .policy,
      ).toEqual({ aliasSelfService: true, maxAliasesPerAccount: 2 });
      await alias(bobId, "b1@acme.test", acme.adminToken);
      await alias(bobId, "b2@acme.test", acme.adminToken);
      const res = await app.gql(AddAliasDocument, { input: { accountId: bobId, address: "b3@acme.test" } }, acme.adminToken);
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.limit])).toEqual([["ALIAS_LIMIT_REACHED", 2]]);
      expect((await app.request(AddressAvailabilityDocument, { address: "b3@acme.test" }, acme.adminToken)).addressAvailability.available).toBe(true);
      // The limit is per account.
      const carolId = await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" });
      await alias(carolId, "c1@acme.test", acme.adminToken);
      // Lifting the limit lets the third one in.
      await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { maxAliasesPerAccount: null } }, acme.adminToken);
      expect((await alias(bobId, "b3@acme.test", acme.adminToken)).address).toBe("b3@acme.test");
      const account = await addressesOf(app, bobId, acme.adminToken);
      expect(account.aliases).toHaveLength(3);
    });

    it("has no alias limit by default", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const policy = await app.request(OrganizationPolicyDocument, { id: acme.orgId }, acme.adminToken);
      expect(policy.organization.policy).toEqual({ aliasSelfService: true, maxAliasesPerAccount: null });
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      for (let i = 1; i <= 30; i++) expect((await alias(bobId, `bob${i}@acme.test`, acme.adminToken)).status).toBe("ACTIVE");
      const account = await addressesOf(app, bobId, acme.adminToken);
      expect(account.aliases).toHaveLength(30);
      expect(account.addresses).toHaveLength(31);
    });
  });

  describe("removeAddress", () => {
    it("removes an alias and frees it for anyone in the organization", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const carolId = await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" });
      const added = await alias(bobId, "desk@acme.test", acme.adminToken);
      expect((await app.request(AddressAvailabilityDocument, { address: "desk@acme.test" }, acme.adminToken)).addressAvailability).toMatchObject({
        available: false,
        reason: "ADDRESS_TAKEN",
      });

      const removed = await app.request(RemoveAddressDocument, { id: added.id }, acme.adminToken);
      expect(removed.removeAddress).toEqual({ id: added.id, address: "desk@acme.test", kind: "ALIAS", status: "REMOVED", account: { id: bobId } });
      expect((await app.request(ResolveDocument, { address: "desk@acme.test" }, acme.adminToken)).resolveAddress).toBeNull();
      expect((await app.request(AddressAvailabilityDocument, { address: "desk@acme.test" }, acme.adminToken)).addressAvailability).toMatchObject({
        address: "desk@acme.test",
        available: true,
        reason: null,
      });
      expect(await app.code(RemoveAddressDocument, { id: added.id }, acme.adminToken)).toBe("NOT_FOUND");

      const again = await alias(carolId, "Desk@acme.test", acme.adminToken);
      expect(again.address).toBe("desk@acme.test");
      expect((await app.request(ResolveDocument, { address: "desk@acme.test" }, acme.adminToken)).resolveAddress?.deliverTo).toEqual(["carol@acme.test"]);
    });

    it("never removes a PRIMARY address", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const created = (await app.request(CreateAccountDocument, { input: { displayName: "Bob", primaryAddress: "bob@acme.test" } }, acme.adminToken))
        .createAccount;
      const ids: { id: string }[] = await app.db.manager.query("SELECT id FROM address WHERE address = ?", ["bob@acme.test"]);
      expect(await app.code(RemoveAddressDocument, { id: ids[0].id }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect(await app.code(RemoveAddressDocument, { id: ids[0].id })).toBe("BAD_USER_INPUT");
      expect((await app.request(ResolveDocument, { address: "bob@acme.test" }, acme.adminToken)).resolveAddress?.account?.id).toBe(created.id);
    });

    it("lets a PROFESSIONAL remove its own aliases only while self-service is on", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const proId = await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
      const pro = await app.login("pro@acme.test", "pro-password-1");
      const first = await alias(proId, "pro.one@acme.test", acme.adminToken);
      const second = await alias(proId, "pro.two@acme.test", acme.adminToken);

      expect((await app.request(RemoveAddressDocument, { id: first.id }, pro)).removeAddress.address).toBe("pro.one@acme.test");
      expect((await app.request(AddressAvailabilityDocument, { address: "pro.one@acme.test" }, acme.adminToken)).addressAvailability.available).toBe(true);

      await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { aliasSelfService: false } }, acme.adminToken);
      const res = await app.gql(RemoveAddressDocument, { id: second.id }, pro);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["ALIAS_NOT_ALLOWED"]);
      expect(res.errors?.[0].message).toMatch(/administrator/i);
      const account = await addressesOf(app, proId, pro);
      expect(account.aliases).toEqual([{ address: "pro.two@acme.test" }]);
      // The administrator still can.
      expect((await app.request(RemoveAddressDocument, { id: second.id }, acme.adminToken)).removeAddress.address).toBe("pro.two@acme.test");
    });

    it("refuses a GUEST with ALIAS_NOT_ALLOWED and points to the administrator", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const guestId = await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
      const guest = await app.login("guest@acme.test", "guest-password-1");
      const own = await alias(guestId, "visitor@acme.test", acme.adminToken);
      const res = await app.gql(RemoveAddressDocument, { id: own.id }, guest);
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
      expect(await app.code(RemoveAddressDocument, { id: bobs.id }, pro)).toBe("NOT_FOUND");
      expect(await app.code(RemoveAddressDocument, { id: bobs.id }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(RemoveAddressDocument, { id: "00000000-0000-0000-0000-000000000000" }, acme.adminToken)).toBe("NOT_FOUND");
      expect((await app.request(ResolveDocument, { address: "bob.alias@acme.test" }, acme.adminToken)).resolveAddress?.account?.id).toBe(bobId);
    });
  });

  describe("addressAvailability", () => {
    it("says whether and why an address can be used, without naming its holder", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      await app.orgWithAdmin("Globex", "globex.test");
      const bobId = await app.createAccount(acme.orgId, { displayName: "Bob Secretname", primaryAddress: "bob@acme.test" });
      await alias(bobId, "hidden@acme.test", acme.adminToken);
      await app.request(AddDomainDocument, { input: { organizationId: acme.orgId, name: "acme-pending.test" } });
      const ask = async (address: string, token = acme.adminToken) => (await app.request(AddressAvailabilityDocument, { address }, token)).addressAvailability;

      expect(await ask(" New.Person@ACME.test ")).toMatchObject({
        address: "new.person@acme.test",
        unicodeAddress: "new.person@acme.test",
        available: true,
        reason: null,
      });

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
      expect((await app.request(AddressAvailabilityDocument, { address: "hidden@acme.test", organizationId: acme.orgId })).addressAvailability).toMatchObject({
        available: false,
        reason: "ADDRESS_TAKEN",
      });
      expect((await app.request(AddressAvailabilityDocument, { address: "fresh@acme.test", organizationId: acme.orgId })).addressAvailability).toMatchObject({
        available: true,
        reason: null,
      });
    });
  });
});

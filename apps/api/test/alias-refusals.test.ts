import { dialects } from "./support/databases";
import { useAliasMail } from "./support/alias-mail";
import {
  AddAliasDocument,
  CancelAliasClaimDocument,
  ConfirmAliasDocument,
  RequestAliasDocument,
  ResendAliasConfirmationDocument,
  UpdateOrganizationPolicyDocument,
} from "./generated/graphql";

/** Who may not have which alias: profile, policy, limit, ownership and addresses already in use; a refusal changes nothing. */
describe.each(dialects())("alias refusals (%s)", (dialect) => {
  const { app, sink, count, aliasRows, claim, account, resolve, refuse, world } = useAliasMail(dialect);

  describe("refusals", () => {
    it("refuses a GUEST account with ALIAS_NOT_ALLOWED, pointing at a profile upgrade", async () => {
      const { acme } = await world();
      const guestId = await app.createAccount(acme.orgId, {
        displayName: "Gus Guest",
        primaryAddress: "gus@acme.test",
        profile: "GUEST",
        password: "gus-password-1",
      });
      const gus = await app.login("gus@acme.test", "gus-password-1");
      const external = await refuse(RequestAliasDocument, { input: { accountId: guestId, address: "gus@gmail.com" } }, gus, "ALIAS_NOT_ALLOWED");
      expect(external.message).toMatch(/administrator/i);
      expect(external.message).toMatch(/profile upgrade/i);
      const own = await refuse(RequestAliasDocument, { input: { accountId: guestId, address: "gus2@acme.test" } }, gus, "ALIAS_NOT_ALLOWED");
      expect(own.message).toBe(external.message);
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
    });

    it("answers NOT_FOUND when a PROFESSIONAL acts on another account, in or outside its organization", async () => {
      const { acme, bobId, bob } = await world();
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const carolId = await app.createAccount(acme.orgId, {
        displayName: "Carol",
        primaryAddress: "carol@acme.test",
        profile: "PROFESSIONAL",
        password: "carol-password-1",
      });
      const carol = await app.login("carol@acme.test", "carol-password-1");
      const colleague = await refuse(RequestAliasDocument, { input: { accountId: carolId, address: "carol.private@gmail.com" } }, bob, "NOT_FOUND");
      const foreign = await refuse(RequestAliasDocument, { input: { accountId: globex.adminId, address: "g.private@gmail.com" } }, bob, "NOT_FOUND");
      const missing = await refuse(
        RequestAliasDocument,
        { input: { accountId: "00000000-0000-0000-0000-000000000000", address: "x.private@gmail.com" } },
        bob,
        "NOT_FOUND",
      );
      expect(new Set([colleague.message, foreign.message, missing.message]).size).toBe(1);

      // Nor another account's claim.
      const bobs = await claim(bobId, "bob.private@gmail.com", bob);
      await refuse(ResendAliasConfirmationDocument, { claimId: bobs.claim.id }, carol, "NOT_FOUND");
      await refuse(CancelAliasClaimDocument, { claimId: bobs.claim.id }, carol, "NOT_FOUND");
      await refuse(CancelAliasClaimDocument, { claimId: bobs.claim.id }, globex.adminToken, "NOT_FOUND");
      expect(sink.messages).toHaveLength(1);
    });

    it("refuses PROFESSIONAL requests with ALIAS_NOT_ALLOWED when the organization switches self-service off", async () => {
      const { acme, bobId, bob } = await world();
      expect(
        (await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { aliasSelfService: false } }, acme.adminToken)).updateOrganizationPolicy
          .policy,
      ).toEqual({ aliasSelfService: false, maxAliasesPerAccount: null });
      const refusal = await refuse(RequestAliasDocument, { input: { accountId: bobId, address: "bob.private@gmail.com" } }, bob, "ALIAS_NOT_ALLOWED");
      expect(refusal.message).toMatch(/administrator/i);
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
      // The admin still can, for Bob.
      const byAdmin = await claim(bobId, "bob.private@gmail.com", acme.adminToken);
      expect(byAdmin.claim.requestedBy).toBe("admin@acme.test");
    });

    it("refuses a PROFESSIONAL an address on its own organization's domain: admins assign those", async () => {
      const { bobId, bob } = await world();
      const refusal = await refuse(RequestAliasDocument, { input: { accountId: bobId, address: "bobby@acme.test" } }, bob, "ALIAS_NOT_ALLOWED");
      expect(refusal.message).toMatch(/administrator/i);
      expect(sink.messages).toEqual([]);
      expect(await aliasRows("bobby@acme.test")).toBe(0);
      expect(await count("alias_claim")).toBe(0);
    });

    it("stops at the organization's alias limit when asked", async () => {
      const { acme, bobId, bob } = await world();
      await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { maxAliasesPerAccount: 1 } }, acme.adminToken);
      await app.request(AddAliasDocument, { input: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken);
      const refusal = await refuse(RequestAliasDocument, { input: { accountId: bobId, address: "bob.private@gmail.com" } }, bob, "ALIAS_LIMIT_REACHED");
      expect(refusal.extensions?.limit).toBe(1);
      await refuse(AddAliasDocument, { input: { accountId: bobId, address: "bob.work@gmail.com" } }, acme.adminToken, "ALIAS_LIMIT_REACHED");
      await refuse(AddAliasDocument, { input: { accountId: bobId, address: "robert@acme.test" } }, acme.adminToken, "ALIAS_LIMIT_REACHED");
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
    });

    it("stops at the alias limit when it was reached between request and confirmation", async () => {
      const { acme, bobId, bob } = await world();
      await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { maxAliasesPerAccount: 1 } }, acme.adminToken);
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      await app.request(AddAliasDocument, { input: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken);

      const refusal = await refuse(ConfirmAliasDocument, { token: pending.token }, null, "ALIAS_LIMIT_REACHED");
      expect(refusal.extensions?.limit).toBe(1);
      expect(await aliasRows("bob.private@gmail.com")).toBe(0);
      expect(await resolve("bob.private@gmail.com")).toBeNull();
      expect((await account(bobId, bob)).aliases!.map((a) => a.address)).toEqual(["bobby@acme.test"]);
      expect(sink.messages).toHaveLength(1);
    });

    it("refuses an address already in use with ADDRESS_TAKEN, naming nobody", async () => {
      const { acme, bobId, bob } = await world();
      await app.orgWithAdmin("Globex", "globex.test");
      const carolId = await app.createAccount(acme.orgId, { displayName: "Carol Carter", primaryAddress: "carol@acme.test", profile: "PROFESSIONAL" });
      const carols = await claim(carolId, "shared.inbox@gmail.com", acme.adminToken);
      await app.request(ConfirmAliasDocument, { token: carols.token }, null);
      sink.clear();

      const external = await refuse(RequestAliasDocument, { input: { accountId: bobId, address: "Shared.Inbox@gmail.com" } }, bob, "ADDRESS_TAKEN");
      const primary = await refuse(RequestAliasDocument, { input: { accountId: bobId, address: "carol@acme.test" } }, bob, "ADDRESS_TAKEN");
      const otherOrg = await refuse(RequestAliasDocument, { input: { accountId: bobId, address: "ceo@globex.test" } }, bob, "ADDRESS_TAKEN");
      for (const refusal of [external, primary, otherOrg]) {
        expect(refusal.message).not.toMatch(/Carol|Globex/);
      }
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim", `account_id = '${bobId}'`)).toBe(0);
    });

    it("refuses a confirmation with ADDRESS_TAKEN when another account's claim for the address was confirmed first", async () => {
      const { acme, bobId, bob } = await world();
      const carolId = await app.createAccount(acme.orgId, {
        displayName: "Carol Carter",
        primaryAddress: "carol@acme.test",
        profile: "PROFESSIONAL",
        password: "carol-password-1",
      });
      const carol = await app.login("carol@acme.test", "carol-password-1");
      // A claim reserves nothing: both may ask.
      const bobs = await claim(bobId, "family@gmail.com", bob);
      const carols = await claim(carolId, "family@gmail.com", carol);
      expect(sink.to("family@gmail.com")).toHaveLength(2);

      await app.request(ConfirmAliasDocument, { token: carols.token }, null);
      await refuse(ConfirmAliasDocument, { token: bobs.token }, null, "ADDRESS_TAKEN");
      expect(await aliasRows("family@gmail.com")).toBe(1);
      expect((await resolve("family@gmail.com"))?.account?.id).toBe(carolId);
      expect((await account(bobId, bob)).aliases).toEqual([]);
      expect(sink.messages).toHaveLength(2);
    });

    it("refuses a confirmation with INVALID_TOKEN when another organization verified the address's domain meanwhile (the claim was cancelled)", async () => {
      const { bobId, bob } = await world();
      const pending = await claim(bobId, "bob@newco.test", bob);
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      await app.verifiedDomain(globex.orgId, "newco.test");

      await refuse(ConfirmAliasDocument, { token: pending.token }, null, "INVALID_TOKEN");
      expect(await aliasRows("bob@newco.test")).toBe(0);
      expect(await resolve("bob@newco.test")).toBeNull();
    });
  });
});

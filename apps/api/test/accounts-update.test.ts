import { dialects } from "./support/databases";
import { useAcmeAccounts } from "./support/accounts";
import {
  AccountDocument,
  AccountsDocument,
  AddAliasDocument,
  DisableAccountDocument,
  EnableAccountDocument,
  LoginDocument,
  SetPrimaryAddressDocument,
  UpdateAccountDocument,
  ViewerDocument,
} from "./generated/graphql";

/** updateAccount, disableAccount and enableAccount: what changes, what mail still reaches, and who may do it. */
describe.each(dialects())("updating accounts (%s)", (dialect) => {
  const { app, acme, footprint, create, account, resolve, lastAudit } = useAcmeAccounts(dialect);

  describe("updateAccount", () => {
    it("renames the account and records before and after", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const updated = (await app.request(UpdateAccountDocument, { id: bob.id, input: { displayName: " Robert Brown " } }, acme.adminToken)).updateAccount;
      expect(updated).toEqual({ ...bob, displayName: "Robert Brown" });
      expect(await account(bob.id)).toEqual(updated);
      expect(await lastAudit(bob.id)).toMatchObject({
        action: "account.update",
        summary: { before: { displayName: "Bob" }, after: { displayName: "Robert Brown" } },
      });
    });

    it("refuses an empty display name or a short password and changes nothing", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example", password: "bob-password-1" });
      const before = await footprint();
      expect(await app.code(UpdateAccountDocument, { id: bob.id, input: { displayName: "  " } }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect(await app.code(UpdateAccountDocument, { id: bob.id, input: { password: "too-short" } }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect(await footprint()).toEqual(before);
      expect((await account(bob.id)).displayName).toBe("Bob");
      expect((await app.request(LoginDocument, { email: "bob@acme.example", password: "bob-password-1" }, null)).login.viewer.account?.id).toBe(bob.id);
    });

    it("promotes an account to ADMIN, which may then list the organization's accounts", async () => {
      const pro = await create({ displayName: "Pat", primaryAddress: "pat@acme.example", password: "pat-password-1" });
      const token = await app.login("pat@acme.example", "pat-password-1");
      expect(await app.code(AccountsDocument, {}, token)).toBe("FORBIDDEN");

      const updated = (await app.request(UpdateAccountDocument, { id: pro.id, input: { profile: "ADMIN" } }, acme.adminToken)).updateAccount;
      expect(updated).toEqual({ ...pro, profile: "ADMIN" });
      // The same session now carries the new profile.
      const page = (await app.request(AccountsDocument, {}, token)).accounts;
      expect(page.totalCount).toBe(2);
      expect(page.edges.map((e) => e.node.displayName)).toEqual(["Acme Admin", "Pat"]);
      expect((await app.request(ViewerDocument, {}, token)).viewer?.role).toBe("ADMIN");

      // And back down: the right goes with the profile.
      await app.request(UpdateAccountDocument, { id: pro.id, input: { profile: "GUEST" } }, acme.adminToken);
      expect(await app.code(AccountsDocument, {}, token)).toBe("FORBIDDEN");
    });

    it("changes the password: the new one signs in, the old one no longer does, and the audit keeps no secret", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example", password: "old-password-1" });
      await app.request(UpdateAccountDocument, { id: bob.id, input: { password: "new-password-2" } }, acme.adminToken);
      expect((await app.request(LoginDocument, { email: "bob@acme.example", password: "new-password-2" }, null)).login.viewer.account?.id).toBe(bob.id);
      expect(await app.code(LoginDocument, { email: "bob@acme.example", password: "old-password-1" }, null)).toBe("UNAUTHENTICATED");
      const event = await lastAudit(bob.id);
      expect(event.action).toBe("account.update");
      expect(event.summary.passwordChanged).toBe(true);
      expect(JSON.stringify(event.summary)).not.toMatch(/new-password-2|old-password-1|scrypt|\$/);
    });

    it("turns Exchange on and off", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      expect((await app.request(UpdateAccountDocument, { id: bob.id, input: { exchangeEnabled: true } }, acme.adminToken)).updateAccount.exchangeEnabled).toBe(
        true,
      );
      expect((await account(bob.id)).exchangeEnabled).toBe(true);
      expect((await app.request(UpdateAccountDocument, { id: bob.id, input: { exchangeEnabled: false } }, acme.adminToken)).updateAccount.exchangeEnabled).toBe(
        false,
      );
    });
  });

  describe("disableAccount and enableAccount", () => {
    it("keeps a disabled account's addresses resolving to it without delivering, and delivers again once enabled", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      await app.request(AddAliasDocument, { input: { accountId: bob.id, address: "bobby@acme.example" } }, acme.adminToken);

      expect((await app.request(DisableAccountDocument, { id: bob.id }, acme.adminToken)).disableAccount).toEqual({ id: bob.id, status: "DISABLED" });
      expect((await account(bob.id)).status).toBe("DISABLED");
      expect(await resolve("bob@acme.example")).toMatchObject({
        address: "bob@acme.example",
        kind: "PRIMARY",
        status: "ACTIVE",
        account: { id: bob.id, displayName: "Bob", status: "DISABLED" },
        deliverTo: [],
        trace: [
          { kind: "ADDRESS", from: "bob@acme.example", to: "Bob" },
          { kind: "SKIPPED_DISABLED", from: "Bob", to: "bob@acme.example" },
        ],
      });
      const viaAlias = (await resolve("bobby@acme.example"))!;
      expect(viaAlias).toMatchObject({ kind: "ALIAS", account: { id: bob.id, status: "DISABLED" }, deliverTo: [] });
      expect(viaAlias.trace.map((h) => h.kind)).toEqual(["ADDRESS", "SKIPPED_DISABLED"]);

      // Disabling twice changes nothing more.
      const auditBefore = await app.count("audit_event");
      expect((await app.request(DisableAccountDocument, { id: bob.id }, acme.adminToken)).disableAccount.status).toBe("DISABLED");
      expect(await app.count("audit_event")).toBe(auditBefore);

      expect((await app.request(EnableAccountDocument, { id: bob.id }, acme.adminToken)).enableAccount).toEqual({
        id: bob.id,
        status: "ACTIVE",
        primaryAddress: { address: "bob@acme.example" },
      });
      expect(await resolve("bob@acme.example")).toMatchObject({ account: { status: "ACTIVE" }, deliverTo: ["bob@acme.example"] });
      expect((await resolve("bobby@acme.example"))?.deliverTo).toEqual(["bob@acme.example"]);
      expect((await resolve("bob+news@acme.example"))?.deliverTo).toEqual(["bob@acme.example"]);

      const actions = await app.auditActions(acme.orgId);
      expect(actions.slice(0, 2)).toEqual(["account.enable", "account.disable"]);
    });

    it("refuses a PROFESSIONAL account and another organization's admin", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example", password: "bob-password-1" });
      const pat = await create({ displayName: "Pat", primaryAddress: "pat@acme.example", password: "pat-password-1" });
      const patToken = await app.login("pat@acme.example", "pat-password-1");
      const globex = await app.orgWithAdmin("Globex", "globex.example");
      expect(await app.code(DisableAccountDocument, { id: bob.id }, patToken)).toBe("FORBIDDEN");
      expect(await app.code(DisableAccountDocument, { id: pat.id }, patToken)).toBe("FORBIDDEN");
      expect(await app.code(DisableAccountDocument, { id: bob.id }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(UpdateAccountDocument, { id: bob.id, input: { profile: "ADMIN" } }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(UpdateAccountDocument, { id: pat.id, input: { profile: "ADMIN" } }, patToken)).toBe("FORBIDDEN");
      expect(await app.code(SetPrimaryAddressDocument, { accountId: bob.id, address: "bob2@acme.example" }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await account(bob.id)).toMatchObject({ status: "ACTIVE", profile: "PROFESSIONAL", sendAs: "bob@acme.example" });
      expect(await account(pat.id)).toMatchObject({ status: "ACTIVE", profile: "PROFESSIONAL" });
    });

    it("answers another organization's account exactly as a missing one, message included", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const globex = await app.orgWithAdmin("Globex", "globex.example");
      const answers = async (id: string) => {
        const responses = [
          await app.gql(AccountDocument, { id }, globex.adminToken),
          await app.gql(DisableAccountDocument, { id }, globex.adminToken),
          await app.gql(UpdateAccountDocument, { id, input: { displayName: "X" } }, globex.adminToken),
        ];
        return responses.map((r) => r.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })));
      };
      const forMissing = await answers("00000000-0000-0000-0000-000000000000");
      expect(forMissing[0]).toEqual([{ code: "NOT_FOUND", message: "Account not found." }]);
      expect(await answers(bob.id)).toEqual(forMissing);
    });
  });
});

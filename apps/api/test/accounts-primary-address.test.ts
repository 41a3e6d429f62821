import { dialects } from "./support/databases";
import { useAcmeAccounts } from "./support/accounts";
import { AddAliasDocument, AddDomainDocument, LoginDocument, SetPrimaryAddressDocument } from "./generated/graphql";

/** setPrimaryAddress: the new primary signs in and sends, the old one stays as SECONDARY, and the address rules hold. */
describe.each(dialects())("an account's primary address (%s)", (dialect) => {
  const { app, acme, footprint, create, account, resolve, lastAudit } = useAcmeAccounts(dialect);

  describe("setPrimaryAddress", () => {
    it("moves the primary to a new address and keeps the old one as SECONDARY; both route to the account", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example", exchangeEnabled: true, password: "bob-password-1" });
      const moved = (await app.request(SetPrimaryAddressDocument, { accountId: bob.id, address: " Robert.Brown@ACME.example" }, acme.adminToken))
        .setPrimaryAddress;
      expect(moved.sendAs).toBe("robert.brown@acme.example");
      expect(moved.primaryAddress).toMatchObject({ address: "robert.brown@acme.example", kind: "PRIMARY", status: "ACTIVE" });
      expect(moved.secondaryAddresses).toEqual([
        { id: bob.primaryAddress!.id, address: "bob@acme.example", unicodeAddress: "bob@acme.example", kind: "SECONDARY", status: "ACTIVE" },
      ]);
      expect(moved.aliases).toEqual([]);
      expect(moved.addresses!.map((a) => [a.address, a.kind])).toEqual([
        ["robert.brown@acme.example", "PRIMARY"],
        ["bob@acme.example", "SECONDARY"],
      ]);
      // The old address keeps its row (same id), only its kind changed.
      expect(moved.addresses![1].id).toBe(bob.primaryAddress!.id);
      expect(await account(bob.id)).toEqual(moved);

      for (const [address, kind] of [
        ["robert.brown@acme.example", "PRIMARY"],
        ["bob@acme.example", "SECONDARY"],
      ]) {
        expect(await resolve(address)).toMatchObject({
          address,
          kind,
          status: "ACTIVE",
          account: { id: bob.id, displayName: "Bob", status: "ACTIVE" },
          deliverTo: ["robert.brown@acme.example"],
          trace: [
            { kind: "ADDRESS", from: address, to: "Bob" },
            { kind: "MAILBOX", from: "Bob", to: "robert.brown@acme.example" },
          ],
        });
      }
      expect(await lastAudit(bob.id)).toMatchObject({
        action: "account.setPrimaryAddress",
        summary: { before: { primaryAddress: "bob@acme.example" }, after: { primaryAddress: "robert.brown@acme.example", previousKeptAs: "SECONDARY" } },
      });
      // Accounts sign in with their primary address.
      expect((await app.request(LoginDocument, { email: "robert.brown@acme.example", password: "bob-password-1" }, null)).login.viewer.account?.id).toBe(
        bob.id,
      );
      expect(await app.code(LoginDocument, { email: "bob@acme.example", password: "bob-password-1" }, null)).toBe("UNAUTHENTICATED");
    });

    it("promotes an existing alias of the same account", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const alias = (await app.request(AddAliasDocument, { input: { accountId: bob.id, address: "bobby@acme.example" } }, acme.adminToken)).addAlias.alias!;
      const before = await app.count("address");
      const moved = (await app.request(SetPrimaryAddressDocument, { accountId: bob.id, address: "BOBBY@acme.example" }, acme.adminToken)).setPrimaryAddress;
      expect(moved.primaryAddress).toEqual({
        id: alias.id,
        address: "bobby@acme.example",
        unicodeAddress: "bobby@acme.example",
        kind: "PRIMARY",
        status: "ACTIVE",
      });
      expect(moved.sendAs).toBe("bobby@acme.example");
      expect(moved.aliases).toEqual([]);
      expect(moved.secondaryAddresses).toEqual([
        { id: bob.primaryAddress!.id, address: "bob@acme.example", unicodeAddress: "bob@acme.example", kind: "SECONDARY", status: "ACTIVE" },
      ]);
      expect(await app.count("address")).toBe(before);
      expect((await resolve("bob@acme.example"))?.deliverTo).toEqual(["bobby@acme.example"]);
    });

    it("does nothing when the address is already the primary", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const before = await footprint();
      const same = (await app.request(SetPrimaryAddressDocument, { accountId: bob.id, address: "Bob@Acme.example" }, acme.adminToken)).setPrimaryAddress;
      expect(same).toEqual(bob);
      expect(await footprint()).toEqual(before);
    });

    it("refuses another account's address with ADDRESS_TAKEN and changes nothing", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const carol = await create({ displayName: "Carol", primaryAddress: "carol@acme.example" });
      await app.request(AddAliasDocument, { input: { accountId: carol.id, address: "caz@acme.example" } }, acme.adminToken);
      const carolNow = await account(carol.id);
      const before = await footprint();
      for (const address of ["carol@acme.example", "CAROL@acme.example", "caz@acme.example"]) {
        expect(await app.code(SetPrimaryAddressDocument, { accountId: bob.id, address: address }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      }
      expect(await footprint()).toEqual(before);
      expect(await account(bob.id)).toEqual(bob);
      expect(await account(carol.id)).toEqual(carolNow);
    });

    it("applies the address and domain rules to the new primary", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      await app.orgWithAdmin("Globex", "globex.example");
      await app.request(AddDomainDocument, { input: { name: "pending.example" } }, acme.adminToken);
      const before = await footprint();
      const cases: [string, string][] = [
        ["bob+x@acme.example", "INVALID_ADDRESS"],
        ["not an address", "INVALID_ADDRESS"],
        ["bob@gmail.com", "FREE_MAIL_DOMAIN"],
        ["bob@nobody.example", "DOMAIN_NOT_OWNED"],
        ["bob@pending.example", "DOMAIN_NOT_VERIFIED"],
        ["bob@globex.example", "ADDRESS_TAKEN"],
        ["admin@globex.example", "ADDRESS_TAKEN"],
      ];
      for (const [address, code] of cases) {
        expect([address, await app.code(SetPrimaryAddressDocument, { accountId: bob.id, address: address }, acme.adminToken)]).toEqual([address, code]);
      }
      expect(await footprint()).toEqual(before);
      expect(await account(bob.id)).toEqual(bob);
    });
  });
});

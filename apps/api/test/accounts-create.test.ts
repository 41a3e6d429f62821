import { dialects } from "./support/databases";
import { useAcmeAccounts } from "./support/accounts";
import { AddAliasDocument, CreateAccountDocument, LoginDocument } from "./generated/graphql";

/** createAccount: canonical primary addresses, profiles, passwords, and what it refuses without a trace. */
describe.each(dialects())("creating accounts (%s)", (dialect) => {
  const { app, acme, footprint, create, account, resolve, lastAudit } = useAcmeAccounts(dialect);

  describe("createAccount", () => {
    it("creates a PROFESSIONAL account without Exchange whose primary address is the canonical one", async () => {
      const created = await create({ displayName: "  Alice Smith ", primaryAddress: "  Alice.Smith@ACME.Example " });
      const primary = {
        id: expect.any(String),
        address: "alice.smith@acme.example",
        unicodeAddress: "alice.smith@acme.example",
        kind: "PRIMARY",
        status: "ACTIVE",
      };
      expect(created).toEqual({
        id: expect.any(String),
        displayName: "Alice Smith",
        profile: "PROFESSIONAL",
        status: "ACTIVE",
        exchangeEnabled: false,
        sendAs: "alice.smith@acme.example",
        primaryAddress: primary,
        addresses: [primary],
        aliases: [],
        secondaryAddresses: [],
      });
      expect(await account(created.id)).toEqual(created);
      expect(await lastAudit(created.id)).toEqual({
        action: "account.create",
        actorLabel: "admin@acme.example",
        summary: {
          after: { displayName: "Alice Smith", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false, primaryAddress: "alice.smith@acme.example" },
        },
      });
      // No password was given, so the account cannot sign in.
      expect(await app.code(LoginDocument, { email: "alice.smith@acme.example", password: "" }, null)).toBe("UNAUTHENTICATED");
    });

    it("honours profile, exchangeEnabled and password", async () => {
      const created = await create({ displayName: "Gus", primaryAddress: "gus@acme.example", profile: "GUEST", exchangeEnabled: true, password: "exactly-10" });
      expect(created).toMatchObject({ profile: "GUEST", exchangeEnabled: true, status: "ACTIVE" });
      const login = (await app.request(LoginDocument, { email: "GUS@acme.example", password: "exactly-10" }, null)).login;
      expect(login.viewer).toEqual({ role: "GUEST", operator: null, account: { id: created.id } });
    });

    it("stores an IDN domain in ASCII and shows it in Unicode", async () => {
      await app.verifiedDomain(acme.orgId, "Bücher.example");
      const created = await create({ displayName: "Anna", primaryAddress: "Anna@BÜCHER.example" });
      expect(created.primaryAddress).toMatchObject({ address: "anna@xn--bcher-kva.example", unicodeAddress: "anna@bücher.example" });
      expect(created.sendAs).toBe("anna@xn--bcher-kva.example");
      expect((await resolve("anna@bücher.example"))?.account?.id).toBe(created.id);
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Anna 2", primaryAddress: "anna@xn--bcher-kva.example" } }, acme.adminToken)).toBe(
        "ADDRESS_TAKEN",
      );
    });

    it.each([[""], ["   "], ["x".repeat(201)], ["Tab\there"]])("refuses the display name %j with BAD_USER_INPUT", async (displayName) => {
      const before = await footprint();
      const res = await app.gql(CreateAccountDocument, { input: { displayName, primaryAddress: "new@acme.example" } }, acme.adminToken);
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([["BAD_USER_INPUT", "displayName"]]);
      expect(await footprint()).toEqual(before);
    });

    it.each([["short"], ["123456789"], ["p".repeat(201)]])("refuses the password %j with BAD_USER_INPUT", async (password) => {
      const before = await footprint();
      const res = await app.gql(CreateAccountDocument, { input: { displayName: "New", primaryAddress: "new@acme.example", password } }, acme.adminToken);
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([["BAD_USER_INPUT", "password"]]);
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ["not-an-address"],
      ["two@@acme.example"],
      ["a@b@acme.example"],
      ["@acme.example"],
      ["bob@"],
      ["bob smith@acme.example"],
      [".bob@acme.example"],
      ["bob.@acme.example"],
      ["bo..b@acme.example"],
      ['"bob"@acme.example'],
      ["bob(comment)@acme.example"],
      ["bob@[192.0.2.1]"],
      ["jürgen@acme.example"],
      ["bob\u200b@acme.example"],
      ["bob@acme\u202e.example"],
      [`${"l".repeat(65)}@acme.example`],
    ])("refuses the primary address %j with INVALID_ADDRESS", async (primaryAddress) => {
      const before = await footprint();
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Bad", primaryAddress } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await footprint()).toEqual(before);
    });

    it('refuses "+" in an address on the organization\'s own domain with INVALID_ADDRESS', async () => {
      const before = await footprint();
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Bob", primaryAddress: "bob+news@acme.example" } }, acme.adminToken)).toBe(
        "INVALID_ADDRESS",
      );
      // Even when the base address is taken: the "+" is the reason, not the base.
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Admin 2", primaryAddress: "admin+2@acme.example" } }, acme.adminToken)).toBe(
        "INVALID_ADDRESS",
      );
      expect(await footprint()).toEqual(before);
    });

    it("refuses an address that already routes somewhere with ADDRESS_TAKEN, in any case", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      await app.request(AddAliasDocument, { input: { accountId: bob.id, address: "robert@acme.example" } }, acme.adminToken);
      const before = await footprint();
      for (const primaryAddress of ["bob@acme.example", "BOB@Acme.Example", "robert@acme.example"]) {
        expect(await app.code(CreateAccountDocument, { input: { displayName: "Other Bob", primaryAddress } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      }
      expect(await footprint()).toEqual(before);
    });
  });
});

import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { AddAliasDocument, ResolveDocument } from "./generated/graphql";

const ADDRESS_FIELDS = "id address unicodeAddress kind status";
const ACCOUNT_FIELDS = `id displayName profile status exchangeEnabled sendAs
  primaryAddress { ${ADDRESS_FIELDS} } addresses { ${ADDRESS_FIELDS} } aliases { address } secondaryAddresses { address }`;
const CREATE = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { ${ACCOUNT_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateAccountInput!) { updateAccount(id: $id, input: $i) { ${ACCOUNT_FIELDS} } }`;
const SET_PRIMARY = `mutation($a: ID!, $x: String!) { setPrimaryAddress(accountId: $a, address: $x) { ${ACCOUNT_FIELDS} } }`;
const DISABLE = "mutation($id: ID!) { disableAccount(id: $id) { id status } }";
const ENABLE = "mutation($id: ID!) { enableAccount(id: $id) { id status } }";
const ACCOUNT = `query($id: ID!) { account(id: $id) { ${ACCOUNT_FIELDS} } }`;
const LIST = `query($first: Int, $after: String, $search: String, $profile: AccountProfile, $status: AccountStatus) {
  accounts(first: $first, after: $after, search: $search, profile: $profile, status: $status) {
    totalCount edges { cursor node { displayName } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token viewer { role account { id } } } }";

describe.each(dialects())("accounts (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: { orgId: string; adminId: string; adminToken: string; domain: string };
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.example");
  });

  async function count(table: string): Promise<number> {
    const rows: { n: number | string }[] = await app.db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(rows[0].n);
  }

  async function footprint() {
    return { account: await count("account"), address: await count("address"), audit: await count("audit_event") };
  }

  async function create(input: Record<string, unknown>, token = acme.adminToken) {
    return (await app.ok(CREATE, { i: input }, token)).createAccount;
  }

  async function account(id: string) {
    return (await app.ok(ACCOUNT, { id }, acme.adminToken)).account;
  }

  async function resolve(address: string) {
    return (await app.request(ResolveDocument, { address }, acme.adminToken)).resolveAddress;
  }

  async function list(args: Record<string, unknown> = {}) {
    const page = (await app.ok(LIST, { first: 100, ...args }, acme.adminToken)).accounts;
    return { totalCount: page.totalCount as number, names: page.edges.map((e: { node: { displayName: string } }) => e.node.displayName) as string[] };
  }

  async function lastAudit(targetId: string) {
    const data = await app.ok("query($t: ID!) { auditEvents(targetId: $t, first: 1) { edges { node { action actorLabel summary } } } }", { t: targetId }, acme.adminToken);
    return data.auditEvents.edges[0]?.node;
  }

  describe("createAccount", () => {
    it("creates a PROFESSIONAL account without Exchange whose primary address is the canonical one", async () => {
      const created = await create({ displayName: "  Alice Smith ", primaryAddress: "  Alice.Smith@ACME.Example " });
      const primary = { id: expect.any(String), address: "alice.smith@acme.example", unicodeAddress: "alice.smith@acme.example", kind: "PRIMARY", status: "ACTIVE" };
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
        summary: { after: { displayName: "Alice Smith", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false, primaryAddress: "alice.smith@acme.example" } },
      });
      // No password was given, so the account cannot sign in.
      expect(await app.code(LOGIN, { e: "alice.smith@acme.example", p: "" }, null)).toBe("UNAUTHENTICATED");
    });

    it("honours profile, exchangeEnabled and password", async () => {
      const created = await create({ displayName: "Gus", primaryAddress: "gus@acme.example", profile: "GUEST", exchangeEnabled: true, password: "exactly-10" });
      expect(created).toMatchObject({ profile: "GUEST", exchangeEnabled: true, status: "ACTIVE" });
      const login = (await app.ok(LOGIN, { e: "GUS@acme.example", p: "exactly-10" }, null)).login;
      expect(login.viewer).toEqual({ role: "GUEST", account: { id: created.id } });
    });

    it("stores an IDN domain in ASCII and shows it in Unicode", async () => {
      await app.verifiedDomain(acme.orgId, "Bücher.example");
      const created = await create({ displayName: "Anna", primaryAddress: "Anna@BÜCHER.example" });
      expect(created.primaryAddress).toMatchObject({ address: "anna@xn--bcher-kva.example", unicodeAddress: "anna@bücher.example" });
      expect(created.sendAs).toBe("anna@xn--bcher-kva.example");
      expect((await resolve("anna@bücher.example"))?.account?.id).toBe(created.id);
      expect(await app.code(CREATE, { i: { displayName: "Anna 2", primaryAddress: "anna@xn--bcher-kva.example" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
    });

    it.each([[""], ["   "], ["x".repeat(201)], ["Tab\there"]])("refuses the display name %j with BAD_USER_INPUT", async (displayName) => {
      const before = await footprint();
      const res = await app.gql(CREATE, { i: { displayName, primaryAddress: "new@acme.example" } }, acme.adminToken);
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([["BAD_USER_INPUT", "displayName"]]);
      expect(await footprint()).toEqual(before);
    });

    it.each([["short"], ["123456789"], ["p".repeat(201)]])("refuses the password %j with BAD_USER_INPUT", async (password) => {
      const before = await footprint();
      const res = await app.gql(CREATE, { i: { displayName: "New", primaryAddress: "new@acme.example", password } }, acme.adminToken);
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
      expect(await app.code(CREATE, { i: { displayName: "Bad", primaryAddress } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await footprint()).toEqual(before);
    });

    it('refuses "+" in an address on the organization\'s own domain with INVALID_ADDRESS', async () => {
      const before = await footprint();
      expect(await app.code(CREATE, { i: { displayName: "Bob", primaryAddress: "bob+news@acme.example" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      // Even when the base address is taken: the "+" is the reason, not the base.
      expect(await app.code(CREATE, { i: { displayName: "Admin 2", primaryAddress: "admin+2@acme.example" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await footprint()).toEqual(before);
    });

    it("refuses an address that already routes somewhere with ADDRESS_TAKEN, in any case", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      await app.request(AddAliasDocument, { input: { accountId: bob.id, address: "robert@acme.example" } }, acme.adminToken);
      const before = await footprint();
      for (const primaryAddress of ["bob@acme.example", "BOB@Acme.Example", "robert@acme.example"]) {
        expect(await app.code(CREATE, { i: { displayName: "Other Bob", primaryAddress } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      }
      expect(await footprint()).toEqual(before);
    });
  });

  describe("updateAccount", () => {
    it("renames the account and records before and after", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const updated = (await app.ok(UPDATE, { id: bob.id, i: { displayName: " Robert Brown " } }, acme.adminToken)).updateAccount;
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
      expect(await app.code(UPDATE, { id: bob.id, i: { displayName: "  " } }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect(await app.code(UPDATE, { id: bob.id, i: { password: "too-short" } }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect(await footprint()).toEqual(before);
      expect((await account(bob.id)).displayName).toBe("Bob");
      expect((await app.ok(LOGIN, { e: "bob@acme.example", p: "bob-password-1" }, null)).login.viewer.account.id).toBe(bob.id);
    });

    it("promotes an account to ADMIN, which may then list the organization's accounts", async () => {
      const pro = await create({ displayName: "Pat", primaryAddress: "pat@acme.example", password: "pat-password-1" });
      const token = await app.login("pat@acme.example", "pat-password-1");
      expect(await app.code(LIST, {}, token)).toBe("FORBIDDEN");

      const updated = (await app.ok(UPDATE, { id: pro.id, i: { profile: "ADMIN" } }, acme.adminToken)).updateAccount;
      expect(updated).toEqual({ ...pro, profile: "ADMIN" });
      // The same session now carries the new profile.
      const page = (await app.ok(LIST, {}, token)).accounts;
      expect(page.totalCount).toBe(2);
      expect(page.edges.map((e: { node: { displayName: string } }) => e.node.displayName)).toEqual(["Acme Admin", "Pat"]);
      expect((await app.ok("{ viewer { role } }", {}, token)).viewer.role).toBe("ADMIN");

      // And back down: the right goes with the profile.
      await app.ok(UPDATE, { id: pro.id, i: { profile: "GUEST" } }, acme.adminToken);
      expect(await app.code(LIST, {}, token)).toBe("FORBIDDEN");
    });

    it("changes the password: the new one signs in, the old one no longer does, and the audit keeps no secret", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example", password: "old-password-1" });
      await app.ok(UPDATE, { id: bob.id, i: { password: "new-password-2" } }, acme.adminToken);
      expect((await app.ok(LOGIN, { e: "bob@acme.example", p: "new-password-2" }, null)).login.viewer.account.id).toBe(bob.id);
      expect(await app.code(LOGIN, { e: "bob@acme.example", p: "old-password-1" }, null)).toBe("UNAUTHENTICATED");
      const event = await lastAudit(bob.id);
      expect(event.action).toBe("account.update");
      expect(event.summary.passwordChanged).toBe(true);
      expect(JSON.stringify(event.summary)).not.toMatch(/new-password-2|old-password-1|scrypt|\$/);
    });

    it("turns Exchange on and off", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      expect((await app.ok(UPDATE, { id: bob.id, i: { exchangeEnabled: true } }, acme.adminToken)).updateAccount.exchangeEnabled).toBe(true);
      expect((await account(bob.id)).exchangeEnabled).toBe(true);
      expect((await app.ok(UPDATE, { id: bob.id, i: { exchangeEnabled: false } }, acme.adminToken)).updateAccount.exchangeEnabled).toBe(false);
    });
  });

  describe("setPrimaryAddress", () => {
    it("moves the primary to a new address and keeps the old one as SECONDARY; both route to the account", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example", exchangeEnabled: true, password: "bob-password-1" });
      const moved = (await app.ok(SET_PRIMARY, { a: bob.id, x: " Robert.Brown@ACME.example" }, acme.adminToken)).setPrimaryAddress;
      expect(moved.sendAs).toBe("robert.brown@acme.example");
      expect(moved.primaryAddress).toMatchObject({ address: "robert.brown@acme.example", kind: "PRIMARY", status: "ACTIVE" });
      expect(moved.secondaryAddresses).toEqual([{ address: "bob@acme.example" }]);
      expect(moved.aliases).toEqual([]);
      expect(moved.addresses.map((a: { address: string; kind: string }) => [a.address, a.kind])).toEqual([
        ["robert.brown@acme.example", "PRIMARY"],
        ["bob@acme.example", "SECONDARY"],
      ]);
      // The old address keeps its row (same id), only its kind changed.
      expect(moved.addresses[1].id).toBe(bob.primaryAddress.id);
      expect(await account(bob.id)).toEqual(moved);

      for (const [address, kind] of [["robert.brown@acme.example", "PRIMARY"], ["bob@acme.example", "SECONDARY"]]) {
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
      expect((await app.ok(LOGIN, { e: "robert.brown@acme.example", p: "bob-password-1" }, null)).login.viewer.account.id).toBe(bob.id);
      expect(await app.code(LOGIN, { e: "bob@acme.example", p: "bob-password-1" }, null)).toBe("UNAUTHENTICATED");
    });

    it("promotes an existing alias of the same account", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const alias = (await app.request(AddAliasDocument, { input: { accountId: bob.id, address: "bobby@acme.example" } }, acme.adminToken)).addAlias.alias!;
      const before = await count("address");
      const moved = (await app.ok(SET_PRIMARY, { a: bob.id, x: "BOBBY@acme.example" }, acme.adminToken)).setPrimaryAddress;
      expect(moved.primaryAddress).toEqual({ id: alias.id, address: "bobby@acme.example", unicodeAddress: "bobby@acme.example", kind: "PRIMARY", status: "ACTIVE" });
      expect(moved.sendAs).toBe("bobby@acme.example");
      expect(moved.aliases).toEqual([]);
      expect(moved.secondaryAddresses).toEqual([{ address: "bob@acme.example" }]);
      expect(await count("address")).toBe(before);
      expect((await resolve("bob@acme.example"))?.deliverTo).toEqual(["bobby@acme.example"]);
    });

    it("does nothing when the address is already the primary", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const before = await footprint();
      const same = (await app.ok(SET_PRIMARY, { a: bob.id, x: "Bob@Acme.example" }, acme.adminToken)).setPrimaryAddress;
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
        expect(await app.code(SET_PRIMARY, { a: bob.id, x: address }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      }
      expect(await footprint()).toEqual(before);
      expect(await account(bob.id)).toEqual(bob);
      expect(await account(carol.id)).toEqual(carolNow);
    });

    it("applies the address and domain rules to the new primary", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      await app.orgWithAdmin("Globex", "globex.example");
      await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { name: "pending.example" } }, acme.adminToken);
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
        expect([address, await app.code(SET_PRIMARY, { a: bob.id, x: address }, acme.adminToken)]).toEqual([address, code]);
      }
      expect(await footprint()).toEqual(before);
      expect(await account(bob.id)).toEqual(bob);
    });
  });

  describe("disableAccount and enableAccount", () => {
    it("keeps a disabled account's addresses resolving to it without delivering, and delivers again once enabled", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      await app.request(AddAliasDocument, { input: { accountId: bob.id, address: "bobby@acme.example" } }, acme.adminToken);

      expect((await app.ok(DISABLE, { id: bob.id }, acme.adminToken)).disableAccount).toEqual({ id: bob.id, status: "DISABLED" });
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
      expect(viaAlias.trace.map((h: { kind: string }) => h.kind)).toEqual(["ADDRESS", "SKIPPED_DISABLED"]);

      // Disabling twice changes nothing more.
      const auditBefore = await count("audit_event");
      expect((await app.ok(DISABLE, { id: bob.id }, acme.adminToken)).disableAccount.status).toBe("DISABLED");
      expect(await count("audit_event")).toBe(auditBefore);

      expect((await app.ok(ENABLE, { id: bob.id }, acme.adminToken)).enableAccount).toEqual({ id: bob.id, status: "ACTIVE" });
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
      expect(await app.code(DISABLE, { id: bob.id }, patToken)).toBe("FORBIDDEN");
      expect(await app.code(DISABLE, { id: pat.id }, patToken)).toBe("FORBIDDEN");
      expect(await app.code(DISABLE, { id: bob.id }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(UPDATE, { id: bob.id, i: { profile: "ADMIN" } }, globex.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(UPDATE, { id: pat.id, i: { profile: "ADMIN" } }, patToken)).toBe("FORBIDDEN");
      expect(await app.code(SET_PRIMARY, { a: bob.id, x: "bob2@acme.example" }, globex.adminToken)).toBe("NOT_FOUND");
      expect((await account(bob.id))).toMatchObject({ status: "ACTIVE", profile: "PROFESSIONAL", sendAs: "bob@acme.example" });
      expect((await account(pat.id))).toMatchObject({ status: "ACTIVE", profile: "PROFESSIONAL" });
    });

    it("answers another organization's account exactly as a missing one, message included", async () => {
      const bob = await create({ displayName: "Bob", primaryAddress: "bob@acme.example" });
      const globex = await app.orgWithAdmin("Globex", "globex.example");
      const answers = async (id: string) => {
        const responses = [
          await app.gql(ACCOUNT, { id }, globex.adminToken),
          await app.gql(DISABLE, { id }, globex.adminToken),
          await app.gql(UPDATE, { id, i: { displayName: "X" } }, globex.adminToken),
        ];
        return responses.map((r) => r.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })));
      };
      const forMissing = await answers("00000000-0000-0000-0000-000000000000");
      expect(forMissing[0]).toEqual([{ code: "NOT_FOUND", message: "Account not found." }]);
      expect(await answers(bob.id)).toEqual(forMissing);
    });
  });

  describe("accounts()", () => {
    it("costs a fixed number of SQL statements per page whatever its size: page, count, addresses", async () => {
      for (let i = 0; i < 30; i++) {
        const id = await app.createAccount(acme.orgId, { displayName: `Member ${i}`, primaryAddress: `m${i}@acme.example` });
        await app.request(AddAliasDocument, { input: { accountId: id, address: `alias${i}@acme.example` } }, acme.adminToken);
      }
      const page = "{ accounts(first: 100) { totalCount edges { node { id displayName primaryAddress { address } addresses { address kind } aliases { address } } } } }";
      await app.ok(page, {}, acme.adminToken);
      const before = app.db.counter.count;
      const data = await app.ok(page, {}, acme.adminToken);
      expect(data.accounts.totalCount).toBeGreaterThanOrEqual(31);
      expect(data.accounts.edges).toHaveLength(data.accounts.totalCount);
      expect(data.accounts.edges.find((e: { node: { displayName: string } }) => e.node.displayName === "Member 7").node.aliases).toEqual([{ address: "alias7@acme.example" }]);
      expect(app.db.counter.count - before).toBe(3);
    });

    beforeEach(async () => {
      const alice = await create({ displayName: "Alice Anderson", primaryAddress: "alice@acme.example" });
      await app.request(AddAliasDocument, { input: { accountId: alice.id, address: "wonderland@acme.example" } }, acme.adminToken);
      await create({ displayName: "Bob Brown", primaryAddress: "bob@acme.example", profile: "GUEST" });
      const carol = await create({ displayName: "Carol Anderson", primaryAddress: "carol@acme.example", profile: "ADMIN" });
      await app.ok(DISABLE, { id: carol.id }, acme.adminToken);
      await create({ displayName: "Dave Dee", primaryAddress: "dave@acme.example" });
      await create({ displayName: "Jürgen Müller", primaryAddress: "juergen@acme.example" });
    });

    const ALL = ["Acme Admin", "Alice Anderson", "Bob Brown", "Carol Anderson", "Dave Dee", "Jürgen Müller"];

    it("lists every account by display name with the total", async () => {
      expect(await list()).toEqual({ totalCount: 6, names: ALL });
      expect(await list({ search: "" })).toEqual({ totalCount: 6, names: ALL });
    });

    it.each([
      ["anderson", ["Alice Anderson", "Carol Anderson"]],
      ["ANDER", ["Alice Anderson", "Carol Anderson"]],
      ["  Brown  ", ["Bob Brown"]],
      ["e d", ["Dave Dee"]],
      ["wonder", ["Alice Anderson"]],
      ["wonderland@acme", ["Alice Anderson"]],
      ["bob@", ["Bob Brown"]],
      ["@acme.example", ALL],
      ["nobody", []],
      ["%", []],
      ["_", []],
      ["\\", []],
    ])("searches display names and addresses for %j", async (search, names) => {
      expect(await list({ search })).toEqual({ totalCount: names.length, names });
    });

    it("searches display names with non-ASCII letters", async () => {
      expect(await list({ search: "Müller" })).toEqual({ totalCount: 1, names: ["Jürgen Müller"] });
      expect(await list({ search: "jürgen" })).toEqual({ totalCount: 1, names: ["Jürgen Müller"] });
    });

    it("matches non-ASCII display names without regard to case", async () => {
      await create({ displayName: "Émile Zola", primaryAddress: "emile@acme.example" });
      expect(await list({ search: "MÜLLER" })).toEqual({ totalCount: 1, names: ["Jürgen Müller"] });
      expect(await list({ search: "émile" })).toEqual({ totalCount: 1, names: ["Émile Zola"] });
      expect(await list({ search: "ZOLA" })).toEqual({ totalCount: 1, names: ["Émile Zola"] });
    });

    it.each([
      [{ profile: "GUEST" }, ["Bob Brown"]],
      [{ profile: "ADMIN" }, ["Acme Admin", "Carol Anderson"]],
      [{ profile: "PROFESSIONAL" }, ["Alice Anderson", "Dave Dee", "Jürgen Müller"]],
      [{ status: "DISABLED" }, ["Carol Anderson"]],
      [{ status: "ACTIVE" }, ["Acme Admin", "Alice Anderson", "Bob Brown", "Dave Dee", "Jürgen Müller"]],
      [{ profile: "ADMIN", status: "ACTIVE" }, ["Acme Admin"]],
      [{ search: "anderson", status: "ACTIVE" }, ["Alice Anderson"]],
      [{ search: "anderson", profile: "GUEST" }, []],
    ])("filters by %j", async (filter, names) => {
      expect(await list(filter)).toEqual({ totalCount: names.length, names });
    });

    it("keeps totalCount for the whole filtered set while paging", async () => {
      const first = (await app.ok(LIST, { first: 2, status: "ACTIVE" }, acme.adminToken)).accounts;
      expect(first.totalCount).toBe(5);
      expect(first.edges.map((e: { node: { displayName: string } }) => e.node.displayName)).toEqual(["Acme Admin", "Alice Anderson"]);
      expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, endCursor: first.edges[1].cursor });
      const second = (await app.ok(LIST, { first: 2, status: "ACTIVE", after: first.pageInfo.endCursor }, acme.adminToken)).accounts;
      expect(second.totalCount).toBe(5);
      expect(second.edges.map((e: { node: { displayName: string } }) => e.node.displayName)).toEqual(["Bob Brown", "Dave Dee"]);
      const third = (await app.ok(LIST, { first: 2, status: "ACTIVE", after: second.pageInfo.endCursor }, acme.adminToken)).accounts;
      expect(third.edges.map((e: { node: { displayName: string } }) => e.node.displayName)).toEqual(["Jürgen Müller"]);
      expect(third.pageInfo.hasNextPage).toBe(false);
      expect(third.totalCount).toBe(5);
    });

    it("defaults to 20 per page and accepts 1 to 100", async () => {
      const res = await app.ok("{ accounts { edges { node { id } } } }", {}, acme.adminToken);
      expect(res.accounts.edges).toHaveLength(6);
      expect((await app.ok(LIST, { first: 1 }, acme.adminToken)).accounts.edges).toHaveLength(1);
      expect((await app.ok(LIST, { first: 100 }, acme.adminToken)).accounts.edges).toHaveLength(6);
    });

    it.each([[0], [-1], [101], [1000]])("refuses first: %j with BAD_USER_INPUT", async (first) => {
      expect(await app.code(LIST, { first }, acme.adminToken)).toBe("BAD_USER_INPUT");
    });

    it.each([
      ["not-a-cursor"],
      ["!!!!"],
      [Buffer.from("{\"a\":1}").toString("base64url")],
      [Buffer.from("[\"only-one\"]").toString("base64url")],
      [Buffer.from("[\"a\",\"b\",\"c\"]").toString("base64url")],
      [Buffer.from("[null,null]").toString("base64url")],
      [Buffer.from("[[1],{}]").toString("base64url")],
    ])("refuses the cursor %j with BAD_USER_INPUT", async (after) => {
      expect(await app.code(LIST, { first: 5, after }, acme.adminToken)).toBe("BAD_USER_INPUT");
    });
  });
});

import { dialects } from "./support/databases";
import { useAcmeAccounts } from "./support/accounts";
import { AccountsDocument, type AccountsQueryVariables, AccountsWithAddressesDocument, AddAliasDocument, DisableAccountDocument } from "./generated/graphql";

/** accounts(): the directory page by display name, its search, filters, cursors and SQL cost. */
describe.each(dialects())("listing accounts (%s)", (dialect) => {
  const { app, acme, create, list } = useAcmeAccounts(dialect);

  describe("accounts()", () => {
    it("costs a fixed number of SQL statements per page whatever its size: page, count, addresses", async () => {
      for (let i = 0; i < 30; i++) {
        const id = await app.createAccount(acme.orgId, { displayName: `Member ${i}`, primaryAddress: `m${i}@acme.example` });
        await app.request(AddAliasDocument, { input: { accountId: id, address: `alias${i}@acme.example` } }, acme.adminToken);
      }
      await app.request(AccountsWithAddressesDocument, { first: 100 }, acme.adminToken);
      const before = app.db.counter.count;
      const data = await app.request(AccountsWithAddressesDocument, { first: 100 }, acme.adminToken);
      expect(data.accounts.totalCount).toBeGreaterThanOrEqual(31);
      expect(data.accounts.edges).toHaveLength(data.accounts.totalCount);
      expect(data.accounts.edges.find((e) => e.node.displayName === "Member 7")?.node.aliases).toEqual([{ address: "alias7@acme.example" }]);
      expect(app.db.counter.count - before).toBe(3);
    });

    beforeEach(async () => {
      const alice = await create({ displayName: "Alice Anderson", primaryAddress: "alice@acme.example" });
      await app.request(AddAliasDocument, { input: { accountId: alice.id, address: "wonderland@acme.example" } }, acme.adminToken);
      await create({ displayName: "Bob Brown", primaryAddress: "bob@acme.example", profile: "GUEST" });
      const carol = await create({ displayName: "Carol Anderson", primaryAddress: "carol@acme.example", profile: "ADMIN" });
      await app.request(DisableAccountDocument, { id: carol.id }, acme.adminToken);
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

    it.each<[AccountsQueryVariables, string[]]>([
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
      const first = (await app.request(AccountsDocument, { first: 2, status: "ACTIVE" }, acme.adminToken)).accounts;
      expect(first.totalCount).toBe(5);
      expect(first.edges.map((e) => e.node.displayName)).toEqual(["Acme Admin", "Alice Anderson"]);
      expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, endCursor: first.edges[1].cursor });
      const second = (await app.request(AccountsDocument, { first: 2, status: "ACTIVE", after: first.pageInfo.endCursor }, acme.adminToken)).accounts;
      expect(second.totalCount).toBe(5);
      expect(second.edges.map((e) => e.node.displayName)).toEqual(["Bob Brown", "Dave Dee"]);
      const third = (await app.request(AccountsDocument, { first: 2, status: "ACTIVE", after: second.pageInfo.endCursor }, acme.adminToken)).accounts;
      expect(third.edges.map((e) => e.node.displayName)).toEqual(["Jürgen Müller"]);
      expect(third.pageInfo.hasNextPage).toBe(false);
      expect(third.totalCount).toBe(5);
    });

    it("defaults to 20 per page and accepts 1 to 100", async () => {
      const res = await app.request(AccountsDocument, {}, acme.adminToken);
      expect(res.accounts.edges).toHaveLength(6);
      expect((await app.request(AccountsDocument, { first: 1 }, acme.adminToken)).accounts.edges).toHaveLength(1);
      expect((await app.request(AccountsDocument, { first: 100 }, acme.adminToken)).accounts.edges).toHaveLength(6);
    });

    it.each([[0], [-1], [101], [1000]])("refuses first: %j with BAD_USER_INPUT", async (first) => {
      expect(await app.code(AccountsDocument, { first }, acme.adminToken)).toBe("BAD_USER_INPUT");
    });

    it.each([
      ["not-a-cursor"],
      ["!!!!"],
      [Buffer.from('{"a":1}').toString("base64url")],
      [Buffer.from('["only-one"]').toString("base64url")],
      [Buffer.from('["a","b","c"]').toString("base64url")],
      [Buffer.from("[null,null]").toString("base64url")],
      [Buffer.from("[[1],{}]").toString("base64url")],
    ])("refuses the cursor %j with BAD_USER_INPUT", async (after) => {
      expect(await app.code(AccountsDocument, { first: 5, after }, acme.adminToken)).toBe("BAD_USER_INPUT");
    });
  });
});

import { print } from "graphql";
import { dialects } from "./support/databases";
import { type GqlError, useTestApp } from "./support/harness";
import { AddAliasDocument, AddSecondaryAddressDocument } from "./generated/graphql";

const AVAILABILITY = "query($a: String!) { addressAvailability(address: $a) { address available reason message } }";
const REQUEST = "mutation($i: RequestAliasInput!) { requestAlias(input: $i) { alias { id address } claim { id address } } }";
const CREATE_ACCOUNT = "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }";
const CREATE_GROUP = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }";
const SET_PRIMARY = "mutation($id: ID!, $a: String!) { setPrimaryAddress(accountId: $id, address: $a) { id } }";
const ADD_MEMBERS = "mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id memberCount } }";
const CANCEL = "mutation($c: ID!) { cancelAliasClaim(claimId: $c) { id } }";
const RESEND = "mutation($c: ID!) { resendAliasConfirmation(claimId: $c) { id } }";
const ADD_DOMAIN = "mutation($i: AddDomainInput!) { addDomain(input: $i) { id name status } }";
const SET_OWNERS = "mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }";
const MEMBERS = "query($id: ID!) { group(id: $id) { members { edges { node { kind group { id } } } } } }";

/** An error as a client sees it, with the address it was about replaced, so answers for two addresses compare whole. */
function shape(error: GqlError | undefined, address: string): unknown {
  return JSON.parse(JSON.stringify({ message: error?.message, extensions: error?.extensions, path: error?.path }).split(address).join("<address>"));
}

describe.each(dialects())("tenancy and privacy (%s)", (dialect) => {
  const app = useTestApp(dialect);

  /** Acme (acme.test) and Beta (b.example, where pro@ exists), each with an admin. */
  async function twoOrganizations() {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const beta = await app.orgWithAdmin("Beta", "b.example");
    const proId = await app.createAccount(beta.orgId, { primaryAddress: "pro@b.example" });
    const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test", profile: "PROFESSIONAL", password: "bob-password-1", exchangeEnabled: true });
    const bobToken = await app.login("bob@acme.test", "bob-password-1");
    return { acme, beta, proId, bobId, bobToken };
  }

  describe("another organization's namespace", () => {
    it("answers addressAvailability the same for an existing and a free address on another organization's verified domain", async () => {
      const s = await twoOrganizations();
      const existing = (await app.ok(AVAILABILITY, { a: "pro@b.example" }, s.acme.adminToken)).addressAvailability;
      const free = (await app.ok(AVAILABILITY, { a: "nobody@b.example" }, s.acme.adminToken)).addressAvailability;
      expect(existing).toEqual({ address: "pro@b.example", available: false, reason: "ADDRESS_TAKEN", message: "pro@b.example is already in use." });
      expect(free).toEqual({ address: "nobody@b.example", available: false, reason: "ADDRESS_TAKEN", message: "nobody@b.example is already in use." });
    });

    it("gives every mutation that takes an address one identical error for existing and free addresses there", async () => {
      const s = await twoOrganizations();
      const groupId = (await app.ok(CREATE_GROUP, { i: { name: "Team", address: "team@acme.test" } }, s.acme.adminToken)).createGroup.id;
      const calls: [string, string, (address: string) => Record<string, unknown>, string][] = [
        ["addAlias", print(AddAliasDocument), (a) => ({ input: { accountId: s.bobId, address: a } }), s.acme.adminToken],
        ["requestAlias", REQUEST, (a) => ({ i: { accountId: s.bobId, address: a } }), s.bobToken],
        ["addSecondaryAddress", print(AddSecondaryAddressDocument), (a) => ({ input: { accountId: s.bobId, address: a } }), s.acme.adminToken],
        ["createAccount", CREATE_ACCOUNT, (a) => ({ i: { displayName: "New", primaryAddress: a } }), s.acme.adminToken],
        ["createGroup", CREATE_GROUP, (a) => ({ i: { name: "Other", address: a } }), s.acme.adminToken],
        ["setPrimaryAddress", SET_PRIMARY, (a) => ({ id: s.bobId, a }), s.acme.adminToken],
      ];
      const rowsBefore = await app.count("address");
      for (const [name, document, variables, token] of calls) {
        const existing = await app.gql(document, variables("pro@b.example"), token);
        const free = await app.gql(document, variables("nobody@b.example"), token);
        expect([name, existing.errors?.length, free.errors?.length]).toEqual([name, 1, 1]);
        expect([name, shape(existing.errors?.[0], "pro@b.example")]).toEqual([name, shape(free.errors?.[0], "nobody@b.example")]);
        expect([name, existing.errors?.[0].extensions]).toEqual([name, { code: "ADDRESS_TAKEN" }]);
      }
      expect(await app.count("address")).toBe(rowsBefore);

      // An external group member is an address outside the organization either way: both are added alike.
      const added = await app.ok(ADD_MEMBERS, { g: groupId, m: [{ address: "pro@b.example" }] }, s.acme.adminToken);
      const addedFree = await app.ok(ADD_MEMBERS, { g: groupId, m: [{ address: "nobody@b.example" }] }, s.acme.adminToken);
      expect(added).toEqual({ addGroupMembers: { id: groupId, memberCount: 1 } });
      expect(addedFree).toEqual({ addGroupMembers: { id: groupId, memberCount: 2 } });
    });

    it("answers cancelAliasClaim and resendAliasConfirmation the same for another organization's claim, a colleague's and a random id", async () => {
      const s = await twoOrganizations();
      const betaClaim = (await app.request(AddAliasDocument, { input: { accountId: s.proId, address: "pro.private@example.org" } }, s.beta.adminToken)).addAlias.claim!.id;
      const aliceId = await app.createAccount(s.acme.orgId, { primaryAddress: "alice@acme.test", profile: "PROFESSIONAL" });
      const colleagueClaim = (await app.request(AddAliasDocument, { input: { accountId: aliceId, address: "alice.private@example.org" } }, s.acme.adminToken)).addAlias.claim!.id;
      const random = "3b0c5a52-8f7e-4d4e-9a44-1d2c3b4a5f60";
      for (const document of [CANCEL, RESEND]) {
        const answers = [];
        for (const [claimId, token] of [
          [betaClaim, s.acme.adminToken],
          [colleagueClaim, s.bobToken],
          [random, s.acme.adminToken],
          [random, s.bobToken],
        ]) {
          answers.push(await app.gql(document, { c: claimId }, token));
        }
        const shapes = answers.map((r) => ({ data: r.data ?? null, errors: r.errors?.map((e) => ({ message: e.message, extensions: e.extensions })) }));
        for (const one of shapes) expect(one).toEqual({ data: null, errors: [{ message: "Alias request not found.", extensions: { code: "NOT_FOUND" } }] });
      }
      expect(await app.count("SELECT COUNT(*) AS n FROM alias_claim WHERE send_count = 1")).toBe(2);
    });
  });

  describe("local parts on the organization's own domains", () => {
    it("refuses % and ! (relay routes) with INVALID_ADDRESS in every address an organization assigns there", async () => {
      const s = await twoOrganizations();
      const groupId = (await app.ok(CREATE_GROUP, { i: { name: "Team", address: "team@acme.test" } }, s.acme.adminToken)).createGroup.id;
      const rowsBefore = await app.count("address");
      for (const address of ["bob%evil.example@acme.test", "evil.example!bob@acme.test"]) {
        expect(await app.code(AddAliasDocument, { input: { accountId: s.bobId, address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: s.bobId, address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "X", primaryAddress: address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(CREATE_GROUP, { i: { name: "X", address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(ADD_MEMBERS, { g: groupId, m: [{ address }] }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        const availability = (await app.ok(AVAILABILITY, { a: address }, s.acme.adminToken)).addressAvailability;
        expect(availability).toMatchObject({ available: false, reason: "INVALID_ADDRESS" });
      }
      expect(await app.count("address")).toBe(rowsBefore);
      expect(await app.count("group_member")).toBe(0);
      // Elsewhere the local part is the other domain's business: a personal address with "%" can still be claimed.
      const claim = (await app.request(AddAliasDocument, { input: { accountId: s.bobId, address: "bob%home@example.org" } }, s.acme.adminToken)).addAlias.claim!;
      expect(claim.address).toBe("bob%home@example.org");
    });
  });

  describe("public suffixes", () => {
    it("refuses a public suffix as a domain, from the Public Suffix List, and accepts names registered under one", async () => {
      const orgId = await app.createOrg("Acme");
      for (const name of ["co.uk", "com.au", "github.io", "co.jp"]) {
        const res = await app.gql(ADD_DOMAIN, { i: { organizationId: orgId, name } });
        expect([name, res.errors?.[0].extensions]).toEqual([name, { code: "BAD_USER_INPUT", field: "name" }]);
        expect(res.errors?.[0].message).toMatch(/public suffix/);
      }
      expect(await app.count("domain")).toBe(0);
      for (const name of ["acme.co.uk", "mail.acme.co.uk", "acme.github.io"]) {
        expect((await app.ok(ADD_DOMAIN, { i: { organizationId: orgId, name } })).addDomain).toMatchObject({ name, status: "PENDING_VERIFICATION" });
      }
    });
  });

  describe("nesting groups", () => {
    /** Bob (PROFESSIONAL) owns "Team"; "Board" is hidden, MEMBERS-only, and not his. */
    async function groups() {
      const s = await twoOrganizations();
      const team = (await app.ok(CREATE_GROUP, { i: { name: "Team", address: "team@acme.test" } }, s.acme.adminToken)).createGroup.id;
      const board = (await app.ok(CREATE_GROUP, { i: { name: "Board", address: "board@acme.test", senderPolicy: "MEMBERS", hiddenFromDirectory: true } }, s.acme.adminToken)).createGroup.id;
      const mine = (await app.ok(CREATE_GROUP, { i: { name: "Mine", address: "mine@acme.test" } }, s.acme.adminToken)).createGroup.id;
      await app.ok(SET_OWNERS, { g: team, a: [s.bobId] }, s.acme.adminToken);
      await app.ok(SET_OWNERS, { g: mine, a: [s.bobId] }, s.acme.adminToken);
      return { ...s, team, board, mine };
    }

    it("refuses an owner nesting a group it does not manage, by address or by id, changing nothing", async () => {
      const s = await groups();
      const byAddress = await app.gql(ADD_MEMBERS, { g: s.team, m: [{ address: "board@acme.test" }] }, s.bobToken);
      expect(byAddress.errors?.map((e) => e.extensions)).toEqual([{ code: "FORBIDDEN", index: 0 }]);
      const byId = await app.gql(ADD_MEMBERS, { g: s.team, m: [{ groupId: s.board }] }, s.bobToken);
      const missing = await app.gql(ADD_MEMBERS, { g: s.team, m: [{ groupId: "3b0c5a52-8f7e-4d4e-9a44-1d2c3b4a5f60" }] }, s.bobToken);
      expect(byId.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }))).toEqual([{ message: "Group not found.", code: "NOT_FOUND" }]);
      expect(missing.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }))).toEqual([{ message: "Group not found.", code: "NOT_FOUND" }]);
      expect(await app.count("group_member")).toBe(0);
      expect(await app.auditActions(s.acme.orgId)).not.toContain("group.addMembers");
    });

    it("lets an owner nest a group it owns too, and an admin nest any group, by address as that group", async () => {
      const s = await groups();
      expect((await app.ok(ADD_MEMBERS, { g: s.team, m: [{ address: "mine@acme.test" }] }, s.bobToken)).addGroupMembers.memberCount).toBe(1);
      expect((await app.ok(ADD_MEMBERS, { g: s.team, m: [{ address: "board@acme.test" }] }, s.acme.adminToken)).addGroupMembers.memberCount).toBe(2);
      const members = (await app.ok(MEMBERS, { id: s.team }, s.acme.adminToken)).group.members.edges.map((e: { node: unknown }) => e.node);
      expect(members).toEqual([
        { kind: "GROUP", group: { id: s.mine } },
        { kind: "GROUP", group: { id: s.board } },
      ]);
    });
  });
});

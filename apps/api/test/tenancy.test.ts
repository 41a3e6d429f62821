import { dialects } from "./support/databases";
import { type GqlError, type GqlResponse, useTestApp } from "./support/harness";
import {
  AddAliasDocument,
  AddDomainDocument,
  AddGroupMembersDocument,
  AddressAvailabilityDocument,
  AddSecondaryAddressDocument,
  CancelAliasClaimDocument,
  CreateAccountDocument,
  CreateGroupDocument,
  GroupMembersDocument,
  RequestAliasDocument,
  ResendAliasConfirmationDocument,
  SetGroupOwnersDocument,
  SetPrimaryAddressDocument,
} from "./generated/graphql";

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
    const bobId = await app.createAccount(acme.orgId, {
      primaryAddress: "bob@acme.test",
      profile: "PROFESSIONAL",
      password: "bob-password-1",
      exchangeEnabled: true,
    });
    const bobToken = await app.login("bob@acme.test", "bob-password-1");
    return { acme, beta, proId, bobId, bobToken };
  }

  describe("another organization's namespace", () => {
    it("answers addressAvailability the same for an existing and a free address on another organization's verified domain", async () => {
      const s = await twoOrganizations();
      const existing = (await app.request(AddressAvailabilityDocument, { address: "pro@b.example" }, s.acme.adminToken)).addressAvailability;
      const free = (await app.request(AddressAvailabilityDocument, { address: "nobody@b.example" }, s.acme.adminToken)).addressAvailability;
      expect(existing).toEqual({
        address: "pro@b.example",
        unicodeAddress: "pro@b.example",
        available: false,
        reason: "ADDRESS_TAKEN",
        message: "pro@b.example is already in use.",
      });
      expect(free).toEqual({
        address: "nobody@b.example",
        unicodeAddress: "nobody@b.example",
        available: false,
        reason: "ADDRESS_TAKEN",
        message: "nobody@b.example is already in use.",
      });
    });

    it("gives every mutation that takes an address one identical error for existing and free addresses there", async () => {
      const s = await twoOrganizations();
      const groupId = (await app.request(CreateGroupDocument, { input: { name: "Team", address: "team@acme.test" } }, s.acme.adminToken)).createGroup.id;
      const calls: [string, (address: string) => Promise<GqlResponse<unknown>>][] = [
        ["addAlias", (a) => app.gql(AddAliasDocument, { input: { accountId: s.bobId, address: a } }, s.acme.adminToken)],
        ["requestAlias", (a) => app.gql(RequestAliasDocument, { input: { accountId: s.bobId, address: a } }, s.bobToken)],
        ["addSecondaryAddress", (a) => app.gql(AddSecondaryAddressDocument, { input: { accountId: s.bobId, address: a } }, s.acme.adminToken)],
        ["createAccount", (a) => app.gql(CreateAccountDocument, { input: { displayName: "New", primaryAddress: a } }, s.acme.adminToken)],
        ["createGroup", (a) => app.gql(CreateGroupDocument, { input: { name: "Other", address: a } }, s.acme.adminToken)],
        ["setPrimaryAddress", (a) => app.gql(SetPrimaryAddressDocument, { accountId: s.bobId, address: a }, s.acme.adminToken)],
      ];
      const rowsBefore = await app.count("address");
      for (const [name, send] of calls) {
        const existing = await send("pro@b.example");
        const free = await send("nobody@b.example");
        expect([name, existing.errors?.length, free.errors?.length]).toEqual([name, 1, 1]);
        expect([name, shape(existing.errors?.[0], "pro@b.example")]).toEqual([name, shape(free.errors?.[0], "nobody@b.example")]);
        expect([name, existing.errors?.[0].extensions]).toEqual([name, { code: "ADDRESS_TAKEN" }]);
      }
      expect(await app.count("address")).toBe(rowsBefore);

      // An external group member is an address outside the organization either way: both are added alike.
      const added = await app.request(AddGroupMembersDocument, { groupId, members: [{ address: "pro@b.example" }] }, s.acme.adminToken);
      const addedFree = await app.request(AddGroupMembersDocument, { groupId, members: [{ address: "nobody@b.example" }] }, s.acme.adminToken);
      expect(added).toEqual({ addGroupMembers: { id: groupId, memberCount: 1 } });
      expect(addedFree).toEqual({ addGroupMembers: { id: groupId, memberCount: 2 } });
    });

    it("answers cancelAliasClaim and resendAliasConfirmation the same for another organization's claim, a colleague's and a random id", async () => {
      const s = await twoOrganizations();
      const betaClaim = (await app.request(AddAliasDocument, { input: { accountId: s.proId, address: "pro.private@example.org" } }, s.beta.adminToken)).addAlias
        .claim!.id;
      const aliceId = await app.createAccount(s.acme.orgId, { primaryAddress: "alice@acme.test", profile: "PROFESSIONAL" });
      const colleagueClaim = (await app.request(AddAliasDocument, { input: { accountId: aliceId, address: "alice.private@example.org" } }, s.acme.adminToken))
        .addAlias.claim!.id;
      const random = "3b0c5a52-8f7e-4d4e-9a44-1d2c3b4a5f60";
      const sends = [
        (claimId: string, token: string) => app.gql(CancelAliasClaimDocument, { claimId }, token),
        (claimId: string, token: string) => app.gql(ResendAliasConfirmationDocument, { claimId }, token),
      ];
      for (const send of sends) {
        const answers = [];
        for (const [claimId, token] of [
          [betaClaim, s.acme.adminToken],
          [colleagueClaim, s.bobToken],
          [random, s.acme.adminToken],
          [random, s.bobToken],
        ]) {
          answers.push(await send(claimId, token));
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
      const groupId = (await app.request(CreateGroupDocument, { input: { name: "Team", address: "team@acme.test" } }, s.acme.adminToken)).createGroup.id;
      const rowsBefore = await app.count("address");
      for (const address of ["bob%evil.example@acme.test", "evil.example!bob@acme.test"]) {
        expect(await app.code(AddAliasDocument, { input: { accountId: s.bobId, address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: s.bobId, address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(CreateAccountDocument, { input: { displayName: "X", primaryAddress: address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(CreateGroupDocument, { input: { name: "X", address } }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        expect(await app.code(AddGroupMembersDocument, { groupId: groupId, members: [{ address }] }, s.acme.adminToken)).toBe("INVALID_ADDRESS");
        const availability = (await app.request(AddressAvailabilityDocument, { address: address }, s.acme.adminToken)).addressAvailability;
        expect(availability).toMatchObject({ available: false, reason: "INVALID_ADDRESS" });
      }
      expect(await app.count("address")).toBe(rowsBefore);
      expect(await app.count("group_member")).toBe(0);
      // Elsewhere the local part is the other domain's business: a personal address with "%" can still be claimed.
      const claim = (await app.request(AddAliasDocument, { input: { accountId: s.bobId, address: "bob%home@example.org" } }, s.acme.adminToken)).addAlias
        .claim!;
      expect(claim.address).toBe("bob%home@example.org");
    });
  });

  describe("public suffixes", () => {
    it("refuses a public suffix as a domain, from the Public Suffix List, and accepts names registered under one", async () => {
      const orgId = await app.createOrg("Acme");
      for (const name of ["co.uk", "com.au", "github.io", "co.jp"]) {
        const res = await app.gql(AddDomainDocument, { input: { organizationId: orgId, name } });
        expect([name, res.errors?.[0].extensions]).toEqual([name, { code: "BAD_USER_INPUT", field: "name" }]);
        expect(res.errors?.[0].message).toMatch(/public suffix/);
      }
      expect(await app.count("domain")).toBe(0);
      for (const name of ["acme.co.uk", "mail.acme.co.uk", "acme.github.io"]) {
        expect((await app.request(AddDomainDocument, { input: { organizationId: orgId, name } })).addDomain).toMatchObject({
          name,
          status: "PENDING_VERIFICATION",
        });
      }
    });
  });

  describe("nesting groups", () => {
    /** Bob (PROFESSIONAL) owns "Team"; "Board" is hidden, MEMBERS-only, and not his. */
    async function groups() {
      const s = await twoOrganizations();
      const team = (await app.request(CreateGroupDocument, { input: { name: "Team", address: "team@acme.test" } }, s.acme.adminToken)).createGroup.id;
      const board = (
        await app.request(
          CreateGroupDocument,
          { input: { name: "Board", address: "board@acme.test", senderPolicy: "MEMBERS", hiddenFromDirectory: true } },
          s.acme.adminToken,
        )
      ).createGroup.id;
      const mine = (await app.request(CreateGroupDocument, { input: { name: "Mine", address: "mine@acme.test" } }, s.acme.adminToken)).createGroup.id;
      await app.request(SetGroupOwnersDocument, { groupId: team, accountIds: [s.bobId] }, s.acme.adminToken);
      await app.request(SetGroupOwnersDocument, { groupId: mine, accountIds: [s.bobId] }, s.acme.adminToken);
      return { ...s, team, board, mine };
    }

    it("refuses an owner nesting a group it does not manage, by address or by id, changing nothing", async () => {
      const s = await groups();
      const byAddress = await app.gql(AddGroupMembersDocument, { groupId: s.team, members: [{ address: "board@acme.test" }] }, s.bobToken);
      expect(byAddress.errors?.map((e) => e.extensions)).toEqual([{ code: "FORBIDDEN", index: 0 }]);
      const byId = await app.gql(AddGroupMembersDocument, { groupId: s.team, members: [{ groupId: s.board }] }, s.bobToken);
      const missing = await app.gql(AddGroupMembersDocument, { groupId: s.team, members: [{ groupId: "3b0c5a52-8f7e-4d4e-9a44-1d2c3b4a5f60" }] }, s.bobToken);
      expect(byId.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }))).toEqual([{ message: "Group not found.", code: "NOT_FOUND" }]);
      expect(missing.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }))).toEqual([{ message: "Group not found.", code: "NOT_FOUND" }]);
      expect(await app.count("group_member")).toBe(0);
      expect(await app.auditActions(s.acme.orgId)).not.toContain("group.addMembers");
    });

    it("lets an owner nest a group it owns too, and an admin nest any group, by address as that group", async () => {
      const s = await groups();
      expect(
        (await app.request(AddGroupMembersDocument, { groupId: s.team, members: [{ address: "mine@acme.test" }] }, s.bobToken)).addGroupMembers.memberCount,
      ).toBe(1);
      expect(
        (await app.request(AddGroupMembersDocument, { groupId: s.team, members: [{ address: "board@acme.test" }] }, s.acme.adminToken)).addGroupMembers
          .memberCount,
      ).toBe(2);
      const members = (await app.request(GroupMembersDocument, { id: s.team }, s.acme.adminToken)).group.members!.edges.map((e) => ({
        kind: e.node.kind,
        group: e.node.group,
      }));
      expect(members).toEqual([
        { kind: "GROUP", group: { id: s.mine } },
        { kind: "GROUP", group: { id: s.board } },
      ]);
    });
  });
});

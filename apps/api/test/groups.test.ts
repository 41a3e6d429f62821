import { dialects } from "./support/databases";
import {
  ADD,
  AVAILABILITY,
  CREATE,
  CREATE_ACCOUNT,
  DELETE,
  GROUP,
  groupHelpers,
  type GroupOrg,
  GROUPS,
  type MemberNode,
  OWNERS,
  REMOVE,
  UPDATE,
} from "./support/groups";
import { useTestApp } from "./support/harness";
import { AddAliasDocument, AddSecondaryAddressDocument, ResolveDocument } from "./generated/graphql";

/** Creating, changing, listing and deleting groups, and what owners may do. */
describe.each(dialects())("distribution groups (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: GroupOrg;
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
  });
  const { person, createGroup, add, memberCount, allMembers, audit, expansion } = groupHelpers(app, () => acme);

  describe("createGroup, updateGroup, deleteGroup, group, groups", () => {
    it("creates a group whose address is a GROUP row of the one address table, sender policy ORGANIZATION by default", async () => {
      const created = (await app.ok(CREATE, { i: { name: " Sales ", address: "  Sales@ACME.test " } }, acme.adminToken)).createGroup;
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: "Sales",
        description: null,
        address: "sales@acme.test",
        unicodeAddress: "sales@acme.test",
        senderPolicy: "ORGANIZATION",
        hiddenFromDirectory: false,
        memberCount: 0,
        owners: [],
        recipients: [],
      });
      const rows: { kind: string; status: string; group_id: string | null; account_id: string | null; organization_id: string }[] = await app.db.manager.query(
        "SELECT kind, status, group_id, account_id, organization_id FROM address WHERE address = 'sales@acme.test'",
      );
      expect(rows).toEqual([{ kind: "GROUP", status: "ACTIVE", group_id: created.id, account_id: null, organization_id: acme.orgId }]);

      const resolved = (await app.request(ResolveDocument, { address: "SALES@acme.test" }, acme.adminToken)).resolveAddress!;
      expect(resolved).toMatchObject({ address: "sales@acme.test", kind: "GROUP", group: { id: created.id }, deliverTo: [], truncated: false });
      expect((await app.ok(AVAILABILITY, { a: "sales@acme.test" }, acme.adminToken)).addressAvailability).toEqual({
        address: "sales@acme.test",
        available: false,
        reason: "ADDRESS_TAKEN",
      });

      const members = (
        await app.ok(
          CREATE,
          { i: { name: "Board", address: "board@acme.test", senderPolicy: "MEMBERS", hiddenFromDirectory: true, description: "Directors" } },
          acme.adminToken,
        )
      ).createGroup;
      expect(members).toMatchObject({ senderPolicy: "MEMBERS", hiddenFromDirectory: true, description: "Directors", address: "board@acme.test" });

      expect(await audit(created.id)).toEqual([
        {
          action: "group.create",
          actorType: "ACCOUNT",
          actorId: acme.adminId,
          targetType: "Group",
          targetId: created.id,
          summary: { after: { name: "Sales", senderPolicy: "ORGANIZATION", hiddenFromDirectory: false, description: null, address: "sales@acme.test" } },
        },
      ]);
    });

    it("refuses a group on any address already in use, and any address on a group's address (ADDRESS_TAKEN both ways)", async () => {
      const ann = await person("ann", { exchangeEnabled: true });
      expect(
        (await app.request(AddAliasDocument, { input: { accountId: ann, address: "ann.alias@acme.test" } }, acme.adminToken)).addAlias.alias,
      ).toMatchObject({ kind: "ALIAS", status: "ACTIVE" });
      expect(
        (await app.request(AddSecondaryAddressDocument, { input: { accountId: ann, address: "ann.old@acme.test" } }, acme.adminToken)).addSecondaryAddress,
      ).toMatchObject({ kind: "SECONDARY", status: "PENDING_PROVISIONING" });
      const team = await createGroup("Team", "team@acme.test");

      for (const taken of ["ann@acme.test", "ANN@Acme.Test", "ann.alias@acme.test", "ann.old@acme.test", "Team@acme.test", "admin@acme.test"]) {
        expect(await app.code(CREATE, { i: { name: "Clash", address: taken } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      }
      expect(await app.code(AddAliasDocument, { input: { accountId: ann, address: "TEAM@acme.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: ann, address: "team@acme.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "Teamy", primaryAddress: "team@acme.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(
        await app.code(
          "mutation($a: ID!, $x: String!) { setPrimaryAddress(accountId: $a, address: $x) { id } }",
          { a: ann, x: "team@acme.test" },
          acme.adminToken,
        ),
      ).toBe("ADDRESS_TAKEN");

      const groups = (await app.ok(GROUPS, {}, acme.adminToken)).groups;
      expect(groups.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([team.id]);
      const rows: { kind: string; n: number | string }[] = await app.db.manager.query(
        "SELECT kind, COUNT(*) AS n FROM address WHERE address = 'team@acme.test' GROUP BY kind",
      );
      expect(rows.map((r) => [r.kind, Number(r.n)])).toEqual([["GROUP", 1]]);
      expect(await audit(null, "group.create")).toHaveLength(1);
    });

    it("requires a verified domain of the organization for the group's address", async () => {
      await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { name: "pending.test" } }, acme.adminToken);
      await app.orgWithAdmin("Globex", "globex.test");
      expect(await app.code(CREATE, { i: { name: "P", address: "team@pending.test" } }, acme.adminToken)).toBe("DOMAIN_NOT_VERIFIED");
      expect(await app.code(CREATE, { i: { name: "N", address: "team@nobody-owns.example" } }, acme.adminToken)).toBe("DOMAIN_NOT_OWNED");
      expect(await app.code(CREATE, { i: { name: "F", address: "team@gmail.com" } }, acme.adminToken)).toBe("FREE_MAIL_DOMAIN");
      expect(await app.code(CREATE, { i: { name: "G", address: "team@globex.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code(CREATE, { i: { name: "S", address: "team+x@acme.test" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(CREATE, { i: { name: "   ", address: "team@acme.test" } }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect((await app.ok(GROUPS, {}, acme.adminToken)).groups.totalCount).toBe(0);
      const rows: { n: number | string }[] = await app.db.manager.query("SELECT COUNT(*) AS n FROM address WHERE kind = 'GROUP'");
      expect(Number(rows[0].n)).toBe(0);
    });

    it("lists the organization's groups as a connection by name and searches by name and by address", async () => {
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const sales = await createGroup("Sales", "sales@acme.test");
      const support = await createGroup("Support", "help@acme.test");
      const board = await createGroup("Board", "board@acme.test");
      const marketing = await createGroup("Marketing", "mkt@acme.test");
      const globexSales = await createGroup("Sales", "sales@globex.test", {}, globex.adminToken);

      const first = (await app.ok(GROUPS, { first: 3 }, acme.adminToken)).groups;
      expect(first.totalCount).toBe(4);
      expect(first.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { id: board.id, name: "Board", address: "board@acme.test" },
        { id: marketing.id, name: "Marketing", address: "mkt@acme.test" },
        { id: sales.id, name: "Sales", address: "sales@acme.test" },
      ]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await app.ok(GROUPS, { first: 3, after: first.pageInfo.endCursor }, acme.adminToken)).groups;
      expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([support.id]);
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect(second.totalCount).toBe(4);

      const search = async (term: string) => {
        const page = (await app.ok(GROUPS, { search: term }, acme.adminToken)).groups;
        return { total: page.totalCount, names: page.edges.map((e: { node: { name: string } }) => e.node.name) };
      };
      expect(await search("SAL")).toEqual({ total: 1, names: ["Sales"] });
      expect(await search("help@")).toEqual({ total: 1, names: ["Support"] });
      expect(await search("mkt@ACME")).toEqual({ total: 1, names: ["Marketing"] });
      expect(await search("acme.test")).toEqual({ total: 4, names: ["Board", "Marketing", "Sales", "Support"] });
      expect(await search("globex")).toEqual({ total: 0, names: [] });
      expect(await search("%")).toEqual({ total: 0, names: [] });

      expect((await app.ok(GROUPS, { o: globex.orgId })).groups.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { id: globexSales.id, name: "Sales", address: "sales@globex.test" },
      ]);
      expect(await app.code(GROUPS, { o: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");
      expect((await app.ok(GROUP, { id: sales.id }, acme.adminToken)).group).toMatchObject({ id: sales.id, name: "Sales", address: "sales@acme.test" });
      expect(await app.code(GROUP, { id: globexSales.id }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(GROUP, { id: "00000000-0000-0000-0000-000000000000" }, acme.adminToken)).toBe("NOT_FOUND");
    });

    it("updates the settings and records them before and after", async () => {
      const group = await createGroup("Sales", "sales@acme.test");
      const updated = (
        await app.ok(
          UPDATE,
          { id: group.id, i: { name: "Sales EMEA", senderPolicy: "ANYONE", hiddenFromDirectory: true, description: "Leads" } },
          acme.adminToken,
        )
      ).updateGroup;
      expect(updated).toMatchObject({
        id: group.id,
        name: "Sales EMEA",
        senderPolicy: "ANYONE",
        hiddenFromDirectory: true,
        description: "Leads",
        address: "sales@acme.test",
      });
      expect((await app.ok(GROUP, { id: group.id }, acme.adminToken)).group).toMatchObject({
        name: "Sales EMEA",
        senderPolicy: "ANYONE",
        hiddenFromDirectory: true,
        description: "Leads",
      });
      expect(await app.code(UPDATE, { id: group.id, i: { name: " " } }, acme.adminToken)).toBe("BAD_USER_INPUT");
      // The same values again change nothing and record nothing.
      await app.ok(UPDATE, { id: group.id, i: { name: "Sales EMEA", senderPolicy: "ANYONE" } }, acme.adminToken);

      const events = await audit(group.id, "group.update");
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actorType: "ACCOUNT",
        actorId: acme.adminId,
        targetId: group.id,
        summary: {
          before: { name: "Sales", senderPolicy: "ORGANIZATION", hiddenFromDirectory: false, description: null },
          after: { name: "Sales EMEA", senderPolicy: "ANYONE", hiddenFromDirectory: true, description: "Leads" },
        },
      });
    });

    it("deletes a group: frees its address for reuse and removes it from the groups that contained it, audited", async () => {
      const ann = await person("ann");
      const bob = await person("bob");
      const parent = await createGroup("Parent", "parent@acme.test");
      const other = await createGroup("Other", "other@acme.test");
      const gone = await createGroup("Gone", "gone@acme.test");
      await add(gone.id, [{ accountId: bob }]);
      await add(parent.id, [{ accountId: ann }]);
      await add(parent.id, [{ groupId: gone.id }]);
      await add(other.id, [{ groupId: gone.id }]);
      expect((await expansion(parent.id)).recipients.sort()).toEqual(["ann@acme.test", "bob@acme.test"]);

      const deleted = (await app.ok(DELETE, { id: gone.id }, acme.adminToken)).deleteGroup;
      expect(deleted).toEqual({ id: gone.id, name: "Gone", senderPolicy: "ORGANIZATION" });

      expect(await app.code(GROUP, { id: gone.id }, acme.adminToken)).toBe("NOT_FOUND");
      expect((await app.request(ResolveDocument, { address: "gone@acme.test" }, acme.adminToken)).resolveAddress).toBeNull();
      expect((await app.ok(AVAILABILITY, { a: "gone@acme.test" }, acme.adminToken)).addressAvailability).toEqual({
        address: "gone@acme.test",
        available: true,
        reason: null,
      });
      expect((await allMembers(parent.id)).map((m) => [m.kind, m.account?.id ?? m.group?.id])).toEqual([["ACCOUNT", ann]]);
      expect(await memberCount(parent.id)).toBe(1);
      expect(await memberCount(other.id)).toBe(0);
      expect((await expansion(parent.id)).recipients).toEqual(["ann@acme.test"]);
      const left: { n: number | string }[] = await app.db.manager.query("SELECT COUNT(*) AS n FROM group_member WHERE group_id = ? OR member_group_id = ?", [
        gone.id,
        gone.id,
      ]);
      expect(Number(left[0].n)).toBe(0);

      const reused = await createGroup("Gone again", "Gone@acme.test");
      expect(reused.id).not.toBe(gone.id);
      expect(reused.address).toBe("gone@acme.test");
      expect((await app.request(ResolveDocument, { address: "gone@acme.test" }, acme.adminToken)).resolveAddress?.group).toMatchObject({ id: reused.id });

      const [deletion] = await audit(gone.id, "group.delete");
      expect(deletion).toMatchObject({
        actorId: acme.adminId,
        targetType: "Group",
        summary: { before: { name: "Gone", senderPolicy: "ORGANIZATION", hiddenFromDirectory: false, description: null, addresses: ["gone@acme.test"] } },
      });
      for (const container of [parent.id, other.id]) {
        const [removal] = await audit(container, "group.removeMembers");
        expect(removal).toMatchObject({
          actorId: acme.adminId,
          targetType: "Group",
          targetId: container,
          summary: { removed: [`group:${gone.id}`], because: "group.delete" },
        });
      }
    });

    it("returns the deleted group as it was, address included", async () => {
      const gone = await createGroup("Gone", "gone@acme.test");
      const res = await app.gql("mutation($id: ID!) { deleteGroup(id: $id) { id name address } }", { id: gone.id }, acme.adminToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.deleteGroup).toEqual({ id: gone.id, name: "Gone", address: "gone@acme.test" });
    });
  });

  describe("owners", () => {
    it("lets a PROFESSIONAL owner manage its group's members and settings, and nothing more", async () => {
      const ann = await person("ann");
      const ownerId = await person("owner", { profile: "PROFESSIONAL", password: "owner-password-1" });
      await person("bystander", { profile: "PROFESSIONAL", password: "bystander-password-1" });
      const owner = await app.login("owner@acme.test", "owner-password-1");
      const bystander = await app.login("bystander@acme.test", "bystander-password-1");
      const mine = await createGroup("Mine", "mine@acme.test");
      const theirs = await createGroup("Theirs", "theirs@acme.test");
      await app.ok(OWNERS, { g: mine.id, a: [ownerId] }, acme.adminToken);

      // Its own group: read, members, settings.
      expect((await app.ok(GROUP, { id: mine.id }, owner)).group).toMatchObject({ id: mine.id, name: "Mine", owners: [{ id: ownerId }] });
      expect(await add(mine.id, [{ accountId: ann }, { address: "x@example.org" }], owner)).toBe(2);
      const external = (await allMembers(mine.id)).find((m) => m.kind === "EXTERNAL") as MemberNode;
      expect((await app.ok(REMOVE, { g: mine.id, ids: [external.id] }, owner)).removeGroupMembers.memberCount).toBe(1);
      expect((await app.ok(UPDATE, { id: mine.id, i: { name: "Mine, renamed", senderPolicy: "MEMBERS" } }, owner)).updateGroup).toMatchObject({
        name: "Mine, renamed",
        senderPolicy: "MEMBERS",
      });
      const byOwner = (await audit(mine.id)).filter((e) => e.actorId === ownerId).map((e) => [e.action, e.actorType]);
      expect(byOwner).toEqual([
        ["group.update", "ACCOUNT"],
        ["group.removeMembers", "ACCOUNT"],
        ["group.addMembers", "ACCOUNT"],
      ]);

      // Not its group, not its powers.
      expect(await app.code(GROUP, { id: theirs.id }, owner)).toBe("NOT_FOUND");
      expect(await app.code(ADD, { g: theirs.id, m: [{ accountId: ann }] }, owner)).toBe("FORBIDDEN");
      expect(await app.code(REMOVE, { g: theirs.id, ids: [] }, owner)).toBe("FORBIDDEN");
      expect(await app.code(UPDATE, { id: theirs.id, i: { name: "Hijacked" } }, owner)).toBe("FORBIDDEN");
      expect(await app.code(DELETE, { id: mine.id }, owner)).toBe("FORBIDDEN");
      expect(await app.code(OWNERS, { g: mine.id, a: [ownerId, ann] }, owner)).toBe("FORBIDDEN");
      expect(await app.code(CREATE, { i: { name: "New", address: "new@acme.test" } }, owner)).toBe("FORBIDDEN");

      // A professional who owns nothing does not see the group.
      expect(await app.code(GROUP, { id: mine.id }, bystander)).toBe("NOT_FOUND");
      expect(await app.code(ADD, { g: mine.id, m: [{ accountId: ann }] }, bystander)).toBe("FORBIDDEN");

      expect((await app.ok(GROUP, { id: theirs.id }, acme.adminToken)).group).toMatchObject({ name: "Theirs", memberCount: 0 });
      expect((await app.ok(GROUP, { id: mine.id }, acme.adminToken)).group).toMatchObject({ name: "Mine, renamed", memberCount: 1, owners: [{ id: ownerId }] });
    });
  });
});

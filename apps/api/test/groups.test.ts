import { dialects } from "./support/databases";
import { GroupTree } from "./support/group-tree";
import { useTestApp } from "./support/harness";
import { AddAliasDocument, AddSecondaryAddressDocument, ResolveDocument } from "./generated/graphql";

const GROUP_FIELDS = "id name description address unicodeAddress senderPolicy hiddenFromDirectory memberCount owners { id } recipients";
const CREATE = `mutation($i: CreateGroupInput!) { createGroup(input: $i) { ${GROUP_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateGroupInput!) { updateGroup(id: $id, input: $i) { ${GROUP_FIELDS} } }`;
const DELETE = "mutation($id: ID!) { deleteGroup(id: $id) { id name senderPolicy } }";
const GROUP = `query($id: ID!) { group(id: $id) { ${GROUP_FIELDS} } }`;
const GROUPS = `query($o: ID, $first: Int, $after: String, $search: String) {
  groups(organizationId: $o, first: $first, after: $after, search: $search) { totalCount edges { cursor node { id name address } } pageInfo { hasNextPage endCursor } }
}`;
const ADD = "mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id memberCount } }";
const REMOVE = "mutation($g: ID!, $ids: [ID!]!) { removeGroupMembers(groupId: $g, memberIds: $ids) { id memberCount } }";
const OWNERS = "mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id owners { id } } }";
const MEMBERS = `query($id: ID!, $first: Int, $after: String) { group(id: $id) { memberCount members(first: $first, after: $after) {
  totalCount edges { cursor node { id kind account { id } group { id } address } } pageInfo { hasNextPage endCursor } } } }`;
const EXPANSION = "query($id: ID!) { group(id: $id) { recipients expansion { recipients truncated reason trace { kind from to } } } }";
const CHECK = "query($g: String!, $s: String!) { checkSender(groupAddress: $g, sender: $s) { allowed policy reason group { id } } }";
const AVAILABILITY = "query($a: String!) { addressAvailability(address: $a) { address available reason } }";
const AUDIT = `query($o: ID!, $t: ID, $a: String) { auditEvents(organizationId: $o, targetId: $t, action: $a, first: 100) {
  edges { node { action actorType actorId targetType targetId summary } } } }`;
const CREATE_ACCOUNT = "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }";

interface Hop {
  kind: string;
  from: string;
  to: string;
}
interface MemberNode {
  id: string;
  kind: string;
  account: { id: string } | null;
  group: { id: string } | null;
  address: string | null;
}
interface AuditNode {
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  summary: Record<string, unknown>;
}

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe.each(dialects())("distribution groups (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: { orgId: string; adminId: string; adminToken: string; domain: string };
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
  });

  /** An account of Acme named after its local part ("ann" → "Ann", ann@acme.test). */
  async function person(local: string, extra: { profile?: string; password?: string; exchangeEnabled?: boolean } = {}): Promise<string> {
    return app.createAccount(acme.orgId, { displayName: local[0].toUpperCase() + local.slice(1), primaryAddress: `${local}@acme.test`, ...extra });
  }

  async function createGroup(name: string, address: string, extra: Record<string, unknown> = {}, token = acme.adminToken): Promise<{ id: string; address: string }> {
    return (await app.ok(CREATE, { i: { name, address, ...extra } }, token)).createGroup;
  }

  async function add(groupId: string, members: Record<string, string>[], token = acme.adminToken): Promise<number> {
    return (await app.ok(ADD, { g: groupId, m: members }, token)).addGroupMembers.memberCount;
  }

  async function memberCount(groupId: string): Promise<number> {
    return (await app.ok(GROUP, { id: groupId })).group.memberCount;
  }

  async function allMembers(groupId: string): Promise<MemberNode[]> {
    return (await app.ok(MEMBERS, { id: groupId, first: 100 })).group.members.edges.map((e: { node: MemberNode }) => e.node);
  }

  async function audit(targetId: string | null, action: string | null = null): Promise<AuditNode[]> {
    const data = await app.ok(AUDIT, { o: acme.orgId, t: targetId, a: action });
    return data.auditEvents.edges.map((e: { node: AuditNode }) => e.node);
  }

  async function expansion(groupId: string): Promise<{ recipients: string[]; expansion: { recipients: string[]; truncated: boolean; reason: string | null; trace: Hop[] } }> {
    return (await app.ok(EXPANSION, { id: groupId })).group;
  }

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
      expect((await app.ok(AVAILABILITY, { a: "sales@acme.test" }, acme.adminToken)).addressAvailability).toEqual({ address: "sales@acme.test", available: false, reason: "ADDRESS_TAKEN" });

      const members = (await app.ok(CREATE, { i: { name: "Board", address: "board@acme.test", senderPolicy: "MEMBERS", hiddenFromDirectory: true, description: "Directors" } }, acme.adminToken)).createGroup;
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
      expect((await app.request(AddAliasDocument, { input: { accountId: ann, address: "ann.alias@acme.test" } }, acme.adminToken)).addAlias.alias).toMatchObject({ kind: "ALIAS", status: "ACTIVE" });
      expect((await app.request(AddSecondaryAddressDocument, { input: { accountId: ann, address: "ann.old@acme.test" } }, acme.adminToken)).addSecondaryAddress).toMatchObject({ kind: "SECONDARY", status: "PENDING_PROVISIONING" });
      const team = await createGroup("Team", "team@acme.test");

      for (const taken of ["ann@acme.test", "ANN@Acme.Test", "ann.alias@acme.test", "ann.old@acme.test", "Team@acme.test", "admin@acme.test"]) {
        expect(await app.code(CREATE, { i: { name: "Clash", address: taken } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      }
      expect(await app.code(AddAliasDocument, { input: { accountId: ann, address: "TEAM@acme.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code(AddSecondaryAddressDocument, { input: { accountId: ann, address: "team@acme.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "Teamy", primaryAddress: "team@acme.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code("mutation($a: ID!, $x: String!) { setPrimaryAddress(accountId: $a, address: $x) { id } }", { a: ann, x: "team@acme.test" }, acme.adminToken)).toBe("ADDRESS_TAKEN");

      const groups = (await app.ok(GROUPS, {}, acme.adminToken)).groups;
      expect(groups.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([team.id]);
      const rows: { kind: string; n: number | string }[] = await app.db.manager.query("SELECT kind, COUNT(*) AS n FROM address WHERE address = 'team@acme.test' GROUP BY kind");
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

      expect((await app.ok(GROUPS, { o: globex.orgId })).groups.edges.map((e: { node: unknown }) => e.node)).toEqual([{ id: globexSales.id, name: "Sales", address: "sales@globex.test" }]);
      expect(await app.code(GROUPS, { o: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");
      expect((await app.ok(GROUP, { id: sales.id }, acme.adminToken)).group).toMatchObject({ id: sales.id, name: "Sales", address: "sales@acme.test" });
      expect(await app.code(GROUP, { id: globexSales.id }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(GROUP, { id: "00000000-0000-0000-0000-000000000000" }, acme.adminToken)).toBe("NOT_FOUND");
    });

    it("updates the settings and records them before and after", async () => {
      const group = await createGroup("Sales", "sales@acme.test");
      const updated = (await app.ok(UPDATE, { id: group.id, i: { name: "Sales EMEA", senderPolicy: "ANYONE", hiddenFromDirectory: true, description: "Leads" } }, acme.adminToken)).updateGroup;
      expect(updated).toMatchObject({ id: group.id, name: "Sales EMEA", senderPolicy: "ANYONE", hiddenFromDirectory: true, description: "Leads", address: "sales@acme.test" });
      expect((await app.ok(GROUP, { id: group.id }, acme.adminToken)).group).toMatchObject({ name: "Sales EMEA", senderPolicy: "ANYONE", hiddenFromDirectory: true, description: "Leads" });
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
      expect((await app.ok(AVAILABILITY, { a: "gone@acme.test" }, acme.adminToken)).addressAvailability).toEqual({ address: "gone@acme.test", available: true, reason: null });
      expect((await allMembers(parent.id)).map((m) => [m.kind, m.account?.id ?? m.group?.id])).toEqual([["ACCOUNT", ann]]);
      expect(await memberCount(parent.id)).toBe(1);
      expect(await memberCount(other.id)).toBe(0);
      expect((await expansion(parent.id)).recipients).toEqual(["ann@acme.test"]);
      const left: { n: number | string }[] = await app.db.manager.query("SELECT COUNT(*) AS n FROM group_member WHERE group_id = ? OR member_group_id = ?", [gone.id, gone.id]);
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
        expect(removal).toMatchObject({ actorId: acme.adminId, targetType: "Group", targetId: container, summary: { removed: [`group:${gone.id}`], because: "group.delete" } });
      }
    });

    it("returns the deleted group as it was, address included", async () => {
      const gone = await createGroup("Gone", "gone@acme.test");
      const res = await app.gql("mutation($id: ID!) { deleteGroup(id: $id) { id name address } }", { id: gone.id }, acme.adminToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.deleteGroup).toEqual({ id: gone.id, name: "Gone", address: "gone@acme.test" });
    });
  });

  describe("members", () => {
    it("adds accounts, groups and canonicalized external addresses in one batch", async () => {
      const ann = await person("ann");
      await app.request(AddAliasDocument, { input: { accountId: ann, address: "ann.alias@acme.test" } }, acme.adminToken);
      const bob = await person("bob");
      const group = await createGroup("All", "all@acme.test");
      const sub = await createGroup("Sub", "sub@acme.test");

      const count = await add(group.id, [{ accountId: bob }, { groupId: sub.id }, { address: "  Partner@BÜCHER.example " }, { address: "Ext.User@Example.ORG" }, { address: "Ann.Alias@ACME.test" }]);
      expect(count).toBe(5);
      const members = await allMembers(group.id);
      expect(members.map(({ kind, account, group: g, address }) => ({ kind, account, group: g, address })).sort(byJson)).toEqual(
        [
          { kind: "ACCOUNT", account: { id: bob }, group: null, address: null },
          { kind: "GROUP", account: null, group: { id: sub.id }, address: null },
          { kind: "EXTERNAL", account: null, group: null, address: "partner@xn--bcher-kva.example" },
          { kind: "EXTERNAL", account: null, group: null, address: "ext.user@example.org" },
          // An address that routes to an account of the organization is that account.
          { kind: "ACCOUNT", account: { id: ann }, group: null, address: null },
        ].sort(byJson),
      );
      expect((await app.ok("query($id: ID!) { account(id: $id) { groups { id } } }", { id: ann }, acme.adminToken)).account.groups).toEqual([{ id: group.id }]);

      const [added] = await audit(group.id, "group.addMembers");
      expect(added).toMatchObject({
        actorType: "ACCOUNT",
        actorId: acme.adminId,
        summary: { added: [`account:${bob}`, `group:${sub.id}`, "external:partner@xn--bcher-kva.example", "external:ext.user@example.org", `account:${ann}`] },
      });
    });

    it("treats adding a member twice as a no-op", async () => {
      const ann = await person("ann");
      const bob = await person("bob");
      const cat = await person("cat");
      const group = await createGroup("All", "all@acme.test");
      const sub = await createGroup("Sub", "sub@acme.test");
      expect(await add(group.id, [{ accountId: ann }, { groupId: sub.id }, { address: "partner@xn--bcher-kva.example" }, { address: "ext.user@example.org" }])).toBe(4);

      expect(await add(group.id, [{ accountId: ann }, { groupId: sub.id }, { address: "PARTNER@bücher.example" }, { address: " Ext.User@EXAMPLE.org" }, { address: "ANN@acme.test" }])).toBe(4);
      expect(await add(group.id, [{ accountId: bob }, { accountId: bob }, { address: "bob@acme.test" }])).toBe(5);
      expect(await add(group.id, [{ accountId: ann }, { accountId: cat }])).toBe(6);
      expect(await memberCount(group.id)).toBe(6);
      expect((await allMembers(group.id)).filter((m) => m.account?.id === bob)).toHaveLength(1);

      const added = (await audit(group.id, "group.addMembers")).map((e) => e.summary.added);
      expect(added).toEqual([[`account:${cat}`], [`account:${bob}`], [`account:${ann}`, `group:${sub.id}`, "external:partner@xn--bcher-kva.example", "external:ext.user@example.org"]]);
    });

    it("refuses an account or group of another organization with NOT_FOUND and adds nothing of the batch", async () => {
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const globexGroup = await createGroup("Globex team", "team@globex.test", {}, globex.adminToken);
      const ann = await person("ann");
      const bob = await person("bob");
      const group = await createGroup("All", "all@acme.test");
      await add(group.id, [{ accountId: ann }]);

      expect(await app.code(ADD, { g: group.id, m: [{ accountId: bob }, { address: "x@example.org" }, { accountId: globex.adminId }] }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(ADD, { g: group.id, m: [{ accountId: bob }, { groupId: globexGroup.id }] }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(ADD, { g: group.id, m: [{ accountId: "00000000-0000-0000-0000-000000000000" }] }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(ADD, { g: globexGroup.id, m: [{ accountId: ann }] }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(ADD, { g: group.id, m: [{ accountId: bob }, { address: "not an address" }] }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(ADD, { g: group.id, m: [{ accountId: bob, address: "x@example.org" }] }, acme.adminToken)).toBe("BAD_USER_INPUT");
      expect(await app.code(ADD, { g: group.id, m: [] }, acme.adminToken)).toBe("BAD_USER_INPUT");

      expect(await memberCount(group.id)).toBe(1);
      expect((await allMembers(group.id)).map((m) => m.account?.id)).toEqual([ann]);
      expect(await audit(group.id, "group.addMembers")).toHaveLength(1);
      expect((await app.ok(GROUP, { id: globexGroup.id })).group.memberCount).toBe(0);
    });

    it("refuses cycles of length 1, 2 and 5 with GROUP_CYCLE and adds nothing of the batch", async () => {
      const ann = await person("ann");
      const groups = [];
      for (const name of ["a", "b", "c", "d", "e"]) groups.push(await createGroup(name.toUpperCase(), `${name}@acme.test`));
      const [ga, gb, gc, gd, ge] = groups;

      // Length 1: the group itself, by id or by its address.
      expect(await app.code(ADD, { g: ga.id, m: [{ groupId: ga.id }] }, acme.adminToken)).toBe("GROUP_CYCLE");
      expect(await app.code(ADD, { g: ga.id, m: [{ accountId: ann }, { address: "A@acme.test" }] }, acme.adminToken)).toBe("GROUP_CYCLE");
      expect(await memberCount(ga.id)).toBe(0);

      // Length 2: A ∋ B, then B ∋ A.
      await add(ga.id, [{ groupId: gb.id }]);
      expect(await app.code(ADD, { g: gb.id, m: [{ accountId: ann }, { address: "friend@example.org" }, { groupId: ga.id }] }, acme.adminToken)).toBe("GROUP_CYCLE");
      expect(await memberCount(gb.id)).toBe(0);

      // Length 5: A ∋ B ∋ C ∋ D ∋ E, then E ∋ A.
      await add(gb.id, [{ groupId: gc.id }]);
      await add(gc.id, [{ groupId: gd.id }]);
      await add(gd.id, [{ groupId: ge.id }]);
      expect(await app.code(ADD, { g: ge.id, m: [{ accountId: ann }, { groupId: ga.id }] }, acme.adminToken)).toBe("GROUP_CYCLE");
      expect(await app.code(ADD, { g: ge.id, m: [{ address: "friend@example.org" }, { address: "b@acme.test" }] }, acme.adminToken)).toBe("GROUP_CYCLE");
      expect(await memberCount(ge.id)).toBe(0);
      expect((await expansion(ga.id)).recipients).toEqual([]);

      // Two paths to one group are not a cycle.
      expect(await add(ga.id, [{ groupId: ge.id }, { accountId: ann }])).toBe(3);
      expect(await add(ge.id, [{ accountId: ann }])).toBe(1);
      expect((await expansion(ga.id)).recipients).toEqual(["ann@acme.test"]);

      const added = await audit(null, "group.addMembers");
      expect(added.map((ev) => ev.targetId)).toEqual([ge.id, ga.id, gd.id, gc.id, gb.id, ga.id]);
    });

    it("removes members by membership id and records those removed", async () => {
      const ann = await person("ann");
      const bob = await person("bob");
      const group = await createGroup("All", "all@acme.test");
      const other = await createGroup("Other", "other@acme.test");
      const sub = await createGroup("Sub", "sub@acme.test");
      await add(group.id, [{ accountId: ann }, { groupId: sub.id }, { address: "x@example.org" }, { accountId: bob }]);
      await add(other.id, [{ accountId: ann }]);
      const members = await allMembers(group.id);
      const idOf = (pred: (m: MemberNode) => boolean) => (members.find(pred) as MemberNode).id;
      const [otherMembership] = await allMembers(other.id);

      const count = (await app.ok(REMOVE, { g: group.id, ids: [idOf((m) => m.account?.id === ann), idOf((m) => m.address === "x@example.org"), otherMembership.id] }, acme.adminToken)).removeGroupMembers.memberCount;
      expect(count).toBe(2);
      expect((await allMembers(group.id)).map((m) => m.account?.id ?? m.group?.id).sort()).toEqual([bob, sub.id].sort());
      expect(await memberCount(other.id)).toBe(1);
      expect((await expansion(group.id)).recipients).toEqual(["bob@acme.test"]);

      // Unknown ids change nothing and record nothing.
      expect((await app.ok(REMOVE, { g: group.id, ids: ["00000000-0000-0000-0000-000000000000"] }, acme.adminToken)).removeGroupMembers.memberCount).toBe(2);
      const removals = await audit(group.id, "group.removeMembers");
      expect(removals).toHaveLength(1);
      expect(removals[0]).toMatchObject({ actorId: acme.adminId, targetId: group.id });
      expect((removals[0].summary.removed as string[]).sort()).toEqual([`account:${ann}`, "external:x@example.org"].sort());
    });

    it("sets the owners, replacing the previous ones, audited", async () => {
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const pat = await person("pat");
      const quinn = await person("quinn");
      const group = await createGroup("All", "all@acme.test");

      const ids = (owners: { id: string }[]) => owners.map((o) => o.id).sort();
      expect(ids((await app.ok(OWNERS, { g: group.id, a: [pat, quinn, pat] }, acme.adminToken)).setGroupOwners.owners)).toEqual([pat, quinn].sort());
      expect(ids((await app.ok(OWNERS, { g: group.id, a: [quinn] }, acme.adminToken)).setGroupOwners.owners)).toEqual([quinn]);
      expect(await app.code(OWNERS, { g: group.id, a: [pat, globex.adminId] }, acme.adminToken)).toBe("NOT_FOUND");
      expect(ids((await app.ok(GROUP, { id: group.id }, acme.adminToken)).group.owners)).toEqual([quinn]);
      expect((await app.ok(OWNERS, { g: group.id, a: [] }, acme.adminToken)).setGroupOwners.owners).toEqual([]);

      const events = (await audit(group.id, "group.setOwners")).reverse();
      expect(events.map((e) => e.summary)).toEqual([
        { before: { owners: [] }, after: { owners: [pat, quinn].sort() } },
        { before: { owners: [pat, quinn].sort() }, after: { owners: [quinn] } },
        { before: { owners: [quinn] }, after: { owners: [] } },
      ]);
    });

    it("paginates members with first/after and counts them", async () => {
      const accounts = [];
      for (const name of ["ann", "bob", "cat", "dan", "eve"]) accounts.push(await person(name));
      const group = await createGroup("All", "all@acme.test");
      const sub = await createGroup("Sub", "sub@acme.test");
      await add(group.id, [...accounts.map((accountId) => ({ accountId })), { groupId: sub.id }, { address: "x@example.org" }]);

      const seen: MemberNode[] = [];
      let after: string | null = null;
      const sizes: number[] = [];
      for (;;) {
        const data: { group: { memberCount: number; members: { totalCount: number; edges: { node: MemberNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } = await app.ok(MEMBERS, { id: group.id, first: 3, after }, acme.adminToken);
        expect(data.group.memberCount).toBe(7);
        expect(data.group.members.totalCount).toBe(7);
        sizes.push(data.group.members.edges.length);
        seen.push(...data.group.members.edges.map((e) => e.node));
        if (!data.group.members.pageInfo.hasNextPage) break;
        after = data.group.members.pageInfo.endCursor;
      }
      expect(sizes).toEqual([3, 3, 1]);
      expect(new Set(seen.map((m) => m.id)).size).toBe(7);
      expect(seen.map((m) => m.id)).toEqual((await allMembers(group.id)).map((m) => m.id));
      expect(seen.filter((m) => m.kind === "ACCOUNT").map((m) => m.account?.id).sort()).toEqual([...accounts].sort());
      expect(seen.filter((m) => m.kind === "GROUP").map((m) => m.group?.id)).toEqual([sub.id]);
      expect(seen.filter((m) => m.kind === "EXTERNAL").map((m) => m.address)).toEqual(["x@example.org"]);
      expect(await app.code(MEMBERS, { id: group.id, first: 101 }, acme.adminToken)).toBe("BAD_USER_INPUT");
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
      expect((await app.ok(UPDATE, { id: mine.id, i: { name: "Mine, renamed", senderPolicy: "MEMBERS" } }, owner)).updateGroup).toMatchObject({ name: "Mine, renamed", senderPolicy: "MEMBERS" });
      const byOwner = (await audit(mine.id)).filter((e) => e.actorId === ownerId).map((e) => [e.action, e.actorType]);
      expect(byOwner).toEqual([["group.update", "ACCOUNT"], ["group.removeMembers", "ACCOUNT"], ["group.addMembers", "ACCOUNT"]]);

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

  describe("expansion", () => {
    /** All ∋ bob, Eng, partner, Ops, ann; Eng ∋ cat, Core; Ops ∋ Core, dan, ext.user; Core ∋ eve, cat. */
    async function diamond() {
      const ids: Record<string, string> = {};
      for (const name of ["ann", "bob", "cat", "dan", "eve"]) ids[name] = await person(name);
      const all = await createGroup("All", "all@acme.test");
      const eng = await createGroup("Eng", "eng@acme.test");
      const ops = await createGroup("Ops", "ops@acme.test");
      const core = await createGroup("Core", "core@acme.test");
      await add(core.id, [{ accountId: ids.eve }, { accountId: ids.cat }]);
      await add(eng.id, [{ accountId: ids.cat }, { groupId: core.id }]);
      await add(ops.id, [{ groupId: core.id }, { accountId: ids.dan }, { address: "Ext.User@Example.ORG" }]);
      await add(all.id, [{ accountId: ids.bob }, { groupId: eng.id }, { address: "partner@BÜCHER.example" }, { groupId: ops.id }, { accountId: ids.ann }]);
      return { ids, all, eng, ops, core };
    }

    const DIAMOND_RECIPIENTS = ["bob@acme.test", "partner@xn--bcher-kva.example", "ann@acme.test", "cat@acme.test", "dan@acme.test", "ext.user@example.org", "eve@acme.test"];
    const DIAMOND_TRACE: Hop[] = [
      { kind: "MAILBOX", from: "All", to: "bob@acme.test" },
      { kind: "GROUP_MEMBER", from: "All", to: "Eng" },
      { kind: "EXTERNAL", from: "All", to: "partner@xn--bcher-kva.example" },
      { kind: "GROUP_MEMBER", from: "All", to: "Ops" },
      { kind: "MAILBOX", from: "All", to: "ann@acme.test" },
      { kind: "MAILBOX", from: "Eng", to: "cat@acme.test" },
      { kind: "GROUP_MEMBER", from: "Eng", to: "Core" },
      { kind: "MAILBOX", from: "Ops", to: "dan@acme.test" },
      { kind: "EXTERNAL", from: "Ops", to: "ext.user@example.org" },
      { kind: "MAILBOX", from: "Core", to: "eve@acme.test" },
    ];

    it("delivers once over two paths, mixes accounts and external addresses, and traces every hop", async () => {
      const { all } = await diamond();
      const group = await expansion(all.id);
      expect([...group.recipients].sort()).toEqual([...DIAMOND_RECIPIENTS].sort());
      expect(group.expansion.recipients).toEqual(group.recipients);
      expect(group.expansion.truncated).toBe(false);
      expect(group.expansion.reason).toBeNull();
      // Core is expanded once, reached through Eng or Ops, whichever comes first.
      const toCore = group.expansion.trace.filter((h) => h.to === "Core");
      expect(toCore).toHaveLength(1);
      expect(["Eng", "Ops"]).toContain(toCore[0].from);
      const others = (trace: Hop[]) => trace.filter((h) => h.to !== "Core").sort(byJson);
      expect(others(group.expansion.trace)).toEqual(others(DIAMOND_TRACE));

      const resolved = (await app.request(ResolveDocument, { address: "All@acme.test" }, acme.adminToken)).resolveAddress!;
      expect(resolved).toMatchObject({ address: "all@acme.test", kind: "GROUP", group: { id: all.id }, truncated: false, sender: null });
      expect(resolved.deliverTo).toEqual(group.recipients);
      expect(resolved.trace[0]).toEqual({ kind: "ADDRESS", from: "all@acme.test", to: "All" });
      expect(resolved.trace.slice(1)).toEqual(group.expansion.trace);
      // A nested group's own address expands from there.
      expect(((await app.request(ResolveDocument, { address: "eng@acme.test" }, acme.adminToken)).resolveAddress?.deliverTo as string[]).sort()).toEqual(["cat@acme.test", "eve@acme.test"]);
    });

    it("orders recipients level by level, then in the order members were added, the same on every call", async () => {
      const { all } = await diamond();
      for (let i = 0; i < 3; i++) {
        const group = await expansion(all.id);
        expect(group.recipients).toEqual(DIAMOND_RECIPIENTS);
        expect(group.expansion.trace).toEqual(DIAMOND_TRACE);
        expect((await app.request(ResolveDocument, { address: "all@acme.test" }, acme.adminToken)).resolveAddress?.deliverTo).toEqual(DIAMOND_RECIPIENTS);
      }

      // Members added one batch after another, and several in one batch.
      const names = ["kim", "lee", "max", "ned", "oli", "pia", "quy", "rex"];
      const ids: Record<string, string> = {};
      for (const name of names) ids[name] = await person(name);
      const ordered = await createGroup("Ordered", "ordered@acme.test");
      const inner = await createGroup("Inner", "inner@acme.test");
      await add(inner.id, [{ accountId: ids.rex }, { accountId: ids.kim }]);
      await add(ordered.id, [{ accountId: ids.quy }, { groupId: inner.id }, { address: "zz@outside.example" }, { accountId: ids.lee }]);
      await add(ordered.id, [{ accountId: ids.pia }]);
      await add(ordered.id, [{ accountId: ids.max }, { address: "aa@outside.example" }, { accountId: ids.oli }, { accountId: ids.ned }]);
      const expected = ["quy", "zz@outside.example", "lee", "pia", "max", "aa@outside.example", "oli", "ned", "rex", "kim"].map((n) => (n.includes("@") ? n : `${n}@acme.test`));
      for (let i = 0; i < 3; i++) expect((await expansion(ordered.id)).recipients).toEqual(expected);
    });

    it("skips a disabled or offboarded member but keeps its membership", async () => {
      const ann = await person("ann");
      const bob = await person("bob");
      const cat = await person("cat");
      const dan = await person("dan");
      const eve = await person("eve");
      const group = await createGroup("All", "all@acme.test");
      const sub = await createGroup("Sub", "sub@acme.test");
      await add(sub.id, [{ accountId: eve }]);
      await add(group.id, [{ accountId: ann }, { accountId: bob }, { accountId: cat }, { groupId: sub.id }]);

      await app.ok("mutation($i: ID!) { disableAccount(id: $i) { status } }", { i: bob }, acme.adminToken);
      await app.ok("mutation($i: ID!) { disableAccount(id: $i) { status } }", { i: eve }, acme.adminToken);
      let result = await expansion(group.id);
      expect([...result.recipients].sort()).toEqual(["ann@acme.test", "cat@acme.test"]);
      expect(result.expansion.trace.filter((h) => h.kind === "SKIPPED_DISABLED").sort(byJson)).toEqual([
        { kind: "SKIPPED_DISABLED", from: "All", to: "bob@acme.test" },
        { kind: "SKIPPED_DISABLED", from: "Sub", to: "eve@acme.test" },
      ]);
      expect(result.expansion.trace.filter((h) => h.kind === "MAILBOX").map((h) => h.to).sort()).toEqual(["ann@acme.test", "cat@acme.test"]);
      expect(await memberCount(group.id)).toBe(4);
      expect((await allMembers(group.id)).some((m) => m.account?.id === bob)).toBe(true);
      expect(((await app.request(ResolveDocument, { address: "all@acme.test" }, acme.adminToken)).resolveAddress?.deliverTo as string[]).sort()).toEqual(["ann@acme.test", "cat@acme.test"]);

      await app.ok("mutation($i: ID!) { enableAccount(id: $i) { status } }", { i: bob }, acme.adminToken);
      expect([...(await expansion(group.id)).recipients].sort()).toEqual(["ann@acme.test", "bob@acme.test", "cat@acme.test"]);

      // Offboarded: disabled, its addresses now a colleague's who is not a member.
      const off = await app.ok("mutation($i: OffboardAccountInput!) { offboardAccount(input: $i) { leaver { status primaryAddress { address } } } }", { i: { accountId: cat, transferToAccountId: dan } }, acme.adminToken);
      expect(off.offboardAccount.leaver).toEqual({ status: "DISABLED", primaryAddress: null });
      result = await expansion(group.id);
      expect([...result.recipients].sort()).toEqual(["ann@acme.test", "bob@acme.test"]);
      expect(result.expansion.trace.filter((h) => h.kind === "SKIPPED_DISABLED").sort(byJson)).toEqual([
        // The leaver's addresses are now the colleague's: the hop names the account by its display name, as other hops do.
        { kind: "SKIPPED_DISABLED", from: "All", to: "Cat" },
        { kind: "SKIPPED_DISABLED", from: "Sub", to: "eve@acme.test" },
      ]);
      expect(await memberCount(group.id)).toBe(4);
      expect((await allMembers(group.id)).some((m) => m.account?.id === cat)).toBe(true);
    });

    it("stops past 10 levels of nesting with truncated, a reason and a LIMIT_REACHED hop, not an error", async () => {
      const levels: { id: string }[] = [];
      const accounts: string[] = [];
      for (let i = 0; i <= 10; i++) {
        levels.push(await createGroup(`Level ${i}`, `level${i}@acme.test`));
        accounts.push(await person(`member${i}`));
      }
      // Level i holds member i (reached at depth i + 1) and level i + 1.
      for (let i = 0; i < 9; i++) await add(levels[i].id, [{ accountId: accounts[i] }, { groupId: levels[i + 1].id }]);
      await add(levels[9].id, [{ accountId: accounts[9] }]);
      const ten = Array.from({ length: 10 }, (_, i) => `member${i}@acme.test`);

      let result = await expansion(levels[0].id);
      expect(result.recipients).toEqual(ten);
      expect(result.expansion).toMatchObject({ truncated: false, reason: null });
      expect(result.expansion.trace.filter((h) => h.kind === "LIMIT_REACHED")).toEqual([]);

      await add(levels[9].id, [{ groupId: levels[10].id }]);
      await add(levels[10].id, [{ accountId: accounts[10] }]);
      result = await expansion(levels[0].id);
      expect(result.recipients).toEqual(ten);
      expect(result.expansion.truncated).toBe(true);
      expect(result.expansion.reason).toMatch(/10 levels/);
      expect(result.expansion.trace[result.expansion.trace.length - 1]).toEqual({ kind: "LIMIT_REACHED", from: "Level 0", to: "" });
      expect(result.expansion.trace.filter((h) => h.kind === "GROUP_MEMBER")).toHaveLength(10);

      const resolved = (await app.request(ResolveDocument, { address: "level0@acme.test" }, acme.adminToken)).resolveAddress!;
      expect(resolved.truncated).toBe(true);
      expect(resolved.deliverTo).toEqual(ten);
      expect(resolved.trace[resolved.trace.length - 1]).toEqual({ kind: "LIMIT_REACHED", from: "Level 0", to: "" });
      // One level down, the whole chain fits.
      const fromOne = (await app.request(ResolveDocument, { address: "level1@acme.test" }, acme.adminToken)).resolveAddress!;
      expect(fromOne.truncated).toBe(false);
      expect(fromOne.deliverTo).toEqual(Array.from({ length: 10 }, (_, i) => `member${i + 1}@acme.test`));
    });
  });

  describe("expansion follows every change to what its members deliver to", () => {
    const SET_PRIMARY = "mutation($a: ID!, $x: String!) { setPrimaryAddress(accountId: $a, address: $x) { id } }";
    const DISABLE = "mutation($i: ID!) { disableAccount(id: $i) { status } }";
    const ENABLE = "mutation($i: ID!) { enableAccount(id: $i) { status } }";
    const OFFBOARD = "mutation($i: OffboardAccountInput!) { offboardAccount(input: $i) { leaver { status primaryAddress { address } } } }";
    const CHANGE_DOMAIN = "mutation($i: ChangeDomainInput!) { changeDomain(input: $i) { changed } }";

    const deliverTo = async (address: string): Promise<string[]> => (await app.request(ResolveDocument, { address }, acme.adminToken)).resolveAddress!.deliverTo;
    const skipped = (trace: Hop[]) => trace.filter((h) => h.kind === "SKIPPED_DISABLED");
    const stored = async (accountId: string): Promise<{ mailbox: string | null; deliverable: number }[]> =>
      (await app.db.manager.query("SELECT mailbox, deliverable FROM group_member WHERE member_account_id = ? ORDER BY group_id", [accountId])).map((r: { mailbox: string | null; deliverable: unknown }) => ({
        mailbox: r.mailbox,
        deliverable: Number(r.deliverable),
      }));

    it("delivers to the new primary address from the commit of setPrimaryAddress on", async () => {
      const ann = await person("ann");
      const bob = await person("bob");
      const cat = await person("cat");
      await app.request(AddAliasDocument, { input: { accountId: cat, address: "cathy@acme.test" } }, acme.adminToken);
      const team = await createGroup("Team", "team@acme.test");
      const inner = await createGroup("Inner", "inner@acme.test");
      await add(inner.id, [{ accountId: cat }]);
      await add(team.id, [{ accountId: ann }, { groupId: inner.id }, { address: "partner@example.org" }, { accountId: bob }]);
      expect((await expansion(team.id)).recipients).toEqual(["ann@acme.test", "partner@example.org", "bob@acme.test", "cat@acme.test"]);

      // A new address becomes the primary.
      await app.ok(SET_PRIMARY, { a: ann, x: "Ann.Smith@ACME.test" }, acme.adminToken);
      let result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann.smith@acme.test", "partner@example.org", "bob@acme.test", "cat@acme.test"]);
      expect(result.expansion.trace.filter((h) => h.kind === "MAILBOX")[0]).toEqual({ kind: "MAILBOX", from: "Team", to: "ann.smith@acme.test" });
      // One of the account's aliases becomes the primary, in a nested group.
      await app.ok(SET_PRIMARY, { a: cat, x: "cathy@acme.test" }, acme.adminToken);
      result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann.smith@acme.test", "partner@example.org", "bob@acme.test", "cathy@acme.test"]);
      expect(result.expansion.trace.at(-1)).toEqual({ kind: "MAILBOX", from: "Inner", to: "cathy@acme.test" });
      expect(await deliverTo("team@acme.test")).toEqual(["ann.smith@acme.test", "partner@example.org", "bob@acme.test", "cathy@acme.test"]);
      // And back: the old primary, kept as a secondary, is the mailbox again.
      await app.ok(SET_PRIMARY, { a: ann, x: "ann@acme.test" }, acme.adminToken);
      expect((await expansion(team.id)).recipients).toEqual(["ann@acme.test", "partner@example.org", "bob@acme.test", "cathy@acme.test"]);
      expect(await stored(ann)).toEqual([{ mailbox: "ann@acme.test", deliverable: 1 }]);
    });

    it("stops delivering to a disabled member and resumes when it is enabled, at the primary it has then", async () => {
      const ann = await person("ann");
      const bob = await person("bob");
      const cat = await person("cat");
      const dan = await person("dan");
      const team = await createGroup("Team", "team@acme.test");
      const inner = await createGroup("Inner", "inner@acme.test");
      await add(inner.id, [{ accountId: bob }, { accountId: dan }]);
      await add(team.id, [{ accountId: ann }, { accountId: bob }, { groupId: inner.id }, { accountId: cat }]);
      expect((await expansion(team.id)).recipients).toEqual(["ann@acme.test", "bob@acme.test", "cat@acme.test", "dan@acme.test"]);

      await app.ok(DISABLE, { i: bob }, acme.adminToken);
      let result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann@acme.test", "cat@acme.test", "dan@acme.test"]);
      expect(skipped(result.expansion.trace)).toEqual([
        { kind: "SKIPPED_DISABLED", from: "Team", to: "bob@acme.test" },
        { kind: "SKIPPED_DISABLED", from: "Inner", to: "bob@acme.test" },
      ]);
      expect(await stored(bob)).toEqual([
        { mailbox: "bob@acme.test", deliverable: 0 },
        { mailbox: "bob@acme.test", deliverable: 0 },
      ]);
      // A new primary while disabled: still not delivered, and the hop names it.
      await app.ok(SET_PRIMARY, { a: bob, x: "robert@acme.test" }, acme.adminToken);
      result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann@acme.test", "cat@acme.test", "dan@acme.test"]);
      expect(skipped(result.expansion.trace).map((h) => h.to)).toEqual(["robert@acme.test", "robert@acme.test"]);

      await app.ok(ENABLE, { i: bob }, acme.adminToken);
      result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann@acme.test", "robert@acme.test", "cat@acme.test", "dan@acme.test"]);
      expect(skipped(result.expansion.trace)).toEqual([]);
      expect(await deliverTo("inner@acme.test")).toEqual(["robert@acme.test", "dan@acme.test"]);
    });

    it("drops an offboarded member's mailbox while the colleague who received its addresses keeps their own", async () => {
      const ann = await person("ann");
      const dan = await person("dan");
      const team = await createGroup("Team", "team@acme.test");
      await add(team.id, [{ accountId: ann }, { address: "partner@example.org" }, { accountId: dan }]);

      const off = (await app.ok(OFFBOARD, { i: { accountId: ann, transferToAccountId: dan } }, acme.adminToken)).offboardAccount;
      expect(off.leaver).toEqual({ status: "DISABLED", primaryAddress: null });
      const result = await expansion(team.id);
      expect(result.recipients).toEqual(["partner@example.org", "dan@acme.test"]);
      // Without a primary the hop names the account by its display name, never its id.
      expect(skipped(result.expansion.trace)).toEqual([{ kind: "SKIPPED_DISABLED", from: "Team", to: "Ann" }]);
      expect(await stored(ann)).toEqual([{ mailbox: null, deliverable: 0 }]);
      expect(await stored(dan)).toEqual([{ mailbox: "dan@acme.test", deliverable: 1 }]);
      // ann@ is now one of dan's secondaries: mail to it reaches dan's mailbox, once.
      expect(await deliverTo("ann@acme.test")).toEqual(["dan@acme.test"]);

      // Back from leave: a primary first, then enabled.
      await app.ok(SET_PRIMARY, { a: ann, x: "ann.back@acme.test" }, acme.adminToken);
      expect((await expansion(team.id)).recipients).toEqual(["partner@example.org", "dan@acme.test"]);
      await app.ok(ENABLE, { i: ann }, acme.adminToken);
      expect((await expansion(team.id)).recipients).toEqual(["ann.back@acme.test", "partner@example.org", "dan@acme.test"]);
    });

    it("records at insert what a new member delivers to: disabled and offboarded accounts are skipped from the start", async () => {
      const ann = await person("ann");
      const dan = await person("dan");
      const eve = await person("eve");
      await app.ok(DISABLE, { i: eve }, acme.adminToken);
      await app.ok(OFFBOARD, { i: { accountId: ann, transferToAccountId: dan } }, acme.adminToken);
      const team = await createGroup("Team", "team@acme.test");
      // ann@ now routes to dan, so adding it by address adds dan.
      await add(team.id, [{ accountId: eve }, { accountId: ann }, { address: "ANN@acme.test" }, { address: "Partner@Example.org" }]);

      expect((await allMembers(team.id)).map((m) => m.account?.id ?? m.address)).toEqual([eve, ann, dan, "partner@example.org"]);
      const result = await expansion(team.id);
      expect(result.recipients).toEqual(["dan@acme.test", "partner@example.org"]);
      expect(skipped(result.expansion.trace)).toEqual([
        { kind: "SKIPPED_DISABLED", from: "Team", to: "eve@acme.test" },
        { kind: "SKIPPED_DISABLED", from: "Team", to: "Ann" },
      ]);
      const rows: { mailbox: string | null; deliverable: unknown; member_group_name: string | null }[] = await app.db.manager.query(
        "SELECT mailbox, deliverable, member_group_name FROM group_member WHERE group_id = ? ORDER BY created_at, id",
        [team.id],
      );
      expect(rows.map((r) => [r.mailbox, Number(r.deliverable), r.member_group_name])).toEqual([
        ["eve@acme.test", 0, null],
        [null, 0, null],
        ["dan@acme.test", 1, null],
        ["partner@example.org", 1, null],
      ]);
    });

    it("moves a group's member recipients to the new domain with changeDomain", async () => {
      await app.verifiedDomain(acme.orgId, "acme.example");
      const ann = await person("ann");
      const bob = await person("bob");
      const dis = await person("dis");
      const eve = await app.createAccount(acme.orgId, { displayName: "Eve", primaryAddress: "eve@acme.example" });
      await app.ok(DISABLE, { i: dis }, acme.adminToken);
      const team = await createGroup("Team", "team@acme.test");
      const inner = await createGroup("Inner", "inner@acme.test");
      await add(inner.id, [{ accountId: bob }]);
      // An external member on the old domain is an address, not an account's primary: it stays.
      await add(team.id, [{ accountId: ann }, { groupId: inner.id }, { address: "nobody@acme.test" }, { accountId: eve }, { accountId: dis }, { address: "partner@example.org" }]);
      expect((await expansion(team.id)).recipients).toEqual(["ann@acme.test", "nobody@acme.test", "eve@acme.example", "partner@example.org", "bob@acme.test"]);

      expect((await app.ok(CHANGE_DOMAIN, { i: { from: "acme.test", to: "acme.example" } }, acme.adminToken)).changeDomain.changed).toBe(6); // admin, ann, bob, dis and the two groups
      const moved = ["ann@acme.example", "nobody@acme.test", "eve@acme.example", "partner@example.org", "bob@acme.example"];
      const result = await expansion(team.id);
      expect(result.recipients).toEqual(moved);
      expect(skipped(result.expansion.trace)).toEqual([{ kind: "SKIPPED_DISABLED", from: "Team", to: "dis@acme.example" }]);
      expect(await stored(dis)).toEqual([{ mailbox: "dis@acme.example", deliverable: 0 }]);
      // The group's own address moved too; the old one still delivers.
      expect(await deliverTo("team@acme.example")).toEqual(moved);
      expect(await deliverTo("team@acme.test")).toEqual(moved);
    });

    it("names a renamed nested group in the trace", async () => {
      const ann = await person("ann");
      const team = await createGroup("Team", "team@acme.test");
      const inner = await createGroup("Inner", "inner@acme.test");
      const other = await createGroup("Other", "other@acme.test");
      await add(inner.id, [{ accountId: ann }]);
      await add(team.id, [{ groupId: inner.id }]);
      // Added by its address: the same group, named the same.
      await add(other.id, [{ address: "INNER@acme.test" }]);
      expect((await expansion(other.id)).expansion.trace[0]).toEqual({ kind: "GROUP_MEMBER", from: "Other", to: "Inner" });

      await app.ok(UPDATE, { id: inner.id, i: { name: "Inner Circle" } }, acme.adminToken);
      expect((await expansion(team.id)).expansion.trace).toEqual([
        { kind: "GROUP_MEMBER", from: "Team", to: "Inner Circle" },
        { kind: "MAILBOX", from: "Inner Circle", to: "ann@acme.test" },
      ]);
      expect((await expansion(other.id)).expansion.trace[0]).toEqual({ kind: "GROUP_MEMBER", from: "Other", to: "Inner Circle" });
      // Other settings leave the name alone.
      await app.ok(UPDATE, { id: inner.id, i: { senderPolicy: "ANYONE" } }, acme.adminToken);
      const names: { member_group_name: string }[] = await app.db.manager.query("SELECT member_group_name FROM group_member WHERE member_group_id = ?", [inner.id]);
      expect(names.map((n) => n.member_group_name)).toEqual(["Inner Circle", "Inner Circle"]);
    });
  });

  describe("a tree of 10,000 recipients", () => {
    it("expands five levels in at most 6 statements, each recipient exactly once, in BFS order", async () => {
      const tree = await GroupTree.seedTenThousand(app.db, acme.orgId, acme.domain);
      const expected = tree.expected();
      expect(expected.levels).toBe(5);
      expect(expected.recipients).toHaveLength(10_000);

      const before = app.db.counter.count;
      const result = await app.services.expansion.expand({ id: tree.rootId, name: tree.rootName });
      const statements = app.db.counter.count - before;
      expect(statements).toBeLessThanOrEqual(6);
      expect(result.truncated).toBe(false);
      expect(result.reason).toBeNull();
      expect(result.recipients).toHaveLength(10_000);
      expect(new Set(result.recipients).size).toBe(10_000);
      expect(result.recipients).toEqual(expected.recipients);
      expect(result.trace.filter((h) => h.kind === "GROUP_MEMBER")).toHaveLength(624);

      const resolved = (await app.ok("query($a: String!) { resolveAddress(address: $a) { kind deliverTo truncated } }", { a: tree.rootAddress }, acme.adminToken)).resolveAddress;
      expect(resolved.kind).toBe("GROUP");
      expect(resolved.truncated).toBe(false);
      expect(resolved.deliverTo).toHaveLength(10_000);
      expect(resolved.deliverTo).toEqual(expected.recipients);
      const group = (await app.ok("query($id: ID!) { group(id: $id) { memberCount recipients } }", { id: tree.rootId }, acme.adminToken)).group;
      expect(group.memberCount).toBe(5);
      expect(group.recipients).toEqual(expected.recipients);
    });

    it("moves all 10,000 recipients with one changeDomain, in the same order", async () => {
      const tree = await GroupTree.seedTenThousand(app.db, acme.orgId, acme.domain);
      await app.verifiedDomain(acme.orgId, "acme.example");
      const expected = tree.expected().recipients.map((a) => a.replace(/@acme\.test$/, "@acme.example"));
      expect(expected.filter((a) => a.endsWith("@acme.example"))).toHaveLength(9_900);

      const changed = (await app.ok("mutation($i: ChangeDomainInput!) { changeDomain(input: $i) { changed } }", { i: { from: "acme.test", to: "acme.example" } }, acme.adminToken)).changeDomain.changed;
      // 9,900 members and the admin, and the 625 groups' addresses.
      expect(changed).toBe(10_526);
      const result = await app.services.expansion.expand({ id: tree.rootId, name: tree.rootName });
      expect(result.truncated).toBe(false);
      expect(result.recipients).toEqual(expected);
    });

    it("truncates past 10,000 recipients with a reason and a LIMIT_REACHED hop", async () => {
      const tree = await GroupTree.seedTenThousand(app.db, acme.orgId, acme.domain);
      const tenThousand = tree.expected().recipients;
      const lastGroup = tree.expected().lastLevel.at(-1) as string;
      const extra = await tree.addNewAccount(lastGroup);
      expect(tree.expected().recipients).toHaveLength(10_001);

      const result = await app.services.expansion.expand({ id: tree.rootId, name: tree.rootName });
      expect(result.truncated).toBe(true);
      expect(result.reason).toMatch(/10000 recipients/);
      expect(result.recipients).toEqual(tenThousand);
      expect(result.recipients).not.toContain(extra);
      expect(result.trace[result.trace.length - 1]).toMatchObject({ kind: "LIMIT_REACHED", from: tree.rootName, to: "" });

      const resolved = (await app.ok("query($a: String!) { resolveAddress(address: $a) { deliverTo truncated } }", { a: tree.rootAddress }, acme.adminToken)).resolveAddress;
      expect(resolved.truncated).toBe(true);
      expect(resolved.deliverTo).toHaveLength(10_000);
      const expansionOverHttp = (await app.ok("query($id: ID!) { group(id: $id) { expansion { truncated reason } } }", { id: tree.rootId }, acme.adminToken)).group.expansion;
      expect(expansionOverHttp).toEqual({ truncated: true, reason: result.reason });
    });

    it("does not truncate exactly 10,000 recipients when a duplicate or a disabled member comes last", async () => {
      const tree = await GroupTree.seedTenThousand(app.db, acme.orgId, acme.domain);
      const tenThousand = tree.expected().recipients;
      const lastGroup = tree.expected().lastLevel.at(-1) as string;
      await tree.addExistingAccount(lastGroup, tenThousand.find((a) => a.startsWith("person")) as string);
      await tree.addNewAccount(lastGroup, false);
      expect(tree.expected().recipients).toEqual(tenThousand);

      const result = await app.services.expansion.expand({ id: tree.rootId, name: tree.rootName });
      expect(result.recipients).toEqual(tenThousand);
      expect(result.truncated).toBe(false);
      expect(result.reason).toBeNull();
    });
  });

  describe("sender policy", () => {
    const SENDERS = {
      internal: "other@acme.test",
      member: "mem@acme.test",
      memberAlias: "Mem.Alias@ACME.test",
      nested: "nest@acme.test",
      external: "partner@example.org",
      outside: "stranger@gmail.com",
    };
    const EXPECTED: Record<string, Record<keyof typeof SENDERS, boolean>> = {
      ANYONE: { internal: true, member: true, memberAlias: true, nested: true, external: true, outside: true },
      ORGANIZATION: { internal: true, member: true, memberAlias: true, nested: true, external: true, outside: false },
      MEMBERS: { internal: false, member: true, memberAlias: true, nested: true, external: true, outside: false },
    };

    async function policyGroup(): Promise<{ id: string }> {
      await person("other");
      const mem = await person("mem");
      await app.request(AddAliasDocument, { input: { accountId: mem, address: "mem.alias@acme.test" } }, acme.adminToken);
      const nest = await person("nest");
      const group = await createGroup("Policy", "policy@acme.test");
      const nested = await createGroup("Nested", "nested@acme.test");
      await add(nested.id, [{ accountId: nest }]);
      await add(group.id, [{ accountId: mem }, { groupId: nested.id }, { address: "Partner@Example.ORG" }]);
      return group;
    }

    it.each(Object.keys(EXPECTED))("%s: checkSender and resolveAddress(address, sender) agree on who may send", async (policy) => {
      const group = await policyGroup();
      expect((await app.ok(UPDATE, { id: group.id, i: { senderPolicy: policy } }, acme.adminToken)).updateGroup.senderPolicy).toBe(policy);

      const viaCheck: Record<string, boolean> = {};
      const viaResolve: Record<string, boolean> = {};
      for (const [who, sender] of Object.entries(SENDERS)) {
        const check = (await app.ok(CHECK, { g: "policy@acme.test", s: sender }, acme.adminToken)).checkSender;
        expect(check).toMatchObject({ policy, group: { id: group.id } });
        expect(check.reason.length).toBeGreaterThan(0);
        viaCheck[who] = check.allowed;
        const resolved = (await app.request(ResolveDocument, { address: "Policy@acme.test", sender: sender }, acme.adminToken)).resolveAddress!;
        expect(resolved.sender).toEqual({ allowed: check.allowed, policy, reason: check.reason });
        viaResolve[who] = resolved.sender!.allowed;
      }
      expect(viaCheck).toEqual(EXPECTED[policy]);
      expect(viaResolve).toEqual(EXPECTED[policy]);
    });

    it("answers checkSender with null for an address that is not a group the caller can see", async () => {
      await policyGroup();
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      await createGroup("Globex all", "all@globex.test", {}, globex.adminToken);
      expect((await app.ok(CHECK, { g: "mem@acme.test", s: "other@acme.test" }, acme.adminToken)).checkSender).toBeNull();
      expect((await app.ok(CHECK, { g: "mem.alias@acme.test", s: "other@acme.test" }, acme.adminToken)).checkSender).toBeNull();
      expect((await app.ok(CHECK, { g: "nobody@acme.test", s: "other@acme.test" }, acme.adminToken)).checkSender).toBeNull();
      expect((await app.ok(CHECK, { g: "all@globex.test", s: "other@acme.test" }, acme.adminToken)).checkSender).toBeNull();
      expect((await app.ok(CHECK, { g: "all@globex.test", s: "someone@globex.test" })).checkSender).toMatchObject({ allowed: true, policy: "ORGANIZATION" });
      expect((await app.ok(CHECK, { g: "policy@acme.test", s: "other@acme.test" }, acme.adminToken)).checkSender).toMatchObject({ allowed: true, policy: "ORGANIZATION" });
    });
  });

  it("records an audit event for every change of a group", async () => {
    const ann = await person("ann");
    const pat = await person("pat");
    const group = await createGroup("Ops", "ops@acme.test");
    const sub = await createGroup("Sub", "sub@acme.test");
    await app.ok(UPDATE, { id: group.id, i: { senderPolicy: "MEMBERS", description: "On call" } }, acme.adminToken);
    await add(group.id, [{ accountId: ann }, { address: "X@Example.org" }, { groupId: sub.id }]);
    const annMembership = (await allMembers(group.id)).find((m) => m.account?.id === ann) as MemberNode;
    await app.ok(REMOVE, { g: group.id, ids: [annMembership.id] }, acme.adminToken);
    await app.ok(OWNERS, { g: group.id, a: [pat] }, acme.adminToken);
    await app.ok(DELETE, { id: group.id }, acme.adminToken);

    const events = (await audit(group.id)).reverse();
    for (const event of events) expect(event).toMatchObject({ actorType: "ACCOUNT", actorId: acme.adminId, targetType: "Group", targetId: group.id });
    expect(events.map((e) => [e.action, e.summary])).toEqual([
      ["group.create", { after: { name: "Ops", senderPolicy: "ORGANIZATION", hiddenFromDirectory: false, description: null, address: "ops@acme.test" } }],
      [
        "group.update",
        {
          before: { name: "Ops", senderPolicy: "ORGANIZATION", hiddenFromDirectory: false, description: null },
          after: { name: "Ops", senderPolicy: "MEMBERS", hiddenFromDirectory: false, description: "On call" },
        },
      ],
      ["group.addMembers", { added: [`account:${ann}`, "external:x@example.org", `group:${sub.id}`] }],
      ["group.removeMembers", { removed: [`account:${ann}`] }],
      ["group.setOwners", { before: { owners: [] }, after: { owners: [pat] } }],
      ["group.delete", { before: { name: "Ops", senderPolicy: "MEMBERS", hiddenFromDirectory: false, description: "On call", addresses: ["ops@acme.test"] } }],
    ]);
  });
});

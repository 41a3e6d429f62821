import { dialects } from "./support/databases";
import { ADD, byJson, GROUP, groupHelpers, type GroupOrg, type MemberNode, MEMBERS, OWNERS, REMOVE } from "./support/groups";
import { useTestApp } from "./support/harness";
import { AddAliasDocument } from "./generated/graphql";

/** Adding and removing accounts, groups and external addresses as members. */
describe.each(dialects())("distribution groups: members (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: GroupOrg;
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
  });
  const { person, createGroup, add, memberCount, allMembers, audit, expansion } = groupHelpers(app, () => acme);

  describe("members", () => {
    it("adds accounts, groups and canonicalized external addresses in one batch", async () => {
      const ann = await person("ann");
      await app.request(AddAliasDocument, { input: { accountId: ann, address: "ann.alias@acme.test" } }, acme.adminToken);
      const bob = await person("bob");
      const group = await createGroup("All", "all@acme.test");
      const sub = await createGroup("Sub", "sub@acme.test");

      const count = await add(group.id, [
        { accountId: bob },
        { groupId: sub.id },
        { address: "  Partner@BÜCHER.example " },
        { address: "Ext.User@Example.ORG" },
        { address: "Ann.Alias@ACME.test" },
      ]);
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
      expect(
        await add(group.id, [{ accountId: ann }, { groupId: sub.id }, { address: "partner@xn--bcher-kva.example" }, { address: "ext.user@example.org" }]),
      ).toBe(4);

      expect(
        await add(group.id, [
          { accountId: ann },
          { groupId: sub.id },
          { address: "PARTNER@bücher.example" },
          { address: " Ext.User@EXAMPLE.org" },
          { address: "ANN@acme.test" },
        ]),
      ).toBe(4);
      expect(await add(group.id, [{ accountId: bob }, { accountId: bob }, { address: "bob@acme.test" }])).toBe(5);
      expect(await add(group.id, [{ accountId: ann }, { accountId: cat }])).toBe(6);
      expect(await memberCount(group.id)).toBe(6);
      expect((await allMembers(group.id)).filter((m) => m.account?.id === bob)).toHaveLength(1);

      const added = (await audit(group.id, "group.addMembers")).map((e) => e.summary.added);
      expect(added).toEqual([
        [`account:${cat}`],
        [`account:${bob}`],
        [`account:${ann}`, `group:${sub.id}`, "external:partner@xn--bcher-kva.example", "external:ext.user@example.org"],
      ]);
    });

    it("refuses an account or group of another organization with NOT_FOUND and adds nothing of the batch", async () => {
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const globexGroup = await createGroup("Globex team", "team@globex.test", {}, globex.adminToken);
      const ann = await person("ann");
      const bob = await person("bob");
      const group = await createGroup("All", "all@acme.test");
      await add(group.id, [{ accountId: ann }]);

      expect(await app.code(ADD, { g: group.id, m: [{ accountId: bob }, { address: "x@example.org" }, { accountId: globex.adminId }] }, acme.adminToken)).toBe(
        "NOT_FOUND",
      );
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
      expect(await app.code(ADD, { g: gb.id, m: [{ accountId: ann }, { address: "friend@example.org" }, { groupId: ga.id }] }, acme.adminToken)).toBe(
        "GROUP_CYCLE",
      );
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

      const count = (
        await app.ok(
          REMOVE,
          { g: group.id, ids: [idOf((m) => m.account?.id === ann), idOf((m) => m.address === "x@example.org"), otherMembership.id] },
          acme.adminToken,
        )
      ).removeGroupMembers.memberCount;
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
        const data: {
          group: { memberCount: number; members: { totalCount: number; edges: { node: MemberNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
        } = await app.ok(MEMBERS, { id: group.id, first: 3, after }, acme.adminToken);
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
      expect(
        seen
          .filter((m) => m.kind === "ACCOUNT")
          .map((m) => m.account?.id)
          .sort(),
      ).toEqual([...accounts].sort());
      expect(seen.filter((m) => m.kind === "GROUP").map((m) => m.group?.id)).toEqual([sub.id]);
      expect(seen.filter((m) => m.kind === "EXTERNAL").map((m) => m.address)).toEqual(["x@example.org"]);
      expect(await app.code(MEMBERS, { id: group.id, first: 101 }, acme.adminToken)).toBe("BAD_USER_INPUT");
    });
  });
});

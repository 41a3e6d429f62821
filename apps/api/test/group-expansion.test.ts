import { dialects } from "./support/databases";
import { byJson, groupHelpers, type GroupOrg, type Hop, UPDATE } from "./support/groups";
import { useTestApp } from "./support/harness";
import {
  AddAliasDocument,
  ChangeDomainDocument,
  DisableAccountDocument,
  EnableAccountDocument,
  OffboardAccountDocument,
  ResolveDocument,
  SetPrimaryAddressDocument,
} from "./generated/graphql";

/** Expanding a group to its final mailboxes, and keeping that current as members change. */
describe.each(dialects())("distribution groups: expansion (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: GroupOrg;
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
  });
  const { person, createGroup, add, memberCount, allMembers, expansion } = groupHelpers(app, () => acme);

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

    const DIAMOND_RECIPIENTS = [
      "bob@acme.test",
      "partner@xn--bcher-kva.example",
      "ann@acme.test",
      "cat@acme.test",
      "dan@acme.test",
      "ext.user@example.org",
      "eve@acme.test",
    ];
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
      expect(((await app.request(ResolveDocument, { address: "eng@acme.test" }, acme.adminToken)).resolveAddress?.deliverTo as string[]).sort()).toEqual([
        "cat@acme.test",
        "eve@acme.test",
      ]);
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
      const expected = ["quy", "zz@outside.example", "lee", "pia", "max", "aa@outside.example", "oli", "ned", "rex", "kim"].map((n) =>
        n.includes("@") ? n : `${n}@acme.test`,
      );
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

      await app.request(DisableAccountDocument, { id: bob }, acme.adminToken);
      await app.request(DisableAccountDocument, { id: eve }, acme.adminToken);
      let result = await expansion(group.id);
      expect([...result.recipients].sort()).toEqual(["ann@acme.test", "cat@acme.test"]);
      expect(result.expansion.trace.filter((h) => h.kind === "SKIPPED_DISABLED").sort(byJson)).toEqual([
        { kind: "SKIPPED_DISABLED", from: "All", to: "bob@acme.test" },
        { kind: "SKIPPED_DISABLED", from: "Sub", to: "eve@acme.test" },
      ]);
      expect(
        result.expansion.trace
          .filter((h) => h.kind === "MAILBOX")
          .map((h) => h.to)
          .sort(),
      ).toEqual(["ann@acme.test", "cat@acme.test"]);
      expect(await memberCount(group.id)).toBe(4);
      expect((await allMembers(group.id)).some((m) => m.account?.id === bob)).toBe(true);
      expect(((await app.request(ResolveDocument, { address: "all@acme.test" }, acme.adminToken)).resolveAddress?.deliverTo as string[]).sort()).toEqual([
        "ann@acme.test",
        "cat@acme.test",
      ]);

      await app.request(EnableAccountDocument, { id: bob }, acme.adminToken);
      expect([...(await expansion(group.id)).recipients].sort()).toEqual(["ann@acme.test", "bob@acme.test", "cat@acme.test"]);

      // Offboarded: disabled, its addresses now a colleague's who is not a member.
      const off = await app.request(OffboardAccountDocument, { input: { accountId: cat, transferToAccountId: dan } }, acme.adminToken);
      expect(off.offboardAccount.leaver).toMatchObject({ status: "DISABLED", primaryAddress: null });
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
    const deliverTo = async (address: string): Promise<string[]> =>
      (await app.request(ResolveDocument, { address }, acme.adminToken)).resolveAddress!.deliverTo;
    const skipped = (trace: Hop[]) => trace.filter((h) => h.kind === "SKIPPED_DISABLED");
    const stored = async (accountId: string): Promise<{ mailbox: string | null; deliverable: number }[]> =>
      (await app.db.manager.query("SELECT mailbox, deliverable FROM group_member WHERE member_account_id = ? ORDER BY group_id", [accountId])).map(
        (r: { mailbox: string | null; deliverable: unknown }) => ({
          mailbox: r.mailbox,
          deliverable: Number(r.deliverable),
        }),
      );

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
      await app.request(SetPrimaryAddressDocument, { accountId: ann, address: "Ann.Smith@ACME.test" }, acme.adminToken);
      let result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann.smith@acme.test", "partner@example.org", "bob@acme.test", "cat@acme.test"]);
      expect(result.expansion.trace.filter((h) => h.kind === "MAILBOX")[0]).toEqual({ kind: "MAILBOX", from: "Team", to: "ann.smith@acme.test" });
      // One of the account's aliases becomes the primary, in a nested group.
      await app.request(SetPrimaryAddressDocument, { accountId: cat, address: "cathy@acme.test" }, acme.adminToken);
      result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann.smith@acme.test", "partner@example.org", "bob@acme.test", "cathy@acme.test"]);
      expect(result.expansion.trace.at(-1)).toEqual({ kind: "MAILBOX", from: "Inner", to: "cathy@acme.test" });
      expect(await deliverTo("team@acme.test")).toEqual(["ann.smith@acme.test", "partner@example.org", "bob@acme.test", "cathy@acme.test"]);
      // And back: the old primary, kept as a secondary, is the mailbox again.
      await app.request(SetPrimaryAddressDocument, { accountId: ann, address: "ann@acme.test" }, acme.adminToken);
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

      await app.request(DisableAccountDocument, { id: bob }, acme.adminToken);
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
      await app.request(SetPrimaryAddressDocument, { accountId: bob, address: "robert@acme.test" }, acme.adminToken);
      result = await expansion(team.id);
      expect(result.recipients).toEqual(["ann@acme.test", "cat@acme.test", "dan@acme.test"]);
      expect(skipped(result.expansion.trace).map((h) => h.to)).toEqual(["robert@acme.test", "robert@acme.test"]);

      await app.request(EnableAccountDocument, { id: bob }, acme.adminToken);
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

      const off = (await app.request(OffboardAccountDocument, { input: { accountId: ann, transferToAccountId: dan } }, acme.adminToken)).offboardAccount;
      expect(off.leaver).toMatchObject({ status: "DISABLED", primaryAddress: null });
      const result = await expansion(team.id);
      expect(result.recipients).toEqual(["partner@example.org", "dan@acme.test"]);
      // Without a primary the hop names the account by its display name, never its id.
      expect(skipped(result.expansion.trace)).toEqual([{ kind: "SKIPPED_DISABLED", from: "Team", to: "Ann" }]);
      expect(await stored(ann)).toEqual([{ mailbox: null, deliverable: 0 }]);
      expect(await stored(dan)).toEqual([{ mailbox: "dan@acme.test", deliverable: 1 }]);
      // ann@ is now one of dan's secondaries: mail to it reaches dan's mailbox, once.
      expect(await deliverTo("ann@acme.test")).toEqual(["dan@acme.test"]);

      // Back from leave: a primary first, then enabled.
      await app.request(SetPrimaryAddressDocument, { accountId: ann, address: "ann.back@acme.test" }, acme.adminToken);
      expect((await expansion(team.id)).recipients).toEqual(["partner@example.org", "dan@acme.test"]);
      await app.request(EnableAccountDocument, { id: ann }, acme.adminToken);
      expect((await expansion(team.id)).recipients).toEqual(["ann.back@acme.test", "partner@example.org", "dan@acme.test"]);
    });

    it("records at insert what a new member delivers to: disabled and offboarded accounts are skipped from the start", async () => {
      const ann = await person("ann");
      const dan = await person("dan");
      const eve = await person("eve");
      await app.request(DisableAccountDocument, { id: eve }, acme.adminToken);
      await app.request(OffboardAccountDocument, { input: { accountId: ann, transferToAccountId: dan } }, acme.adminToken);
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
      await app.request(DisableAccountDocument, { id: dis }, acme.adminToken);
      const team = await createGroup("Team", "team@acme.test");
      const inner = await createGroup("Inner", "inner@acme.test");
      await add(inner.id, [{ accountId: bob }]);
      // An external member on the old domain is an address, not an account's primary: it stays.
      await add(team.id, [
        { accountId: ann },
        { groupId: inner.id },
        { address: "nobody@acme.test" },
        { accountId: eve },
        { accountId: dis },
        { address: "partner@example.org" },
      ]);
      expect((await expansion(team.id)).recipients).toEqual(["ann@acme.test", "nobody@acme.test", "eve@acme.example", "partner@example.org", "bob@acme.test"]);

      expect((await app.request(ChangeDomainDocument, { input: { from: "acme.test", to: "acme.example" } }, acme.adminToken)).changeDomain.changed).toBe(6); // admin, ann, bob, dis and the two groups
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
      const names: { member_group_name: string }[] = await app.db.manager.query("SELECT member_group_name FROM group_member WHERE member_group_id = ?", [
        inner.id,
      ]);
      expect(names.map((n) => n.member_group_name)).toEqual(["Inner Circle", "Inner Circle"]);
    });
  });
});

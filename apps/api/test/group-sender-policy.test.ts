import { dialects } from "./support/databases";
import { CHECK, DELETE, groupHelpers, type GroupOrg, type MemberNode, OWNERS, REMOVE, UPDATE } from "./support/groups";
import { useTestApp } from "./support/harness";
import { AddAliasDocument, ResolveDocument } from "./generated/graphql";

/** Who may send to a group: checkSender and resolveAddress with a sender. */
describe.each(dialects())("distribution groups: sender policy (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: GroupOrg;
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
  });
  const { person, createGroup, add, allMembers, audit } = groupHelpers(app, () => acme);

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
      expect((await app.ok(CHECK, { g: "policy@acme.test", s: "other@acme.test" }, acme.adminToken)).checkSender).toMatchObject({
        allowed: true,
        policy: "ORGANIZATION",
      });
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

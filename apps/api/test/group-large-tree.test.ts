import { dialects } from "./support/databases";
import { GroupTree } from "./support/group-tree";
import { type GroupOrg } from "./support/groups";
import { useTestApp } from "./support/harness";

/** Expansion at its limits: depth, size and statement count. */
describe.each(dialects())("distribution groups: a tree of 10,000 recipients (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: GroupOrg;
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
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

      const resolved = (
        await app.ok("query($a: String!) { resolveAddress(address: $a) { kind deliverTo truncated } }", { a: tree.rootAddress }, acme.adminToken)
      ).resolveAddress;
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

      const changed = (
        await app.ok(
          "mutation($i: ChangeDomainInput!) { changeDomain(input: $i) { changed } }",
          { i: { from: "acme.test", to: "acme.example" } },
          acme.adminToken,
        )
      ).changeDomain.changed;
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

      const resolved = (await app.ok("query($a: String!) { resolveAddress(address: $a) { deliverTo truncated } }", { a: tree.rootAddress }, acme.adminToken))
        .resolveAddress;
      expect(resolved.truncated).toBe(true);
      expect(resolved.deliverTo).toHaveLength(10_000);
      const expansionOverHttp = (await app.ok("query($id: ID!) { group(id: $id) { expansion { truncated reason } } }", { id: tree.rootId }, acme.adminToken))
        .group.expansion;
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
});

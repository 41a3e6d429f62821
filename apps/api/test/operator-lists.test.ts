import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { AddSecondaryAddressDocument } from "./generated/graphql";

const ACCOUNTS =
  "query($o: ID, $first: Int, $after: String) { accounts(organizationId: $o, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { displayName organization { name } } } } }";
const JOBS =
  "query($o: ID, $first: Int, $after: String) { jobs(organizationId: $o, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { kind payload } } } }";
const AUDIT =
  "query($o: ID, $first: Int, $after: String) { auditEvents(organizationId: $o, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id action } } } }";

interface Page<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

describe.each(dialects())("operator lists across organizations (%s)", (dialect) => {
  const app = useTestApp(dialect);

  /** Every page of `field`, `first` rows at a time, and the totalCount each page reported. */
  async function walk<N>(
    query: string,
    field: string,
    organizationId: string | null,
    first: number,
    token = app.operatorToken,
  ): Promise<{ nodes: N[]; totals: number[] }> {
    const nodes: N[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page<N> = (await app.ok<Record<string, Page<N>>>(query, { o: organizationId, first, after }, token))[field];
      nodes.push(...page.edges.map((e) => e.node));
      totals.push(page.totalCount);
      if (!page.pageInfo.hasNextPage) return { nodes, totals };
      after = page.pageInfo.endCursor;
    }
  }

  /** Two organizations, each with an admin, an Exchange user and that user's pending secondary address (one job). */
  async function twoOrganizations() {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const secondaryIds: string[] = [];
    for (const [org, name] of [
      [acme, "Carol"],
      [globex, "Bob"],
    ] as const) {
      const id = await app.createAccount(org.orgId, { displayName: name, primaryAddress: `${name.toLowerCase()}@${org.domain}`, exchangeEnabled: true });
      secondaryIds.push(
        (await app.request(AddSecondaryAddressDocument, { input: { accountId: id, address: `${name.toLowerCase()}.old@${org.domain}` } })).addSecondaryAddress
          .id,
      );
    }
    return { acme, globex, secondaryIds };
  }

  it("pages an operator through every organization's accounts when organizationId is omitted", async () => {
    await twoOrganizations();
    const { nodes, totals } = await walk<{ displayName: string; organization: { name: string } }>(ACCOUNTS, "accounts", null, 1);
    expect(nodes.map((a) => `${a.displayName} (${a.organization.name})`)).toEqual([
      "Acme Admin (Acme)",
      "Bob (Globex)",
      "Carol (Acme)",
      "Globex Admin (Globex)",
    ]);
    expect(totals).toEqual([4, 4, 4, 4]);
  });

  it("pages an operator through every organization's jobs when organizationId is omitted", async () => {
    const { secondaryIds } = await twoOrganizations();
    const { nodes, totals } = await walk<{ kind: string; payload: { addressId: string } }>(JOBS, "jobs", null, 1);
    // Newest first: Globex's job was queued after Acme's.
    expect(nodes).toEqual([
      { kind: "provision-address", payload: expect.objectContaining({ addressId: secondaryIds[1] }) },
      { kind: "provision-address", payload: expect.objectContaining({ addressId: secondaryIds[0] }) },
    ]);
    expect(totals).toEqual([2, 2]);
    expect(await app.count("job")).toBe(2);
  });

  it("pages an operator through every organization's audit events, newest first, when organizationId is omitted", async () => {
    const { acme, globex } = await twoOrganizations();
    const all = await walk<{ id: string; action: string }>(AUDIT, "auditEvents", null, 3);
    const acmeOnly = await walk<{ id: string; action: string }>(AUDIT, "auditEvents", acme.orgId, 100);
    const globexOnly = await walk<{ id: string; action: string }>(AUDIT, "auditEvents", globex.orgId, 100);
    expect(all.nodes.length).toBe(await app.count("audit_event"));
    expect(new Set(all.totals)).toEqual(new Set([all.nodes.length]));
    expect(all.nodes.map((e) => Number(e.id))).toEqual([...all.nodes.map((e) => Number(e.id))].sort((a, b) => b - a));
    const ids = new Set(all.nodes.map((e) => e.id));
    expect(ids.size).toBe(all.nodes.length);
    for (const e of [...acmeOnly.nodes, ...globexOnly.nodes]) expect(ids.has(e.id)).toBe(true);
    expect(acmeOnly.nodes.length + globexOnly.nodes.length).toBeGreaterThan(0);
    expect(acmeOnly.nodes.filter((e) => e.action === "organization.create")).toHaveLength(1);
    expect(all.nodes.filter((e) => e.action === "organization.create")).toHaveLength(2);
  });

  it("still gives an admin who omits organizationId only their own organization, and another organization as NOT_FOUND", async () => {
    const { acme, globex } = await twoOrganizations();
    const accounts = await walk<{ displayName: string; organization: { name: string } }>(ACCOUNTS, "accounts", null, 100, acme.adminToken);
    expect(accounts.nodes.map((a) => a.displayName)).toEqual(["Acme Admin", "Carol"]);
    const jobs = await walk<{ kind: string }>(JOBS, "jobs", null, 100, acme.adminToken);
    expect(jobs.totals).toEqual([1]);
    const audit = await walk<{ action: string }>(AUDIT, "auditEvents", null, 100, acme.adminToken);
    expect(audit.nodes.filter((e) => e.action === "organization.create")).toHaveLength(1);
    for (const query of [ACCOUNTS, JOBS, AUDIT]) expect(await app.code(query, { o: globex.orgId, first: 5 }, acme.adminToken)).toBe("NOT_FOUND");
  });

  it("refuses the cross-organization view to non-admins (FORBIDDEN) and to nobody (UNAUTHENTICATED)", async () => {
    const { acme } = await twoOrganizations();
    await app.createAccount(acme.orgId, { displayName: "Pro", primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    const pro = await app.login("pro@acme.test", "pro-password-1");
    for (const query of [ACCOUNTS, JOBS, AUDIT]) {
      expect(await app.code(query, { first: 5 }, pro)).toBe("FORBIDDEN");
      expect(await app.code(query, { first: 5 }, null)).toBe("UNAUTHENTICATED");
    }
  });

  it("searches organizations by any part of the name, in any case and script, for the operators' switcher", async () => {
    const aerzte = await app.orgWithAdmin("Ärzte Nord", "aerzte.test");
    await app.orgWithAdmin("Acme 100% Widgets", "acme.test");
    await app.orgWithAdmin("Globex", "globex.test");
    const SEARCH = "query($s: String) { organizations(search: $s, first: 10) { totalCount edges { node { name } } } }";
    const names = async (search: string | null, token = app.operatorToken) => {
      const { organizations } = await app.ok<{ organizations: { totalCount: number; edges: { node: { name: string } }[] } }>(SEARCH, { s: search }, token);
      return { total: organizations.totalCount, names: organizations.edges.map((e) => e.node.name) };
    };
    expect(await names("ÄRZ")).toEqual({ total: 1, names: ["Ärzte Nord"] });
    expect(await names("  me 1")).toEqual({ total: 1, names: ["Acme 100% Widgets"] });
    // LIKE's wildcards are text like any other.
    expect(await names("%")).toEqual({ total: 1, names: ["Acme 100% Widgets"] });
    expect(await names("_")).toEqual({ total: 0, names: [] });
    // Nothing typed: every organization, in the database's name order (where "Ä" sorts is the collation's business).
    const all = await names("");
    expect({ total: all.total, names: [...all.names].sort() }).toEqual({ total: 3, names: ["Acme 100% Widgets", "Globex", "Ärzte Nord"] });
    // An account still sees only its own organization, whatever it searches.
    expect(await names("globex", aerzte.adminToken)).toEqual({ total: 0, names: [] });
    expect(await names("nord", aerzte.adminToken)).toEqual({ total: 1, names: ["Ärzte Nord"] });
  });
});

import fs from "node:fs";
import path from "node:path";
import { Kind, parse } from "graphql";
import { loadConfig } from "../src/config";
import { queryCost } from "../src/cost/query-cost";
import { buildPostroomSchema } from "../src/schema";
import { dialects } from "./support/databases";
import { type GqlResponse, TestApp, useTestApp } from "./support/harness";

const BUDGET = { bucketSize: 100, restoreRate: 10 };
const ACCOUNTS = "query($o: ID) { accounts(organizationId: $o) { totalCount edges { node { id } } } }";
const CREATE_ORG = "mutation($n: String!) { createOrganization(input: { name: $n }) { id } }";

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

function costOf(res: GqlResponse): Cost {
  return (JSON.parse(res.body) as { extensions: { cost: Cost } }).extensions.cost;
}

it("prices every console document within the default budget, even at 100 items a page", async () => {
  const schema = await buildPostroomSchema();
  const budget = loadConfig({}).costBudget;
  expect(budget).toEqual({ bucketSize: 10_000, restoreRate: 500 });
  const dir = path.resolve(__dirname, "../../../packages/schema/documents");
  const costs: Record<string, number> = {};
  for (const file of fs.readdirSync(dir)) {
    const document = parse(fs.readFileSync(path.join(dir, file), "utf8"));
    for (const d of document.definitions)
      if (d.kind === Kind.OPERATION_DEFINITION && d.name) costs[d.name.value] = queryCost(schema, document, d.name.value, { first: 100 });
  }
  expect(costs).toMatchObject({ Login: 16, Viewer: 5, Organizations: 202, CreateOrganization: 12 });
  expect(Object.entries(costs).filter(([, cost]) => cost > (budget?.bucketSize ?? 0))).toEqual([]);
  expect(loadConfig({ COST_BUDGET: "off" }).costBudget).toBeNull();
});

describe.each(dialects())("cost budgets (%s)", (dialect) => {
  const app = useTestApp(dialect, { costBudget: BUDGET });

  it("reports each operation's static cost in extensions.cost, in Shopify's shape", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    // A fresh principal: the admin's bucket is full.
    const first = await app.gql("{ viewer { role } }", {}, acme.adminToken);
    expect(costOf(first)).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 99, restoreRate: 10 },
    });
    const costs: [string, Record<string, unknown>, number][] = [
      ["query($o: ID) { accounts(organizationId: $o, first: 5) { totalCount edges { node { id displayName } } } }", { o: acme.orgId }, 6],
      ["query($n: Int) { organizations(first: $n) { edges { cursor node { id name } } pageInfo { hasNextPage } } }", { n: 3 }, 5],
      [ACCOUNTS, { o: acme.orgId }, 21],
      ["query($o: ID) { accounts(organizationId: $o, first: 2) { edges { node { id aliases { id } } } } }", { o: acme.orgId }, 23],
      ["{ __schema { types { name } } viewer { __typename } }", {}, 1],
      [CREATE_ORG, { n: "Costly" }, 11],
    ];
    // Every bucket full again (the operator's paid for the set-up).
    app.clock.offsetMs = 60_000;
    for (const [query, variables, cost] of costs) {
      const res = await app.gql(query, variables);
      expect([query, res.status, res.errors, costOf(res).requestedQueryCost, costOf(res).actualQueryCost]).toEqual([query, 200, undefined, cost, cost]);
    }
  });

  it("refuses an over-budget principal with RATE_LIMITED, Retry-After and nothing executed, then lets it through once the bucket has drained", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    for (let i = 0; i < 4; i++) expect((await app.gql(ACCOUNTS, { o: acme.orgId }, acme.adminToken)).status).toBe(200);
    // 84 of 100 points used; a mutation costs 11 + 1, another list 21.
    const refused = await app.gql(ACCOUNTS, { o: acme.orgId }, acme.adminToken);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.retryAfter])).toEqual([["RATE_LIMITED", 1]]);
    expect(costOf(refused)).toMatchObject({ requestedQueryCost: 21, actualQueryCost: null, throttleStatus: { maximumAvailable: 100, restoreRate: 10 } });
    // 16 points left, plus what drained (10 a second) while the four ran: fewer than the 21 asked.
    expect(costOf(refused).throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(16);
    expect(costOf(refused).throttleStatus.currentlyAvailable).toBeLessThan(21);

    const before = await app.count("organization");
    app.clock.offsetMs = 0;
    const tooMuch = await app.gql(
      'mutation { a: createOrganization(input: { name: "A" }) { id } b: createOrganization(input: { name: "B" }) { id } }',
      {},
      acme.adminToken,
    );
    expect(tooMuch.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(await app.count("organization")).toBe(before);

    // Two seconds later, 20 points have drained.
    app.clock.offsetMs = 2_000;
    const again = await app.gql(ACCOUNTS, { o: acme.orgId }, acme.adminToken);
    expect([again.status, again.errors, again.data?.accounts.totalCount]).toEqual([200, undefined, 1]);
    // Other principals have buckets of their own.
    expect((await app.gql(ACCOUNTS, { o: acme.orgId })).status).toBe(200);
  });

  it("refuses an operation that costs more than the whole bucket as BAD_USER_INPUT", async () => {
    const res = await app.gql("{ organizations(first: 100) { edges { node { id } } } }");
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.cost, e.extensions?.maximumAvailable])).toEqual([["BAD_USER_INPUT", 101, 100]]);
  });

  it("uses an organization's own budget once an operator sets it, and only an operator may", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const SET =
      "mutation($o: ID!, $i: CostBudgetInput!) { setOrganizationCostBudget(organizationId: $o, input: $i) { organizationId bucketSize restoreRate isDefault } }";
    expect(await app.code(SET, { o: acme.orgId, i: { bucketSize: 5000 } }, acme.adminToken)).toBe("FORBIDDEN");
    expect((await app.ok(SET, { o: acme.orgId, i: { bucketSize: 5000, restoreRate: 200 } })).setOrganizationCostBudget).toEqual({
      organizationId: acme.orgId,
      bucketSize: 5000,
      restoreRate: 200,
      isDefault: false,
    });
    const res = await app.gql("{ viewer { role } }", {}, acme.adminToken);
    expect(costOf(res).throttleStatus).toMatchObject({ maximumAvailable: 5000, restoreRate: 200 });
    // The refused call (11) and this one (1) were charged; more than 100 available proves the new size.
    expect(costOf(res).throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(4988);
    expect(await app.code(SET, { o: acme.orgId, i: { bucketSize: 0 } })).toBe("BAD_USER_INPUT");
    expect((await app.ok(SET, { o: acme.orgId, i: {} })).setOrganizationCostBudget).toEqual({
      organizationId: acme.orgId,
      bucketSize: 100,
      restoreRate: 10,
      isDefault: true,
    });
  });

  it("shares one bucket between two API servers on one database", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const second = await TestApp.start(dialect, { costBudget: BUDGET, database: app.database });
    try {
      for (let i = 0; i < 4; i++) expect((await app.gql(ACCOUNTS, { o: acme.orgId }, acme.adminToken)).status).toBe(200);
      const there = await second.gql(ACCOUNTS, { o: acme.orgId }, acme.adminToken);
      expect([there.status, there.errors?.[0].extensions?.code]).toEqual([429, "RATE_LIMITED"]);
      expect(costOf(there).throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(16);
      expect(costOf(there).throttleStatus.currentlyAvailable).toBeLessThan(21);
    } finally {
      await second.close();
    }
  });
});

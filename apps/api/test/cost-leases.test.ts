import { LEASE_TTL_MS, leaseSize } from "../src/cost/cost-leases";
import { dialects } from "./support/databases";
import { type GqlResponse, TestApp, useTestApp } from "./support/harness";

// A lease here is min(1000 / 20, 100 × 0.5) = 50 points.
const BUDGET = { bucketSize: 1000, restoreRate: 100 };
const LEASE = leaseSize(BUDGET);
const VIEWER = "{ viewer { role } }"; // costs 1
const PAGE = "query($o: ID) { accounts(organizationId: $o, first: 5) { totalCount edges { node { id displayName } } } }"; // costs 6
const PAGE_COST = 6;

interface Cost {
  requestedQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

function costOf(res: GqlResponse): Cost {
  return (JSON.parse(res.body) as { extensions: { cost: Cost } }).extensions.cost;
}

describe.each(dialects())("cost budget leases (%s)", (dialect) => {
  const app = useTestApp(dialect, { costBudget: BUDGET });

  /** The bucket's level as stored (before its leak since `updated_ms`). */
  async function storedLevel(key: string): Promise<number> {
    return app.count("SELECT level AS n FROM cost_bucket WHERE bucket_key = ?", [key]);
  }

  /** Writes to cost_bucket while `work` runs, counted by triggers in the database itself. */
  async function bucketWrites(work: () => Promise<void>): Promise<number> {
    const each = dialect === "sqlite" ? (body: string) => `BEGIN ${body}; END` : (body: string) => `FOR EACH ROW ${body}`;
    const ddl = [
      "CREATE TABLE cost_bucket_writes (n INTEGER NOT NULL)",
      "INSERT INTO cost_bucket_writes (n) VALUES (0)",
      `CREATE TRIGGER cost_bucket_inserted AFTER INSERT ON cost_bucket ${each("UPDATE cost_bucket_writes SET n = n + 1")}`,
      `CREATE TRIGGER cost_bucket_updated AFTER UPDATE ON cost_bucket ${each("UPDATE cost_bucket_writes SET n = n + 1")}`,
    ];
    for (const statement of ddl) await app.db.transaction((m) => m.query(statement));
    try {
      await work();
      return await app.count("SELECT n FROM cost_bucket_writes");
    } finally {
      for (const statement of ["DROP TRIGGER cost_bucket_inserted", "DROP TRIGGER cost_bucket_updated", "DROP TABLE cost_bucket_writes"])
        await app.db.transaction((m) => m.query(statement));
    }
  }

  it("charges a run of cheap requests with one write per lease, not one per request", async () => {
    app.clock.frozenMs = Date.now();
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const N = 120;
    const answers: GqlResponse[] = [];
    const writes = await bucketWrites(async () => {
      for (let i = 0; i < N; i++) answers.push(await app.gql(VIEWER, {}, acme.adminToken));
    });
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // 120 points in leases of 50: the first inserts the bucket, two renewals update it.
    expect(writes).toBe(Math.ceil(N / LEASE));
    expect(await storedLevel(`account:${acme.adminId}`)).toBe(3 * LEASE);
    // What the admin can still spend: the bucket less what it spent, its unspent lease included.
    expect(costOf(answers[N - 1]).throttleStatus).toEqual({ maximumAvailable: 1000, currentlyAvailable: 1000 - N, restoreRate: 100 });
  });

  it("refuses a throttled principal exactly where per-request charging would, then lets it through once the bucket drains", async () => {
    const start = Date.now();
    app.clock.frozenMs = start;
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    let served = 0;
    let refused: GqlResponse | null = null;
    while (!refused) {
      const res = await app.gql(PAGE, { o: acme.orgId }, acme.adminToken);
      if (res.status === 200) served++;
      else refused = res;
    }
    // No time passes: 166 pages of 6 points fit in 1,000, the last lease's 4 points are too few for a 167th.
    expect(served).toBe(Math.floor(BUDGET.bucketSize / PAGE_COST));
    expect([refused.status, refused.headers.get("retry-after"), refused.errors?.map((e) => [e.extensions?.code, e.extensions?.retryAfter])]).toEqual([
      429,
      "1",
      [["RATE_LIMITED", 1]],
    ]);
    expect(costOf(refused).throttleStatus.currentlyAvailable).toBe(BUDGET.bucketSize % PAGE_COST);

    app.clock.frozenMs = start + 1_000; // 100 points drain
    const again = await app.gql(PAGE, { o: acme.orgId }, acme.adminToken);
    expect([again.status, again.errors, again.data?.accounts.totalCount]).toEqual([200, undefined, 1]);
  });

  it("lets two API processes on one database spend at most the bucket plus their outstanding leases", async () => {
    const start = Date.now();
    app.clock.frozenMs = start;
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const second = await TestApp.start(dialect, { costBudget: BUDGET, database: app.database });
    try {
      second.clock.frozenMs = start;
      const servers = [app, second];
      // Each process leases 50 points and spends 6: the database counts 100 as spent.
      for (const server of servers) expect((await server.gql(PAGE, { o: acme.orgId }, acme.adminToken)).status).toBe(200);
      // 0.9 s later both leases (44 points each) are still live, and 90 of the 100 points have drained.
      app.clock.frozenMs = second.clock.frozenMs = start + 900;
      let spent = 0;
      const refused = new Map<TestApp, GqlResponse>();
      while (refused.size < servers.length) {
        for (const server of servers) {
          if (refused.has(server)) continue;
          const res = await server.gql(PAGE, { o: acme.orgId }, acme.adminToken);
          if (res.status === 200) spent += PAGE_COST;
          else refused.set(server, res);
        }
      }
      // The bound: no time passes in this window, so the two together spend at
      // most the bucket plus the leases outstanding when it began (one per process).
      expect(spent).toBeLessThanOrEqual(BUDGET.bucketSize + servers.length * LEASE);
      expect(spent).toBeGreaterThanOrEqual(BUDGET.bucketSize - servers.length * LEASE);
      expect([...refused.values()].map((r) => [r.status, r.errors?.[0].extensions?.code])).toEqual([
        [429, "RATE_LIMITED"],
        [429, "RATE_LIMITED"],
      ]);
    } finally {
      await second.close();
    }
  });

  it("gives a lease's unspent points back once it expires, and when a process stops", async () => {
    const start = Date.now();
    app.clock.frozenMs = start;
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const key = `account:${acme.adminId}`;
    expect((await app.gql(PAGE, { o: acme.orgId }, acme.adminToken)).status).toBe(200);
    expect(await storedLevel(key)).toBe(LEASE);

    // Past the lease's lifetime, any request to this process gives back the 44 unspent points.
    app.clock.frozenMs = start + LEASE_TTL_MS + 100;
    expect((await app.gql(VIEWER)).status).toBe(200);
    expect(await storedLevel(key)).toBe(PAGE_COST);

    // A second process leases for the admin, then stops: its unspent points come back too.
    const second = await TestApp.start(dialect, { costBudget: BUDGET, database: app.database });
    second.clock.frozenMs = start + LEASE_TTL_MS + 100;
    try {
      expect((await second.gql(PAGE, { o: acme.orgId }, acme.adminToken)).status).toBe(200);
      // The 6 points left had drained by then: the bucket holds just the new lease.
      expect(await storedLevel(key)).toBe(LEASE);
    } finally {
      await second.close();
    }
    expect(await storedLevel(key)).toBe(PAGE_COST);
  });
});

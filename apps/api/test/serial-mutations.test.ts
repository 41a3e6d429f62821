import { dialects } from "./support/databases";
import { type GqlResponse, useTestApp } from "./support/harness";

// Each document is sent at least three times: the executor compiles a query
// from its second run on, and a mutation must behave the same on every run.
const RUNS = 4;

const FAIL_FIRST = 'mutation { a: createOrganization(input: { name: "" }) { id } b: createOrganization(input: { name: "x" }) { id } }';
const FAIL_MIDDLE =
  'mutation($a: String!, $c: String!) { a: createOrganization(input: { name: $a }) { name } b: createOrganization(input: { name: "" }) { name } c: createOrganization(input: { name: $c }) { name } }';
const ALL_PASS =
  "mutation($a: String!, $b: String!) { a: createOrganization(input: { name: $a }) { name } b: createOrganization(input: { name: $b }) { name } }";

function shape(res: GqlResponse) {
  return { status: res.status, data: res.data ?? null, errors: res.errors?.map((e) => [e.path, e.extensions?.code]) ?? [] };
}

describe.each(dialects())("mutations run serially with graphql-js semantics (%s)", (dialect) => {
  const app = useTestApp(dialect);

  const organizations = async () => ((await app.db.manager.query("SELECT name FROM organization ORDER BY name")) as { name: string }[]).map((o) => o.name);
  const auditCount = () => app.count("SELECT COUNT(*) AS n FROM audit_event WHERE action = 'organization.create'");

  it("stops at a failing first field: data null and no later field runs, on every run", async () => {
    for (let run = 1; run <= RUNS; run++) {
      const res = await app.gql(FAIL_FIRST);
      expect({ run, ...shape(res) }).toEqual({ run, status: 200, data: null, errors: [[["a"], "BAD_USER_INPUT"]] });
      expect(await organizations()).toEqual([]);
      expect(await auditCount()).toBe(0);
    }
  });

  it("keeps the fields before a failing one, runs none after it, on every run", async () => {
    for (let run = 1; run <= RUNS; run++) {
      const res = await app.gql(FAIL_MIDDLE, { a: `A${run}`, c: `C${run}` });
      expect({ run, ...shape(res) }).toEqual({ run, status: 200, data: null, errors: [[["b"], "BAD_USER_INPUT"]] });
    }
    // graphql-js: `a` ran and committed each time; `c` never ran.
    expect(await organizations()).toEqual(["A1", "A2", "A3", "A4"]);
    expect(await auditCount()).toBe(RUNS);
  });

  it("runs every field in document order when all succeed, on every run", async () => {
    for (let run = 1; run <= RUNS; run++) {
      const res = await app.gql(ALL_PASS, { a: `P${run}a`, b: `P${run}b` });
      expect({ run, ...shape(res) }).toEqual({ run, status: 200, data: { a: { name: `P${run}a` }, b: { name: `P${run}b` } }, errors: [] });
    }
    expect(await organizations()).toEqual(["P1a", "P1b", "P2a", "P2b", "P3a", "P3b", "P4a", "P4b"]);
    const order = (
      (await app.db.manager.query("SELECT summary AS s FROM audit_event WHERE action = 'organization.create' ORDER BY id")) as { s: string }[]
    ).map((r) => r.s);
    expect(order.map((s) => /P\d[ab]/.exec(s)?.[0])).toEqual(["P1a", "P1b", "P2a", "P2b", "P3a", "P3b", "P4a", "P4b"]);
  });
});

import { encodeCursor } from "../src/common/connection";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

// Each list with a cursor of the right arity whose parts are the wrong kind,
// plus garbage every list must refuse.
const MALFORMED_FOR: Record<string, string[]> = {
  accounts: [b64(["Ann", "not-a-uuid"]), b64([1, "00000000-0000-4000-8000-000000000000"]), b64(["Ann\u0000", "00000000-0000-4000-8000-000000000000"])],
  groups: [b64(["Team", "x"]), b64([["nested"], "00000000-0000-4000-8000-000000000000"])],
  organizations: [b64(["Acme", 7])],
  jobs: [
    b64(["x", "y"]),
    b64(["2026-13-45T99:00:00.000Z", "00000000-0000-4000-8000-000000000000"]),
    b64([1700000000000, "00000000-0000-4000-8000-000000000000"]),
  ],
  auditEvents: [b64(["x"]), b64([-4]), b64([1.5]), b64(["1e3"])],
  outbox: [b64(["x"]), b64([0])],
  members: [b64(["x"]), b64([42])],
};
const GARBAGE = ["%%%", "bm90IGpzb24", b64({ a: 1 }), b64([]), b64(["a", "b", "c"]), encodeCursor(["a", "b", "c"]), "=="];

describe.each(dialects())("every cursor is validated (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("refuses malformed cursors on every list with BAD_USER_INPUT and keeps paging with real ones", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const group = await app.ok(
      "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
      { i: { organizationId: acme.orgId, name: "Team", address: "team@acme.test" } },
      acme.adminToken,
    );
    const groupId = group.createGroup.id;
    const ben = await app.createAccount(acme.orgId, { primaryAddress: "ben@acme.test", exchangeEnabled: true });
    // Two provisioning jobs, so jobs has a second page.
    for (const address of ["ben.x@acme.test", "ben.y@acme.test"]) {
      await app.ok("mutation($i: AddSecondaryAddressInput!) { addSecondaryAddress(input: $i) { id } }", { i: { accountId: ben, address } }, acme.adminToken);
    }
    // A confirmation mail in the outbox.
    await app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { __typename } }", { i: { accountId: ben, address: "ben@example.org" } }, acme.adminToken);
    await app.ok(
      "mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { memberCount } }",
      { g: groupId, m: [{ address: "x@example.org" }, { address: "y@example.org" }] },
      acme.adminToken,
    );

    const lists: Record<string, { query: string; token: string; variables?: Record<string, unknown> }> = {
      accounts: { query: "query($a: String) { accounts(first: 1, after: $a) { edges { cursor } } }", token: acme.adminToken },
      groups: { query: "query($a: String) { groups(first: 1, after: $a) { edges { cursor } } }", token: acme.adminToken },
      organizations: { query: "query($a: String) { organizations(first: 1, after: $a) { edges { cursor } } }", token: app.operatorToken },
      jobs: { query: "query($a: String) { jobs(first: 1, after: $a) { edges { cursor } } }", token: acme.adminToken },
      auditEvents: { query: "query($a: String) { auditEvents(first: 1, after: $a) { edges { cursor } } }", token: acme.adminToken },
      outbox: { query: "query($a: String) { outbox(first: 1, after: $a) { edges { cursor } } }", token: app.operatorToken },
      members: {
        query: "query($g: ID!, $a: String) { group(id: $g) { members(first: 1, after: $a) { edges { cursor } } } }",
        token: acme.adminToken,
        variables: { g: groupId },
      },
    };
    for (const [name, list] of Object.entries(lists)) {
      for (const cursor of [...MALFORMED_FOR[name], ...GARBAGE]) {
        const res = await app.gql(list.query, { ...list.variables, a: cursor }, list.token);
        expect({ name, cursor, status: res.status, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({
          name,
          cursor,
          status: 200,
          codes: ["BAD_USER_INPUT"],
        });
      }
      // A cursor the list made itself still pages.
      const first = await app.ok(list.query, { ...list.variables }, list.token);
      const edges = name === "members" ? first.group.members.edges : first[name].edges;
      expect({ name, n: edges.length }).toEqual({ name, n: 1 });
      const next = await app.gql(list.query, { ...list.variables, a: edges[0].cursor }, list.token);
      expect({ name, errors: next.errors }).toEqual({ name, errors: undefined });
    }
  });
});

import { PRINCIPALS, type World, buildWorld } from "./authz/world";
import { dialects } from "./support/databases";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, TestApp } from "./support/harness";

/**
 * Nesting reads nothing the root would refuse: the paths the security review
 * walked, and a crawl through every relation that checks each object it
 * reached against the root query for the same object.
 */

const ACCOUNT = "id displayName primaryAddress { address } addresses { address } pendingAliasClaims { address }";
const CRAWLS = [
  `{ viewer { account { ${ACCOUNT} groups { id name recipients owners { ${ACCOUNT} } members(first: 10) { edges { node { account { ${ACCOUNT} } group { id name } } } } } } } }`,
  `query($g: ID!) { group(id: $g) { id name recipients owners { ${ACCOUNT} } members(first: 10) { edges { node { account { ${ACCOUNT} groups { id name } } group { id name recipients members(first: 5) { edges { node { account { id displayName } } } } } } } } } }`,
];

type Json = Record<string, unknown>;

/** Every object in `value` that has an `id` and one of `marker`'s keys, with the keys it answered (non-null). */
function collect(value: unknown, marker: string, found: Map<string, Set<string>> = new Map()): Map<string, Set<string>> {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, marker, found);
  } else if (value && typeof value === "object") {
    const object = value as Json;
    if (typeof object.id === "string" && marker in object) {
      const keys = found.get(object.id) ?? new Set<string>();
      for (const [key, v] of Object.entries(object)) if (v !== null && key !== "id") keys.add(key);
      found.set(object.id, keys);
    }
    for (const v of Object.values(object)) collect(v, marker, found);
  }
  return found;
}

describe.each(dialects())("nested reads on %s", (dialect) => {
  let app: TestApp;
  let w: World;

  beforeAll(async () => {
    app = await TestApp.start(dialect);
    w = await buildWorld(app, { email: OPERATOR_EMAIL, password: OPERATOR_PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
  });
  afterEach(() => {
    expect(app.unexpectedErrors).toEqual([]);
  });

  it("a GUEST walking from itself into its groups sees their names and addresses, and nobody else's addresses or claims", async () => {
    const attack = await app.gql(
      "{ viewer { account { groups { name address recipients members { edges { node { account { addresses { address } pendingAliasClaims { address } } } } } } } } }",
      {},
      w.tokens.guest,
    );
    expect(attack.body).not.toMatch(/pro@|pro\.alias|pro\.private|friend@/);
    expect(new Set(attack.errors?.map((e) => e.extensions?.code))).toEqual(new Set(["FORBIDDEN"]));
    const own = await app.ok("{ viewer { account { groups { name address } } } }", {}, w.tokens.guest);
    expect(own.viewer.account.groups).toEqual([
      { name: "Inner", address: `inner@${w.domain}` },
      { name: "Lobby", address: `lobby@${w.domain}` },
    ]);
  });

  it("confirmAlias offers no account graph to whoever holds a link", async () => {
    const res = await app.gql('mutation { confirmAlias(token: "x") { address account { organization { name } } } }', {}, null);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toBe('Cannot query field "account" on type "AliasConfirmation".');
  });

  it("a group owner reads its roster's names and primary addresses, not their other addresses, claims or memberships", async () => {
    const res = await app.gql(
      "query($g: ID!) { group(id: $g) { members { edges { node { account { displayName primaryAddress { address } addresses { address } pendingAliasClaims { address } groups { name } } } } } } }",
      { g: w.teamId },
      w.tokens.owner,
    );
    expect(res.body).not.toMatch(/pro\.alias|pro\.private|pro\.second|Lobby/);
    expect(res.errors?.map((e) => [e.extensions?.code, e.path?.slice(-1)[0]])).toEqual([
      ["FORBIDDEN", "addresses"],
      ["FORBIDDEN", "pendingAliasClaims"],
      ["FORBIDDEN", "groups"],
    ]);
    const members = (
      await app.ok(
        "query($g: ID!) { group(id: $g) { members { edges { node { account { displayName primaryAddress { address } } } } } } }",
        { g: w.teamId },
        w.tokens.owner,
      )
    ).group.members.edges
      .map((e: { node: { account: unknown } }) => e.node.account)
      .filter(Boolean);
    expect(members).toEqual([{ displayName: "Pro", primaryAddress: { address: `pro@${w.domain}` } }]);
  });

  it("an owner sees the groups nested in its group by name, not their rosters or recipients", async () => {
    const res = await app.gql(
      "query($g: ID!) { group(id: $g) { members { edges { node { group { name address members { totalCount } recipients } } } } } }",
      { g: w.teamId },
      w.tokens.owner,
    );
    expect(res.body).not.toContain(`guest@${w.domain}`);
    expect(res.errors?.map((e) => [e.extensions?.code, e.path?.slice(-1)[0]])).toEqual([
      ["FORBIDDEN", "members"],
      ["FORBIDDEN", "recipients"],
    ]);
    expect(res.data?.group.members.edges.map((e: { node: { group: unknown } }) => e.node.group).filter(Boolean)).toEqual([
      { name: "Inner", address: `inner@${w.domain}`, members: null, recipients: null },
    ]);
  });

  it("a member reads its group's name but not its owners, members or recipients", async () => {
    const res = await app.gql("query($g: ID!) { group(id: $g) { name owners { id } memberCount recipients } }", { g: w.teamId }, w.tokens.professional);
    expect(res.data?.group.name).toBe("Team");
    expect(res.data?.group).toEqual({ name: "Team", owners: null, memberCount: null, recipients: null });
    expect(res.errors?.map((e) => [e.extensions?.code, e.path?.slice(-1)[0]])).toEqual([
      ["FORBIDDEN", "owners"],
      ["FORBIDDEN", "memberCount"],
      ["FORBIDDEN", "recipients"],
    ]);
    expect(res.body).not.toContain("owner@");
  });

  it("domains' verification tokens are for admins; members see the domain names", async () => {
    const res = await app.gql("{ viewer { organization { name } } domains { name verificationRecord { value } } }", {}, w.tokens.guest);
    expect(res.data?.domains).toEqual([
      { name: w.secondDomain, verificationRecord: null },
      { name: w.domain, verificationRecord: null },
    ]);
    expect(res.body).not.toContain("postroom-verification=");
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
  });

  it.each(PRINCIPALS.filter((p) => p !== "anonymous"))(
    "%s: every account and group reached through nesting answers the same fields at the root",
    async (principal) => {
      const accounts = new Map<string, Set<string>>();
      const groups = new Map<string, Set<string>>();
      for (const [doc, g] of [
        [CRAWLS[0], null],
        [CRAWLS[1], w.teamId],
        [CRAWLS[1], w.lobbyId],
        [CRAWLS[1], w.innerId],
      ]) {
        const crawl = await app.gql(doc as string, g ? { g } : {}, w.tokens[principal]);
        expect([crawl.status, crawl.status === 200 ? "" : crawl.body]).toEqual([200, ""]);
        collect(crawl.data, "displayName", accounts);
        collect(crawl.data, "name", groups);
      }
      for (const [id, keys] of accounts) {
        if (!keys.size) continue;
        const fields = [...keys]
          .map((k) => (k === "primaryAddress" || k === "addresses" || k === "pendingAliasClaims" ? `${k} { address }` : k === "groups" ? "groups { id }" : k))
          .join(" ");
        const root = await app.gql(`query($id: ID!) { account(id: $id) { ${fields} } }`, { id }, w.tokens[principal]);
        expect([principal, id, root.errors ?? []]).toEqual([principal, id, []]);
      }
      for (const [id, keys] of groups) {
        if (!keys.size) continue;
        const fields = [...keys].map((k) => (k === "members" ? "members { totalCount }" : k === "owners" ? "owners { id }" : k)).join(" ");
        const root = await app.gql(`query($id: ID!) { group(id: $id) { ${fields} } }`, { id }, w.tokens[principal]);
        expect([principal, id, root.errors ?? []]).toEqual([principal, id, []]);
      }
      // The crawl reached something for everyone: the check above is not empty.
      expect(accounts.size + groups.size).toBeGreaterThan(0);
    },
  );
});

import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const CREATE_GROUP = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }";
const OWNERS = "mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }";
const ADD = "mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id memberCount } }";
const GROUPS = "query($o: ID) { groups(organizationId: $o, first: 10) { totalCount edges { node { name } } } }";
const MEMBER_OF = "query($id: ID!) { group(id: $id) { memberOf { name } } }";
const PREVIEW = "query($t: String!) { aliasClaimPreview(token: $t) { address unicodeAddress accountDisplayName expiresAt } }";
const CONFIRM = "mutation($t: String!) { confirmAlias(token: $t) { address status } }";
const REQUEST = "mutation($i: RequestAliasInput!) { requestAlias(input: $i) { claim { id expiresAt } } }";
const OUTBOX = "query { outbox(first: 1) { edges { node { textBody } } } }";
const AUDIT = `query($o: ID, $actor: ID, $from: DateTimeISO, $to: DateTimeISO) {
  auditEvents(organizationId: $o, actorId: $actor, from: $from, to: $to, first: 100) { totalCount edges { node { action actorId } } } }`;
const JOBS = "query($o: ID, $a: ID) { jobs(organizationId: $o, accountId: $a) { totalCount edges { node { kind address } } } }";
const STATS = `query($o: ID) { directoryStats(organizationId: $o) {
  accounts addresses groups domains domainsPendingVerification expiringAliasClaims { address account { id } } } }`;

describe.each(dialects())("queries behind the console (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: { orgId: string; adminId: string; adminToken: string; domain: string };
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
  });

  async function group(name: string, local: string): Promise<string> {
    return (await app.ok(CREATE_GROUP, { i: { organizationId: acme.orgId, name, address: `${local}@acme.test` } })).createGroup.id;
  }

  async function professional(local: string): Promise<{ id: string; token: string }> {
    const id = await app.createAccount(acme.orgId, { displayName: `Pro ${local}`, primaryAddress: `${local}@acme.test`, profile: "PROFESSIONAL", password: `${local}-password-1` });
    return { id, token: await app.login(`${local}@acme.test`, `${local}-password-1`) };
  }

  it("lists only the groups a non-admin owner owns, and none for an account that owns none", async () => {
    const ann = await professional("ann");
    const bob = await professional("bob");
    const sales = await group("Sales", "sales");
    await group("Board", "board");
    await app.ok(OWNERS, { g: sales, a: [ann.id] });
    const owned = (await app.ok(GROUPS, { o: acme.orgId }, ann.token)).groups;
    expect(owned).toEqual({ totalCount: 1, edges: [{ node: { name: "Sales" } }] });
    expect((await app.ok(GROUPS, {}, bob.token)).groups).toEqual({ totalCount: 0, edges: [] });
    expect((await app.ok(GROUPS, { o: acme.orgId }, acme.adminToken)).groups.totalCount).toBe(2);
  });

  it("names the loop in GROUP_CYCLE's path, and lists the groups that contain a group", async () => {
    const a = await group("Alpha", "alpha");
    const b = await group("Beta", "beta");
    const c = await group("Gamma", "gamma");
    await app.ok(ADD, { g: a, m: [{ groupId: b }] });
    await app.ok(ADD, { g: b, m: [{ groupId: c }] });
    const res = await app.gql(ADD, { g: c, m: [{ groupId: a }] });
    expect(res.errors?.[0].extensions?.code).toBe("GROUP_CYCLE");
    expect(res.errors?.[0].extensions?.path).toEqual(["Gamma", "Alpha", "Beta", "Gamma"]);
    expect(res.errors?.[0].message).toBe("Adding this group would make a loop: Gamma → Alpha → Beta → Gamma. Nothing was added.");
    const self = await app.gql(ADD, { g: a, m: [{ groupId: a }] });
    expect(self.errors?.[0].extensions?.path).toEqual(["Alpha", "Alpha"]);
    expect((await app.ok(MEMBER_OF, { id: b })).group.memberOf).toEqual([{ name: "Alpha" }]);
    expect((await app.ok(MEMBER_OF, { id: a })).group.memberOf).toEqual([]);
  });

  it("previews a confirmation link without using it up, and refuses a dead one alike", async () => {
    const ann = await professional("ann");
    const asked = (await app.ok(REQUEST, { i: { accountId: ann.id, address: "ann.private@example.net" } }, ann.token)).requestAlias.claim;
    const text: string = (await app.ok(OUTBOX)).outbox.edges[0].node.textBody;
    const token = /#t=([A-Za-z0-9_-]+)/.exec(text)?.[1] as string;
    const preview = (await app.ok(PREVIEW, { t: token }, null)).aliasClaimPreview;
    expect(preview).toEqual({ address: "ann.private@example.net", unicodeAddress: "ann.private@example.net", accountDisplayName: "Pro ann", expiresAt: asked.expiresAt });
    expect((await app.ok(CONFIRM, { t: token }, null)).confirmAlias).toEqual({ address: "ann.private@example.net", status: "ACTIVE" });
    expect(await app.code(PREVIEW, { t: token }, null)).toBe("INVALID_TOKEN");
    expect(await app.code(PREVIEW, { t: "not-a-token" }, null)).toBe("INVALID_TOKEN");
  });

  it("filters audit events by actor and by a date range", async () => {
    const ann = await professional("ann");
    await app.ok(REQUEST, { i: { accountId: ann.id, address: "ann.private@example.net" } }, ann.token);
    const byAnn = (await app.ok(AUDIT, { o: acme.orgId, actor: ann.id })).auditEvents;
    expect(byAnn.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual(["alias.request"]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await app.ok(AUDIT, { o: acme.orgId, from: future })).auditEvents.totalCount).toBe(0);
    const all = (await app.ok(AUDIT, { o: acme.orgId })).auditEvents.totalCount;
    expect(all).toBeGreaterThan(1);
    expect((await app.ok(AUDIT, { o: acme.orgId, from: "2000-01-01T00:00:00Z", to: future })).auditEvents.totalCount).toBe(all);
    expect((await app.ok(AUDIT, { o: acme.orgId, to: "2000-01-01T00:00:00Z" })).auditEvents.totalCount).toBe(0);
  });

  it("filters jobs by the account they concern and names the address", async () => {
    const ann = await app.createAccount(acme.orgId, { displayName: "Ann", primaryAddress: "ann@acme.test", exchangeEnabled: true });
    const bob = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test", exchangeEnabled: true });
    await app.ok("mutation($i: AddSecondaryAddressInput!) { addSecondaryAddress(input: $i) { id } }", { i: { accountId: ann, address: "ann.old@acme.test" } });
    await app.ok("mutation($i: AddSecondaryAddressInput!) { addSecondaryAddress(input: $i) { id } }", { i: { accountId: bob, address: "bob.old@acme.test" } });
    expect((await app.ok(JOBS, { o: acme.orgId, a: ann })).jobs).toEqual({ totalCount: 1, edges: [{ node: { kind: "provision-address", address: "ann.old@acme.test" } }] });
    expect((await app.ok(JOBS, { o: acme.orgId })).jobs.totalCount).toBe(2);
  });

  it("counts the directory and lists claims expiring within a day", async () => {
    const ann = await professional("ann");
    await group("Sales", "sales");
    await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { organizationId: acme.orgId, name: "pending.example" } });
    await app.ok(REQUEST, { i: { accountId: ann.id, address: "ann.private@example.net" } }, ann.token);
    const stats = (await app.ok(STATS, { o: acme.orgId }, acme.adminToken)).directoryStats;
    expect(stats).toEqual({
      accounts: 2,
      addresses: 3,
      groups: 1,
      domains: 2,
      domainsPendingVerification: 1,
      expiringAliasClaims: [{ address: "ann.private@example.net", account: { id: ann.id } }],
    });
    expect(await app.code(STATS, { o: acme.orgId }, ann.token)).toBe("FORBIDDEN");
  });
});

import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import {
  AddDomainDocument,
  AddGroupMembersDocument,
  AddSecondaryAddressDocument,
  AliasClaimPreviewDocument,
  AuditEventsDocument,
  ConfirmAliasDocument,
  CreateGroupDocument,
  DirectoryStatsDocument,
  GroupMemberOfDocument,
  GroupsDocument,
  JobsDocument,
  OutboxDocument,
  RequestAliasDocument,
  SetGroupOwnersDocument,
} from "./generated/graphql";

describe.each(dialects())("queries behind the console (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let acme: { orgId: string; adminId: string; adminToken: string; domain: string };
  beforeEach(async () => {
    acme = await app.orgWithAdmin("Acme", "acme.test");
  });

  async function group(name: string, local: string): Promise<string> {
    return (await app.request(CreateGroupDocument, { input: { organizationId: acme.orgId, name, address: `${local}@acme.test` } })).createGroup.id;
  }

  async function professional(local: string): Promise<{ id: string; token: string }> {
    const id = await app.createAccount(acme.orgId, {
      displayName: `Pro ${local}`,
      primaryAddress: `${local}@acme.test`,
      profile: "PROFESSIONAL",
      password: `${local}-password-1`,
    });
    return { id, token: await app.login(`${local}@acme.test`, `${local}-password-1`) };
  }

  it("lists only the groups a non-admin owner owns, and none for an account that owns none", async () => {
    const ann = await professional("ann");
    const bob = await professional("bob");
    const sales = await group("Sales", "sales");
    await group("Board", "board");
    await app.request(SetGroupOwnersDocument, { groupId: sales, accountIds: [ann.id] });
    const owned = (await app.request(GroupsDocument, { organizationId: acme.orgId, first: 10 }, ann.token)).groups;
    expect(owned).toEqual({ totalCount: 1, edges: [{ node: { id: sales, name: "Sales" } }] });
    expect((await app.request(GroupsDocument, { first: 10 }, bob.token)).groups).toEqual({ totalCount: 0, edges: [] });
    expect((await app.request(GroupsDocument, { organizationId: acme.orgId, first: 10 }, acme.adminToken)).groups.totalCount).toBe(2);
  });

  it("names the loop in GROUP_CYCLE's path, and lists the groups that contain a group", async () => {
    const a = await group("Alpha", "alpha");
    const b = await group("Beta", "beta");
    const c = await group("Gamma", "gamma");
    await app.request(AddGroupMembersDocument, { groupId: a, members: [{ groupId: b }] });
    await app.request(AddGroupMembersDocument, { groupId: b, members: [{ groupId: c }] });
    const res = await app.gql(AddGroupMembersDocument, { groupId: c, members: [{ groupId: a }] });
    expect(res.errors?.[0].extensions?.code).toBe("GROUP_CYCLE");
    expect(res.errors?.[0].extensions?.path).toEqual(["Gamma", "Alpha", "Beta", "Gamma"]);
    expect(res.errors?.[0].message).toBe("Adding this group would make a loop: Gamma → Alpha → Beta → Gamma. Nothing was added.");
    const self = await app.gql(AddGroupMembersDocument, { groupId: a, members: [{ groupId: a }] });
    expect(self.errors?.[0].extensions?.path).toEqual(["Alpha", "Alpha"]);
    expect((await app.request(GroupMemberOfDocument, { id: b })).group.memberOf).toEqual([{ name: "Alpha" }]);
    expect((await app.request(GroupMemberOfDocument, { id: a })).group.memberOf).toEqual([]);
  });

  it("previews a confirmation link without using it up, and refuses a dead one alike", async () => {
    const ann = await professional("ann");
    const asked = (await app.request(RequestAliasDocument, { input: { accountId: ann.id, address: "ann.private@example.net" } }, ann.token)).requestAlias.claim;
    const text = (await app.request(OutboxDocument, { first: 1 })).outbox.edges[0].node.textBody;
    const token = /#t=([A-Za-z0-9_-]+)/.exec(text)?.[1] as string;
    const preview = (await app.request(AliasClaimPreviewDocument, { token }, null)).aliasClaimPreview;
    expect(preview).toEqual({
      address: "ann.private@example.net",
      unicodeAddress: "ann.private@example.net",
      accountDisplayName: "Pro ann",
      expiresAt: asked?.expiresAt,
    });
    expect((await app.request(ConfirmAliasDocument, { token }, null)).confirmAlias).toEqual({
      address: "ann.private@example.net",
      unicodeAddress: "ann.private@example.net",
      status: "ACTIVE",
    });
    expect(await app.code(AliasClaimPreviewDocument, { token }, null)).toBe("INVALID_TOKEN");
    expect(await app.code(AliasClaimPreviewDocument, { token: "not-a-token" }, null)).toBe("INVALID_TOKEN");
  });

  it("filters audit events by actor and by a date range", async () => {
    const ann = await professional("ann");
    await app.request(RequestAliasDocument, { input: { accountId: ann.id, address: "ann.private@example.net" } }, ann.token);
    const byAnn = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, actorId: ann.id, first: 100 })).auditEvents;
    expect(byAnn.edges.map((e) => e.node.action)).toEqual(["alias.request"]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await app.request(AuditEventsDocument, { organizationId: acme.orgId, from: future, first: 100 })).auditEvents.totalCount).toBe(0);
    const all = (await app.request(AuditEventsDocument, { organizationId: acme.orgId, first: 100 })).auditEvents.totalCount;
    expect(all).toBeGreaterThan(1);
    expect(
      (await app.request(AuditEventsDocument, { organizationId: acme.orgId, from: "2000-01-01T00:00:00Z", to: future, first: 100 })).auditEvents.totalCount,
    ).toBe(all);
    expect((await app.request(AuditEventsDocument, { organizationId: acme.orgId, to: "2000-01-01T00:00:00Z", first: 100 })).auditEvents.totalCount).toBe(0);
  });

  it("filters jobs by the account they concern and names the address", async () => {
    const ann = await app.createAccount(acme.orgId, { displayName: "Ann", primaryAddress: "ann@acme.test", exchangeEnabled: true });
    const bob = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test", exchangeEnabled: true });
    await app.request(AddSecondaryAddressDocument, { input: { accountId: ann, address: "ann.old@acme.test" } });
    await app.request(AddSecondaryAddressDocument, { input: { accountId: bob, address: "bob.old@acme.test" } });
    const annsJobs = (await app.request(JobsDocument, { organizationId: acme.orgId, accountId: ann })).jobs;
    expect({ totalCount: annsJobs.totalCount, nodes: annsJobs.edges.map((e) => ({ kind: e.node.kind, address: e.node.address })) }).toEqual({
      totalCount: 1,
      nodes: [{ kind: "provision-address", address: "ann.old@acme.test" }],
    });
    expect((await app.request(JobsDocument, { organizationId: acme.orgId })).jobs.totalCount).toBe(2);
  });

  it("counts the directory and lists claims expiring within a day", async () => {
    const ann = await professional("ann");
    await group("Sales", "sales");
    await app.request(AddDomainDocument, { input: { organizationId: acme.orgId, name: "pending.example" } });
    await app.request(RequestAliasDocument, { input: { accountId: ann.id, address: "ann.private@example.net" } }, ann.token);
    const stats = (await app.request(DirectoryStatsDocument, { organizationId: acme.orgId }, acme.adminToken)).directoryStats;
    expect(stats).toEqual({
      accounts: 2,
      addresses: 3,
      groups: 1,
      domains: 2,
      domainsPendingVerification: 1,
      expiringAliasClaims: [{ address: "ann.private@example.net", account: { id: ann.id } }],
    });
    expect(await app.code(DirectoryStatsDocument, { organizationId: acme.orgId }, ann.token)).toBe("FORBIDDEN");
  });
});

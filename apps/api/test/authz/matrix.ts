import type { TestApp } from "../support/harness";
import type { PrincipalName, World } from "./world";

/**
 * The authorization matrix: every query, every mutation and every field of
 * every object type they reach, against every principal. The test
 * (authorization-matrix.test.ts) walks the emitted schema and fails when any
 * of them has no row here, so a new field cannot ship without a decision.
 *
 * An expectation is "ok" (answered without error), "null" (the object the
 * field sits on, or the operation's answer, is null for this principal,
 * without error) or the contract code of the refusal.
 */
export type Expectation = "ok" | "null" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "ALIAS_NOT_ALLOWED";
export type Row = Record<PrincipalName, Expectation>;

const U = "UNAUTHENTICATED";
const F = "FORBIDDEN";
const N = "NOT_FOUND";
const OK = "ok";

function row(
  anonymous: Expectation,
  guest: Expectation,
  professional: Expectation,
  owner: Expectation,
  admin: Expectation,
  otherAdmin: Expectation,
  operator: Expectation,
): Row {
  return { anonymous, guest, professional, owner, admin, otherAdmin, operator };
}

/** Everyone may. */
const PUBLIC = row(OK, OK, OK, OK, OK, OK, OK);
/** Anyone signed in. */
const SIGNED_IN = row(U, OK, OK, OK, OK, OK, OK);
/** Acme's admins and operators; other organizations see nothing. */
const ADMIN = row(U, F, F, F, OK, N, OK);
/** Acme's admins and operators; another organization's admin gets an empty answer, not an error. */
const ADMIN_ELSE_NULL = row(U, F, F, F, OK, "null", OK);
/** Acme's members. */
const MEMBER = row(U, OK, OK, OK, OK, N, OK);
/** Operators only. */
const OPERATOR = row(U, F, F, F, F, F, OK);
/** Acme's group owners (for their group), admins and operators. */
const MANAGER = row(U, F, F, OK, OK, N, OK);

export interface CallSetup {
  app: TestApp;
  /** A name no other call has used. */
  unique(prefix: string): string;
  /** A fresh confirmation token for a new alias request of pro. */
  confirmationToken(): Promise<string>;
}

export interface OperationRow {
  doc: string;
  /** Variables for one call; may create what the call consumes (as the operator). */
  vars?: (w: World, s: CallSetup) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The call ends the caller's session: give it a session of its own. */
  freshSession?: boolean;
  expect: Row;
}

async function freshAccount(w: World, s: CallSetup, extra: Record<string, unknown> = {}): Promise<string> {
  return s.app.createAccount(w.orgId, { primaryAddress: `${s.unique("user")}@${w.domain}`, ...extra });
}

async function freshClaim(w: World, s: CallSetup): Promise<string> {
  const data = await s.app.ok("mutation($i: RequestAliasInput!) { requestAlias(input: $i) { claim { id } } }", {
    i: { accountId: w.proId, address: `${s.unique("pro")}@gmail.com` },
  });
  return data.requestAlias.claim.id;
}

/** A link's token for a claim of a fresh account (previews leave claims open, so pro's would pile up). */
async function previewToken(w: World, s: CallSetup): Promise<string> {
  const accountId = await freshAccount(w, s, { profile: "PROFESSIONAL" });
  const address = `${s.unique("preview")}@gmail.com`;
  await s.app.ok("mutation($i: RequestAliasInput!) { requestAlias(input: $i) { claim { id } } }", { i: { accountId, address } });
  const rows: { text_body: string }[] = await s.app.db.manager.query("SELECT text_body FROM outbox_message WHERE recipient = ?", [address]);
  return /#t=([A-Za-z0-9_-]{43})/.exec(rows[0].text_body)?.[1] as string;
}

async function freshGroup(w: World, s: CallSetup, owners: string[] = []): Promise<string> {
  const id = (
    await s.app.ok("mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }", {
      i: { organizationId: w.orgId, name: s.unique("Group"), address: `${s.unique("group")}@${w.domain}` },
    })
  ).createGroup.id as string;
  if (owners.length) await s.app.ok("mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }", { g: id, a: owners });
  return id;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

async function freshKey(w: World, s: CallSetup): Promise<string> {
  const data = await s.app.ok("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }", {
    i: { organizationId: w.orgId, name: s.unique("Key"), scopes: ["resolve"], expiresAt: inDays(30) },
  });
  return data.createApiKey.apiKey.id;
}

async function pendingDomain(w: World, s: CallSetup, publish = false): Promise<string> {
  const added = await s.app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id verificationRecord { name value } } }", {
    i: { organizationId: w.orgId, name: `${s.unique("d")}.example` },
  });
  const record = added.addDomain.verificationRecord;
  if (publish) s.app.dns.setTxt(record.name, [record.value]);
  return added.addDomain.id;
}

export const OPERATIONS: Record<string, OperationRow> = {
  // Queries (the objects asked for are Acme's).
  "Query.viewer": { doc: "{ viewer { role } }", expect: row("null", OK, OK, OK, OK, OK, OK) },
  "Query.organizations": { doc: "{ organizations(first: 5) { totalCount } }", expect: SIGNED_IN },
  "Query.organization": { doc: "query($id: ID!) { organization(id: $id) { id } }", vars: (w) => ({ id: w.orgId }), expect: MEMBER },
  "Query.domains": { doc: "query($o: ID) { domains(organizationId: $o) { id } }", vars: (w) => ({ o: w.orgId }), expect: MEMBER },
  "Query.account": { doc: "query($id: ID!) { account(id: $id) { id } }", vars: (w) => ({ id: w.proId }), expect: row(U, N, OK, OK, OK, N, OK) },
  "Query.accounts": { doc: "query($o: ID) { accounts(organizationId: $o) { totalCount } }", vars: (w) => ({ o: w.orgId }), expect: ADMIN },
  "Query.group": { doc: "query($id: ID!) { group(id: $id) { id } }", vars: (w) => ({ id: w.teamId }), expect: row(U, N, OK, OK, OK, N, OK) },
  // Admins list every group; other members only the groups they own (pro and guest: none).
  "Query.groups": { doc: "query($o: ID) { groups(organizationId: $o) { totalCount } }", vars: (w) => ({ o: w.orgId }), expect: MEMBER },
  "Query.resolveAddress": {
    doc: "query($a: String!) { resolveAddress(address: $a) { kind } }",
    vars: (w) => ({ a: `pro@${w.domain}` }),
    expect: ADMIN_ELSE_NULL,
  },
  "Query.checkSender": {
    doc: "query($g: String!, $s: String!) { checkSender(groupAddress: $g, sender: $s) { allowed } }",
    vars: (w) => ({ g: w.teamAddress, s: `pro@${w.domain}` }),
    expect: ADMIN_ELSE_NULL,
  },
  "Query.addressAvailability": {
    doc: "query($a: String!, $o: ID) { addressAvailability(address: $a, organizationId: $o) { available } }",
    vars: (w) => ({ a: `free@${w.domain}`, o: w.orgId }),
    expect: ADMIN,
  },
  "Query.auditEvents": { doc: "query($o: ID) { auditEvents(organizationId: $o) { totalCount } }", vars: (w) => ({ o: w.orgId }), expect: ADMIN },
  "Query.jobs": { doc: "query($o: ID) { jobs(organizationId: $o) { totalCount } }", vars: (w) => ({ o: w.orgId }), expect: ADMIN },
  "Query.outbox": { doc: "{ outbox(first: 5) { totalCount } }", expect: OPERATOR },
  "Query.events": { doc: "query($o: ID) { events(organizationId: $o) { totalCount } }", vars: (w) => ({ o: w.orgId }), expect: ADMIN },
  "Query.webhookEndpoints": { doc: "query($o: ID) { webhookEndpoints(organizationId: $o) { totalCount } }", vars: (w) => ({ o: w.orgId }), expect: ADMIN },
  "Query.webhookEndpoint": { doc: "query($id: ID!) { webhookEndpoint(id: $id) { id } }", vars: (w) => ({ id: w.webhookId }), expect: ADMIN },
  "Query.webhookDeliveries": { doc: "query($e: ID!) { webhookDeliveries(endpointId: $e) { totalCount } }", vars: (w) => ({ e: w.webhookId }), expect: ADMIN },
  "Mutation.setOrganizationCostBudget": {
    doc: "mutation($o: ID!) { setOrganizationCostBudget(organizationId: $o, input: { bucketSize: 5000 }) { organizationId bucketSize restoreRate isDefault } }",
    vars: (w) => ({ o: w.orgId }),
    expect: OPERATOR,
  },
  "Mutation.createWebhookEndpoint": {
    doc: 'mutation($o: ID) { createWebhookEndpoint(input: { organizationId: $o, url: "http://127.0.0.1:9/new" }) { endpoint { id } secret } }',
    vars: (w) => ({ o: w.orgId }),
    expect: ADMIN,
  },
  "Mutation.updateWebhookEndpoint": {
    doc: 'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { description: "d" }) { id } }',
    vars: (w) => ({ id: w.webhookId }),
    expect: ADMIN,
  },
  "Mutation.rotateWebhookSecret": {
    doc: "mutation($id: ID!) { rotateWebhookSecret(id: $id) { endpoint { id } } }",
    vars: (w) => ({ id: w.webhookId }),
    expect: ADMIN,
  },
  "Mutation.deleteWebhookEndpoint": {
    doc: "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }",
    vars: async (w, s) => ({
      id: (
        await s.app.ok('mutation($o: ID) { createWebhookEndpoint(input: { organizationId: $o, url: "http://127.0.0.1:9/gone" }) { endpoint { id } } }', {
          o: w.orgId,
        })
      ).createWebhookEndpoint.endpoint.id,
    }),
    expect: ADMIN,
  },
  "Mutation.testWebhookEndpoint": { doc: "mutation($id: ID!) { testWebhookEndpoint(id: $id) { id } }", vars: (w) => ({ id: w.webhookId }), expect: ADMIN },
  "Mutation.redeliverWebhook": { doc: "mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }", vars: (w) => ({ id: w.deliveryId }), expect: ADMIN },
  "Query.directoryStats": {
    doc: "query($o: ID) { directoryStats(organizationId: $o) { accounts addresses groups domains domainsPendingVerification expiringAliasClaims { id } } }",
    vars: (w) => ({ o: w.orgId }),
    expect: ADMIN,
  },
  "Query.aliasClaimPreview": {
    doc: "query($t: String!) { aliasClaimPreview(token: $t) { address unicodeAddress accountDisplayName expiresAt } }",
    vars: async (w, s) => ({ t: await previewToken(w, s) }),
    expect: PUBLIC,
  },

  // Mutations. Each call gets objects of its own where it consumes them.
  "Mutation.login": {
    doc: "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt viewer { role } } }",
    vars: (w) => ({ e: w.passwords.guest.email, p: w.passwords.guest.password }),
    expect: PUBLIC,
  },
  "Mutation.logout": { doc: "mutation { logout }", freshSession: true, expect: PUBLIC },
  "Mutation.createOrganization": {
    doc: "mutation($n: String!) { createOrganization(input: { name: $n }) { id } }",
    vars: (_w, s) => ({ n: s.unique("Org") }),
    expect: OPERATOR,
  },
  "Mutation.updateOrganizationPolicy": {
    doc: "mutation($id: ID!) { updateOrganizationPolicy(id: $id, input: { aliasSelfService: true }) { id } }",
    vars: (w) => ({ id: w.orgId }),
    expect: ADMIN,
  },
  "Mutation.addDomain": {
    doc: "mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }",
    vars: (w, s) => ({ i: { organizationId: w.orgId, name: `${s.unique("new")}.example` } }),
    expect: ADMIN,
  },
  "Mutation.updateDomain": {
    doc: "mutation($id: ID!) { updateDomain(id: $id, input: { mailService: WEB_EMAIL }) { id } }",
    vars: async (w, s) => ({ id: await pendingDomain(w, s) }),
    expect: ADMIN,
  },
  "Mutation.verifyDomain": {
    doc: "mutation($id: ID!) { verifyDomain(id: $id) { status } }",
    vars: async (w, s) => ({ id: await pendingDomain(w, s, true) }),
    expect: ADMIN,
  },
  "Mutation.removeDomain": {
    doc: "mutation($id: ID!) { removeDomain(id: $id) { id } }",
    vars: async (w, s) => ({ id: await pendingDomain(w, s) }),
    expect: ADMIN,
  },
  "Mutation.changeDomain": {
    doc: "mutation($i: ChangeDomainInput!) { changeDomain(input: $i) { changed from { id } to { id } } }",
    vars: async (w, s) => {
      const from = await s.app.verifiedDomain(w.orgId, `${s.unique("from")}.example`);
      const to = await s.app.verifiedDomain(w.orgId, `${s.unique("to")}.example`);
      await s.app.createAccount(w.orgId, { primaryAddress: `mover@${from.name}` });
      return { i: { organizationId: w.orgId, from: from.name, to: to.name } };
    },
    expect: ADMIN,
  },
  "Mutation.createAccount": {
    doc: "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }",
    vars: (w, s) => ({ i: { organizationId: w.orgId, displayName: "New", primaryAddress: `${s.unique("new")}@${w.domain}` } }),
    expect: ADMIN,
  },
  "Mutation.updateAccount": {
    doc: 'mutation($id: ID!) { updateAccount(id: $id, input: { displayName: "Renamed" }) { id } }',
    vars: async (w, s) => ({ id: await freshAccount(w, s) }),
    expect: ADMIN,
  },
  "Mutation.setPrimaryAddress": {
    doc: "mutation($id: ID!, $a: String!) { setPrimaryAddress(accountId: $id, address: $a) { id } }",
    vars: async (w, s) => ({ id: await freshAccount(w, s), a: `${s.unique("primary")}@${w.domain}` }),
    expect: ADMIN,
  },
  "Mutation.disableAccount": {
    doc: "mutation($id: ID!) { disableAccount(id: $id) { status } }",
    vars: async (w, s) => ({ id: await freshAccount(w, s) }),
    expect: ADMIN,
  },
  "Mutation.enableAccount": {
    doc: "mutation($id: ID!) { enableAccount(id: $id) { status } }",
    vars: async (w, s) => {
      const id = await freshAccount(w, s);
      await s.app.ok("mutation($id: ID!) { disableAccount(id: $id) { id } }", { id });
      return { id };
    },
    expect: ADMIN,
  },
  "Mutation.requestAlias": {
    doc: "mutation($i: RequestAliasInput!) { requestAlias(input: $i) { alias { id } claim { id address } } }",
    vars: (w, s) => ({ i: { accountId: w.proId, address: `${s.unique("req")}@gmail.com` } }),
    expect: row(U, N, OK, N, OK, N, OK),
  },
  "Mutation.confirmAlias": {
    doc: "mutation($t: String!) { confirmAlias(token: $t) { address unicodeAddress status } }",
    vars: async (_w, s) => ({ t: await s.confirmationToken() }),
    expect: PUBLIC,
  },
  "Mutation.resendAliasConfirmation": {
    doc: "mutation($id: ID!) { resendAliasConfirmation(claimId: $id) { id } }",
    vars: async (w, s) => ({ id: await freshClaim(w, s) }),
    expect: row(U, N, OK, N, OK, N, OK),
  },
  "Mutation.cancelAliasClaim": {
    doc: "mutation($id: ID!) { cancelAliasClaim(claimId: $id) { id } }",
    vars: async (w, s) => ({ id: await freshClaim(w, s) }),
    expect: row(U, N, OK, N, OK, N, OK),
  },
  "Mutation.addAlias": {
    doc: "mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } claim { id } } }",
    vars: (w, s) => ({ i: { accountId: w.proId, address: `${s.unique("alias")}@${w.domain}` } }),
    expect: ADMIN,
  },
  "Mutation.addSecondaryAddress": {
    doc: "mutation($i: AddSecondaryAddressInput!) { addSecondaryAddress(input: $i) { id } }",
    vars: (w, s) => ({ i: { accountId: w.proId, address: `${s.unique("second")}@${w.domain}` } }),
    expect: ADMIN,
  },
  "Mutation.removeAddress": {
    doc: "mutation($id: ID!) { removeAddress(id: $id) { id } }",
    vars: async (w, s) => {
      const data = await s.app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", {
        i: { accountId: w.proId, address: `${s.unique("gone")}@${w.domain}` },
      });
      return { id: data.addAlias.alias.id };
    },
    expect: row(U, N, OK, N, OK, N, OK),
  },
  "Mutation.offboardAccount": {
    doc: "mutation($i: OffboardAccountInput!) { offboardAccount(input: $i) { leaver { id } target { id } moved { id } released } }",
    vars: async (w, s) => ({ i: { accountId: await freshAccount(w, s), transferToAccountId: await freshAccount(w, s) } }),
    expect: ADMIN,
  },
  "Mutation.createGroup": {
    doc: "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
    vars: (w, s) => ({ i: { organizationId: w.orgId, name: s.unique("Group"), address: `${s.unique("g")}@${w.domain}` } }),
    expect: ADMIN,
  },
  "Mutation.updateGroup": {
    doc: 'mutation($id: ID!) { updateGroup(id: $id, input: { description: "changed" }) { id } }',
    vars: async (w, s) => ({ id: await freshGroup(w, s, [w.ownerId]) }),
    expect: MANAGER,
  },
  "Mutation.deleteGroup": {
    doc: "mutation($id: ID!) { deleteGroup(id: $id) { id } }",
    vars: async (w, s) => ({ id: await freshGroup(w, s, [w.ownerId]) }),
    expect: ADMIN,
  },
  "Mutation.addGroupMembers": {
    doc: "mutation($id: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $id, members: $m) { id } }",
    vars: async (w, s) => ({ id: await freshGroup(w, s, [w.ownerId]), m: [{ address: `${s.unique("ext")}@example.net` }] }),
    expect: MANAGER,
  },
  "Mutation.removeGroupMembers": {
    doc: "mutation($id: ID!, $m: [ID!]!) { removeGroupMembers(groupId: $id, memberIds: $m) { id } }",
    vars: async (w, s) => {
      const id = await freshGroup(w, s, [w.ownerId]);
      const added = await s.app.ok(
        "mutation($id: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $id, members: $m) { members { edges { node { id } } } } }",
        {
          id,
          m: [{ address: `${s.unique("ext")}@example.net` }],
        },
      );
      return { id, m: [added.addGroupMembers.members.edges[0].node.id] };
    },
    expect: MANAGER,
  },
  "Mutation.setGroupOwners": {
    doc: "mutation($id: ID!, $a: [ID!]!) { setGroupOwners(groupId: $id, accountIds: $a) { id } }",
    vars: async (w, s) => ({ id: await freshGroup(w, s, [w.ownerId]), a: [w.ownerId] }),
    expect: ADMIN,
  },
  "Query.apiKeys": { doc: "query($o: ID) { apiKeys(organizationId: $o) { totalCount } }", vars: (w) => ({ o: w.orgId }), expect: ADMIN },
  "Mutation.createApiKey": {
    doc: "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id name } secret } }",
    vars: (w, s) => ({ i: { organizationId: w.orgId, name: s.unique("Key"), scopes: ["resolve"], expiresAt: inDays(30) } }),
    expect: ADMIN,
  },
  "Mutation.rotateApiKey": {
    doc: "mutation($id: ID!) { rotateApiKey(id: $id) { apiKey { id } secret } }",
    vars: async (w, s) => ({ id: await freshKey(w, s) }),
    expect: ADMIN,
  },
  "Mutation.revokeApiKey": {
    doc: "mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }",
    vars: async (w, s) => ({ id: await freshKey(w, s) }),
    expect: ADMIN,
  },
};

/**
 * Operations whose call (as OPERATIONS sets it up) writes an address on
 * Acme's first domain (or elsewhere): the domain-restricted key, limited to
 * acme-two.test, is refused them even with the scope.
 */
export const WRITES_ADDRESSES_OUTSIDE_SECOND_DOMAIN = new Set([
  "Mutation.setPrimaryAddress",
  "Mutation.requestAlias",
  "Mutation.addAlias",
  "Mutation.addSecondaryAddress",
  "Mutation.removeAddress",
  "Mutation.changeDomain",
  "Mutation.offboardAccount",
  "Mutation.createAccount",
  "Mutation.createGroup",
  "Mutation.deleteGroup",
]);

/**
 * How a field of a type is reached: a document with `%F` where the field's
 * selection goes, and the path (through lists) to the objects it sits on.
 */
export interface Probe {
  doc: string;
  vars: (w: World) => Record<string, unknown>;
  path: string[];
}

export const PROBES: Record<string, Probe> = {
  Account: { doc: "query($id: ID!) { account(id: $id) { %F } }", vars: (w) => ({ id: w.proId }), path: ["account"] },
  Address: { doc: "query($id: ID!) { account(id: $id) { aliases { %F } } }", vars: (w) => ({ id: w.proId }), path: ["account", "aliases"] },
  AliasClaim: {
    doc: "query($id: ID!) { account(id: $id) { pendingAliasClaims { %F } } }",
    vars: (w) => ({ id: w.proId }),
    path: ["account", "pendingAliasClaims"],
  },
  DistributionGroup: { doc: "query($id: ID!) { group(id: $id) { %F } }", vars: (w) => ({ id: w.teamId }), path: ["group"] },
  GroupMember: {
    doc: "query($id: ID!) { group(id: $id) { members(first: 10) { edges { node { %F } } } } }",
    vars: (w) => ({ id: w.teamId }),
    path: ["group", "members", "edges", "node"],
  },
  GroupMemberConnection: {
    doc: "query($id: ID!) { group(id: $id) { members(first: 10) { %F } } }",
    vars: (w) => ({ id: w.teamId }),
    path: ["group", "members"],
  },
  GroupMemberEdge: {
    doc: "query($id: ID!) { group(id: $id) { members(first: 10) { edges { %F } } } }",
    vars: (w) => ({ id: w.teamId }),
    path: ["group", "members", "edges"],
  },
  GroupExpansion: { doc: "query($id: ID!) { group(id: $id) { expansion { %F } } }", vars: (w) => ({ id: w.teamId }), path: ["group", "expansion"] },
  SmtpExpandability: {
    doc: "query($id: ID!) { group(id: $id) { smtpExpandable { %F } } }",
    vars: (w) => ({ id: w.teamId }),
    path: ["group", "smtpExpandable"],
  },
  Domain: { doc: "query($o: ID) { domains(organizationId: $o) { %F } }", vars: (w) => ({ o: w.orgId }), path: ["domains"] },
  VerificationRecord: {
    doc: "query($o: ID) { domains(organizationId: $o) { verificationRecord { %F } } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["domains", "verificationRecord"],
  },
  Organization: { doc: "query($id: ID!) { organization(id: $id) { %F } }", vars: (w) => ({ id: w.orgId }), path: ["organization"] },
  OrganizationPolicy: { doc: "query($id: ID!) { organization(id: $id) { policy { %F } } }", vars: (w) => ({ id: w.orgId }), path: ["organization", "policy"] },
  OrganizationConnection: { doc: "{ organizations(first: 5) { %F } }", vars: () => ({}), path: ["organizations"] },
  OrganizationEdge: { doc: "{ organizations(first: 5) { edges { %F } } }", vars: () => ({}), path: ["organizations", "edges"] },
  AccountConnection: { doc: "query($o: ID) { accounts(organizationId: $o) { %F } }", vars: (w) => ({ o: w.orgId }), path: ["accounts"] },
  AccountEdge: { doc: "query($o: ID) { accounts(organizationId: $o) { edges { %F } } }", vars: (w) => ({ o: w.orgId }), path: ["accounts", "edges"] },
  PageInfo: { doc: "query($o: ID) { accounts(organizationId: $o) { pageInfo { %F } } }", vars: (w) => ({ o: w.orgId }), path: ["accounts", "pageInfo"] },
  DistributionGroupConnection: { doc: "query($o: ID) { groups(organizationId: $o) { %F } }", vars: (w) => ({ o: w.orgId }), path: ["groups"] },
  DistributionGroupEdge: { doc: "query($o: ID) { groups(organizationId: $o) { edges { %F } } }", vars: (w) => ({ o: w.orgId }), path: ["groups", "edges"] },
  Job: { doc: "query($o: ID) { jobs(organizationId: $o) { edges { node { %F } } } }", vars: (w) => ({ o: w.orgId }), path: ["jobs", "edges", "node"] },
  JobConnection: { doc: "query($o: ID) { jobs(organizationId: $o) { %F } }", vars: (w) => ({ o: w.orgId }), path: ["jobs"] },
  JobEdge: { doc: "query($o: ID) { jobs(organizationId: $o) { edges { %F } } }", vars: (w) => ({ o: w.orgId }), path: ["jobs", "edges"] },
  AuditEvent: {
    doc: "query($o: ID) { auditEvents(organizationId: $o, first: 5) { edges { node { %F } } } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["auditEvents", "edges", "node"],
  },
  AuditEventConnection: { doc: "query($o: ID) { auditEvents(organizationId: $o, first: 5) { %F } }", vars: (w) => ({ o: w.orgId }), path: ["auditEvents"] },
  AuditEventEdge: {
    doc: "query($o: ID) { auditEvents(organizationId: $o, first: 5) { edges { %F } } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["auditEvents", "edges"],
  },
  Event: {
    doc: "query($o: ID) { events(organizationId: $o, first: 5) { edges { node { %F } } } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["events", "edges", "node"],
  },
  EventConnection: { doc: "query($o: ID) { events(organizationId: $o, first: 5) { %F } }", vars: (w) => ({ o: w.orgId }), path: ["events"] },
  EventEdge: { doc: "query($o: ID) { events(organizationId: $o, first: 5) { edges { %F } } }", vars: (w) => ({ o: w.orgId }), path: ["events", "edges"] },
  WebhookEndpoint: {
    doc: "query($o: ID) { webhookEndpoints(organizationId: $o) { edges { node { %F } } } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["webhookEndpoints", "edges", "node"],
  },
  WebhookEndpointConnection: {
    doc: "query($o: ID) { webhookEndpoints(organizationId: $o) { %F } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["webhookEndpoints"],
  },
  WebhookEndpointEdge: {
    doc: "query($o: ID) { webhookEndpoints(organizationId: $o) { edges { %F } } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["webhookEndpoints", "edges"],
  },
  WebhookDelivery: {
    doc: "query($e: ID!) { webhookDeliveries(endpointId: $e) { edges { node { %F } } } }",
    vars: (w) => ({ e: w.webhookId }),
    path: ["webhookDeliveries", "edges", "node"],
  },
  WebhookDeliveryConnection: {
    doc: "query($e: ID!) { webhookDeliveries(endpointId: $e) { %F } }",
    vars: (w) => ({ e: w.webhookId }),
    path: ["webhookDeliveries"],
  },
  WebhookDeliveryEdge: {
    doc: "query($e: ID!) { webhookDeliveries(endpointId: $e) { edges { %F } } }",
    vars: (w) => ({ e: w.webhookId }),
    path: ["webhookDeliveries", "edges"],
  },
  OutboxMessage: { doc: "{ outbox(first: 5) { edges { node { %F } } } }", vars: () => ({}), path: ["outbox", "edges", "node"] },
  ApiKey: {
    doc: "query($o: ID) { apiKeys(organizationId: $o, first: 3) { edges { node { %F } } } }",
    vars: (w) => ({ o: w.orgId }),
    path: ["apiKeys", "edges", "node"],
  },
  ApiKeyConnection: { doc: "query($o: ID) { apiKeys(organizationId: $o, first: 3) { %F } }", vars: (w) => ({ o: w.orgId }), path: ["apiKeys"] },
  ApiKeyEdge: { doc: "query($o: ID) { apiKeys(organizationId: $o, first: 3) { edges { %F } } }", vars: (w) => ({ o: w.orgId }), path: ["apiKeys", "edges"] },
  OutboxMessageConnection: { doc: "{ outbox(first: 5) { %F } }", vars: () => ({}), path: ["outbox"] },
  OutboxMessageEdge: { doc: "{ outbox(first: 5) { edges { %F } } }", vars: () => ({}), path: ["outbox", "edges"] },
  Viewer: { doc: "{ viewer { %F } }", vars: () => ({}), path: ["viewer"] },
  Operator: { doc: "{ viewer { operator { %F } } }", vars: () => ({}), path: ["viewer", "operator"] },
  Resolution: { doc: "query($a: String!) { resolveAddress(address: $a, sender: $a) { %F } }", vars: (w) => ({ a: w.teamAddress }), path: ["resolveAddress"] },
  ResolutionHop: {
    doc: "query($a: String!) { resolveAddress(address: $a) { trace { %F } } }",
    vars: (w) => ({ a: w.teamAddress }),
    path: ["resolveAddress", "trace"],
  },
  SenderVerdict: {
    doc: "query($a: String!) { resolveAddress(address: $a, sender: $a) { sender { %F } } }",
    vars: (w) => ({ a: w.teamAddress }),
    path: ["resolveAddress", "sender"],
  },
  SenderCheck: { doc: "query($a: String!) { checkSender(groupAddress: $a, sender: $a) { %F } }", vars: (w) => ({ a: w.teamAddress }), path: ["checkSender"] },
  AddressAvailability: {
    doc: "query($a: String!, $o: ID) { addressAvailability(address: $a, organizationId: $o) { %F } }",
    vars: (w) => ({ a: `free@${w.domain}`, o: w.orgId }),
    path: ["addressAvailability"],
  },
  AuthPayload: {
    doc: "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { %F } }",
    vars: (w) => ({ e: w.passwords.guest.email, p: w.passwords.guest.password }),
    path: ["login"],
  },
};

export type FieldRow = { probe: keyof typeof PROBES; expect: Row } | { inherit: keyof typeof OPERATIONS };

function fields(probe: keyof typeof PROBES, expect: Row, names: string[], type: string = probe): Record<string, FieldRow> {
  return Object.fromEntries(names.map((name) => [`${type}.${name}`, { probe, expect }]));
}
function inherit(type: string, operation: keyof typeof OPERATIONS, names: string[]): Record<string, FieldRow> {
  return Object.fromEntries(names.map((name) => [`${type}.${name}`, { inherit: operation }]));
}

/** Reading pro's account: itself, the owner of a group it is in (directory entry only), Acme's admins, operators. */
const ACCOUNT_ENTRY = row(U, N, OK, OK, OK, N, OK);
const ACCOUNT_PRIVATE = row(U, N, OK, F, OK, N, OK);
/** Reading group "team": its member pro, its owner, admins, operators; the roster only its owner and admins. */
const GROUP_ENTRY = row(U, N, OK, OK, OK, N, OK);
const GROUP_ROSTER = row(U, N, F, OK, OK, N, OK);
/** Through group team's roster (pro cannot see it). */
const ROSTER = row(U, N, F, OK, OK, N, OK);
const DOMAIN_RECORD = row(U, F, F, F, OK, N, OK);
const VIEWER = row("null", OK, OK, OK, OK, OK, OK);
const OPERATOR_RECORD = row("null", "null", "null", "null", "null", "null", OK);

export const FIELDS: Record<string, FieldRow> = {
  ...fields("Account", ACCOUNT_ENTRY, [
    "id",
    "displayName",
    "profile",
    "status",
    "exchangeEnabled",
    "createdAt",
    "updatedAt",
    "primaryAddress",
    "sendAs",
    "organization",
  ]),
  ...fields("Account", ACCOUNT_PRIVATE, ["addresses", "aliases", "secondaryAddresses", "formerAddresses", "pendingAliasClaims", "groups"]),
  ...fields("Address", ACCOUNT_PRIVATE, ["id", "address", "unicodeAddress", "kind", "status", "createdAt", "account", "group"]),
  ...fields("AliasClaim", ACCOUNT_PRIVATE, ["id", "address", "unicodeAddress", "expiresAt", "requestedBy", "createdAt", "account"]),
  ...fields("DistributionGroup", GROUP_ENTRY, ["id", "name", "address", "unicodeAddress", "description", "senderPolicy", "hiddenFromDirectory", "createdAt"]),
  ...fields("DistributionGroup", GROUP_ROSTER, ["members", "owners", "recipients", "expansion", "memberCount", "smtpExpandable", "memberOf"]),
  ...fields("GroupMember", ROSTER, ["id", "kind", "account", "group", "address"]),
  ...fields("GroupMemberConnection", ROSTER, ["edges", "pageInfo", "totalCount"]),
  ...fields("GroupMemberEdge", ROSTER, ["cursor", "node"]),
  ...fields("GroupExpansion", ROSTER, ["recipients", "trace", "truncated", "reason"]),
  ...fields("SmtpExpandability", ROSTER, ["ok", "reason"]),
  ...fields("Domain", MEMBER, ["id", "name", "unicodeName", "status", "mailService", "verifiedAt", "createdAt", "releasedAddresses", "addressCount"]),
  ...fields("Domain", DOMAIN_RECORD, ["verificationRecord"]),
  ...fields("VerificationRecord", DOMAIN_RECORD, ["name", "type", "value"]),
  ...fields("Organization", MEMBER, ["id", "name", "createdAt", "policy"]),
  ...fields("OrganizationPolicy", MEMBER, ["aliasSelfService", "maxAliasesPerAccount"]),
  ...fields("OrganizationConnection", SIGNED_IN, ["edges", "pageInfo", "totalCount"]),
  ...fields("OrganizationEdge", SIGNED_IN, ["cursor", "node"]),
  ...fields("AccountConnection", ADMIN, ["edges", "pageInfo", "totalCount"]),
  ...fields("AccountEdge", ADMIN, ["cursor", "node"]),
  ...fields("PageInfo", ADMIN, ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"]),
  ...fields("DistributionGroupConnection", MEMBER, ["edges", "pageInfo", "totalCount"]),
  // Pro and guest own no group: their lists are empty.
  ...fields("DistributionGroupEdge", row(U, "null", "null", OK, OK, N, OK), ["cursor", "node"]),
  ...fields("Job", ADMIN, ["id", "kind", "state", "attempts", "maxAttempts", "payload", "lastError", "runAt", "doneAt", "createdAt", "address"]),
  ...fields("JobConnection", ADMIN, ["edges", "pageInfo", "totalCount"]),
  ...fields("JobEdge", ADMIN, ["cursor", "node"]),
  ...fields("AuditEvent", ADMIN, ["id", "action", "actorType", "actorId", "actorLabel", "targetType", "targetId", "summary", "occurredAt"]),
  ...fields("AuditEventConnection", ADMIN, ["edges", "pageInfo", "totalCount"]),
  ...fields("AuditEventEdge", ADMIN, ["cursor", "node"]),
  ...fields("OutboxMessage", OPERATOR, ["id", "recipient", "sender", "subject", "textBody", "htmlBody", "createdAt"]),
  ...fields("OutboxMessageConnection", OPERATOR, ["edges", "pageInfo", "totalCount"]),
  ...fields("OutboxMessageEdge", OPERATOR, ["cursor", "node"]),
  ...fields("Viewer", VIEWER, ["role", "operator", "account", "organization"]),
  ...fields("Operator", OPERATOR_RECORD, ["id", "email"]),
  ...fields("Resolution", ADMIN_ELSE_NULL, ["address", "unicodeAddress", "kind", "status", "account", "group", "deliverTo", "trace", "truncated", "sender"]),
  ...fields("ResolutionHop", ADMIN_ELSE_NULL, ["kind", "from", "to", "detail"]),
  ...fields("SenderVerdict", ADMIN_ELSE_NULL, ["allowed", "policy", "reason"]),
  ...fields("SenderCheck", ADMIN_ELSE_NULL, ["group", "allowed", "policy", "reason"]),
  ...fields("AddressAvailability", ADMIN, ["address", "unicodeAddress", "available", "reason", "message"]),
  ...fields("AuthPayload", PUBLIC, ["token", "expiresAt", "viewer"]),
  ...fields("ApiKey", ADMIN, [
    "id",
    "organizationId",
    "name",
    "scopes",
    "domains",
    "allowedIps",
    "expiresAt",
    "previousSecretExpiresAt",
    "createdBy",
    "createdAt",
    "lastUsedAt",
    "lastUsedIp",
    "revokedAt",
  ]),
  ...fields("ApiKeyConnection", ADMIN, ["edges", "pageInfo", "totalCount"]),
  ...fields("ApiKeyEdge", ADMIN, ["cursor", "node"]),
  ...inherit("ApiKeySecretPayload", "Mutation.createApiKey", ["apiKey", "secret"]),
  ...inherit("AliasPayload", "Mutation.requestAlias", ["alias", "claim"]),
  ...inherit("AliasConfirmation", "Mutation.confirmAlias", ["address", "unicodeAddress", "status"]),
  ...inherit("OffboardPayload", "Mutation.offboardAccount", ["leaver", "target", "moved", "released"]),
  ...inherit("DomainChangePayload", "Mutation.changeDomain", ["changed", "from", "to"]),
  ...inherit("CostBudget", "Mutation.setOrganizationCostBudget", ["organizationId", "bucketSize", "restoreRate", "isDefault"]),
  ...inherit("WebhookEndpointWithSecret", "Mutation.createWebhookEndpoint", ["endpoint", "secret"]),
  ...fields("Event", ADMIN, ["id", "type", "occurredAt", "organizationId", "data"]),
  ...fields("EventConnection", ADMIN, ["edges", "pageInfo", "totalCount"]),
  ...fields("EventEdge", ADMIN, ["cursor", "node"]),
  ...fields("WebhookEndpoint", ADMIN, ["id", "organizationId", "url", "types", "description", "enabled", "createdAt", "updatedAt"]),
  ...fields("WebhookEndpointConnection", ADMIN, ["edges", "pageInfo", "totalCount"]),
  ...fields("WebhookEndpointEdge", ADMIN, ["cursor", "node"]),
  ...fields("WebhookDelivery", ADMIN, [
    "id",
    "endpointId",
    "organizationId",
    "eventId",
    "eventType",
    "status",
    "attempts",
    "responseCode",
    "lastError",
    "nextAttemptAt",
    "deliveredAt",
    "createdAt",
  ]),
  ...fields("WebhookDeliveryConnection", ADMIN, ["edges", "pageInfo", "totalCount"]),
  ...fields("WebhookDeliveryEdge", ADMIN, ["cursor", "node"]),
  ...inherit("DirectoryStats", "Query.directoryStats", ["accounts", "addresses", "groups", "domains", "domainsPendingVerification", "expiringAliasClaims"]),
  ...inherit("AliasClaimPreview", "Query.aliasClaimPreview", ["address", "unicodeAddress", "accountDisplayName", "expiresAt"]),
};

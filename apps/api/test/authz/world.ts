import { KEY_SCOPES, type KeyScope } from "../../src/auth/scopes";
import type { TestApp } from "../support/harness";

export const PRINCIPALS = ["anonymous", "guest", "professional", "owner", "admin", "otherAdmin", "operator"] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/**
 * Acme's API keys: one per scope, and one with addresses:write limited to
 * Acme's second domain (`restricted`). Each is asked every operation; the
 * read-scope keys also read every field (`readsFields`).
 */
export interface KeyPrincipal {
  name: string;
  scopes: KeyScope[];
  domains?: "second"[];
  readsFields?: true;
}
export const KEY_PRINCIPALS: KeyPrincipal[] = [
  ...KEY_SCOPES.map((scope): KeyPrincipal => ({
    name: `key ${scope}`,
    scopes: [scope],
    ...(scope.endsWith(":read") || scope === "resolve" ? { readsFields: true as const } : {}),
  })),
  { name: "key restricted", scopes: ["addresses:write"], domains: ["second"] },
];

/**
 * The organization every matrix row is asked about, and who asks.
 *
 * Acme (acme.test, EXCHANGE): admin; pro (PROFESSIONAL, Exchange, an alias, a
 * pending personal alias claim, a secondary address waiting for provisioning);
 * guest (GUEST); owner (PROFESSIONAL who owns group "team").
 * Group team: owned by owner; members pro, group "inner" and an external address.
 * Group inner (no owner): member guest. Group lobby (no owner): members guest and pro.
 * Beta (beta.test): otherAdmin and a colleague.
 * Acme also has a second verified domain, acme-two.test, and the KEY_PRINCIPALS.
 */
export interface World {
  tokens: Record<PrincipalName, string | null>;
  /** Secrets of KEY_PRINCIPALS by name. */
  keys: Record<string, string>;
  secondDomain: string;
  passwords: Record<Exclude<PrincipalName, "anonymous">, { email: string; password: string }>;
  orgId: string;
  otherOrgId: string;
  domainId: string;
  domain: string;
  adminId: string;
  proId: string;
  guestId: string;
  ownerId: string;
  otherAccountId: string;
  proAliasId: string;
  proClaimId: string;
  teamId: string;
  innerId: string;
  lobbyId: string;
  teamAddress: string;
  /** Acme's webhook endpoint (to a closed loopback port) with one test delivery. */
  webhookId: string;
  deliveryId: string;
}

const PASSWORD = "matrix-password-1";

export async function buildWorld(app: TestApp, operator: { email: string; password: string }): Promise<World> {
  const { orgId, adminId, adminToken, domain } = await app.orgWithAdmin("Acme", "acme.test");
  const domainId = (await app.ok("query($o: ID) { domains(organizationId: $o) { id } }", { o: orgId })).domains[0].id;
  const proId = await app.createAccount(orgId, {
    displayName: "Pro",
    primaryAddress: `pro@${domain}`,
    profile: "PROFESSIONAL",
    password: PASSWORD,
    exchangeEnabled: true,
  });
  const guestId = await app.createAccount(orgId, { displayName: "Guest", primaryAddress: `guest@${domain}`, profile: "GUEST", password: PASSWORD });
  const ownerId = await app.createAccount(orgId, { displayName: "Owner", primaryAddress: `owner@${domain}`, profile: "PROFESSIONAL", password: PASSWORD });
  const proAliasId = (
    await app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId: proId, address: `pro.alias@${domain}` } })
  ).addAlias.alias.id;
  const proClaimId = (
    await app.ok("mutation($i: RequestAliasInput!) { requestAlias(input: $i) { claim { id } } }", { i: { accountId: proId, address: "pro.private@gmail.com" } })
  ).requestAlias.claim.id;
  await app.ok("mutation($i: AddSecondaryAddressInput!) { addSecondaryAddress(input: $i) { id } }", {
    i: { accountId: proId, address: `pro.second@${domain}` },
  });

  const group = async (name: string, address: string) =>
    (await app.ok("mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }", { i: { organizationId: orgId, name, address } })).createGroup
      .id as string;
  const teamId = await group("Team", `team@${domain}`);
  const innerId = await group("Inner", `inner@${domain}`);
  const lobbyId = await group("Lobby", `lobby@${domain}`);
  const members = (groupId: string, list: object[]) =>
    app.ok("mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }", { g: groupId, m: list });
  await members(teamId, [{ accountId: proId }, { groupId: innerId }, { address: "friend@example.net" }]);
  await members(innerId, [{ accountId: guestId }]);
  await members(lobbyId, [{ accountId: guestId }, { accountId: proId }]);
  await app.ok("mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }", { g: teamId, a: [ownerId] });

  const second = await app.verifiedDomain(orgId, "acme-two.test");
  const keys: Record<string, string> = {};
  for (const key of KEY_PRINCIPALS) {
    const input = {
      organizationId: orgId,
      name: key.name,
      scopes: key.scopes,
      domains: key.domains ? [second.name] : null,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    };
    keys[key.name] = (await app.ok("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }", { i: input }, adminToken)).createApiKey.secret;
  }

  const beta = await app.orgWithAdmin("Beta", "beta.test");
  const otherAccountId = await app.createAccount(beta.orgId, { displayName: "Colleague", primaryAddress: `colleague@${beta.domain}`, password: PASSWORD });

  const hook = await app.ok('mutation($o: ID) { createWebhookEndpoint(input: { organizationId: $o, url: "http://127.0.0.1:9/hook" }) { endpoint { id } } }', {
    o: orgId,
  });
  const webhookId: string = hook.createWebhookEndpoint.endpoint.id;
  const deliveryId: string = (await app.ok("mutation($id: ID!) { testWebhookEndpoint(id: $id) { id } }", { id: webhookId })).testWebhookEndpoint.id;

  const passwords = {
    guest: { email: `guest@${domain}`, password: PASSWORD },
    professional: { email: `pro@${domain}`, password: PASSWORD },
    owner: { email: `owner@${domain}`, password: PASSWORD },
    admin: { email: `admin@${domain}`, password: "admin-password-1" },
    otherAdmin: { email: `admin@${beta.domain}`, password: "admin-password-1" },
    operator,
  };
  const tokens: Record<PrincipalName, string | null> = {
    anonymous: null,
    guest: await app.login(passwords.guest.email, PASSWORD),
    professional: await app.login(passwords.professional.email, PASSWORD),
    owner: await app.login(passwords.owner.email, PASSWORD),
    admin: adminToken,
    otherAdmin: beta.adminToken,
    operator: app.operatorToken,
  };
  return {
    tokens,
    keys,
    secondDomain: second.name,
    passwords,
    orgId,
    otherOrgId: beta.orgId,
    webhookId,
    deliveryId,
    domainId,
    domain,
    adminId,
    proId,
    guestId,
    ownerId,
    otherAccountId,
    proAliasId,
    proClaimId,
    teamId,
    innerId,
    lobbyId,
    teamAddress: `team@${domain}`,
  };
}

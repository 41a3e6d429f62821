/**
 * What an API key may do, declared once (DESIGN.md §4). A key's scopes name
 * areas; `:write` implies `:read` of the same area. Sessions (people) are not
 * scoped: their profile decides, in the services.
 */
export const KEY_SCOPES = [
  "accounts:read",
  "accounts:write",
  "addresses:read",
  "addresses:write",
  "groups:read",
  "groups:write",
  "domains:read",
  "domains:write",
  "audit:read",
  "resolve",
  "events:read",
  "webhooks:manage",
] as const;

export type KeyScope = (typeof KEY_SCOPES)[number];

export function isKeyScope(value: string): value is KeyScope {
  return (KEY_SCOPES as readonly string[]).includes(value);
}

/** The scopes a key holds in effect: the granted ones and the reads their writes imply, in KEY_SCOPES order. */
export function effectiveScopes(granted: readonly string[]): KeyScope[] {
  const held = new Set<string>(granted);
  for (const scope of granted) if (scope.endsWith(":write")) held.add(scope.replace(/:write$/, ":read"));
  return KEY_SCOPES.filter((s) => held.has(s));
}

/** Marks a root field no API key may call, whatever its scopes: it belongs to people (console) or operators. */
export const NOT_FOR_KEYS = "not-for-keys" as const;

/**
 * The scopes every query and mutation needs when an API key calls it (all of
 * them; an empty list means any key, the service then decides as for an ADMIN
 * of the key's organization). Building the schema fails when a root field has
 * no entry here or an entry names no root field (auth/scope-enforcement.ts),
 * so a new operation cannot ship without a decision.
 */
export const OPERATION_SCOPES: Record<string, readonly KeyScope[] | typeof NOT_FOR_KEYS> = {
  // Who am I, and my organization.
  "Query.viewer": [],
  "Query.organizations": [],
  "Query.organization": [],
  "Mutation.login": [],
  "Mutation.logout": [],
  "Mutation.confirmAlias": [],
  // Domains.
  "Query.domains": ["domains:read"],
  "Mutation.addDomain": ["domains:write"],
  "Mutation.updateDomain": ["domains:write"],
  "Mutation.verifyDomain": ["domains:write"],
  "Mutation.removeDomain": ["domains:write"],
  "Mutation.changeDomain": ["domains:write", "addresses:write"],
  // Accounts.
  "Query.account": ["accounts:read"],
  "Query.accounts": ["accounts:read"],
  "Mutation.createAccount": ["accounts:write"],
  "Mutation.updateAccount": ["accounts:write"],
  "Mutation.disableAccount": ["accounts:write"],
  "Mutation.enableAccount": ["accounts:write"],
  "Mutation.offboardAccount": ["accounts:write", "addresses:write"],
  // Addresses and alias requests.
  "Query.addressAvailability": ["addresses:read"],
  "Mutation.setPrimaryAddress": ["addresses:write"],
  "Mutation.requestAlias": ["addresses:write"],
  "Mutation.resendAliasConfirmation": ["addresses:write"],
  "Mutation.cancelAliasClaim": ["addresses:write"],
  "Mutation.addAlias": ["addresses:write"],
  "Mutation.addSecondaryAddress": ["addresses:write"],
  "Mutation.removeAddress": ["addresses:write"],
  // Groups.
  "Query.group": ["groups:read"],
  "Query.groups": ["groups:read"],
  "Mutation.createGroup": ["groups:write"],
  "Mutation.updateGroup": ["groups:write"],
  "Mutation.deleteGroup": ["groups:write"],
  "Mutation.addGroupMembers": ["groups:write"],
  "Mutation.removeGroupMembers": ["groups:write"],
  "Mutation.setGroupOwners": ["groups:write"],
  // Routing look-ups.
  "Query.resolveAddress": ["resolve"],
  "Query.checkSender": ["resolve"],
  // The trail.
  "Query.auditEvents": ["audit:read"],
  "Query.jobs": ["audit:read"],
  "Query.events": ["events:read"],
  "Query.webhookEndpoints": ["webhooks:manage"],
  "Query.webhookEndpoint": ["webhooks:manage"],
  "Query.webhookDeliveries": ["webhooks:manage"],
  "Mutation.createWebhookEndpoint": ["webhooks:manage"],
  "Mutation.updateWebhookEndpoint": ["webhooks:manage"],
  "Mutation.rotateWebhookSecret": ["webhooks:manage"],
  "Mutation.deleteWebhookEndpoint": ["webhooks:manage"],
  "Mutation.testWebhookEndpoint": ["webhooks:manage"],
  "Mutation.redeliverWebhook": ["webhooks:manage"],
  // The dashboard's counts read the directory.
  "Query.directoryStats": ["accounts:read"],
  // Needs no sign-in: the token is the proof, as for confirmAlias.
  "Query.aliasClaimPreview": [],
  // People and operators only.
  "Query.outbox": NOT_FOR_KEYS,
  "Mutation.createOrganization": NOT_FOR_KEYS,
  "Mutation.updateOrganizationPolicy": NOT_FOR_KEYS,
  "Mutation.setOrganizationCostBudget": NOT_FOR_KEYS,
  // Keys are managed by people: a leaked key cannot mint or extend keys.
  "Query.apiKeys": NOT_FOR_KEYS,
  "Mutation.createApiKey": NOT_FOR_KEYS,
  "Mutation.rotateApiKey": NOT_FOR_KEYS,
  "Mutation.revokeApiKey": NOT_FOR_KEYS,
};

import type { TestApp } from "./harness";

export const CREATE_KEY =
  "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id name scopes domains allowedIps expiresAt createdBy organizationId } } }";
export const ROTATE_KEY = "mutation($id: ID!) { rotateApiKey(id: $id) { secret apiKey { id previousSecretExpiresAt } } }";
export const REVOKE_KEY = "mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }";
export const LIST_KEYS = "query($o: ID) { apiKeys(organizationId: $o) { totalCount edges { node { id name lastUsedAt lastUsedIp revokedAt } } } }";
export const ACCOUNTS = "query($o: ID) { accounts(organizationId: $o) { totalCount } }";

export function daysFromNow(days: number, app?: TestApp): string {
  return new Date(Date.now() + (app?.clock.offsetMs ?? 0) + days * 86_400_000).toISOString();
}

export interface CreatedKey {
  id: string;
  secret: string;
}

/** A key of `organizationId` made by `token` (the operator by default); 30 days unless `expiresAt` says otherwise. */
export async function createKey(
  app: TestApp,
  organizationId: string | null,
  input: { name?: string; scopes: string[]; domains?: string[] | null; allowedIps?: string[] | null; expiresAt?: string },
  token: string = app.operatorToken,
): Promise<CreatedKey> {
  const data = await app.ok(CREATE_KEY, { i: { organizationId, name: input.name ?? "Integration", expiresAt: daysFromNow(30, app), ...input } }, token);
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
}

import type { ApiKeysTable_ApiKeyFragment, WebhookDeliveryStatus } from "@postroom/schema";
import type { BadgeTone } from "@postroom/ui";

export interface ScopeInfo {
  id: string;
  /** What a key with this scope may do. */
  allows: string;
}

/**
 * The API's key scopes (apps/api/src/auth/scopes.ts KEY_SCOPES), in its order,
 * paired by area so "write implies read" can be shown. The browser test checks
 * this list against the built API's.
 */
export const SCOPE_AREAS: readonly { area: string; read: ScopeInfo | null; write: ScopeInfo | null }[] = [
  {
    area: "Accounts",
    read: { id: "accounts:read", allows: "Read accounts and the dashboard counts" },
    write: { id: "accounts:write", allows: "Create, change, disable and enable accounts" },
  },
  {
    area: "Addresses",
    read: { id: "addresses:read", allows: "Read addresses, alias requests and availability" },
    write: { id: "addresses:write", allows: "Add and remove aliases and secondary addresses, change primary addresses" },
  },
  {
    area: "Groups",
    read: { id: "groups:read", allows: "Read groups and their members" },
    write: { id: "groups:write", allows: "Create, change and delete groups, their members and owners" },
  },
  {
    area: "Domains",
    read: { id: "domains:read", allows: "Read the organization's domains" },
    write: { id: "domains:write", allows: "Add, verify, change and remove domains" },
  },
  { area: "Audit", read: { id: "audit:read", allows: "Read the audit log and background jobs" }, write: null },
  { area: "Routing", read: { id: "resolve", allows: "Look up where an address delivers and who may send to a group" }, write: null },
  { area: "Events", read: { id: "events:read", allows: "Read the change events feed" }, write: null },
  { area: "Webhooks", read: null, write: { id: "webhooks:manage", allows: "Manage webhook endpoints and their deliveries" } },
];

export const ALL_SCOPES: readonly string[] = SCOPE_AREAS.flatMap(({ read, write }) => [read?.id, write?.id].filter((s): s is string => Boolean(s)));

/** `addresses:write` → `addresses:read`: the scope a write includes, if any. */
export function impliedRead(scope: string): string | null {
  return scope.endsWith(":write") ? scope.replace(/:write$/, ":read") : null;
}

/**
 * The API's event types (apps/api/src/events/event-types.ts EVENT_TYPES),
 * grouped by what changed. The browser test checks these against the built API's.
 */
export const EVENT_TYPE_GROUPS: readonly { label: string; types: readonly string[] }[] = [
  { label: "Accounts", types: ["account.created", "account.updated", "account.disabled", "account.enabled", "account.offboarded"] },
  { label: "Addresses", types: ["address.added", "address.activated", "address.removed", "address.moved", "address.released"] },
  { label: "Alias requests", types: ["alias.claim.requested", "alias.claim.confirmed", "alias.claim.cancelled"] },
  { label: "Groups", types: ["group.created", "group.updated", "group.deleted", "group.members.added", "group.members.removed"] },
  { label: "Domains", types: ["domain.added", "domain.verified", "domain.removed", "domain.changed"] },
  { label: "Jobs", types: ["job.failed"] },
];

export type KeyStatus = "ACTIVE" | "ROTATING" | "EXPIRED" | "REVOKED";

export const KEY_STATUS: Record<KeyStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "success" },
  ROTATING: { label: "Rotating", tone: "info" },
  EXPIRED: { label: "Expired", tone: "warning" },
  REVOKED: { label: "Revoked", tone: "neutral" },
};

const time = (iso: unknown) => (typeof iso === "string" ? new Date(iso).getTime() : null);

/** Revoked and expired keys work no more; a rotated key's previous secret works until its grace ends. */
export function keyStatus(key: ApiKeysTable_ApiKeyFragment, now = Date.now()): KeyStatus {
  if (key.revokedAt) return "REVOKED";
  if ((time(key.expiresAt) ?? 0) <= now) return "EXPIRED";
  const previous = time(key.previousSecretExpiresAt);
  return previous !== null && previous > now ? "ROTATING" : "ACTIVE";
}

export const DELIVERY_STATUS: Record<WebhookDeliveryStatus | "RETRYING", { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Pending", tone: "info" },
  RETRYING: { label: "Retrying", tone: "warning" },
  SUCCEEDED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};

/** A pending delivery whose last attempt failed is retrying: the receiver has not taken it yet. */
export function deliveryStatus(delivery: { status: WebhookDeliveryStatus; lastError?: string | null }) {
  return DELIVERY_STATUS[delivery.status === "PENDING" && delivery.lastError ? "RETRYING" : delivery.status];
}

/** How long the previous secret keeps working after a rotation (the API's ROTATION_GRACE_MS and SECRET_ROTATION_GRACE_MS). */
export const ROTATION_GRACE = "24 hours";

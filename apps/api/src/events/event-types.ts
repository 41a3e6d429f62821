/** Every event type of the contract (DESIGN.md §10), plus `webhook.test` for test sends. */
export const EVENT_TYPES = [
  "account.created",
  "account.updated",
  "account.disabled",
  "account.enabled",
  "account.offboarded",
  "address.added",
  "address.activated",
  "address.removed",
  "address.moved",
  "address.released",
  "alias.claim.requested",
  "alias.claim.confirmed",
  "alias.claim.cancelled",
  "group.created",
  "group.updated",
  "group.deleted",
  "group.members.added",
  "group.members.removed",
  "domain.added",
  "domain.verified",
  "domain.removed",
  "domain.changed",
  "job.failed",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only by `testWebhookEndpoint`, never stored as an event. */
export const TEST_EVENT_TYPE = "webhook.test";

/**
 * The events each audit action writes. An action absent here and from
 * IGNORED_AUDIT_ACTIONS is a mistake a test catches (test/events.test.ts).
 */
export const AUDIT_ACTION_EVENTS: Record<string, readonly EventType[]> = {
  "account.create": ["account.created"],
  "account.update": ["account.updated"],
  "account.setPrimaryAddress": ["account.updated"],
  "account.disable": ["account.disabled"],
  "account.enable": ["account.enabled"],
  "account.offboard": ["account.offboarded"],
  "address.addAlias": ["address.added"],
  "address.addSecondary": ["address.added"],
  "address.provisioned": ["address.activated"],
  "address.remove": ["address.removed"],
  "address.transfer": ["address.moved"],
  "address.release": ["address.released"],
  "alias.request": ["alias.claim.requested"],
  "alias.confirm": ["alias.claim.confirmed", "address.added"],
  "alias.cancel": ["alias.claim.cancelled"],
  "group.create": ["group.created"],
  "group.update": ["group.updated"],
  "group.setOwners": ["group.updated"],
  "group.delete": ["group.deleted"],
  "group.addMembers": ["group.members.added"],
  "group.removeMembers": ["group.members.removed"],
  "domain.add": ["domain.added"],
  "domain.verify": ["domain.verified"],
  "domain.remove": ["domain.removed"],
  "domain.change": ["domain.changed"],
};

/**
 * Audit actions that write no event: the contract has no type for them
 * (organizations, cost budgets, a resent confirmation mail, a domain's mail
 * service switch, which `domain.changed` — a renamed domain — does not describe;
 * webhook endpoint management). `domain.verifiedElsewhere` is a reason inside
 * address.release / alias.cancel details, not an action.
 */
export const IGNORED_AUDIT_ACTIONS: ReadonlySet<string> = new Set([
  "organization.create",
  "organization.updatePolicy",
  "organization.setCostBudget",
  "alias.resend",
  "domain.update",
  // Credentials are not directory changes; the audit log has them.
  "apiKey.create",
  "apiKey.rotate",
  "apiKey.revoke",
  "domain.verifiedElsewhere",
  "webhook.create",
  "webhook.update",
  "webhook.rotateSecret",
  "webhook.delete",
]);

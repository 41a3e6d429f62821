import type { AccountProfile, AccountStatus, AddressKind, AddressStatus, DomainStatus, MailService, ViewerRole } from "@postroom/schema";
import type { BadgeTone } from "@postroom/ui";

export const ROLE_LABELS: Record<ViewerRole, string> = {
  OPERATOR: "Operator",
  ADMIN: "Administrator",
  PROFESSIONAL: "Professional",
  GUEST: "Guest",
  API_KEY: "API key",
};

export const MAIL_SERVICE_LABELS: Record<MailService, string> = {
  EXCHANGE: "Exchange",
  WEB_EMAIL: "Web e-mail",
};

export const DOMAIN_STATUS: Record<DomainStatus, { label: string; tone: BadgeTone }> = {
  PENDING_VERIFICATION: { label: "Pending verification", tone: "warning" },
  VERIFIED: { label: "Verified", tone: "success" },
};

export const ADDRESS_KIND_LABELS: Record<AddressKind, string> = {
  PRIMARY: "Primary address",
  ALIAS: "Alias",
  SECONDARY: "Secondary address",
  GROUP: "Group address",
};

export const ADDRESS_STATUS: Record<AddressStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "success" },
  PENDING_PROVISIONING: { label: "Provisioning…", tone: "warning" },
  REMOVED: { label: "Removed", tone: "neutral" },
};

export const PROFILE_LABELS: Record<AccountProfile, string> = {
  ADMIN: "Administrator",
  PROFESSIONAL: "Professional",
  GUEST: "Guest",
};

export const ACCOUNT_STATUS: Record<AccountStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "success" },
  DISABLED: { label: "Disabled", tone: "neutral" },
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** DateTimeISO values arrive as ISO strings (the scalar is typed unknown by codegen). */
export function formatDate(iso: unknown): string {
  return typeof iso === "string" ? dateFormat.format(new Date(iso)) : "—";
}

/** "1 address", "3 addresses": a number with its noun in the right form. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

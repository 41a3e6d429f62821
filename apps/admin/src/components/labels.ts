import type {
  AccountProfile,
  AccountStatus,
  AddressKind,
  AddressStatus,
  DomainStatus,
  JobState,
  MailService,
  SenderPolicy,
  ViewerRole,
} from "@postroom/schema";
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

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** The day only, where the time of day would only crowd a table. */
export function formatDay(iso: unknown): string {
  return typeof iso === "string" ? dayFormat.format(new Date(iso)) : "—";
}

/** "1 address", "3 addresses": a number with its noun in the right form. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const SENDER_POLICY: Record<SenderPolicy, { label: string; explanation: string }> = {
  ANYONE: { label: "Anyone", explanation: "Anyone may send to this group, from inside or outside the organization." },
  ORGANIZATION: {
    label: "The organization",
    explanation: "Only senders whose address belongs to this organization may send to this group; mail from outside is refused.",
  },
  MEMBERS: { label: "Members only", explanation: "Only the group's own members (at any depth) may send to this group." },
};

export const JOB_STATE: Record<JobState, { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Waiting", tone: "info" },
  RUNNING: { label: "Running", tone: "warning" },
  DONE: { label: "Done", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
};

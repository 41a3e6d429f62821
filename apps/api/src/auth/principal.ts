import { AccountProfile } from "../accounts/account.entity";

/** Who is asking. Services take it as their first argument and decide. */
export type Principal =
  | { kind: "operator"; id: string; email: string; label: string; sessionId: string | null }
  | {
      kind: "account";
      id: string;
      organizationId: string;
      profile: AccountProfile;
      /** The account's primary address, for audit records. */
      label: string;
      sessionId: string | null;
    }
  | {
      kind: "apiKey";
      id: string;
      /** null: an operator-wide key. */
      organizationId: string | null;
      /** Granted scopes, with the reads that writes imply already added (auth/scopes.ts). */
      scopes: readonly string[];
      /** Writes are limited to addresses on these (ASCII) domains; null: no restriction. */
      domains: readonly string[] | null;
      /** The key's name, for audit records. */
      label: string;
      sessionId: null;
    };

export type AccountPrincipal = Extract<Principal, { kind: "account" }>;
export type ApiKeyPrincipal = Extract<Principal, { kind: "apiKey" }>;

/**
 * Inside services a key counts as what it stands for: an operator-wide key as
 * an operator, an organization's key as an ADMIN of that organization. What a
 * key may call at all is decided before, by its scopes (auth/scopes.ts).
 */
export function actsAsOperator(p: Principal | null): boolean {
  return p?.kind === "operator" || (p?.kind === "apiKey" && p.organizationId === null);
}

/** An ADMIN account or an organization's key (operators are not included). */
export function actsAsOrgAdmin(p: Principal | null): boolean {
  if (!p) return false;
  if (p.kind === "account") return p.profile === AccountProfile.ADMIN;
  return p.kind === "apiKey" && p.organizationId !== null;
}

/** The one organization the principal belongs to, or null (operators, operator-wide keys). */
export function organizationOf(p: Principal): string | null {
  return p.kind === "operator" ? null : p.organizationId;
}

import type { AccountProfile } from "../accounts/account.entity";

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
    };

export type AccountPrincipal = Extract<Principal, { kind: "account" }>;

import { AccountProfile } from "../accounts/account.entity";
import type { Database } from "../db/database";
import type { Principal } from "./principal";

/** What a non-admin account manages: the groups it owns and who and what is in them. */
export interface OwnerScope {
  /** Groups the account owns. */
  owned: ReadonlySet<string>;
  /** Groups the account is a direct member of. */
  memberOf: ReadonlySet<string>;
  /** Accounts that are members or owners of a group the account owns (its rosters). */
  rosterAccounts: ReadonlySet<string>;
  /** Groups nested directly in a group the account owns. */
  rosterGroups: ReadonlySet<string>;
}

const EMPTY: OwnerScope = { owned: new Set(), memberOf: new Set(), rosterAccounts: new Set(), rosterGroups: new Set() };

const OWNED_SQL = "SELECT group_id FROM group_owner WHERE account_id = ?";
const MEMBER_OF_SQL = "SELECT group_id FROM group_member WHERE member_account_id = ?";
const ROSTER_SQL = `SELECT gm.member_account_id AS account_id, gm.member_group_id AS group_id
FROM group_owner o JOIN group_member gm ON gm.group_id = o.group_id
WHERE o.account_id = ?
UNION ALL
SELECT o2.account_id AS account_id, NULL AS group_id
FROM group_owner o JOIN group_owner o2 ON o2.group_id = o.group_id
WHERE o.account_id = ?`;

/**
 * Per-request facts the read rules need about the caller, each looked up at
 * most once per request (three indexed statements, only for a non-admin
 * account that reads something group-related). Admins and operators need none.
 */
export class Access {
  private scope: Promise<OwnerScope> | null = null;

  constructor(private readonly db: Database) {}

  /** The caller's groups and rosters; empty for anyone but a non-admin account. */
  ownerScope(principal: Principal | null): Promise<OwnerScope> {
    if (!principal || principal.kind !== "account" || principal.profile === AccountProfile.ADMIN) return Promise.resolve(EMPTY);
    return (this.scope ??= this.loadScope(principal.id));
  }

  private async loadScope(accountId: string): Promise<OwnerScope> {
    const [owned, memberOf, roster] = await Promise.all([
      this.db.sql.all<{ group_id: string }>(OWNED_SQL, [accountId]),
      this.db.sql.all<{ group_id: string }>(MEMBER_OF_SQL, [accountId]),
      this.db.sql.all<{ account_id: string | null; group_id: string | null }>(ROSTER_SQL, [accountId, accountId]),
    ]);
    const rosterAccounts = new Set<string>();
    const rosterGroups = new Set<string>();
    for (const row of roster) {
      if (row.account_id) rosterAccounts.add(row.account_id);
      if (row.group_id) rosterGroups.add(row.group_id);
    }
    return { owned: new Set(owned.map((r) => r.group_id)), memberOf: new Set(memberOf.map((r) => r.group_id)), rosterAccounts, rosterGroups };
  }
}

import type { EntityManager } from "typeorm";
import { requireOrgAdmin, requireSignedIn } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { lockFor } from "../db/locks";
import { AccountDisabledError, NotFoundError } from "../errors";
import { AccountEntity, AccountStatus } from "./account.entity";

/**
 * The account, for an administrator of its organization (or an operator).
 * Signed out is UNAUTHENTICATED; a missing account and another
 * organization's look the same (NOT_FOUND); a member below ADMIN is FORBIDDEN.
 * Read outside any transaction: callers re-read it with `lockAccount` before
 * they change anything.
 */
export async function loadAccountForAdmin(db: Database, principal: Principal | null, id: string): Promise<AccountEntity> {
  requireSignedIn(principal);
  const account = await db.manager.findOne(AccountEntity, { where: { id } });
  if (!account) throw new NotFoundError("Account not found.");
  requireOrgAdmin(principal, account.organizationId, "Account");
  return account;
}

/**
 * Reads the account again inside the caller's transaction, row-locked on MySQL,
 * so changes to one account (its primary, aliases, secondaries, status)
 * serialize. NOT_FOUND when it went meanwhile; with `disabled`, a disabled
 * account is ACCOUNT_DISABLED with that message.
 */
export async function lockAccount(m: EntityManager, dialect: Database["dialect"], id: string, options: { disabled?: string } = {}): Promise<AccountEntity> {
  const account = await m.findOne(AccountEntity, { where: { id }, lock: lockFor(dialect) });
  if (!account) throw new NotFoundError("Account not found.");
  if (options.disabled !== undefined && account.status !== AccountStatus.ACTIVE) throw new AccountDisabledError(options.disabled);
  return account;
}

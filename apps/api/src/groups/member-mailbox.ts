import type { EntityManager } from "typeorm";
import { AccountStatus } from "../accounts/account.entity";
import { AddressKind } from "../addresses/address.entity";

// Bounded IN lists: one statement per 500 accounts, the chunk size of every other bulk write here.
const CHUNK = 500;

// Correlated subqueries rather than UPDATE … JOIN / UPDATE … FROM, whose syntax differs between SQLite and MySQL.
function refreshSql(count: number): string {
  return `UPDATE group_member SET
  mailbox = (SELECT p.address FROM address p WHERE p.account_id = group_member.member_account_id AND p.kind = ?),
  deliverable = CASE WHEN EXISTS (
    SELECT 1 FROM account ac JOIN address p ON p.account_id = ac.id AND p.kind = ?
    WHERE ac.id = group_member.member_account_id AND ac.status = ?) THEN 1 ELSE 0 END
WHERE member_account_id IN (${Array(count).fill("?").join(", ")})`;
}

/**
 * Group expansion reads an account member's mailbox and deliverability from
 * its membership rows, not from the account: whoever changes an account's
 * status or its PRIMARY address calls this in the same transaction, after the
 * change. Recomputes both from the database, so callers need not know the outcome.
 */
export async function refreshAccountMemberships(m: EntityManager, accountIds: readonly string[]): Promise<void> {
  const unique = [...new Set(accountIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    await m.query(refreshSql(part.length), [AddressKind.PRIMARY, AddressKind.PRIMARY, AccountStatus.ACTIVE, ...part]);
  }
}

/** A renamed group keeps its name in the trace of every group that contains it. */
export async function renameMemberGroup(m: EntityManager, groupId: string, name: string): Promise<void> {
  await m.query("UPDATE group_member SET member_group_name = ? WHERE member_group_id = ?", [name, groupId]);
}

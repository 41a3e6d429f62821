import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * At most one PRIMARY address per account, enforced by the database so that no
 * race between writers (ten concurrent `setPrimaryAddress` calls on MariaDB
 * left ten) can break it. SQLite has partial indexes; MySQL/MariaDB index a
 * generated column that holds the account id on PRIMARY rows and NULL on every
 * other row (NULLs never collide in a unique index).
 *
 * Accounts that already have several PRIMARY rows keep the newest one; the
 * others stay with the account (SECONDARY, or ALIAS on a WEB_EMAIL domain,
 * as setPrimaryAddress keeps them), and group memberships deliver to the kept one.
 */
const OLDER_PRIMARIES = `SELECT a.id, a.account_id FROM address a
  JOIN address b ON b.account_id = a.account_id AND b.kind = 'PRIMARY' AND b.id <> a.id
  WHERE a.kind = 'PRIMARY' AND (b.created_at > a.created_at OR (b.created_at = a.created_at AND b.id > a.id))`;

// The group-member-mailbox backfill's expression, for the members whose primary changed.
const refreshMailboxes = (n: number) => `UPDATE group_member SET
  mailbox = (SELECT p.address FROM address p WHERE p.account_id = group_member.member_account_id AND p.kind = 'PRIMARY')
  WHERE external_address IS NULL AND member_account_id IN (${Array(n).fill("?").join(", ")})`;

// formerPrimaryKind in SQL: SECONDARY on an EXCHANGE domain, ALIAS elsewhere.
const KEPT_KIND = `CASE WHEN EXISTS (SELECT 1 FROM domain d WHERE d.organization_id = address.organization_id AND d.name = address.domain AND d.mail_service = 'EXCHANGE') THEN 'SECONDARY' ELSE 'ALIAS' END`;

async function repair(runner: QueryRunner): Promise<void> {
  const older: { id: string; account_id: string }[] = await runner.query(OLDER_PRIMARIES);
  for (let i = 0; i < older.length; i += 500) {
    const part = older.slice(i, i + 500);
    await runner.query(
      `UPDATE address SET kind = ${KEPT_KIND} WHERE id IN (${part.map(() => "?").join(", ")})`,
      part.map((r) => r.id),
    );
  }
  const accounts = [...new Set(older.map((r) => r.account_id))];
  for (let i = 0; i < accounts.length; i += 500) {
    const part = accounts.slice(i, i + 500);
    await runner.query(refreshMailboxes(part.length), part);
  }
}

export class OnePrimaryPerAccount1764547200000 implements MigrationInterface {
  name = "OnePrimaryPerAccount1764547200000";

  async up(runner: QueryRunner): Promise<void> {
    await repair(runner);
    if (runner.connection.options.type === "mysql") {
      await runner.query(
        "ALTER TABLE address ADD COLUMN primary_of VARCHAR(36) AS (CASE WHEN kind = 'PRIMARY' THEN account_id END) STORED, ADD UNIQUE KEY uq_address_primary_of (primary_of)",
      );
      return;
    }
    await runner.query("CREATE UNIQUE INDEX uq_address_primary_of ON address (account_id) WHERE kind = 'PRIMARY'");
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === "mysql") {
      await runner.query("ALTER TABLE address DROP KEY uq_address_primary_of, DROP COLUMN primary_of");
      return;
    }
    await runner.query("DROP INDEX uq_address_primary_of");
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What group expansion needs, stored on each membership: the mailbox it
 * delivers to, whether it delivers, and a nested group's name. One level of a
 * group tree is then one covering range scan of group_member in member order,
 * with no join and no sort. The services keep these columns in step with
 * accounts, primary addresses and group names in the transaction that changes them.
 */

// Written once for both dialects: correlated subqueries are valid UPDATE syntax on SQLite and MySQL alike.
const BACKFILL = `UPDATE group_member SET
  mailbox = COALESCE(external_address, (SELECT p.address FROM address p WHERE p.account_id = group_member.member_account_id AND p.kind = 'PRIMARY')),
  deliverable = CASE
    WHEN external_address IS NOT NULL THEN 1
    WHEN EXISTS (SELECT 1 FROM account ac JOIN address p ON p.account_id = ac.id AND p.kind = 'PRIMARY' WHERE ac.id = group_member.member_account_id AND ac.status = 'ACTIVE') THEN 1
    ELSE 0 END,
  member_group_name = (SELECT g.name FROM distribution_group g WHERE g.id = group_member.member_group_id)`;

const MYSQL = [
  `ALTER TABLE group_member
    ADD COLUMN mailbox VARCHAR(254) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN deliverable TINYINT(1) NOT NULL DEFAULT 0,
    ADD COLUMN member_group_name VARCHAR(200) NULL`,
  BACKFILL,
  // At most about 1.7 KB of key, under InnoDB's 3,072-byte limit. The id columns
  // stay in it: without them (group_id, created_at, id only) each row costs a
  // primary-key look-up, and the 10,000-member tree took twice as long.
  `ALTER TABLE group_member ADD KEY idx_member_level (group_id, created_at, id, deliverable, mailbox, member_account_id, member_group_id, member_group_name)`,
];

const SQLITE = [
  `ALTER TABLE group_member ADD COLUMN mailbox VARCHAR(254) NULL`,
  `ALTER TABLE group_member ADD COLUMN deliverable BOOLEAN NOT NULL DEFAULT 0`,
  `ALTER TABLE group_member ADD COLUMN member_group_name VARCHAR(200) NULL`,
  BACKFILL,
  `CREATE INDEX idx_member_level ON group_member (group_id, created_at, id, deliverable, mailbox, member_account_id, member_group_id, member_group_name)`,
];

export class GroupMemberMailbox1732579200000 implements MigrationInterface {
  name = "GroupMemberMailbox1732579200000";

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of runner.connection.options.type === "mysql" ? MYSQL : SQLITE) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === "mysql") {
      await runner.query("ALTER TABLE group_member DROP KEY idx_member_level, DROP COLUMN member_group_name, DROP COLUMN deliverable, DROP COLUMN mailbox");
      return;
    }
    await runner.query("DROP INDEX idx_member_level");
    for (const column of ["member_group_name", "deliverable", "mailbox"]) await runner.query(`ALTER TABLE group_member DROP COLUMN ${column}`);
  }
}

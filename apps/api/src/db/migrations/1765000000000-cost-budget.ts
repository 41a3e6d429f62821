import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One leaky bucket per principal (cost/cost-budget.service.ts), in the
 * database so every API process on it charges the same bucket; `updated_ms`
 * is the instant `level` was last computed, in milliseconds. Operators may
 * give an organization its own bucket size and restore rate (NULL: default).
 */
const MYSQL = [
  `CREATE TABLE cost_bucket (
    bucket_key VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    level DOUBLE NOT NULL,
    updated_ms BIGINT NOT NULL
  ) ENGINE=InnoDB`,
  "ALTER TABLE organization ADD COLUMN cost_bucket_size INT NULL, ADD COLUMN cost_restore_rate INT NULL",
];

const SQLITE = [
  `CREATE TABLE cost_bucket (
    bucket_key VARCHAR(200) NOT NULL PRIMARY KEY,
    level REAL NOT NULL,
    updated_ms BIGINT NOT NULL
  )`,
  "ALTER TABLE organization ADD COLUMN cost_bucket_size INTEGER NULL",
  "ALTER TABLE organization ADD COLUMN cost_restore_rate INTEGER NULL",
];

export class CostBudget1765000000000 implements MigrationInterface {
  name = "CostBudget1765000000000";

  async up(runner: QueryRunner): Promise<void> {
    const statements = runner.connection.options.type === "mysql" ? MYSQL : SQLITE;
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE cost_bucket");
    await runner.query("ALTER TABLE organization DROP COLUMN cost_bucket_size");
    await runner.query("ALTER TABLE organization DROP COLUMN cost_restore_rate");
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

/** Durable jobs, the built-in mail provider's ledger, and former owners of addresses (offboarding). */
const MYSQL = [
  `CREATE TABLE job (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NULL,
    kind VARCHAR(64) NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key VARCHAR(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state VARCHAR(16) NOT NULL,
    run_at DATETIME(3) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    max_attempts INT NOT NULL,
    lease_owner VARCHAR(64) NULL,
    lease_until DATETIME(3) NULL,
    last_error TEXT NULL,
    done_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    UNIQUE KEY uq_job_idempotency (idempotency_key),
    KEY idx_job_due (state, run_at),
    KEY idx_job_org (organization_id, created_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE provider_ledger (
    idempotency_key VARCHAR(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    address VARCHAR(254) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    calls INT NOT NULL,
    first_called_at DATETIME(3) NOT NULL,
    last_called_at DATETIME(3) NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `ALTER TABLE address ADD COLUMN former_account_id VARCHAR(36) NULL, ADD KEY idx_address_former (former_account_id)`,
];

const SQLITE = [
  `CREATE TABLE job (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NULL,
    kind VARCHAR(64) NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key VARCHAR(120) NOT NULL,
    state VARCHAR(16) NOT NULL,
    run_at DATETIME NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    lease_owner VARCHAR(64) NULL,
    lease_until DATETIME NULL,
    last_error TEXT NULL,
    done_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_job_idempotency ON job (idempotency_key)`,
  `CREATE INDEX idx_job_due ON job (state, run_at)`,
  `CREATE INDEX idx_job_org ON job (organization_id, created_at)`,
  `CREATE TABLE provider_ledger (
    idempotency_key VARCHAR(120) NOT NULL PRIMARY KEY,
    address VARCHAR(254) NOT NULL,
    calls INTEGER NOT NULL,
    first_called_at DATETIME NOT NULL,
    last_called_at DATETIME NOT NULL
  )`,
  `ALTER TABLE address ADD COLUMN former_account_id VARCHAR(36) NULL`,
  `CREATE INDEX idx_address_former ON address (former_account_id)`,
];

export class JobsOffboarding1732406400000 implements MigrationInterface {
  name = "JobsOffboarding1732406400000";

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of runner.connection.options.type === "mysql" ? MYSQL : SQLITE) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE provider_ledger");
    await runner.query("DROP TABLE job");
    if (runner.connection.options.type === "mysql") await runner.query("ALTER TABLE address DROP KEY idx_address_former, DROP COLUMN former_account_id");
    else {
      await runner.query("DROP INDEX idx_address_former");
      await runner.query("ALTER TABLE address DROP COLUMN former_account_id");
    }
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * API keys (api-keys/api-key.entity.ts). Secrets are looked up by hash, the
 * current one and, during a rotation's grace period, the previous one, so
 * both hash columns are indexed (unique: a hash names one key).
 */
const MYSQL = [
  `CREATE TABLE api_key (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NULL,
    name VARCHAR(200) NOT NULL,
    scopes TEXT NOT NULL,
    domains TEXT NULL,
    allowed_ips TEXT NULL,
    secret_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    previous_secret_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    previous_expires_at DATETIME(3) NULL,
    created_by VARCHAR(64) NOT NULL,
    created_by_label VARCHAR(254) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    last_used_at DATETIME(3) NULL,
    last_used_ip VARCHAR(45) NULL,
    revoked_at DATETIME(3) NULL,
    UNIQUE KEY uq_api_key_secret (secret_hash),
    UNIQUE KEY uq_api_key_previous (previous_secret_hash),
    KEY idx_api_key_org (organization_id, created_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
];

const SQLITE = [
  `CREATE TABLE api_key (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NULL,
    name VARCHAR(200) NOT NULL,
    scopes TEXT NOT NULL,
    domains TEXT NULL,
    allowed_ips TEXT NULL,
    secret_hash VARCHAR(64) NOT NULL,
    previous_secret_hash VARCHAR(64) NULL,
    previous_expires_at DATETIME NULL,
    created_by VARCHAR(64) NOT NULL,
    created_by_label VARCHAR(254) NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    last_used_at DATETIME NULL,
    last_used_ip VARCHAR(45) NULL,
    revoked_at DATETIME NULL
  )`,
  `CREATE UNIQUE INDEX uq_api_key_secret ON api_key (secret_hash)`,
  `CREATE UNIQUE INDEX uq_api_key_previous ON api_key (previous_secret_hash)`,
  `CREATE INDEX idx_api_key_org ON api_key (organization_id, created_at)`,
];

export class ApiKeys1764900000000 implements MigrationInterface {
  name = "ApiKeys1764900000000";

  async up(runner: QueryRunner): Promise<void> {
    const statements = runner.connection.options.type === "mysql" ? MYSQL : SQLITE;
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE api_key");
  }
}

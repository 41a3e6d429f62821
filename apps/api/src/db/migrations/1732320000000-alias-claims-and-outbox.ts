import type { MigrationInterface, QueryRunner } from "typeorm";

/** Alias confirmation requests and the embedded mail outbox. */
const MYSQL = [
  `CREATE TABLE alias_claim (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL,
    account_id VARCHAR(36) NOT NULL,
    address VARCHAR(254) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    token_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    used_at DATETIME(3) NULL,
    requested_by VARCHAR(254) NOT NULL,
    send_count INT NOT NULL,
    window_started_at DATETIME(3) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY uq_alias_claim_token (token_hash),
    UNIQUE KEY uq_alias_claim_account_address (account_id, address),
    CONSTRAINT fk_alias_claim_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_alias_claim_org FOREIGN KEY (organization_id) REFERENCES organization (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE outbox_message (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    recipient VARCHAR(254) NOT NULL,
    sender VARCHAR(254) NOT NULL,
    subject VARCHAR(300) NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    created_at DATETIME(3) NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
];

const SQLITE = [
  `CREATE TABLE alias_claim (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
    account_id VARCHAR(36) NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    address VARCHAR(254) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at DATETIME NULL,
    requested_by VARCHAR(254) NOT NULL,
    send_count INTEGER NOT NULL,
    window_started_at DATETIME NOT NULL,
    created_at DATETIME NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_alias_claim_token ON alias_claim (token_hash)`,
  `CREATE UNIQUE INDEX uq_alias_claim_account_address ON alias_claim (account_id, address)`,
  `CREATE TABLE outbox_message (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient VARCHAR(254) NOT NULL,
    sender VARCHAR(254) NOT NULL,
    subject VARCHAR(300) NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    created_at DATETIME NOT NULL
  )`,
];

export class AliasClaimsAndOutbox1732320000000 implements MigrationInterface {
  name = "AliasClaimsAndOutbox1732320000000";

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of runner.connection.options.type === "mysql" ? MYSQL : SQLITE) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE outbox_message");
    await runner.query("DROP TABLE alias_claim");
  }
}

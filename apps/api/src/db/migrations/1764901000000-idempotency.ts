import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Stored answers of mutations sent with an Idempotency-Key
 * (idempotency/idempotency.middleware.ts). The primary key (principal, hash of
 * the key) decides a race: the request whose INSERT wins runs, the others
 * read the row. The key is stored hashed, so its bytes and length never meet
 * a collation.
 */
const MYSQL = [
  `CREATE TABLE idempotency_request (
    principal_key VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    key_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    request_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state VARCHAR(16) NOT NULL,
    response_status INT NULL,
    response_body MEDIUMTEXT NULL,
    created_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    PRIMARY KEY (principal_key, key_hash),
    KEY idx_idempotency_expires (expires_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
];

const SQLITE = [
  `CREATE TABLE idempotency_request (
    principal_key VARCHAR(80) NOT NULL,
    key_hash VARCHAR(64) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    state VARCHAR(16) NOT NULL,
    response_status INTEGER NULL,
    response_body TEXT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    PRIMARY KEY (principal_key, key_hash)
  )`,
  `CREATE INDEX idx_idempotency_expires ON idempotency_request (expires_at)`,
];

export class Idempotency1764901000000 implements MigrationInterface {
  name = "Idempotency1764901000000";

  async up(runner: QueryRunner): Promise<void> {
    const statements = runner.connection.options.type === "mysql" ? MYSQL : SQLITE;
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE idempotency_request");
  }
}

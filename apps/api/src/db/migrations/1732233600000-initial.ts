import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The foundation schema, written per dialect. The address column is byte-exact
 * (`ascii_bin`) on MySQL so uniqueness never depends on a collation's idea of
 * equality; canonicalization happens before any row is written.
 */
const MYSQL = [
  `CREATE TABLE organization (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    alias_self_service TINYINT(1) NOT NULL DEFAULT 1,
    max_aliases_per_account INT NULL,
    created_at DATETIME(3) NOT NULL,
    KEY idx_organization_name (name, id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE domain (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL,
    name VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    verified_name VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin NULL,
    unicode_name VARCHAR(253) NOT NULL,
    status VARCHAR(32) NOT NULL,
    mail_service VARCHAR(16) NOT NULL,
    verification_token VARCHAR(64) NOT NULL,
    verified_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY uq_domain_org_name (organization_id, name),
    UNIQUE KEY uq_domain_verified_name (verified_name),
    KEY idx_domain_name (name),
    CONSTRAINT fk_domain_org FOREIGN KEY (organization_id) REFERENCES organization (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE account (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL,
    display_name VARCHAR(200) NOT NULL,
    search_name VARCHAR(200) NOT NULL,
    profile VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    exchange_enabled TINYINT(1) NOT NULL DEFAULT 0,
    password_hash VARCHAR(255) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    KEY idx_account_org_name (organization_id, display_name, id),
    CONSTRAINT fk_account_org FOREIGN KEY (organization_id) REFERENCES organization (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE address (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    address VARCHAR(254) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    domain VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    kind VARCHAR(16) NOT NULL,
    status VARCHAR(32) NOT NULL,
    organization_id VARCHAR(36) NOT NULL,
    account_id VARCHAR(36) NULL,
    group_id VARCHAR(36) NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY uq_address_address (address),
    KEY idx_address_account (account_id, kind, address),
    KEY idx_address_org_domain (organization_id, domain),
    KEY idx_address_group (group_id),
    CONSTRAINT fk_address_org FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT fk_address_account FOREIGN KEY (account_id) REFERENCES account (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE operator (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    email VARCHAR(254) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY uq_operator_email (email)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE session (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    operator_id VARCHAR(36) NULL,
    account_id VARCHAR(36) NULL,
    created_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    UNIQUE KEY uq_session_token (token_hash),
    KEY idx_session_account (account_id),
    CONSTRAINT fk_session_operator FOREIGN KEY (operator_id) REFERENCES operator (id) ON DELETE CASCADE,
    CONSTRAINT fk_session_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE audit_event (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at DATETIME(3) NOT NULL,
    organization_id VARCHAR(36) NULL,
    actor_type VARCHAR(16) NOT NULL,
    actor_id VARCHAR(36) NULL,
    actor_label VARCHAR(254) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target_type VARCHAR(32) NOT NULL,
    target_id VARCHAR(36) NULL,
    summary TEXT NOT NULL,
    KEY idx_audit_org (organization_id, id),
    KEY idx_audit_target (target_id, id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
];

const SQLITE = [
  `CREATE TABLE organization (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    alias_self_service BOOLEAN NOT NULL DEFAULT 1,
    max_aliases_per_account INTEGER NULL,
    created_at DATETIME NOT NULL
  )`,
  `CREATE INDEX idx_organization_name ON organization (name, id)`,
  `CREATE TABLE domain (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
    name VARCHAR(253) NOT NULL,
    verified_name VARCHAR(253) NULL,
    unicode_name VARCHAR(253) NOT NULL,
    status VARCHAR(32) NOT NULL,
    mail_service VARCHAR(16) NOT NULL,
    verification_token VARCHAR(64) NOT NULL,
    verified_at DATETIME NULL,
    created_at DATETIME NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_domain_org_name ON domain (organization_id, name)`,
  `CREATE UNIQUE INDEX uq_domain_verified_name ON domain (verified_name)`,
  `CREATE INDEX idx_domain_name ON domain (name)`,
  `CREATE TABLE account (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
    display_name VARCHAR(200) NOT NULL,
    search_name VARCHAR(200) NOT NULL,
    profile VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    exchange_enabled BOOLEAN NOT NULL DEFAULT 0,
    password_hash VARCHAR(255) NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
  )`,
  `CREATE INDEX idx_account_org_name ON account (organization_id, display_name, id)`,
  `CREATE TABLE address (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    address VARCHAR(254) NOT NULL,
    domain VARCHAR(253) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    status VARCHAR(32) NOT NULL,
    organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
    account_id VARCHAR(36) NULL REFERENCES account (id),
    group_id VARCHAR(36) NULL,
    created_at DATETIME NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_address_address ON address (address)`,
  // Covering for "the primary address of account X" (resolution, group expansion).
  `CREATE INDEX idx_address_account ON address (account_id, kind, address)`,
  `CREATE INDEX idx_address_org_domain ON address (organization_id, domain)`,
  `CREATE INDEX idx_address_group ON address (group_id)`,
  `CREATE TABLE operator (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    email VARCHAR(254) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at DATETIME NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_operator_email ON operator (email)`,
  `CREATE TABLE session (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    token_hash CHAR(64) NOT NULL,
    operator_id VARCHAR(36) NULL REFERENCES operator (id) ON DELETE CASCADE,
    account_id VARCHAR(36) NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_session_token ON session (token_hash)`,
  `CREATE INDEX idx_session_account ON session (account_id)`,
  `CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at DATETIME NOT NULL,
    organization_id VARCHAR(36) NULL,
    actor_type VARCHAR(16) NOT NULL,
    actor_id VARCHAR(36) NULL,
    actor_label VARCHAR(254) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target_type VARCHAR(32) NOT NULL,
    target_id VARCHAR(36) NULL,
    summary TEXT NOT NULL
  )`,
  `CREATE INDEX idx_audit_org ON audit_event (organization_id, id)`,
  `CREATE INDEX idx_audit_target ON audit_event (target_id, id)`,
];

const TABLES = ["audit_event", "session", "operator", "address", "account", "domain", "organization"];

export class Initial1732233600000 implements MigrationInterface {
  name = "Initial1732233600000";

  async up(runner: QueryRunner): Promise<void> {
    const statements = runner.connection.options.type === "mysql" ? MYSQL : SQLITE;
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of TABLES) await runner.query(`DROP TABLE ${table}`);
  }
}

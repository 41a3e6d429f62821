import type { MigrationInterface, QueryRunner } from "typeorm";

/** Distribution groups, their members (accounts, groups, external addresses) and owners. */
const MYSQL = [
  `CREATE TABLE distribution_group (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL,
    name VARCHAR(200) NOT NULL,
    search_name VARCHAR(200) NOT NULL,
    description TEXT NULL,
    sender_policy VARCHAR(16) NOT NULL,
    hidden_from_directory TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    KEY idx_group_org_name (organization_id, name, id),
    CONSTRAINT fk_group_org FOREIGN KEY (organization_id) REFERENCES organization (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE group_member (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    group_id VARCHAR(36) NOT NULL,
    member_account_id VARCHAR(36) NULL,
    member_group_id VARCHAR(36) NULL,
    external_address VARCHAR(254) CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY uq_member_account (group_id, member_account_id),
    UNIQUE KEY uq_member_group (group_id, member_group_id),
    UNIQUE KEY uq_member_external (group_id, external_address),
    KEY idx_member_of_group (member_group_id),
    KEY idx_member_of_account (member_account_id),
    CONSTRAINT fk_member_group FOREIGN KEY (group_id) REFERENCES distribution_group (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE group_owner (
    group_id VARCHAR(36) NOT NULL,
    account_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (group_id, account_id),
    KEY idx_owner_account (account_id),
    CONSTRAINT fk_owner_group FOREIGN KEY (group_id) REFERENCES distribution_group (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
];

const SQLITE = [
  `CREATE TABLE distribution_group (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
    name VARCHAR(200) NOT NULL,
    search_name VARCHAR(200) NOT NULL,
    description TEXT NULL,
    sender_policy VARCHAR(16) NOT NULL,
    hidden_from_directory BOOLEAN NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
  )`,
  `CREATE INDEX idx_group_org_name ON distribution_group (organization_id, name, id)`,
  `CREATE TABLE group_member (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    group_id VARCHAR(36) NOT NULL REFERENCES distribution_group (id) ON DELETE CASCADE,
    member_account_id VARCHAR(36) NULL,
    member_group_id VARCHAR(36) NULL,
    external_address VARCHAR(254) NULL,
    created_at DATETIME NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_member_account ON group_member (group_id, member_account_id)`,
  `CREATE UNIQUE INDEX uq_member_group ON group_member (group_id, member_group_id)`,
  `CREATE UNIQUE INDEX uq_member_external ON group_member (group_id, external_address)`,
  `CREATE INDEX idx_member_of_group ON group_member (member_group_id)`,
  `CREATE INDEX idx_member_of_account ON group_member (member_account_id)`,
  `CREATE TABLE group_owner (
    group_id VARCHAR(36) NOT NULL REFERENCES distribution_group (id) ON DELETE CASCADE,
    account_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (group_id, account_id)
  )`,
  `CREATE INDEX idx_owner_account ON group_owner (account_id)`,
];

export class Groups1732492800000 implements MigrationInterface {
  name = "Groups1732492800000";

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of runner.connection.options.type === "mysql" ? MYSQL : SQLITE) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ["group_owner", "group_member", "distribution_group"]) await runner.query(`DROP TABLE ${table}`);
  }
}

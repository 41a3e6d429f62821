import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The change-event outbox (`event`, written in the transaction of each change
 * and kept at least 30 days), webhook endpoints and one delivery row per
 * (event, endpoint), written in that same transaction with the job that sends it.
 */
const MYSQL = [
  `CREATE TABLE event (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    organization_id VARCHAR(36) NULL,
    type VARCHAR(64) NOT NULL,
    occurred_at DATETIME(3) NOT NULL,
    data TEXT NOT NULL,
    KEY idx_event_org (organization_id, id),
    KEY idx_event_time (occurred_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE webhook_endpoint (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL,
    url VARCHAR(1000) NOT NULL,
    description VARCHAR(2000) NOT NULL,
    types TEXT NOT NULL,
    secret VARCHAR(100) NOT NULL,
    previous_secret VARCHAR(100) NULL,
    previous_secret_until DATETIME(3) NULL,
    enabled TINYINT NOT NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    KEY idx_webhook_endpoint_org (organization_id),
    CONSTRAINT fk_webhook_endpoint_org FOREIGN KEY (organization_id) REFERENCES organization (id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  `CREATE TABLE webhook_delivery (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    endpoint_id VARCHAR(36) NOT NULL,
    organization_id VARCHAR(36) NOT NULL,
    event_id BIGINT NULL,
    event_type VARCHAR(64) NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    attempts INT NOT NULL,
    response_code INT NULL,
    last_error TEXT NULL,
    next_attempt_at DATETIME(3) NULL,
    delivered_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    KEY idx_webhook_delivery_endpoint (endpoint_id, created_at, id),
    CONSTRAINT fk_webhook_delivery_endpoint FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
];

const SQLITE = [
  `CREATE TABLE event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id VARCHAR(36) NULL,
    type VARCHAR(64) NOT NULL,
    occurred_at DATETIME NOT NULL,
    data TEXT NOT NULL
  )`,
  "CREATE INDEX idx_event_org ON event (organization_id, id)",
  "CREATE INDEX idx_event_time ON event (occurred_at)",
  `CREATE TABLE webhook_endpoint (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
    url VARCHAR(1000) NOT NULL,
    description VARCHAR(2000) NOT NULL,
    types TEXT NOT NULL,
    secret VARCHAR(100) NOT NULL,
    previous_secret VARCHAR(100) NULL,
    previous_secret_until DATETIME NULL,
    enabled BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
  )`,
  "CREATE INDEX idx_webhook_endpoint_org ON webhook_endpoint (organization_id)",
  `CREATE TABLE webhook_delivery (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    endpoint_id VARCHAR(36) NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    organization_id VARCHAR(36) NOT NULL,
    event_id BIGINT NULL,
    event_type VARCHAR(64) NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL,
    response_code INTEGER NULL,
    last_error TEXT NULL,
    next_attempt_at DATETIME NULL,
    delivered_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
  )`,
  "CREATE INDEX idx_webhook_delivery_endpoint ON webhook_delivery (endpoint_id, created_at, id)",
];

export class EventsWebhooks1765000001000 implements MigrationInterface {
  name = "EventsWebhooks1765000001000";

  async up(runner: QueryRunner): Promise<void> {
    const statements = runner.connection.options.type === "mysql" ? MYSQL : SQLITE;
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ["webhook_delivery", "webhook_endpoint", "event"]) await runner.query(`DROP TABLE ${table}`);
  }
}

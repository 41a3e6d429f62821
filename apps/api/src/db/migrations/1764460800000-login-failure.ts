import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Failed sign-ins, one row per failure and bucket (a hashed login name or a
 * hashed client address), for the sliding-window login throttle
 * (auth/login-throttle.ts). In the database rather than in memory so the limit
 * holds across every API process sharing it. Rows older than the window are
 * deleted as new ones arrive.
 */
const MYSQL = [
  `CREATE TABLE login_failure (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    bucket CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    failed_at BIGINT NOT NULL,
    KEY idx_login_failure_bucket (bucket, failed_at),
    KEY idx_login_failure_time (failed_at)
  ) ENGINE=InnoDB`,
];

const SQLITE = [
  `CREATE TABLE login_failure (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    bucket VARCHAR(64) NOT NULL,
    failed_at BIGINT NOT NULL
  )`,
  `CREATE INDEX idx_login_failure_bucket ON login_failure (bucket, failed_at)`,
  `CREATE INDEX idx_login_failure_time ON login_failure (failed_at)`,
];

export class LoginFailure1764460800000 implements MigrationInterface {
  name = "LoginFailure1764460800000";

  async up(runner: QueryRunner): Promise<void> {
    const statements = runner.connection.options.type === "mysql" ? MYSQL : SQLITE;
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE login_failure");
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `session.token_hash` becomes VARCHAR(64), as its entity has always said
 * (the initial migration made it CHAR(64)). Same values either way: a SHA-256
 * in hex is always 64 characters. SQLite cannot change a column's type in
 * place, so its table is rebuilt; no other table references `session`.
 */
const SQLITE_SESSION = (name: string, tokenType: string) => `CREATE TABLE ${name} (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    token_hash ${tokenType} NOT NULL,
    operator_id VARCHAR(36) NULL REFERENCES operator (id) ON DELETE CASCADE,
    account_id VARCHAR(36) NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
  )`;

async function rebuildSqlite(runner: QueryRunner, tokenType: string): Promise<void> {
  await runner.query(SQLITE_SESSION("session_rebuilt", tokenType));
  await runner.query(
    "INSERT INTO session_rebuilt (id, token_hash, operator_id, account_id, created_at, expires_at) SELECT id, token_hash, operator_id, account_id, created_at, expires_at FROM session",
  );
  await runner.query("DROP TABLE session");
  await runner.query("ALTER TABLE session_rebuilt RENAME TO session");
  await runner.query("CREATE UNIQUE INDEX uq_session_token ON session (token_hash)");
  await runner.query("CREATE INDEX idx_session_account ON session (account_id)");
}

export class SessionTokenVarchar1764806400000 implements MigrationInterface {
  name = "SessionTokenVarchar1764806400000";

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === "mysql") {
      await runner.query("ALTER TABLE session MODIFY token_hash VARCHAR(64) NOT NULL");
      return;
    }
    await rebuildSqlite(runner, "VARCHAR(64)");
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === "mysql") {
      await runner.query("ALTER TABLE session MODIFY token_hash CHAR(64) NOT NULL");
      return;
    }
    await rebuildSqlite(runner, "CHAR(64)");
  }
}

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createConnection } from "mysql2/promise";

export type Dialect = "sqlite" | "mysql";

/** The server to create MySQL test databases on (no database in the URL). */
export function mysqlServerUrl(): string | null {
  return process.env.POSTROOM_TEST_MYSQL_URL || null;
}

/**
 * The dialects this run covers. SQLite always; MySQL/MariaDB when
 * POSTROOM_TEST_MYSQL_URL is set. Under CI=true a missing MySQL fails the run
 * instead of silently shrinking it.
 */
export function dialects(): Dialect[] {
  if (mysqlServerUrl()) return ["sqlite", "mysql"];
  if (process.env.CI === "true") {
    throw new Error("CI=true but POSTROOM_TEST_MYSQL_URL is not set: the MySQL suites cannot be skipped in CI");
  }
  return ["sqlite"];
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database made by this test run, dropped afterwards. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = `postroom_test_${process.env.JEST_WORKER_ID ?? "0"}_${process.pid}_${randomBytes(4).toString("hex")}`;
  if (dialect === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "postroom-test-"));
    return { url: `sqlite:${path.join(dir, `${name}.sqlite`)}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const server = mysqlServerUrl() as string;
  const admin = await createConnection(server);
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection(server);
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

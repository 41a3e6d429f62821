import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { DataSource, type EntityManager } from "typeorm";
import type { MysqlDriver } from "typeorm/driver/mysql/MysqlDriver";
import { ENTITIES } from "./entities";
import { MIGRATIONS } from "./migrations";
import { MysqlRunner, SqliteRunner, type SqlRunner } from "./sql-runner";
import { CountingLogger, StatementCounter } from "./statement-counter";

export type Dialect = "sqlite" | "mysql";

const DEADLOCK_CODES = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT", "SQLITE_BUSY"]);
const UNIQUE_CODES = new Set(["ER_DUP_ENTRY", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"]);

function driverCode(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

/** True when the error is a unique-index violation (the namespace said no). */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code !== undefined && UNIQUE_CODES.has(code);
}

/**
 * The one handle services get: TypeORM for ordinary work, a raw runner for hot
 * paths, and a transaction helper that makes writes safe on both dialects.
 */
export class Database {
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dataSource: DataSource,
    readonly sql: SqlRunner,
    readonly dialect: Dialect,
    readonly counter: StatementCounter,
    private readonly onClose: () => void = () => {},
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Runs `work` in one transaction. SQLite has a single connection and a single
   * writer, so transactions there queue behind each other instead of nesting;
   * MySQL retries a transaction the server chose as a deadlock victim.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === "sqlite") {
      const run = this.writeQueue.then(() => this.dataSource.transaction(work));
      this.writeQueue = run.catch(() => undefined);
      return run;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        const code = driverCode(error);
        if (attempt >= 5 || code === undefined || !DEADLOCK_CODES.has(code)) throw error;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  async close(): Promise<void> {
    await this.writeQueue;
    this.onClose();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

function sqlitePath(url: string): string {
  const file = url.replace(/^sqlite:(\/\/)?/, "");
  if (file === "" || file === ":memory:") {
    throw new Error("DATABASE_URL=sqlite: needs a file path (the read connection shares it)");
  }
  return path.resolve(file);
}

/** Opens (and migrates) the database named by a `sqlite:` or `mysql://` URL. */
export async function openDatabase(url: string, options: { migrate?: boolean } = {}): Promise<Database> {
  const counter = new StatementCounter();
  const logger = new CountingLogger(counter);
  if (url.startsWith("sqlite:")) {
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const dataSource = new DataSource({
      type: "better-sqlite3",
      database: file,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      synchronize: false,
      logger,
      prepareDatabase: (db: BetterSqlite3.Database) => {
        db.pragma("journal_mode = WAL");
        db.pragma("busy_timeout = 5000");
        db.pragma("foreign_keys = ON");
      },
    });
    await dataSource.initialize();
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: "each" });
    const reader = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    reader.pragma("busy_timeout = 5000");
    // A bounded page cache and no memory map: a mapped file's touched pages
    // count in the process's resident memory, which then grows with the
    // directory (590 MB at a million addresses); a pread() per missed page
    // costs ~4 µs more per look-up (docs/performance.md).
    reader.pragma("mmap_size = 0");
    reader.pragma("cache_size = -32768");
    const runner = new SqliteRunner(reader, counter);
    return new Database(dataSource, runner, "sqlite", counter, () => runner.close());
  }
  const dataSource = new DataSource({
    type: "mysql",
    url: url.replace(/^mariadb:/, "mysql:"),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    charset: "utf8mb4",
    timezone: "Z",
    logger,
    extra: { connectionLimit: 20 },
  });
  await dataSource.initialize();
  if (options.migrate !== false) await dataSource.runMigrations({ transaction: "each" });
  const pool = (dataSource.driver as MysqlDriver).pool as import("mysql2").Pool;
  return new Database(dataSource, new MysqlRunner(pool, counter), "mysql", counter);
}

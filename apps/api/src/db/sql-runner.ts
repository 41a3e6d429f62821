import type BetterSqlite3 from "better-sqlite3";
import type { Pool } from "mysql2";
import type { StatementCounter } from "./statement-counter";

export type SqlValue = string | number | null;

/**
 * Raw, column-listed statements for hot paths (resolution, sessions, lists):
 * no entity hydration, prepared once, parameters only as values.
 */
export interface SqlRunner {
  all<T>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
  /** For statements whose text varies (IN lists of varying length): not kept prepared. */
  once<T>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
  /**
   * Like `once`, but each row is an array of the selected columns in order:
   * for statements that return thousands of rows, where building an object
   * per row is most of the cost.
   */
  tuples<T extends unknown[]>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
}

/**
 * SQLite: a second, read-only connection on the same file. In WAL mode it sees
 * only committed data, never a write transaction that is still open on the
 * TypeORM connection.
 */
export class SqliteRunner implements SqlRunner {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly counter: StatementCounter,
  ) {}

  async all<T>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    this.counter.count++;
    return statement.all(...params) as T[];
  }

  async once<T>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    this.counter.count++;
    return this.db.prepare(sql).all(...params) as T[];
  }

  async tuples<T extends unknown[]>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    this.counter.count++;
    return this.db
      .prepare(sql)
      .raw(true)
      .all(...params) as T[];
  }

  close(): void {
    this.db.close();
  }
}

/** MySQL: the TypeORM pool's connections with server-side prepared statements. */
export class MysqlRunner implements SqlRunner {
  constructor(
    private readonly pool: Pool,
    private readonly counter: StatementCounter,
  ) {}

  all<T>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    this.counter.count++;
    return new Promise((resolve, reject) => {
      this.pool.execute(sql, params as SqlValue[], (error, rows) => {
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  }

  once<T>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    this.counter.count++;
    return new Promise((resolve, reject) => {
      this.pool.query(sql, params as SqlValue[], (error, rows) => {
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  }

  tuples<T extends unknown[]>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    this.counter.count++;
    return new Promise((resolve, reject) => {
      this.pool.query({ sql, rowsAsArray: true }, params as SqlValue[], (error, rows) => {
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  }
}

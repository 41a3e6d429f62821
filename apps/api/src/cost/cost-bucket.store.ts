import type { Database } from "../db/database";

/** A leaky bucket's shape: it holds `bucketSize` points and drains `restoreRate` points per second. */
export interface CostLimits {
  bucketSize: number;
  restoreRate: number;
}

/** The outcome of a take: whether the points fit, and the bucket's level at `now` (after the take when it fitted). */
export interface Take {
  taken: boolean;
  level: number;
}

/**
 * The `cost_bucket` table: one row per bucket, `level` as of `updated_ms`.
 * Every statement computes the leak since `updated_ms` in SQL, so several API
 * processes on one database charge the same bucket without locks.
 */
export class CostBucketStore {
  constructor(private readonly db: Database) {}

  /**
   * Adds `points` to the bucket if they fit, atomically across processes: one
   * conditional UPDATE that leaks the level to `now` and adds the points only
   * when the result fits. A first take inserts the row.
   */
  async take(key: string, limits: CostLimits, points: number, now: number): Promise<Take> {
    const { bucketSize: size, restoreRate: rate } = limits;
    const sqlite = this.db.dialect === "sqlite";
    const max = sqlite ? "MAX" : "GREATEST";
    const leaked = `${max}(level - ${max}(? - updated_ms, 0) * ? / 1000.0, 0)`;
    const update = `UPDATE cost_bucket SET level = ${leaked} + ?, updated_ms = ${max}(updated_ms, ?) WHERE bucket_key = ? AND ${leaked} + ? <= ?`;
    const params = [now, rate, points, now, key, now, rate, points, size];
    for (let attempt = 0; attempt < 3; attempt++) {
      if (sqlite) {
        // SQLite: one statement, queued with this process's other writes on its single connection.
        const rows = await this.db.transaction((m) => m.query(`${update} RETURNING level`, params) as Promise<{ level: number }[]>);
        if (rows.length) return { taken: true, level: Number(rows[0].level) };
      } else {
        const result = await this.exec(update, params);
        if (result.affected) {
          const [row] = (await this.db.manager.query("SELECT level FROM cost_bucket WHERE bucket_key = ?", [key])) as { level: number }[];
          return { taken: true, level: Number(row?.level ?? points) };
        }
      }
      const [row] = (await this.db.manager.query("SELECT level, updated_ms FROM cost_bucket WHERE bucket_key = ?", [key])) as {
        level: number;
        updated_ms: number | string;
      }[];
      if (row) {
        const level = Math.max(0, Number(row.level) - (Math.max(0, now - Number(row.updated_ms)) * rate) / 1000);
        if (level + points <= size) continue; // drained between the two statements: take again
        return { taken: false, level };
      }
      const insert = sqlite
        ? "INSERT OR IGNORE INTO cost_bucket (bucket_key, level, updated_ms) VALUES (?, ?, ?)"
        : "INSERT IGNORE INTO cost_bucket (bucket_key, level, updated_ms) VALUES (?, ?, ?)";
      const inserted = await this.exec(insert, [key, points, now]);
      if (inserted.affected) return { taken: true, level: points };
    }
    // Three lost races in a row: refuse rather than loop.
    return { taken: false, level: size };
  }

  /**
   * Takes points back out of buckets, in one transaction. Subtracting from the
   * stored level (before its leak) gives the same level at any later instant as
   * subtracting after the leak would, both floored at 0.
   */
  async giveBack(points: readonly (readonly [key: string, points: number])[]): Promise<void> {
    const returned = points.filter(([, p]) => p > 0);
    if (!returned.length) return;
    const sql = `UPDATE cost_bucket SET level = ${this.db.dialect === "sqlite" ? "MAX" : "GREATEST"}(level - ?, 0) WHERE bucket_key = ?`;
    await this.db.transaction(async (m) => {
      for (const [key, p] of returned) await m.query(sql, [p, key]);
    });
  }

  /** One write statement with its affected-row count; SQLite's queue behind this process's other writes. */
  private async exec(sql: string, params: unknown[]): Promise<{ affected?: number }> {
    if (this.db.dialect === "sqlite") return this.db.transaction((m) => m.queryRunner!.query(sql, params, true) as Promise<{ affected?: number }>);
    const runner = this.db.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)) as { affected?: number };
    } finally {
      await runner.release();
    }
  }
}

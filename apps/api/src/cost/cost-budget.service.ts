import { requireOperator } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { BadUserInputError, NotFoundError } from "../errors";
import { recordAudit } from "../audit/audit.service";

/** A leaky bucket's shape: it holds `bucketSize` points and drains `restoreRate` points per second. */
export interface CostLimits {
  bucketSize: number;
  restoreRate: number;
}

export interface CostCharge extends CostLimits {
  allowed: boolean;
  /** Points left after this request (before it, when refused). */
  available: number;
  /** Whole seconds until the request would fit (0 when allowed). */
  retryAfter: number;
}

/** How long an organization's override is remembered in this process; other processes see a change within this time. */
const LIMITS_TTL_MS = 5_000;
const MAX_LIMIT = 1_000_000_000;

/**
 * Per-principal cost budgets (DESIGN.md §10), as leaky buckets stored in the
 * database so every API process on it charges the same bucket. `defaults`
 * null turns budgets off (COST_BUDGET=off).
 */
export class CostBudgetService {
  private readonly overrides = new Map<string, { limits: CostLimits | null; until: number }>();

  constructor(
    private readonly db: Database,
    readonly defaults: CostLimits | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get enabled(): boolean {
    return this.defaults !== null;
  }

  /** The bucket a principal draws from: one per session principal or API key, or per client address when anonymous. */
  static bucketKey(principal: Principal | null, clientAddress: string | null): string {
    return principal ? `${principal.kind}:${principal.id}` : `ip:${clientAddress ?? "unknown"}`;
  }

  /** The bucket shape for a principal's organization: its override, or the default. */
  async limitsFor(organizationId: string | null): Promise<CostLimits> {
    const defaults = this.defaults ?? { bucketSize: MAX_LIMIT, restoreRate: MAX_LIMIT };
    if (!organizationId) return defaults;
    const cached = this.overrides.get(organizationId);
    const now = Date.now();
    if (cached && cached.until > now) return cached.limits ?? defaults;
    const [row] = await this.db.sql.all<{ s: number | null; r: number | null }>("SELECT cost_bucket_size AS s, cost_restore_rate AS r FROM organization WHERE id = ?", [organizationId]);
    const limits = row && (row.s !== null || row.r !== null) ? { bucketSize: Number(row.s ?? defaults.bucketSize), restoreRate: Number(row.r ?? defaults.restoreRate) } : null;
    this.overrides.set(organizationId, { limits, until: now + LIMITS_TTL_MS });
    return limits ?? defaults;
  }

  /**
   * Takes `cost` points from the bucket if they fit, atomically across
   * processes: one conditional UPDATE that computes the leak since the last
   * charge in SQL and adds the cost only when the result fits. A first charge
   * inserts the row. An operation costing more than the whole bucket can never
   * run, and is refused as BAD_USER_INPUT.
   */
  async charge(key: string, organizationId: string | null, cost: number): Promise<CostCharge> {
    const limits = await this.limitsFor(organizationId);
    const { bucketSize: size, restoreRate: rate } = limits;
    if (cost > size) {
      throw new BadUserInputError(`This operation costs ${cost} points, more than the whole budget of ${size}; ask for fewer items.`, { cost, maximumAvailable: size });
    }
    const now = this.now().getTime();
    const sqlite = this.db.dialect === "sqlite";
    const max = sqlite ? "MAX" : "GREATEST";
    const leaked = `${max}(level - ${max}(? - updated_ms, 0) * ? / 1000.0, 0)`;
    const update = `UPDATE cost_bucket SET level = ${leaked} + ?, updated_ms = ${max}(updated_ms, ?) WHERE bucket_key = ? AND ${leaked} + ? <= ?`;
    const params = [now, rate, cost, now, key, now, rate, cost, size];
    for (let attempt = 0; attempt < 3; attempt++) {
      if (sqlite) {
        // SQLite: one statement, queued with this process's other writes on its single connection.
        const rows = await this.db.transaction((m) => m.query(`${update} RETURNING level`, params) as Promise<{ level: number }[]>);
        if (rows.length) return { ...limits, allowed: true, available: Math.max(0, size - Number(rows[0].level)), retryAfter: 0 };
      } else {
        const result = await this.exec(update, params);
        if (result.affected) {
          const [row] = (await this.db.manager.query("SELECT level FROM cost_bucket WHERE bucket_key = ?", [key])) as { level: number }[];
          return { ...limits, allowed: true, available: Math.max(0, size - Number(row?.level ?? cost)), retryAfter: 0 };
        }
      }
      const [row] = (await this.db.manager.query("SELECT level, updated_ms FROM cost_bucket WHERE bucket_key = ?", [key])) as { level: number; updated_ms: number | string }[];
      if (row) {
        const level = Math.max(0, Number(row.level) - (Math.max(0, now - Number(row.updated_ms)) * rate) / 1000);
        if (level + cost <= size) continue; // drained between the two statements: charge again
        return { ...limits, allowed: false, available: Math.max(0, size - level), retryAfter: Math.max(1, Math.ceil((level + cost - size) / rate)) };
      }
      const insert = sqlite ? "INSERT OR IGNORE INTO cost_bucket (bucket_key, level, updated_ms) VALUES (?, ?, ?)" : "INSERT IGNORE INTO cost_bucket (bucket_key, level, updated_ms) VALUES (?, ?, ?)";
      const inserted = await this.exec(insert, [key, cost, now]);
      if (inserted.affected) return { ...limits, allowed: true, available: size - cost, retryAfter: 0 };
    }
    // Three lost races in a row: refuse rather than loop.
    return { ...limits, allowed: false, available: 0, retryAfter: 1 };
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

  /** Operators set an organization's own bucket size and restore rate; null for either goes back to the default. */
  async setOrganizationLimits(principal: Principal | null, organizationId: string, change: { bucketSize?: number | null; restoreRate?: number | null }): Promise<CostLimits & { isDefault: boolean }> {
    requireOperator(principal);
    for (const [field, value] of Object.entries(change)) {
      if (value !== null && value !== undefined && (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)) {
        throw new BadUserInputError(`${field} must be a whole number between 1 and ${MAX_LIMIT}.`, { field });
      }
    }
    const bucketSize = change.bucketSize ?? null;
    const restoreRate = change.restoreRate ?? null;
    await this.db.transaction(async (m) => {
      const [org] = (await m.query("SELECT cost_bucket_size AS s, cost_restore_rate AS r FROM organization WHERE id = ?", [organizationId])) as { s: number | null; r: number | null }[];
      if (!org) throw new NotFoundError("Organization not found.");
      await m.query("UPDATE organization SET cost_bucket_size = ?, cost_restore_rate = ? WHERE id = ?", [bucketSize, restoreRate, organizationId]);
      await recordAudit(m, principal, {
        organizationId,
        action: "organization.setCostBudget",
        targetType: "Organization",
        targetId: organizationId,
        before: { bucketSize: org.s === null ? null : Number(org.s), restoreRate: org.r === null ? null : Number(org.r) },
        after: { bucketSize, restoreRate },
      });
    });
    this.overrides.delete(organizationId);
    const limits = await this.limitsFor(organizationId);
    return { ...limits, isDefault: bucketSize === null && restoreRate === null };
  }
}

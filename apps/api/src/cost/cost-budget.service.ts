import { requireOperator } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { BadUserInputError, NotFoundError } from "../errors";
import { recordAudit } from "../audit/audit.service";
import { CostBucketStore, type CostLimits } from "./cost-bucket.store";
import { type CostCharge, CostLeases } from "./cost-leases";

export type { CostLimits } from "./cost-bucket.store";
export type { CostCharge } from "./cost-leases";

/** How long an organization's override is remembered in this process; other processes see a change within this time. */
const LIMITS_TTL_MS = 5_000;
const MAX_LIMIT = 1_000_000_000;

/**
 * Per-principal cost budgets (DESIGN.md §10), as leaky buckets stored in the
 * database so every API process on it charges the same bucket, through
 * leases so a request rarely writes (cost-leases.ts). `defaults` null turns
 * budgets off (COST_BUDGET=off).
 */
export class CostBudgetService {
  private readonly overrides = new Map<string, { limits: CostLimits | null; until: number }>();
  private readonly leases: CostLeases;

  constructor(
    private readonly db: Database,
    readonly defaults: CostLimits | null,
    now: () => Date = () => new Date(),
  ) {
    this.leases = new CostLeases(new CostBucketStore(db), now);
  }

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
    const [row] = await this.db.sql.all<{ s: number | null; r: number | null }>(
      "SELECT cost_bucket_size AS s, cost_restore_rate AS r FROM organization WHERE id = ?",
      [organizationId],
    );
    const limits =
      row && (row.s !== null || row.r !== null)
        ? { bucketSize: Number(row.s ?? defaults.bucketSize), restoreRate: Number(row.r ?? defaults.restoreRate) }
        : null;
    this.overrides.set(organizationId, { limits, until: now + LIMITS_TTL_MS });
    return limits ?? defaults;
  }

  /**
   * Charges `cost` points to the principal's bucket if they fit, atomically
   * across processes, mostly from this process's lease (CostLeases). An
   * operation costing more than the whole bucket can never run, and is
   * refused as BAD_USER_INPUT.
   */
  async charge(key: string, organizationId: string | null, cost: number): Promise<CostCharge> {
    const limits = await this.limitsFor(organizationId);
    if (cost > limits.bucketSize) {
      throw new BadUserInputError(`This operation costs ${cost} points, more than the whole budget of ${limits.bucketSize}; ask for fewer items.`, {
        cost,
        maximumAvailable: limits.bucketSize,
      });
    }
    return this.leases.charge(key, limits, cost);
  }

  /** Gives this process's unspent leases back to their buckets (on shutdown). */
  async releaseLeases(): Promise<void> {
    await this.leases.releaseAll();
  }

  /** Operators set an organization's own bucket size and restore rate; null for either goes back to the default. */
  async setOrganizationLimits(
    principal: Principal | null,
    organizationId: string,
    change: { bucketSize?: number | null; restoreRate?: number | null },
  ): Promise<CostLimits & { isDefault: boolean }> {
    requireOperator(principal);
    for (const [field, value] of Object.entries(change)) {
      if (value !== null && value !== undefined && (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)) {
        throw new BadUserInputError(`${field} must be a whole number between 1 and ${MAX_LIMIT}.`, { field });
      }
    }
    const bucketSize = change.bucketSize ?? null;
    const restoreRate = change.restoreRate ?? null;
    await this.db.transaction(async (m) => {
      const [org] = (await m.query("SELECT cost_bucket_size AS s, cost_restore_rate AS r FROM organization WHERE id = ?", [organizationId])) as {
        s: number | null;
        r: number | null;
      }[];
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

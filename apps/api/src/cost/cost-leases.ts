import { type CostBucketStore, type CostLimits, type Take } from "./cost-bucket.store";

export interface CostCharge extends CostLimits {
  allowed: boolean;
  /** Points this principal can spend through this process now: after this request when allowed, before it when refused. */
  available: number;
  /** Whole seconds until the request would fit (0 when allowed). */
  retryAfter: number;
}

/** A lease's share of the bucket, and how much of its restore rate: a lease never outlives what half a second restores. */
const LEASE_SHARE = 1 / 20;
const LEASE_RESTORE_SECONDS = 0.5;
/** After this (services' clock), a lease's unspent points go back to the bucket. */
export const LEASE_TTL_MS = 1_000;
const MAX_LEASES = 10_000;

interface Lease {
  limits: CostLimits;
  /** Points taken from the bucket and not yet spent. */
  remaining: number;
  /** The bucket's level as this process last saw it (every process's leases counted as spent), and when. */
  level: number;
  at: number;
  expiresAt: number;
  /** Set while this process asks the database for more points for this bucket; others wait for it. */
  renewing: Promise<void> | null;
}

/** The points one lease takes: none (charge exactly) when that would not cover more than one request. */
export function leaseSize(limits: CostLimits): number {
  return Math.floor(Math.min(limits.bucketSize * LEASE_SHARE, limits.restoreRate * LEASE_RESTORE_SECONDS));
}

/**
 * Charges principals' buckets without a database write per request. The first
 * request of a principal in this process takes a *lease* of `leaseSize` points
 * from the shared bucket with the same atomic conditional UPDATE an exact
 * charge uses; following requests spend the lease in memory until it runs out
 * (then one renewal, the others wait for it) or is a second old (then its
 * unspent points go back: `level = MAX(level - unused, 0)`). When a whole
 * lease no longer fits, the request is charged exactly, so a principal near
 * its limit is refused exactly when per-request charging would refuse it.
 *
 * The bound: the database counts leased points as spent when leased, and the
 * bucket leaks meanwhile, so within any window a principal can spend at most
 * the bucket plus what leaks in, plus the unspent leases outstanding at the
 * window's start — under one lease per API process, a lease being at most 1/20
 * of the bucket and half a second of restore.
 *
 * `available` is what the principal can spend through this process: the
 * bucket size, less the level this process last read (leaked to now, with
 * every process's leases in it), plus this process's own unspent lease.
 * Another process's unspent lease counts as spent, so it never overstates.
 */
export class CostLeases {
  private readonly leases = new Map<string, Lease>();
  private nextSweep = 0;

  constructor(
    private readonly store: CostBucketStore,
    private readonly now: () => Date,
  ) {}

  async charge(key: string, limits: CostLimits, cost: number): Promise<CostCharge> {
    await this.sweep();
    for (;;) {
      const now = this.now().getTime();
      const lease = this.leases.get(key);
      if (lease?.renewing) {
        await lease.renewing;
        continue;
      }
      if (lease && (lease.expiresAt <= now || lease.limits.bucketSize !== limits.bucketSize || lease.limits.restoreRate !== limits.restoreRate)) {
        this.leases.delete(key);
        await this.store.giveBack([[key, lease.remaining]]);
        continue;
      }
      if (lease && lease.remaining >= cost) {
        lease.remaining -= cost;
        return charged(lease, now, true, cost);
      }
      return this.renew(key, limits, cost, lease, now);
    }
  }

  /** Gives every unspent lease back, as a process does when it stops. */
  async releaseAll(): Promise<void> {
    const all = [...this.leases].map(([key, lease]) => [key, lease.remaining] as const);
    this.leases.clear();
    this.nextSweep = 0;
    await this.store.giveBack(all);
  }

  /** Takes a new lease (or, when a whole one no longer fits, exactly `cost`) from the bucket; the caller's request spends `cost` of it. */
  private async renew(key: string, limits: CostLimits, cost: number, current: Lease | undefined, now: number): Promise<CostCharge> {
    const lease: Lease = current ?? { limits, remaining: 0, level: 0, at: now, expiresAt: now + LEASE_TTL_MS, renewing: null };
    let done!: () => void;
    lease.renewing = new Promise((resolve) => (done = resolve));
    await this.remember(key, lease);
    try {
      const want = Math.max(cost, leaseSize(limits));
      let granted = want;
      let take: Take = await this.store.take(key, limits, want, now);
      if (!take.taken && want > cost) {
        granted = cost;
        take = await this.store.take(key, limits, cost, now);
      }
      lease.level = take.level;
      lease.at = now;
      if (!take.taken) return charged(lease, now, false, cost);
      if (granted > cost) lease.expiresAt = now + LEASE_TTL_MS;
      lease.remaining += granted - cost;
      return charged(lease, now, true, cost);
    } finally {
      lease.renewing = null;
      done();
    }
  }

  /** Keeps the map bounded: the lease renewed longest ago goes (and gives its points back) past MAX_LEASES. */
  private async remember(key: string, lease: Lease): Promise<void> {
    this.leases.delete(key);
    this.leases.set(key, lease);
    if (this.leases.size <= MAX_LEASES) return;
    for (const [oldKey, old] of this.leases) {
      if (old.renewing) continue;
      this.leases.delete(oldKey);
      await this.store.giveBack([[oldKey, old.remaining]]);
      return;
    }
  }

  /** Once a lease lifetime, gives back the expired leases of principals that have not come back. */
  private async sweep(): Promise<void> {
    const now = this.now().getTime();
    if (now < this.nextSweep) return;
    this.nextSweep = now + LEASE_TTL_MS;
    const expired: [string, number][] = [];
    for (const [key, lease] of this.leases) {
      if (lease.renewing || lease.expiresAt > now) continue;
      this.leases.delete(key);
      expired.push([key, lease.remaining]);
    }
    await this.store.giveBack(expired);
  }
}

function charged(lease: Lease, now: number, allowed: boolean, cost: number): CostCharge {
  const { bucketSize: size, restoreRate: rate } = lease.limits;
  const level = Math.max(0, lease.level - (Math.max(0, now - lease.at) * rate) / 1000);
  const available = Math.min(size, Math.max(0, size - level + lease.remaining));
  return { ...lease.limits, allowed, available, retryAfter: allowed ? 0 : Math.max(1, Math.ceil((cost - available) / rate)) };
}

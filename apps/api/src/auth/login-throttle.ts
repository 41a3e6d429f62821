import { randomUUID } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { EntityManager } from "typeorm";
import type { Database } from "../db/database";
import { RateLimitedError } from "../errors";
import { sha256 } from "./tokens";

export interface ThrottleLimits {
  /** Failures per login name inside the window (default 10). */
  perAccount: number;
  /** Failures per client address inside the window (default 100). */
  perAddress: number;
  /** The sliding window (default 15 minutes). */
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 10, perAddress: 100, windowMs: 15 * 60_000 };

interface Bucket {
  hash: string;
  limit: number;
}

/** One sign-in attempt's reservation: its rows count as failures until `succeeded` removes them. */
export interface Attempt {
  ids: string[];
  accountBucket: string;
}

/**
 * Sliding-window limits on failed sign-ins, per login name and per client
 * address, kept in the `login_failure` table so that every API process sharing
 * the database counts the same failures.
 *
 * An attempt first records itself as a failure (committed), then counts: an
 * attempt that finds its bucket over the limit removes its rows and is refused
 * before any password is looked at. Counting after committing means concurrent
 * attempts see each other, so no burst gets more than the limit evaluated. A
 * successful sign-in removes its own rows and the login name's failures.
 */
export class LoginThrottle {
  private readonly limits: ThrottleLimits;
  private readonly countSql: Map<number, string> = new Map();

  constructor(
    private readonly db: Database,
    limits: Partial<ThrottleLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_THROTTLE, ...limits };
  }

  /** Records an attempt, or throws RATE_LIMITED (with `retryAfter` in seconds) when a bucket is full. */
  async begin(loginName: string, clientAddress: string | null): Promise<Attempt> {
    const account: Bucket = { hash: accountBucketHash(loginName), limit: this.limits.perAccount };
    const buckets = [account];
    const client = clientBucketKey(clientAddress);
    if (client) buckets.push({ hash: sha256(`client\n${client}`), limit: this.limits.perAddress });
    const now = this.now();
    const since = now - this.limits.windowMs;
    const ids = buckets.map(() => randomUUID());
    await this.db.transaction(async (m) => {
      await m.query("DELETE FROM login_failure WHERE failed_at < ?", [since]);
      for (const [i, bucket] of buckets.entries()) {
        await m.query("INSERT INTO login_failure (id, bucket, failed_at) VALUES (?, ?, ?)", [ids[i], bucket.hash, now]);
      }
    });
    let retryAfterMs = 0;
    for (const bucket of buckets) {
      const times = await this.recent(bucket, since);
      // `times` includes this attempt; over the limit means limit+1 rows.
      if (times.length > bucket.limit) {
        const own = times.indexOf(now);
        const others = own >= 0 ? [...times.slice(0, own), ...times.slice(own + 1)] : times;
        const oldestCounted = others[bucket.limit - 1] ?? now;
        retryAfterMs = Math.max(retryAfterMs, oldestCounted + this.limits.windowMs - now);
      }
    }
    if (retryAfterMs > 0) {
      await this.remove(ids);
      const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
      throw new RateLimitedError(`Too many failed sign-ins; try again in ${inWords(retryAfter)}.`, { retryAfter });
    }
    return { ids, accountBucket: account.hash };
  }

  /** The attempt signed in: it was no failure, and the login name starts afresh. */
  async succeeded(attempt: Attempt): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query("DELETE FROM login_failure WHERE bucket = ?", [attempt.accountBucket]);
      await this.deleteIds(m, attempt.ids);
    });
  }

  private async remove(ids: string[]): Promise<void> {
    await this.db.transaction((m) => this.deleteIds(m, ids));
  }

  private async deleteIds(m: EntityManager, ids: string[]): Promise<void> {
    for (const id of ids) await m.query("DELETE FROM login_failure WHERE id = ?", [id]);
  }

  /** The bucket's failure times inside the window, newest first, at most limit+1 of them. */
  private async recent(bucket: Bucket, since: number): Promise<number[]> {
    let sql = this.countSql.get(bucket.limit);
    if (!sql) {
      sql = `SELECT failed_at FROM login_failure WHERE bucket = ? AND failed_at >= ? ORDER BY failed_at DESC LIMIT ${bucket.limit + 1}`;
      this.countSql.set(bucket.limit, sql);
    }
    const rows = await this.db.sql.all<{ failed_at: number | string }>(sql, [bucket.hash, since]);
    return rows.map((r) => Number(r.failed_at));
  }
}

export function accountBucketHash(loginName: string): string {
  return sha256(`login\n${loginName}`);
}

/**
 * The client address a limit applies to: IPv4 as it is (IPv4-mapped IPv6
 * unwrapped), IPv6 by its /64 — one subscriber usually holds a whole /64.
 */
export function clientBucketKey(address: string | null | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

import type { Principal } from "../auth/principal";
import type { IpRanges } from "./ip-ranges";

export interface KeyEntry {
  keyId: string;
  principal: Principal;
  /** When this secret stops working (services' clock, ms): the key's expiry, or a previous secret's grace end. */
  validUntil: number;
  allowed: IpRanges | null;
}

/**
 * Verified keys by secret hash, for `ttlMs` of real time (as SessionCache does
 * for sessions): the hot path then costs no look-up. Rotation and revocation
 * through this process evict at once; another process's revocation is seen
 * within `ttlMs`. Expiry and grace are checked on every use, not cached.
 */
export class KeyCache {
  private readonly entries = new Map<string, { entry: KeyEntry; cachedUntil: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(hash: string): KeyEntry | undefined {
    const found = this.entries.get(hash);
    if (!found) return undefined;
    if (found.cachedUntil <= Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return found.entry;
  }

  set(hash: string, entry: KeyEntry): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { entry, cachedUntil: Date.now() + this.ttlMs });
  }

  forgetKey(keyId: string): void {
    for (const [hash, found] of this.entries) if (found.entry.keyId === keyId) this.entries.delete(hash);
  }
}

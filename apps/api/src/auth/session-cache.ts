import type { Principal } from "./principal";

interface Entry {
  principal: Principal;
  accountId: string | null;
  validUntil: number;
}

/**
 * Verified sessions, by token hash, for a short time: authenticating is on
 * every request, and a database round trip there costs more than the
 * resolution itself. Changes made through this process (logout, disabling,
 * profile changes) evict at once; a change committed by another API process is
 * seen here within `ttlMs`. Unknown tokens are never cached.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(tokenHash: string): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.validUntil <= this.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.principal;
  }

  set(tokenHash: string, principal: Principal, sessionExpiresAt: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, {
      principal,
      accountId: principal.kind === "account" ? principal.id : null,
      validUntil: Math.min(this.now() + this.ttlMs, sessionExpiresAt),
    });
  }

  forgetSession(sessionId: string): void {
    for (const [key, entry] of this.entries) if (entry.principal.sessionId === sessionId) this.entries.delete(key);
  }

  forgetAccount(accountId: string): void {
    for (const [key, entry] of this.entries) if (entry.accountId === accountId) this.entries.delete(key);
  }
}

import { LessThanOrEqual } from "typeorm";
import { type Database, isUniqueViolation } from "../db/database";
import { IdempotencyRequestEntity } from "./idempotency-request.entity";

/** How long a stored answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A first request still marked running after this long died with its process: a retry may take over. */
export const IN_PROGRESS_TIMEOUT_MS = 5 * 60_000;
const PURGE_INTERVAL_MS = 10 * 60_000;

export type Claim = { kind: "run" } | { kind: "replay"; status: number; body: string } | { kind: "reused" } | { kind: "inProgress" };

/**
 * The stored answers behind `Idempotency-Key`, one row per (principal, key).
 * Inserting first decides every race: the one request whose INSERT wins the
 * primary key runs; every other reads the row and replays its answer, or is
 * told the first is still running, or that the key was used for another
 * request.
 */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(principalKey: string, keyHash: string, requestHash: string): Promise<Claim> {
    await this.purge();
    const where = { principalKey, keyHash };
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.now();
      try {
        await this.db.transaction((m) =>
          m.insert(IdempotencyRequestEntity, {
            ...where,
            requestHash,
            state: "RUNNING",
            responseStatus: null,
            responseBody: null,
            createdAt: now,
            expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
          }),
        );
        return { kind: "run" };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const row = await this.db.manager.findOne(IdempotencyRequestEntity, { where });
      if (!row) continue; // expired and purged meanwhile: insert again
      if (row.expiresAt.getTime() <= now.getTime()) {
        await this.db.transaction((m) => m.delete(IdempotencyRequestEntity, { ...where, expiresAt: LessThanOrEqual(now) }));
        continue;
      }
      if (row.requestHash !== requestHash) return { kind: "reused" };
      if (row.state === "DONE") return { kind: "replay", status: row.responseStatus ?? 200, body: row.responseBody ?? "" };
      if (now.getTime() - row.createdAt.getTime() < IN_PROGRESS_TIMEOUT_MS) return { kind: "inProgress" };
      // The first request's process died: take over; exactly one retry wins the conditional UPDATE.
      const taken = await this.db.transaction((m) =>
        m.update(IdempotencyRequestEntity, { ...where, state: "RUNNING", createdAt: row.createdAt }, { createdAt: now }),
      );
      return taken.affected === 1 ? { kind: "run" } : { kind: "inProgress" };
    }
    return { kind: "inProgress" };
  }

  /** Stores the answer of the request that ran. */
  async complete(principalKey: string, keyHash: string, status: number, body: string): Promise<void> {
    await this.db.transaction((m) =>
      m.update(IdempotencyRequestEntity, { principalKey, keyHash }, { state: "DONE", responseStatus: status, responseBody: body }),
    );
  }

  /** Forgets a claim whose request ended without an answer worth replaying, so a retry runs again. */
  async release(principalKey: string, keyHash: string): Promise<void> {
    await this.db.transaction((m) => m.delete(IdempotencyRequestEntity, { principalKey, keyHash, state: "RUNNING" }));
  }

  /** Expired answers go at most every ten minutes per process, so the table holds about a day of keys. */
  private async purge(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now.getTime();
    await this.db.transaction((m) => m.delete(IdempotencyRequestEntity, { expiresAt: LessThanOrEqual(now) }));
  }
}

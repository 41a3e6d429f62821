import { randomUUID } from "node:crypto";
import { type EntityManager, In } from "typeorm";
import { adminListScope } from "../auth/list-scope";
import type { Principal } from "../auth/principal";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import { escapeLike } from "../common/search";
import type { Database } from "../db/database";
import { JobEntity, JobState } from "./job.entity";

export interface NewJob {
  organizationId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  runAt: Date;
  maxAttempts?: number;
}

/** Adds a job in the caller's transaction, so it exists exactly when the change does. */
export async function enqueueJob(m: EntityManager, job: NewJob): Promise<JobEntity> {
  const now = new Date();
  const row: JobEntity = {
    id: randomUUID(),
    organizationId: job.organizationId,
    kind: job.kind,
    payload: JSON.stringify(job.payload),
    idempotencyKey: job.idempotencyKey,
    state: JobState.PENDING,
    runAt: job.runAt,
    attempts: 0,
    maxAttempts: job.maxAttempts ?? 10,
    leaseOwner: null,
    leaseUntil: null,
    lastError: null,
    doneAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await m.insert(JobEntity, row);
  return row;
}

/** Jobs as data: enqueued inside the transaction that makes them necessary. */
export class JobService {
  constructor(private readonly db: Database) {}

  /** Adds a job in the caller's transaction, so it exists exactly when the change does. */
  async enqueue(m: EntityManager, job: NewJob): Promise<JobEntity> {
    return enqueueJob(m, job);
  }

  /** Cancels work that is no longer wanted (e.g. its address was removed); a running attempt finds it cancelled. */
  async cancel(m: EntityManager, idempotencyKeys: string[]): Promise<void> {
    if (idempotencyKeys.length === 0) return;
    await m.update(
      JobEntity,
      { idempotencyKey: In(idempotencyKeys), state: In([JobState.PENDING, JobState.RUNNING]) },
      { state: JobState.CANCELLED, updatedAt: new Date() },
    );
  }

  /**
   * An organization's jobs, newest first; admins of the organization and
   * operators. An operator who names no organization sees every organization's.
   */
  async list(
    principal: Principal | null,
    filter: { organizationId?: string | null; state?: JobState | null; accountId?: string | null; first?: number | null; after?: string | null },
  ): Promise<Page<JobEntity>> {
    const organizationId = adminListScope(principal, filter.organizationId);
    const limit = pageSize(filter.first);
    const cursor = decodeCursor(filter.after, ["timestamp", "id"]);
    const base = () => {
      const qb = this.db.manager.createQueryBuilder(JobEntity, "j");
      if (organizationId) qb.andWhere("j.organization_id = :org", { org: organizationId });
      if (filter.state) qb.andWhere("j.state = :state", { state: filter.state });
      // Payloads are JSON written by JSON.stringify, so the account appears exactly so.
      if (filter.accountId)
        qb.andWhere("j.payload LIKE :acc ESCAPE '!'", { acc: `%${escapeLike(JSON.stringify({ accountId: filter.accountId }).slice(1, -1))}%` });
      return qb;
    };
    const qb = base()
      .orderBy("j.created_at", "DESC")
      .addOrderBy("j.id", "DESC")
      .take(limit + 1);
    if (cursor) qb.andWhere("(j.created_at < :c OR (j.created_at = :c AND j.id < :i))", { c: new Date(String(cursor[0])), i: cursor[1] });
    return toPage(
      await qb.getMany(),
      limit,
      (j) => [j.createdAt.toISOString(), j.id],
      () => base().getCount(),
    );
  }
}

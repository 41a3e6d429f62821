import { randomBytes } from "node:crypto";
import os from "node:os";
import type { EntityManager } from "typeorm";
import type { Database } from "../db/database";
import { recordJobFailed } from "../events/event-outbox";
import { PostroomError } from "../errors";
import { JobEntity, JobState } from "./job.entity";

export type JobHandler = (job: JobEntity, payload: Record<string, unknown>) => Promise<void>;

export interface WorkerOptions {
  /** Identifies this worker in leases; unique per process. */
  owner?: string;
  /** How long a claimed job stays this worker's before others may take it. */
  leaseMs?: number;
  pollMs?: number;
  batch?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

/**
 * A job failure whose message is written for the administrator reading
 * `Job.lastError` (e.g. a provider's refusal: code PROVIDER_ERROR). Handlers
 * and providers throw it; any other error is reported as INTERNAL.
 */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** When the handler keeps its own retry schedule (webhook deliveries): the delay before the next attempt. */
    readonly retryInMs?: number,
  ) {
    super(message);
    this.name = "JobFailure";
  }
}

const DUE = "((j.state = :pending AND j.run_at <= :now) OR (j.state = :running AND j.lease_until < :now))";

/**
 * Runs due jobs. Claiming is one conditional UPDATE per job (state and lease
 * re-checked in the WHERE clause), so any number of workers in any number of
 * processes can share one database: exactly one wins each job, and a job whose
 * worker died is taken again once its lease has expired.
 */
export class JobWorker {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly log: (line: string) => void;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    private readonly handlers: Record<string, JobHandler>,
    options: WorkerOptions = {},
  ) {
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.batch = options.batch ?? 20;
    this.backoffMs = options.backoffMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
    this.log = options.log ?? ((line) => console.error(line));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let processed = 0;
        try {
          processed = await this.runDue();
        } catch (error) {
          this.log(`[jobs] polling failed: ${(error as Error).message}`);
        }
        if (processed === 0 && this.running) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.pollMs);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wake = null;
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Claims and runs the jobs due now; returns how many ran. */
  async runDue(): Promise<number> {
    const claimed = await this.claim();
    for (const job of claimed) await this.run(job);
    return claimed.length;
  }

  private params(now: Date) {
    return { pending: JobState.PENDING, running: JobState.RUNNING, now };
  }

  private async claim(): Promise<JobEntity[]> {
    const now = new Date();
    const candidates = await this.db.manager
      .createQueryBuilder(JobEntity, "j")
      .select(["j.id"])
      .where(DUE, this.params(now))
      .orderBy("j.run_at", "ASC")
      .take(this.batch)
      .getMany();
    const claimed: JobEntity[] = [];
    for (const { id } of candidates) {
      const leaseUntil = new Date(now.getTime() + this.leaseMs);
      const result = await this.db.transaction((m) =>
        m
          .createQueryBuilder()
          .update(JobEntity)
          .set({ state: JobState.RUNNING, leaseOwner: this.owner, leaseUntil, attempts: () => "attempts + 1", updatedAt: now })
          .where(`id = :id AND ${DUE.replace(/j\./g, "")}`, { id, ...this.params(now) })
          .execute(),
      );
      if (!result.affected) continue;
      const job = await this.db.manager.findOne(JobEntity, { where: { id } });
      if (job && job.leaseOwner === this.owner) claimed.push(job);
    }
    return claimed;
  }

  private async run(job: JobEntity): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job, JSON.parse(job.payload) as Record<string, unknown>);
      await this.finish(job, { state: JobState.DONE, doneAt: new Date(), lastError: null });
    } catch (error) {
      const message = this.describeFailure(job, error);
      if (job.attempts >= job.maxAttempts) {
        await this.finish(job, { state: JobState.FAILED, lastError: message, doneAt: new Date() }, (m) => recordJobFailed(m, job, message));
        this.log(`[jobs] ${job.kind} ${job.id} failed for good after ${job.attempts} attempts: ${message}`);
      } else {
        const delay =
          error instanceof JobFailure && error.retryInMs !== undefined
            ? error.retryInMs
            : Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (job.attempts - 1));
        await this.finish(job, { state: JobState.PENDING, lastError: message, runAt: new Date(Date.now() + delay) });
      }
    }
  }

  /**
   * What `Job.lastError` says, for the admins who read it: a contract code and
   * a human sentence. A PostroomError or JobFailure brings its own; anything
   * else is INTERNAL with a reference to the server log line that holds the
   * raw text, which may name hosts, SQL or credentials and never leaves the log.
   */
  private describeFailure(job: JobEntity, error: unknown): string {
    if (error instanceof PostroomError || error instanceof JobFailure) return `${error.code}: ${error.message}`.slice(0, 1000);
    const ref = randomBytes(6).toString("hex");
    const raw = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.log(`[jobs] ${job.kind} ${job.id} attempt ${job.attempts} failed (ref ${ref}): ${raw}`);
    return `INTERNAL: the job failed; see the server log (ref ${ref})`;
  }

  /** Records the outcome only if the job is still ours (not cancelled, not re-leased after we overran). */
  private async finish(job: JobEntity, change: Partial<JobEntity>, also?: (m: EntityManager) => Promise<void>): Promise<void> {
    await this.db.transaction(async (m) => {
      const result = await m
        .createQueryBuilder()
        .update(JobEntity)
        .set({ ...change, leaseOwner: null, leaseUntil: null, updatedAt: new Date() })
        .where("id = :id AND lease_owner = :owner AND state = :running", { id: job.id, owner: this.owner, running: JobState.RUNNING })
        .execute();
      if (result.affected && also) await also(m);
    });
  }
}

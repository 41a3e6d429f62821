import { Column, Entity, PrimaryColumn } from "typeorm";

export enum JobState {
  PENDING = "PENDING",
  RUNNING = "RUNNING",
  DONE = "DONE",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
}

/**
 * Durable background work. A worker owns a RUNNING job until `leaseUntil`;
 * after that any worker may take it again, so a crashed process loses nothing.
 */
@Entity("job")
export class JobEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "organization_id", type: "varchar", length: 36, nullable: true })
  organizationId: string | null;

  @Column({ type: "varchar", length: 64 })
  kind: string;

  /** JSON. */
  @Column({ type: "text" })
  payload: string;

  /** Also what the mail provider de-duplicates on. */
  @Column({ name: "idempotency_key", type: "varchar", length: 120 })
  idempotencyKey: string;

  @Column({ type: "varchar", length: 16 })
  state: JobState;

  @Column({ name: "run_at", type: "datetime" })
  runAt: Date;

  @Column({ type: "int" })
  attempts: number;

  @Column({ name: "max_attempts", type: "int" })
  maxAttempts: number;

  @Column({ name: "lease_owner", type: "varchar", length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: "lease_until", type: "datetime", nullable: true })
  leaseUntil: Date | null;

  @Column({ name: "last_error", type: "text", nullable: true })
  lastError: string | null;

  @Column({ name: "done_at", type: "datetime", nullable: true })
  doneAt: Date | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "updated_at", type: "datetime" })
  updatedAt: Date;
}

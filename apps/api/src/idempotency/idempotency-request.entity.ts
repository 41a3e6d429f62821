import { Column, Entity, PrimaryColumn } from "typeorm";

/** A mutation sent with an Idempotency-Key, and once it has run, its answer (migration 1764901000000). */
@Entity("idempotency_request")
export class IdempotencyRequestEntity {
  /** `<principal kind>:<id>`: keys are scoped to who sent them. */
  @PrimaryColumn({ name: "principal_key", type: "varchar", length: 80 })
  principalKey: string;

  /** SHA-256 of the Idempotency-Key header. */
  @PrimaryColumn({ name: "key_hash", type: "varchar", length: 64 })
  keyHash: string;

  /** SHA-256 of the document, operation name and variables. */
  @Column({ name: "request_hash", type: "varchar", length: 64 })
  requestHash: string;

  /** RUNNING, then DONE. */
  @Column({ type: "varchar", length: 16 })
  state: string;

  @Column({ name: "response_status", type: "int", nullable: true })
  responseStatus: number | null;

  @Column({ name: "response_body", type: "text", nullable: true })
  responseBody: string | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "expires_at", type: "datetime" })
  expiresAt: Date;
}

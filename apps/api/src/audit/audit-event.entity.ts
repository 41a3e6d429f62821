import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum ActorType {
  OPERATOR = "OPERATOR",
  ACCOUNT = "ACCOUNT",
  API_KEY = "API_KEY",
  SYSTEM = "SYSTEM",
}

/** One change, written in the transaction that made it. */
@Entity("audit_event")
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ name: "occurred_at", type: "datetime" })
  occurredAt: Date;

  @Column({ name: "organization_id", type: "varchar", length: 36, nullable: true })
  organizationId: string | null;

  @Column({ name: "actor_type", type: "varchar", length: 16 })
  actorType: ActorType;

  @Column({ name: "actor_id", type: "varchar", length: 36, nullable: true })
  actorId: string | null;

  @Column({ name: "actor_label", type: "varchar", length: 254 })
  actorLabel: string;

  @Column({ type: "varchar", length: 64 })
  action: string;

  @Column({ name: "target_type", type: "varchar", length: 32 })
  targetType: string;

  @Column({ name: "target_id", type: "varchar", length: 36, nullable: true })
  targetId: string | null;

  /** JSON: { before?, after?, ... } — never secrets. */
  @Column({ type: "text" })
  summary: string;
}

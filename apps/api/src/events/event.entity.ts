import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One change event (DESIGN.md §10), written in the transaction of the change it reports. */
@Entity("event")
export class EventEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ name: "organization_id", type: "varchar", length: 36, nullable: true })
  organizationId: string | null;

  @Column({ type: "varchar", length: 64 })
  type: string;

  @Column({ name: "occurred_at", type: "datetime" })
  occurredAt: Date;

  /** JSON: `{ object, actor, before?, after?, details? }`. */
  @Column({ type: "text" })
  data: string;
}

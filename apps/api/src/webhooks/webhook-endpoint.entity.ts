import { Column, Entity, PrimaryColumn } from "typeorm";

/** Where an organization's change events are pushed. */
@Entity("webhook_endpoint")
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "organization_id", type: "varchar", length: 36 })
  organizationId: string;

  @Column({ type: "varchar", length: 1000 })
  url: string;

  @Column({ type: "varchar", length: 2000 })
  description: string;

  /** JSON array of event types; empty: every type. */
  @Column({ type: "text" })
  types: string;

  /**
   * The signing secret (`whsec_…`). Kept as it is, not hashed: signing needs
   * it. It never leaves the server after the create or rotate answer.
   */
  @Column({ type: "varchar", length: 100 })
  secret: string;

  /** The secret before the last rotation: deliveries carry its signature too until `previousSecretUntil`. */
  @Column({ name: "previous_secret", type: "varchar", length: 100, nullable: true })
  previousSecret: string | null;

  @Column({ name: "previous_secret_until", type: "datetime", nullable: true })
  previousSecretUntil: Date | null;

  @Column({ type: "boolean" })
  enabled: boolean;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "updated_at", type: "datetime" })
  updatedAt: Date;
}

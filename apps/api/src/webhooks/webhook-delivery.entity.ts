import { Column, Entity, PrimaryColumn } from "typeorm";

export enum WebhookDeliveryStatus {
  /** Not yet sent, or waiting for its next attempt. */
  PENDING = "PENDING",
  SUCCEEDED = "SUCCEEDED",
  /** Every attempt failed (or the endpoint was disabled); `redeliverWebhook` tries again. */
  FAILED = "FAILED",
}

/** One event for one endpoint: its body is fixed, so every attempt sends the same bytes under the same `webhook-id`. */
@Entity("webhook_delivery")
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "endpoint_id", type: "varchar", length: 36 })
  endpointId: string;

  @Column({ name: "organization_id", type: "varchar", length: 36 })
  organizationId: string;

  /** Null for a test send. */
  @Column({ name: "event_id", type: "bigint", nullable: true })
  eventId: string | null;

  @Column({ name: "event_type", type: "varchar", length: 64 })
  eventType: string;

  @Column({ type: "text" })
  body: string;

  @Column({ type: "varchar", length: 16 })
  status: WebhookDeliveryStatus;

  @Column({ type: "int" })
  attempts: number;

  @Column({ name: "response_code", type: "int", nullable: true })
  responseCode: number | null;

  @Column({ name: "last_error", type: "text", nullable: true })
  lastError: string | null;

  @Column({ name: "next_attempt_at", type: "datetime", nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: "delivered_at", type: "datetime", nullable: true })
  deliveredAt: Date | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "updated_at", type: "datetime" })
  updatedAt: Date;
}

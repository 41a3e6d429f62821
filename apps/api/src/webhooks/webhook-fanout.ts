import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { enqueueJob } from "../jobs/job.service";
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from "./webhook-delivery.entity";
import { WebhookEndpointEntity } from "./webhook-endpoint.entity";
import { WEBHOOK_JOB, WEBHOOK_MAX_ATTEMPTS } from "./webhook-schedule";

export interface OutgoingEvent {
  /** The event's serial id; null for a test send. */
  id: string | null;
  organizationId: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** The request body, per Standard Webhooks: `type`, `timestamp`, `data`, plus the event id for `events(after:)`. */
export function webhookBody(event: OutgoingEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.occurredAt.toISOString(), organizationId: event.organizationId, data: event.data });
}

export function wantsType(endpoint: WebhookEndpointEntity, type: string): boolean {
  const types = JSON.parse(endpoint.types) as string[];
  return types.length === 0 || types.includes(type);
}

/** A delivery row and the job that sends it, in the caller's transaction. */
export async function createDelivery(m: EntityManager, endpoint: WebhookEndpointEntity, event: OutgoingEvent): Promise<WebhookDeliveryEntity> {
  const now = new Date();
  const delivery: WebhookDeliveryEntity = {
    id: randomUUID(),
    endpointId: endpoint.id,
    organizationId: endpoint.organizationId,
    eventId: event.id,
    eventType: event.type,
    body: webhookBody(event),
    status: WebhookDeliveryStatus.PENDING,
    attempts: 0,
    responseCode: null,
    lastError: null,
    nextAttemptAt: now,
    deliveredAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await m.insert(WebhookDeliveryEntity, delivery);
  await enqueueDeliveryJob(m, delivery, 1);
  return delivery;
}

/** `round` tells redeliveries apart: each gets a job (and retry schedule) of its own. */
export async function enqueueDeliveryJob(m: EntityManager, delivery: WebhookDeliveryEntity, round: number): Promise<void> {
  await enqueueJob(m, {
    organizationId: delivery.organizationId,
    kind: WEBHOOK_JOB,
    payload: { deliveryId: delivery.id },
    idempotencyKey: `webhook:${delivery.id}:${round}`,
    runAt: new Date(),
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
  });
}

/** Fans an event out to the organization's enabled endpoints that want its type. */
export async function enqueueDeliveries(m: EntityManager, event: OutgoingEvent): Promise<void> {
  const endpoints = await m.find(WebhookEndpointEntity, { where: { organizationId: event.organizationId, enabled: true } });
  for (const endpoint of endpoints) if (wantsType(endpoint, event.type)) await createDelivery(m, endpoint, event);
}

import type { EntityManager } from "typeorm";
import type { JobEntity } from "../jobs/job.entity";
import { enqueueDeliveries } from "../webhooks/webhook-fanout";
import { WEBHOOK_JOB } from "../webhooks/webhook-schedule";
import { AUDIT_ACTION_EVENTS, type EventType } from "./event-types";
import { EventEntity } from "./event.entity";

export interface NewEvent {
  organizationId: string | null;
  type: EventType;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * Writes one change event with the caller's transaction manager (the
 * transactional outbox), and in the same transaction a delivery and its job
 * for every webhook endpoint of the organization that wants this type.
 */
export async function writeEvent(m: EntityManager, event: NewEvent): Promise<string> {
  const result = await m.insert(EventEntity, {
    organizationId: event.organizationId,
    type: event.type,
    occurredAt: event.occurredAt,
    data: JSON.stringify(event.data),
  });
  const id = String(result.identifiers[0].id);
  if (event.organizationId)
    await enqueueDeliveries(m, { id, organizationId: event.organizationId, type: event.type, occurredAt: event.occurredAt, data: event.data });
  return id;
}

/** The events an audited change writes (event-types.ts), with the audit record's summary as their data. */
export async function writeAuditEvents(
  m: EntityManager,
  record: { organizationId: string | null; action: string; targetType: string; targetId: string | null; occurredAt: Date },
  actor: { type: string; id: string | null; label: string },
  summary: Record<string, unknown>,
): Promise<void> {
  for (const type of AUDIT_ACTION_EVENTS[record.action] ?? []) {
    await writeEvent(m, {
      organizationId: record.organizationId,
      type,
      occurredAt: record.occurredAt,
      data: { object: { type: record.targetType, id: record.targetId }, actor, ...summary },
    });
  }
}

/**
 * A job that failed for good reports `job.failed`, in the transaction that
 * marks it FAILED; webhook deliveries do not, or a dead receiver would feed
 * itself events.
 */
export async function recordJobFailed(m: EntityManager, job: JobEntity, lastError: string): Promise<void> {
  if (job.kind === WEBHOOK_JOB) return;
  await writeEvent(m, {
    organizationId: job.organizationId,
    type: "job.failed",
    occurredAt: new Date(),
    data: {
      object: { type: "Job", id: job.id },
      actor: { type: "SYSTEM", id: null, label: "system" },
      job: { kind: job.kind, attempts: job.attempts, lastError },
    },
  });
}

import type { Database } from "../db/database";
import { PostroomError } from "../errors";
import type { JobEntity } from "../jobs/job.entity";
import { type JobHandler, JobFailure } from "../jobs/job.worker";
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from "./webhook-delivery.entity";
import { WebhookEndpointEntity } from "./webhook-endpoint.entity";
import { RETRY_SCHEDULE_MS, WEBHOOK_TIMEOUT_MS } from "./webhook-schedule";
import { signatureHeader } from "./webhook-signature";
import { type WebhookUrlRules, checkWebhookUrl } from "./webhook-url";

export interface DeliveryOptions extends WebhookUrlRules {
  timeoutMs?: number;
}

/** What went wrong, for the delivery log: status codes and network failures, never a stack. */
function describe(error: unknown): string {
  if (error instanceof PostroomError) return error.message;
  const e = error as { name?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "No answer within 10 seconds.";
  if (e?.cause?.code) return `Could not connect (${e.cause.code}).`;
  return "Could not connect.";
}

/**
 * Sends one delivery (job payload `{ deliveryId }`): a POST of its fixed body
 * with Standard Webhooks headers, signed at each attempt; 2xx is success, and
 * anything else is retried on RETRY_SCHEDULE_MS. The attempt is counted before
 * the request, so an attempt whose worker died still shows in the log; a
 * worker that dies after the receiver answered makes the next one send again
 * (at least once: receivers de-duplicate on `webhook-id`).
 */
export function webhookDeliveryHandler(db: Database, options: DeliveryOptions): JobHandler {
  return async (job: JobEntity, payload: Record<string, unknown>) => {
    const id = String(payload.deliveryId);
    const delivery = await db.manager.findOne(WebhookDeliveryEntity, { where: { id } });
    if (!delivery || delivery.status === WebhookDeliveryStatus.SUCCEEDED) return;
    const endpoint = await db.manager.findOne(WebhookEndpointEntity, { where: { id: delivery.endpointId } });
    if (!endpoint) return;
    if (!endpoint.enabled) {
      await db.manager.update(
        WebhookDeliveryEntity,
        { id },
        { status: WebhookDeliveryStatus.FAILED, lastError: "The endpoint is disabled.", nextAttemptAt: null, updatedAt: new Date() },
      );
      return;
    }
    await db.manager
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({ attempts: () => "attempts + 1", updatedAt: new Date() })
      .where("id = :id", { id })
      .execute();

    let responseCode: number | null = null;
    let failure: string | null = null;
    try {
      const url = await checkWebhookUrl(endpoint.url, options);
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Postroom-Webhooks/1.0",
          "webhook-id": delivery.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signatureHeader(endpoint, delivery.id, timestamp, delivery.body),
        },
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      });
      responseCode = response.status;
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) failure = `The endpoint answered HTTP ${response.status}.`;
    } catch (error) {
      failure = describe(error);
    }

    const now = new Date();
    if (failure === null) {
      await db.manager.update(
        WebhookDeliveryEntity,
        { id },
        { status: WebhookDeliveryStatus.SUCCEEDED, responseCode, lastError: null, nextAttemptAt: null, deliveredAt: now, updatedAt: now },
      );
      return;
    }
    const last = job.attempts >= job.maxAttempts;
    const delay = RETRY_SCHEDULE_MS[Math.min(job.attempts, RETRY_SCHEDULE_MS.length) - 1];
    await db.manager.update(
      WebhookDeliveryEntity,
      { id },
      {
        status: last ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING,
        responseCode,
        lastError: failure,
        nextAttemptAt: last ? null : new Date(now.getTime() + delay),
        updatedAt: now,
      },
    );
    throw new JobFailure("WEBHOOK_DELIVERY_FAILED", failure, delay);
  };
}

import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { recordAudit } from "../audit/audit.service";
import { requireOrgAdmin, requireSignedIn, targetOrganizationId } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import type { Database } from "../db/database";
import { BadUserInputError, NotFoundError } from "../errors";
import { EVENT_TYPES, TEST_EVENT_TYPE } from "../events/event-types";
import { JobEntity, JobState } from "../jobs/job.entity";
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from "./webhook-delivery.entity";
import { WebhookEndpointEntity } from "./webhook-endpoint.entity";
import { createDelivery, enqueueDeliveryJob } from "./webhook-fanout";
import { SECRET_ROTATION_GRACE_MS, WEBHOOK_JOB } from "./webhook-schedule";
import { newWebhookSecret } from "./webhook-signature";
import { type WebhookUrlRules, checkWebhookUrl } from "./webhook-url";

export interface EndpointChange {
  url?: string | null;
  types?: string[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

export interface EndpointWithSecret {
  endpoint: WebhookEndpointEntity;
  /** Shown once. */
  secret: string;
}

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);

function checkTypes(types: string[] | null | undefined): string[] {
  const list = [...new Set(types ?? [])];
  const unknown = list.filter((t) => !KNOWN_TYPES.has(t));
  if (unknown.length) throw new BadUserInputError(`Unknown event type: ${unknown.join(", ")}.`, { field: "types" });
  return list.sort();
}

const summary = (e: WebhookEndpointEntity) => ({ url: e.url, types: JSON.parse(e.types) as string[], description: e.description, enabled: e.enabled });

/**
 * Webhook endpoints and their delivery log. Admins of the organization and
 * operators manage them; another organization's endpoint is NOT_FOUND.
 */
export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly rules: WebhookUrlRules,
  ) {}

  private async endpointFor(principal: Principal | null, id: string): Promise<WebhookEndpointEntity> {
    const p = requireSignedIn(principal);
    const endpoint = await this.db.manager.findOne(WebhookEndpointEntity, { where: { id } });
    if (!endpoint) throw new NotFoundError("Webhook endpoint not found.");
    requireOrgAdmin(p, endpoint.organizationId, "Webhook endpoint");
    return endpoint;
  }

  /** A new endpoint (enabled); its signing secret is returned here and never again. */
  async create(
    principal: Principal | null,
    input: { organizationId?: string | null; url: string; types?: string[] | null; description?: string | null },
  ): Promise<EndpointWithSecret> {
    const p = requireSignedIn(principal);
    const organizationId = targetOrganizationId(p, input.organizationId);
    requireOrgAdmin(p, organizationId);
    const url = await checkWebhookUrl(input.url, this.rules);
    const types = checkTypes(input.types);
    const now = new Date();
    const endpoint: WebhookEndpointEntity = {
      id: randomUUID(),
      organizationId,
      url,
      description: input.description?.trim() ?? "",
      types: JSON.stringify(types),
      secret: newWebhookSecret(),
      previousSecret: null,
      previousSecretUntil: null,
      enabled: true,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.transaction(async (m) => {
      const [org] = (await m.query("SELECT id FROM organization WHERE id = ?", [organizationId])) as unknown[];
      if (!org) throw new NotFoundError("Organization not found.");
      await m.insert(WebhookEndpointEntity, endpoint);
      await recordAudit(m, principal, {
        organizationId,
        action: "webhook.create",
        targetType: "WebhookEndpoint",
        targetId: endpoint.id,
        after: summary(endpoint),
      });
    });
    return { endpoint, secret: endpoint.secret };
  }

  /** One endpoint, for its admins; another organization's is NOT_FOUND. */
  async get(principal: Principal | null, id: string): Promise<WebhookEndpointEntity> {
    return this.endpointFor(principal, id);
  }

  async list(
    principal: Principal | null,
    filter: { organizationId?: string | null; first?: number | null; after?: string | null },
  ): Promise<Page<WebhookEndpointEntity>> {
    const p = requireSignedIn(principal);
    const organizationId = targetOrganizationId(p, filter.organizationId);
    requireOrgAdmin(p, organizationId);
    const limit = pageSize(filter.first);
    const cursor = decodeCursor(filter.after, ["timestamp", "id"]);
    const base = () => this.db.manager.createQueryBuilder(WebhookEndpointEntity, "w").where("w.organization_id = :org", { org: organizationId });
    const qb = base()
      .orderBy("w.created_at", "ASC")
      .addOrderBy("w.id", "ASC")
      .take(limit + 1);
    if (cursor) qb.andWhere("(w.created_at > :c OR (w.created_at = :c AND w.id > :i))", { c: new Date(String(cursor[0])), i: cursor[1] });
    return toPage(
      await qb.getMany(),
      limit,
      (w) => [w.createdAt.toISOString(), w.id],
      () => base().getCount(),
    );
  }

  async update(principal: Principal | null, id: string, change: EndpointChange): Promise<WebhookEndpointEntity> {
    const endpoint = await this.endpointFor(principal, id);
    const before = summary(endpoint);
    if (change.url !== undefined && change.url !== null) endpoint.url = await checkWebhookUrl(change.url, this.rules);
    if (change.types !== undefined && change.types !== null) endpoint.types = JSON.stringify(checkTypes(change.types));
    if (change.description !== undefined && change.description !== null) endpoint.description = change.description.trim();
    if (change.enabled !== undefined && change.enabled !== null) endpoint.enabled = change.enabled;
    endpoint.updatedAt = new Date();
    await this.db.transaction(async (m) => {
      await m.update(
        WebhookEndpointEntity,
        { id },
        { url: endpoint.url, types: endpoint.types, description: endpoint.description, enabled: endpoint.enabled, updatedAt: endpoint.updatedAt },
      );
      await recordAudit(m, principal, {
        organizationId: endpoint.organizationId,
        action: "webhook.update",
        targetType: "WebhookEndpoint",
        targetId: id,
        before,
        after: summary(endpoint),
      });
    });
    return endpoint;
  }

  /**
   * A new signing secret, returned once. For 24 hours every delivery carries
   * the old secret's signature as well, so a receiver can switch secrets
   * without refusing a delivery.
   */
  async rotateSecret(principal: Principal | null, id: string): Promise<EndpointWithSecret> {
    const endpoint = await this.endpointFor(principal, id);
    const now = new Date();
    endpoint.previousSecret = endpoint.secret;
    endpoint.previousSecretUntil = new Date(now.getTime() + SECRET_ROTATION_GRACE_MS);
    endpoint.secret = newWebhookSecret();
    endpoint.updatedAt = now;
    await this.db.transaction(async (m) => {
      await m.update(
        WebhookEndpointEntity,
        { id },
        { secret: endpoint.secret, previousSecret: endpoint.previousSecret, previousSecretUntil: endpoint.previousSecretUntil, updatedAt: now },
      );
      await recordAudit(m, principal, { organizationId: endpoint.organizationId, action: "webhook.rotateSecret", targetType: "WebhookEndpoint", targetId: id });
    });
    return { endpoint, secret: endpoint.secret };
  }

  /** Deletes the endpoint with its delivery log; its pending deliveries are cancelled. */
  async delete(principal: Principal | null, id: string): Promise<string> {
    const endpoint = await this.endpointFor(principal, id);
    await this.db.transaction(async (m) => {
      const deliveries = (await m.query("SELECT id FROM webhook_delivery WHERE endpoint_id = ? AND status = ?", [id, WebhookDeliveryStatus.PENDING])) as {
        id: string;
      }[];
      await this.cancelJobs(
        m,
        deliveries.map((d) => d.id),
      );
      await m.delete(WebhookDeliveryEntity, { endpointId: id });
      await m.delete(WebhookEndpointEntity, { id });
      await recordAudit(m, principal, {
        organizationId: endpoint.organizationId,
        action: "webhook.delete",
        targetType: "WebhookEndpoint",
        targetId: id,
        before: summary(endpoint),
      });
    });
    return id;
  }

  private async cancelJobs(m: EntityManager, deliveryIds: string[]): Promise<void> {
    for (const deliveryId of deliveryIds) {
      await m
        .createQueryBuilder()
        .update(JobEntity)
        .set({ state: JobState.CANCELLED, updatedAt: new Date() })
        .where("kind = :kind AND idempotency_key LIKE :key AND state IN (:...states)", {
          kind: WEBHOOK_JOB,
          key: `webhook:${deliveryId}:%`,
          states: [JobState.PENDING, JobState.RUNNING],
        })
        .execute();
    }
  }

  /** Sends a `webhook.test` event to this endpoint alone, whatever types it wants. */
  async test(principal: Principal | null, id: string): Promise<WebhookDeliveryEntity> {
    const endpoint = await this.endpointFor(principal, id);
    return this.db.transaction((m) =>
      createDelivery(m, endpoint, {
        id: null,
        organizationId: endpoint.organizationId,
        type: TEST_EVENT_TYPE,
        occurredAt: new Date(),
        data: { message: "A test event from Postroom.", endpointId: endpoint.id },
      }),
    );
  }

  /** The endpoint's delivery log, newest first. */
  async deliveries(principal: Principal | null, endpointId: string, first?: number | null, after?: string | null): Promise<Page<WebhookDeliveryEntity>> {
    await this.endpointFor(principal, endpointId);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ["timestamp", "id"]);
    const base = () => this.db.manager.createQueryBuilder(WebhookDeliveryEntity, "d").where("d.endpoint_id = :e", { e: endpointId });
    const qb = base()
      .orderBy("d.created_at", "DESC")
      .addOrderBy("d.id", "DESC")
      .take(limit + 1);
    if (cursor) qb.andWhere("(d.created_at < :c OR (d.created_at = :c AND d.id < :i))", { c: new Date(String(cursor[0])), i: cursor[1] });
    return toPage(
      await qb.getMany(),
      limit,
      (d) => [d.createdAt.toISOString(), d.id],
      () => base().getCount(),
    );
  }

  /** Sends a delivery again from now, with a fresh retry schedule, under the same `webhook-id` and body. */
  async redeliver(principal: Principal | null, deliveryId: string): Promise<WebhookDeliveryEntity> {
    const p = requireSignedIn(principal);
    const delivery = await this.db.manager.findOne(WebhookDeliveryEntity, { where: { id: deliveryId } });
    if (!delivery) throw new NotFoundError("Webhook delivery not found.");
    await this.endpointFor(p, delivery.endpointId);
    return this.db.transaction(async (m) => {
      const [{ n }] = (await m.query("SELECT COUNT(*) AS n FROM job WHERE kind = ? AND idempotency_key LIKE ?", [WEBHOOK_JOB, `webhook:${deliveryId}:%`])) as {
        n: number | string;
      }[];
      await this.cancelJobs(m, [deliveryId]);
      const now = new Date();
      Object.assign(delivery, { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: now, updatedAt: now });
      await m.update(WebhookDeliveryEntity, { id: deliveryId }, { status: delivery.status, nextAttemptAt: now, updatedAt: now });
      await enqueueDeliveryJob(m, delivery, Number(n) + 1);
      return delivery;
    });
  }
}

import { LessThan } from "typeorm";
import { adminListScope } from "../auth/list-scope";
import type { Principal } from "../auth/principal";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import type { Database } from "../db/database";
import { BadUserInputError } from "../errors";
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from "../webhooks/webhook-delivery.entity";
import { EVENT_TYPES } from "./event-types";
import { EventEntity } from "./event.entity";

/** Events and delivery logs are kept this long at least; `prune` deletes what is older. */
export const EVENT_RETENTION_MS = 30 * 86_400_000;

const KNOWN = new Set<string>(EVENT_TYPES);

export interface EventFilter {
  organizationId?: string | null;
  after?: string | null;
  types?: string[] | null;
  first?: number | null;
}

/** The pull side of change events: oldest first after a cursor, so a client resynchronises from where it stopped. */
export class EventService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An organization's events for its admins and operators; an operator who names no organization reads every organization's. */
  async list(principal: Principal | null, filter: EventFilter): Promise<Page<EventEntity>> {
    const organizationId = adminListScope(principal, filter.organizationId);
    const limit = pageSize(filter.first);
    const cursor = decodeCursor(filter.after, ["serial"]);
    const types = filter.types ?? null;
    const unknown = (types ?? []).filter((t) => !KNOWN.has(t));
    if (unknown.length) throw new BadUserInputError(`Unknown event type: ${unknown.join(", ")}.`, { field: "types" });
    const base = () => {
      const qb = this.db.manager.createQueryBuilder(EventEntity, "e");
      if (organizationId) qb.andWhere("e.organization_id = :org", { org: organizationId });
      if (types && types.length) qb.andWhere("e.type IN (:...types)", { types });
      return qb;
    };
    const qb = base()
      .orderBy("e.id", "ASC")
      .take(limit + 1);
    if (cursor) qb.andWhere("e.id > :cursor", { cursor: cursor[0] });
    return toPage(
      await qb.getMany(),
      limit,
      (e) => [Number(e.id)],
      () => base().getCount(),
    );
  }

  /**
   * Deletes events, and finished deliveries, older than 30 days; the API
   * process runs it hourly (any number of processes may: it is idempotent).
   * Returns how many events went.
   */
  async prune(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - EVENT_RETENTION_MS);
    const result = await this.db.transaction(async (m) => {
      const deleted = await m.delete(EventEntity, { occurredAt: LessThan(cutoff) });
      await m
        .createQueryBuilder()
        .delete()
        .from(WebhookDeliveryEntity)
        .where("created_at < :cutoff AND status <> :pending", { cutoff, pending: WebhookDeliveryStatus.PENDING })
        .execute();
      return deleted.affected ?? 0;
    });
    return result;
  }
}

import type { EntityManager } from "typeorm";
import { adminListScope } from "../auth/list-scope";
import type { Principal } from "../auth/principal";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import type { Database } from "../db/database";
import { writeAuditEvents } from "../events/event-outbox";
import { ActorType, AuditEventEntity } from "./audit-event.entity";

export interface AuditRecord {
  organizationId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

function actorOf(principal: Principal | null): Pick<AuditEventEntity, "actorType" | "actorId" | "actorLabel"> {
  if (!principal) return { actorType: ActorType.SYSTEM, actorId: null, actorLabel: "system" };
  if (principal.kind === "operator") return { actorType: ActorType.OPERATOR, actorId: principal.id, actorLabel: principal.email };
  if (principal.kind === "apiKey") return { actorType: ActorType.API_KEY, actorId: principal.id, actorLabel: principal.label };
  return { actorType: ActorType.ACCOUNT, actorId: principal.id, actorLabel: principal.label };
}

/** Longest string value kept in a summary, in characters (code points). */
export const AUDIT_VALUE_MAX = 500;
/**
 * Longest summary, in UTF-16 units: at most 4 bytes each in UTF-8, well under
 * the 65,535 bytes of MySQL's TEXT column.
 */
export const AUDIT_SUMMARY_MAX = 12_000;

function clip(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    const chars = [...value];
    return chars.length > AUDIT_VALUE_MAX ? `${chars.slice(0, AUDIT_VALUE_MAX).join("")}…` : value;
  }
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (depth >= 5) return "…";
  if (Array.isArray(value)) {
    const items = value.slice(0, 100).map((v) => clip(v, depth + 1));
    return value.length > 100 ? [...items, `… ${value.length - 100} more`] : items;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clip(v, depth + 1)]));
}

/**
 * The stored JSON summary: long strings are cut at a character boundary and
 * marked with "…", long lists keep their first 100 items; a summary still too
 * large keeps only its keys, marked `truncated`, so writing the audit event
 * can never fail the change it records.
 */
export function auditSummary(record: Pick<AuditRecord, "before" | "after" | "details">): string {
  const summary: Record<string, unknown> = { ...record.details };
  if (record.before !== undefined) summary.before = record.before;
  if (record.after !== undefined) summary.after = record.after;
  const json = JSON.stringify(clip(summary));
  if (json.length <= AUDIT_SUMMARY_MAX) return json;
  return JSON.stringify({
    truncated: true,
    keys: Object.keys(summary)
      .slice(0, 50)
      .map((k) => clip(k)),
  });
}

/**
 * Writes one audit event with the caller's transaction manager, so the event
 * exists exactly when the change does.
 */
export async function recordAudit(manager: EntityManager, principal: Principal | null, record: AuditRecord): Promise<void> {
  const occurredAt = new Date();
  const actor = actorOf(principal);
  const summary = auditSummary(record);
  await manager.insert(AuditEventEntity, {
    occurredAt,
    organizationId: record.organizationId,
    ...actor,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    summary,
  });
  // The change event, in the same transaction: exactly when the change exists.
  await writeAuditEvents(
    manager,
    { ...record, occurredAt },
    { type: actor.actorType, id: actor.actorId, label: actor.actorLabel },
    JSON.parse(summary) as Record<string, unknown>,
  );
}

export interface AuditFilter {
  organizationId?: string | null;
  first?: number | null;
  after?: string | null;
  action?: string | null;
  targetId?: string | null;
  actorId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Reading the trail: newest first, keyset on the event id so new events never shift a page. */
export class AuditService {
  constructor(private readonly db: Database) {}

  /** An organization's events for its admins and operators; an operator who names no organization reads every organization's. */
  async list(principal: Principal | null, filter: AuditFilter): Promise<Page<AuditEventEntity>> {
    const organizationId = adminListScope(principal, filter.organizationId);
    const limit = pageSize(filter.first);
    const cursor = decodeCursor(filter.after, ["serial"]);
    const base = () => {
      const qb = this.db.manager.createQueryBuilder(AuditEventEntity, "e");
      if (organizationId) qb.andWhere("e.organization_id = :org", { org: organizationId });
      if (filter.action) qb.andWhere("e.action = :action", { action: filter.action });
      if (filter.targetId) qb.andWhere("e.target_id = :target", { target: filter.targetId });
      if (filter.actorId) qb.andWhere("e.actor_id = :actor", { actor: filter.actorId });
      if (filter.from) qb.andWhere("e.occurred_at >= :from", { from: filter.from });
      if (filter.to) qb.andWhere("e.occurred_at < :to", { to: filter.to });
      return qb;
    };
    const qb = base()
      .orderBy("e.id", "DESC")
      .take(limit + 1);
    if (cursor) qb.andWhere("e.id < :cursor", { cursor: cursor[0] });
    const rows = await qb.getMany();
    return toPage(
      rows,
      limit,
      (e) => [Number(e.id)],
      () => base().getCount(),
    );
  }
}

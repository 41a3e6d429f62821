import type { EntityManager } from "typeorm";
import { adminListScope } from "../auth/list-scope";
import type { Principal } from "../auth/principal";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import type { Database } from "../db/database";
import { BadUserInputError } from "../errors";
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
  return { actorType: ActorType.ACCOUNT, actorId: principal.id, actorLabel: principal.label };
}

/**
 * Writes one audit event with the caller's transaction manager, so the event
 * exists exactly when the change does.
 */
export async function recordAudit(manager: EntityManager, principal: Principal | null, record: AuditRecord): Promise<void> {
  const summary: Record<string, unknown> = { ...record.details };
  if (record.before !== undefined) summary.before = record.before;
  if (record.after !== undefined) summary.after = record.after;
  await manager.insert(AuditEventEntity, {
    occurredAt: new Date(),
    organizationId: record.organizationId,
    ...actorOf(principal),
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    summary: JSON.stringify(summary),
  });
}

export interface AuditFilter {
  organizationId?: string | null;
  first?: number | null;
  after?: string | null;
  action?: string | null;
  targetId?: string | null;
}

/** Reading the trail: newest first, keyset on the event id so new events never shift a page. */
export class AuditService {
  constructor(private readonly db: Database) {}

  /** An organization's events for its admins and operators; an operator who names no organization reads every organization's. */
  async list(principal: Principal | null, filter: AuditFilter): Promise<Page<AuditEventEntity>> {
    const organizationId = adminListScope(principal, filter.organizationId);
    const limit = pageSize(filter.first);
    const cursor = decodeCursor(filter.after, 1);
    const base = () => {
      const qb = this.db.manager.createQueryBuilder(AuditEventEntity, "e");
      if (organizationId) qb.andWhere("e.organization_id = :org", { org: organizationId });
      if (filter.action) qb.andWhere("e.action = :action", { action: filter.action });
      if (filter.targetId) qb.andWhere("e.target_id = :target", { target: filter.targetId });
      return qb;
    };
    const qb = base().orderBy("e.id", "DESC").take(limit + 1);
    if (cursor) {
      const id = Number(cursor[0]);
      if (!Number.isSafeInteger(id)) throw new BadUserInputError("The cursor is not valid.");
      qb.andWhere("e.id < :cursor", { cursor: id });
    }
    const rows = await qb.getMany();
    return toPage(rows, limit, (e) => [Number(e.id)], () => base().getCount());
  }
}

import type { AuditListQueryVariables } from "@postroom/schema";
import type { AuditSearch } from "./route";

/** A date field's day as an instant: `from` at its local midnight, `to` at the next one (so the day is included). */
function dayStart(day: string | undefined, next = false): string | null {
  if (!day) return null;
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
}

export function auditVariables(organizationId: string | null, search: AuditSearch, first: number): AuditListQueryVariables {
  return {
    organizationId,
    action: search.action ?? null,
    actorId: search.actor ?? null,
    targetId: search.target ?? null,
    from: dayStart(search.from),
    to: dayStart(search.to, true),
    first,
    after: search.after ?? null,
  };
}

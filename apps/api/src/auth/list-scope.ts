import { requireOrgAdmin, requireSignedIn, targetOrganizationId } from "./authorize";
import type { Principal } from "./principal";

/**
 * The organization an admin list (accounts, jobs, audit events) reads: the one
 * named, or the caller's own; `null` means every organization, which only an
 * operator who names none gets. Refuses callers who are not the organization's
 * admins or operators.
 */
export function adminListScope(principal: Principal | null, organizationId?: string | null): string | null {
  const p = requireSignedIn(principal);
  if (!organizationId && p.kind === "operator") return null;
  const scope = targetOrganizationId(p, organizationId);
  requireOrgAdmin(p, scope);
  return scope;
}

import { AccountProfile } from "../accounts/account.entity";
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors";
import { type Principal, actsAsOperator, organizationOf } from "./principal";

/**
 * Rules of DESIGN.md §4, in one place. Another organization's object is
 * NOT_FOUND with the same message as a missing one (`what` names the object).
 * An organization's API key counts as an ADMIN of it, an operator-wide key as
 * an operator (its scopes were checked before any service runs).
 */
export function requireSignedIn(principal: Principal | null): Principal {
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

export function requireOperator(principal: Principal | null): Principal {
  const p = requireSignedIn(principal);
  if (!actsAsOperator(p)) throw new ForbiddenError("Only a platform operator may do this.");
  return p;
}

/** The organization a request is about: explicit, or the caller's own. */
export function targetOrganizationId(principal: Principal, organizationId?: string | null): string {
  if (organizationId) return organizationId;
  const own = organizationOf(principal);
  if (own) return own;
  throw new BadUserInputError("organizationId is required for an operator.");
}

/** May the principal see this organization at all? Otherwise it does not exist for them. */
export function requireMember(principal: Principal | null, organizationId: string, what = "Organization"): Principal {
  const p = requireSignedIn(principal);
  if (actsAsOperator(p)) return p;
  if (organizationOf(p) !== organizationId) throw new NotFoundError(`${what} not found.`);
  return p;
}

/** Operator, or an ADMIN account (or API key) of the organization. */
export function requireOrgAdmin(principal: Principal | null, organizationId: string, what = "Organization"): Principal {
  const p = requireMember(principal, organizationId, what);
  if (p.kind === "account" && p.profile !== AccountProfile.ADMIN) {
    throw new ForbiddenError("Only an administrator of the organization may do this.");
  }
  return p;
}

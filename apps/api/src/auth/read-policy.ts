import { AddressKind } from "../addresses/address.entity";
import type { Access } from "./access";
import { type Principal, actsAsOperator, actsAsOrgAdmin } from "./principal";

/**
 * Who may read what (DESIGN.md §4), for every object however it was reached:
 * the root queries and every nested field consult these same rules, so a
 * principal reads through nesting exactly what it could read at the root.
 *
 * - operators read everything; an ADMIN everything in its organization;
 * - an account reads itself: its account, addresses and claims, and the name
 *   and address of the groups it belongs to;
 * - a group owner also reads its groups' rosters: the member and owner
 *   accounts' names and primary addresses (not their other addresses or
 *   claims), and the groups nested in its groups by name and address;
 * - rosters, owners and recipients of a group: its owners and admins;
 * - domains' verification records, jobs and the audit log: admins.
 */
export type ReadRule<T = unknown> = (principal: Principal | null, object: T, access: Access) => boolean | Promise<boolean>;

interface InOrganization {
  organizationId: string | null;
}

/** Operators and operator-wide API keys. */
export const isOperator = (p: Principal | null): boolean => actsAsOperator(p);

/** Operator, or any account or API key of the organization. */
export function isMemberOf(p: Principal | null, organizationId: string | null): boolean {
  if (!p) return false;
  return actsAsOperator(p) || (p.kind !== "operator" && p.organizationId === organizationId);
}

/** Operator, or an ADMIN account or API key of the organization (what a key may read at all is its scopes' matter). */
export function isAdminOf(p: Principal | null, organizationId: string | null): boolean {
  if (!p) return false;
  return actsAsOperator(p) || (p.kind !== "operator" && actsAsOrgAdmin(p) && p.organizationId === organizationId);
}

export const anyone: ReadRule = () => true;
export const operatorOnly: ReadRule = (p) => isOperator(p);
export const organizationMember: ReadRule<{ id: string }> = (p, org) => isMemberOf(p, org.id);
export const adminOfOwnOrganization: ReadRule<InOrganization> = (p, o) => isAdminOf(p, o.organizationId);
export const memberOfOwnOrganization: ReadRule<InOrganization> = (p, o) => isMemberOf(p, o.organizationId);

/** The account's private parts (every address, claims, memberships): operators, admins, itself. */
export const accountOwner: ReadRule<{ id: string } & InOrganization> = (p, account) =>
  isAdminOf(p, account.organizationId) || (p?.kind === "account" && p.id === account.id);

/** The account as a directory entry (name, primary address, status): also owners of a group it is in. */
export const accountEntry: ReadRule<{ id: string } & InOrganization> = async (p, account, access) => {
  if (accountOwner(p, account, access)) return true;
  if (!isMemberOf(p, account.organizationId)) return false;
  return (await access.ownerScope(p)).rosterAccounts.has(account.id);
};

/** Operators, admins and the group's owners: rosters, owners, recipients. */
export const groupManager: ReadRule<{ id: string } & InOrganization> = async (p, group, access) => {
  if (isAdminOf(p, group.organizationId)) return true;
  if (!isMemberOf(p, group.organizationId)) return false;
  return (await access.ownerScope(p)).owned.has(group.id);
};

/** The group's name and address: also its direct members and the owners of a group it is nested in. */
export const groupEntry: ReadRule<{ id: string } & InOrganization> = async (p, group, access) => {
  if (isAdminOf(p, group.organizationId)) return true;
  if (!isMemberOf(p, group.organizationId)) return false;
  const scope = await access.ownerScope(p);
  return scope.owned.has(group.id) || scope.memberOf.has(group.id) || scope.rosterGroups.has(group.id);
};

/** A membership row is part of its group's roster. */
export const rosterRow: ReadRule<{ groupId: string }> = async (p, member, access) => {
  if (isOperator(p) || actsAsOrgAdmin(p)) return true; // rows are only reached through a group the admin could read
  if (p?.kind !== "account") return false;
  return (await access.ownerScope(p)).owned.has(member.groupId);
};

/** An address is read as part of what it routes to: a primary as the account's entry, others as its private parts. */
export const addressRule: ReadRule<{ accountId: string | null; groupId: string | null; kind: string } & InOrganization> = (p, address, access) => {
  if (address.groupId) return groupEntry(p, { id: address.groupId, organizationId: address.organizationId }, access);
  if (!address.accountId) return isAdminOf(p, address.organizationId);
  const account = { id: address.accountId, organizationId: address.organizationId };
  return address.kind === AddressKind.PRIMARY ? accountEntry(p, account, access) : accountOwner(p, account, access);
};

/** A pending alias request: the account it is for, and admins. */
export const claimRule: ReadRule<{ accountId: string } & InOrganization> = (p, claim, access) =>
  accountOwner(p, { id: claim.accountId, organizationId: claim.organizationId }, access);

/** The operator record: only the operator itself (and other operators). */
export const operatorRecord: ReadRule = (p) => isOperator(p);

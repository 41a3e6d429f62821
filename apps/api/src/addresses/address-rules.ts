import { domainToUnicode } from "node:url";
import type { EntityManager } from "typeorm";
import { isUniqueViolation } from "../db/database";
import { DomainEntity, DomainStatus } from "../domains/domain.entity";
import { isFreeMailDomain } from "../domains/free-mail";
import { AddressTakenError, DomainNotOwnedError, DomainNotVerifiedError, ForbiddenError, FreeMailDomainError, InvalidAddressError } from "../errors";
import type { Principal } from "../auth/principal";
import { AddressEntity } from "./address.entity";
import { type CanonicalAddress, canonicalizeAddress } from "./canonical-address";

/**
 * Where an address sits relative to an organization:
 * - `own`: on one of its VERIFIED domains (addresses there are the org's to hand out);
 * - `external`: on a domain nobody in Postroom owns (a personal address elsewhere).
 * Everything else is refused by `classify` itself.
 */
export type AddressPlacement = { kind: "own"; domain: DomainEntity } | { kind: "external" };

/** Parses and canonicalizes, or INVALID_ADDRESS. */
export function canonical(input: string): CanonicalAddress {
  if (typeof input !== "string") throw new InvalidAddressError();
  return canonicalizeAddress(input);
}

/**
 * The one ADDRESS_TAKEN answer. An address in use and any address on a domain
 * another organization has verified get exactly this error (same code, same
 * message, no extensions), so answers cannot tell another organization's
 * existing addresses from its free ones.
 */
export function addressTaken(display: string): AddressTakenError {
  return new AddressTakenError(`${display} is already in use.`);
}

/**
 * Local-part rules for the organization's own domains: "+" is reserved for
 * sub-addressing, and "%" and "!" would let the address route elsewhere
 * through percent-hack or bang-path relaying.
 */
export function requireOwnLocalPart(address: CanonicalAddress): void {
  if (address.localPart.includes("+")) {
    throw new InvalidAddressError(`"+" is reserved for sub-addressing on ${address.unicodeDomain}; ${address.unicodeAddress} cannot be assigned.`);
  }
  requireNoRelayRoute(address);
}

/** "%" (percent hack) and "!" (bang path) are refused in local parts on the organization's own domains. */
export function requireNoRelayRoute(address: CanonicalAddress): void {
  const routing = ["%", "!"].find((c) => address.localPart.includes(c));
  if (routing) {
    throw new InvalidAddressError(`"${routing}" is not allowed in addresses on ${address.unicodeDomain}: mail servers may treat it as a relay route.`);
  }
}

/**
 * Applies the domain rules to an address an organization wants to use:
 * its own unverified domain is DOMAIN_NOT_VERIFIED; a domain another
 * organization has verified is that organization's namespace, so every address
 * on it counts as taken (the one `addressTaken` answer, naming nobody); a public
 * mail provider is `external` only when `allowExternal`, else FREE_MAIL_DOMAIN.
 * On its own domains the local part follows `requireOwnLocalPart`.
 */
export async function classify(
  m: EntityManager,
  organizationId: string,
  address: CanonicalAddress,
  options: { allowExternal: boolean },
): Promise<AddressPlacement> {
  const domains = await m.find(DomainEntity, { where: { name: address.domain } });
  const ownVerified = domains.find((d) => d.organizationId === organizationId && d.status === DomainStatus.VERIFIED);
  const ownPending = domains.find((d) => d.organizationId === organizationId);
  const otherVerified = domains.find((d) => d.organizationId !== organizationId && d.status === DomainStatus.VERIFIED);
  if (ownVerified) {
    requireOwnLocalPart(address);
    return { kind: "own", domain: ownVerified };
  }
  if (otherVerified) throw addressTaken(address.unicodeAddress);
  if (ownPending) throw new DomainNotVerifiedError(`${address.unicodeDomain} is not verified yet; publish its TXT record and verify it first.`);
  if (!options.allowExternal) {
    if (isFreeMailDomain(address.domain))
      throw new FreeMailDomainError(`${address.unicodeDomain} is a public mail provider, not one of your organization's domains.`);
    throw new DomainNotOwnedError(`${address.unicodeDomain} is not one of your organization's domains.`);
  }
  return { kind: "external" };
}

/** Requires one of the organization's own, verified domains. */
export async function requireOwnDomain(m: EntityManager, organizationId: string, address: CanonicalAddress): Promise<DomainEntity> {
  const placement = await classify(m, organizationId, address, { allowExternal: false });
  if (placement.kind !== "own") throw new DomainNotOwnedError();
  return placement.domain;
}

/**
 * An API key limited to some domains (DESIGN.md §4, like Exchange's management
 * scopes) changes only addresses on them: every write that assigns, moves or
 * removes an address passes its domains here. FORBIDDEN otherwise; anyone
 * else passes.
 */
export function requireWritableDomains(principal: Principal | null, domains: Iterable<string>): void {
  if (principal?.kind !== "apiKey" || principal.domains === null) return;
  const allowed = principal.domains;
  for (const domain of domains) {
    if (!allowed.includes(domain)) {
      throw new ForbiddenError(`This API key may only change addresses on ${allowed.map((d) => domainToUnicode(d) || d).join(", ")}.`, {
        domain: domainToUnicode(domain) || domain,
      });
    }
  }
}

/**
 * Refuses an address that already routes somewhere, or one the caller may not
 * assign (`requireWritableDomains`; null for a read or a confirmation link,
 * whose token is the authority). Every path that creates an address calls
 * this. The unique index is the final word (see `insertAddress`).
 */
export async function requireFree(m: EntityManager, address: CanonicalAddress, principal: Principal | null): Promise<void> {
  requireWritableDomains(principal, [address.domain]);
  if (await m.exists(AddressEntity, { where: { address: address.address } })) {
    throw addressTaken(address.unicodeAddress);
  }
}

/** Inserts address rows; losing a race on the unique index is ADDRESS_TAKEN, never a 500. */
export async function insertAddresses(m: EntityManager, rows: AddressEntity[], display: string): Promise<void> {
  try {
    await m.insert(AddressEntity, rows);
  } catch (error) {
    if (isUniqueViolation(error)) throw addressTaken(display);
    throw error;
  }
}

/** The display form of a stored canonical address. */
export function unicodeOf(address: string): string {
  if (!address.includes("xn--")) return address;
  const at = address.lastIndexOf("@");
  return `${address.slice(0, at)}@${domainToUnicode(address.slice(at + 1)) || address.slice(at + 1)}`;
}

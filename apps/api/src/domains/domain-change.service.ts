import { requireWritableDomains } from "../addresses/address-rules";
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { AddressEntity, AddressKind, AddressStatus } from "../addresses/address.entity";
import { canonicalizeAddress, canonicalizeDomain } from "../addresses/canonical-address";
import { formerPrimaryKind } from "../addresses/former-primary";
import { recordAudit } from "../audit/audit.service";
import { requireOrgAdmin, requireSignedIn, targetOrganizationId } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import { type Database, isUniqueViolation } from "../db/database";
import { sqlTimestamp } from "../db/values";
import { refreshAccountMemberships } from "../groups/member-mailbox";
import { AddressTakenError, BadUserInputError, DomainNotOwnedError, DomainNotVerifiedError, InvalidAddressError } from "../errors";
import { DomainEntity, DomainStatus } from "./domain.entity";

export interface DomainChangeResult {
  from: DomainEntity;
  to: DomainEntity;
  changed: number;
}

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One new address that cannot be used, and why (a contract code). */
export interface DomainChangeConflict {
  address: string;
  reason: "ADDRESS_TAKEN" | "INVALID_ADDRESS";
  message: string;
}

/** A firm's domain changes: everyone's primary moves to the new domain, the old addresses keep receiving. */
export class DomainChangeService {
  constructor(private readonly db: Database) {}

  /**
   * Every PRIMARY address (accounts) and GROUP address (groups) on `from` gets
   * the same local part on `to` as its new one; the old address stays with the
   * same account or group so mail keeps arriving: as a SECONDARY when `from` is
   * an EXCHANGE domain, as an ALIAS when it is a WEB_EMAIL domain (which has no
   * secondaries). Both domains must be VERIFIED and the organization's. All or
   * nothing: when any new address is taken or is not a valid address (over 254
   * octets on the longer domain), nothing changes and the refusal lists every
   * conflict in `extensions.conflicts` with its reason; its code is
   * INVALID_ADDRESS when any new address is invalid, else ADDRESS_TAKEN.
   * Multi-row statements throughout, so 10,000 accounts is one call.
   * A dry run makes every check, answers the count or the same refusal, and
   * writes nothing.
   */
  async change(
    principal: Principal | null,
    input: { organizationId?: string | null; from: string; to: string; dryRun?: boolean | null },
  ): Promise<DomainChangeResult> {
    const organizationId = targetOrganizationId(requireSignedIn(principal), input.organizationId);
    requireOrgAdmin(principal, organizationId);
    const fromName = this.domainName(input.from, "from");
    const toName = this.domainName(input.to, "to");
    if (fromName === toName) throw new BadUserInputError("from and to are the same domain.", { field: "to" });
    requireWritableDomains(principal, [fromName, toName]);
    try {
      return await this.db.transaction(async (m) => {
        const from = await this.ownVerified(m, organizationId, fromName);
        const to = await this.ownVerified(m, organizationId, toName);
        // Column-listed raw reads: hydrating 10,000 entities would cost more than the whole write.
        const primaries: { id: string; address: string; account_id: string | null; group_id: string | null }[] = await m.query(
          "SELECT id, address, account_id, group_id FROM address WHERE organization_id = ? AND domain = ? AND kind IN (?, ?)",
          [organizationId, from.name, AddressKind.PRIMARY, AddressKind.GROUP],
        );
        const moves = primaries.map((p) => ({ old: p, next: `${p.address.slice(0, p.address.lastIndexOf("@"))}@${to.name}` }));
        await this.requireNoConflicts(m, moves);
        if (input.dryRun) return { from, to, changed: moves.length };
        const kept = formerPrimaryKind(from.mailService);
        const now = new Date();
        await m
          .createQueryBuilder()
          .update(AddressEntity)
          .set({ kind: kept })
          .where("organization_id = :org AND domain = :from AND kind IN (:...kinds)", {
            org: organizationId,
            from: from.name,
            kinds: [AddressKind.PRIMARY, AddressKind.GROUP],
          })
          .execute();
        const at = sqlTimestamp(now, this.db.dialect);
        for (const part of chunks(moves)) {
          const values: unknown[] = [];
          for (const { old, next } of part)
            values.push(
              randomUUID(),
              next,
              to.name,
              old.group_id ? AddressKind.GROUP : AddressKind.PRIMARY,
              AddressStatus.ACTIVE,
              organizationId,
              old.account_id,
              old.group_id,
              at,
            );
          await m.query(
            `INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, group_id, created_at) VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
            values,
          );
        }
        // Group members deliver to the new primaries: set-based, 500 accounts a statement.
        await refreshAccountMemberships(
          m,
          primaries.flatMap((p) => (p.account_id ? [p.account_id] : [])),
        );
        await recordAudit(m, principal, {
          organizationId,
          action: "domain.change",
          targetType: "Domain",
          targetId: to.id,
          before: { domain: from.name },
          after: { domain: to.name },
          details: { primariesMoved: moves.length, previousKeptAs: kept },
        });
        return { from, to, changed: moves.length };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AddressTakenError("An address on the new domain was taken while the change ran; nothing was changed. Try again.");
      throw error;
    }
  }

  private domainName(input: string, field: string): string {
    try {
      return canonicalizeDomain(input).name;
    } catch (error) {
      if (error instanceof InvalidAddressError) throw new BadUserInputError(error.message, { field });
      throw error;
    }
  }

  private async ownVerified(m: EntityManager, organizationId: string, name: string): Promise<DomainEntity> {
    const domain = await m.findOne(DomainEntity, { where: { organizationId, name } });
    if (!domain) throw new DomainNotOwnedError(`${name} is not one of this organization's domains.`);
    if (domain.status !== DomainStatus.VERIFIED) throw new DomainNotVerifiedError(`${domain.unicodeName} is not verified yet.`);
    return domain;
  }

  /** Every new address passes the canonicalizer and is free; one look-up per 500. Every conflict is reported, not just the first. */
  private async requireNoConflicts(m: EntityManager, moves: { next: string }[]): Promise<void> {
    const conflicts: DomainChangeConflict[] = [];
    const valid: string[] = [];
    for (const { next } of moves) {
      try {
        valid.push(canonicalizeAddress(next).address);
      } catch (error) {
        if (!(error instanceof InvalidAddressError)) throw error;
        conflicts.push({ address: next, reason: "INVALID_ADDRESS", message: error.message });
      }
    }
    for (const part of chunks(valid)) {
      const taken: { address: string }[] = await m.query(`SELECT address FROM address WHERE address IN (${part.map(() => "?").join(", ")})`, part);
      conflicts.push(...taken.map((t) => ({ address: t.address, reason: "ADDRESS_TAKEN" as const, message: `${t.address} is already in use.` })));
    }
    if (conflicts.length === 0) return;
    conflicts.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    const invalid = conflicts.filter((c) => c.reason === "INVALID_ADDRESS").length;
    const summary = `${conflicts.length} address(es) on the new domain cannot be used; nothing was changed.`;
    if (invalid > 0) throw new InvalidAddressError(`${summary} ${invalid} would not be valid addresses.`, { conflicts });
    throw new AddressTakenError(`${conflicts.length} address(es) on the new domain are already in use; nothing was changed.`, { conflicts });
  }
}

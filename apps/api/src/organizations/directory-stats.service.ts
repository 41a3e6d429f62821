import { And, IsNull, LessThan, MoreThan } from "typeorm";
import { AccountEntity } from "../accounts/account.entity";
import { AddressEntity } from "../addresses/address.entity";
import { AliasClaimEntity } from "../addresses/alias-claim.entity";
import { adminListScope } from "../auth/list-scope";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { DomainEntity, DomainStatus } from "../domains/domain.entity";
import { GroupEntity } from "../groups/group.entity";

export interface DirectoryStatsResult {
  accounts: number;
  addresses: number;
  groups: number;
  domains: number;
  domainsPendingVerification: number;
  expiringAliasClaims: AliasClaimEntity[];
}

/** Claims whose link stops working within this window count as "about to expire". */
export const EXPIRING_WITHIN_MS = 24 * 3_600_000;
/** The dashboard lists at most this many expiring claims, soonest first. */
export const EXPIRING_LIST_MAX = 20;

export class DirectoryStatsService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The dashboard's counts for an organization's admins and operators (an
   * operator who names none counts every organization): one COUNT per table,
   * and the open alias claims that expire within 24 hours.
   */
  async stats(principal: Principal | null, organizationId?: string | null): Promise<DirectoryStatsResult> {
    const scope = adminListScope(principal, organizationId);
    const where = scope ? { organizationId: scope } : {};
    const m = this.db.manager;
    const now = this.now();
    const [accounts, addresses, groups, domains, domainsPendingVerification, expiringAliasClaims] = await Promise.all([
      m.count(AccountEntity, { where }),
      m.count(AddressEntity, { where }),
      m.count(GroupEntity, { where }),
      m.count(DomainEntity, { where }),
      m.count(DomainEntity, { where: { ...where, status: DomainStatus.PENDING_VERIFICATION } }),
      m.find(AliasClaimEntity, {
        where: { ...where, usedAt: IsNull(), expiresAt: And(MoreThan(now), LessThan(new Date(now.getTime() + EXPIRING_WITHIN_MS))) },
        order: { expiresAt: "ASC", id: "ASC" },
        take: EXPIRING_LIST_MAX,
      }),
    ]);
    return { accounts, addresses, groups, domains, domainsPendingVerification, expiringAliasClaims };
  }
}

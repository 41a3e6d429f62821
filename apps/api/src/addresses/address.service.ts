import { AccountProfile } from "../accounts/account.entity";
import { loadAccountForAdmin } from "../accounts/account-admin";
import { recordAudit } from "../audit/audit.service";
import { requireMember, requireOrgAdmin, requireSignedIn, targetOrganizationId } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { AliasNotAllowedError, BadUserInputError, NotFoundError, PostroomError } from "../errors";
import { OrganizationEntity } from "../organizations/organization.entity";
import { AddressEntity, AddressKind, AddressStatus } from "./address.entity";
import type { JobService } from "../jobs/job.service";
import { canonical, classify, requireFree, requireWritableDomains } from "./address-rules";
import { guestRefusal } from "./alias-permission";
import { provisionKey } from "./secondary-address.service";
import type { AliasClaimService, AliasOutcome } from "./alias-claim.service";

export interface Availability {
  address: string | null;
  unicodeAddress: string | null;
  available: boolean;
  /** A contract error code saying why not, or null when available. */
  reason: string | null;
  message: string;
}

function summary(a: AddressEntity) {
  return { address: a.address, kind: a.kind, status: a.status, accountId: a.accountId };
}

export class AddressService {
  constructor(
    private readonly db: Database,
    private readonly aliasClaims: AliasClaimService,
    private readonly jobs: JobService,
  ) {}

  /**
   * An administrator adds an alias to an account of the organization. On the
   * organization's verified domains it is ACTIVE at once; any other address gets
   * a confirmation message instead, because its owner must agree.
   */
  async addAlias(principal: Principal | null, input: { accountId: string; address: string }): Promise<AliasOutcome> {
    const address = canonical(input.address);
    const account = await loadAccountForAdmin(this.db, principal, input.accountId);
    return this.aliasClaims.request(principal, { accountId: account.id, address: address.address });
  }

  /**
   * Removes an address and frees it. A PRIMARY address is only ever replaced
   * (setPrimaryAddress); a GROUP address goes with its group. Admins remove any
   * address of their organization; a PROFESSIONAL account its own aliases when
   * the policy allows self-service; a GUEST none. Answers the row as it is
   * now: status REMOVED.
   */
  async remove(principal: Principal | null, id: string): Promise<AddressEntity> {
    const p = requireSignedIn(principal);
    const found = await this.db.manager.findOne(AddressEntity, { where: { id } });
    if (!found) throw new NotFoundError("Address not found.");
    requireMember(p, found.organizationId, "Address");
    if (p.kind === "account" && p.profile !== AccountProfile.ADMIN) {
      if (found.accountId !== p.id) throw new NotFoundError("Address not found.");
      if (p.profile === AccountProfile.GUEST) throw guestRefusal();
      if (found.kind !== AddressKind.ALIAS) throw new AliasNotAllowedError("Only aliases can be removed by their owner; ask your administrator.");
      const org = await this.db.manager.findOne(OrganizationEntity, { where: { id: found.organizationId } });
      if (!org?.aliasSelfService) throw new AliasNotAllowedError("Your organization manages aliases centrally; ask your administrator.");
    }
    if (found.kind === AddressKind.PRIMARY) {
      throw new BadUserInputError("A primary address cannot be removed; make another address primary with setPrimaryAddress first.");
    }
    if (found.kind === AddressKind.GROUP) throw new BadUserInputError("A group's address is removed with its group.");
    requireWritableDomains(p, [found.domain]);
    await this.db.transaction(async (m) => {
      const result = await m.delete(AddressEntity, { id });
      if (!result.affected) throw new NotFoundError("Address not found.");
      if (found.status === AddressStatus.PENDING_PROVISIONING) await this.jobs.cancel(m, [provisionKey(id)]);
      await recordAudit(m, principal, {
        organizationId: found.organizationId,
        action: "address.remove",
        targetType: "Address",
        targetId: id,
        before: summary(found),
      });
    });
    return { ...found, status: AddressStatus.REMOVED };
  }

  /**
   * Could the organization use this address? Says why not with a contract code,
   * without naming who holds it.
   */
  async availability(principal: Principal | null, input: string, organizationId?: string | null): Promise<Availability> {
    const orgId = targetOrganizationId(requireSignedIn(principal), organizationId);
    requireOrgAdmin(principal, orgId);
    let address;
    try {
      address = canonical(input);
    } catch (error) {
      if (error instanceof PostroomError) return { address: null, unicodeAddress: null, available: false, reason: error.code, message: error.message };
      throw error;
    }
    const answer = (reason: string | null, message: string): Availability => ({
      address: address.address,
      unicodeAddress: address.unicodeAddress,
      available: reason === null,
      reason,
      message,
    });
    try {
      const m = this.db.manager;
      await requireFree(m, address, null);
      const placement = await classify(m, orgId, address, { allowExternal: true });
      if (placement.kind === "external")
        return answer(null, `${address.unicodeAddress} is free; as an address outside your domains it needs its owner's confirmation.`);
      return answer(null, `${address.unicodeAddress} is available.`);
    } catch (error) {
      if (error instanceof PostroomError) return answer(error.code, error.message);
      throw error;
    }
  }
}

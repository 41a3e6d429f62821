import { In, type EntityManager } from "typeorm";
import { AddressEntity, AddressKind, AddressStatus } from "../addresses/address.entity";
import { lockFor } from "../addresses/address-rules";
import { provisionKey } from "../addresses/secondary-address.service";
import { recordAudit } from "../audit/audit.service";
import type { AuthService } from "../auth/auth.service";
import { requireOrgAdmin, requireSignedIn } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { refreshAccountMemberships } from "../groups/member-mailbox";
import { AccountDisabledError, BadUserInputError, NotFoundError } from "../errors";
import type { JobService } from "../jobs/job.service";
import { AccountEntity, AccountStatus } from "./account.entity";

export interface OffboardingResult {
  leaver: AccountEntity;
  target: AccountEntity;
  moved: AddressEntity[];
}

/** A member leaves: their mail goes to a colleague from that moment on. */
export class OffboardingService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly jobs: JobService,
  ) {}

  /**
   * In one transaction: the leaver becomes DISABLED with Exchange off, every
   * address it had (primary, aliases, secondaries) becomes an ACTIVE SECONDARY
   * address of the target account of the same organization, its sessions end,
   * and each move is audited. Both accounts are locked, so an alias added to
   * the leaver concurrently either lands before (and moves too) or is refused.
   */
  async offboard(principal: Principal | null, input: { accountId: string; transferToAccountId: string }): Promise<OffboardingResult> {
    requireSignedIn(principal);
    if (input.accountId === input.transferToAccountId) throw new BadUserInputError("An account cannot be offboarded onto itself.", { field: "transferToAccountId" });
    const leaverFound = await this.db.manager.findOne(AccountEntity, { where: { id: input.accountId } });
    if (!leaverFound) throw new NotFoundError("Account not found.");
    requireOrgAdmin(principal, leaverFound.organizationId, "Account");
    const result = await this.db.transaction(async (m) => {
      const [leaver, target] = await this.lockPair(m, input.accountId, input.transferToAccountId);
      if (!leaver || !target || target.organizationId !== leaver.organizationId) throw new NotFoundError("Account not found.");
      if (target.status !== AccountStatus.ACTIVE) throw new AccountDisabledError("Mail cannot be transferred to a disabled account.");
      const moved = await m.find(AddressEntity, { where: { accountId: leaver.id }, order: { createdAt: "ASC" } });
      if (moved.length > 0) {
        await m.update(
          AddressEntity,
          { id: In(moved.map((a) => a.id)) },
          { accountId: target.id, kind: AddressKind.SECONDARY, status: AddressStatus.ACTIVE, formerAccountId: leaver.id },
        );
        const pending = moved.filter((a) => a.status === AddressStatus.PENDING_PROVISIONING).map((a) => provisionKey(a.id));
        await this.jobs.cancel(m, pending);
      }
      const before = { status: leaver.status, exchangeEnabled: leaver.exchangeEnabled };
      leaver.status = AccountStatus.DISABLED;
      leaver.exchangeEnabled = false;
      leaver.updatedAt = new Date();
      await m.update(AccountEntity, { id: leaver.id }, { status: leaver.status, exchangeEnabled: false, updatedAt: leaver.updatedAt });
      // The leaver keeps its group memberships, now without a mailbox; the target's primary is unchanged, so its own are too.
      await refreshAccountMemberships(m, [leaver.id]);
      await this.auth.revokeAccountSessions(m, leaver.id);
      await recordAudit(m, principal, {
        organizationId: leaver.organizationId,
        action: "account.offboard",
        targetType: "Account",
        targetId: leaver.id,
        before,
        after: { status: leaver.status, exchangeEnabled: false },
        details: { transferredTo: target.id, addresses: moved.map((a) => a.address) },
      });
      for (const a of moved) {
        await recordAudit(m, principal, {
          organizationId: leaver.organizationId,
          action: "address.transfer",
          targetType: "Address",
          targetId: a.id,
          before: { address: a.address, kind: a.kind, status: a.status, accountId: leaver.id },
          after: { address: a.address, kind: AddressKind.SECONDARY, status: AddressStatus.ACTIVE, accountId: target.id },
        });
      }
      const now = moved.map((a) => ({ ...a, accountId: target.id, kind: AddressKind.SECONDARY, status: AddressStatus.ACTIVE, formerAccountId: leaver.id }));
      return { leaver, target, moved: now };
    });
    this.auth.forgetAccount(input.accountId);
    return result;
  }

  /** Locks both accounts in id order, so two offboardings crossing each other cannot deadlock. */
  private async lockPair(m: EntityManager, a: string, b: string): Promise<[AccountEntity | null, AccountEntity | null]> {
    const lock = lockFor(this.db.dialect);
    const byId = new Map<string, AccountEntity | null>();
    for (const id of [a, b].sort()) byId.set(id, await m.findOne(AccountEntity, { where: { id }, lock }));
    return [byId.get(a) ?? null, byId.get(b) ?? null];
  }
}

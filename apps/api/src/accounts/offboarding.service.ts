import { In, type EntityManager } from "typeorm";
import { AddressEntity, AddressKind, AddressStatus } from "../addresses/address.entity";
import { lockFor } from "../db/locks";
import { requireWritableDomains } from "../addresses/address-rules";
import { provisionKey, retargetProvisioning } from "../addresses/secondary-address.service";
import { recordAudit } from "../audit/audit.service";
import type { AuthService } from "../auth/auth.service";
import { requireSignedIn } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { DomainEntity, DomainStatus, MailService } from "../domains/domain.entity";
import { refreshAccountMemberships } from "../groups/member-mailbox";
import { AccountDisabledError, BadUserInputError, NotFoundError } from "../errors";
import type { JobService } from "../jobs/job.service";
import { AccountEntity, AccountStatus } from "./account.entity";
import { loadAccountForAdmin } from "./account-admin";

export interface OffboardingResult {
  leaver: AccountEntity;
  target: AccountEntity;
  /** Addresses on the organization's verified domains, now the target's. */
  moved: AddressEntity[];
  /** Personal addresses (not on the organization's verified domains), deleted and free again. */
  released: string[];
}

/** A member leaves: their work mail goes to a colleague from that moment on; their personal addresses do not. */
/** Thrown to roll a dry run's transaction back; carries what it would have done. */
class DryRunRollback {
  constructor(readonly result: OffboardingResult) {}
}

export class OffboardingService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly jobs: JobService,
  ) {}

  /**
   * In one transaction: the leaver becomes DISABLED with Exchange off, its
   * sessions end, and each of its addresses is audited as it:
   * - moves to the target when it is on one of the organization's VERIFIED
   *   domains: as a SECONDARY on an EXCHANGE domain when the target has
   *   Exchange enabled (a pending one stays pending, its provisioning job now
   *   for the target), otherwise as an ALIAS (a WEB_EMAIL domain, or a target
   *   without Exchange: secondaries exist only there);
   * - is released (deleted, free again) otherwise: a personal address such as
   *   a confirmed someone@gmail.com is the leaver's, and its mail must not
   *   reach a colleague.
   * Both accounts are locked, so an alias added to the leaver concurrently
   * either lands before (and is handled too) or is refused.
   * A dry run does all of it in the transaction and rolls it back, so its
   * answer is exactly what the real run would answer at that moment.
   */
  async offboard(principal: Principal | null, input: { accountId: string; transferToAccountId: string; dryRun?: boolean | null }): Promise<OffboardingResult> {
    requireSignedIn(principal);
    if (input.accountId === input.transferToAccountId)
      throw new BadUserInputError("An account cannot be offboarded onto itself.", { field: "transferToAccountId" });
    await loadAccountForAdmin(this.db, principal, input.accountId);
    const result = await this.db
      .transaction(async (m) => {
        const [leaver, target] = await this.lockPair(m, input.accountId, input.transferToAccountId);
        if (!leaver || !target || target.organizationId !== leaver.organizationId) throw new NotFoundError("Account not found.");
        if (target.status !== AccountStatus.ACTIVE) throw new AccountDisabledError("Mail cannot be transferred to a disabled account.");
        const addresses = await m.find(AddressEntity, { where: { accountId: leaver.id }, order: { createdAt: "ASC" } });
        const names = [...new Set(addresses.map((a) => a.domain))];
        requireWritableDomains(principal, names);
        const domains = new Map(
          (names.length
            ? await m.find(DomainEntity, { where: { organizationId: leaver.organizationId, status: DomainStatus.VERIFIED, name: In(names) } })
            : []
          ).map((d) => [d.name, d]),
        );
        const moved: AddressEntity[] = [];
        const released: AddressEntity[] = [];
        for (const a of addresses) {
          const domain = domains.get(a.domain);
          if (!domain) {
            released.push(a);
            continue;
          }
          const secondary = domain.mailService === MailService.EXCHANGE && target.exchangeEnabled;
          const kind = secondary ? AddressKind.SECONDARY : AddressKind.ALIAS;
          const status = secondary ? a.status : AddressStatus.ACTIVE;
          moved.push({ ...a, accountId: target.id, kind, status, formerAccountId: leaver.id });
        }
        for (const kind of [AddressKind.SECONDARY, AddressKind.ALIAS]) {
          for (const status of [AddressStatus.ACTIVE, AddressStatus.PENDING_PROVISIONING]) {
            const ids = moved.filter((a) => a.kind === kind && a.status === status).map((a) => a.id);
            if (ids.length) await m.update(AddressEntity, { id: In(ids) }, { accountId: target.id, kind, status, formerAccountId: leaver.id });
          }
        }
        // A pending secondary that stays pending keeps its provisioning job, now for the target; any other pending job ends.
        for (const a of moved.filter((x) => x.status === AddressStatus.PENDING_PROVISIONING)) await retargetProvisioning(m, this.jobs, a);
        const ended = addresses.filter(
          (a) => a.status === AddressStatus.PENDING_PROVISIONING && !moved.some((x) => x.id === a.id && x.status === AddressStatus.PENDING_PROVISIONING),
        );
        await this.jobs.cancel(
          m,
          ended.map((a) => provisionKey(a.id)),
        );
        if (released.length) await m.delete(AddressEntity, { id: In(released.map((a) => a.id)) });

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
          details: { transferredTo: target.id, addresses: moved.map((a) => a.address), released: released.map((a) => a.address) },
        });
        const original = new Map(addresses.map((a) => [a.id, a]));
        for (const a of moved) {
          const was = original.get(a.id) as AddressEntity;
          await recordAudit(m, principal, {
            organizationId: leaver.organizationId,
            action: "address.transfer",
            targetType: "Address",
            targetId: a.id,
            before: { address: a.address, kind: was.kind, status: was.status, accountId: leaver.id },
            after: { address: a.address, kind: a.kind, status: a.status, accountId: target.id },
          });
        }
        for (const a of released) {
          await recordAudit(m, principal, {
            organizationId: leaver.organizationId,
            action: "address.release",
            targetType: "Address",
            targetId: a.id,
            before: { address: a.address, kind: a.kind, status: a.status, accountId: leaver.id },
            details: { because: "account.offboard", reason: "not on one of the organization's verified domains" },
          });
        }
        const done = { leaver, target, moved, released: released.map((a) => a.address) };
        if (input.dryRun) throw new DryRunRollback(done);
        return done;
      })
      .catch((error: unknown) => {
        if (error instanceof DryRunRollback) return error.result;
        throw error;
      });
    if (!input.dryRun) this.auth.forgetAccount(input.accountId);
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

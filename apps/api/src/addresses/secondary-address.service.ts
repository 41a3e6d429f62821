import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { loadAccountForAdmin, lockAccount } from "../accounts/account-admin";
import { recordAudit } from "../audit/audit.service";
import { requireSignedIn } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { MailService } from "../domains/domain.entity";
import { DomainServiceConflictError } from "../errors";
import { JobEntity, JobState } from "../jobs/job.entity";
import type { JobService } from "../jobs/job.service";
import type { MailProvider } from "../jobs/mail-provider";
import { AddressEntity, AddressKind, AddressStatus } from "./address.entity";
import { canonical, insertAddresses, requireFree, requireOwnDomain } from "./address-rules";

export const PROVISION_JOB = "provision-address";

export function provisionKey(addressId: string): string {
  return `provision:${addressId}`;
}

/**
 * Queues the provisioning of a PENDING_PROVISIONING address for the account it
 * now belongs to. The payload names that account: a job queued for an earlier
 * owner (moved by offboarding) finds the address elsewhere and does nothing.
 */
export async function enqueueProvisioning(m: EntityManager, jobs: JobService, address: AddressEntity, runAt: Date): Promise<JobEntity> {
  return jobs.enqueue(m, {
    organizationId: address.organizationId,
    kind: PROVISION_JOB,
    payload: { addressId: address.id, accountId: address.accountId },
    idempotencyKey: provisionKey(address.id),
    runAt,
  });
}

/**
 * A PENDING_PROVISIONING address changed owner (offboarding): its one job
 * (the idempotency key is unique) is re-armed for the new owner, due when it
 * was due. An attempt running for the old owner finds its lease gone, and its
 * activation, conditional on the owner, changes nothing.
 */
export async function retargetProvisioning(m: EntityManager, jobs: JobService, address: AddressEntity): Promise<void> {
  const now = new Date();
  const result = await m.update(
    JobEntity,
    { idempotencyKey: provisionKey(address.id) },
    {
      payload: JSON.stringify({ addressId: address.id, accountId: address.accountId }),
      state: JobState.PENDING,
      attempts: 0,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      doneAt: null,
      updatedAt: now,
    },
  );
  if (!result.affected) await enqueueProvisioning(m, jobs, address, now);
}

/** Exchange secondary addresses: reserved at once, routed once the mail system has provisioned them. */
export class SecondaryAddressService {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobService,
    private readonly provider: MailProvider,
    private readonly provisioningDelayMs: number,
  ) {}

  /**
   * Adds a secondary address: only on a VERIFIED EXCHANGE domain of the
   * account's own organization, only for an account with Exchange enabled, never
   * an address anyone has. The address is reserved at once as
   * PENDING_PROVISIONING (it routes nowhere yet) and a provisioning job is queued
   * in the same transaction.
   */
  async add(principal: Principal | null, input: { accountId: string; address: string }): Promise<AddressEntity> {
    requireSignedIn(principal);
    const address = canonical(input.address);
    const found = await loadAccountForAdmin(this.db, principal, input.accountId);
    const now = new Date();
    const row: AddressEntity = {
      id: randomUUID(),
      address: address.address,
      domain: address.domain,
      kind: AddressKind.SECONDARY,
      status: AddressStatus.PENDING_PROVISIONING,
      organizationId: found.organizationId,
      accountId: found.id,
      groupId: null,
      formerAccountId: null,
      createdAt: now,
    };
    await this.db.transaction(async (m) => {
      const account = await lockAccount(m, this.db.dialect, found.id, { disabled: "Secondary addresses cannot be added to a disabled account." });
      await requireFree(m, address, principal);
      const domain = await requireOwnDomain(m, account.organizationId, address);
      if (domain.mailService !== MailService.EXCHANGE) {
        throw new DomainServiceConflictError(`${domain.unicodeName} serves ${domain.mailService}; secondary addresses need an Exchange domain.`);
      }
      if (!account.exchangeEnabled)
        throw new DomainServiceConflictError("This account does not have Exchange enabled; enable it before adding secondary addresses.");
      await insertAddresses(m, [row], address.unicodeAddress);
      await enqueueProvisioning(m, this.jobs, row, new Date(now.getTime() + this.provisioningDelayMs));
      await recordAudit(m, principal, {
        organizationId: account.organizationId,
        action: "address.addSecondary",
        targetType: "Address",
        targetId: row.id,
        after: { address: row.address, kind: row.kind, status: row.status, accountId: row.accountId },
      });
    });
    return row;
  }

  /** The job handler: asks the mail provider, then makes the address ACTIVE (once, whatever the retries). */
  provisionHandler() {
    return async (job: JobEntity, payload: Record<string, unknown>): Promise<void> => {
      const addressId = String(payload.addressId);
      const address = await this.db.manager.findOne(AddressEntity, { where: { id: addressId } });
      if (!address || address.status !== AddressStatus.PENDING_PROVISIONING || !address.accountId) return;
      // Jobs queued before payloads named the account have no accountId: they provision for the current owner.
      if (payload.accountId !== undefined && payload.accountId !== address.accountId) return;
      const accountId = address.accountId;
      // The provider de-duplicates per piece of work: this address for this account.
      const idempotencyKey = payload.accountId === undefined || !address.formerAccountId ? job.idempotencyKey : `${job.idempotencyKey}:${accountId}`;
      await this.provider.provisionAddress({ idempotencyKey, address: address.address, accountId });
      await this.db.transaction(async (m) => {
        // Only for the owner it was provisioned for: an address moved meanwhile waits for its new job.
        const result = await m.update(
          AddressEntity,
          { id: addressId, status: AddressStatus.PENDING_PROVISIONING, accountId },
          { status: AddressStatus.ACTIVE },
        );
        if (!result.affected) return;
        await recordAudit(m, null, {
          organizationId: address.organizationId,
          action: "address.provisioned",
          targetType: "Address",
          targetId: addressId,
          before: { status: AddressStatus.PENDING_PROVISIONING },
          after: { status: AddressStatus.ACTIVE },
          details: { jobId: job.id, attempts: job.attempts },
        });
      });
    };
  }
}

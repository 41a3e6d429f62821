import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/database";
import { ProviderLedgerEntity } from "./provider-ledger.entity";

export interface ProvisionRequest {
  /** The same key for every attempt of one piece of work: the provider must de-duplicate on it. */
  idempotencyKey: string;
  address: string;
  accountId: string;
}

/** The mail system Postroom provisions addresses in (hosted Exchange, …). */
export interface MailProvider {
  provisionAddress(request: ProvisionRequest): Promise<void>;
}

/**
 * The built-in provider: records each request in `provider_ledger` (one row per
 * idempotency key, counting repeats) and completes at once. The provisioning
 * delay a real mail system takes is modelled by when the job is due
 * (PROVISIONING_DELAY), not by blocking here.
 */
export class BuiltInMailProvider implements MailProvider {
  constructor(private readonly db: Database) {}

  async provisionAddress(request: ProvisionRequest): Promise<void> {
    const now = new Date();
    await this.db.transaction(async (m) => {
      try {
        await m.insert(ProviderLedgerEntity, {
          idempotencyKey: request.idempotencyKey,
          address: request.address,
          calls: 1,
          firstCalledAt: now,
          lastCalledAt: now,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await m.increment(ProviderLedgerEntity, { idempotencyKey: request.idempotencyKey }, "calls", 1);
        await m.update(ProviderLedgerEntity, { idempotencyKey: request.idempotencyKey }, { lastCalledAt: now });
      }
    });
  }
}

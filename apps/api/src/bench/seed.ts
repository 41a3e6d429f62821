import { randomBytes, randomUUID } from "node:crypto";
import type { Database } from "../db/database";
import { sqlTimestamp } from "../db/values";

export interface SeededDirectory {
  organizationId: string;
  domain: string;
  addresses: string[];
}

const BATCH = 500;

function placeholders(columns: number, rows: number): string {
  const row = `(${Array(columns).fill("?").join(", ")})`;
  return Array(rows).fill(row).join(", ");
}

/**
 * Writes `accounts` accounts with a primary, an alias and a secondary address
 * each, as multi-row INSERTs in one transaction per table batch set.
 */
export async function seedDirectory(db: Database, accounts: number, options: { domain?: string; name?: string; extraDomains?: string[]; addressesPerAccount?: 1 | 3 } = {}): Promise<SeededDirectory> {
  const organizationId = randomUUID();
  const domain = options.domain ?? "bench.test";
  const kinds = ([["u", "PRIMARY"], ["a", "ALIAS"], ["s", "SECONDARY"]] as const).slice(0, options.addressesPerAccount ?? 3);
  const now = sqlTimestamp(new Date(), db.dialect);
  const addresses: string[] = [];
  await db.transaction(async (m) => {
    await m.query("INSERT INTO organization (id, name, alias_self_service, max_aliases_per_account, created_at) VALUES (?, ?, ?, ?, ?)", [organizationId, options.name ?? "Bench", 1, null, now]);
    for (const name of [domain, ...(options.extraDomains ?? [])]) {
      await m.query(
        "INSERT INTO domain (id, organization_id, name, verified_name, unicode_name, status, mail_service, verification_token, verified_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [randomUUID(), organizationId, name, name, name, "VERIFIED", "EXCHANGE", randomBytes(16).toString("hex"), now, now],
      );
    }
    for (let start = 0; start < accounts; start += BATCH) {
      const count = Math.min(BATCH, accounts - start);
      const accountValues: unknown[] = [];
      const addressValues: unknown[] = [];
      for (let i = start; i < start + count; i++) {
        const id = randomUUID();
        const n = String(i).padStart(6, "0");
        accountValues.push(id, organizationId, `User ${n}`, `user ${n}`, "PROFESSIONAL", "ACTIVE", 1, null, now, now);
        for (const [prefix, kind] of kinds) {
          const address = `${prefix}${n}@${domain}`;
          addresses.push(address);
          addressValues.push(randomUUID(), address, domain, kind, "ACTIVE", organizationId, id, null, now);
        }
      }
      await m.query(
        `INSERT INTO account (id, organization_id, display_name, search_name, profile, status, exchange_enabled, password_hash, created_at, updated_at) VALUES ${placeholders(10, count)}`,
        accountValues,
      );
      await m.query(
        `INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, group_id, created_at) VALUES ${placeholders(9, count * kinds.length)}`,
        addressValues,
      );
    }
  });
  return { organizationId, domain, addresses };
}

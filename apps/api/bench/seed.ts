import { randomBytes, randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { Database } from "../src/db/database";
import { sqlTimestamp } from "../src/db/values";

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

export interface SeedOptions {
  domain?: string;
  name?: string;
  extraDomains?: string[];
  addressesPerAccount?: 1 | 3;
  /** Accounts per transaction; by default everything is one transaction (a bulk write). */
  commitEvery?: number;
  /**
   * Setting up a large bench directory, not a write being measured: SQLite
   * skips fsync and gets a large page cache for the random-order index inserts,
   * MySQL skips foreign-key and secondary unique checks (the rows are known to
   * be valid). The connection's own settings are restored afterwards.
   */
  fast?: boolean;
}

/**
 * Writes `accounts` accounts with a primary, an alias and a secondary address
 * each, as multi-row INSERTs of 500 accounts (1,500 addresses) per statement.
 */
export async function seedDirectory(db: Database, accounts: number, options: SeedOptions = {}): Promise<SeededDirectory> {
  const organizationId = randomUUID();
  const domain = options.domain ?? "bench.test";
  const kinds = (
    [
      ["u", "PRIMARY"],
      ["a", "ALIAS"],
      ["s", "SECONDARY"],
    ] as const
  ).slice(0, options.addressesPerAccount ?? 3);
  const now = sqlTimestamp(new Date(), db.dialect);
  const addresses: string[] = [];
  const commitEvery = options.commitEvery ?? Math.max(accounts, 1);
  const restoreSqlite = options.fast && db.dialect === "sqlite" ? await fastSqlite(db) : null;
  try {
    for (let first = 0; first < Math.max(accounts, 1); first += commitEvery) {
      const last = Math.min(accounts, first + commitEvery);
      await db.transaction(async (m) => {
        const fastMysql = options.fast && db.dialect === "mysql";
        if (fastMysql) await m.query("SET SESSION foreign_key_checks = 0, unique_checks = 0");
        try {
          if (first === 0) await seedOrganization(m, organizationId, options.name ?? "Bench", [domain, ...(options.extraDomains ?? [])], now);
          for (let start = first; start < last; start += BATCH) {
            const count = Math.min(BATCH, last - start);
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
        } finally {
          if (fastMysql) await m.query("SET SESSION foreign_key_checks = 1, unique_checks = 1");
        }
      });
    }
  } finally {
    await restoreSqlite?.();
  }
  return { organizationId, domain, addresses };
}

async function seedOrganization(m: EntityManager, organizationId: string, name: string, domains: string[], now: unknown): Promise<void> {
  await m.query("INSERT INTO organization (id, name, alias_self_service, max_aliases_per_account, created_at) VALUES (?, ?, ?, ?, ?)", [
    organizationId,
    name,
    1,
    null,
    now,
  ]);
  for (const domain of domains) {
    await m.query(
      "INSERT INTO domain (id, organization_id, name, verified_name, unicode_name, status, mail_service, verification_token, verified_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [randomUUID(), organizationId, domain, domain, domain, "VERIFIED", "EXCHANGE", randomBytes(16).toString("hex"), now, now],
    );
  }
}

/** SQLite seeding settings on the writing connection; returns what puts them back. */
async function fastSqlite(db: Database): Promise<() => Promise<void>> {
  const [{ synchronous }] = await db.manager.query("PRAGMA synchronous");
  const [{ cache_size: cacheSize }] = await db.manager.query("PRAGMA cache_size");
  await db.manager.query("PRAGMA synchronous = OFF");
  await db.manager.query("PRAGMA cache_size = -524288");
  return async () => {
    await db.manager.query(`PRAGMA synchronous = ${Number(synchronous)}`);
    await db.manager.query(`PRAGMA cache_size = ${Number(cacheSize)}`);
    await db.manager.query("PRAGMA wal_checkpoint(TRUNCATE)");
  };
}

// mailbox and deliverable as the services keep them (see GroupMemberEntity).
const MEMBER_COLUMNS = [
  "id",
  "group_id",
  "member_account_id",
  "member_group_id",
  "external_address",
  "mailbox",
  "deliverable",
  "member_group_name",
  "created_at",
];

export interface SeededTree {
  organizationId: string;
  rootId: string;
  rootName: string;
  groups: number;
  recipients: number;
}

/**
 * A group tree `fanout^(levels-1)` leaf groups wide with `perLeaf` accounts
 * under each leaf: with fanout 10, levels 4 and perLeaf 10 that is 1,111
 * groups over 5 levels and 10,000 distinct recipients.
 */
export async function seedGroupTree(db: Database, options = { fanout: 10, levels: 4, perLeaf: 10 }): Promise<SeededTree> {
  const seeded = await seedDirectory(db, 0, { domain: "tree.bench.test", name: "Tree Corp" });
  const org = seeded.organizationId;
  const now = sqlTimestamp(new Date(), db.dialect);
  const groups: { id: string; parent: string | null; level: number }[] = [];
  const rootId = randomUUID();
  groups.push({ id: rootId, parent: null, level: 1 });
  let frontier: string[] = [rootId];
  for (let level = 2; level <= options.levels; level++) {
    const next: string[] = [];
    for (const parent of frontier) {
      for (let i = 0; i < options.fanout; i++) {
        const id = randomUUID();
        groups.push({ id, parent, level });
        next.push(id);
      }
    }
    frontier = next;
  }
  const insert = async (m: EntityManager, table: string, columns: string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH);
      await m.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${placeholders(columns.length, part.length)}`, part.flat());
    }
  };
  await db.transaction(async (m) => {
    await insert(
      m,
      "distribution_group",
      ["id", "organization_id", "name", "search_name", "description", "sender_policy", "hidden_from_directory", "created_at", "updated_at"],
      groups.map((g, i) => [g.id, org, `Group ${i}`, `group ${i}`, null, "ORGANIZATION", 0, now, now]),
    );
    await insert(
      m,
      "address",
      ["id", "address", "domain", "kind", "status", "organization_id", "account_id", "group_id", "created_at"],
      groups.map((g, i) => [randomUUID(), `group${i}@tree.bench.test`, "tree.bench.test", "GROUP", "ACTIVE", org, null, g.id, now]),
    );
    await insert(
      m,
      "group_member",
      MEMBER_COLUMNS,
      groups.flatMap((g, i) => (g.parent ? [[randomUUID(), g.parent, null, g.id, null, null, 0, `Group ${i}`, now]] : [])),
    );
    const accounts: unknown[][] = [];
    const addresses: unknown[][] = [];
    const members: unknown[][] = [];
    let n = 0;
    for (const leaf of frontier) {
      for (let i = 0; i < options.perLeaf; i++, n++) {
        const id = randomUUID();
        accounts.push([id, org, `Member ${n}`, `member ${n}`, "PROFESSIONAL", "ACTIVE", 0, null, now, now]);
        addresses.push([randomUUID(), `member${n}@tree.bench.test`, "tree.bench.test", "PRIMARY", "ACTIVE", org, id, null, now]);
        members.push([randomUUID(), leaf, id, null, null, `member${n}@tree.bench.test`, 1, null, now]);
      }
    }
    await insert(
      m,
      "account",
      ["id", "organization_id", "display_name", "search_name", "profile", "status", "exchange_enabled", "password_hash", "created_at", "updated_at"],
      accounts,
    );
    await insert(m, "address", ["id", "address", "domain", "kind", "status", "organization_id", "account_id", "group_id", "created_at"], addresses);
    await insert(m, "group_member", MEMBER_COLUMNS, members);
  });
  return { organizationId: org, rootId, rootName: "Group 0", groups: groups.length, recipients: frontier.length * options.perLeaf };
}

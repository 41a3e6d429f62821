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

// mailbox and deliverable as the services keep them (see GroupMemberEntity).
const MEMBER_COLUMNS = ["id", "group_id", "member_account_id", "member_group_id", "external_address", "mailbox", "deliverable", "member_group_name", "created_at"];

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
  const insert = async (m: import("typeorm").EntityManager, table: string, columns: string[], rows: unknown[][]) => {
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
    await insert(m, "account", ["id", "organization_id", "display_name", "search_name", "profile", "status", "exchange_enabled", "password_hash", "created_at", "updated_at"], accounts);
    await insert(m, "address", ["id", "address", "domain", "kind", "status", "organization_id", "account_id", "group_id", "created_at"], addresses);
    await insert(m, "group_member", MEMBER_COLUMNS, members);
  });
  return { organizationId: org, rootId, rootName: "Group 0", groups: groups.length, recipients: frontier.length * options.perLeaf };
}

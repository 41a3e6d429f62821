import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { Database } from "../../src/db/database";
import { sqlTimestamp } from "../../src/db/values";

/**
 * A large group tree written with multi-row INSERTs (the GraphQL API would take
 * minutes for 10,000 members), plus the expansion it must produce, computed
 * independently: level by level, each level's groups in the order they were
 * reached, each group's members in the order they were added.
 */

type Member = { seq: number } & ({ kind: "account"; id: string } | { kind: "group"; id: string } | { kind: "external"; address: string });

interface SeededAccount {
  id: string;
  address: string;
  active: boolean;
}

const BATCH = 500;
// Members of one group differ by whole seconds, so "order added" never depends
// on sub-second precision or on how a driver hands timestamps back.
const BASE = Date.parse("2026-03-02T12:00:00.000Z");

function placeholders(columns: number, rows: number): string {
  return Array(rows)
    .fill(`(${Array(columns).fill("?").join(", ")})`)
    .join(", ");
}

async function insertRows(m: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const chunk = rows.slice(start, start + BATCH);
    await m.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${placeholders(columns.length, chunk.length)}`, chunk.flat());
  }
}

export class GroupTree {
  readonly rootId: string;
  readonly rootName = "Everyone";
  readonly rootAddress: string;
  private readonly members = new Map<string, Member[]>();
  private readonly accounts = new Map<string, SeededAccount>();
  private readonly names = new Map<string, string>();
  private pendingGroups: unknown[][] = [];
  private pendingAccounts: unknown[][] = [];
  private pendingAddresses: unknown[][] = [];
  private pendingMembers: unknown[][] = [];
  private serial = 0;

  private constructor(
    private readonly db: Database,
    readonly organizationId: string,
    readonly domain: string,
  ) {
    this.rootAddress = `everyone@${domain}`;
    this.rootId = this.group(this.rootName, this.rootAddress);
  }

  /**
   * Five levels of groups with 10,000 distinct recipients at several levels:
   * root → 4 groups (and one third-level group directly, a shortcut) → 20 → 100 → 500.
   * Third-level groups hold 5 external addresses each (100) and one account that
   * is also a leaf further down (a duplicate); fourth-level groups hold 4 accounts
   * each (400) and, besides their 5 children, their neighbour's first child (a
   * diamond); fifth-level groups hold 19 accounts each (9,500).
   */
  static async seedTenThousand(db: Database, organizationId: string, domain: string): Promise<GroupTree> {
    const tree = new GroupTree(db, organizationId, domain);
    const l2 = Array.from({ length: 4 }, (_, i) => tree.group(`Division ${i}`));
    const l3 = Array.from({ length: 20 }, (_, i) => tree.group(`Department ${i}`));
    const l4 = Array.from({ length: 100 }, (_, i) => tree.group(`Team ${i}`));
    const l5 = Array.from({ length: 500 }, (_, i) => tree.group(`Squad ${i}`));
    const leaves = l5.map(() => Array.from({ length: 19 }, () => tree.account()));
    tree.add(
      tree.rootId,
      { kind: "group", id: l2[0] },
      { kind: "group", id: l2[1] },
      { kind: "group", id: l3[7] },
      { kind: "group", id: l2[2] },
      { kind: "group", id: l2[3] },
    );
    l2.forEach((g, i) => tree.add(g, ...l3.slice(5 * i, 5 * i + 5).map((id) => ({ kind: "group" as const, id }))));
    l3.forEach((g, k) => {
      const ext = (n: number) => ({ kind: "external" as const, address: `contact${String(5 * k + n).padStart(3, "0")}@partner.example` });
      const child = (n: number) => ({ kind: "group" as const, id: l4[5 * k + n] });
      tree.add(g, ext(0), child(0), ext(1), child(1), ext(2), child(2), ext(3), child(3), ext(4), child(4), { kind: "account", id: leaves[k][0] });
    });
    l4.forEach((g, m) => {
      const own = () => ({ kind: "account" as const, id: tree.account() });
      const child = (n: number) => ({ kind: "group" as const, id: l5[5 * m + n] });
      tree.add(g, own(), child(0), child(1), own(), child(2), own(), child(3), child(4), own(), { kind: "group", id: l5[5 * ((m + 1) % 100)] });
    });
    l5.forEach((g, j) => tree.add(g, ...leaves[j].map((id) => ({ kind: "account" as const, id }))));
    await tree.flush();
    return tree;
  }

  /** Adds a new account (active or disabled) as the last member of `groupId`; returns its primary address. */
  async addNewAccount(groupId: string, active = true): Promise<string> {
    const id = this.account(active);
    this.add(groupId, { kind: "account", id });
    await this.flush();
    return (this.accounts.get(id) as SeededAccount).address;
  }

  /** Adds an existing account (by primary address) once more, as the last member of `groupId`. */
  async addExistingAccount(groupId: string, address: string): Promise<void> {
    const account = [...this.accounts.values()].find((a) => a.address === address);
    if (!account) throw new Error(`no seeded account ${address}`);
    this.add(groupId, { kind: "account", id: account.id });
    await this.flush();
  }

  /** The recipients, in order, and the groups of the last level, in the order expansion reaches them. */
  expected(): { recipients: string[]; lastLevel: string[]; levels: number } {
    const recipients: string[] = [];
    const seen = new Set<string>();
    const visited = new Set([this.rootId]);
    let frontier = [this.rootId];
    let lastLevel = frontier;
    let levels = 0;
    while (frontier.length > 0) {
      levels++;
      lastLevel = frontier;
      const next: string[] = [];
      for (const groupId of frontier) {
        for (const member of [...(this.members.get(groupId) ?? [])].sort((a, b) => a.seq - b.seq)) {
          if (member.kind === "group") {
            if (!visited.has(member.id)) {
              visited.add(member.id);
              next.push(member.id);
            }
            continue;
          }
          const account = member.kind === "account" ? (this.accounts.get(member.id) as SeededAccount) : null;
          if (account && !account.active) continue;
          const address = account ? account.address : (member as { address: string }).address;
          if (seen.has(address)) continue;
          seen.add(address);
          recipients.push(address);
        }
      }
      frontier = next;
    }
    return { recipients, lastLevel, levels };
  }

  nameOf(groupId: string): string {
    return this.names.get(groupId) as string;
  }

  private group(name: string, address = `group${String(this.serial++).padStart(5, "0")}@${this.domain}`): string {
    const id = randomUUID();
    const now = sqlTimestamp(new Date(BASE), this.db.dialect);
    this.names.set(id, name);
    this.members.set(id, []);
    this.pendingGroups.push([id, this.organizationId, name, name.toLowerCase(), null, "ORGANIZATION", 0, now, now]);
    this.pendingAddresses.push([randomUUID(), address, this.domain, "GROUP", "ACTIVE", this.organizationId, null, id, now]);
    return id;
  }

  private account(active = true): string {
    const id = randomUUID();
    const n = String(this.accounts.size).padStart(5, "0");
    const address = `person${n}@${this.domain}`;
    const now = sqlTimestamp(new Date(BASE), this.db.dialect);
    this.accounts.set(id, { id, address, active });
    this.pendingAccounts.push([id, this.organizationId, `Person ${n}`, `person ${n}`, "PROFESSIONAL", active ? "ACTIVE" : "DISABLED", 0, null, now, now]);
    this.pendingAddresses.push([randomUUID(), address, this.domain, "PRIMARY", "ACTIVE", this.organizationId, id, null, now]);
    return id;
  }

  private add(groupId: string, ...members: ({ kind: "account"; id: string } | { kind: "group"; id: string } | { kind: "external"; address: string })[]): void {
    const list = this.members.get(groupId) as Member[];
    for (const member of members) {
      const seq = list.length;
      list.push({ ...member, seq });
      const createdAt = sqlTimestamp(new Date(BASE + seq * 1000), this.db.dialect);
      // mailbox and deliverable as the services keep them: disabled accounts do not deliver.
      const account = member.kind === "account" ? (this.accounts.get(member.id) as SeededAccount) : null;
      this.pendingMembers.push([
        randomUUID(),
        groupId,
        account ? account.id : null,
        member.kind === "group" ? member.id : null,
        member.kind === "external" ? member.address : null,
        account ? account.address : member.kind === "external" ? member.address : null,
        account ? Number(account.active) : member.kind === "external" ? 1 : 0,
        member.kind === "group" ? this.nameOf(member.id) : null,
        createdAt,
      ]);
    }
  }

  private async flush(): Promise<void> {
    const [groups, accounts, addresses, members] = [this.pendingGroups, this.pendingAccounts, this.pendingAddresses, this.pendingMembers];
    this.pendingGroups = [];
    this.pendingAccounts = [];
    this.pendingAddresses = [];
    this.pendingMembers = [];
    await this.db.transaction(async (m) => {
      await insertRows(
        m,
        "distribution_group",
        ["id", "organization_id", "name", "search_name", "description", "sender_policy", "hidden_from_directory", "created_at", "updated_at"],
        groups,
      );
      await insertRows(
        m,
        "account",
        ["id", "organization_id", "display_name", "search_name", "profile", "status", "exchange_enabled", "password_hash", "created_at", "updated_at"],
        accounts,
      );
      await insertRows(m, "address", ["id", "address", "domain", "kind", "status", "organization_id", "account_id", "group_id", "created_at"], addresses);
      await insertRows(
        m,
        "group_member",
        ["id", "group_id", "member_account_id", "member_group_id", "external_address", "mailbox", "deliverable", "member_group_name", "created_at"],
        members,
      );
    });
  }
}

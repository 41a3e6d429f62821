import type BetterSqlite3 from "better-sqlite3";
import type { StatementCounter } from "./statement-counter";
import { WalIndexWatch } from "./wal-index";

/** One routing row: an address with its target account (and that account's primary address) or group. */
export interface RouteRow {
  id: string;
  address: string;
  kind: string;
  status: string;
  organization_id: string;
  account_id: string | null;
  display_name: string | null;
  profile: string | null;
  account_status: string | null;
  exchange_enabled: number | boolean | null;
  account_created_at: Date | string | null;
  account_updated_at: Date | string | null;
  primary_address: string | null;
  group_id: string | null;
  group_name: string | null;
  sender_policy: string | null;
  group_hidden: number | boolean | null;
  group_created_at: Date | string | null;
  group_updated_at: Date | string | null;
}

// Each entry is one flat string of fields joined by U+001F, built by SQLite:
// two heap objects per address (key and value) instead of an object with its
// own strings, so that holding the whole directory costs the garbage collector
// as little as possible (measured in docs/performance.md). Free text (names)
// comes last, so a separator inside it cannot shift the other fields.
const SEP = "\x1f";
const ADDRESS_SELECT = `SELECT address, id || char(31) || kind || char(31) || status || char(31) || organization_id
  || char(31) || COALESCE(account_id, '') || char(31) || COALESCE(group_id, '') FROM address`;
const ACCOUNT_SELECT = `SELECT ac.id, ac.profile || char(31) || ac.status || char(31) || ac.exchange_enabled || char(31) || ac.created_at
  || char(31) || ac.updated_at || char(31) || COALESCE(p.address, '') || char(31) || ac.display_name
FROM account ac LEFT JOIN address p ON p.account_id = ac.id AND p.kind = 'PRIMARY'`;
const GROUP_SELECT = `SELECT id, sender_policy || char(31) || hidden_from_directory || char(31) || created_at || char(31) || updated_at
  || char(31) || name FROM distribution_group`;

/**
 * Every routing row of a SQLite database, held in this process, so that
 * resolving an address costs a hash look-up instead of four B-tree descents
 * through the page cache (docs/performance.md has the measurements).
 *
 * It is never stale: before each look-up it asks SQLite whether anything was
 * committed since the last one (`PRAGMA data_version`, no disk access), and if
 * so applies the changes the triggers logged in `route_change`, re-reading each
 * changed address, account and group. A commit made by any process on the same
 * file is therefore seen by the next look-up, exactly as a query would see it.
 * Where the wal-index addon is built, the question is first put to the
 * wal-index header in shared memory (`WalIndexWatch`), and SQLite is asked only
 * when that header has moved: a look-up then costs no system call at all.
 *
 * Reads go through the read-only connection; catching up runs in one read
 * transaction, so the rows and the log position always belong together.
 */
export class RouteTable {
  /** address → "id␟kind␟status␟organization␟account␟group" */
  private readonly addresses = new Map<string, string>();
  /** account id → "profile␟status␟exchange␟created␟updated␟primary␟display name" */
  private readonly accounts = new Map<string, string>();
  /** group id → "policy␟hidden␟created␟updated␟name" */
  private readonly groups = new Map<string, string>();
  private loaded = false;
  private lastSeq = 0;
  private dataVersion = -1;
  private readonly watch: WalIndexWatch | null;

  private readonly statements: {
    dataVersion: BetterSqlite3.Statement;
    changes: BetterSqlite3.Statement;
    pruned: BetterSqlite3.Statement;
    maxSeq: BetterSqlite3.Statement;
    address: BetterSqlite3.Statement;
    account: BetterSqlite3.Statement;
    group: BetterSqlite3.Statement;
  };

  constructor(
    private readonly reader: BetterSqlite3.Database,
    private readonly counter: StatementCounter,
    options: { watchWalIndex?: boolean } = {},
  ) {
    const wal = String(reader.pragma("journal_mode", { simple: true })).toLowerCase() === "wal";
    this.watch = options.watchWalIndex !== false && wal ? WalIndexWatch.open(reader.name) : null;
    this.statements = {
      dataVersion: reader.prepare("PRAGMA data_version").pluck(),
      changes: reader.prepare("SELECT seq, kind, ref FROM route_change WHERE seq > ? ORDER BY seq").raw(true),
      pruned: reader.prepare("SELECT upto FROM route_change_pruned").pluck(),
      maxSeq: reader.prepare("SELECT COALESCE(MAX(seq), 0) FROM route_change").pluck(),
      address: reader.prepare(`${ADDRESS_SELECT} WHERE address = ?`).raw(true),
      account: reader.prepare(`${ACCOUNT_SELECT} WHERE ac.id = ?`).raw(true),
      group: reader.prepare(`${GROUP_SELECT} WHERE id = ?`).raw(true),
    };
  }

  /** How each look-up learns of other connections' commits (for the start log and tests). */
  get freshness(): "wal-index" | "data_version" {
    return this.watch ? "wal-index" : "data_version";
  }

  /** Number of addresses held (for the start log and tests). */
  get size(): number {
    this.refresh();
    return this.addresses.size;
  }

  /**
   * The rows for `address` and, when it differs, `base`, in that order: what
   * `SELECT … WHERE address IN (address, base)` would return, from memory.
   */
  lookup(address: string, base: string): RouteRow[] {
    this.refresh();
    const rows: RouteRow[] = [];
    const exact = this.addresses.get(address);
    if (exact !== undefined) rows.push(this.row(address, exact));
    if (base !== address) {
      const stripped = this.addresses.get(base);
      if (stripped !== undefined) rows.push(this.row(base, stripped));
    }
    return rows;
  }

  /** Brings the table up to the last commit; the first call loads everything. */
  refresh(): void {
    // The header is read before SQLite is asked, so an unchanged header next
    // time proves that nothing was committed after this check.
    if (this.watch && !this.watch.changed() && this.loaded) return;
    this.counter.count++;
    const version = this.statements.dataVersion.get() as number;
    if (this.loaded && version === this.dataVersion) return;
    this.reader.transaction(() => {
      this.counter.count++;
      this.dataVersion = this.statements.dataVersion.get() as number;
      if (this.loaded) {
        this.counter.count++;
        if ((this.statements.pruned.get() as number) <= this.lastSeq) {
          this.catchUp();
          return;
        }
      }
      this.loadAll();
    })();
  }

  /** The database is closing: never read its shared memory again. */
  close(): void {
    this.watch?.close();
  }

  private loadAll(): void {
    this.counter.count += 4;
    this.addresses.clear();
    this.accounts.clear();
    this.groups.clear();
    this.lastSeq = this.statements.maxSeq.get() as number;
    for (const [id, packed] of this.reader.prepare(ACCOUNT_SELECT).raw(true).iterate() as Iterable<[string, string]>) this.accounts.set(id, packed);
    for (const [id, packed] of this.reader.prepare(GROUP_SELECT).raw(true).iterate() as Iterable<[string, string]>) this.groups.set(id, packed);
    for (const [address, packed] of this.reader.prepare(ADDRESS_SELECT).raw(true).iterate() as Iterable<[string, string]>) this.addresses.set(address, packed);
    this.loaded = true;
  }

  private catchUp(): void {
    this.counter.count++;
    const changes = this.statements.changes.all(this.lastSeq) as [number, string, string][];
    if (changes.length === 0) return;
    // Past a quarter of the table, one full read is cheaper than re-reading row by row.
    if (changes.length > this.addresses.size / 4) {
      this.loadAll();
      return;
    }
    this.lastSeq = changes[changes.length - 1][0];
    const addresses = new Set<string>();
    const accounts = new Set<string>();
    const groups = new Set<string>();
    for (const [, kind, ref] of changes) {
      if (kind === "address") addresses.add(ref);
      else if (kind === "account") accounts.add(ref);
      else if (kind === "group") groups.add(ref);
    }
    for (const address of addresses) {
      // A primary address that came, went or changed kind changes its account's mailbox.
      const before = this.addresses.get(address);
      if (before !== undefined) this.noteTargets(before, accounts, groups, true);
      this.counter.count++;
      const row = this.statements.address.get(address) as [string, string] | undefined;
      if (row) {
        this.addresses.set(address, row[1]);
        this.noteTargets(row[1], accounts, groups, false);
      } else {
        this.addresses.delete(address);
      }
    }
    for (const id of accounts) {
      this.counter.count++;
      const row = this.statements.account.get(id) as [string, string] | undefined;
      if (row) this.accounts.set(id, row[1]);
      else this.accounts.delete(id);
    }
    for (const id of groups) {
      this.counter.count++;
      const row = this.statements.group.get(id) as [string, string] | undefined;
      if (row) this.groups.set(id, row[1]);
      else this.groups.delete(id);
    }
  }

  /** Which accounts and groups an address change requires re-reading. */
  private noteTargets(packed: string, accounts: Set<string>, groups: Set<string>, before: boolean): void {
    const [, kind, , , accountId, groupId] = packed.split(SEP);
    if (accountId && (kind === "PRIMARY" || (!before && !this.accounts.has(accountId)))) accounts.add(accountId);
    if (groupId && !before && !this.groups.has(groupId)) groups.add(groupId);
  }

  private row(address: string, packed: string): RouteRow {
    const [id, kind, status, organizationId, accountId, groupId] = packed.split(SEP);
    const account = accountId ? this.accounts.get(accountId)?.split(SEP) : undefined;
    const group = groupId ? this.groups.get(groupId)?.split(SEP) : undefined;
    return {
      id,
      address,
      kind,
      status,
      organization_id: organizationId,
      account_id: accountId || null,
      display_name: account ? account.slice(6).join(SEP) : null,
      profile: account?.[0] ?? null,
      account_status: account?.[1] ?? null,
      exchange_enabled: account ? Number(account[2]) : null,
      account_created_at: account?.[3] ?? null,
      account_updated_at: account?.[4] ?? null,
      primary_address: account ? account[5] || null : null,
      group_id: groupId || null,
      group_name: group ? group.slice(4).join(SEP) : null,
      sender_policy: group?.[0] ?? null,
      group_hidden: group ? Number(group[1]) : null,
      group_created_at: group?.[2] ?? null,
      group_updated_at: group?.[3] ?? null,
    };
  }
}

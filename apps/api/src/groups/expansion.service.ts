import type { Database } from "../db/database";

export const MAX_DEPTH = 10;
export const MAX_RECIPIENTS = 10_000;

export type ExpansionHopKind = "GROUP_MEMBER" | "EXTERNAL" | "MAILBOX" | "SKIPPED_DISABLED" | "LIMIT_REACHED";

export interface ExpansionHop {
  kind: ExpansionHopKind;
  from: string;
  to: string;
  detail: string | null;
}

export interface Expansion {
  /** Final mailbox addresses: primaries of active accounts and external addresses, each once, in a stable order. */
  recipients: string[];
  trace: ExpansionHop[];
  truncated: boolean;
  reason: string | null;
  /**
   * Accounts reached (active or not), for sender checks: in the order reached,
   * once per membership. An array, not a Set: hashing 10,000 ids costs more
   * than the one `includes` a sender check makes.
   */
  accountIds: string[];
}

/** group_id, member_group_id, member_account_id, mailbox, deliverable, member_group_name. */
type LevelRow = [string, string | null, string | null, string | null, number | boolean, string | null];

// One covering range scan of idx_member_level per level: no join, no sort (the
// index is already in this order), and only the columns expansion reads.
// With one parent group_id is a constant, and MariaDB would sort if it were named in ORDER BY.
function levelSql(count: number): string {
  return `SELECT group_id, member_group_id, member_account_id, mailbox, deliverable, member_group_name
FROM group_member
WHERE group_id IN (${Array(count).fill("?").join(", ")})
ORDER BY ${count === 1 ? "created_at, id" : "group_id, created_at, id"}`;
}

/**
 * Expands a group to its final mailboxes level by level: one statement per
 * nesting level (all groups of the level in one `IN (…)`), never one per group.
 * Groups seen before are not expanded again (diamonds deliver once), disabled
 * accounts are skipped, and expansion stops with `truncated` at MAX_DEPTH levels
 * or MAX_RECIPIENTS recipients instead of failing.
 */
export class ExpansionService {
  constructor(private readonly db: Database) {}

  async expand(root: { id: string; name: string }, limits = { depth: MAX_DEPTH, recipients: MAX_RECIPIENTS }): Promise<Expansion> {
    const recipients: string[] = [];
    const seenRecipients = new Set<string>();
    const trace: ExpansionHop[] = [];
    const accountIds: string[] = [];
    const visited = new Set<string>([root.id]);
    // Parallel arrays: a group's name travels with it to the next level, no look-up per row.
    let frontier = [root.id];
    let frontierNames = [root.name];
    // Skipped members without a mailbox (offboarded accounts), named after the walk in one statement.
    const unnamed: { hop: ExpansionHop; accountId: string }[] = [];
    let truncated = false;
    let reason: string | null = null;
    for (let depth = 1; frontier.length > 0; depth++) {
      if (depth > limits.depth) {
        truncated = true;
        reason = `nesting deeper than ${limits.depth} levels was not expanded`;
        trace.push({ kind: "LIMIT_REACHED", from: root.name, to: "", detail: reason });
        break;
      }
      const rows = await this.db.sql.tuples<LevelRow>(levelSql(frontier.length), frontier);
      // Rows come grouped by parent; the level is walked in the order parents were reached, so find each parent's run once.
      const runs = new Map<string, number>();
      for (let i = 0, previous: string | null = null; i < rows.length; i++) {
        if (rows[i][0] !== previous) {
          previous = rows[i][0];
          runs.set(previous, i);
        }
      }
      const next: string[] = [];
      const nextNames: string[] = [];
      for (let k = 0; k < frontier.length && !truncated; k++) {
        const groupId = frontier[k];
        const from = frontierNames[k];
        for (let i = runs.get(groupId) ?? rows.length; i < rows.length; i++) {
          const row = rows[i];
          if (row[0] !== groupId) break;
          const memberGroupId = row[1];
          const memberAccountId = row[2];
          const mailbox = row[3];
          if (memberGroupId !== null) {
            if (visited.has(memberGroupId)) continue;
            visited.add(memberGroupId);
            const name = row[5] ?? memberGroupId;
            trace.push({ kind: "GROUP_MEMBER", from, to: name, detail: "nested group" });
            next.push(memberGroupId);
            nextNames.push(name);
            continue;
          }
          if (memberAccountId !== null) {
            accountIds.push(memberAccountId);
            if (!row[4] || mailbox === null) {
              const hop: ExpansionHop = { kind: "SKIPPED_DISABLED", from, to: mailbox ?? "", detail: "account is disabled or has no mailbox; not delivered" };
              if (mailbox === null) unnamed.push({ hop, accountId: memberAccountId });
              trace.push(hop);
              continue;
            }
          } else if (mailbox === null) {
            continue;
          }
          if (seenRecipients.has(mailbox)) continue;
          if (recipients.length >= limits.recipients) {
            truncated = true;
            break;
          }
          seenRecipients.add(mailbox);
          recipients.push(mailbox);
          trace.push(
            memberAccountId !== null
              ? { kind: "MAILBOX", from, to: mailbox, detail: "account mailbox" }
              : { kind: "EXTERNAL", from, to: mailbox, detail: "external address" },
          );
        }
      }
      if (truncated) {
        reason = `more than ${limits.recipients} recipients; the rest were not expanded`;
        trace.push({ kind: "LIMIT_REACHED", from: root.name, to: "", detail: reason });
        break;
      }
      frontier = next;
      frontierNames = nextNames;
    }
    if (unnamed.length > 0) await this.nameAccounts(unnamed);
    return { recipients, trace, truncated, reason, accountIds };
  }

  /** A hop shows a person as every other hop does (a name or an address), never an account id. */
  private async nameAccounts(unnamed: { hop: ExpansionHop; accountId: string }[]): Promise<void> {
    const ids = [...new Set(unnamed.map((u) => u.accountId))];
    const rows = await this.db.sql.tuples<[string, string]>(`SELECT id, display_name FROM account WHERE id IN (${ids.map(() => "?").join(", ")})`, ids);
    const names = new Map(rows);
    for (const { hop, accountId } of unnamed) hop.to = names.get(accountId) ?? "(deleted account)";
  }
}

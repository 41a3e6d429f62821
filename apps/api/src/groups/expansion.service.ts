import type { Database } from "../db/database";
import { AccountStatus } from "../accounts/account.entity";

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
  /** Accounts reached (active or not), for sender checks. */
  accountIds: Set<string>;
}

interface LevelRow {
  group_id: string;
  member_account_id: string | null;
  member_group_id: string | null;
  external_address: string | null;
  account_status: string | null;
  primary_address: string | null;
  member_group_name: string | null;
}

// Only the columns expansion needs: at 10,000 rows a level, every column counts.
function levelSql(count: number): string {
  return `SELECT gm.group_id, gm.member_account_id, gm.member_group_id, gm.external_address,
  ac.status AS account_status, pr.address AS primary_address, g.name AS member_group_name
FROM group_member gm
LEFT JOIN account ac ON ac.id = gm.member_account_id
LEFT JOIN address pr ON pr.account_id = gm.member_account_id AND pr.kind = 'PRIMARY'
LEFT JOIN distribution_group g ON g.id = gm.member_group_id
WHERE gm.group_id IN (${Array(count).fill("?").join(", ")})
ORDER BY gm.created_at, gm.id`;
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
    const accountIds = new Set<string>();
    const names = new Map<string, string>([[root.id, root.name]]);
    const visited = new Set<string>([root.id]);
    let frontier = [root.id];
    let truncated = false;
    let reason: string | null = null;
    for (let depth = 1; frontier.length > 0; depth++) {
      if (depth > limits.depth) {
        truncated = true;
        reason = `nesting deeper than ${limits.depth} levels was not expanded`;
        trace.push({ kind: "LIMIT_REACHED", from: root.name, to: "", detail: reason });
        break;
      }
      const fetched = await this.db.sql.once<LevelRow>(levelSql(frontier.length), frontier);
      // Stable order: the parent's place in the level, then (from SQL) the order members were added.
      const byGroup = new Map<string, LevelRow[]>(frontier.map((id) => [id, []]));
      for (const row of fetched) byGroup.get(row.group_id)?.push(row);
      const rows = frontier.flatMap((id) => byGroup.get(id) ?? []);
      const next: string[] = [];
      for (const row of rows) {
        const from = names.get(row.group_id) ?? row.group_id;
        if (row.member_group_id) {
          if (visited.has(row.member_group_id)) continue;
          visited.add(row.member_group_id);
          names.set(row.member_group_id, row.member_group_name ?? row.member_group_id);
          trace.push({ kind: "GROUP_MEMBER", from, to: row.member_group_name ?? row.member_group_id, detail: "nested group" });
          next.push(row.member_group_id);
          continue;
        }
        if (row.member_account_id) {
          accountIds.add(row.member_account_id);
          const label = row.primary_address ?? row.member_account_id;
          if (row.account_status !== AccountStatus.ACTIVE || !row.primary_address) {
            trace.push({ kind: "SKIPPED_DISABLED", from, to: label, detail: "account is disabled or has no mailbox; not delivered" });
            continue;
          }
          if (seenRecipients.has(row.primary_address)) continue;
          if (recipients.length >= limits.recipients) {
            truncated = true;
            break;
          }
          seenRecipients.add(row.primary_address);
          recipients.push(row.primary_address);
          trace.push({ kind: "MAILBOX", from, to: row.primary_address, detail: "account mailbox" });
        } else if (row.external_address) {
          if (seenRecipients.has(row.external_address)) continue;
          if (recipients.length >= limits.recipients) {
            truncated = true;
            break;
          }
          seenRecipients.add(row.external_address);
          recipients.push(row.external_address);
          trace.push({ kind: "EXTERNAL", from, to: row.external_address, detail: "external address" });
        }
      }
      if (truncated) {
        reason = `more than ${limits.recipients} recipients; the rest were not expanded`;
        trace.push({ kind: "LIMIT_REACHED", from: root.name, to: "", detail: reason });
        break;
      }
      frontier = next;
    }
    return { recipients, trace, truncated, reason, accountIds };
  }
}

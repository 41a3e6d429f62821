import { AccountEntity, AccountProfile, AccountStatus, searchFold } from "../accounts/account.entity";
import { requireSignedIn } from "../auth/authorize";
import { type Principal, organizationOf } from "../auth/principal";
import type { Database } from "../db/database";
import { toBool, toDate } from "../db/values";
import { ForbiddenError } from "../errors";
import { AddressKind, AddressStatus } from "./address.entity";
import type { ExpansionService } from "../groups/expansion.service";
import { type GroupEntity, SenderPolicy } from "../groups/group.entity";
import type { SenderService, SenderVerdict } from "../groups/sender.service";
import { canonical, unicodeOf } from "./address-rules";
import type { HopKindName } from "./hop.type";

export interface Hop {
  kind: HopKindName;
  from: string;
  to: string;
  detail: string | null;
}

export interface Resolution {
  /** The canonical address that matched (after sub-address stripping). */
  address: string;
  unicodeAddress: string;
  kind: AddressKind;
  status: AddressStatus;
  addressId: string;
  organizationId: string;
  account: AccountEntity | null;
  group: GroupEntity | null;
  deliverTo: string[];
  trace: Hop[];
  /** True when group expansion stopped at a limit: deliverTo is incomplete. */
  truncated: boolean;
  /** Present when a sender was given: may it send here? */
  sender: SenderVerdict | null;
}

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

// One fixed statement on the read connection: the exact address and its
// sub-address base in one look-up, with the target account and its primary
// address joined in; four index look-ups whatever the directory's size
// (docs/performance.md). Exported for the test that checks its query plan.
export const RESOLVE_SQL = `SELECT ad.id, ad.address, ad.kind, ad.status, ad.organization_id, ad.account_id,
  ac.display_name, ac.profile, ac.status AS account_status, ac.exchange_enabled,
  ac.created_at AS account_created_at, ac.updated_at AS account_updated_at, pr.address AS primary_address,
  ad.group_id, gr.name AS group_name, gr.sender_policy, gr.hidden_from_directory AS group_hidden,
  gr.created_at AS group_created_at, gr.updated_at AS group_updated_at
FROM address ad
LEFT JOIN account ac ON ac.id = ad.account_id
LEFT JOIN address pr ON pr.account_id = ad.account_id AND pr.kind = 'PRIMARY'
LEFT JOIN distribution_group gr ON gr.id = ad.group_id
WHERE ad.address IN (?, ?)`;

/**
 * What the mail server's maps read about an address, and nothing else: the
 * socketmap's statement (two tables, six columns) for everything but groups,
 * whose recipients come from resolveForMailServer.
 */
export interface MailRoute {
  /** The canonical address that matched (after sub-address stripping). */
  address: string;
  kind: AddressKind;
  /** An account's address whose account is active. */
  accountActive: boolean;
  /** Where the address delivers when it belongs to an active account: its primary address. */
  mailbox: string | null;
  groupId: string | null;
}

interface MailRouteRow {
  address: string;
  kind: string;
  status: string;
  group_id: string | null;
  account_status: string | null;
  primary_address: string | null;
}

export const MAIL_ROUTE_SQL = `SELECT ad.address, ad.kind, ad.status, ad.group_id, ac.status AS account_status, pr.address AS primary_address
FROM address ad
LEFT JOIN account ac ON ac.id = ad.account_id
LEFT JOIN address pr ON pr.account_id = ad.account_id AND pr.kind = 'PRIMARY'
WHERE ad.address IN (?, ?)`;

/** MAIL_ROUTE_SQL without the primary address, for maps that never deliver (mailbox, sender login): one index look-up fewer. */
export const MAIL_ROUTE_NO_MAILBOX_SQL = `SELECT ad.address, ad.kind, ad.status, ad.group_id, ac.status AS account_status, NULL AS primary_address
FROM address ad
LEFT JOIN account ac ON ac.id = ad.account_id
WHERE ad.address IN (?, ?)`;

export class ResolutionService {
  constructor(
    private readonly db: Database,
    private readonly expansion: ExpansionService,
    private readonly senders: SenderService,
  ) {}

  /**
   * Where mail for `input` goes, or null when it routes nowhere (unknown, still
   * provisioning, or another organization's for a caller inside one).
   * "+tag" is stripped when the full address has no row of its own.
   */
  async resolve(principal: Principal | null, input: string, sender?: string | null): Promise<Resolution | null> {
    const resolution = await this.resolveRow(principal, input);
    if (!resolution) return null;
    if (resolution.group) {
      const expansion = await this.expansion.expand(resolution.group);
      resolution.deliverTo = expansion.recipients;
      resolution.trace.push(...expansion.trace);
      resolution.truncated = expansion.truncated;
      if (sender) resolution.sender = await this.senders.verdict(resolution.group, sender, expansion);
    } else if (sender) {
      resolution.sender = { allowed: true, policy: SenderPolicy.ANYONE, reason: "accounts accept mail from anyone" };
    }
    return resolution;
  }

  /**
   * checkSender: the verdict for a group address, or null when the address is
   * not a group the caller can see.
   */
  async checkSender(principal: Principal | null, groupAddress: string, sender: string): Promise<{ group: GroupEntity; verdict: SenderVerdict } | null> {
    const resolution = await this.resolveRow(principal, groupAddress);
    if (!resolution?.group) return null;
    return { group: resolution.group, verdict: await this.senders.verdict(resolution.group, sender) };
  }

  /**
   * resolve() for the mail server's lookup service (socketmap): the same rows
   * and rules, no principal (the service is trusted by where it listens), and
   * group expansion bounded by `limits` (Postfix's own: 1,000 recipients), or
   * left out with `limits` null. Throws INVALID_ADDRESS for a key that is not an address.
   */
  async resolveForMailServer(input: string, limits: { depth: number; recipients: number } | null): Promise<Resolution | null> {
    const resolution = await this.lookup(input);
    if (resolution?.group && limits) {
      const expansion = await this.expansion.expand(resolution.group, limits);
      resolution.deliverTo = expansion.recipients;
      resolution.trace.push(...expansion.trace);
      resolution.truncated = expansion.truncated;
    }
    return resolution;
  }

  /**
   * The mail server's routing answer without building a Resolution: the same
   * row choice (the exact address before its +tag base) and the same rules as
   * fromRow (only ACTIVE addresses route; an account's addresses deliver to its
   * primary address while the account is active). `mailbox` is left null
   * unless `withMailbox`. Throws INVALID_ADDRESS for a key that is not an address.
   */
  async mailRoute(input: string, withMailbox = true): Promise<MailRoute | null> {
    const address = canonical(input);
    const base = address.subaddress?.base ?? address.address;
    const rows = await this.db.sql.all<MailRouteRow>(withMailbox ? MAIL_ROUTE_SQL : MAIL_ROUTE_NO_MAILBOX_SQL, [address.address, base]);
    const row = rows.find((r) => r.address === address.address) ?? rows[0];
    if (!row || row.status !== AddressStatus.ACTIVE) return null;
    const accountActive = row.account_status === AccountStatus.ACTIVE;
    return { address: row.address, kind: row.kind as AddressKind, accountActive, mailbox: accountActive ? row.primary_address : null, groupId: row.group_id };
  }

  private async resolveRow(principal: Principal | null, input: string): Promise<Resolution | null> {
    const p = requireSignedIn(principal);
    if (p.kind === "account" && p.profile !== AccountProfile.ADMIN) throw new ForbiddenError("Only administrators may resolve addresses.");
    const resolution = await this.lookup(input);
    const own = organizationOf(p);
    if (!resolution || (own !== null && resolution.organizationId !== own)) return null;
    return resolution;
  }

  private async lookup(input: string): Promise<Resolution | null> {
    const address = canonical(input);
    const base = address.subaddress?.base ?? address.address;
    const rows = await this.db.sql.all<RouteRow>(RESOLVE_SQL, [address.address, base]);
    const row = rows.find((r) => r.address === address.address) ?? rows[0];
    return row ? this.fromRow(address.address, row) : null;
  }

  /** Pure: the routing answer for one looked-up row. Reused by the mail-server lookup service. */
  fromRow(asked: string, row: RouteRow): Resolution | null {
    if (row.status !== AddressStatus.ACTIVE) return null;
    const trace: Hop[] = [];
    if (asked !== row.address) trace.push({ kind: "SUBADDRESS", from: asked, to: row.address, detail: "sub-address delivered to its base address" });
    const deliverTo: string[] = [];
    let account: AccountEntity | null = null;
    if (row.account_id && row.display_name !== null) {
      // Fields a resolution rarely shows are converted only when read.
      const { display_name: displayName, account_created_at: createdAt, account_updated_at: updatedAt } = row;
      account = {
        id: row.account_id,
        organizationId: row.organization_id,
        displayName,
        get searchName() {
          return searchFold(displayName);
        },
        profile: row.profile as AccountProfile,
        status: row.account_status as AccountStatus,
        exchangeEnabled: toBool(row.exchange_enabled),
        passwordHash: null,
        get createdAt() {
          return toDate(createdAt) as Date;
        },
        get updatedAt() {
          return toDate(updatedAt) as Date;
        },
      };
      trace.push({ kind: "ADDRESS", from: row.address, to: account.displayName, detail: `${row.kind.toLowerCase()} address of ${account.displayName}` });
      if (account.status !== AccountStatus.ACTIVE) {
        trace.push({
          kind: "SKIPPED_DISABLED",
          from: account.displayName,
          to: row.primary_address ?? account.displayName,
          detail: "account is disabled; not delivered",
        });
      } else if (row.primary_address) {
        trace.push({ kind: "MAILBOX", from: account.displayName, to: row.primary_address, detail: "delivered to the account's mailbox" });
        deliverTo.push(row.primary_address);
      }
    }
    let group: GroupEntity | null = null;
    if (row.group_id && row.group_name !== null) {
      group = {
        id: row.group_id,
        organizationId: row.organization_id,
        name: row.group_name,
        searchName: searchFold(row.group_name),
        description: null,
        senderPolicy: row.sender_policy as SenderPolicy,
        hiddenFromDirectory: toBool(row.group_hidden),
        createdAt: toDate(row.group_created_at) as Date,
        updatedAt: toDate(row.group_updated_at) as Date,
      };
      trace.push({ kind: "ADDRESS", from: row.address, to: group.name, detail: `GROUP address of group ${group.id}` });
    }
    return {
      address: row.address,
      unicodeAddress: unicodeOf(row.address),
      kind: row.kind as AddressKind,
      status: row.status as AddressStatus,
      addressId: row.id,
      organizationId: row.organization_id,
      account,
      group,
      deliverTo,
      trace,
      truncated: false,
      sender: null,
    };
  }
}

import { AccountEntity, AccountProfile, AccountStatus, searchFold } from "../accounts/account.entity";
import { requireSignedIn } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/database";
import { toBool, toDate } from "../db/values";
import { ForbiddenError } from "../errors";
import { AddressKind, AddressStatus } from "./address.entity";
import { canonical, unicodeOf } from "./address-rules";

export enum HopKind {
  /** "bob+news@x" is delivered as "bob@x". */
  SUBADDRESS = "SUBADDRESS",
  /** An address row points at its account. */
  ADDRESS = "ADDRESS",
  /** The account's mailbox (its primary address) receives the message. */
  MAILBOX = "MAILBOX",
  /** The account is disabled: nothing is delivered. */
  SKIPPED_DISABLED = "SKIPPED_DISABLED",
}

export interface Hop {
  kind: HopKind;
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
  deliverTo: string[];
  trace: Hop[];
}

interface Row {
  id: string;
  address: string;
  kind: AddressKind;
  status: AddressStatus;
  organization_id: string;
  account_id: string | null;
  display_name: string | null;
  profile: AccountProfile | null;
  account_status: AccountStatus | null;
  exchange_enabled: number | boolean | null;
  account_created_at: Date | string | null;
  account_updated_at: Date | string | null;
  primary_address: string | null;
}

// One fixed statement: the exact address and its sub-address base in one
// look-up, with the target account and its primary address joined in.
const RESOLVE_SQL = `SELECT ad.id, ad.address, ad.kind, ad.status, ad.organization_id, ad.account_id,
  ac.display_name, ac.profile, ac.status AS account_status, ac.exchange_enabled,
  ac.created_at AS account_created_at, ac.updated_at AS account_updated_at, pr.address AS primary_address
FROM address ad
LEFT JOIN account ac ON ac.id = ad.account_id
LEFT JOIN address pr ON pr.account_id = ad.account_id AND pr.kind = 'PRIMARY'
WHERE ad.address IN (?, ?)`;


export class ResolutionService {
  constructor(private readonly db: Database) {}

  /**
   * Where mail for `input` goes, or null when it routes nowhere (unknown, still
   * provisioning, or another organization's for a caller inside one).
   * "+tag" is stripped when the full address has no row of its own.
   */
  async resolve(principal: Principal | null, input: string): Promise<Resolution | null> {
    const p = requireSignedIn(principal);
    if (p.kind === "account" && p.profile !== AccountProfile.ADMIN) throw new ForbiddenError("Only administrators may resolve addresses.");
    const address = canonical(input);
    const base = address.subaddress?.base ?? address.address;
    const rows = await this.db.sql.all<Row>(RESOLVE_SQL, [address.address, base]);
    const row = rows.find((r) => r.address === address.address) ?? rows[0];
    if (!row) return null;
    if (p.kind === "account" && row.organization_id !== p.organizationId) return null;
    return this.fromRow(address.address, row);
  }

  /** Pure: the routing answer for one looked-up row. Reused by the mail-server lookup service. */
  fromRow(asked: string, row: Row): Resolution | null {
    if (row.status !== AddressStatus.ACTIVE) return null;
    const trace: Hop[] = [];
    if (asked !== row.address) trace.push({ kind: HopKind.SUBADDRESS, from: asked, to: row.address, detail: "sub-address delivered to its base address" });
    const deliverTo: string[] = [];
    let account: AccountEntity | null = null;
    if (row.account_id && row.display_name !== null) {
      account = {
        id: row.account_id,
        organizationId: row.organization_id,
        displayName: row.display_name,
        searchName: searchFold(row.display_name),
        profile: row.profile as AccountProfile,
        status: row.account_status as AccountStatus,
        exchangeEnabled: toBool(row.exchange_enabled),
        passwordHash: null,
        createdAt: toDate(row.account_created_at) as Date,
        updatedAt: toDate(row.account_updated_at) as Date,
      };
      trace.push({ kind: HopKind.ADDRESS, from: row.address, to: account.displayName, detail: `${row.kind} address of account ${account.id}` });
      if (account.status !== AccountStatus.ACTIVE) {
        trace.push({ kind: HopKind.SKIPPED_DISABLED, from: account.displayName, to: row.primary_address ?? "", detail: "account is disabled; not delivered" });
      } else if (row.primary_address) {
        trace.push({ kind: HopKind.MAILBOX, from: account.displayName, to: row.primary_address, detail: "delivered to the account's mailbox" });
        deliverTo.push(row.primary_address);
      }
    }
    return {
      address: row.address,
      unicodeAddress: unicodeOf(row.address),
      kind: row.kind,
      status: row.status,
      addressId: row.id,
      organizationId: row.organization_id,
      account,
      deliverTo,
      trace,
    };
  }
}

import { AddressKind } from "../addresses/address.entity";
import { canonicalizeDomain } from "../addresses/canonical-address";
import type { MailRoute, ResolutionService } from "../addresses/resolution.service";
import type { Database } from "../db/database";
import { PostroomError } from "../errors";
import { type ExpansionService, MAX_DEPTH } from "../groups/expansion.service";
import { NOTFOUND, type SocketmapReply, ok, perm, temp } from "./socketmap.reply";

/** The maps, named as the Postfix parameters that use them. */
export const MAP_NAMES = ["virtual_mailbox_domains", "virtual_alias_maps", "virtual_mailbox_maps", "smtpd_sender_login_maps"] as const;
export type MapName = (typeof MAP_NAMES)[number];

/** Postfix's virtual_alias_expansion_limit (default 1000): beyond it Postfix defers the message itself. */
export const SMTP_MAX_RECIPIENTS = 1_000;
/** Postfix's socketmap reply limit (socketmap_max_reply_size, 100,000 bytes, netstring framing excluded). */
export const SMTP_MAX_REPLY_BYTES = 100_000;

export interface SmtpExpandability {
  ok: boolean;
  reason: string | null;
}

const DOMAIN_SQL = "SELECT verified_name FROM domain WHERE verified_name = ?";
const OWNERS_SQL = `SELECT pr.address FROM group_owner o
JOIN account ac ON ac.id = o.account_id AND ac.status = 'ACTIVE'
JOIN address pr ON pr.account_id = ac.id AND pr.kind = 'PRIMARY'
WHERE o.group_id = ?
ORDER BY pr.address`;

const LIMITS = { depth: MAX_DEPTH, recipients: SMTP_MAX_RECIPIENTS };

/** Why a group's recipients cannot be one socketmap answer, or null when they can. */
function overLimit(truncated: boolean, limitDetail: string | null | undefined, recipients: string[]): string | null {
  if (truncated) {
    return limitDetail?.startsWith("nesting")
      ? `nesting deeper than ${MAX_DEPTH} levels`
      : `more than ${SMTP_MAX_RECIPIENTS} recipients (Postfix's virtual_alias_expansion_limit)`;
  }
  const bytes = Buffer.byteLength(`OK ${recipients.join(",")}`);
  if (bytes > SMTP_MAX_REPLY_BYTES) return `a reply of ${bytes} bytes, over Postfix's ${SMTP_MAX_REPLY_BYTES}-byte socketmap limit`;
  return null;
}

/**
 * The four Postfix maps, each answering from the resolution code behind
 * resolveAddress. A key that is not an address (or domain) is NOTFOUND, as
 * Postfix treats a key it cannot look up; a database failure is TEMP, so
 * Postfix defers (a NOTFOUND would bounce mail); a group Postfix would not
 * expand is TEMP too, which is what Postfix does itself past its limits.
 */
export class MailMapService {
  constructor(
    private readonly db: Database,
    private readonly resolution: ResolutionService,
    private readonly expansion: ExpansionService,
    private readonly log: (message: string) => void = (message) => console.warn(`socketmap: ${message}`),
  ) {}

  async lookup(map: string, key: string): Promise<SocketmapReply> {
    try {
      switch (map as MapName) {
        case "virtual_mailbox_domains":
          return await this.mailboxDomain(key);
        case "virtual_alias_maps":
          return await this.alias(key);
        case "virtual_mailbox_maps":
          return await this.mailbox(key);
        case "smtpd_sender_login_maps":
          return await this.senderLogin(key);
        default:
          return perm(`unknown map ${JSON.stringify(map.slice(0, 64))}; maps: ${MAP_NAMES.join(", ")}`);
      }
    } catch (error) {
      if (error instanceof PostroomError) return NOTFOUND;
      this.log(`${map} lookup failed, answered TEMP: ${error instanceof Error ? error.message : String(error)}`);
      return temp("directory unavailable");
    }
  }

  /** A VERIFIED domain of any organization and either mail service: Postroom routes every address on it. */
  private async mailboxDomain(key: string): Promise<SocketmapReply> {
    if (key.includes("@")) return NOTFOUND;
    const domain = canonicalizeDomain(key).name;
    const rows = await this.db.sql.all<{ verified_name: string }>(DOMAIN_SQL, [domain]);
    return rows.length > 0 ? ok(domain) : NOTFOUND;
  }

  /** resolveAddress's deliverTo, comma-separated; NOTFOUND when it delivers nowhere (and for bare domains). */
  private async alias(key: string): Promise<SocketmapReply> {
    if (!key.includes("@")) return NOTFOUND;
    const route = await this.resolution.mailRoute(key);
    if (!route) return NOTFOUND;
    if (route.groupId === null) return route.mailbox ? ok(route.mailbox) : NOTFOUND;
    // A group: its recipients, expanded within Postfix's limits.
    const resolution = await this.resolution.resolveForMailServer(key, LIMITS);
    if (!resolution) return NOTFOUND;
    if (resolution.group) {
      const limit = resolution.trace.find((h) => h.kind === "LIMIT_REACHED");
      const reason = overLimit(resolution.truncated, limit?.detail, resolution.deliverTo);
      if (reason) {
        this.log(`group ${resolution.group.id} (${resolution.address}) cannot be expanded for Postfix: ${reason}; answered TEMP`);
        return temp(`group ${resolution.address} expands to ${reason}`);
      }
    }
    return resolution.deliverTo.length > 0 ? ok(resolution.deliverTo.join(",")) : NOTFOUND;
  }

  /** An active account's primary address (or its +tag form) → `domain/localpart/`. */
  private async mailbox(key: string): Promise<SocketmapReply> {
    const route = await this.route(key);
    if (route?.kind !== AddressKind.PRIMARY || !route.accountActive) return NOTFOUND;
    const at = route.address.lastIndexOf("@");
    return ok(`${route.address.slice(at + 1)}/${route.address.slice(0, at)}/`);
  }

  /**
   * Who may send as the address: an active account's primary address (or its
   * +tag form) is sent by that account, whose login is the primary address;
   * a group's address by its active owners. Aliases and secondary addresses
   * have no sender: mail leaves from the primary address.
   */
  private async senderLogin(key: string): Promise<SocketmapReply> {
    const route = await this.route(key);
    if (!route) return NOTFOUND;
    if (route.kind === AddressKind.PRIMARY) return route.accountActive ? ok(route.address) : NOTFOUND;
    if (route.groupId !== null) {
      const owners = await this.db.sql.all<{ address: string }>(OWNERS_SQL, [route.groupId]);
      return owners.length > 0 ? ok(owners.map((o) => o.address).join(",")) : NOTFOUND;
    }
    return NOTFOUND;
  }

  /** Whether the group's recipients fit one Postfix alias expansion (DistributionGroup.smtpExpandable). */
  async smtpExpandable(group: { id: string; name: string }): Promise<SmtpExpandability> {
    const expansion = await this.expansion.expand(group, LIMITS);
    const reason = overLimit(expansion.truncated, expansion.reason, expansion.recipients);
    return { ok: reason === null, reason: reason && `Postfix would defer mail to this group: it expands to ${reason}.` };
  }

  private async route(key: string): Promise<MailRoute | null> {
    // Postfix asks the alias map about bare domains too (virtual_alias_domains defaults to it).
    if (!key.includes("@")) return null;
    // Neither map delivers, so neither needs the account's primary address.
    return this.resolution.mailRoute(key, false);
  }
}

import { type EntityManager, In, IsNull, Not } from "typeorm";
import { AccountEntity } from "../accounts/account.entity";
import { AddressEntity, AddressKind } from "../addresses/address.entity";
import { unicodeOf } from "../addresses/address-rules";
import { AliasClaimEntity } from "../addresses/alias-claim.entity";
import { recordAudit } from "../audit/audit.service";
import { addressReleasedMessage } from "../mail/address-released-message";
import type { OutgoingMessage } from "../mail/mailer";
import type { DomainEntity } from "./domain.entity";

export interface NamespaceRelease {
  /** Canonical addresses deleted from other organizations. */
  addresses: string[];
  /** One message per affected account, to its primary address; sent after the commit. */
  messages: OutgoingMessage[];
}

const BECAUSE = "domain.verifiedElsewhere";

/**
 * A domain has just been verified: every address on it belongs to its owner's
 * namespace. Other organizations' addresses on it (personal aliases confirmed
 * while nobody owned the domain) are deleted and their open alias claims for
 * it cancelled, in the caller's transaction. Each is audited in the
 * organization that lost it, with the system as actor so the verifying
 * organization's people stay unnamed, and targeted at the account, so the
 * account's trail says why.
 */
export async function releaseForeignAddresses(m: EntityManager, domain: DomainEntity): Promise<NamespaceRelease> {
  const rows = await m.find(AddressEntity, { where: { domain: domain.name, organizationId: Not(domain.organizationId) }, order: { address: "ASC" } });
  const claims = await m
    .createQueryBuilder(AliasClaimEntity, "c")
    .where("c.address LIKE :suffix AND c.organization_id <> :org AND c.used_at IS NULL", { suffix: `%@${domain.name}`, org: domain.organizationId })
    .getMany();
  if (rows.length) await m.delete(AddressEntity, { id: In(rows.map((r) => r.id)) });
  if (claims.length) await m.delete(AliasClaimEntity, { id: In(claims.map((c) => c.id)), usedAt: IsNull() });
  for (const row of rows) {
    await recordAudit(m, null, {
      organizationId: row.organizationId,
      action: "address.release",
      targetType: row.accountId ? "Account" : "Group",
      targetId: row.accountId ?? row.groupId,
      before: { address: row.address, kind: row.kind, status: row.status, accountId: row.accountId },
      details: {
        because: BECAUSE,
        addressId: row.id,
        domain: domain.name,
        reason: `${domain.unicodeName} was verified by its owner; addresses on it are theirs.`,
      },
    });
  }
  for (const claim of claims) {
    await recordAudit(m, null, {
      organizationId: claim.organizationId,
      action: "alias.cancel",
      targetType: "AliasClaim",
      targetId: claim.id,
      before: { address: claim.address, accountId: claim.accountId, expiresAt: claim.expiresAt.toISOString() },
      details: { because: BECAUSE, domain: domain.name },
    });
  }
  return { addresses: rows.map((r) => r.address), messages: await messagesFor(m, domain, rows) };
}

async function messagesFor(m: EntityManager, domain: DomainEntity, rows: AddressEntity[]): Promise<OutgoingMessage[]> {
  const accountIds = [...new Set(rows.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
  if (accountIds.length === 0) return [];
  const [accounts, primaries] = await Promise.all([
    m.find(AccountEntity, { where: { id: In(accountIds) } }),
    m.find(AddressEntity, { where: { accountId: In(accountIds), kind: AddressKind.PRIMARY } }),
  ]);
  const primaryOf = new Map(primaries.map((p) => [p.accountId, p.address]));
  return accounts.flatMap((account) => {
    const to = primaryOf.get(account.id);
    if (!to) return [];
    const released = rows.filter((r) => r.accountId === account.id).map((r) => unicodeOf(r.address));
    return [addressReleasedMessage({ to, accountName: account.displayName, released, domainDisplay: domain.unicodeName })];
  });
}

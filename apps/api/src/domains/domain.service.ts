import { randomBytes, randomUUID } from "node:crypto";
import { canonicalizeDomain } from "../addresses/canonical-address";
import { AddressEntity, AddressKind } from "../addresses/address.entity";
import { recordAudit } from "../audit/audit.service";
import { requireMember, requireOrgAdmin, targetOrganizationId, requireSignedIn } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import { type Database, isUniqueViolation } from "../db/database";
import { LookupUnavailableError, type TxtLookup } from "../dns/txt-resolver";
import {
  BadUserInputError,
  DomainInUseError,
  DomainTakenError,
  DomainVerificationFailedError,
  FreeMailDomainError,
  InvalidAddressError,
  NotFoundError,
} from "../errors";
import type { Mailer, OutgoingMessage } from "../mail/mailer";
import { OrganizationEntity } from "../organizations/organization.entity";
import { DomainEntity, DomainStatus, MailService } from "./domain.entity";
import { isFreeMailDomain, isPublicSuffix } from "./free-mail";
import { releaseForeignAddresses } from "./namespace-release";

export const VERIFICATION_PREFIX = "postroom-verification=";

export function verificationRecordOf(domain: DomainEntity) {
  return { name: domain.name, type: "TXT", value: `${VERIFICATION_PREFIX}${domain.verificationToken}` };
}

/** A domain as verifyDomain answers it: with the addresses that call released from other organizations. */
export type VerifiedDomain = DomainEntity & { releasedAddresses: string[] };

function summary(d: DomainEntity) {
  return { name: d.name, status: d.status, mailService: d.mailService };
}

export class DomainService {
  constructor(
    private readonly db: Database,
    private readonly dns: TxtLookup,
    private readonly mailer: Mailer,
  ) {}

  /**
   * Registers a domain for an organization, PENDING_VERIFICATION until its TXT
   * record is seen. Public suffixes ("co.uk", "github.io") are BAD_USER_INPUT
   * and public mail providers FREE_MAIL_DOMAIN; a domain another
   * organization has verified is DOMAIN_TAKEN. Unverified claims may coexist, so
   * nobody can block the real owner by adding its domain first.
   */
  async add(principal: Principal | null, input: { organizationId?: string | null; name: string; mailService?: MailService | null }): Promise<DomainEntity> {
    const organizationId = targetOrganizationId(requireSignedIn(principal), input.organizationId);
    requireOrgAdmin(principal, organizationId);
    let name: string;
    let unicodeName: string;
    try {
      ({ name, unicodeName } = canonicalizeDomain(input.name));
    } catch (error) {
      if (error instanceof InvalidAddressError) throw new BadUserInputError(error.message, { field: "name" });
      throw error;
    }
    if (isPublicSuffix(name)) {
      throw new BadUserInputError(
        `${unicodeName} is a public suffix, under which anyone can register names; add your organization's own domain, such as example.${unicodeName}.`,
        { field: "name" },
      );
    }
    if (isFreeMailDomain(name)) throw new FreeMailDomainError(`${unicodeName} is a public mail provider; only your organization's own domains can be added.`);
    const domain: DomainEntity = {
      id: randomUUID(),
      organizationId,
      name,
      verifiedName: null,
      unicodeName,
      status: DomainStatus.PENDING_VERIFICATION,
      mailService: input.mailService ?? MailService.EXCHANGE,
      verificationToken: randomBytes(16).toString("hex"),
      verifiedAt: null,
      createdAt: new Date(),
    };
    try {
      await this.db.transaction(async (m) => {
        if (!(await m.exists(OrganizationEntity, { where: { id: organizationId } }))) throw new NotFoundError("Organization not found.");
        const owned = await m.findOne(DomainEntity, { where: { verifiedName: name } });
        if (owned && owned.organizationId !== organizationId) throw new DomainTakenError(`${unicodeName} belongs to another organization.`);
        if (await m.exists(DomainEntity, { where: { organizationId, name } }))
          throw new DomainTakenError(`${unicodeName} is already one of this organization's domains.`);
        await m.insert(DomainEntity, domain);
        await recordAudit(m, principal, { organizationId, action: "domain.add", targetType: "Domain", targetId: domain.id, after: summary(domain) });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainTakenError(`${unicodeName} is already one of this organization's domains.`);
      throw error;
    }
    return domain;
  }

  /** The organization's domains, by name. */
  async list(principal: Principal | null, organizationId?: string | null): Promise<DomainEntity[]> {
    const orgId = targetOrganizationId(requireSignedIn(principal), organizationId);
    requireMember(principal, orgId);
    return this.db.manager.find(DomainEntity, { where: { organizationId: orgId }, order: { name: "ASC" } });
  }

  private async load(principal: Principal | null, id: string): Promise<DomainEntity> {
    requireSignedIn(principal);
    const domain = await this.db.manager.findOne(DomainEntity, { where: { id } });
    if (!domain) throw new NotFoundError("Domain not found.");
    requireOrgAdmin(principal, domain.organizationId, "Domain");
    return domain;
  }

  /**
   * Looks up the TXT record `postroom-verification=<token>` at the domain. When
   * present the domain becomes VERIFIED and exclusively this organization's;
   * absent (or unreadable) is DOMAIN_VERIFICATION_FAILED and nothing changes.
   * The verified owner's namespace wins: in the same transaction, addresses
   * other organizations held on the domain (confirmed personal aliases) are
   * deleted and their pending alias claims for it cancelled, each audited in
   * that organization and on the account; the accounts are told by mail.
   * `releasedAddresses` lists what this call released.
   */
  async verify(principal: Principal | null, id: string): Promise<VerifiedDomain> {
    const domain = await this.load(principal, id);
    if (domain.status === DomainStatus.VERIFIED) return { ...domain, releasedAddresses: [] };
    const expected = verificationRecordOf(domain).value;
    let records: string[];
    try {
      records = await this.dns.txt(domain.name);
    } catch (error) {
      if (error instanceof LookupUnavailableError) {
        throw new DomainVerificationFailedError(`The DNS lookup for ${domain.unicodeName} failed; try again in a few minutes.`, { expected, found: null });
      }
      throw error;
    }
    if (!records.some((r) => r.trim() === expected)) {
      // What DNS answered goes back with the refusal, so the console can show found against expected.
      throw new DomainVerificationFailedError(`No TXT record "${expected}" was found at ${domain.unicodeName}. DNS changes can take a while to appear.`, {
        expected,
        found: records,
      });
    }
    let verified: { domain: VerifiedDomain; messages: OutgoingMessage[] };
    try {
      verified = await this.db.transaction(async (m) => {
        const current = await m.findOne(DomainEntity, { where: { id } });
        if (!current) throw new NotFoundError("Domain not found.");
        if (current.status === DomainStatus.VERIFIED) return { domain: { ...current, releasedAddresses: [] }, messages: [] };
        const before = summary(current);
        current.status = DomainStatus.VERIFIED;
        current.verifiedName = current.name;
        current.verifiedAt = new Date();
        // First, so a concurrent alias confirmation on this domain either sees it verified or is released below.
        await m.update(DomainEntity, { id }, { status: current.status, verifiedName: current.verifiedName, verifiedAt: current.verifiedAt });
        const released = await releaseForeignAddresses(m, current);
        await recordAudit(m, principal, {
          organizationId: current.organizationId,
          action: "domain.verify",
          targetType: "Domain",
          targetId: id,
          before,
          after: summary(current),
          details: released.addresses.length ? { releasedAddresses: released.addresses } : undefined,
        });
        return { domain: { ...current, releasedAddresses: released.addresses }, messages: released.messages };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainTakenError(`${domain.unicodeName} has been verified by another organization.`);
      throw error;
    }
    // A courtesy after the commit: the audit events are the record, and a mail failure must not undo the verification.
    await Promise.allSettled(verified.messages.map((message) => this.mailer.send(message)));
    return verified.domain;
  }

  /**
   * Changes the mail service a domain serves. Moving away from EXCHANGE while
   * secondary (Exchange) addresses use the domain is DOMAIN_IN_USE.
   */
  async update(principal: Principal | null, id: string, input: { mailService?: MailService | null }): Promise<DomainEntity> {
    await this.load(principal, id);
    return this.db.transaction(async (m) => {
      const domain = await m.findOne(DomainEntity, { where: { id } });
      if (!domain) throw new NotFoundError("Domain not found.");
      const before = summary(domain);
      if (input.mailService && input.mailService !== domain.mailService) {
        if (domain.mailService === MailService.EXCHANGE) {
          const secondaries = await m.count(AddressEntity, {
            where: { organizationId: domain.organizationId, domain: domain.name, kind: AddressKind.SECONDARY },
          });
          if (secondaries > 0)
            throw new DomainInUseError(`${secondaries} Exchange secondary address(es) use ${domain.unicodeName}; remove them first.`, {
              addressCount: secondaries,
              byKind: { [AddressKind.SECONDARY]: secondaries },
            });
        }
        domain.mailService = input.mailService;
        await m.update(DomainEntity, { id }, { mailService: domain.mailService });
        await recordAudit(m, principal, {
          organizationId: domain.organizationId,
          action: "domain.update",
          targetType: "Domain",
          targetId: id,
          before,
          after: summary(domain),
        });
      }
      return domain;
    });
  }

  /** Removes a domain no address uses any more (DOMAIN_IN_USE otherwise), freeing its name. */
  async remove(principal: Principal | null, id: string): Promise<DomainEntity> {
    await this.load(principal, id);
    return this.db.transaction(async (m) => {
      const domain = await m.findOne(DomainEntity, { where: { id } });
      if (!domain) throw new NotFoundError("Domain not found.");
      const inUse = await m
        .createQueryBuilder(AddressEntity, "a")
        .select("a.kind", "kind")
        .addSelect("COUNT(*)", "count")
        .where("a.organizationId = :organizationId AND a.domain = :domain", { organizationId: domain.organizationId, domain: domain.name })
        .groupBy("a.kind")
        .getRawMany<{ kind: AddressKind; count: string | number }>();
      const byKind = Object.fromEntries(inUse.map((row) => [row.kind, Number(row.count)]));
      const addressCount = inUse.reduce((sum, row) => sum + Number(row.count), 0);
      // The refusal says what still uses the domain, by kind, so the console can name it.
      if (addressCount > 0) throw new DomainInUseError(`${addressCount} address(es) still use ${domain.unicodeName}.`, { addressCount, byKind });
      await m.delete(DomainEntity, { id });
      await recordAudit(m, principal, {
        organizationId: domain.organizationId,
        action: "domain.remove",
        targetType: "Domain",
        targetId: id,
        before: summary(domain),
      });
      return domain;
    });
  }
}

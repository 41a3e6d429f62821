import { randomUUID } from "node:crypto";
import { type EntityManager, IsNull } from "typeorm";
import { AccountEntity, AccountProfile } from "../accounts/account.entity";
import { lockAccount } from "../accounts/account-admin";
import { recordAudit } from "../audit/audit.service";
import { requireMember, requireSignedIn } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import { looksLikeToken, newToken, sha256 } from "../auth/tokens";
import type { Database } from "../db/database";
import { AliasLimitReachedError, AliasNotAllowedError, InvalidTokenError, NotFoundError, RateLimitedError } from "../errors";
import { DomainEntity } from "../domains/domain.entity";
import { aliasConfirmationMessage } from "../mail/alias-message";
import type { Mailer } from "../mail/mailer";
import { OrganizationEntity } from "../organizations/organization.entity";
import { AddressEntity, AddressKind, AddressStatus } from "./address.entity";
import { addressTaken, canonical, classify, insertAddresses, requireFree, unicodeOf } from "./address-rules";
import { guestRefusal } from "./alias-permission";
import { AliasClaimEntity } from "./alias-claim.entity";
import type { CanonicalAddress } from "./canonical-address";

export interface AliasClaimSettings {
  publicUrl: string;
  ttlMs: number;
  /** Messages per claim per hour (first send included). */
  sendsPerHour?: number;
  /** Open claims one account may have at once (keeps it from mailing the world). */
  maxOpenClaims?: number;
  now?: () => Date;
}

/** What an alias request ended in: an alias at once, or a claim waiting for its owner. */
export interface AliasOutcome {
  alias: AddressEntity | null;
  claim: AliasClaimEntity | null;
}

const HOUR = 3_600_000;

function summary(c: AliasClaimEntity) {
  return { address: c.address, accountId: c.accountId, expiresAt: c.expiresAt.toISOString() };
}

export class AliasClaimService {
  private readonly now: () => Date;
  private readonly sendsPerHour: number;
  private readonly maxOpenClaims: number;

  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly settings: AliasClaimSettings,
  ) {
    this.now = settings.now ?? (() => new Date());
    this.sendsPerHour = settings.sendsPerHour ?? 3;
    this.maxOpenClaims = settings.maxOpenClaims ?? 20;
  }

  /**
   * Who may ask for an alias on an account: its organization's admins, or the
   * account itself when it is PROFESSIONAL and the policy allows self-service.
   * GUEST accounts are told to ask for a profile upgrade.
   */
  private async authorize(principal: Principal | null, accountId: string): Promise<{ account: AccountEntity; selfService: boolean }> {
    const p = requireSignedIn(principal);
    const account = await this.db.manager.findOne(AccountEntity, { where: { id: accountId } });
    if (!account) throw new NotFoundError("Account not found.");
    requireMember(p, account.organizationId, "Account");
    if (p.kind !== "account" || p.profile === AccountProfile.ADMIN) return { account, selfService: false };
    if (p.id !== account.id) throw new NotFoundError("Account not found.");
    if (p.profile === AccountProfile.GUEST) throw guestRefusal();
    const org = await this.db.manager.findOne(OrganizationEntity, { where: { id: account.organizationId } });
    if (!org?.aliasSelfService) throw new AliasNotAllowedError("Your organization manages aliases centrally; ask your administrator to add this alias.");
    return { account, selfService: true };
  }

  /**
   * Asks for `address` as an alias of an account. An address on the
   * organization's own verified domains, asked by an admin, becomes an alias at
   * once; any other address gets a claim and a confirmation message to that
   * address, and only becomes an alias when its owner confirms. A claim reserves
   * nothing, but an address already in use is refused at once.
   */
  async request(principal: Principal | null, input: { accountId: string; address: string }): Promise<AliasOutcome> {
    const address = canonical(input.address);
    const { account, selfService } = await this.authorize(principal, input.accountId);
    const token = newToken();
    const outcome = await this.db.transaction(async (m): Promise<AliasOutcome & { message?: ReturnType<typeof aliasConfirmationMessage> }> => {
      const locked = await this.lockActive(m, account.id);
      await requireFree(m, address, principal);
      const placement = await classify(m, account.organizationId, address, { allowExternal: true });
      if (placement.kind === "own") {
        if (selfService) throw new AliasNotAllowedError(`Addresses on ${address.unicodeDomain} are assigned by your administrator.`);
        await this.requireBelowLimit(m, locked);
        const alias = await this.insertAlias(m, principal, locked, address, "address.addAlias");
        return { alias, claim: null };
      }
      await this.requireBelowLimit(m, locked);
      const now = this.now();
      const existing = await m.findOne(AliasClaimEntity, { where: { accountId: account.id, address: address.address } });
      let claim: AliasClaimEntity;
      if (existing && !existing.usedAt) {
        claim = this.rearm(existing, token, now);
        await m.update(AliasClaimEntity, { id: claim.id }, claim);
      } else {
        const open = await m
          .createQueryBuilder(AliasClaimEntity, "c")
          .where("c.account_id = :a AND c.used_at IS NULL AND c.expires_at > :now", { a: account.id, now })
          .getCount();
        if (open >= this.maxOpenClaims)
          throw new RateLimitedError(`This account already has ${open} unconfirmed alias requests; cancel some or wait for them to expire.`);
        if (existing) await m.delete(AliasClaimEntity, { id: existing.id });
        claim = {
          id: randomUUID(),
          organizationId: account.organizationId,
          accountId: account.id,
          address: address.address,
          tokenHash: sha256(token),
          expiresAt: new Date(now.getTime() + this.settings.ttlMs),
          usedAt: null,
          requestedBy: principal ? principal.label : "system",
          sendCount: 1,
          windowStartedAt: now,
          createdAt: now,
        };
        await m.insert(AliasClaimEntity, claim);
      }
      await recordAudit(m, principal, {
        organizationId: account.organizationId,
        action: "alias.request",
        targetType: "AliasClaim",
        targetId: claim.id,
        after: summary(claim),
      });
      return { alias: null, claim, message: await this.message(m, locked, claim, token) };
    });
    if (outcome.message) await this.mailer.send(outcome.message);
    return { alias: outcome.alias, claim: outcome.claim };
  }

  /**
   * What a link would confirm, for whoever holds it (the token is the proof, as
   * for confirming): the address, the account's display name and the expiry.
   * Reads only; the link stays usable. Dead links get the same INVALID_TOKEN
   * as confirming them would.
   */
  async preview(token: string): Promise<{ address: string; unicodeAddress: string; accountDisplayName: string; expiresAt: Date }> {
    if (typeof token !== "string" || !looksLikeToken(token)) throw invalidToken();
    const claim = await this.db.manager.findOne(AliasClaimEntity, { where: { tokenHash: sha256(token) } });
    if (!claim || claim.usedAt || claim.expiresAt.getTime() <= this.now().getTime()) throw invalidToken();
    const account = await this.db.manager.findOne(AccountEntity, { where: { id: claim.accountId } });
    if (!account) throw invalidToken();
    return { address: claim.address, unicodeAddress: unicodeOf(claim.address), accountDisplayName: account.displayName, expiresAt: claim.expiresAt };
  }

  /**
   * The owner of the address clicked the link. Single use (a conditional UPDATE
   * decides between concurrent clicks), bound to its account and address,
   * expired after the TTL; unknown, used, superseded and expired tokens all get
   * the same INVALID_TOKEN. If someone else took the address meanwhile: ADDRESS_TAKEN.
   */
  async confirm(principal: Principal | null, token: string): Promise<AddressEntity> {
    if (typeof token !== "string" || !looksLikeToken(token)) throw invalidToken();
    const hash = sha256(token);
    return this.db.transaction(async (m) => {
      const claim = await m.findOne(AliasClaimEntity, { where: { tokenHash: hash } });
      const now = this.now();
      if (!claim || claim.usedAt || claim.expiresAt.getTime() <= now.getTime()) throw invalidToken();
      const result = await m
        .createQueryBuilder()
        .update(AliasClaimEntity)
        .set({ usedAt: now })
        .where("id = :id AND token_hash = :hash AND used_at IS NULL", { id: claim.id, hash })
        .execute();
      if (!result.affected) throw invalidToken();
      const account = await this.lockActive(m, claim.accountId);
      const address = canonical(claim.address);
      await requireFree(m, address, null);
      const placement = await classify(m, account.organizationId, address, { allowExternal: true });
      if (placement.kind === "external") await this.requireUnclaimedDomain(m, account, address);
      await this.requireBelowLimit(m, account);
      return this.insertAlias(m, principal, account, address, "alias.confirm", { claimId: claim.id, requestedBy: claim.requestedBy });
    });
  }

  /** Sends the message again with a fresh token (the old link stops working); a few per hour per claim. */
  async resend(principal: Principal | null, claimId: string): Promise<AliasClaimEntity> {
    await this.loadOpen(principal, claimId);
    const token = newToken();
    const { claim, message } = await this.db.transaction(async (m) => {
      const current = await m.findOne(AliasClaimEntity, { where: { id: claimId } });
      if (!current || current.usedAt) throw claimNotFound();
      const account = await this.lockActive(m, current.accountId);
      const rearmed = this.rearm(current, token, this.now());
      await m.update(AliasClaimEntity, { id: claimId }, rearmed);
      await recordAudit(m, principal, {
        organizationId: current.organizationId,
        action: "alias.resend",
        targetType: "AliasClaim",
        targetId: claimId,
        after: summary(rearmed),
      });
      return { claim: rearmed, message: await this.message(m, account, rearmed, token) };
    });
    await this.mailer.send(message);
    return claim;
  }

  /** Withdraws a pending request; its link stops working. */
  async cancel(principal: Principal | null, claimId: string): Promise<AliasClaimEntity> {
    const found = await this.loadOpen(principal, claimId);
    await this.db.transaction(async (m) => {
      const result = await m.delete(AliasClaimEntity, { id: claimId, usedAt: IsNull() });
      if (!result.affected) throw claimNotFound();
      await recordAudit(m, principal, {
        organizationId: found.organizationId,
        action: "alias.cancel",
        targetType: "AliasClaim",
        targetId: claimId,
        before: summary(found),
      });
    });
    return found;
  }

  /**
   * An unused claim the caller may act on. A missing claim, a used one, and one
   * the caller may not see (another organization's, a colleague's) are the same
   * NOT_FOUND with the same message, so claim ids cannot be probed.
   */
  private async loadOpen(principal: Principal | null, claimId: string): Promise<AliasClaimEntity> {
    requireSignedIn(principal);
    const found = await this.db.manager.findOne(AliasClaimEntity, { where: { id: claimId } });
    if (!found || found.usedAt) throw claimNotFound();
    try {
      await this.authorize(principal, found.accountId);
    } catch (error) {
      if (error instanceof NotFoundError) throw claimNotFound();
      throw error;
    }
    return found;
  }

  /** Open (unused, unexpired) claims of some accounts, for the per-request loader. */
  async openClaims(accountIds: readonly string[]): Promise<AliasClaimEntity[]> {
    if (accountIds.length === 0) return [];
    return this.db.manager
      .createQueryBuilder(AliasClaimEntity, "c")
      .where("c.account_id IN (:...ids) AND c.used_at IS NULL AND c.expires_at > :now", { ids: [...accountIds], now: this.now() })
      .orderBy("c.created_at", "ASC")
      .getMany();
  }

  private rearm(claim: AliasClaimEntity, token: string, now: Date): AliasClaimEntity {
    const inWindow = now.getTime() - claim.windowStartedAt.getTime() < HOUR;
    if (inWindow && claim.sendCount >= this.sendsPerHour) {
      const retryAfter = Math.max(1, Math.ceil((claim.windowStartedAt.getTime() + HOUR - now.getTime()) / 1000));
      throw new RateLimitedError(`The confirmation message was already sent ${claim.sendCount} times this hour; try again later.`, { retryAfter });
    }
    return {
      ...claim,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + this.settings.ttlMs),
      sendCount: inWindow ? claim.sendCount + 1 : 1,
      windowStartedAt: inWindow ? claim.windowStartedAt : now,
    };
  }

  private async lockActive(m: EntityManager, accountId: string): Promise<AccountEntity> {
    return lockAccount(m, this.db.dialect, accountId, { disabled: "Aliases cannot be added to a disabled account." });
  }

  /**
   * On MySQL, a locking read of the domain's verified owner: a verification
   * committing meanwhile is either seen here (ADDRESS_TAKEN) or waits for this
   * alias and then releases it, never leaving a foreign alias on a verified domain.
   * SQLite has a single writer, so `classify` already read the final state.
   */
  private async requireUnclaimedDomain(m: EntityManager, account: AccountEntity, address: CanonicalAddress): Promise<void> {
    if (this.db.dialect !== "mysql") return;
    const owner = await m.findOne(DomainEntity, { where: { verifiedName: address.domain }, lock: { mode: "pessimistic_write" } });
    if (owner && owner.organizationId !== account.organizationId) throw addressTaken(address.unicodeAddress);
  }

  /** The organization's alias limit (none by default) counts active aliases. */
  async requireBelowLimit(m: EntityManager, account: AccountEntity): Promise<void> {
    const org = await m.findOne(OrganizationEntity, { where: { id: account.organizationId } });
    const limit = org?.maxAliasesPerAccount;
    if (limit === null || limit === undefined) return;
    const count = await m.count(AddressEntity, { where: { accountId: account.id, kind: AddressKind.ALIAS } });
    if (count >= limit) throw new AliasLimitReachedError(`This account already has ${count} alias(es), the organization's limit.`, { limit });
  }

  private async insertAlias(
    m: EntityManager,
    principal: Principal | null,
    account: AccountEntity,
    address: CanonicalAddress,
    action: string,
    details?: Record<string, unknown>,
  ): Promise<AddressEntity> {
    const row: AddressEntity = {
      id: randomUUID(),
      address: address.address,
      domain: address.domain,
      kind: AddressKind.ALIAS,
      status: AddressStatus.ACTIVE,
      organizationId: account.organizationId,
      accountId: account.id,
      groupId: null,
      formerAccountId: null,
      createdAt: this.now(),
    };
    await insertAddresses(m, [row], address.unicodeAddress);
    await recordAudit(m, principal, {
      organizationId: account.organizationId,
      action,
      targetType: "Address",
      targetId: row.id,
      after: { address: row.address, kind: row.kind, status: row.status, accountId: row.accountId },
      details,
    });
    return row;
  }

  private async message(m: EntityManager, account: AccountEntity, claim: AliasClaimEntity, token: string) {
    const [org, primary] = await Promise.all([
      m.findOne(OrganizationEntity, { where: { id: account.organizationId } }),
      m.findOne(AddressEntity, { where: { accountId: account.id, kind: AddressKind.PRIMARY } }),
    ]);
    return aliasConfirmationMessage({
      to: claim.address,
      aliasDisplay: unicodeOf(claim.address),
      accountName: account.displayName,
      accountAddress: primary ? unicodeOf(primary.address) : account.displayName,
      organizationName: org?.name ?? "Your organization",
      link: `${this.settings.publicUrl}/confirm-alias#t=${token}`,
      expiresAt: claim.expiresAt,
    });
  }
}

function claimNotFound(): NotFoundError {
  return new NotFoundError("Alias request not found.");
}

function invalidToken(): InvalidTokenError {
  return new InvalidTokenError("This confirmation link is invalid, already used, or expired. Ask for a new one.");
}

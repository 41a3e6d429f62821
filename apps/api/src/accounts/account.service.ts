import { randomUUID } from "node:crypto";
import { AddressEntity, AddressKind, AddressStatus } from "../addresses/address.entity";
import { loadAccountForAdmin, lockAccount } from "./account-admin";
import { canonical, insertAddresses, requireFree, requireOwnDomain, requireWritableDomains } from "../addresses/address-rules";
import type { CanonicalAddress } from "../addresses/canonical-address";
import { formerPrimaryKind } from "../addresses/former-primary";
import { recordAudit } from "../audit/audit.service";
import type { AuthService } from "../auth/auth.service";
import { Access } from "../auth/access";
import { adminListScope } from "../auth/list-scope";
import { requireOrgAdmin, requireSignedIn, targetOrganizationId } from "../auth/authorize";
import { hashPassword } from "../auth/passwords";
import type { Principal } from "../auth/principal";
import { accountEntry } from "../auth/read-policy";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import { addressSearchTerm, escapeLike } from "../common/search";
import { requireName } from "../common/validate";
import { type Database, isUniqueViolation } from "../db/database";
import { DomainEntity } from "../domains/domain.entity";
import { AddressTakenError, BadUserInputError, NotFoundError } from "../errors";
import { refreshAccountMemberships } from "../groups/member-mailbox";
import { OrganizationEntity } from "../organizations/organization.entity";
import { AccountEntity, AccountProfile, AccountStatus, searchFold } from "./account.entity";

export interface CreateAccount {
  organizationId?: string | null;
  displayName: string;
  primaryAddress: string;
  profile?: AccountProfile | null;
  password?: string | null;
  exchangeEnabled?: boolean | null;
}

export interface UpdateAccount {
  displayName?: string | null;
  profile?: AccountProfile | null;
  exchangeEnabled?: boolean | null;
  password?: string | null;
}

export interface AccountFilter {
  organizationId?: string | null;
  first?: number | null;
  after?: string | null;
  search?: string | null;
  profile?: AccountProfile | null;
  status?: AccountStatus | null;
}

const MIN_PASSWORD = 10;

async function passwordHashOf(password: string | null | undefined): Promise<string | null> {
  if (password === null || password === undefined || password === "") return null;
  if (password.length < MIN_PASSWORD || password.length > 200) {
    throw new BadUserInputError(`password must be ${MIN_PASSWORD} to 200 characters.`, { field: "password" });
  }
  return hashPassword(password);
}

function summary(a: AccountEntity) {
  return { displayName: a.displayName, profile: a.profile, status: a.status, exchangeEnabled: a.exchangeEnabled };
}

export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
  ) {}

  /**
   * Creates an account with its PRIMARY address, which must be free and on a
   * VERIFIED domain of the same organization. Account, address and audit event
   * commit together or not at all.
   */
  async create(principal: Principal | null, input: CreateAccount): Promise<AccountEntity> {
    const organizationId = targetOrganizationId(requireSignedIn(principal), input.organizationId);
    requireOrgAdmin(principal, organizationId);
    const displayName = requireName(input.displayName, "displayName");
    const address = canonical(input.primaryAddress);
    const passwordHash = await passwordHashOf(input.password);
    const now = new Date();
    const account: AccountEntity = {
      id: randomUUID(),
      organizationId,
      displayName,
      searchName: searchFold(displayName),
      profile: input.profile ?? AccountProfile.PROFESSIONAL,
      status: AccountStatus.ACTIVE,
      exchangeEnabled: input.exchangeEnabled ?? false,
      passwordHash,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.transaction(async (m) => {
      if (!(await m.exists(OrganizationEntity, { where: { id: organizationId } }))) throw new NotFoundError("Organization not found.");
      await requireFree(m, address, principal);
      const domain = await requireOwnDomain(m, organizationId, address);
      await m.insert(AccountEntity, account);
      await insertAddresses(
        m,
        [
          {
            id: randomUUID(),
            address: address.address,
            domain: domain.name,
            kind: AddressKind.PRIMARY,
            status: AddressStatus.ACTIVE,
            organizationId,
            accountId: account.id,
            groupId: null,
            formerAccountId: null,
            createdAt: now,
          },
        ],
        address.unicodeAddress,
      );
      await recordAudit(m, principal, {
        organizationId,
        action: "account.create",
        targetType: "Account",
        targetId: account.id,
        after: { ...summary(account), primaryAddress: address.address },
      });
    });
    return account;
  }

  /** One account, for whoever may read it as a directory entry (auth/read-policy.ts `accountEntry`). */
  async get(principal: Principal | null, id: string): Promise<AccountEntity> {
    requireSignedIn(principal);
    const account = await this.db.manager.findOne(AccountEntity, { where: { id } });
    if (!account || !(await accountEntry(principal, account, new Access(this.db)))) throw new NotFoundError("Account not found.");
    return account;
  }

  /**
   * A page of the organization's accounts by display name (keyset cursor, so
   * rows inserted between fetches neither repeat nor push others off a page).
   * `search` matches the display name or any of the account's addresses. An
   * operator who names no organization pages through every organization's.
   */
  async list(principal: Principal | null, filter: AccountFilter): Promise<Page<AccountEntity>> {
    const organizationId = adminListScope(principal, filter.organizationId);
    const limit = pageSize(filter.first);
    const cursor = decodeCursor(filter.after, ["text", "id"]);
    const base = () => {
      const qb = this.db.manager.createQueryBuilder(AccountEntity, "a");
      if (organizationId) qb.andWhere("a.organization_id = :org", { org: organizationId });
      if (filter.profile) qb.andWhere("a.profile = :profile", { profile: filter.profile });
      if (filter.status) qb.andWhere("a.status = :status", { status: filter.status });
      const search = filter.search?.trim();
      if (search) {
        const term = searchFold(search);
        const inAddress = addressSearchTerm(term);
        const name = "a.search_name LIKE :name ESCAPE '!'";
        if (inAddress === null) {
          qb.andWhere(name, { name: `%${escapeLike(term)}%` });
        } else {
          qb.andWhere(`(${name} OR EXISTS (SELECT 1 FROM address s WHERE s.account_id = a.id AND s.address LIKE :address ESCAPE '!'))`, {
            name: `%${escapeLike(term)}%`,
            address: `%${escapeLike(inAddress)}%`,
          });
        }
      }
      return qb;
    };
    const page = base()
      .orderBy("a.display_name", "ASC")
      .addOrderBy("a.id", "ASC")
      .take(limit + 1);
    if (cursor) page.andWhere("(a.display_name > :cn OR (a.display_name = :cn AND a.id > :ci))", { cn: cursor[0], ci: cursor[1] });
    const rows = await page.getMany();
    return toPage(
      rows,
      limit,
      (a) => [a.displayName, a.id],
      () => base().getCount(),
    );
  }

  /** Admins change name, profile, Exchange flag and password; each change is audited (never the password itself). A password change ends the account's other sessions. */
  async update(principal: Principal | null, id: string, input: UpdateAccount): Promise<AccountEntity> {
    const existing = await loadAccountForAdmin(this.db, principal, id);
    const displayName = input.displayName === undefined || input.displayName === null ? undefined : requireName(input.displayName, "displayName");
    const passwordHash = await passwordHashOf(input.password);
    const updated = await this.db.transaction(async (m) => {
      const account = await lockAccount(m, this.db.dialect, existing.id);
      const before = summary(account);
      if (displayName !== undefined) {
        account.displayName = displayName;
        account.searchName = searchFold(displayName);
      }
      if (input.profile) account.profile = input.profile;
      if (input.exchangeEnabled !== undefined && input.exchangeEnabled !== null) account.exchangeEnabled = input.exchangeEnabled;
      if (passwordHash) account.passwordHash = passwordHash;
      if (!passwordHash && JSON.stringify(before) === JSON.stringify(summary(account))) return account;
      account.updatedAt = new Date();
      await m.update(
        AccountEntity,
        { id },
        { ...summary(account), searchName: account.searchName, passwordHash: account.passwordHash, updatedAt: account.updatedAt },
      );
      await recordAudit(m, principal, {
        organizationId: account.organizationId,
        action: "account.update",
        targetType: "Account",
        targetId: id,
        before,
        after: summary(account),
        details: passwordHash ? { passwordChanged: true } : undefined,
      });
      // A new password ends every other session of the account: whoever knew the old one is out.
      if (passwordHash) await this.auth.revokeOtherSessions(m, id, principal?.sessionId ?? null);
      return account;
    });
    this.auth.forgetAccount(id);
    return updated;
  }

  /**
   * Makes `address` the account's PRIMARY (the one mail leaves from). It may be
   * one of the account's own addresses or a free one on a verified domain of
   * the organization; the old primary stays so mail keeps arriving, as a
   * SECONDARY on an EXCHANGE domain or an ALIAS on a WEB_EMAIL one (formerPrimaryKind).
   * The account's group memberships deliver to the new primary from the same commit.
   * Concurrent calls on one account queue on the account's row lock; the unique
   * index `uq_address_primary_of` guarantees one PRIMARY per account whatever
   * writer races, and a lost race there is retried, then ADDRESS_TAKEN.
   */
  async setPrimaryAddress(principal: Principal | null, accountId: string, input: string): Promise<AccountEntity> {
    const existing = await loadAccountForAdmin(this.db, principal, accountId);
    const address = canonical(input);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.replacePrimary(principal, existing.id, address);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= 3) throw new AddressTakenError(`${address.unicodeAddress} is already in use.`);
      }
    }
  }

  private async replacePrimary(principal: Principal | null, accountId: string, address: CanonicalAddress): Promise<AccountEntity> {
    return this.db.transaction(async (m) => {
      const account = await lockAccount(m, this.db.dialect, accountId);
      const current = await m.findOne(AddressEntity, { where: { accountId, kind: AddressKind.PRIMARY } });
      if (current?.address === address.address) return account;
      const target = await m.findOne(AddressEntity, { where: { address: address.address } });
      if (target && target.accountId !== accountId) throw new AddressTakenError(`${address.unicodeAddress} is already in use.`);
      requireWritableDomains(principal, [address.domain]);
      const domain = await requireOwnDomain(m, account.organizationId, address);
      if (target && target.status !== AddressStatus.ACTIVE) {
        throw new BadUserInputError(`${address.unicodeAddress} is not active yet and cannot become the primary address.`);
      }
      const kept = current
        ? formerPrimaryKind((await m.findOne(DomainEntity, { where: { organizationId: account.organizationId, name: current.domain } }))?.mailService)
        : null;
      if (current && kept) await m.update(AddressEntity, { id: current.id }, { kind: kept });
      if (target) {
        await m.update(AddressEntity, { id: target.id }, { kind: AddressKind.PRIMARY });
      } else {
        // Not insertAddresses: a unique violation here may be the one-primary
        // index, which the caller retries, rather than the address being taken.
        await m.insert(AddressEntity, [
          {
            id: randomUUID(),
            address: address.address,
            domain: domain.name,
            kind: AddressKind.PRIMARY,
            status: AddressStatus.ACTIVE,
            organizationId: account.organizationId,
            accountId,
            groupId: null,
            formerAccountId: null,
            createdAt: new Date(),
          },
        ]);
      }
      await refreshAccountMemberships(m, [accountId]);
      await recordAudit(m, principal, {
        organizationId: account.organizationId,
        action: "account.setPrimaryAddress",
        targetType: "Account",
        targetId: accountId,
        before: { primaryAddress: current?.address ?? null },
        after: { primaryAddress: address.address, previousKeptAs: kept },
      });
      return account;
    });
  }

  /** Disables the account: mail to it is no longer delivered and its sessions end at once. */
  async disable(principal: Principal | null, id: string): Promise<AccountEntity> {
    return this.setStatus(principal, id, AccountStatus.DISABLED);
  }

  /** Re-enables an account; one without a primary address (offboarded) needs one first. */
  async enable(principal: Principal | null, id: string): Promise<AccountEntity> {
    return this.setStatus(principal, id, AccountStatus.ACTIVE);
  }

  private async setStatus(principal: Principal | null, id: string, status: AccountStatus): Promise<AccountEntity> {
    await loadAccountForAdmin(this.db, principal, id);
    const changed = await this.db.transaction(async (m) => {
      const account = await lockAccount(m, this.db.dialect, id);
      if (account.status === status) return account;
      if (status === AccountStatus.ACTIVE && !(await m.exists(AddressEntity, { where: { accountId: id, kind: AddressKind.PRIMARY } }))) {
        throw new BadUserInputError("This account has no primary address; give it one with setPrimaryAddress before enabling it.");
      }
      const before = summary(account);
      account.status = status;
      account.updatedAt = new Date();
      await m.update(AccountEntity, { id }, { status, updatedAt: account.updatedAt });
      await refreshAccountMemberships(m, [id]);
      if (status === AccountStatus.DISABLED) await this.auth.revokeAccountSessions(m, id);
      await recordAudit(m, principal, {
        organizationId: account.organizationId,
        action: status === AccountStatus.DISABLED ? "account.disable" : "account.enable",
        targetType: "Account",
        targetId: id,
        before,
        after: summary(account),
      });
      return account;
    });
    this.auth.forgetAccount(id);
    return changed;
  }
}

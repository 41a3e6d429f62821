import { randomUUID } from "node:crypto";
import { type EntityManager, In } from "typeorm";
import { AccountEntity, AccountStatus, searchFold } from "../accounts/account.entity";
import { AddressEntity, AddressKind, AddressStatus } from "../addresses/address.entity";
import { canonical, insertAddresses, requireFree, requireNoRelayRoute, requireOwnDomain, requireWritableDomains } from "../addresses/address-rules";
import { lockFor } from "../db/locks";
import { recordAudit } from "../audit/audit.service";
import { requireMember, requireOrgAdmin, requireSignedIn, targetOrganizationId } from "../auth/authorize";
import { Access } from "../auth/access";
import { type Principal, actsAsOperator, actsAsOrgAdmin } from "../auth/principal";
import { groupEntry } from "../auth/read-policy";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import { addressSearchTerm, escapeLike } from "../common/search";
import { timeOrderedId } from "../common/ids";
import { requireName } from "../common/validate";
import type { Database } from "../db/database";
import { BadUserInputError, ForbiddenError, GroupCycleError, NotFoundError } from "../errors";
import { DomainEntity, DomainStatus } from "../domains/domain.entity";
import { OrganizationEntity } from "../organizations/organization.entity";
import { GroupEntity, GroupMemberEntity, GroupOwnerEntity, SenderPolicy } from "./group.entity";
import { renameMemberGroup } from "./member-mailbox";

export interface GroupInput {
  organizationId?: string | null;
  name: string;
  address: string;
  senderPolicy?: SenderPolicy | null;
  hiddenFromDirectory?: boolean | null;
  description?: string | null;
}

export interface GroupChange {
  name?: string | null;
  senderPolicy?: SenderPolicy | null;
  hiddenFromDirectory?: boolean | null;
  description?: string | null;
}

export interface MemberInput {
  accountId?: string | null;
  groupId?: string | null;
  address?: string | null;
}

function summary(g: GroupEntity) {
  return { name: g.name, senderPolicy: g.senderPolicy, hiddenFromDirectory: g.hiddenFromDirectory, description: g.description };
}

function describeMember(m: GroupMemberEntity): string {
  return m.memberAccountId ? `account:${m.memberAccountId}` : m.memberGroupId ? `group:${m.memberGroupId}` : `external:${m.externalAddress}`;
}

export class GroupService {
  constructor(private readonly db: Database) {}

  /**
   * Creates a group with its GROUP address, which lives in the one address
   * table (so it collides with every other address) and must be on a verified
   * domain of the organization. Sender policy defaults to ORGANIZATION.
   */
  async create(principal: Principal | null, input: GroupInput): Promise<GroupEntity> {
    const organizationId = targetOrganizationId(requireSignedIn(principal), input.organizationId);
    requireOrgAdmin(principal, organizationId);
    const name = requireName(input.name, "name");
    const address = canonical(input.address);
    const now = new Date();
    const group: GroupEntity = {
      id: randomUUID(),
      organizationId,
      name,
      searchName: searchFold(name),
      description: input.description?.trim() || null,
      senderPolicy: input.senderPolicy ?? SenderPolicy.ORGANIZATION,
      hiddenFromDirectory: input.hiddenFromDirectory ?? false,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.transaction(async (m) => {
      if (!(await m.exists(OrganizationEntity, { where: { id: organizationId } }))) throw new NotFoundError("Organization not found.");
      await requireFree(m, address, principal);
      const domain = await requireOwnDomain(m, organizationId, address);
      await m.insert(GroupEntity, group);
      await insertAddresses(
        m,
        [
          {
            id: randomUUID(),
            address: address.address,
            domain: domain.name,
            kind: AddressKind.GROUP,
            status: AddressStatus.ACTIVE,
            organizationId,
            accountId: null,
            groupId: group.id,
            formerAccountId: null,
            createdAt: now,
          },
        ],
        address.unicodeAddress,
      );
      await recordAudit(m, principal, {
        organizationId,
        action: "group.create",
        targetType: "Group",
        targetId: group.id,
        after: { ...summary(group), address: address.address },
      });
    });
    return group;
  }

  /** One group, for whoever may read its name and address (auth/read-policy.ts `groupEntry`); rosters need more. */
  async get(principal: Principal | null, id: string): Promise<GroupEntity> {
    const group = await this.load(principal, id);
    if (!(await groupEntry(principal, group, new Access(this.db)))) throw new NotFoundError("Group not found.");
    return group;
  }

  /**
   * The organization's groups by name; `search` matches the name or the
   * group's address. Admins and operators list every group; any other member
   * of the organization lists only the groups it owns (often none).
   */
  async list(
    principal: Principal | null,
    filter: { organizationId?: string | null; first?: number | null; after?: string | null; search?: string | null },
  ): Promise<Page<GroupEntity>> {
    const p = requireSignedIn(principal);
    const organizationId = targetOrganizationId(p, filter.organizationId);
    requireMember(p, organizationId);
    const ownedBy = p.kind === "account" && !actsAsOrgAdmin(p) ? p.id : null;
    const limit = pageSize(filter.first);
    const cursor = decodeCursor(filter.after, ["text", "id"]);
    const base = () => {
      const qb = this.db.manager.createQueryBuilder(GroupEntity, "g").where("g.organization_id = :org", { org: organizationId });
      if (ownedBy) qb.andWhere("EXISTS (SELECT 1 FROM group_owner go WHERE go.group_id = g.id AND go.account_id = :owner)", { owner: ownedBy });
      const term = filter.search?.trim() ? searchFold(filter.search.trim()) : null;
      const inAddress = term ? addressSearchTerm(term) : null;
      if (term && inAddress === null) qb.andWhere("g.search_name LIKE :t ESCAPE '!'", { t: `%${escapeLike(term)}%` });
      if (term && inAddress !== null) {
        qb.andWhere("(g.search_name LIKE :t ESCAPE '!' OR EXISTS (SELECT 1 FROM address a WHERE a.group_id = g.id AND a.address LIKE :a ESCAPE '!'))", {
          t: `%${escapeLike(term)}%`,
          a: `%${escapeLike(inAddress)}%`,
        });
      }
      return qb;
    };
    const page = base()
      .orderBy("g.name", "ASC")
      .addOrderBy("g.id", "ASC")
      .take(limit + 1);
    if (cursor) page.andWhere("(g.name > :cn OR (g.name = :cn AND g.id > :ci))", { cn: cursor[0], ci: cursor[1] });
    return toPage(
      await page.getMany(),
      limit,
      (g) => [g.name, g.id],
      () => base().getCount(),
    );
  }

  /** Settings: admins, and the group's owners. */
  async update(principal: Principal | null, id: string, change: GroupChange): Promise<GroupEntity> {
    const found = await this.load(principal, id);
    await this.requireManager(principal, found);
    const name = change.name === undefined || change.name === null ? undefined : requireName(change.name, "name");
    return this.db.transaction(async (m) => {
      const group = await this.reload(m, id);
      const before = summary(group);
      if (name !== undefined) {
        group.name = name;
        group.searchName = searchFold(name);
      }
      if (change.senderPolicy) group.senderPolicy = change.senderPolicy;
      if (change.hiddenFromDirectory !== undefined && change.hiddenFromDirectory !== null) group.hiddenFromDirectory = change.hiddenFromDirectory;
      if (change.description !== undefined) group.description = change.description?.trim() || null;
      if (JSON.stringify(before) === JSON.stringify(summary(group))) return group;
      group.updatedAt = new Date();
      await m.update(GroupEntity, { id }, { ...summary(group), searchName: group.searchName, updatedAt: group.updatedAt });
      if (group.name !== before.name) await renameMemberGroup(m, id, group.name);
      await recordAudit(m, principal, {
        organizationId: group.organizationId,
        action: "group.update",
        targetType: "Group",
        targetId: id,
        before,
        after: summary(group),
      });
      return group;
    });
  }

  /** Deletes a group (admins): frees its address and removes it from every group that contained it, audited. */
  async delete(principal: Principal | null, id: string): Promise<GroupEntity & { removedAddress: string | null }> {
    const found = await this.load(principal, id);
    requireOrgAdmin(principal, found.organizationId, "Group");
    return this.db.transaction(async (m) => {
      const group = await this.reload(m, id);
      const containing = await m.find(GroupMemberEntity, { where: { memberGroupId: id } });
      for (const membership of containing) {
        await recordAudit(m, principal, {
          organizationId: group.organizationId,
          action: "group.removeMembers",
          targetType: "Group",
          targetId: membership.groupId,
          details: { removed: [describeMember(membership)], because: "group.delete" },
        });
      }
      await m.delete(GroupMemberEntity, { memberGroupId: id });
      await m.delete(GroupMemberEntity, { groupId: id });
      await m.delete(GroupOwnerEntity, { groupId: id });
      const addresses = await m.find(AddressEntity, { where: { groupId: id } });
      requireWritableDomains(
        principal,
        addresses.map((a) => a.domain),
      );
      await m.delete(AddressEntity, { groupId: id });
      await m.delete(GroupEntity, { id });
      await recordAudit(m, principal, {
        organizationId: group.organizationId,
        action: "group.delete",
        targetType: "Group",
        targetId: id,
        before: { ...summary(group), addresses: addresses.map((a) => a.address) },
      });
      return { ...group, removedAddress: addresses.find((a) => a.kind === AddressKind.GROUP)?.address ?? null };
    });
  }

  /**
   * Adds members: accounts and groups of the same organization, or external
   * addresses (an address that routes to an account or group of the
   * organization is added as that account or group). Adding a member twice is a
   * no-op. A group member that would close a cycle, at any depth, refuses the
   * whole batch with GROUP_CYCLE. Only admins and operators nest any group: an
   * owner nests only groups it owns too (another group by id is NOT_FOUND, as
   * when reading it; by its address FORBIDDEN), or its roster would reveal
   * the other group's recipients and bypass its sender policy.
   */
  async addMembers(principal: Principal | null, groupId: string, members: MemberInput[]): Promise<GroupEntity> {
    const found = await this.load(principal, groupId);
    await this.requireManager(principal, found);
    const p = requireSignedIn(principal);
    const nestsAny = actsAsOperator(p) || actsAsOrgAdmin(p);
    if (members.length === 0 || members.length > 1000) throw new BadUserInputError("Give between 1 and 1000 members.");
    const wanted = members.map((member, i) => {
      const given = [member.accountId, member.groupId, member.address].filter((v) => v !== null && v !== undefined && v !== "");
      if (given.length !== 1) throw new BadUserInputError(`members[${i}] must have exactly one of accountId, groupId, address.`, { index: i });
      return member.address
        ? { kind: "address" as const, address: canonical(member.address) }
        : member.accountId
          ? { kind: "account" as const, id: member.accountId }
          : { kind: "group" as const, id: member.groupId as string };
    });
    return this.db.transaction(async (m) => {
      // One membership change at a time per organization: two batches could otherwise close a cycle between them.
      await m.findOne(OrganizationEntity, { where: { id: found.organizationId }, lock: lockFor(this.db.dialect) });
      const group = await this.reload(m, groupId);
      const rows: GroupMemberEntity[] = [];
      const now = new Date();
      const existing = await m.find(GroupMemberEntity, { where: { groupId } });
      const has = new Set(existing.map(describeMember));
      // One look-up per kind for the whole batch, never one per member.
      const addresses = [...new Set(wanted.flatMap((w) => (w.kind === "address" ? [w.address.address] : [])))];
      const routed = new Map(
        (addresses.length ? await m.find(AddressEntity, { where: { address: In(addresses), organizationId: group.organizationId } }) : []).map((a) => [
          a.address,
          a,
        ]),
      );
      // Accounts and groups named directly or reached through one of their addresses.
      const reached = [...routed.values()];
      const accountIds = [
        ...new Set([...wanted.flatMap((w) => (w.kind === "account" ? [w.id] : [])), ...reached.flatMap((a) => (a.accountId ? [a.accountId] : []))]),
      ];
      const groupIds = [...new Set([...wanted.flatMap((w) => (w.kind === "group" ? [w.id] : [])), ...reached.flatMap((a) => (a.groupId ? [a.groupId] : []))])];
      // Shared locks on MySQL (account and primary rows): a concurrent status or
      // primary change either waits for this batch, whose new rows it then
      // updates, or commits first and is what this batch reads. Not TypeORM's
      // pessimistic_read: it writes FOR SHARE, which MariaDB rejects.
      const accountRows: { id: string; status: AccountStatus; primary_address: string | null }[] = accountIds.length
        ? await m.query(
            `SELECT ac.id, ac.status, p.address AS primary_address FROM account ac LEFT JOIN address p ON p.account_id = ac.id AND p.kind = ?
WHERE ac.organization_id = ? AND ac.id IN (${accountIds.map(() => "?").join(", ")})${this.db.dialect === "mysql" ? " LOCK IN SHARE MODE" : ""}`,
            [AddressKind.PRIMARY, group.organizationId, ...accountIds],
          )
        : [];
      const accounts = new Map(accountRows.map((a) => [a.id, a]));
      const groups = new Map(
        (groupIds.length ? await m.find(GroupEntity, { where: { id: In(groupIds), organizationId: group.organizationId } }) : []).map((g) => [g.id, g]),
      );
      const managed =
        nestsAny || !groupIds.length
          ? null
          : new Set((await m.find(GroupOwnerEntity, { where: { accountId: p.id, groupId: In(groupIds) } })).map((o) => o.groupId));
      const external = wanted.flatMap((w) => (w.kind === "address" && !routed.has(w.address.address) ? [w.address] : []));
      const ownDomains = new Set(
        (external.length
          ? await m.find(DomainEntity, {
              where: { organizationId: group.organizationId, status: DomainStatus.VERIFIED, name: In([...new Set(external.map((a) => a.domain))]) },
            })
          : []
        ).map((d) => d.name),
      );
      for (const [index, w] of wanted.entries()) {
        const member: GroupMemberEntity = {
          id: timeOrderedId(),
          groupId,
          memberAccountId: null,
          memberGroupId: null,
          externalAddress: null,
          mailbox: null,
          deliverable: false,
          memberGroupName: null,
          createdAt: now,
        };
        if (w.kind === "address") {
          const own = routed.get(w.address.address);
          if (own?.accountId) member.memberAccountId = own.accountId;
          else if (own?.groupId) {
            if (managed && !managed.has(own.groupId)) {
              throw new ForbiddenError(`${w.address.unicodeAddress} is the address of a group you do not manage; only administrators can nest it.`, { index });
            }
            member.memberGroupId = own.groupId;
          } else {
            if (ownDomains.has(w.address.domain)) requireNoRelayRoute(w.address);
            member.externalAddress = w.address.address;
          }
        } else if (w.kind === "account") {
          if (!accounts.has(w.id)) throw new NotFoundError("Account not found.", { accountId: w.id });
          member.memberAccountId = w.id;
        } else {
          if (!groups.has(w.id) || (managed && !managed.has(w.id))) throw new NotFoundError("Group not found.", { groupId: w.id });
          member.memberGroupId = w.id;
        }
        if (member.memberAccountId) {
          const account = accounts.get(member.memberAccountId);
          member.mailbox = account?.primary_address ?? null;
          member.deliverable = account?.status === AccountStatus.ACTIVE && member.mailbox !== null;
        } else if (member.memberGroupId) {
          member.memberGroupName = groups.get(member.memberGroupId)?.name ?? null;
        } else {
          member.mailbox = member.externalAddress;
          member.deliverable = true;
        }
        const key = describeMember(member);
        if (has.has(key)) continue;
        has.add(key);
        rows.push(member);
      }
      await this.requireNoCycle(m, group, rows);
      if (rows.length > 0) {
        await m.insert(GroupMemberEntity, rows);
        await recordAudit(m, principal, {
          organizationId: group.organizationId,
          action: "group.addMembers",
          targetType: "Group",
          targetId: groupId,
          details: { added: rows.map(describeMember) },
        });
      }
      return group;
    });
  }

  /** Removes members by their membership ids; unknown ids are ignored. */
  async removeMembers(principal: Principal | null, groupId: string, memberIds: string[]): Promise<GroupEntity> {
    const found = await this.load(principal, groupId);
    await this.requireManager(principal, found);
    return this.db.transaction(async (m) => {
      const group = await this.reload(m, groupId);
      if (memberIds.length === 0) return group;
      const removed = await m.find(GroupMemberEntity, { where: { groupId, id: In(memberIds) } });
      if (removed.length === 0) return group;
      await m.delete(GroupMemberEntity, { groupId, id: In(removed.map((r) => r.id)) });
      await recordAudit(m, principal, {
        organizationId: group.organizationId,
        action: "group.removeMembers",
        targetType: "Group",
        targetId: groupId,
        details: { removed: removed.map(describeMember) },
      });
      return group;
    });
  }

  /** Replaces the owners (admins only); owners must be accounts of the organization. */
  async setOwners(principal: Principal | null, groupId: string, accountIds: string[]): Promise<GroupEntity> {
    const found = await this.load(principal, groupId);
    requireOrgAdmin(principal, found.organizationId, "Group");
    const unique = [...new Set(accountIds)];
    return this.db.transaction(async (m) => {
      const group = await this.reload(m, groupId);
      const accounts = unique.length ? await m.find(AccountEntity, { where: { id: In(unique), organizationId: group.organizationId } }) : [];
      if (accounts.length !== unique.length) throw new NotFoundError("Account not found.");
      const before = (await m.find(GroupOwnerEntity, { where: { groupId } })).map((o) => o.accountId).sort();
      await m.delete(GroupOwnerEntity, { groupId });
      if (unique.length)
        await m.insert(
          GroupOwnerEntity,
          unique.map((accountId) => ({ groupId, accountId })),
        );
      await recordAudit(m, principal, {
        organizationId: group.organizationId,
        action: "group.setOwners",
        targetType: "Group",
        targetId: groupId,
        before: { owners: before },
        after: { owners: [...unique].sort() },
      });
      return group;
    });
  }

  /** The groups that contain this group directly, by name (deleting it removes it from them). */
  async containing(groupId: string): Promise<GroupEntity[]> {
    return this.db.manager
      .createQueryBuilder(GroupEntity, "g")
      .where("EXISTS (SELECT 1 FROM group_member gm WHERE gm.group_id = g.id AND gm.member_group_id = :id)", { id: groupId })
      .orderBy("g.name", "ASC")
      .addOrderBy("g.id", "ASC")
      .getMany();
  }

  /** Members, paginated in the order they were added (membership ids are time-ordered). */
  async members(groupId: string, first?: number | null, after?: string | null): Promise<Page<GroupMemberEntity>> {
    const limit = pageSize(first, 50);
    const cursor = decodeCursor(after, ["id"]);
    const qb = this.db.manager
      .createQueryBuilder(GroupMemberEntity, "gm")
      .where("gm.group_id = :g", { g: groupId })
      .orderBy("gm.id", "ASC")
      .take(limit + 1);
    if (cursor) qb.andWhere("gm.id > :c", { c: cursor[0] });
    return toPage(
      await qb.getMany(),
      limit,
      (r) => [r.id],
      () => this.db.manager.count(GroupMemberEntity, { where: { groupId } }),
    );
  }

  /**
   * The group reaches itself through the new edges (directly or at any depth)?
   * Then GROUP_CYCLE, with `extensions.path`: the group names from the group
   * being changed, through the group being added, back to the first.
   */
  private async requireNoCycle(m: EntityManager, group: GroupEntity, rows: GroupMemberEntity[]): Promise<void> {
    const added = rows.filter((r) => r.memberGroupId);
    if (added.length === 0) return;
    const edges: { group_id: string; member_group_id: string }[] = await m.query(
      "SELECT gm.group_id, gm.member_group_id FROM group_member gm JOIN distribution_group g ON g.id = gm.group_id WHERE g.organization_id = ? AND gm.member_group_id IS NOT NULL",
      [group.organizationId],
    );
    const children = new Map<string, string[]>();
    const link = (from: string, to: string) => children.set(from, [...(children.get(from) ?? []), to]);
    for (const e of edges) link(e.group_id, e.member_group_id);
    const names = async (ids: string[]) => {
      const found = new Map((await m.find(GroupEntity, { where: { id: In([...new Set(ids)]) } })).map((g) => [g.id, g.name]));
      return ids.map((id) => found.get(id) ?? id);
    };
    for (const row of added) {
      const target = row.memberGroupId as string;
      if (target === group.id) throw new GroupCycleError("A group cannot be a member of itself.", { groupId: target, path: [group.name, group.name] });
      // Breadth first from the added group, remembering how each group was reached, so the path is the shortest.
      const parent = new Map<string, string | null>([[target, null]]);
      const queue = [target];
      while (queue.length) {
        const current = queue.shift() as string;
        if (current === group.id) {
          const chain: string[] = [];
          for (let at: string | null = current; at !== null; at = parent.get(at) ?? null) chain.unshift(at);
          const path = await names([group.id, ...chain]);
          throw new GroupCycleError(`Adding this group would make a loop: ${path.join(" → ")}. Nothing was added.`, { groupId: target, path });
        }
        for (const next of children.get(current) ?? []) {
          if (parent.has(next)) continue;
          parent.set(next, current);
          queue.push(next);
        }
      }
      link(group.id, target);
    }
  }

  private async load(principal: Principal | null, id: string): Promise<GroupEntity> {
    requireSignedIn(principal);
    const group = await this.db.manager.findOne(GroupEntity, { where: { id } });
    if (!group) throw new NotFoundError("Group not found.");
    requireMember(principal, group.organizationId, "Group");
    return group;
  }

  private async reload(m: EntityManager, id: string): Promise<GroupEntity> {
    const group = await m.findOne(GroupEntity, { where: { id } });
    if (!group) throw new NotFoundError("Group not found.");
    return group;
  }

  private async isOwner(principal: Principal, groupId: string): Promise<boolean> {
    return principal.kind === "account" && (await this.db.manager.exists(GroupOwnerEntity, { where: { groupId, accountId: principal.id } }));
  }

  /** Operators, the organization's admins, and the group's owners. */
  private async requireManager(principal: Principal | null, group: GroupEntity): Promise<void> {
    const p = requireMember(principal, group.organizationId, "Group");
    if (actsAsOperator(p) || actsAsOrgAdmin(p)) return;
    if (!(await this.isOwner(p, group.id))) throw new ForbiddenError("Only administrators and the group's owners may change this group.");
  }
}

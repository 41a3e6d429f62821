import DataLoader from "dataloader";
import { In } from "typeorm";
import { AccountEntity } from "../accounts/account.entity";
import { AddressEntity, AddressKind } from "../addresses/address.entity";
import type { AliasClaimEntity } from "../addresses/alias-claim.entity";
import type { AliasClaimService } from "../addresses/alias-claim.service";
import type { Database } from "../db/database";
import { GroupEntity, GroupMemberEntity, GroupOwnerEntity } from "../groups/group.entity";
import { OrganizationEntity } from "../organizations/organization.entity";

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Per-request batchers: one `IN (…)` statement per relation per tick, results in key order. */
export function createLoaders(db: Database, aliasClaims: AliasClaimService) {
  const m = db.manager;
  return {
    addressById: new DataLoader<string, AddressEntity | null>(async (ids) => byKey(ids, await m.find(AddressEntity, { where: { id: In([...ids]) } }), (a) => a.id)),
    addressesByAccount: new DataLoader<string, AddressEntity[]>(async (ids) => {
      const rows = await m.find(AddressEntity, { where: { accountId: In([...ids]) }, order: { createdAt: "ASC", address: "ASC" } });
      const grouped = new Map<string, AddressEntity[]>(ids.map((id) => [id, []]));
      for (const row of rows) grouped.get(row.accountId as string)?.push(row);
      return ids.map((id) => grouped.get(id) ?? []);
    }),
    formerAddressesByAccount: new DataLoader<string, AddressEntity[]>(async (ids) => {
      const rows = await m.find(AddressEntity, { where: { formerAccountId: In([...ids]) }, order: { createdAt: "ASC", address: "ASC" } });
      const grouped = new Map<string, AddressEntity[]>(ids.map((id) => [id, []]));
      for (const row of rows) grouped.get(row.formerAccountId as string)?.push(row);
      return ids.map((id) => grouped.get(id) ?? []);
    }),
    accountById: new DataLoader<string, AccountEntity | null>(async (ids) =>
      byKey(ids, await m.find(AccountEntity, { where: { id: In([...ids]) } }), (a) => a.id),
    ),
    openClaimsByAccount: new DataLoader<string, AliasClaimEntity[]>(async (ids) => {
      const grouped = new Map<string, AliasClaimEntity[]>(ids.map((id) => [id, []]));
      for (const claim of await aliasClaims.openClaims(ids)) grouped.get(claim.accountId)?.push(claim);
      return ids.map((id) => grouped.get(id) ?? []);
    }),
    groupById: new DataLoader<string, GroupEntity | null>(async (ids) => byKey(ids, await m.find(GroupEntity, { where: { id: In([...ids]) } }), (g) => g.id)),
    groupAddress: new DataLoader<string, AddressEntity | null>(async (ids) =>
      byKey(ids, await m.find(AddressEntity, { where: { groupId: In([...ids]), kind: AddressKind.GROUP } }), (a) => a.groupId as string),
    ),
    groupOwners: new DataLoader<string, AccountEntity[]>(async (ids) => {
      const owners = await m.find(GroupOwnerEntity, { where: { groupId: In([...ids]) } });
      const accounts = owners.length ? await m.find(AccountEntity, { where: { id: In(owners.map((o) => o.accountId)) } }) : [];
      const byId = new Map(accounts.map((a) => [a.id, a]));
      return ids.map((id) => owners.filter((o) => o.groupId === id).map((o) => byId.get(o.accountId)).filter((a): a is AccountEntity => !!a));
    }),
    groupMemberCount: new DataLoader<string, number>(async (ids) => {
      const rows: { group_id: string; n: number | string }[] = await m
        .createQueryBuilder(GroupMemberEntity, "gm")
        .select("gm.group_id", "group_id")
        .addSelect("COUNT(*)", "n")
        .where("gm.group_id IN (:...ids)", { ids: [...ids] })
        .groupBy("gm.group_id")
        .getRawMany();
      const counts = new Map(rows.map((r) => [r.group_id, Number(r.n)]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    groupsOfAccount: new DataLoader<string, GroupEntity[]>(async (ids) => {
      const memberships = await m.find(GroupMemberEntity, { where: { memberAccountId: In([...ids]) } });
      const groups = memberships.length ? await m.find(GroupEntity, { where: { id: In(memberships.map((g) => g.groupId)) }, order: { name: "ASC" } }) : [];
      return ids.map((id) => {
        const mine = new Set(memberships.filter((g) => g.memberAccountId === id).map((g) => g.groupId));
        return groups.filter((g) => mine.has(g.id));
      });
    }),
    organizationById: new DataLoader<string, OrganizationEntity | null>(async (ids) =>
      byKey(ids, await m.find(OrganizationEntity, { where: { id: In([...ids]) } }), (o) => o.id),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

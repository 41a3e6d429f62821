import DataLoader from "dataloader";
import { In } from "typeorm";
import { AccountEntity } from "../accounts/account.entity";
import { AddressEntity, AddressKind } from "../addresses/address.entity";
import { byKey } from "../common/batch";
import type { Database } from "../db/database";
import { GroupEntity, GroupMemberEntity, GroupOwnerEntity } from "./group.entity";

/** Per-request batchers of the groups area: one `IN (…)` statement per relation per tick. */
export function createGroupLoaders(db: Database) {
  const m = db.manager;
  return {
    groupById: new DataLoader<string, GroupEntity | null>(async (ids) => byKey(ids, await m.find(GroupEntity, { where: { id: In([...ids]) } }), (g) => g.id)),
    groupAddress: new DataLoader<string, AddressEntity | null>(async (ids) =>
      byKey(ids, await m.find(AddressEntity, { where: { groupId: In([...ids]), kind: AddressKind.GROUP } }), (a) => a.groupId as string),
    ),
    groupOwners: new DataLoader<string, AccountEntity[]>(async (ids) => {
      const owners = await m.find(GroupOwnerEntity, { where: { groupId: In([...ids]) } });
      const accounts = owners.length ? await m.find(AccountEntity, { where: { id: In(owners.map((o) => o.accountId)) } }) : [];
      const byId = new Map(accounts.map((a) => [a.id, a]));
      return ids.map((id) =>
        owners
          .filter((o) => o.groupId === id)
          .map((o) => byId.get(o.accountId))
          .filter((a): a is AccountEntity => !!a),
      );
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
  };
}

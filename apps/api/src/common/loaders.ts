import DataLoader from "dataloader";
import { In } from "typeorm";
import { AccountEntity } from "../accounts/account.entity";
import { AddressEntity } from "../addresses/address.entity";
import type { AliasClaimEntity } from "../addresses/alias-claim.entity";
import type { AliasClaimService } from "../addresses/alias-claim.service";
import type { Database } from "../db/database";
import { OrganizationEntity } from "../organizations/organization.entity";

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Per-request batchers: one `IN (…)` statement per relation per tick, results in key order. */
export function createLoaders(db: Database, aliasClaims: AliasClaimService) {
  const m = db.manager;
  return {
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
    organizationById: new DataLoader<string, OrganizationEntity | null>(async (ids) =>
      byKey(ids, await m.find(OrganizationEntity, { where: { id: In([...ids]) } }), (o) => o.id),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

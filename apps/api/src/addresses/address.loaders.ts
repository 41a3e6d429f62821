import DataLoader from "dataloader";
import { In } from "typeorm";
import { allByKey, byKey } from "../common/batch";
import type { Database } from "../db/database";
import { AddressEntity } from "./address.entity";
import type { AliasClaimEntity } from "./alias-claim.entity";
import type { AliasClaimService } from "./alias-claim.service";

/** Per-request batchers of the addresses area: one `IN (…)` statement per relation per tick. */
export function createAddressLoaders(db: Database, aliasClaims: AliasClaimService) {
  const m = db.manager;
  return {
    addressById: new DataLoader<string, AddressEntity | null>(async (ids) =>
      byKey(ids, await m.find(AddressEntity, { where: { id: In([...ids]) } }), (a) => a.id),
    ),
    addressesByAccount: new DataLoader<string, AddressEntity[]>(async (ids) =>
      allByKey(
        ids,
        await m.find(AddressEntity, { where: { accountId: In([...ids]) }, order: { createdAt: "ASC", address: "ASC" } }),
        (row) => row.accountId as string,
      ),
    ),
    formerAddressesByAccount: new DataLoader<string, AddressEntity[]>(async (ids) =>
      allByKey(
        ids,
        await m.find(AddressEntity, { where: { formerAccountId: In([...ids]) }, order: { createdAt: "ASC", address: "ASC" } }),
        (row) => row.formerAccountId as string,
      ),
    ),
    /** Keys are "<organizationId> <domain name>": the organization's addresses on that domain. */
    addressCountByDomain: new DataLoader<string, number>(async (keys) => {
      const pairs = keys.map((key) => key.split(" ") as [string, string]);
      const rows = (await m.query(
        `SELECT organization_id AS o, domain AS d, COUNT(*) AS n FROM address WHERE ${pairs.map(() => "(organization_id = ? AND domain = ?)").join(" OR ")} GROUP BY organization_id, domain`,
        pairs.flat(),
      )) as { o: string; d: string; n: number | string }[];
      const counts = new Map(rows.map((row) => [`${row.o} ${row.d}`, Number(row.n)]));
      return keys.map((key) => counts.get(key) ?? 0);
    }),
    openClaimsByAccount: new DataLoader<string, AliasClaimEntity[]>(async (ids) =>
      allByKey(ids, await aliasClaims.openClaims(ids), (claim) => claim.accountId),
    ),
  };
}

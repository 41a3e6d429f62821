import DataLoader from "dataloader";
import { In } from "typeorm";
import { byKey } from "../common/batch";
import type { Database } from "../db/database";
import { AccountEntity } from "./account.entity";

/** Per-request batchers of the accounts area: one `IN (…)` statement per relation per tick. */
export function createAccountLoaders(db: Database) {
  const m = db.manager;
  return {
    accountById: new DataLoader<string, AccountEntity | null>(async (ids) =>
      byKey(ids, await m.find(AccountEntity, { where: { id: In([...ids]) } }), (a) => a.id),
    ),
  };
}

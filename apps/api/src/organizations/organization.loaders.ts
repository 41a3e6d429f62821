import DataLoader from "dataloader";
import { In } from "typeorm";
import { byKey } from "../common/batch";
import type { Database } from "../db/database";
import { OrganizationEntity } from "./organization.entity";

/** Per-request batchers of the organizations area. */
export function createOrganizationLoaders(db: Database) {
  const m = db.manager;
  return {
    organizationById: new DataLoader<string, OrganizationEntity | null>(async (ids) =>
      byKey(ids, await m.find(OrganizationEntity, { where: { id: In([...ids]) } }), (o) => o.id),
    ),
  };
}

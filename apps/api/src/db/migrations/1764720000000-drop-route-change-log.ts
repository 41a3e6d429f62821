import type { MigrationInterface, QueryRunner } from "typeorm";
import { RouteChangeLog1732665600000 } from "./1732665600000-route-change-log";

/**
 * Addresses resolve with one SQL statement in every process (docs/decisions.md),
 * so nothing reads the route_change log any more: its triggers and tables go,
 * and writes to address, account and distribution_group stop paying for them.
 * SQLite only, like the migration that created them (MySQL never had them).
 */
const TRIGGERS = [
  "route_change_prune",
  "route_change_address_insert",
  "route_change_address_update",
  "route_change_address_delete",
  "route_change_account_update",
  "route_change_account_delete",
  "route_change_group_update",
  "route_change_group_delete",
];

export class DropRouteChangeLog1764720000000 implements MigrationInterface {
  name = "DropRouteChangeLog1764720000000";

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === "mysql") return;
    for (const trigger of TRIGGERS) await runner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    await runner.query("DROP TABLE IF EXISTS route_change_pruned");
    await runner.query("DROP TABLE IF EXISTS route_change");
  }

  async down(runner: QueryRunner): Promise<void> {
    // The log starts empty again; a reader of it would begin from a full load.
    await new RouteChangeLog1732665600000().up(runner);
  }
}

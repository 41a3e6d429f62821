import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * SQLite only: a log of every change that can alter where an address routes,
 * written by triggers in the writer's own transaction. Each API process kept
 * the routing rows in memory (an in-memory route table) and, before answering,
 * applied the changes committed since it last looked, whichever process made
 * them. 1764720000000-drop-route-change-log removes the log with that table.
 * Triggers rather than service code, so that no write path can be missed.
 *
 * The log keeps the last 100,000 changes: every 10,000th change deletes what
 * is older and records how far it deleted, so a process that fell further
 * behind knows to reload everything instead.
 *
 * MySQL resolves with one SQL statement per request and needs none of this.
 */
const KEEP = 100_000;
const PRUNE_EVERY = 10_000;

const SQLITE = [
  `CREATE TABLE route_change (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind VARCHAR(16) NOT NULL,
    ref VARCHAR(254) NOT NULL
  )`,
  `CREATE TABLE route_change_pruned (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), upto INTEGER NOT NULL)`,
  `INSERT INTO route_change_pruned (id, upto) VALUES (1, 0)`,
  `CREATE TRIGGER route_change_prune AFTER INSERT ON route_change WHEN NEW.seq % ${PRUNE_EVERY} = 0 BEGIN
    DELETE FROM route_change WHERE seq <= NEW.seq - ${KEEP};
    UPDATE route_change_pruned SET upto = MAX(upto, NEW.seq - ${KEEP});
  END`,
  `CREATE TRIGGER route_change_address_insert AFTER INSERT ON address BEGIN
    INSERT INTO route_change (kind, ref) VALUES ('address', NEW.address);
  END`,
  `CREATE TRIGGER route_change_address_update AFTER UPDATE ON address BEGIN
    INSERT INTO route_change (kind, ref) SELECT 'address', OLD.address WHERE OLD.address <> NEW.address;
    INSERT INTO route_change (kind, ref) VALUES ('address', NEW.address);
  END`,
  `CREATE TRIGGER route_change_address_delete AFTER DELETE ON address BEGIN
    INSERT INTO route_change (kind, ref) VALUES ('address', OLD.address);
  END`,
  `CREATE TRIGGER route_change_account_update AFTER UPDATE ON account BEGIN
    INSERT INTO route_change (kind, ref) VALUES ('account', NEW.id);
  END`,
  `CREATE TRIGGER route_change_account_delete AFTER DELETE ON account BEGIN
    INSERT INTO route_change (kind, ref) VALUES ('account', OLD.id);
  END`,
  `CREATE TRIGGER route_change_group_update AFTER UPDATE ON distribution_group BEGIN
    INSERT INTO route_change (kind, ref) VALUES ('group', NEW.id);
  END`,
  `CREATE TRIGGER route_change_group_delete AFTER DELETE ON distribution_group BEGIN
    INSERT INTO route_change (kind, ref) VALUES ('group', OLD.id);
  END`,
];

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

export class RouteChangeLog1732665600000 implements MigrationInterface {
  name = "RouteChangeLog1732665600000";

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === "mysql") return;
    for (const statement of SQLITE) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === "mysql") return;
    for (const trigger of TRIGGERS) await runner.query(`DROP TRIGGER ${trigger}`);
    await runner.query("DROP TABLE route_change_pruned");
    await runner.query("DROP TABLE route_change");
  }
}

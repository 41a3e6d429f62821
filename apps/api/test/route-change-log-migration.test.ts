import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { MIGRATIONS } from "../src/db/migrations";
import { DropRouteChangeLog1764720000000 } from "../src/db/migrations/1764720000000-drop-route-change-log";

const ROUTE_CHANGE_TRIGGERS = [
  "route_change_account_delete",
  "route_change_account_update",
  "route_change_address_delete",
  "route_change_address_insert",
  "route_change_address_update",
  "route_change_group_delete",
  "route_change_group_update",
  "route_change_prune",
];

describe.each(dialects())("route_change log removal (%s)", (dialect) => {
  const app = useTestApp(dialect);

  /** Every trigger in the database, and the tables whose name starts with route_change. */
  async function schema(): Promise<{ triggers: string[]; tables: string[] }> {
    const names = async (sql: string) => ((await app.db.manager.query(sql)) as { name: string }[]).map((r) => r.name).sort();
    if (dialect === "sqlite") {
      return {
        triggers: await names("SELECT name FROM sqlite_master WHERE type = 'trigger'"),
        tables: await names("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'route\\_change%' ESCAPE '\\'"),
      };
    }
    return {
      triggers: await names("SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"),
      tables: await names("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'route\\_change%'"),
    };
  }

  it("leaves no route_change trigger or table, and writes and resolution work without them", async () => {
    expect(MIGRATIONS).toContain(DropRouteChangeLog1764720000000);
    expect(await schema()).toEqual({ triggers: [], tables: [] });

    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const id = await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });
    await app.ok("mutation($a: ID!, $x: String!) { setPrimaryAddress(accountId: $a, address: $x) { id } }", { a: id, x: "ann.new@acme.test" }, acme.adminToken);
    const resolved = await app.ok('{ resolveAddress(address: "ann+news@acme.test") { address kind deliverTo } }', {}, acme.adminToken);
    expect(resolved.resolveAddress).toEqual({ address: "ann@acme.test", kind: "SECONDARY", deliverTo: ["ann.new@acme.test"] });
    expect(await schema()).toEqual({ triggers: [], tables: [] });
  });

  it("reverts to the log SQLite had, and drops it again", async () => {
    // Undo the migrations after it, then it.
    const ds = app.db.dataSource;
    const later = MIGRATIONS.slice(MIGRATIONS.indexOf(DropRouteChangeLog1764720000000) + 1).map((m) => m.name);
    for (let i = 0; i <= later.length; i++) await ds.undoLastMigration({ transaction: "each" });
    expect(await schema()).toEqual(
      dialect === "sqlite" ? { triggers: ROUTE_CHANGE_TRIGGERS, tables: ["route_change", "route_change_pruned"] } : { triggers: [], tables: [] },
    );

    const ran = await ds.runMigrations({ transaction: "each" });
    expect(ran.map((m) => m.name)).toEqual(["DropRouteChangeLog1764720000000", ...later]);
    expect(await schema()).toEqual({ triggers: [], tables: [] });
  });
});

import { spawn } from "node:child_process";
import { type Database, openDatabase } from "../src/db/database";
import { walIndexWatchAvailable } from "../src/db/wal-index";
import { DnsTxtLookup } from "../src/dns/txt-resolver";
import { OutboxMailer } from "../src/mail/mailer";
import { createServices, type Services } from "../src/services";
import { walIndexTestable } from "./support/databases";
import { OPERATOR_EMAIL, useTestApp } from "./support/harness";

const RESOLVE = "query($a: String!) { resolveAddress(address: $a) { address kind account { displayName } group { name } deliverTo trace { kind from to } } }";
const OPERATOR = { kind: "operator" as const, id: "other-process", email: OPERATOR_EMAIL, label: OPERATOR_EMAIL, sessionId: null };

/**
 * On SQLite every API process answers resolveAddress from its in-memory route
 * table. These tests change the directory through a second, independent set of
 * connections to the same file (as another API process would) and check that
 * the very next look-up sees each change.
 */
const FRESHNESS = [
  // The look-up reads the wal-index header from shared memory and asks SQLite only when it moved.
  ...(walIndexTestable(walIndexWatchAvailable()) ? (["wal-index"] as const) : []),
  // Every look-up asks SQLite (no addon, or a database not in WAL mode).
  "data_version" as const,
];

describe.each(FRESHNESS)("route table (sqlite, freshness through %s)", (freshness) => {
  const app = useTestApp("sqlite", { watchWalIndex: freshness === "wal-index" });
  let other: { db: Database; services: Services };

  beforeAll(async () => {
    const db = await openDatabase(app.database.url, { migrate: false, routeTable: false });
    other = { db, services: createServices({ db, dns: new DnsTxtLookup([]), mailer: new OutboxMailer(db, "other@postroom.test", () => {}), publicUrl: "http://localhost", sessionTtlMs: 3_600_000 }) };
  });
  afterAll(async () => {
    await other.db.close();
  });

  const resolve = async (address: string, token: string) => (await app.ok(RESOLVE, { a: address }, token)).resolveAddress;
  /**
   * `count` accounts written straight into the table. Tests that check a
   * change applied row by row need them: the table reloads everything at
   * once when the changes outnumber a quarter of its addresses.
   */
  const seedAccounts = (organizationId: string, count: number) =>
    app.db.transaction(async (m) => {
      for (let i = 0; i < count; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        await m.query("INSERT INTO account (id, organization_id, display_name, search_name, profile, status, exchange_enabled, created_at, updated_at) VALUES (?, ?, ?, ?, 'PROFESSIONAL', 'ACTIVE', 1, datetime('now'), datetime('now'))", [id, organizationId, `User ${i}`, `user ${i}`]);
        await m.query("INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, group_id, created_at) VALUES (?, ?, 'acme.test', 'PRIMARY', 'ACTIVE', ?, ?, NULL, datetime('now'))", [id, `user${i}@acme.test`, organizationId, id]);
      }
    });
  const addressId = async (address: string) => ((await app.db.manager.query("SELECT id FROM address WHERE address = ?", [address])) as { id: string }[])[0].id;

  it("sees every change another process commits at the next look-up", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await seedAccounts(acme.orgId, 20);
    const bob = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" });
    expect(app.db.routes?.freshness).toBe(freshness);
    expect(await resolve("desk@acme.test", acme.adminToken)).toBeNull();
    expect((await resolve("bob@acme.test", acme.adminToken)).deliverTo).toEqual(["bob@acme.test"]);

    await other.services.addresses.addAlias(OPERATOR, { accountId: bob, address: "desk@acme.test" });
    expect(await resolve("desk+x@acme.test", acme.adminToken)).toEqual({
      address: "desk@acme.test",
      kind: "ALIAS",
      account: { displayName: "Bob" },
      group: null,
      deliverTo: ["bob@acme.test"],
      trace: [
        { kind: "SUBADDRESS", from: "desk+x@acme.test", to: "desk@acme.test" },
        { kind: "ADDRESS", from: "desk@acme.test", to: "Bob" },
        { kind: "MAILBOX", from: "Bob", to: "bob@acme.test" },
      ],
    });

    // A new primary address moves the mailbox every other address delivers to.
    await other.services.accounts.setPrimaryAddress(OPERATOR, bob, "robert@acme.test");
    expect((await resolve("desk@acme.test", acme.adminToken)).deliverTo).toEqual(["robert@acme.test"]);
    expect(await resolve("bob@acme.test", acme.adminToken)).toMatchObject({ kind: "SECONDARY", deliverTo: ["robert@acme.test"] });
    expect(await resolve("robert@acme.test", acme.adminToken)).toMatchObject({ kind: "PRIMARY", deliverTo: ["robert@acme.test"] });

    await other.services.accounts.update(OPERATOR, bob, { displayName: "Robert" });
    expect((await resolve("desk@acme.test", acme.adminToken)).account).toEqual({ displayName: "Robert" });

    await other.services.accounts.disable(OPERATOR, bob);
    expect(await resolve("desk@acme.test", acme.adminToken)).toMatchObject({
      deliverTo: [],
      trace: [
        { kind: "ADDRESS", from: "desk@acme.test", to: "Robert" },
        { kind: "SKIPPED_DISABLED", from: "Robert", to: "robert@acme.test" },
      ],
    });
    await other.services.accounts.enable(OPERATOR, bob);
    expect((await resolve("desk@acme.test", acme.adminToken)).deliverTo).toEqual(["robert@acme.test"]);

    await other.services.addresses.remove(OPERATOR, await addressId("desk@acme.test"));
    expect(await resolve("desk@acme.test", acme.adminToken)).toBeNull();
  });

  it("answers exactly as the SQL statement does (ROUTE_TABLE=off, and MySQL)", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await seedAccounts(acme.orgId, 20);
    const fay = await app.createAccount(acme.orgId, { displayName: "Fay", primaryAddress: "fay@acme.test" });
    await app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId: fay, address: "f@acme.test" } }, acme.adminToken);
    const group = await app.services.groups.create(OPERATOR, { organizationId: acme.orgId, name: "Desk", address: "desk@acme.test" });
    await app.services.groups.addMembers(OPERATOR, group.id, [{ accountId: fay }, { address: "x@example.org" }]);
    await app.services.accounts.disable(OPERATOR, await app.createAccount(acme.orgId, { displayName: "Gus", primaryAddress: "gus@acme.test" }));
    expect(other.db.routes).toBeNull();
    for (const address of ["fay@acme.test", "F+news@acme.test", "desk@acme.test", "gus@acme.test", "user7@acme.test", "nobody@acme.test", "nobody+x@acme.test"]) {
      const fromMemory = await app.services.resolution.resolve(OPERATOR, address, "fay@acme.test");
      const fromSql = await other.services.resolution.resolve(OPERATOR, address, "fay@acme.test");
      expect({ address, resolution: fromMemory }).toEqual({ address, resolution: fromSql });
    }
    expect((await app.services.resolution.resolve(OPERATOR, "F+news@acme.test"))?.deliverTo).toEqual(["fay@acme.test"]);
  });

  it("follows groups created, renamed and deleted by another process", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await seedAccounts(acme.orgId, 20);
    const ann = await app.createAccount(acme.orgId, { displayName: "Ann", primaryAddress: "ann@acme.test" });
    const group = await other.services.groups.create(OPERATOR, { organizationId: acme.orgId, name: "Sales", address: "sales@acme.test" });
    await other.services.groups.addMembers(OPERATOR, group.id, [{ accountId: ann }, { address: "partner@example.org" }]);
    expect(await resolve("sales@acme.test", acme.adminToken)).toMatchObject({ kind: "GROUP", group: { name: "Sales" }, deliverTo: ["ann@acme.test", "partner@example.org"] });

    await other.services.groups.update(OPERATOR, group.id, { name: "Sales Team" });
    expect((await resolve("sales@acme.test", acme.adminToken)).group).toEqual({ name: "Sales Team" });

    await other.services.groups.delete(OPERATOR, group.id);
    expect(await resolve("sales@acme.test", acme.adminToken)).toBeNull();
  });

  it("sees a change written by another operating-system process", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await seedAccounts(acme.orgId, 20);
    await app.createAccount(acme.orgId, { displayName: "Cat", primaryAddress: "cat@acme.test" });
    expect((await resolve("cat@acme.test", acme.adminToken)).deliverTo).toEqual(["cat@acme.test"]);

    // A bare better-sqlite3 connection in a child process, committing one UPDATE.
    const file = app.database.url.replace(/^sqlite:/, "");
    const script = `const db = new (require("better-sqlite3"))(process.argv[1]); db.pragma("busy_timeout = 5000");
      db.prepare("UPDATE account SET status = 'DISABLED' WHERE id = (SELECT account_id FROM address WHERE address = 'cat@acme.test')").run(); db.close();`;
    const child = spawn(process.execPath, ["-e", script, file], { cwd: __dirname, stdio: "inherit" });
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);

    expect((await resolve("cat@acme.test", acme.adminToken)).deliverTo).toEqual([]);
  });

  it("clears an account's mailbox when its primary address stops being one", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await seedAccounts(acme.orgId, 20);
    const eve = await app.createAccount(acme.orgId, { displayName: "Eve", primaryAddress: "eve@acme.test" });
    await app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId: eve, address: "e@acme.test" } }, acme.adminToken);
    expect((await resolve("e@acme.test", acme.adminToken)).deliverTo).toEqual(["eve@acme.test"]);

    await other.db.transaction((m) => m.query("UPDATE address SET kind = 'SECONDARY' WHERE address = 'eve@acme.test'"));
    expect(await resolve("e@acme.test", acme.adminToken)).toMatchObject({ deliverTo: [], trace: [{ kind: "ADDRESS", from: "e@acme.test", to: "Eve" }] });
  });

  it("reloads everything when the changes it missed were pruned from the log", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await seedAccounts(acme.orgId, 20);
    const dan = await app.createAccount(acme.orgId, { displayName: "Dan", primaryAddress: "dan@acme.test" });
    await app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId: dan, address: "d@acme.test" } }, acme.adminToken);
    expect((await resolve("d@acme.test", acme.adminToken)).deliverTo).toEqual(["dan@acme.test"]);

    // Every 10,000th logged change prunes all but the last 100,000. Log a
    // change, then jump the sequence so that the next prune removes it before
    // this process has read it.
    await other.db.transaction((m) => m.query("DELETE FROM address WHERE account_id = ? AND kind = 'PRIMARY'", [dan]));
    const [{ seq }] = (await other.db.manager.query("SELECT MAX(seq) AS seq FROM route_change")) as { seq: number }[];
    const next = (Math.floor(seq / 10_000) + 11) * 10_000;
    await other.db.transaction((m) => m.query("INSERT INTO route_change (seq, kind, ref) VALUES (?, 'address', 'nobody@acme.test')", [next]));
    expect(((await other.db.manager.query("SELECT upto FROM route_change_pruned")) as { upto: number }[])[0].upto).toBe(next - 100_000);
    expect(await app.count("SELECT COUNT(*) AS n FROM route_change WHERE seq <= ?", [next - 100_000])).toBe(0);

    expect(await resolve("dan@acme.test", acme.adminToken)).toBeNull();
    expect((await resolve("d@acme.test", acme.adminToken)).deliverTo).toEqual([]);
  });

  it("applies a bulk change made by another process (a domain change of 600 accounts, read again in full)", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.verifiedDomain(acme.orgId, "acme.example");
    await seedAccounts(acme.orgId, 600);
    expect((await resolve("user599@acme.test", acme.adminToken)).deliverTo).toEqual(["user599@acme.test"]);

    const result = await other.services.domainChange.change(OPERATOR, { organizationId: acme.orgId, from: "acme.test", to: "acme.example" });
    expect(result.changed).toBe(601);
    expect(await resolve("user599@acme.test", acme.adminToken)).toMatchObject({ kind: "SECONDARY", deliverTo: ["user599@acme.example"] });
    expect(await resolve("user0@acme.example", acme.adminToken)).toMatchObject({ kind: "PRIMARY", deliverTo: ["user0@acme.example"] });
  });
});

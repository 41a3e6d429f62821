import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { walIndexTestable } from "../../test/support/databases";
import { WalIndexWatch, walIndexWatchAvailable } from "./wal-index";

const suite = walIndexTestable(walIndexWatchAvailable()) ? describe : describe.skip;

suite("WalIndexWatch", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "postroom-wal-index-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports every commit, from this process or another, and nothing else", () => {
    const file = path.join(dir, "db.sqlite");
    const writer = new BetterSqlite3(file);
    writer.pragma("journal_mode = WAL");
    writer.exec("CREATE TABLE t (x INTEGER)");
    const watch = WalIndexWatch.open(file);
    expect(watch).not.toBeNull();
    expect(watch?.changed()).toBe(true);
    expect(watch?.changed()).toBe(false);

    // Reads change nothing.
    writer.prepare("SELECT COUNT(*) FROM t").get();
    expect(watch?.changed()).toBe(false);

    writer.prepare("INSERT INTO t VALUES (1)").run();
    expect(watch?.changed()).toBe(true);
    expect(watch?.changed()).toBe(false);

    // A rolled-back transaction commits nothing.
    writer.exec("BEGIN; INSERT INTO t VALUES (2); ROLLBACK");
    expect(watch?.changed()).toBe(false);

    const child = spawnSync(process.execPath, ["-e", `const db = new (require("better-sqlite3"))(process.argv[1]); db.pragma("busy_timeout = 5000"); db.prepare("INSERT INTO t VALUES (3)").run(); db.close();`, file], { cwd: __dirname, encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(watch?.changed()).toBe(true);
    expect(watch?.changed()).toBe(false);

    // A second watch on the same file remembers on its own.
    const second = WalIndexWatch.open(file);
    expect(second?.changed()).toBe(true);
    expect(second?.changed()).toBe(false);

    watch?.close();
    expect(watch?.changed()).toBe(true);
    expect(watch?.changed()).toBe(true);
    writer.close();
  });

  it("maps the new -shm file when the database is opened again after every connection closed", () => {
    const file = path.join(dir, "again.sqlite");
    const first = new BetterSqlite3(file);
    first.pragma("journal_mode = WAL");
    first.exec("CREATE TABLE t (x INTEGER)");
    expect(WalIndexWatch.open(file)?.changed()).toBe(true);
    first.close(); // the last connection: SQLite deletes the -shm file

    const second = new BetterSqlite3(file);
    second.prepare("SELECT COUNT(*) FROM t").get();
    const watch = WalIndexWatch.open(file);
    expect(watch?.changed()).toBe(true);
    expect(watch?.changed()).toBe(false);
    second.prepare("INSERT INTO t VALUES (1)").run();
    expect(watch?.changed()).toBe(true);
    second.close();
  });

  it("is not available for a database without a WAL-index", () => {
    const file = path.join(dir, "rollback.sqlite");
    const db = new BetterSqlite3(file);
    db.exec("CREATE TABLE t (x INTEGER)");
    expect(WalIndexWatch.open(file)).toBeNull();
    db.close();
  });
});

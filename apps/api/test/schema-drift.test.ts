import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { EntityMetadata } from "typeorm/metadata/EntityMetadata";
import type { Table } from "typeorm";
import { type Database, openDatabase } from "../src/db/database";
import { type TestDatabase, createTestDatabase, dialects } from "./support/databases";

/*
 * The entities and the migrations describe the same tables and columns on
 * both databases: after every migration, each entity column exists with the
 * type, length, nullability and key the entity declares (read back through
 * TypeORM's own schema reader and type normalization), and no table an entity
 * maps has a column the entity does not know. Indexes, foreign keys and
 * triggers belong to the migrations alone: no entity declares one and
 * `synchronize` is never on, so TypeORM's schema builder (`schema:log`) would
 * only list them as "to drop".
 */

/**
 * Columns the migrations add that no entity maps, each for a reason:
 * `address.primary_of` (MySQL) is the generated column behind the
 * one-PRIMARY-per-account unique index (SQLite uses a partial index instead).
 */
const DATABASE_ONLY_COLUMNS: Record<string, string[]> = { "mysql:address": ["primary_of"] };

/**
 * Columns the entity declares `text` that MySQL keeps as MEDIUMTEXT, because a
 * value may pass TEXT's 64 KB there (SQLite's TEXT has no such limit, and
 * TypeORM's SQLite driver knows no MEDIUMTEXT): a stored idempotent response.
 */
const MEDIUMTEXT_ON_MYSQL = new Set(["idempotency_request.response_body"]);

/**
 * SQLite has no BIGINT AUTO_INCREMENT: the migrations give it `INTEGER PRIMARY
 * KEY AUTOINCREMENT`, the 64-bit rowid (never NULL, though reported nullable),
 * which is what a `bigint` generated key means there.
 */
function sameColumn(dialect: string, entity: ColumnShape, table: ColumnShape | undefined, column = ""): boolean {
  if (!table) return false;
  if (dialect === "mysql" && MEDIUMTEXT_ON_MYSQL.has(column) && entity.type === "text" && table.type === "mediumtext")
    return JSON.stringify({ ...entity, type: "mediumtext" }) === JSON.stringify(table);
  if (dialect === "sqlite" && entity.primary && entity.type === "bigint" && table.primary && table.type === "integer") return true;
  return JSON.stringify(entity) === JSON.stringify(table);
}

interface ColumnShape {
  type: string;
  length: string;
  nullable: boolean;
  primary: boolean;
}

function entityColumn(db: Database, column: ColumnMetadata): ColumnShape {
  const driver = db.dataSource.driver;
  return {
    type: driver.normalizeType(column).toLowerCase(),
    length: String(driver.getColumnLength(column) || ""),
    nullable: column.isNullable,
    primary: column.isPrimary,
  };
}

/** What each entity expects of its table, and what the migrated table has, in the same shape. */
function compare(db: Database, metadata: EntityMetadata, table: Table | undefined) {
  const expected: Record<string, ColumnShape> = {};
  const actual: Record<string, ColumnShape> = {};
  for (const column of metadata.columns) {
    const shape = entityColumn(db, column);
    expected[column.databaseName] = shape;
    const found = table?.columns.find((c) => c.name === column.databaseName);
    // Lengths are compared where the entity states one; types through the driver's own normalization.
    if (found)
      actual[column.databaseName] = {
        type: found.type.toLowerCase(),
        length: shape.length ? String(found.length || "") : "",
        nullable: found.isNullable,
        primary: found.isPrimary,
      };
  }
  const ignored = DATABASE_ONLY_COLUMNS[`${db.dialect}:${metadata.tableName}`] ?? [];
  const unmapped = (table?.columns ?? []).map((c) => c.name).filter((name) => !(name in expected) && !ignored.includes(name));
  return { expected, actual, unmapped };
}

describe.each(dialects())("entities and migrations (%s)", (dialect) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = await openDatabase(testDb.url);
  });

  afterAll(async () => {
    await db?.close();
    await testDb.drop();
  });

  it("has run every migration", async () => {
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it("maps every column of every entity table to a column of the same type, length, nullability and key", async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      if (dialect === "mysql") {
        // TypeORM reads a generated column's expression from its metadata table; an empty one means "not recorded".
        await runner.query(
          "CREATE TABLE IF NOT EXISTS typeorm_metadata (type varchar(255) NOT NULL, `database` varchar(255) NULL, `schema` varchar(255) NULL, `table` varchar(255) NULL, name varchar(255) NULL, value text NULL)",
        );
      }
      const metadatas = db.dataSource.entityMetadatas;
      const tables = await runner.getTables(metadatas.map((m) => m.tableName));
      expect(metadatas.length).toBeGreaterThanOrEqual(14);
      const differences: unknown[] = [];
      for (const metadata of metadatas) {
        const table = tables.find((t) => t.name.split(".").pop() === metadata.tableName);
        if (!table) differences.push({ table: metadata.tableName, missing: true });
        const { expected, actual, unmapped } = compare(db, metadata, table);
        for (const [name, shape] of Object.entries(expected)) {
          if (!sameColumn(dialect, shape, actual[name], `${metadata.tableName}.${name}`))
            differences.push({ column: `${metadata.tableName}.${name}`, entity: shape, migrations: actual[name] ?? null });
        }
        for (const name of unmapped) differences.push({ column: `${metadata.tableName}.${name}`, entity: null });
      }
      expect(differences).toEqual([]);
    } finally {
      await runner.release();
    }
  });

  it("keeps every session when session.token_hash turns from CHAR(64) into VARCHAR(64)", async () => {
    const ds = db.dataSource;
    // Undo the migrations after it, then it, so the session table is CHAR(64) again.
    const lastName = async () => ((await ds.query("SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1")) as { name: string }[])[0].name;
    while ((await lastName()) !== "SessionTokenVarchar1764806400000") await ds.undoLastMigration({ transaction: "each" });
    await ds.undoLastMigration({ transaction: "each" });
    const hash = "a".repeat(64);
    const now = "2026-11-30 12:00:00";
    await ds.query("INSERT INTO operator (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)", ["op-1", "ops@drift.test", "x", now]);
    await ds.query("INSERT INTO session (id, token_hash, operator_id, account_id, created_at, expires_at) VALUES (?, ?, ?, NULL, ?, ?)", [
      "s-1",
      hash,
      "op-1",
      now,
      now,
    ]);
    await ds.runMigrations({ transaction: "each" });
    expect(await ds.query("SELECT id, token_hash, operator_id FROM session")).toEqual([{ id: "s-1", token_hash: hash, operator_id: "op-1" }]);
    await expect(
      ds.query("INSERT INTO session (id, token_hash, operator_id, account_id, created_at, expires_at) VALUES (?, ?, ?, NULL, ?, ?)", [
        "s-2",
        hash,
        "op-1",
        now,
        now,
      ]),
    ).rejects.toThrow();
    await ds.query("DELETE FROM operator WHERE id = ?", ["op-1"]);
    expect(await ds.query("SELECT id FROM session")).toEqual([]);
  });
});

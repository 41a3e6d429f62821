import type { MigrationInterface, QueryRunner } from "typeorm";
import { searchFold } from "../../common/search";

/**
 * An organization's name folded for search (as account and group names are),
 * so the operators' organization switcher searches on the server in any
 * script and on both databases. Existing rows are folded here, in JavaScript:
 * SQLite's LOWER() folds ASCII only. No index: a search matches any part of
 * the name, and an operator's organizations number in the thousands at most.
 */
export class OrganizationSearchName1765000002000 implements MigrationInterface {
  name = "OrganizationSearchName1765000002000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE organization ADD COLUMN search_name VARCHAR(200) NOT NULL DEFAULT ''`);
    const rows = (await runner.query("SELECT id, name FROM organization")) as { id: string; name: string }[];
    for (const row of rows) await runner.query("UPDATE organization SET search_name = ? WHERE id = ?", [searchFold(row.name), row.id]);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("ALTER TABLE organization DROP COLUMN search_name");
  }
}

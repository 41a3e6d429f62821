import { MAIL_ROUTE_NO_MAILBOX_SQL, MAIL_ROUTE_SQL } from "../src/addresses/resolution.service";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

/** The socketmap's statements run on every lookup Postfix makes: each step an index look-up, never a scan. */
describe.each(dialects())("socketmap statements (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("look an address up through indexes only, one look-up fewer for maps that never deliver", async () => {
    // MySQL plans from statistics: with empty tables it would not name the indexes it uses on real data.
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" });
    const params = ["bob+tag@acme.test", "bob@acme.test"];
    if (dialect === "sqlite") {
      const steps = async (sql: string) =>
        ((await app.db.manager.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as { detail: string }[]).map((step) => step.detail.replace(/ \(.*$/, ""));
      expect(await steps(MAIL_ROUTE_SQL)).toEqual([
        "SEARCH ad USING INDEX uq_address_address",
        "SEARCH ac USING INDEX sqlite_autoindex_account_1",
        "SEARCH pr USING COVERING INDEX idx_address_account",
      ]);
      expect(await steps(MAIL_ROUTE_NO_MAILBOX_SQL)).toEqual(["SEARCH ad USING INDEX uq_address_address", "SEARCH ac USING INDEX sqlite_autoindex_account_1"]);
    } else {
      const keys = async (sql: string) =>
        Object.fromEntries(
          ((await app.db.manager.query(`EXPLAIN ${sql}`, params)) as { table: string; key: string | null }[]).map((step) => [step.table, step.key]),
        );
      expect(await keys(MAIL_ROUTE_SQL)).toEqual({ ad: "uq_address_address", ac: "PRIMARY", pr: "idx_address_account" });
      expect(await keys(MAIL_ROUTE_NO_MAILBOX_SQL)).toEqual({ ad: "uq_address_address", ac: "PRIMARY" });
    }
  });
});

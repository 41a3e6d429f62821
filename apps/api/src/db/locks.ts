import type { Dialect } from "./database";

/** Row lock on MySQL (serializes per-row rules such as alias limits); SQLite already has a single writer. */
export function lockFor(dialect: Dialect): { mode: "pessimistic_write" } | undefined {
  return dialect === "mysql" ? { mode: "pessimistic_write" } : undefined;
}

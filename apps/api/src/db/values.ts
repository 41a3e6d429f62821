/** Raw rows come back as Date (mysql2) or "YYYY-MM-DD HH:MM:SS.SSS" UTC text (SQLite). */
export function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(value.includes("T") ? value : `${value.replace(" ", "T")}Z`);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === "1";
}

/** A timestamp as a raw-SQL parameter: better-sqlite3 cannot bind Date objects. */
export function sqlTimestamp(date: Date, dialect: "sqlite" | "mysql"): Date | string {
  return dialect === "mysql" ? date : date.toISOString().replace("T", " ").replace("Z", "");
}

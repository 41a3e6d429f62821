const DAY_MS = 24 * 3_600_000;
/** The API refuses an expiry more than 365 days ahead of its own clock. */
const MAX_DAYS = 365;
/** Room for a browser clock that runs a little ahead of the server's. */
const CLOCK_MARGIN_MS = 10 * 60_000;

export type ExpiryChoice = "30" | "90" | "365" | "date";

export const EXPIRY_CHOICES: readonly { id: ExpiryChoice; label: string }[] = [
  { id: "30", label: "In 30 days" },
  { id: "90", label: "In 90 days" },
  { id: "365", label: "In one year (365 days)" },
  { id: "date", label: "On a date…" },
];

export const DEFAULT_EXPIRY: ExpiryChoice = "90";

/** yyyy-mm-dd of a local day, as a date input reads and writes it. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function latestDay(now: Date): string {
  return localDay(new Date(now.getTime() + MAX_DAYS * DAY_MS - CLOCK_MARGIN_MS));
}

export type Expiry = { ok: true; at: Date } | { ok: false; message: string };

/**
 * When a new key stops working. A preset counts from now; a chosen day keeps
 * the current time of day, so the latest day offered is exactly a year.
 */
export function expiryFor(choice: ExpiryChoice, day: string, now = new Date()): Expiry {
  const latest = now.getTime() + MAX_DAYS * DAY_MS - CLOCK_MARGIN_MS;
  if (choice !== "date") return { ok: true, at: new Date(Math.min(now.getTime() + Number(choice) * DAY_MS, latest)) };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return { ok: false, message: "Choose the day the key stops working." };
  const at = new Date(now);
  at.setFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (localDay(at) <= localDay(now)) return { ok: false, message: "Choose a day after today." };
  if (localDay(at) > latestDay(now)) return { ok: false, message: `A key lives at most one year: choose ${latestDay(now)} or earlier.` };
  return { ok: true, at: new Date(Math.min(at.getTime(), latest)) };
}

/** "10.0.0.0/8, 192.0.2.7" or one per line → the list the API takes; empty means anywhere. */
export function parseIpList(text: string): string[] | null {
  const entries = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.length ? [...new Set(entries)] : null;
}

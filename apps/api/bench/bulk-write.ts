import "reflect-metadata";
import { openDatabase } from "../src/db/database";
import { seedDirectory } from "./seed";

/**
 * The second process of the scale bench: commits `accounts` × 3 addresses as
 * multi-row INSERTs in one transaction, as a bulk import would, while the API
 * process keeps answering. Prints how long the write took.
 * Usage: node bulk-write.js <database url> <accounts> <domain>
 */
async function main(): Promise<void> {
  const [url, accounts, domain] = process.argv.slice(2);
  const db = await openDatabase(url, { migrate: false });
  try {
    const started = process.hrtime.bigint();
    const seeded = await seedDirectory(db, Number(accounts), { domain, name: "Bulk Import" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ addresses: seeded.addresses.length, ms }));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// A development DNS responder: answers TXT queries for every domain waiting
// for verification in the local Postroom database with its
// `postroom-verification=<token>` record, so `verifyDomain` works on a machine
// without public DNS. Not part of the product (it never ships in dist/).
//
//   npm run dev-dns                               # 127.0.0.1:5300, DATABASE_URL or ./data/postroom.sqlite
//   DNS_SERVERS=127.0.0.1:5300 npm start          # in another terminal
//
// Options: --port <n> (default 5300; 0 picks a free one), --host <address>
// (default 127.0.0.1). The database is read on every query, so domains added
// after the responder started are answered too.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startTxtDnsServer } from "./txt-dns-server.cjs";

const PENDING = "SELECT verification_token AS token FROM domain WHERE name = ? AND status = 'PENDING_VERIFICATION' ORDER BY created_at";

const { values: options } = parseArgs({
  options: { port: { type: "string", default: "5300" }, host: { type: "string", default: "127.0.0.1" } },
});
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number (got "${options.port}")`);

const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL, process.env.INIT_CWD || process.cwd());
const tokens = await openTokenSource(databaseUrl);

let server;
try {
  server = await startTxtDnsServer({
    lookup: async (name) => {
      const values = await tokens(name);
      return values.length ? values : null;
    },
    host: options.host,
    port,
    tcp: true,
    ttl: 0,
    onAnswer: (name, values) => console.log(`TXT ${name} -> ${values.join(", ")}`),
    onError: (error) => console.error(`dev-dns: could not read the database: ${error instanceof Error ? error.message : String(error)}`),
  });
} catch (error) {
  fail(`cannot listen on ${options.host}:${port}: ${error.message}`);
}
const listening = server.server;
console.log(`dev-dns answering TXT postroom-verification=<token> for the pending domains of ${redact(databaseUrl)}`);
console.log(`dev-dns listening on ${listening} (udp and tcp); start Postroom with DNS_SERVERS=${listening}`);

const stop = () => {
  server.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

/** The same rule as apps/api/src/config.ts: a relative SQLite path is relative to where npm was run. */
function resolveDatabaseUrl(value, baseDir) {
  const url = value && value.trim() !== "" ? value.trim() : "sqlite:./data/postroom.sqlite";
  if (url.startsWith("sqlite:")) return `sqlite:${path.resolve(baseDir, url.replace(/^sqlite:(\/\/)?/, ""))}`;
  if (/^(mysql|mariadb):\/\//.test(url)) return url;
  return fail(`DATABASE_URL must start with sqlite: or mysql:// (got "${redact(url)}")`);
}

/** A function from a domain name to the TXT values to answer. */
async function openTokenSource(url) {
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length);
    const { default: Sqlite } = await import("better-sqlite3");
    let db = null;
    let warned = false;
    return async (name) => {
      if (!db) {
        if (!fs.existsSync(file)) {
          if (!warned) console.warn(`dev-dns: ${file} does not exist yet; run \`npm start\` once to create it`);
          warned = true;
          return [];
        }
        db = new Sqlite(file, { fileMustExist: true });
        db.pragma("busy_timeout = 2000");
      }
      return db
        .prepare(PENDING)
        .all(name)
        .map((row) => `postroom-verification=${row.token}`);
    };
  }
  const { createPool } = await import("mysql2/promise");
  const pool = createPool({ uri: url.replace(/^mariadb:/, "mysql:"), connectionLimit: 2 });
  return async (name) => {
    const [rows] = await pool.query(PENDING, [name]);
    return rows.map((row) => `postroom-verification=${row.token}`);
  };
}

function redact(url) {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}

function fail(message) {
  console.error(`dev-dns: ${message}`);
  process.exit(1);
}

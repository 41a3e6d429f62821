#!/usr/bin/env node
/*
 * The server owner's commands for platform operators, run against the
 * database in DATABASE_URL (the same variable the server reads):
 *
 *   npm run operator -- reset-password <email>
 *
 * Sets a new password for the operator who signs in as <email> — the one in
 * POSTROOM_OPERATOR_PASSWORD, or a generated one printed once — and ends all
 * of that operator's sessions. Runs the BUILT api (apps/api/dist): tooling
 * lives outside src/ so it never ships in dist itself.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const USAGE =
  "Usage: npm run operator -- reset-password <email>\n" +
  "  Sets the operator's password (POSTROOM_OPERATOR_PASSWORD, or a generated one shown once)\n" +
  "  and ends every session of that operator. DATABASE_URL names the database, as for the server.\n";

const dist = path.resolve(__dirname, "../dist");

async function main(argv) {
  const [command, email, ...rest] = argv;
  if (command === "--help" || command === "-h") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command !== "reset-password" || !email || rest.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!fs.existsSync(path.join(dist, "auth/auth.service.js"))) {
    process.stderr.write(`The API is not built (${dist} is missing): run \`npm run build\` first.\n`);
    return 2;
  }
  require("reflect-metadata");
  const { ConfigError, loadConfig } = require(path.join(dist, "config"));
  const { openDatabase } = require(path.join(dist, "db/database"));
  const { AuthService } = require(path.join(dist, "auth/auth.service"));
  const { PostroomError } = require(path.join(dist, "errors"));
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const db = await openDatabase(config.databaseUrl);
  try {
    const auth = new AuthService(db, config.sessionTtlMs, 0);
    const result = await auth.resetOperatorPassword(email, config.operatorPassword);
    if (result.generatedPassword) {
      process.stdout.write(`New password for operator ${result.email}: ${result.generatedPassword}\n(shown only this once)\n`);
    } else {
      process.stdout.write(`Password of operator ${result.email} set from POSTROOM_OPERATOR_PASSWORD.\n`);
    }
    process.stdout.write("Every session of this operator has ended; running servers notice within their session cache time (SESSION_CACHE_TTL, 2s).\n");
    return 0;
  } catch (error) {
    if (error instanceof PostroomError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`operator command failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);

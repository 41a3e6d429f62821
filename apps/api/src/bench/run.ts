import "reflect-metadata";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createConnection } from "mysql2/promise";
import { loadConfig } from "../config";
import { openDatabase } from "../db/database";
import { sqlTimestamp } from "../db/values";
import { DnsTxtLookup } from "../dns/txt-resolver";
import { OutboxMailer } from "../mail/mailer";
import { createServer } from "../server";
import { createServices } from "../services";
import { seedDirectory, seedGroupTree } from "./seed";
import { benchSocketmap } from "./socketmap";

/**
 * `npm run bench`: seeds 100,000 accounts / 300,000 addresses, starts the real
 * server in a child process and loads it with autocannon (50 connections).
 * Every figure is printed as a ratio to `{ __typename }` measured in the same
 * run on the same server. Runs on SQLite, and on MySQL when DATABASE_URL is one.
 */

const ACCOUNTS = Number(argValue("--accounts") ?? 100_000);
const DURATION = Number(argValue("--duration") ?? 10);
// On a shared 2-core machine one 10 s measurement of the same server moves by
// ±15 %: the baseline and resolveAddress are measured in alternating rounds on a
// warmed-up server, and the median of the per-round ratios is reported.
const ROUNDS = Number(argValue("--rounds") ?? 3);
const WARMUP = Math.min(3, DURATION);
const CONNECTIONS = 50;
// --socketmap-only: seed, then measure only the socketmap (the rest of the bench takes minutes).
const SOCKETMAP_ONLY = process.argv.includes("--socketmap-only");
const OPERATOR = { email: "bench@postroom.test", password: "bench-operator-password" };

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ratio: number | null;
  note: string;
}

const RESOLVE = "query Resolve($a: String!) { resolveAddress(address: $a) { address kind deliverTo account { id displayName } } }";
const ACCOUNTS_PAGE = "query Page($o: ID!) { accounts(organizationId: $o, first: 100) { totalCount edges { cursor node { id displayName primaryAddress { address } addresses { address kind status } } } pageInfo { hasNextPage endCursor } } }";

async function startChild(databaseUrl: string): Promise<{ child: ChildProcess; url: string; socketmapPort: number }> {
  const port = 40000 + Math.floor(Math.random() * 20000);
  // The child server inherits this environment (PATH etc.) with its own settings on top.
  // eslint-disable-next-line no-restricted-syntax
  const inherited = process.env;
  const child = spawn(process.execPath, [path.resolve(__dirname, "../main.js")], {
    env: { ...inherited, DATABASE_URL: databaseUrl, PORT: String(port), SOCKETMAP_PORT: String(port + 1), NODE_ENV: "production", COST_BUDGET: "off", POSTROOM_OPERATOR_EMAIL: OPERATOR.email, POSTROOM_OPERATOR_PASSWORD: OPERATOR.password },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Postroom is running")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/graphql`, socketmapPort: port + 1 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The element whose key is the median (the lower middle one for an even count). */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function post(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: any; errors?: unknown[] };
  if (json.errors) throw new Error(`bench request failed: ${JSON.stringify(json.errors)}`);
  return json.data;
}

async function load(url: string, token: string, build: () => string, duration = DURATION, timeout = 10): Promise<autocannon.Result> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    timeout,
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: build() }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`load test saw ${result.non2xx} non-2xx and ${result.errors} errors (${result.timeouts} of them timeouts)`);
  return result;
}

/** SQL statements one request costs, counted on an in-process server over the same database. */
async function statementsPerRequest(databaseUrl: string, query: string, variables: Record<string, unknown>): Promise<number> {
  const db = await openDatabase(databaseUrl, { migrate: false });
  const services = createServices({ db, dns: new DnsTxtLookup([]), mailer: new OutboxMailer(db, "bench@localhost"), publicUrl: "http://localhost", sessionTtlMs: 3_600_000 });
  const server = await createServer({ db, services, production: true, adminDist: null });
  const http = server.app.listen(0, "127.0.0.1");
  await new Promise<void>((r) => http.once("listening", r));
  const url = `http://127.0.0.1:${(http.address() as import("node:net").AddressInfo).port}/graphql`;
  const token = (await post(url, null, "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", { e: OPERATOR.email, p: OPERATOR.password })).login.token;
  await post(url, token, query, variables);
  const before = db.counter.count;
  await post(url, token, query, variables);
  const count = db.counter.count - before;
  http.close();
  await server.stop();
  await db.close();
  return count;
}

/**
 * changeDomain on 10,000 accounts, against a raw multi-row INSERT (committed,
 * then removed) of the same number of address rows into the same table, in the same run.
 */
async function benchDomainChange(databaseUrl: string): Promise<Row[]> {
  const COUNT = 10_000;
  const db = await openDatabase(databaseUrl, { migrate: false });
  try {
    const services = createServices({ db, dns: new DnsTxtLookup([]), mailer: new OutboxMailer(db, "bench@localhost"), publicUrl: "http://localhost", sessionTtlMs: 3_600_000 });
    const org = await seedDirectory(db, COUNT, { domain: "old.bench.test", name: "Rename Corp", extraDomains: ["new.bench.test"], addressesPerAccount: 1 });
    const rows = Array.from({ length: COUNT }, (_, i) => [randomUUID(), `baseline${i}@scratch.bench.test`, "scratch.bench.test", "ALIAS", "ACTIVE", org.organizationId, null, null, sqlTimestamp(new Date(), db.dialect)]);
    const started = process.hrtime.bigint();
    await db.transaction(async (m) => {
      for (let i = 0; i < rows.length; i += 500) {
        const part = rows.slice(i, i + 500);
        await m.query(`INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, group_id, created_at) VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`, part.flat());
      }
    });
    const baselineMs = Number(process.hrtime.bigint() - started) / 1e6;
    await db.transaction((m) => m.query("DELETE FROM address WHERE domain = ?", ["scratch.bench.test"]));
    const operator = { kind: "operator" as const, id: "bench", email: OPERATOR.email, label: OPERATOR.email, sessionId: null };
    const changeStarted = process.hrtime.bigint();
    const result = await services.domainChange.change(operator, { organizationId: org.organizationId, from: "old.bench.test", to: "new.bench.test" });
    const changeMs = Number(process.hrtime.bigint() - changeStarted) / 1e6;
    if (result.changed !== COUNT) throw new Error(`changeDomain moved ${result.changed} of ${COUNT}`);
    return [
      { name: `raw multi-row INSERT of ${COUNT.toLocaleString("en")} addresses (baseline)`, rps: NaN, p50: baselineMs, p99: NaN, ratio: null, note: `${baselineMs.toFixed(0)} ms` },
      { name: `changeDomain on ${COUNT.toLocaleString("en")} accounts`, rps: NaN, p50: changeMs, p99: NaN, ratio: baselineMs / changeMs, note: `${changeMs.toFixed(0)} ms (target ratio >= 0.25)` },
    ];
  } finally {
    await db.close();
  }
}


/**
 * The way expansion must not be done: one query per group. Kept here as the
 * comparison; it reads the same denormalized columns (no joins) as the real one.
 */
async function naiveExpand(db: import("../db/database").Database, rootId: string): Promise<string[]> {
  const recipients = new Set<string>();
  const seen = new Set<string>([rootId]);
  const queue = [rootId];
  while (queue.length) {
    const id = queue.shift() as string;
    const rows: { member_group_id: string | null; mailbox: string | null; deliverable: number | boolean }[] = await db.manager.query(
      "SELECT member_group_id, mailbox, deliverable FROM group_member WHERE group_id = ?",
      [id],
    );
    for (const r of rows) {
      if (r.member_group_id) {
        if (!seen.has(r.member_group_id)) {
          seen.add(r.member_group_id);
          queue.push(r.member_group_id);
        }
      } else if (r.deliverable && r.mailbox) recipients.add(r.mailbox);
    }
  }
  return [...recipients];
}

/** Expansion of a 5-level tree with 10,000 recipients: level by level vs one query per group, same run. */
async function benchGroupExpansion(databaseUrl: string): Promise<Row[]> {
  const db = await openDatabase(databaseUrl, { migrate: false });
  try {
    const services = createServices({ db, dns: new DnsTxtLookup([]), mailer: new OutboxMailer(db, "bench@localhost"), publicUrl: "http://localhost", sessionTtlMs: 3_600_000 });
    const tree = await seedGroupTree(db);
    const time = async (runs: number, work: () => Promise<number>) => {
      await work();
      const started = process.hrtime.bigint();
      for (let i = 0; i < runs; i++) {
        const count = await work();
        if (count !== tree.recipients) throw new Error(`expansion returned ${count} of ${tree.recipients} recipients`);
      }
      return Number(process.hrtime.bigint() - started) / 1e6 / runs;
    };
    const before = db.counter.count;
    await services.expansion.expand({ id: tree.rootId, name: tree.rootName });
    const statements = db.counter.count - before;
    const levelMs = await time(5, async () => (await services.expansion.expand({ id: tree.rootId, name: tree.rootName })).recipients.length);
    const naiveMs = await time(2, async () => (await naiveExpand(db, tree.rootId)).length);
    return [
      { name: `naive expansion, one query per group (${tree.groups} groups) (baseline)`, rps: NaN, p50: naiveMs, p99: NaN, ratio: null, note: `${naiveMs.toFixed(0)} ms` },
      { name: `group expansion, level by level (${tree.recipients.toLocaleString("en")} recipients)`, rps: NaN, p50: levelMs, p99: NaN, ratio: naiveMs / levelMs, note: `${levelMs.toFixed(0)} ms, ${statements} statements (target >= 5x faster)` },
    ];
  } finally {
    await db.close();
  }
}

async function benchOne(label: string, databaseUrl: string): Promise<Row[]> {
  console.log(`\n[${label}] seeding ${ACCOUNTS.toLocaleString("en")} accounts / ${(ACCOUNTS * 3).toLocaleString("en")} addresses …`);
  const db = await openDatabase(databaseUrl);
  const started = Date.now();
  const seeded = await seedDirectory(db, ACCOUNTS);
  console.log(`[${label}] seeded in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  await db.close();

  const { child, url, socketmapPort } = await startChild(databaseUrl);
  try {
    const token = (await post(url, null, "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", { e: OPERATOR.email, p: OPERATOR.password })).login.token;
    const pick = () => seeded.addresses[Math.floor(Math.random() * seeded.addresses.length)];
    const sample = await post(url, token, RESOLVE, { a: pick() });
    if (!sample.resolveAddress?.deliverTo?.length) throw new Error("resolveAddress returned no delivery for a seeded address");
    const page = await post(url, token, ACCOUNTS_PAGE, { o: seeded.organizationId });
    if (page.accounts.edges.length !== 100) throw new Error("accounts(first: 100) did not return 100 accounts");

    const rows: Row[] = [];
    console.log(`[${label}] socketmap, each map after the reference server …`);
    const socketmap = await benchSocketmap(databaseUrl, socketmapPort, seeded.addresses, seeded.domain, Math.min(DURATION, 5));
    if (SOCKETMAP_ONLY) return socketmap;
    const record = (name: string, r: autocannon.Result, base: number | null, note = "") =>
      rows.push({ name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ratio: base ? r.requests.average / base : null, note });
    const typename = JSON.stringify({ query: "{ __typename }" });
    const resolveBody = () => JSON.stringify({ query: RESOLVE, variables: { a: pick() } });
    console.log(`[${label}] warming up (${WARMUP}s each) …`);
    await load(url, token, () => typename, WARMUP);
    await load(url, token, resolveBody, WARMUP);
    const baselines: autocannon.Result[] = [];
    const resolves: autocannon.Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`[${label}] round ${round}/${ROUNDS}: { __typename }, then resolveAddress …`);
      baselines.push(await load(url, token, () => typename));
      resolves.push(await load(url, token, resolveBody));
    }
    const ratios = resolves.map((r, i) => r.requests.average / baselines[i].requests.average);
    const baseline = medianBy(baselines, (r) => r.requests.average);
    record("{ __typename } (baseline, median round)", baseline, null);
    const resolveResult = medianBy(resolves, (r) => r.requests.average);
    rows.push({
      name: "resolveAddress (random of 300k, median round)",
      rps: resolveResult.requests.average,
      p50: resolveResult.latency.p50,
      p99: resolveResult.latency.p99,
      ratio: median(ratios),
      note: `rounds ${ratios.map((r) => r.toFixed(2)).join(" / ")}; ${label === "sqlite" ? "target >= 0.75" : "target >= 0.50"}`,
    });
    console.log(`[${label}] accounts(first: 100) …`);
    const pageBody = JSON.stringify({ query: ACCOUNTS_PAGE, variables: { o: seeded.organizationId } });
    // 50 connections asking for ~30 KB pages overload the server: each page takes
    // ~11 ms inside it (p99 ~20 ms, measured at the server), but connections are
    // not served evenly and a few wait several seconds in socket buffers; a longer
    // client timeout lets p99 show that instead of failing the run.
    record("accounts(first: 100) + addresses", await load(url, token, () => pageBody, DURATION, 30), baseline.requests.average);
    const statements = await statementsPerRequest(databaseUrl, ACCOUNTS_PAGE, { o: seeded.organizationId });
    rows.push({ name: "SQL statements per accounts page", rps: NaN, p50: NaN, p99: NaN, ratio: null, note: `${statements} (target <= 4)` });
    child.kill("SIGTERM");
    console.log(`[${label}] changeDomain on 10,000 accounts …`);
    rows.push(...(await benchDomainChange(databaseUrl)));
    console.log(`[${label}] group expansion …`);
    rows.push(...(await benchGroupExpansion(databaseUrl)));
    return [...rows, ...socketmap];
  } finally {
    child.kill("SIGTERM");
  }
}

function print(label: string, rows: Row[]): void {
  const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "");
  console.log(`\n${label}: ${CONNECTIONS} connections, ${DURATION}s per measurement, ${ROUNDS} alternating rounds after a ${WARMUP}s warm-up, ${os.cpus().length} cores`);
  console.log("| measurement | req/s | p50 ms | p99 ms | ratio to baseline | note |");
  console.log("|---|---:|---:|---:|---:|---|");
  for (const r of rows) console.log(`| ${r.name} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.ratio === null ? "" : r.ratio.toFixed(2)} | ${r.note} |`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const results: [string, Row[]][] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "postroom-bench-"));
  try {
    results.push(["SQLite", await benchOne("sqlite", `sqlite:${path.join(dir, "bench.sqlite")}`)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (config.databaseUrl.startsWith("mysql") || config.databaseUrl.startsWith("mariadb")) {
    const server = new URL(config.databaseUrl.replace(/^mariadb:/, "mysql:"));
    const name = `postroom_bench_${process.pid}`;
    server.pathname = "/";
    const admin = await createConnection(server.toString());
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    try {
      const url = new URL(server.toString());
      url.pathname = `/${name}`;
      results.push(["MySQL/MariaDB", await benchOne("mysql", url.toString())]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    }
  } else {
    console.log("\n(MySQL skipped: set DATABASE_URL=mysql://user:password@host:port/any to bench it too)");
  }
  for (const [label, rows] of results) print(label, rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

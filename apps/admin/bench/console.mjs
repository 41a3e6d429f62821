// The console's own bench (npm run bench:console -w @postroom/admin, after
// npm run build):
// 1. the JavaScript the browser loads for the first page (the accounts list),
//    in kB gzip, against the 200 kB budget; the playground is never loaded;
// 2. with 100,000 seeded accounts, in Chromium: time from navigation to the
//    first accounts page rendered, against the `accounts` query alone (the
//    same document the page sends, fetched from the same page), as a ratio;
// 3. the domain change wizard's two requests on 10,000 accounts over HTTP.
// Medians of several runs; numbers are printed, never asserted.
// Knobs: BENCH_ACCOUNTS, BENCH_DOMAIN_CHANGE_ACCOUNTS, BENCH_RUNS, BENCH_DIST
// (another build of the console), BENCH_DEBUG=1 (print each click's network
// timings: when the accounts request started and ended against the render).
import "reflect-metadata";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { parse, print } from "graphql";
import { chromium } from "playwright-core";

const adminDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const apiDir = resolve(adminDir, "../api");
const dist = process.env.BENCH_DIST ?? resolve(adminDir, "dist");
const require = createRequire(join(apiDir, "package.json"));
const { openDatabase } = require(join(apiDir, "dist/db/database.js"));
const { seedDirectory } = require(join(apiDir, "bench-dist/bench/seed.js"));

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const DOMAIN_CHANGE_ACCOUNTS = Number(process.env.BENCH_DOMAIN_CHANGE_ACCOUNTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUDGET_KB = 200;
const OPERATOR = { email: "bench@example.test", password: "bench operator password" };
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gzipKb = (file) => gzipSync(readFileSync(file)).length / 1024;

/** The Accounts operation exactly as the console sends it: the operation and the fragments it spreads. */
function accountsDocument() {
  const doc = parse(readFileSync(resolve(adminDir, "../../packages/schema/documents/accounts.graphql"), "utf8"));
  const op = doc.definitions.find((d) => d.kind === "OperationDefinition" && d.name.value === "Accounts");
  const fragments = doc.definitions.filter((d) => d.kind === "FragmentDefinition" && d.name.value === "AccountsTable_account");
  return print({ kind: "Document", definitions: [op, ...fragments] });
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function startApi(databaseUrl) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = "";
  const api = spawn(process.execPath, [join(apiDir, "dist/main.js")], {
    cwd: adminDir,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      POSTROOM_OPERATOR_EMAIL: OPERATOR.email,
      POSTROOM_OPERATOR_PASSWORD: OPERATOR.password,
      POSTROOM_ADMIN_DIST: dist,
      PUBLIC_URL: baseUrl,
      SMTP_URL: "",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  api.stdout.on("data", (c) => (output += c));
  api.stderr.on("data", (c) => (output += c));
  for (let i = 0; ; i++) {
    if (api.exitCode !== null) throw new Error(`the API exited:\n${output}`);
    try {
      const r = await fetch(`${baseUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`the API did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    stop: () =>
      new Promise((done) => {
        api.once("exit", done);
        api.kill("SIGTERM");
      }),
  };
}

async function graphql(baseUrl, token, query, variables) {
  const r = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return r.json();
}

/** Runs `work` with a page signed in as the operator. */
async function withConsole(baseUrl, work) {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    if (process.env.BENCH_DEBUG) {
      page.on("console", (m) => console.log("  page:", m.text()));
      await page.addInitScript(() => (globalThis.__debug = true));
    }
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(OPERATOR.email);
    await page.getByLabel("Password").fill(OPERATOR.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    return await work(page, context);
  } finally {
    await browser.close();
  }
}

/** Every script the browser fetched for the accounts page, gzip-sized from dist. */
async function firstPageJavaScript(baseUrl, organizationId) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = new Set();
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith(".js")) scripts.add(url.pathname);
    });
    await page.goto(`${baseUrl}/accounts?org=${organizationId}`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(OPERATOR.email);
    await page.getByLabel("Password").fill(OPERATOR.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("table", { name: "Accounts" }).waitFor();
    const files = [...scripts].sort();
    if (files.some((f) => /playground|monaco|graphiql/i.test(f))) throw new Error(`the first page loaded the playground: ${files.join(", ")}`);
    return files.map((f) => ({ file: f, kb: gzipKb(join(dist, f)) }));
  } finally {
    await browser.close();
  }
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "postroom-console-bench-"));
  const databaseUrl = `sqlite:${join(dataDir, "bench.sqlite")}`;
  try {
    const db = await openDatabase(databaseUrl);
    let started = Date.now();
    const directory = await seedDirectory(db, ACCOUNTS, { domain: "bench.example", name: "Bench Corp" });
    const renaming = await seedDirectory(db, DOMAIN_CHANGE_ACCOUNTS, {
      domain: "old.example",
      name: "Rename Corp",
      extraDomains: ["new.example"],
      addressesPerAccount: 1,
    });
    await db.close();
    console.log(
      `seeded ${ACCOUNTS.toLocaleString("en")} + ${DOMAIN_CHANGE_ACCOUNTS.toLocaleString("en")} accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const api = await startApi(databaseUrl);
    try {
      const js = await firstPageJavaScript(api.baseUrl, directory.organizationId);
      const total = js.reduce((sum, f) => sum + f.kb, 0);
      const css = gzipKb(join(dist, "assets", readFileSync(join(dist, "index.html"), "utf8").match(/assets\/(index-[\w-]+\.css)/)[1]));
      console.log(
        `\nfirst page (accounts list) JavaScript, gzip: ${total.toFixed(1)} kB (budget ${BUDGET_KB} kB: ${total <= BUDGET_KB ? "within" : "OVER"}); CSS ${css.toFixed(1)} kB`,
      );
      for (const f of js) console.log(`  ${f.file}  ${f.kb.toFixed(1)} kB`);

      const query = accountsDocument();
      const variables = { organizationId: directory.organizationId, search: null, profile: null, status: null, first: 20, after: null };
      const timings = await withConsole(api.baseUrl, async (page) => {
        const queryAlone = [];
        const searched = [];
        const inApp = [];
        const fullLoad = [];
        /** One Accounts request from the page, in ms; `expect` rows must come back. */
        const timeQuery = (vars, expect) =>
          page.evaluate(
            async ({ query, variables, expect }) => {
              const t0 = performance.now();
              const r = await fetch("/graphql", {
                method: "POST",
                credentials: "include",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ operationName: "Accounts", query, variables }),
              });
              const body = await r.json();
              if (body.errors || body.data.accounts.edges.length !== expect) throw new Error(JSON.stringify(body.errors ?? body.data));
              return performance.now() - t0;
            },
            { query, variables: vars, expect },
          );
        for (let run = 0; run < RUNS; run++) {
          // The query alone, from the same page and session.
          queryAlone.push(await timeQuery(variables, 20));
          // A server-side search for one address among all of them.
          searched.push(await timeQuery({ ...variables, search: `a0${String(4321 + run).padStart(5, "0")}@bench` }, 1));
          // In the running console: a click on Accounts until the first row is on screen (nothing cached: a fresh load first).
          await page.goto(`${api.baseUrl}/search?org=${directory.organizationId}`);
          await page.getByRole("link", { name: "Accounts" }).waitFor();
          inApp.push(
            await page.evaluate(
              () =>
                new Promise((done) => {
                  const link = [...document.querySelectorAll("nav a")].find((a) => a.textContent === "Accounts");
                  const t0 = performance.now();
                  const check = () => {
                    if (!document.querySelector('table[aria-label="Accounts"] tbody th')) return requestAnimationFrame(check);
                    const end = performance.now();
                    if (globalThis.__debug)
                      console.log(
                        JSON.stringify(
                          performance
                            .getEntriesByType("resource")
                            .filter((e) => e.startTime >= t0)
                            .map((e) => [e.name.slice(-30), (e.startTime - t0).toFixed(1), (e.responseEnd - t0).toFixed(1)]),
                        ),
                        (end - t0).toFixed(1),
                      );
                    done(end - t0);
                  };
                  link.click();
                  check();
                }),
            ),
          );
          // A full page load (HTML, JavaScript from the browser cache, viewer and accounts queries).
          await page.goto(`${api.baseUrl}/accounts?org=${directory.organizationId}`, { waitUntil: "commit" });
          await page.waitForFunction(() => document.querySelector('table[aria-label="Accounts"] tbody th'), null, { polling: "raf" });
          fullLoad.push(await page.evaluate(() => performance.now()));
        }
        return { queryAlone: median(queryAlone), searched: median(searched), inApp: median(inApp), fullLoad: median(fullLoad) };
      });
      console.log(`\n${ACCOUNTS.toLocaleString("en")} accounts, first page of 20, median of ${RUNS}:`);
      console.log(`  accounts query alone (fetch from the page)        ${timings.queryAlone.toFixed(1)} ms`);
      console.log(
        `  console, click Accounts → first row rendered      ${timings.inApp.toFixed(1)} ms   ratio ${(timings.inApp / timings.queryAlone).toFixed(2)}× (target ≤ 1.5×)`,
      );
      console.log(
        `  console, full page load → first row rendered      ${timings.fullLoad.toFixed(1)} ms   ratio ${(timings.fullLoad / timings.queryAlone).toFixed(2)}×`,
      );
      console.log(`  search for one alias address (accounts(search))   ${timings.searched.toFixed(1)} ms`);

      const token = (
        await graphql(api.baseUrl, null, "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", {
          e: OPERATOR.email,
          p: OPERATOR.password,
        })
      ).data.login.token;
      const change = "mutation($i: ChangeDomainInput!) { changeDomain(input: $i) { changed } }";
      const input = { organizationId: renaming.organizationId, from: "old.example", to: "new.example" };
      started = performance.now();
      const dry = await graphql(api.baseUrl, token, change, { i: { ...input, dryRun: true } });
      const dryMs = performance.now() - started;
      started = performance.now();
      const real = await graphql(api.baseUrl, token, change, { i: input });
      const realMs = performance.now() - started;
      if (dry.data?.changeDomain.changed !== DOMAIN_CHANGE_ACCOUNTS || real.data?.changeDomain.changed !== DOMAIN_CHANGE_ACCOUNTS)
        throw new Error(JSON.stringify({ dry, real }));
      console.log(
        `\ndomain change wizard on ${DOMAIN_CHANGE_ACCOUNTS.toLocaleString("en")} accounts over HTTP: dry run ${dryMs.toFixed(0)} ms, change ${realMs.toFixed(0)} ms`,
      );
    } finally {
      await api.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();

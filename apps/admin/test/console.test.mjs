// Drives the built console and playground in Chromium against the real API,
// which serves apps/admin/dist. Needs `npm run build` here and in apps/api first.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const adminDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const apiMain = resolve(adminDir, "../api/dist/main.js");
const adminDist = resolve(adminDir, "dist");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const onCi = process.env.CI === "true";

const OPERATOR_EMAIL = "ops@example.test";
const OPERATOR_PASSWORD = "correct horse battery staple";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

function missingPrerequisite() {
  if (!existsSync(chromiumPath)) return `chromium not installed (looked for ${chromiumPath}; set CHROMIUM_PATH)`;
  if (!existsSync(apiMain)) return `API not built (${apiMain} is missing; run npm run build in apps/api)`;
  if (!existsSync(join(adminDist, "index.html"))) return `console not built (${adminDist}/index.html is missing; run npm run build)`;
  return null;
}

const missing = missingPrerequisite();

/** On CI a missing prerequisite is a failure; on a workstation the test is skipped. */
function prerequisitesMet(t) {
  if (!missing) return true;
  if (onCi) assert.fail(`${missing} — required when CI=true`);
  t.skip(missing);
  return false;
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

let api;
let apiOutput = "";
let dataDir;
let browser;
let baseUrl;

async function waitForApi(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with code ${api.exitCode}:\n${apiOutput}`);
    try {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API did not answer within ${timeoutMs} ms:\n${apiOutput}`);
}

before(async () => {
  if (missing) return;
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  dataDir = await mkdtemp(join(tmpdir(), "postroom-console-"));
  api = spawn(process.execPath, [apiMain], {
    cwd: adminDir,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dataDir, "test.sqlite")}`,
      POSTROOM_OPERATOR_EMAIL: OPERATOR_EMAIL,
      POSTROOM_OPERATOR_PASSWORD: OPERATOR_PASSWORD,
      POSTROOM_ADMIN_DIST: adminDist,
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  api.stdout.on("data", (chunk) => (apiOutput += chunk));
  api.stderr.on("data", (chunk) => (apiOutput += chunk));
  await waitForApi(30_000);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  if (api && api.exitCode === null) {
    const exited = new Promise((r) => api.once("exit", r));
    api.kill("SIGTERM");
    const timer = setTimeout(() => api.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * A fresh browser context that records every URL requested (web worker scripts
 * included: they are not reported as requests) and every uncaught page error.
 */
async function openPage() {
  const context = await browser.newContext();
  const requests = [];
  const pageErrors = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("worker", (worker) => requests.push(worker.url()));
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { context, page, requests, pageErrors };
}

function foreignRequests(urls) {
  return urls.filter((url) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === "data:" || protocol === "blob:") return false;
    return !LOCAL_HOSTS.has(hostname);
  });
}

/** The text of the <dd> that follows the <dt> with this exact label. */
function fact(page, label) {
  return page.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");
}

async function signInForm(page) {
  await page.getByRole("button", { name: "Sign in" }).waitFor();
}

test("a wrong password shows the server's message and keeps the form", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, requests, pageErrors } = await openPage();
  try {
    await page.goto(`${baseUrl}/`);
    await signInForm(page);
    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();

    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), "Wrong email or password.");
    assert.equal(await page.getByLabel("Email").inputValue(), OPERATOR_EMAIL);
    assert.equal(await page.getByLabel("Password").inputValue(), "");
    assert.deepEqual((await context.cookies()).filter((c) => c.name === "postroom_session"), []);
    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("an operator signs in, survives a reload and signs out", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, requests, pageErrors } = await openPage();
  try {
    await page.goto(`${baseUrl}/`);
    await signInForm(page);
    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill(OPERATOR_PASSWORD);

    // Hold the Login request so the in-flight state can be observed without timing.
    let release;
    const held = new Promise((r) => (release = r));
    await page.route("**/graphql", async (route) => {
      if (route.request().postDataJSON()?.operationName === "Login") await held;
      await route.continue();
    });
    await page.getByRole("button", { name: "Sign in" }).click();
    const pending = page.getByRole("button", { name: "Signing in…" });
    await pending.waitFor();
    assert.equal(await pending.isDisabled(), true);
    release();

    await fact(page, "Role").waitFor();
    assert.equal(await fact(page, "Role").textContent(), "Operator");
    assert.equal(await fact(page, "Operator").textContent(), OPERATOR_EMAIL);

    const [session] = (await context.cookies()).filter((c) => c.name === "postroom_session");
    assert.ok(session, "login sets the postroom_session cookie");
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, "Lax");
    // The console keeps no token of its own; the cookie is the session.
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);

    await page.reload();
    await fact(page, "Role").waitFor();
    assert.equal(await fact(page, "Operator").textContent(), OPERATOR_EMAIL);

    await page.getByRole("button", { name: "Sign out" }).click();
    await signInForm(page);
    assert.equal(await page.getByLabel("Email").inputValue(), "");

    // The server ended the session too: a reload stays signed out.
    await page.reload();
    await signInForm(page);
    assert.equal(await page.locator("dt").count(), 0);

    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the playground renders GraphiQL from bundled assets only", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, requests, pageErrors } = await openPage();
  try {
    // GraphiQL introspects the schema on load through our fetcher; a 200 proves
    // the request passed Apollo Server's CSRF prevention.
    const introspection = page.waitForResponse(
      (response) =>
        response.url() === `${baseUrl}/graphql` &&
        (response.request().postData() ?? "").includes("__schema"),
    );
    // The GraphQL language worker gives the editor its completion and validation.
    const graphqlWorker = page.waitForEvent("worker", (worker) => /graphql\.worker/.test(worker.url()));
    await page.goto(`${baseUrl}/playground`);
    await page.locator(".graphiql-container").waitFor();
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    const response = await introspection;
    assert.equal(response.status(), 200);
    const body = await response.json();
    assert.equal(body.errors, undefined);
    assert.equal(body.data.__schema.queryType.name, "Query");

    const workerUrl = new URL((await graphqlWorker).url());
    assert.equal(workerUrl.origin, baseUrl);
    assert.match(workerUrl.pathname, /^\/assets\/graphql\.worker-[\w-]+\.js$/);
    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

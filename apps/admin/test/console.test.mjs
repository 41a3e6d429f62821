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
import { startTxtDnsServer } from "../../api/scripts/txt-dns-server.cjs";

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

/**
 * A DNS server on loopback (UDP) answering TXT queries from a table the test
 * fills; every other name is NXDOMAIN. Domain verification reads the TXT
 * record through it (DNS_SERVERS), so a domain can be verified for real.
 * The same dns2 server as the API tests and `npm run dev-dns`.
 */
class LoopbackDnsServer {
  records = new Map();
  running = null;

  async start() {
    this.running = await startTxtDnsServer({ lookup: (name) => this.records.get(name) ?? null });
    return this.running.server;
  }

  setTxt(name, values) {
    this.records.set(name.toLowerCase(), values);
  }

  async stop() {
    await this.running?.close();
  }
}

let api;
let apiOutput = "";
let dns;
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
  dns = new LoopbackDnsServer();
  const dnsServer = await dns.start();
  api = spawn(process.execPath, [apiMain], {
    cwd: adminDir,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dataDir, "test.sqlite")}`,
      POSTROOM_OPERATOR_EMAIL: OPERATOR_EMAIL,
      POSTROOM_OPERATOR_PASSWORD: OPERATOR_PASSWORD,
      POSTROOM_ADMIN_DIST: adminDist,
      // Confirmation links point at this server; with no SMTP_URL they land in the outbox.
      PUBLIC_URL: baseUrl,
      SMTP_URL: "",
      DNS_SERVERS: dnsServer,
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
  await dns?.stop();
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

/** One GraphQL operation over HTTP, as an integrator would send it; fails on any error. */
async function graphql(query, variables = {}, token = null) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, `${query}\n${JSON.stringify(body.errors)}`);
  assert.equal(response.status, 200);
  return body.data;
}

async function sessionToken(email, password) {
  const data = await graphql(
    "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }",
    { email, password },
  );
  return data.login.token;
}

const ALIAS = "someone@elsewhere.example";
const ACCOUNT_NAME = "Ann Example";

/**
 * Builds, through the API, an ADMIN account on a verified domain that asks for
 * an external alias, then reads the confirmation link from the outbox.
 */
async function requestAliasConfirmationLink() {
  const operator = await sessionToken(OPERATOR_EMAIL, OPERATOR_PASSWORD);
  const { createOrganization: org } = await graphql(
    "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
    { input: { name: "Acme" } },
    operator,
  );
  const { addDomain: domain } = await graphql(
    "mutation ($input: AddDomainInput!) { addDomain(input: $input) { id verificationRecord { name type value } } }",
    { input: { organizationId: org.id, name: "acme.test" } },
    operator,
  );
  assert.equal(domain.verificationRecord.type, "TXT");
  dns.setTxt(domain.verificationRecord.name, [domain.verificationRecord.value]);
  const { verifyDomain } = await graphql("mutation ($id: ID!) { verifyDomain(id: $id) { status } }", { id: domain.id }, operator);
  assert.equal(verifyDomain.status, "VERIFIED");

  const password = "a long enough account password";
  const { createAccount: account } = await graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId: org.id, displayName: ACCOUNT_NAME, primaryAddress: "ann@acme.test", profile: "ADMIN", password } },
    operator,
  );
  const admin = await sessionToken("ann@acme.test", password);
  const { requestAlias } = await graphql(
    "mutation ($input: RequestAliasInput!) { requestAlias(input: $input) { alias { id } claim { address } } }",
    { input: { accountId: account.id, address: ALIAS } },
    admin,
  );
  // An address elsewhere is only a claim until its owner confirms.
  assert.deepEqual(requestAlias, { alias: null, claim: { address: ALIAS } });

  const { outbox } = await graphql("{ outbox(first: 1) { edges { node { recipient textBody } } } }", {}, operator);
  const [message] = outbox.edges.map((edge) => edge.node);
  assert.equal(message.recipient, ALIAS);
  const link = message.textBody.match(/^\S+\/confirm-alias#t=\S+$/m)?.[0];
  assert.ok(link, `no confirmation link in:\n${message.textBody}`);
  return { link, operator };
}

/** Records what the page sends to the API: method and body of every /graphql request. */
function recordGraphqlRequests(context) {
  const sent = [];
  context.on("request", (request) => {
    if (new URL(request.url()).pathname !== "/graphql") return;
    sent.push({ method: request.method(), body: request.postDataJSON() });
  });
  return sent;
}

test("an alias is confirmed by pressing Confirm, never by opening the link, and only once", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { link, operator } = await requestAliasConfirmationLink();
  const url = new URL(link);
  assert.equal(url.origin, baseUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get("t");

  // A mail scanner's GET: the fragment never leaves the client, the page is just served.
  const prefetch = await fetch(link);
  assert.equal(prefetch.status, 200);
  assert.match(await prefetch.text(), /<div id="root">/);

  // A first visit that only looks: the page loads fully but nothing is sent.
  const glance = await openPage();
  try {
    const sent = recordGraphqlRequests(glance.context);
    await glance.page.goto(link);
    await glance.page.getByRole("button", { name: "Confirm" }).waitFor();
    assert.equal(glance.page.url(), `${baseUrl}/confirm-alias`);
    assert.deepEqual(sent, []);
    assert.deepEqual(glance.pageErrors, []);
  } finally {
    await glance.context.close();
  }

  const { context, page, requests, pageErrors } = await openPage();
  try {
    const sent = recordGraphqlRequests(context);
    await page.goto(link);
    const confirmButton = page.getByRole("button", { name: "Confirm" });
    await confirmButton.waitFor();
    // The token left the address bar and the history entry on load...
    assert.equal(page.url(), `${baseUrl}/confirm-alias`);
    assert.equal(await page.evaluate(() => window.location.hash), "");
    assert.match(
      await page.locator("section").textContent(),
      /Confirm that you own this address: mail sent to it will be delivered to another account's inbox\./,
    );
    // ...and was not sent anywhere: no GraphQL request at all, no URL carrying it.
    assert.deepEqual(sent, []);
    assert.deepEqual(requests.filter((r) => r.includes(token)), []);

    // Hold the request so the in-flight state can be observed without timing.
    let release;
    const held = new Promise((r) => (release = r));
    await page.route("**/graphql", async (route) => {
      if (route.request().postDataJSON()?.operationName === "ConfirmAlias") await held;
      await route.continue();
    });
    await confirmButton.click();
    const pending = page.getByRole("button", { name: "Confirming…" });
    await pending.waitFor();
    assert.equal(await pending.isDisabled(), true);
    release();

    const success = page.getByRole("alert");
    await success.waitFor();
    assert.equal((await success.textContent()).trim(), `${ALIAS} is now an alias.`);
    assert.equal(await page.getByRole("button", { name: "Confirm" }).count(), 0);
    assert.deepEqual(
      sent.map(({ method, body }) => ({ method, operationName: body.operationName, variables: body.variables })),
      [{ method: "POST", operationName: "ConfirmAlias", variables: { token } }],
    );

    // The server agrees: the address now routes to the account.
    const { resolveAddress } = await graphql(
      "query ($address: String!) { resolveAddress(address: $address) { kind account { displayName } } }",
      { address: ALIAS },
      operator,
    );
    assert.deepEqual(resolveAddress, { kind: "ALIAS", account: { displayName: ACCOUNT_NAME } });

    // Opening the same link again (same tab: only the fragment changes) starts
    // over, and the used token is refused.
    await page.goto(link);
    await confirmButton.waitFor();
    assert.equal(page.url(), `${baseUrl}/confirm-alias`);
    await confirmButton.click();
    const refusal = page.getByRole("alert");
    await page.getByRole("heading", { name: "This link cannot be used" }).waitFor();
    assert.equal(
      (await refusal.textContent()).trim(),
      "This confirmation link is invalid, already used, or expired. Ask for a new one.",
    );
    assert.match(await page.locator("section").textContent(), /Ask for a new confirmation link/);
    assert.equal(await page.getByRole("button", { name: "Confirm" }).count(), 0);
    assert.deepEqual(
      sent.map((s) => s.body.operationName),
      ["ConfirmAlias", "ConfirmAlias"],
    );

    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("a confirmation link without a token explains itself and offers nothing to press", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, pageErrors } = await openPage();
  try {
    const sent = recordGraphqlRequests(context);
    await page.goto(`${baseUrl}/confirm-alias`);
    await page.getByRole("heading", { name: "Confirm an alias" }).waitFor();
    assert.match(await page.locator("section").textContent(), /carries no confirmation token/);
    assert.equal(await page.getByRole("button").count(), 0);
    // The console's sign-in flow does not run here: nothing is asked of the API.
    assert.deepEqual(sent, []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

/**
 * Every Content-Security-Policy violation a page reports: the
 * securitypolicyviolation events of the page and its frames, and Chromium's
 * console messages about refused resources (workers included).
 */
async function recordCspViolations(context, page) {
  const violations = [];
  await context.exposeFunction("__reportCspViolation", (text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("the console and the playground work under the Content-Security-Policy with no violation", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, pageErrors } = await openPage();
  try {
    const violations = await recordCspViolations(context, page);
    const consolePage = await page.goto(`${baseUrl}/`);
    const policy = consolePage.headers()["content-security-policy"] ?? "";
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
    await signInForm(page);
    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill(OPERATOR_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await fact(page, "Role").waitFor();
    assert.equal(await fact(page, "Role").textContent(), "Operator");

    const graphqlWorker = page.waitForEvent("worker", (worker) => /graphql\.worker/.test(worker.url()));
    const playground = await page.goto(`${baseUrl}/playground`);
    assert.equal(playground.headers()["content-security-policy"], policy);
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    await graphqlWorker;
    // Run a query through the editor: the result pane renders and nothing is refused.
    await page.locator(".graphiql-query-editor .monaco-editor").click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("{ viewer { role }");
    await page.getByRole("button", { name: /Execute query/i }).click();
    await page.locator(".graphiql-response").getByText('"OPERATOR"').waitFor();

    assert.deepEqual(violations, []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

// Starts the real API (which serves the built console) on a fresh SQLite
// database with a loopback DNS server, and Debian's Chromium through
// playwright-core. Each test file calls useConsole() once: its own API, its
// own database. Needs `npm run build` (console and API) first.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { LoopbackDnsServer } from "./dns-server.mjs";
import { SmtpSink } from "./smtp-sink.mjs";

export const adminDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const apiMain = resolve(adminDir, "../api/dist/main.js");
const adminDist = resolve(adminDir, "dist");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const onCi = process.env.CI === "true";

export const OPERATOR_EMAIL = "ops@example.test";
export const OPERATOR_PASSWORD = "correct horse battery staple";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

function missingPrerequisite() {
  if (!existsSync(chromiumPath)) return `chromium not installed (looked for ${chromiumPath}; set CHROMIUM_PATH)`;
  if (!existsSync(apiMain)) return `API not built (${apiMain} is missing; run npm run build in apps/api)`;
  if (!existsSync(join(adminDist, "index.html"))) return `console not built (${adminDist}/index.html is missing; run npm run build)`;
  return null;
}

export const missing = missingPrerequisite();

/** On CI a missing prerequisite is a failure; on a workstation the test is skipped. */
export function prerequisitesMet(t) {
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

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Starts everything in before() and stops it in after(). The returned object
 * is filled in by before(): read its fields inside tests only.
 * Options: `smtp: true` starts an SMTP sink on loopback (ctx.smtp) and points
 * the API's SMTP_URL at it; `env` adds environment variables for the API
 * (PROVISIONING_DELAY, say).
 */
export function useConsole(options = {}) {
  const ctx = { baseUrl: "", dns: null, smtp: null, browser: null, api: null, output: "" };
  let dataDir;

  async function waitForApi(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (ctx.api.exitCode !== null) throw new Error(`the API exited with code ${ctx.api.exitCode}:\n${ctx.output}`);
      try {
        const response = await fetch(`${ctx.baseUrl}/graphql`, {
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
    throw new Error(`the API did not answer within ${timeoutMs} ms:\n${ctx.output}`);
  }

  before(async () => {
    if (missing) return;
    const port = await freePort();
    ctx.baseUrl = `http://127.0.0.1:${port}`;
    dataDir = await mkdtemp(join(tmpdir(), "postroom-console-"));
    ctx.dns = new LoopbackDnsServer();
    const dnsServer = await ctx.dns.start();
    let smtpUrl = "";
    if (options.smtp) {
      ctx.smtp = new SmtpSink();
      smtpUrl = await ctx.smtp.start();
    }
    ctx.api = spawn(process.execPath, [apiMain], {
      cwd: adminDir,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dataDir, "test.sqlite")}`,
        POSTROOM_OPERATOR_EMAIL: OPERATOR_EMAIL,
        POSTROOM_OPERATOR_PASSWORD: OPERATOR_PASSWORD,
        POSTROOM_ADMIN_DIST: adminDist,
        // Confirmation links point at this server; with no SMTP_URL they land in the outbox.
        PUBLIC_URL: ctx.baseUrl,
        SMTP_URL: smtpUrl,
        DNS_SERVERS: dnsServer,
        NODE_ENV: "test",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    ctx.api.stdout.on("data", (chunk) => (ctx.output += chunk));
    ctx.api.stderr.on("data", (chunk) => (ctx.output += chunk));
    await waitForApi(30_000);
    ctx.browser = await chromium.launch({
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
    await ctx.browser?.close();
    const api = ctx.api;
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api.once("exit", r));
      api.kill("SIGTERM");
      const timer = setTimeout(() => api.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await ctx.dns?.stop();
    await ctx.smtp?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /**
   * A fresh browser context that records every URL requested (web worker
   * scripts included) and every uncaught page error. `bypassCSP` lets axe-core
   * be injected as an inline script under the server's Content-Security-Policy.
   */
  ctx.openPage = async (options = {}) => {
    const context = await ctx.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 }, ...options });
    const requests = [];
    const pageErrors = [];
    context.on("request", (request) => requests.push(request.url()));
    const page = await context.newPage();
    page.on("worker", (worker) => requests.push(worker.url()));
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return { context, page, requests, pageErrors };
  };

  /** One GraphQL operation over HTTP, as an integrator would send it; fails on any error. */
  ctx.graphql = async (query, variables = {}, token = null) => {
    const body = await ctx.graphqlRaw(query, variables, token);
    assert.equal(body.errors, undefined, `${query}\n${JSON.stringify(body.errors)}`);
    return body.data;
  };

  /** The same, returning errors instead of failing on them. */
  ctx.graphqlRaw = async (query, variables = {}, token = null) => {
    const response = await fetch(`${ctx.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  ctx.sessionToken = async (email, password) => {
    const data = await ctx.graphql("mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }", {
      email,
      password,
    });
    return data.login.token;
  };

  ctx.operatorToken = () => ctx.sessionToken(OPERATOR_EMAIL, OPERATOR_PASSWORD);

  /** Signs in through the form at `path` (which redirects to sign-in) and waits to be back there. */
  ctx.signIn = async (page, path = "/", email = OPERATOR_EMAIL, password = OPERATOR_PASSWORD) => {
    await page.goto(`${ctx.baseUrl}${path}`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  };

  return ctx;
}

export function foreignRequests(urls) {
  return urls.filter((url) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === "data:" || protocol === "blob:") return false;
    return !LOCAL_HOSTS.has(hostname);
  });
}

/** axe-core's serious and critical violations on the page as it is now, as "rule: target" lines. */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").flatMap((v) => v.targets.map((target) => `${v.id}: ${target}`));
}

/** Creates an organization with a verified domain through the API; returns their ids. */
export async function organizationWithDomain(ctx, token, name, domainName) {
  const { createOrganization: org } = await ctx.graphql(
    "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
    { input: { name } },
    token,
  );
  const { addDomain: domain } = await ctx.graphql(
    "mutation ($input: AddDomainInput!) { addDomain(input: $input) { id verificationRecord { name value } } }",
    { input: { organizationId: org.id, name: domainName } },
    token,
  );
  ctx.dns.setTxt(domain.verificationRecord.name, [domain.verificationRecord.value]);
  await ctx.graphql("mutation ($id: ID!) { verifyDomain(id: $id) { status } }", { id: domain.id }, token);
  return { organizationId: org.id, domainId: domain.id };
}

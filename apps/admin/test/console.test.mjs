// The sign-in form, the playground and the alias confirmation page, driven in
// Chromium against the real API serving the built console.
import assert from "node:assert/strict";
import { test } from "node:test";
import { foreignRequests, OPERATOR_EMAIL, OPERATOR_PASSWORD, prerequisitesMet, useConsole } from "./support/harness.mjs";

const ctx = useConsole();

/** The text of the <dd> that follows the <dt> with this exact label. */
/** The header's identity: who is signed in, and the role. */
function identity(page, text) {
  return page.getByRole("banner").getByText(text, { exact: true });
}

async function signInForm(page) {
  await page.getByRole("button", { name: "Sign in" }).waitFor();
}

test("a wrong password shows the server's message and keeps the form", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, requests, pageErrors } = await ctx.openPage();
  try {
    await page.goto(`${ctx.baseUrl}/`);
    await signInForm(page);
    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();

    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), "Wrong email or password.");
    assert.equal(await page.getByLabel("Email").inputValue(), OPERATOR_EMAIL);
    assert.equal(await page.getByLabel("Password").inputValue(), "");
    assert.deepEqual(
      (await context.cookies()).filter((c) => c.name === "postroom_session"),
      [],
    );
    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("an operator signs in, survives a reload and signs out", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, requests, pageErrors } = await ctx.openPage();
  try {
    await page.goto(`${ctx.baseUrl}/`);
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

    await identity(page, "Operator").waitFor();
    await identity(page, OPERATOR_EMAIL).waitFor();

    const [session] = (await context.cookies()).filter((c) => c.name === "postroom_session");
    assert.ok(session, "login sets the postroom_session cookie");
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, "Lax");
    // The console keeps no token of its own; the cookie is the session.
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);

    await page.reload();
    await identity(page, OPERATOR_EMAIL).waitFor();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();

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
  const { context, page, requests, pageErrors } = await ctx.openPage();
  try {
    // GraphiQL introspects the schema on load through our fetcher; a 200 proves
    // the request passed Apollo Server's CSRF prevention.
    const introspection = page.waitForResponse(
      (response) => response.url() === `${ctx.baseUrl}/graphql` && (response.request().postData() ?? "").includes("__schema"),
    );
    // The GraphQL language worker gives the editor its completion and validation.
    const graphqlWorker = page.waitForEvent("worker", (worker) => /graphql\.worker/.test(worker.url()));
    await page.goto(`${ctx.baseUrl}/playground`);
    await page.locator(".graphiql-container").waitFor();
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    const response = await introspection;
    assert.equal(response.status(), 200);
    const body = await response.json();
    assert.equal(body.errors, undefined);
    assert.equal(body.data.__schema.queryType.name, "Query");

    const workerUrl = new URL((await graphqlWorker).url());
    assert.equal(workerUrl.origin, ctx.baseUrl);
    assert.match(workerUrl.pathname, /^\/assets\/graphql\.worker-[\w-]+\.js$/);
    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

const ALIAS = "someone@elsewhere.example";
const ACCOUNT_NAME = "Ann Example";

/**
 * Builds, through the API, an ADMIN account on a verified domain that asks for
 * an external alias, then reads the confirmation link from the outbox.
 */
async function requestAliasConfirmationLink() {
  const operator = await ctx.sessionToken(OPERATOR_EMAIL, OPERATOR_PASSWORD);
  const { createOrganization: org } = await ctx.graphql(
    "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
    { input: { name: "Acme" } },
    operator,
  );
  const { addDomain: domain } = await ctx.graphql(
    "mutation ($input: AddDomainInput!) { addDomain(input: $input) { id verificationRecord { name type value } } }",
    { input: { organizationId: org.id, name: "acme.test" } },
    operator,
  );
  assert.equal(domain.verificationRecord.type, "TXT");
  ctx.dns.setTxt(domain.verificationRecord.name, [domain.verificationRecord.value]);
  const { verifyDomain } = await ctx.graphql("mutation ($id: ID!) { verifyDomain(id: $id) { status } }", { id: domain.id }, operator);
  assert.equal(verifyDomain.status, "VERIFIED");

  const password = "a long enough account password";
  const { createAccount: account } = await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId: org.id, displayName: ACCOUNT_NAME, primaryAddress: "ann@acme.test", profile: "ADMIN", password } },
    operator,
  );
  const admin = await ctx.sessionToken("ann@acme.test", password);
  const { requestAlias } = await ctx.graphql(
    "mutation ($input: RequestAliasInput!) { requestAlias(input: $input) { alias { id } claim { address } } }",
    { input: { accountId: account.id, address: ALIAS } },
    admin,
  );
  // An address elsewhere is only a claim until its owner confirms.
  assert.deepEqual(requestAlias, { alias: null, claim: { address: ALIAS } });

  const { outbox } = await ctx.graphql("{ outbox(first: 1) { edges { node { recipient textBody } } } }", {}, operator);
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

test("an alias is confirmed by pressing Confirm, never by opening the link (which only previews it), and only once", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { link, operator } = await requestAliasConfirmationLink();
  const url = new URL(link);
  assert.equal(url.origin, ctx.baseUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get("t");

  // A mail scanner's GET: the fragment never leaves the client, the page is just served.
  const prefetch = await fetch(link);
  assert.equal(prefetch.status, 200);
  assert.match(await prefetch.text(), /<div id="root">/);

  // A first visit that only looks: the page asks what the link would confirm
  // (a read, in a POST body) and nothing else; the link stays usable.
  const glance = await ctx.openPage();
  try {
    const sent = recordGraphqlRequests(glance.context);
    await glance.page.goto(link);
    await glance.page.getByRole("button", { name: `Confirm ${ALIAS}` }).waitFor();
    assert.equal(glance.page.url(), `${ctx.baseUrl}/confirm-alias`);
    assert.deepEqual(
      sent.map(({ method, body }) => ({ method, operationName: body.operationName, variables: body.variables })),
      [{ method: "POST", operationName: "AliasClaimPreview", variables: { token } }],
    );
    assert.deepEqual(glance.pageErrors, []);
  } finally {
    await glance.context.close();
  }

  const { context, page, requests, pageErrors } = await ctx.openPage();
  try {
    const sent = recordGraphqlRequests(context);
    await page.goto(link);
    const confirmButton = page.getByRole("button", { name: `Confirm ${ALIAS}` });
    await confirmButton.waitFor();
    // The token left the address bar and the history entry on load...
    assert.equal(page.url(), `${ctx.baseUrl}/confirm-alias`);
    assert.equal(await page.evaluate(() => window.location.hash), "");
    // Before anything changes, the page says which address joins which account.
    assert.match(
      await page.locator("section").textContent(),
      new RegExp(`mail sent to it will be delivered to the inbox of the account below\\.Address${ALIAS}Account${ACCOUNT_NAME}Link works until`),
    );
    // ...and was sent only in the preview's POST body, in no URL.
    assert.deepEqual(
      sent.map((r) => r.body.operationName),
      ["AliasClaimPreview"],
    );
    assert.deepEqual(
      requests.filter((r) => r.includes(token)),
      [],
    );

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
      [
        { method: "POST", operationName: "AliasClaimPreview", variables: { token } },
        { method: "POST", operationName: "ConfirmAlias", variables: { token } },
      ],
    );

    // The server agrees: the address now routes to the account.
    const { resolveAddress } = await ctx.graphql(
      "query ($address: String!) { resolveAddress(address: $address) { kind account { displayName } } }",
      { address: ALIAS },
      operator,
    );
    assert.deepEqual(resolveAddress, { kind: "ALIAS", account: { displayName: ACCOUNT_NAME } });

    // Opening the same link again (same tab: only the fragment changes) starts
    // over; the preview already finds the token used, so there is nothing to press.
    await page.goto(link);
    const refusal = page.getByRole("alert");
    await page.getByRole("heading", { name: "This link cannot be used" }).waitFor();
    assert.equal(page.url(), `${ctx.baseUrl}/confirm-alias`);
    assert.equal((await refusal.textContent()).trim(), "It is invalid, was already used, was replaced by a newer link, or has expired.");
    assert.match(await page.locator("section").textContent(), /open My account, and under Waiting for confirmation press Resend link/);
    assert.equal(await page.getByRole("button", { name: "Confirm" }).count(), 0);
    assert.deepEqual(
      sent.map((s) => s.body.operationName),
      ["AliasClaimPreview", "ConfirmAlias", "AliasClaimPreview"],
    );

    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("a confirmation link without a token explains itself and offers nothing to press", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    const sent = recordGraphqlRequests(context);
    await page.goto(`${ctx.baseUrl}/confirm-alias`);
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
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    const violations = await recordCspViolations(context, page);
    const consolePage = await page.goto(`${ctx.baseUrl}/`);
    const policy = consolePage.headers()["content-security-policy"] ?? "";
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
    await signInForm(page);
    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill(OPERATOR_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await identity(page, "Operator").waitFor();

    const graphqlWorker = page.waitForEvent("worker", (worker) => /graphql\.worker/.test(worker.url()));
    const playground = await page.goto(`${ctx.baseUrl}/playground`);
    assert.equal(playground.headers()["content-security-policy"], policy);
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    await graphqlWorker;
    // Run a query through the editor: the result pane renders and nothing is refused.
    await page.locator(".graphiql-query-editor .monaco-editor").click();
    await page.keyboard.press("ControlOrMeta+A");
    // With text selected, Monaco would wrap it in the typed brace instead of replacing it.
    await page.keyboard.press("Delete");
    await page.keyboard.type("{ viewer { role }");
    await page.getByRole("button", { name: /Execute query/i }).click();
    await page.locator(".graphiql-response").getByText('"OPERATOR"').waitFor();

    assert.deepEqual(violations, []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

// The console's shell: routing, deep links, not-found, session expiry, focus
// after a failed sign-in, navigation by role, and accessibility of its pages.
import assert from "node:assert/strict";
import { test } from "node:test";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";

const ctx = useConsole();

test("a deep link asks for sign-in, comes back to the same page, and a reload keeps it", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await page.goto(`${ctx.baseUrl}/organizations?size=10`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    const signInUrl = new URL(page.url());
    assert.equal(signInUrl.pathname, "/sign-in");
    assert.equal(signInUrl.searchParams.get("next"), "/organizations?size=10");
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill(OPERATOR_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Organizations", level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/organizations?size=10");

    await page.reload();
    await page.getByRole("heading", { name: "Organizations", level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/organizations");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("an unknown path shows the not-found page, signed in or not", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await page.goto(`${ctx.baseUrl}/no/such/page`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    assert.match(await page.getByRole("main").textContent(), /There is no page at \/no\/such\/page\./);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole("link", { name: "Go to the console's start page" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("after a failed sign-in focus is on the error message", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page } = await ctx.openPage();
  try {
    await page.goto(`${ctx.baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill("wrong");
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("alert").waitFor();
    const focused = await page.evaluate(() => ({ role: document.activeElement?.getAttribute("role"), text: document.activeElement?.textContent }));
    assert.deepEqual(focused, { role: "alert", text: "Wrong email or password." });
  } finally {
    await context.close();
  }
});

test("when the session ends, the next action goes to sign-in and back to where the user was going", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Expiry Ltd", "expiry.example");
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/domains?org=${organizationId}`);
    await page.getByRole("rowheader", { name: "expiry.example" }).waitFor();

    // The server forgets the session (as when it expires); the page does not know yet.
    await context.clearCookies();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organizations" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    const signInUrl = new URL(page.url());
    assert.equal(signInUrl.pathname, "/sign-in");
    assert.equal(signInUrl.searchParams.get("next"), `/organizations?org=${organizationId}`);
    assert.match(await page.getByRole("alert").textContent(), /Sign in to continue where you were\./);

    await page.getByLabel("Email").fill(OPERATOR_EMAIL);
    await page.getByLabel("Password").fill(OPERATOR_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Organizations", level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/organizations");
    // The chosen organization came along.
    assert.equal(new URL(page.url()).searchParams.get("org"), organizationId);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("navigation follows the role, the dashboard passes axe, and the organization choice stays in the URL", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Nav GmbH", "nav.example");
  const password = "a long enough account password";
  await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId, displayName: "Nora Admin", primaryAddress: "nora@nav.example", profile: "ADMIN", password } },
    token,
  );
  await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId, displayName: "Pat Pro", primaryAddress: "pat@nav.example", profile: "PROFESSIONAL", password } },
    token,
  );
  const navLinks = async (page) => (await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).map((s) => s.trim());

  const operator = await ctx.openPage();
  try {
    await ctx.signIn(operator.page, "/");
    assert.deepEqual(await navLinks(operator.page), [
      "Dashboard",
      "Organizations",
      "Domains",
      "Accounts",
      "Groups",
      "Offboarding",
      "Domain change",
      "Address search",
      "Jobs",
      "Audit log",
      "Integrations",
      "Outbox",
    ]);
    assert.deepEqual(await seriousViolations(operator.page), []);
    // Choosing an organization puts it in the URL, and links keep it.
    // The switcher searches on the server: part of the name, any case.
    // Until it is reached for, it is a plain field naming the organization.
    assert.equal(await operator.page.getByLabel("Organization", { exact: true }).inputValue(), "All organizations");
    await operator.page.getByLabel("Organization", { exact: true }).click();
    const switcher = operator.page.getByRole("combobox", { name: "Organization" });
    await switcher.fill("nav g");
    await operator.page.getByRole("option", { name: "Nav GmbH" }).click();
    await operator.page.waitForURL((url) => url.searchParams.get("org") === organizationId);
    await operator.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Domains" }).click();
    await operator.page.getByRole("rowheader", { name: "nav.example" }).waitFor();
    assert.equal(new URL(operator.page.url()).searchParams.get("org"), organizationId);
    // A reload keeps the choice, and the box names it.
    await operator.page.reload();
    await operator.page.getByRole("rowheader", { name: "nav.example" }).waitFor();
    await operator.page.waitForFunction(() => document.querySelector(".app-org input")?.value === "Nav GmbH");
    // By keyboard: focusing the field hands it to the type-ahead, which keeps the focus.
    await operator.page.getByLabel("Organization", { exact: true }).focus();
    await operator.page.getByRole("combobox", { name: "Organization" }).waitFor();
    await operator.page.keyboard.press("ControlOrMeta+A");
    await operator.page.keyboard.type("all");
    await operator.page.getByRole("option", { name: "All organizations" }).waitFor();
    await operator.page.keyboard.press("ArrowDown");
    await operator.page.keyboard.press("Enter");
    await operator.page.waitForURL((url) => !url.searchParams.has("org"));
    assert.deepEqual(operator.pageErrors, []);
  } finally {
    await operator.context.close();
  }

  const admin = await ctx.openPage();
  try {
    await ctx.signIn(admin.page, "/", "nora@nav.example", password);
    assert.deepEqual(await navLinks(admin.page), [
      "Dashboard",
      "Domains",
      "Accounts",
      "Groups",
      "Offboarding",
      "Domain change",
      "Address search",
      "Jobs",
      "Audit log",
      "Integrations",
    ]);
    assert.equal(await admin.page.getByLabel("Organization", { exact: true }).count(), 0);
    // An admin reaches only its organization's domains, without choosing.
    await admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Domains" }).click();
    await admin.page.getByRole("rowheader", { name: "nav.example" }).waitFor();
    // Operator-only pages send an admin back to the dashboard.
    await admin.page.goto(`${ctx.baseUrl}/organizations`);
    await admin.page.getByRole("heading", { name: "Dashboard" }).waitFor();
  } finally {
    await admin.context.close();
  }

  const professional = await ctx.openPage();
  try {
    await ctx.signIn(professional.page, "/", "pat@nav.example", password);
    await professional.page.getByRole("heading", { name: "My account", level: 1 }).waitFor();
    assert.deepEqual(await navLinks(professional.page), ["My account"]);
    assert.equal(await professional.page.getByRole("search").count(), 0);
  } finally {
    await professional.context.close();
  }
});

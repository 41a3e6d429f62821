// The playground shares the console's session, opens with example tabs, and
// never keeps a password typed into it in localStorage.
import assert from "node:assert/strict";
import { test } from "node:test";
import { OPERATOR_PASSWORD, organizationWithDomain, prerequisitesMet, useConsole } from "./support/harness.mjs";

const ctx = useConsole();

/** Replaces an editor's whole text (Monaco: select all, then insert without auto-closing brackets). */
async function setEditor(page, editor, text) {
  // The variables editor sits in the editor tools, which start collapsed.
  const show = page.getByRole("button", { name: "Show editor tools" });
  if (await show.count()) await show.click();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

test("signed in to the console is signed in to the playground: resolveAddress runs with the console's session", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Acme Play", "play.example");
  await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId, displayName: "Pia Play", primaryAddress: "pia@play.example" } },
    token,
  );
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/");
    await page.goto(`${ctx.baseUrl}/playground`);
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    // The example operations open as tabs.
    const tabs = page.getByRole("tablist");
    await tabs.getByText("ResolveAddress").waitFor();
    assert.equal(await tabs.getByRole("tab").count(), 3);
    for (const [index, name] of ["ResolveAddress", "ListAccounts", "AddAlias"].entries()) {
      assert.ok((await tabs.getByRole("tab").nth(index).textContent()).startsWith(name), name);
    }
    assert.match(await page.locator(".graphiql-query-editor").textContent(), /query\sResolveAddress\(\$address:\sString!\)/);

    await setEditor(page, page.locator('.monaco-editor[data-uri$="variables.json"]'), '{ "address": "Pia+news@PLAY.example" }');
    await page.getByRole("button", { name: /^Execute query/ }).click();
    const response = page.locator(".graphiql-response");
    await response.getByText('"deliverTo"').waitFor();
    // Monaco draws spaces as no-break spaces.
    const text = (await response.textContent()).replace(/\u00a0/g, " ");
    assert.match(text, /"displayName":\s*"Pia Play"/);
    assert.match(text, /"pia@play\.example"/);
    assert.doesNotMatch(text, /UNAUTHENTICATED/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("a login run in the playground leaves no password in localStorage", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/");
    await page.goto(`${ctx.baseUrl}/playground`);
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    await setEditor(page, page.locator('.monaco-editor[data-uri$="variables.json"]'), `{ "email": "ops@example.test", "password": "${OPERATOR_PASSWORD}" }`);
    await setEditor(
      page,
      page.locator(".graphiql-query-editor .monaco-editor"),
      `mutation SignIn($email: String!) { login(email: $email, password: "${OPERATOR_PASSWORD}") { expiresAt } }`,
    );
    await page.getByRole("button", { name: /^Execute query/ }).click();
    await page.locator(".graphiql-response").getByText('"expiresAt"').waitFor();
    // GraphiQL writes tabs and history after a short debounce.
    await page.waitForFunction(
      () => Object.keys(localStorage).some((k) => k.includes("queries")) && (localStorage.getItem("graphiql:tabState") ?? "").includes("SignIn"),
    );
    await page.waitForTimeout(700);
    const stored = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
    const leaks = Object.entries(stored).filter(([, value]) => value.includes(OPERATOR_PASSWORD) || value.includes('"token"'));
    assert.deepEqual(leaks, []);
    // What is kept is the operation's shape only.
    assert.match(stored["graphiql:tabState"], /mutation SignIn.*login\s*\{/s);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

// The accounts list: server-side search, filters, keyset paging with the
// cursors in the URL, the total on demand; creating an account with live
// availability, with the mouse and from the keyboard only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";
import { createAccounts, people, tabTo } from "./support/seed.mjs";

const ctx = useConsole();

const ACCOUNTS =
  "query ($o: ID, $s: String, $st: AccountStatus) { accounts(organizationId: $o, search: $s, status: $st, first: 100) { totalCount edges { node { id displayName } } } }";

/** The names in the Accounts table, in order. */
async function names(page) {
  return page.getByRole("table", { name: "Accounts" }).getByRole("rowheader").allTextContents();
}

test("a directory of 250: search, filters, previous/next with cursors in the URL, a count only when asked", { timeout: 120_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Directory GmbH", "dir.example");
  await createAccounts(ctx, token, organizationId, people(250, "dir.example"));

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/accounts?org=${organizationId}`);
    await page.getByRole("table", { name: "Accounts" }).waitFor();
    assert.deepEqual(
      await names(page),
      Array.from({ length: 20 }, (_, i) => `Person ${String(i + 1).padStart(3, "0")}`),
    );
    // No total until asked.
    assert.equal(await page.getByText("of 250").count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole("button", { name: "Count", exact: true }).click();
    await page.getByText("250 accounts in all").waitFor();
    await page.getByText("1–20 of 250 accounts").waitFor();

    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByRole("rowheader", { name: "Person 021" }).waitFor();
    assert.equal((await names(page)).length, 20);
    assert.ok(new URL(page.url()).searchParams.get("after"), "the cursor is in the URL");
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByRole("rowheader", { name: "Person 041" }).waitFor();
    // A reload keeps the place, and Previous still works after it.
    await page.reload();
    await page.getByRole("rowheader", { name: "Person 041" }).waitFor();
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.getByRole("rowheader", { name: "Person 021" }).waitFor();
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.getByRole("rowheader", { name: "Person 001" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Previous page" }).isDisabled(), true);

    // Page size 100: the last page holds 50 and Next is off.
    await page.getByRole("combobox", { name: /Per page/ }).selectOption({ label: "100" });
    await page.getByRole("rowheader", { name: "Person 100" }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get("size"), "100");
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByRole("rowheader", { name: "Person 200" }).waitFor();
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByRole("rowheader", { name: "Person 250" }).waitFor();
    assert.equal((await names(page)).length, 50);
    assert.equal(await page.getByRole("button", { name: "Next page" }).isDisabled(), true);

    // Search by any part of an address, on the server.
    await page.getByRole("searchbox", { name: "Search accounts" }).fill("P137@DIR");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "P137@DIR");
    await page.getByRole("rowheader", { name: "Person 137" }).waitFor();
    assert.deepEqual(await names(page), ["Person 137"]);
    assert.equal(new URL(page.url()).searchParams.get("after"), null, "a new search starts at the first page");
    const viaApi = await ctx.graphql(ACCOUNTS, { o: organizationId, s: "P137@DIR" }, token);
    assert.deepEqual(
      viaApi.accounts.edges.map((e) => e.node.displayName),
      ["Person 137"],
    );
    // By part of the name.
    await page.getByRole("searchbox", { name: "Search accounts" }).fill("Person 24");
    await page.getByRole("rowheader", { name: "Person 240" }).waitFor();
    assert.deepEqual(
      await names(page),
      Array.from({ length: 10 }, (_, i) => `Person 24${i}`),
    );

    // A filter: nobody is disabled.
    await page.getByRole("combobox", { name: /Status/ }).selectOption({ label: "Disabled" });
    await page.getByText("No account matches").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("status"), "DISABLED");
    assert.equal((await ctx.graphql(ACCOUNTS, { o: organizationId, s: "Person 24", st: "DISABLED" }, token)).accounts.totalCount, 0);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("create an account: verified domains to choose from, a taken address named as it is typed, then the account page", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Create AG", "create.example");
  await organizationWithDomain(ctx, token, "Other AG", "other.example");
  await createAccounts(ctx, token, organizationId, [{ displayName: "Taken Person", primaryAddress: "taken@create.example" }]);

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/accounts?org=${organizationId}`);
    await page.getByRole("button", { name: "Create account" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an account" });
    await dialog.getByLabel("Name").fill("Zoe Example");
    const local = dialog.getByLabel("Address (before the @)");
    await local.fill("taken");
    // The domain choice holds the organization's verified domains only.
    assert.match(
      await dialog
        .getByRole("combobox", { name: /Domain/ })
        .locator("option:checked")
        .textContent(),
      /create\.example/,
    );
    await dialog.getByText(/taken@create\.example is already/).waitFor();
    assert.equal(await local.getAttribute("aria-invalid"), "true");
    assert.deepEqual(await seriousViolations(page), []);

    await local.fill("zoe");
    await dialog.getByText("zoe@create.example is free.").waitFor();
    await dialog.getByRole("combobox", { name: /Profile/ }).selectOption({ label: "Administrator" });
    // React Aria's switch hides its native input visually: press it by its label.
    await dialog.getByText(/^Exchange mailbox/).click();
    assert.equal(await dialog.getByRole("switch", { name: /Exchange mailbox/ }).isChecked(), true);
    await dialog.getByLabel("Password").fill("zoe-password-123");
    await dialog.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Zoe Example", level: 1 }).waitFor();
    const accountId = new URL(page.url()).pathname.split("/").at(-1);
    const { account } = await ctx.graphql(
      "query ($id: ID!) { account(id: $id) { displayName profile exchangeEnabled primaryAddress { address } organization { id } } }",
      { id: accountId },
      token,
    );
    assert.deepEqual(account, {
      displayName: "Zoe Example",
      profile: "ADMIN",
      exchangeEnabled: true,
      primaryAddress: { address: "zoe@create.example" },
      organization: { id: organizationId },
    });
    // The password works.
    assert.ok(await ctx.sessionToken("zoe@create.example", "zoe-password-123"));
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("keyboard only: create an account and give it an alias without the mouse", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Keys Ltd", "keys.example");
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/accounts?org=${organizationId}`);
    await page.getByText("No accounts yet").waitFor();
    await tabTo(page, "Create account");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Create an account" }).waitFor();
    // The name field has focus.
    await page.keyboard.type("Kim Keys");
    await page.keyboard.press("Tab");
    await page.keyboard.type("kim");
    await page.getByText("kim@keys.example is free.").waitFor();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Kim Keys", level: 1 }).waitFor();
    const accountId = new URL(page.url()).pathname.split("/").at(-1);

    await tabTo(page, "Add alias");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Add an alias" }).waitFor();
    await page.keyboard.type("kim.k@keys.example");
    await page.keyboard.press("Enter");
    await page.getByText("kim.k@keys.example receives mail at once.").waitFor();
    await page
      .getByRole("table", { name: "Addresses" })
      .getByRole("row", { name: /kim\.k@keys\.example/ })
      .waitFor();

    const { account } = await ctx.graphql("query ($id: ID!) { account(id: $id) { displayName addresses { address kind status } } }", { id: accountId }, token);
    assert.deepEqual(account, {
      displayName: "Kim Keys",
      addresses: [
        { address: "kim@keys.example", kind: "PRIMARY", status: "ACTIVE" },
        { address: "kim.k@keys.example", kind: "ALIAS", status: "ACTIVE" },
      ],
    });
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

// The operator's organizations page: create, alias policy, server-side paging.
import assert from "node:assert/strict";
import { test } from "node:test";
import { prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";

const ctx = useConsole();

test("an operator creates an organization and sets its alias policy", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/organizations");
    await page.getByText("No organizations yet").waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole("button", { name: "Create organization" }).click();
    const dialog = page.getByRole("dialog", { name: "Create organization" });
    await dialog.waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await dialog.getByLabel("Name").fill("Acme Ltd");
    // React Aria's switch hides its native input visually: press it as a person would, by its label.
    await dialog.getByText("Professional accounts may add aliases themselves").click();
    assert.equal(await dialog.getByRole("switch", { name: /may add aliases themselves/ }).isChecked(), false);
    await dialog.getByLabel("Most aliases per account").fill("3");
    await dialog.getByRole("button", { name: "Create organization" }).click();

    await page.getByRole("heading", { name: "Acme Ltd", level: 1 }).waitFor();
    assert.match(await page.getByRole("status", { name: "Notifications" }).textContent(), /Organization Acme Ltd created\./);
    const organizationId = new URL(page.url()).pathname.split("/").at(-1);
    const policy = page.getByRole("region", { name: "Alias policy" });
    assert.equal(await policy.getByRole("switch").isChecked(), false);
    assert.equal(await policy.getByLabel("Most aliases per account").inputValue(), "3");

    // Change the policy: self-service on, no limit.
    await policy.getByText("Professional accounts may add aliases themselves").click();
    assert.equal(await policy.getByRole("switch").isChecked(), true);
    await policy.getByLabel("Most aliases per account").fill("");
    await policy.getByRole("button", { name: "Save policy" }).click();
    await page.getByRole("status", { name: "Notifications" }).getByText("Alias policy of Acme Ltd saved.").waitFor();
    assert.equal(await policy.getByRole("button", { name: "Save policy" }).isDisabled(), true);

    const token = await ctx.operatorToken();
    const { organization } = await ctx.graphql(
      "query ($id: ID!) { organization(id: $id) { name policy { aliasSelfService maxAliasesPerAccount } } }",
      { id: organizationId },
      token,
    );
    assert.deepEqual(organization, { name: "Acme Ltd", policy: { aliasSelfService: true, maxAliasesPerAccount: null } });

    // A bad limit is refused at the field before anything is sent.
    await policy.getByLabel("Most aliases per account").fill("-1");
    assert.equal(await policy.getByText("Enter a whole number of 0 or more, or leave it empty.").isVisible(), true);
    assert.equal(await policy.getByRole("button", { name: "Save policy" }).isDisabled(), true);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the list pages on the server with previous/next and a page size kept in the URL", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  for (let i = 1; i <= 24; i += 1) {
    await ctx.graphql(
      "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
      { input: { name: `Paged ${String(i).padStart(2, "0")}` } },
      token,
    );
  }
  const { organizations } = await ctx.graphql("{ organizations(first: 1) { totalCount } }", {}, token);
  const total = organizations.totalCount;
  const { context, page, pageErrors } = await ctx.openPage();
  const sent = [];
  context.on("request", (request) => {
    const body = request.postDataJSON?.();
    if (body?.operationName === "Organizations") sent.push(body.variables);
  });
  try {
    await ctx.signIn(page, "/organizations?size=10");
    const rows = page.getByRole("table", { name: "Organizations" }).getByRole("rowheader");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 10);
    assert.match(await page.getByRole("navigation", { name: "Pages of organizations" }).textContent(), new RegExp(`Page 1 · 1–10 of ${total} organizations`));
    const firstPage = await rows.allTextContents();

    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText(`Page 2 · 11–20 of ${total} organizations`).waitFor();
    const secondPage = await rows.allTextContents();
    assert.equal(secondPage.length, 10);
    assert.deepEqual(
      secondPage.filter((name) => firstPage.includes(name)),
      [],
    );

    // A reload keeps the page.
    await page.reload();
    await page.getByText(`Page 2 · 11–20 of ${total} organizations`).waitFor();
    assert.deepEqual(await rows.allTextContents(), secondPage);

    await page.getByRole("button", { name: "Previous page" }).click();
    await page.getByText(`Page 1 · 1–10 of ${total} organizations`).waitFor();
    assert.deepEqual(await rows.allTextContents(), firstPage);
    assert.equal(await page.getByRole("button", { name: "Previous page" }).isDisabled(), true);
    // Never more than a page was asked for.
    assert.ok(sent.length > 0);
    assert.deepEqual([...new Set(sent.map((v) => v.first))], [10]);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

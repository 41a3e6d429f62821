// The account page: aliases inside and outside the organization's domains
// (the confirmation mail reaches an SMTP sink), pending claims, a secondary
// address seen becoming ACTIVE without a reload, make primary, remove,
// disable/enable, edit, and the audit trail.
import assert from "node:assert/strict";
import { test } from "node:test";
import { organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";
import { createAccounts } from "./support/seed.mjs";

const ctx = useConsole({ smtp: true, env: { PROVISIONING_DELAY: "2s" } });

const ACCOUNT = `query ($id: ID!) { account(id: $id) {
  displayName status primaryAddress { address }
  addresses { address kind status }
  pendingAliasClaims { address }
} }`;
const RESOLVE = "query ($a: String!) { resolveAddress(address: $a) { kind status account { id } } }";

test("an administrator manages one account's addresses and settings from its page", { timeout: 120_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Page Corp", "page.example");
  const [accountId] = await createAccounts(ctx, token, organizationId, [
    { displayName: "Anna Page", primaryAddress: "anna@page.example", exchangeEnabled: true },
  ]);
  const account = async () => (await ctx.graphql(ACCOUNT, { id: accountId }, token)).account;
  const addressRow = (page, address) => page.getByRole("table", { name: "Addresses" }).getByRole("row", { name: new RegExp(address.replace(/[.+]/g, "\\$&")) });

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/accounts/${accountId}?org=${organizationId}`);
    await page.getByRole("heading", { name: "Anna Page", level: 1 }).waitFor();
    assert.match(await addressRow(page, "anna@page.example").textContent(), /Primary addressActive/);
    assert.deepEqual(await seriousViolations(page), []);

    // An alias on the organization's verified domain: active at once.
    await page.getByRole("button", { name: "Add alias" }).click();
    await page.getByRole("dialog", { name: "Add an alias" }).getByLabel("Alias address").fill("anna.p@page.example");
    await page.getByRole("dialog", { name: "Add an alias" }).getByRole("button", { name: "Add alias" }).click();
    await page.getByRole("alert").filter({ hasText: "Alias active" }).getByText("anna.p@page.example receives mail at once.").waitFor();
    assert.match(await addressRow(page, "anna.p@page.example").textContent(), /AliasActive/);
    assert.deepEqual((await ctx.graphql(RESOLVE, { a: "anna.p@page.example" }, token)).resolveAddress, {
      kind: "ALIAS",
      status: "ACTIVE",
      account: { id: accountId },
    });

    // An address elsewhere: a confirmation mail goes to it, and the page says so.
    await page.getByRole("button", { name: "Add alias" }).click();
    await page.getByRole("dialog", { name: "Add an alias" }).getByLabel("Alias address").fill("anna@home.example");
    await page.getByRole("dialog", { name: "Add an alias" }).getByRole("button", { name: "Add alias" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Confirmation sent" })
      .getByText(/A confirmation mail went to anna@home\.example/)
      .waitFor();
    const mail = await ctx.smtp.messageTo("anna@home.example");
    assert.match(mail.text, new RegExp(`${ctx.baseUrl}/confirm-alias#`));
    const claims = page.getByRole("table", { name: "Pending alias requests" });
    await claims.getByRole("row", { name: /anna@home\.example/ }).waitFor();
    assert.deepEqual((await account()).pendingAliasClaims, [{ address: "anna@home.example" }]);
    assert.equal((await ctx.graphql(RESOLVE, { a: "anna@home.example" }, token)).resolveAddress, null);
    assert.deepEqual(await seriousViolations(page), []);

    // Resend: a second mail; then cancel the request.
    await claims.getByRole("button", { name: "Resend the link to anna@home.example" }).click();
    await page.getByText("A new confirmation link went to anna@home.example; the previous one no longer works.").waitFor();
    assert.equal(ctx.smtp.messages.filter((m) => m.to.includes("anna@home.example")).length, 2);
    // A third mail is allowed within the hour, a fourth is refused with the reason.
    await claims.getByRole("button", { name: "Resend the link to anna@home.example" }).click();
    await claims.getByRole("button", { name: "Resend the link to anna@home.example" }).click();
    const refusal = claims.getByRole("alert");
    await refusal.getByText(/already sent 3 times this hour; try again later\. Links can be sent again a few times per hour/).waitFor();
    assert.equal(ctx.smtp.messages.filter((m) => m.to.includes("anna@home.example")).length, 3);
    await claims.getByRole("button", { name: "Cancel request for anna@home.example" }).click();
    await page.getByRole("table", { name: "Pending alias requests" }).waitFor({ state: "detached" });
    assert.deepEqual((await account()).pendingAliasClaims, []);

    // A secondary address: provisioning…, then ACTIVE without a reload.
    await page.getByRole("button", { name: "Add secondary address" }).click();
    await page.getByRole("dialog", { name: "Add a secondary address" }).getByLabel("Secondary address").fill("anna.sec@page.example");
    await page.getByRole("dialog", { name: "Add a secondary address" }).getByRole("button", { name: "Add secondary address" }).click();
    await page.getByRole("alert").filter({ hasText: "Being provisioned" }).waitFor();
    assert.match(await addressRow(page, "anna.sec@page.example").textContent(), /Secondary addressProvisioning…/);
    const navigations = [];
    page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
    await addressRow(page, "anna.sec@page.example").getByText("Active", { exact: true }).waitFor({ timeout: 20_000 });
    assert.deepEqual(navigations, [], "no reload");
    assert.deepEqual((await ctx.graphql(RESOLVE, { a: "anna.sec@page.example" }, token)).resolveAddress, {
      kind: "SECONDARY",
      status: "ACTIVE",
      account: { id: accountId },
    });

    // Make the alias primary: the old primary stays as a secondary (Exchange domain).
    await page.getByRole("button", { name: "Make primary: anna.p@page.example" }).click();
    await page.getByText("anna.p@page.example is the primary address now.").waitFor();
    await addressRow(page, "anna.p@page.example").getByText("Primary address").waitFor();
    const afterPrimary = await account();
    assert.deepEqual(afterPrimary.primaryAddress, { address: "anna.p@page.example" });
    assert.deepEqual(afterPrimary.addresses[0], { address: "anna.p@page.example", kind: "PRIMARY", status: "ACTIVE" });

    // Remove, after a confirmation.
    await page.getByRole("button", { name: "Remove anna.sec@page.example" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove anna.sec@page.example?" });
    assert.deepEqual(await seriousViolations(page), []);
    await confirm.getByRole("button", { name: "Remove address" }).click();
    await addressRow(page, "anna.sec@page.example").waitFor({ state: "detached" });
    assert.equal((await ctx.graphql(RESOLVE, { a: "anna.sec@page.example" }, token)).resolveAddress, null);

    // Disable, enable.
    await page.getByRole("button", { name: "Disable", exact: true }).click();
    await page.getByRole("button", { name: "Enable", exact: true }).waitFor();
    assert.equal((await account()).status, "DISABLED");
    await page.getByText("Nothing is delivered").waitFor();
    await page.getByRole("button", { name: "Enable", exact: true }).click();
    await page.getByRole("button", { name: "Disable", exact: true }).waitFor();
    assert.equal((await account()).status, "ACTIVE");

    // Edit the name.
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const edit = page.getByRole("dialog", { name: "Edit Anna Page" });
    await edit.getByLabel("Name").fill("Anna Page-Smith");
    await edit.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Anna Page-Smith", level: 1 }).waitFor();
    assert.equal((await account()).displayName, "Anna Page-Smith");

    // Delivers here lists its addresses; the audit trail, newest first, has the changes.
    const delivers = await page.getByRole("list", { name: "Addresses delivered here" }).getByRole("listitem").allTextContents();
    assert.deepEqual(delivers.sort(), ["anna.p@page.example", "anna@page.example"]);
    const trail = page.getByRole("table", { name: "Audit trail" });
    await trail.getByRole("row").filter({ hasText: "account.update" }).first().waitFor();
    const actions = await trail.getByRole("row").allTextContents();
    assert.match(actions[1], /account\.update/);
    assert.match(actions[1], /displayName: Anna Page → Anna Page-Smith/);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

// Self-service: a PROFESSIONAL asks for an alias, confirms it through the
// mailed link (a loopback SMTP sink), hits the resend limit and cancels; a
// GUEST is told who can help; the confirm page says what it will confirm.
import assert from "node:assert/strict";
import { test } from "node:test";
import { organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";

const ctx = useConsole({ smtp: true });
const PASSWORD = "a long enough password 2";
let seeded;

/** Waits (at most 10 s) for something outside the page, such as a message reaching the sink. */
async function until(condition) {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 10_000) throw new Error(`still not true after 10 s: ${condition}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function seed() {
  if (seeded) return seeded;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Acme Self", "self.example");
  for (const [local, displayName, profile] of [
    ["pam", "Pam Pro", "PROFESSIONAL"],
    ["gus", "Gus Guest", "GUEST"],
  ]) {
    await ctx.graphql(
      "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
      { input: { organizationId, displayName, primaryAddress: `${local}@self.example`, profile, password: PASSWORD } },
      token,
    );
  }
  seeded = { organizationId };
  return seeded;
}

test("a professional requests an alias, confirms it through the mailed link, hits the resend limit and cancels", { timeout: 120_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/", "pam@self.example", PASSWORD);
    await page.getByRole("heading", { name: "My account", level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/me");
    assert.deepEqual(await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents(), ["My account"]);
    assert.equal(await page.getByRole("search").count(), 0);
    const addresses = page.getByRole("table", { name: "Your addresses" });
    assert.match(await addresses.getByRole("row").nth(1).textContent(), /pam@self\.examplePrimary addressActiveYour mailbox/);
    assert.match(await page.getByRole("region", { name: "Request an alias" }).textContent(), /We send a message to that address \(not to you\)/);
    assert.equal(ctx.smtp.to("pam.home@example.net").length, 0);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel("Alias address").fill("pam.home@example.net");
    await page.getByRole("button", { name: "Send confirmation" }).click();
    const waiting = page.getByRole("list", { name: "Alias requests waiting for confirmation" });
    await waiting.getByText("pam.home@example.net", { exact: false }).waitFor();
    assert.match(await waiting.textContent(), /pam\.home@example\.net: the link sent to it works until /);
    assert.equal(ctx.smtp.to("pam.home@example.net").length, 1);

    // The owner of the address opens the link, without a session: it says what it will confirm first.
    const link = ctx.smtp.linkTo("pam.home@example.net");
    const owner = await ctx.openPage();
    await owner.page.goto(link);
    await owner.page.getByRole("button", { name: "Confirm pam.home@example.net" }).waitFor();
    assert.match(await owner.page.getByRole("main").textContent(), /Addresspam\.home@example\.netAccountPam Pro/);
    assert.deepEqual(await seriousViolations(owner.page), []);
    await owner.page.getByRole("button", { name: "Confirm pam.home@example.net" }).click();
    await owner.page.getByRole("heading", { name: "Alias confirmed" }).waitFor();
    // Used once: the same link now explains what to do, in the console's words.
    await owner.page.goto(link);
    await owner.page.getByRole("heading", { name: "This link cannot be used" }).waitFor();
    assert.match(await owner.page.getByRole("main").textContent(), /open My account, and under Waiting for confirmation press Resend link/);
    assert.deepEqual(await seriousViolations(owner.page), []);
    await owner.context.close();

    await page.reload();
    await addresses.getByRole("rowheader", { name: "pam.home@example.net" }).waitFor();
    assert.match(await addresses.textContent(), /pam\.home@example\.netAliasActiveYour mailbox \(pam@self\.example\)/);
    assert.equal(await waiting.count(), 0);

    // Resend: the first request counts, so two more go out and the third is refused with the limit explained.
    await page.getByLabel("Alias address").fill("pam.work@example.net");
    await page.getByRole("button", { name: "Send confirmation" }).click();
    const resend = page.getByRole("button", { name: "Resend link to pam.work@example.net" });
    await resend.waitFor();
    for (const sent of [2, 3]) {
      await resend.click();
      await until(() => ctx.smtp.to("pam.work@example.net").length === sent);
      await page.getByText("A new link was sent to pam.work@example.net").first().waitFor();
    }
    await resend.click();
    await page.getByText("Not sent again").waitFor();
    assert.match(
      await page.getByRole("alert").filter({ hasText: "Not sent again" }).textContent(),
      /at most 3 times an hour.*Try again in (an hour|\d+ minutes)\./,
    );
    assert.equal(ctx.smtp.to("pam.work@example.net").length, 3);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole("button", { name: "Cancel request for pam.work@example.net" }).click();
    await page.getByText("No alias request is waiting.").waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("a guest sees its addresses and who to ask for an alias, and nothing it may not use", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/", "gus@self.example", PASSWORD);
    await page.getByRole("heading", { name: "My account", level: 1 }).waitFor();
    assert.deepEqual(await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents(), ["My account"]);
    await page.getByRole("rowheader", { name: "gus@self.example" }).waitFor();
    assert.match(
      await page.getByRole("region", { name: "Aliases" }).textContent(),
      /Aliases need a Professional profile.*ask an administrator of Acme Self to upgrade your account to the Professional profile/,
    );
    assert.equal(await page.getByLabel("Alias address").count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    // Pages for staff send it back to its own page.
    await page.goto(`${ctx.baseUrl}/audit`);
    await page.getByRole("heading", { name: "My account", level: 1 }).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

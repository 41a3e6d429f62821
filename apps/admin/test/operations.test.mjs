// Jobs, the audit log, the dashboard and the outbox, over one seeded organization.
import assert from "node:assert/strict";
import { test } from "node:test";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";

const ctx = useConsole();
const PASSWORD = "a long enough password 3";
let seeded;

/** Acme Ops: admin ada, exchange accounts eve and finn with a secondary address each, group Ops, a pending domain, one open alias request. */
async function seed() {
  if (seeded) return seeded;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Acme Ops", "ops.example");
  const account = async (local, displayName, profile, exchangeEnabled = false) =>
    (
      await ctx.graphql(
        "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
        { input: { organizationId, displayName, primaryAddress: `${local}@ops.example`, profile, password: PASSWORD, exchangeEnabled } },
        token,
      )
    ).createAccount.id;
  const ada = await account("ada", "Ada Admin", "ADMIN");
  const eve = await account("eve", "Eve Exchange", "PROFESSIONAL", true);
  const finn = await account("finn", "Finn Exchange", "PROFESSIONAL", true);
  const adaToken = await ctx.sessionToken("ada@ops.example", PASSWORD);
  for (const [accountId, address] of [
    [eve, "eve.old@ops.example"],
    [finn, "finn.old@ops.example"],
  ]) {
    await ctx.graphql(
      "mutation ($input: AddSecondaryAddressInput!) { addSecondaryAddress(input: $input) { id } }",
      { input: { accountId, address } },
      adaToken,
    );
  }
  const { createGroup } = await ctx.graphql(
    "mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }",
    { input: { organizationId, name: "Ops", address: "ops@ops.example" } },
    adaToken,
  );
  await ctx.graphql("mutation ($input: AddDomainInput!) { addDomain(input: $input) { id } }", { input: { organizationId, name: "ops-new.example" } }, adaToken);
  await ctx.graphql(
    "mutation ($input: RequestAliasInput!) { requestAlias(input: $input) { claim { id } } }",
    { input: { accountId: eve, address: "eve.home@example.net" } },
    adaToken,
  );
  // Provisioning runs in the API's worker; wait until both jobs are done so the states below are fixed.
  for (let tries = 0; ; tries++) {
    const { jobs } = await ctx.graphql("query ($o: ID) { jobs(organizationId: $o, state: DONE) { totalCount } }", { o: organizationId }, token);
    if (jobs.totalCount === 2) break;
    if (tries > 100) throw new Error("provisioning jobs did not finish");
    await new Promise((r) => setTimeout(r, 100));
  }
  seeded = { organizationId, ada, eve, finn, group: createGroup.id };
  return seeded;
}

test("the dashboard counts the seeded directory and lists what needs attention", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/", "ada@ops.example", PASSWORD);
    const counts = page.getByRole("region", { name: "Directory counts" });
    await counts.getByRole("link").first().waitFor();
    // 3 primaries + 2 secondaries + 1 group address.
    assert.deepEqual(await counts.getByRole("link").allTextContents(), ["3Accounts", "6Addresses", "1Groups", "2Domains"]);
    await page.getByRole("list", { name: "Domains needing attention" }).getByRole("link", { name: "ops-new.example" }).waitFor();
    assert.match(
      await page.getByRole("list", { name: "Alias requests about to expire" }).textContent(),
      /eve\.home@example\.net for Eve Exchange · link expires /,
    );
    await page.getByText("No job has failed; none is being retried.").waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("jobs filter by state and by the account they concern", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { eve } = await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/jobs", "ada@ops.example", PASSWORD);
    const jobs = page.getByRole("table", { name: "Jobs" });
    await jobs.getByRole("row").nth(2).waitFor();
    assert.equal(await jobs.getByRole("row").count(), 3);
    assert.match(
      await jobs.getByRole("row").nth(1).textContent(),
      /^Provision a secondary addresscreated .*Done1 of 10ended .*—finn\.old@ops\.exampleOpen account$/,
    );
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole("combobox", { name: /State/ }).selectOption({ label: "Failed" });
    await page.getByText("No jobs match").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("state"), "FAILED");

    await page.goto(`${ctx.baseUrl}/jobs?account=${eve}`);
    await page.getByRole("heading", { name: "Jobs concerning one account" }).waitFor();
    await jobs.getByRole("row").nth(1).waitFor();
    assert.equal(await jobs.getByRole("row").count(), 2);
    assert.match(await jobs.getByRole("row").nth(1).textContent(), /eve\.old@ops\.example/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the audit log filters by action, actor, target and date range, newest first, with before and after", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { group, ada } = await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/groups/${group}`, "ada@ops.example", PASSWORD);
    await page.getByRole("link", { name: "Audit trail of this group" }).click();
    const events = page.getByRole("list", { name: "Audit events" });
    await events.getByRole("listitem").first().waitFor();
    assert.equal(new URL(page.url()).searchParams.get("target"), group);
    assert.equal(await events.getByRole("listitem").count(), 1);
    assert.match(await events.textContent(), /Ada Admin|ada@ops\.example/);
    assert.match(await events.textContent(), /group\.create on Group/);
    const diff = events.getByRole("table", { name: "Before and after" });
    assert.deepEqual(await diff.getByRole("row", { name: /^name/ }).getByRole("cell").allTextContents(), ["—", "Ops"]);
    assert.deepEqual(await seriousViolations(page), []);

    await page.goto(`${ctx.baseUrl}/audit?action=address.addSecondary`);
    await events.getByRole("listitem").nth(1).waitFor();
    assert.equal(await events.getByRole("listitem").count(), 2);
    // Newest first: finn's secondary address was added after eve's.
    assert.match(await events.getByRole("listitem").first().textContent(), /finn\.old@ops\.example/);

    await page.goto(`${ctx.baseUrl}/audit`);
    await events.getByRole("listitem").first().waitFor();
    await page.getByLabel("Actor id").fill(ada);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("actor") === ada);
    const byAda = await events.getByRole("listitem").allTextContents();
    assert.ok(byAda.length >= 5, `ada made at least 5 changes, got ${byAda.length}`);
    assert.ok(byAda.every((text) => text.includes("ada@ops.example")));

    // From a domain's page, its own trail.
    await page.goto(`${ctx.baseUrl}/domains`);
    await page.getByRole("link", { name: "ops-new.example" }).click();
    await page.getByRole("link", { name: "Audit trail of this domain" }).click();
    await events.getByRole("listitem").first().waitFor();
    assert.deepEqual(
      (await events.getByRole("listitem").allTextContents()).map((text) => /· (\S+) on Domain/.exec(text)?.[1]),
      ["domain.add"],
    );

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${ctx.baseUrl}/audit?from=${tomorrow}`);
    await page.getByText("No events match").waitFor();
    await page.goto(`${ctx.baseUrl}/audit?from=2000-01-01&to=${tomorrow}&action=group.create`);
    await events.getByRole("listitem").first().waitFor();
    assert.equal(await events.getByRole("listitem").count(), 1);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("operators read the outbox, newest first, with the text of each message", { timeout: 60_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/outbox", OPERATOR_EMAIL, OPERATOR_PASSWORD);
    await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
    const text = page.getByLabel(/to eve\.home@example\.net$/);
    await text.waitFor();
    assert.match(await text.textContent(), /\/confirm-alias#t=[A-Za-z0-9_-]+/);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

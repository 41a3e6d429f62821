// Writes docs/console/<page>.png at 1280×800 (and <page>-390.png at 390 px wide
// into $SCREENSHOT_NARROW_DIR when set) from a seeded directory.
// Run: npm run screenshots -w @postroom/admin (after npm run build).
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { test } from "node:test";
import { adminDir, organizationWithDomain, prerequisitesMet, useConsole } from "./support/harness.mjs";
import { WebhookReceiver } from "./support/webhook-receiver.mjs";

const ctx = useConsole({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,warehouse.acme.example" } });
const outDir = resolve(adminDir, "../../docs/console");
const narrowDir = process.env.SCREENSHOT_NARROW_DIR;

test("screenshots of every console page", { timeout: 300_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  await mkdir(outDir, { recursive: true });
  const token = await ctx.operatorToken();
  const { organizationId, domainId } = await organizationWithDomain(ctx, token, "Acme Ltd", "acme.example");
  for (const name of ["Globex", "Initech", "Umbrella", "Hooli"]) {
    await ctx.graphql(
      "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
      { input: { name, maxAliasesPerAccount: 5 } },
      token,
    );
  }
  const { addDomain: pending } = await ctx.graphql(
    "mutation ($input: AddDomainInput!) { addDomain(input: $input) { id } }",
    { input: { organizationId, name: "acme-new.example", mailService: "WEB_EMAIL" } },
    token,
  );
  const { createAccount: ann } = await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId, displayName: "Ann Example", primaryAddress: "ann@acme.example", profile: "ADMIN" } },
    token,
  );
  await ctx.graphql(
    "mutation ($input: AddAliasInput!) { addAlias(input: $input) { alias { id } } }",
    { input: { accountId: ann.id, address: "sales@acme.example" } },
    token,
  );
  ctx.dns.setTxt("acme-new.example", ["v=spf1 -all"]);

  // Part 2: groups, self-service, jobs, audit, outbox.
  const password = "screenshot password 1";
  const person = async (local, displayName, profile, extra = {}) =>
    (
      await ctx.graphql(
        "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
        { input: { organizationId, displayName, primaryAddress: `${local}@acme.example`, profile, password, ...extra } },
        token,
      )
    ).createAccount.id;
  const pat = await person("pat", "Pat Professional", "PROFESSIONAL", { exchangeEnabled: true });
  await person("gil", "Gil Guest", "GUEST");
  const ben = await person("ben", "Ben Member", "PROFESSIONAL");
  const group = async (name, local, senderPolicy = "ORGANIZATION") =>
    (
      await ctx.graphql(
        "mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }",
        { input: { organizationId, name, address: `${local}@acme.example`, senderPolicy } },
        token,
      )
    ).createGroup.id;
  const support = await group("Support", "support", "ANYONE");
  const tier2 = await group("Support tier 2", "tier2");
  const addMembers = (g, m) =>
    ctx.graphql("mutation ($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }", { g, m }, token);
  await addMembers(tier2, [{ accountId: ben }, { address: "contractor@example.net" }]);
  await addMembers(support, [{ accountId: ann.id }, { accountId: pat }, { groupId: tier2 }]);
  await ctx.graphql("mutation ($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }", { g: support, a: [pat] }, token);
  await ctx.graphql(
    "mutation ($input: AddSecondaryAddressInput!) { addSecondaryAddress(input: $input) { id } }",
    { input: { accountId: pat, address: "pat.old@acme.example" } },
    token,
  );
  const patToken = await ctx.sessionToken("pat@acme.example", password);
  await ctx.graphql(
    "mutation ($input: RequestAliasInput!) { requestAlias(input: $input) { claim { id } } }",
    { input: { accountId: pat, address: "pat@home.example" } },
    patToken,
  );
  const { outbox } = await ctx.graphql("{ outbox(first: 1) { edges { node { textBody } } } }", {}, token);
  const confirmLink = /\S+\/confirm-alias#t=\S+/.exec(outbox.edges[0].node.textBody)[0];

  // Part 3: integrations. Keys of every status, one used by a script; an endpoint with a delivery log.
  const days = (n) => new Date(Date.now() + n * 86_400_000).toISOString();
  const createKey = async (input) =>
    (
      await ctx.graphql(
        "mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }",
        { input: { organizationId, ...input } },
        token,
      )
    ).createApiKey;
  const reader = await createKey({ name: "Directory reader", scopes: ["accounts:read", "groups:read", "resolve"], expiresAt: days(365) });
  await fetch(`${ctx.baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${reader.secret}` },
    body: JSON.stringify({ query: "{ viewer { role } }" }),
  });
  await createKey({
    name: "HR sync",
    scopes: ["accounts:read", "accounts:write", "addresses:read", "addresses:write"],
    domains: ["acme.example"],
    allowedIps: ["203.0.113.0/24"],
    expiresAt: days(90),
  });
  const rotating = await createKey({ name: "Helpdesk bot", scopes: ["addresses:read", "events:read"], expiresAt: days(30) });
  await ctx.graphql("mutation ($id: ID!) { rotateApiKey(id: $id) { secret } }", { id: rotating.apiKey.id }, token);
  const old = await createKey({ name: "Old import", scopes: ["accounts:write"], expiresAt: days(10) });
  await ctx.graphql("mutation ($id: ID!) { revokeApiKey(id: $id) { id } }", { id: old.apiKey.id }, token);
  const receiver = await new WebhookReceiver().start();
  t.after(() => receiver.stop());
  const createEndpoint = (input) =>
    ctx.graphql(
      "mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }",
      { input: { organizationId, ...input } },
      token,
    );
  const { createWebhookEndpoint: crm } = await createEndpoint({
    url: receiver.url,
    description: "CRM sync",
    types: ["account.created", "account.updated", "account.disabled", "address.added", "address.removed"],
  });
  await createEndpoint({ url: "https://warehouse.acme.example/postroom/events", description: "Data warehouse" });
  // A test the receiver refuses twice (the next retry is minutes away), then changes it accepts.
  receiver.plan = [500, 500];
  await ctx.graphql("mutation ($id: ID!) { testWebhookEndpoint(id: $id) { id } }", { id: crm.endpoint.id }, token);
  await receiver.next(() => receiver.received.length >= 2);
  await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId, displayName: "Nina New", primaryAddress: "nina@acme.example" } },
    token,
  );
  await ctx.graphql(
    "mutation ($input: AddAliasInput!) { addAlias(input: $input) { alias { id } } }",
    { input: { accountId: ben, address: "ben.m@acme.example" } },
    token,
  );
  await ctx.graphql("mutation ($id: ID!) { testWebhookEndpoint(id: $id) { id } }", { id: crm.endpoint.id }, token);
  await receiver.next(() => receiver.received.length >= 5);

  const pages = [
    ["sign-in", "/sign-in", async (page) => page.getByRole("button", { name: "Sign in" }).waitFor()],
    ["dashboard", "/", async (page) => page.getByRole("heading", { name: "Dashboard" }).waitFor()],
    ["organizations", "/organizations", async (page) => page.getByRole("rowheader", { name: "Acme Ltd" }).waitFor()],
    ["organization", `/organizations/${organizationId}`, async (page) => page.getByRole("heading", { name: "Alias policy" }).waitFor()],
    ["domains", `/domains/${domainId}?org=${organizationId}`, async (page) => page.getByRole("region", { name: "acme.example", exact: true }).waitFor()],
    [
      "domain-check-failed",
      `/domains/${pending.id}?org=${organizationId}`,
      async (page) => {
        await page.getByRole("button", { name: "Check now" }).click();
        await page.getByText("Not verified yet").waitFor();
      },
    ],
    ["search", "/search?address=Sales%2Bq3%40ACME.example", async (page) => page.getByRole("list", { name: "Delivery path" }).waitFor()],
    ["groups", `/groups?org=${organizationId}`, async (page) => page.getByRole("rowheader", { name: "Support tier 2" }).waitFor()],
    ["group", `/groups/${support}?org=${organizationId}`, async (page) => page.getByRole("heading", { name: "Owners" }).waitFor()],
    [
      "group-members",
      `/groups/${support}?org=${organizationId}`,
      async (page) => {
        await page.getByLabel("Paste addresses").fill("ben@acme.example\nnot an address\nsupport@acme.example");
        await page.getByRole("button", { name: "Add these addresses" }).click();
        await page.getByRole("list", { name: "Result per address" }).getByRole("listitem").nth(2).waitFor();
        await page.getByRole("heading", { name: "Add members" }).evaluate((h) => h.scrollIntoView({ block: "start" }));
      },
    ],
    [
      "group-recipients",
      `/groups/${support}?org=${organizationId}`,
      async (page) => {
        await page.getByRole("button", { name: "Preview recipients" }).click();
        await page.getByRole("list", { name: "Final recipients" }).waitFor();
        await page.getByRole("heading", { name: "Recipients preview" }).evaluate((h) => h.scrollIntoView({ block: "start" }));
      },
    ],
    ["jobs", `/jobs?org=${organizationId}`, async (page) => page.getByRole("table", { name: "Jobs" }).waitFor()],
    ["audit", `/audit?org=${organizationId}`, async (page) => page.getByRole("list", { name: "Audit events" }).waitFor()],
    ["integrations", `/integrations?org=${organizationId}`, async (page) => page.getByRole("rowheader", { name: /Old import/ }).waitFor()],
    [
      "integrations-create-key",
      `/integrations?org=${organizationId}`,
      async (page) => {
        await page.getByRole("button", { name: "Create API key" }).click();
        const dialog = page.getByRole("dialog", { name: "Create an API key" });
        await dialog.getByLabel("Name").fill("Payroll export");
        await dialog.getByText("accounts:write", { exact: true }).click();
        await dialog.getByText("resolve", { exact: true }).click();
        await dialog.getByText("acme.example", { exact: true }).click();
        await dialog.getByLabel("Name").evaluate((input) => input.closest(".pr-modal").scrollTo(0, 0));
      },
    ],
    [
      "integrations-secret",
      `/integrations?org=${organizationId}`,
      async (page) => {
        await page.getByRole("button", { name: "Create API key" }).click();
        const dialog = page.getByRole("dialog", { name: "Create an API key" });
        await dialog.getByLabel("Name").fill("Payroll export");
        await dialog.getByText("accounts:read", { exact: true }).click();
        await dialog.getByRole("button", { name: "Create key" }).click();
        await page.getByRole("dialog", { name: "Secret of Payroll export" }).waitFor();
      },
    ],
    ["integrations-webhooks", `/integrations?org=${organizationId}&tab=webhooks`, async (page) => page.getByRole("rowheader", { name: /warehouse/ }).waitFor()],
    [
      "integrations-webhook",
      `/integrations/webhooks/${crm.endpoint.id}?org=${organizationId}`,
      async (page) => {
        await page
          .getByRole("table", { name: "Deliveries" })
          .getByRole("row", { name: /address\.added/ })
          .waitFor();
        await page.getByRole("heading", { name: "About this endpoint" }).evaluate((h) => h.scrollIntoView({ block: "start" }));
      },
    ],
    ["outbox", "/outbox", async (page) => page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor()],
    [
      "dashboard-organization",
      `/?org=${organizationId}`,
      async (page) => page.getByRole("region", { name: "Directory counts" }).getByRole("link").first().waitFor(),
    ],
    ["not-found", "/no/such/page", async (page) => page.getByRole("heading", { name: "Page not found" }).waitFor()],
  ];

  for (const [width, dir, suffix] of [[1280, outDir, ""], ...(narrowDir ? [[390, narrowDir, "-390"]] : [])]) {
    const { context, page } = await ctx.openPage({ viewport: { width, height: 800 } });
    await ctx.signIn(page, "/");
    for (const [name, path, ready] of pages) {
      if (name === "sign-in") {
        const anonymous = await ctx.openPage({ viewport: { width, height: 800 } });
        await anonymous.page.goto(`${ctx.baseUrl}${path}`);
        await ready(anonymous.page);
        await anonymous.page.screenshot({ path: resolve(dir, `${name}${suffix}.png`) });
        await anonymous.context.close();
        continue;
      }
      await page.goto(`${ctx.baseUrl}${path}`);
      await ready(page);
      await page.screenshot({ path: resolve(dir, `${name}${suffix}.png`), fullPage: width < 1280 });
    }
    await context.close();

    // Pages of other roles and of nobody signed in.
    for (const [name, email, path, ready] of [
      ["me-professional", "pat@acme.example", "/me", (page) => page.getByRole("list", { name: "Alias requests waiting for confirmation" }).waitFor()],
      ["me-guest", "gil@acme.example", "/me", (page) => page.getByText("Aliases need a Professional profile").waitFor()],
      ["groups-owner", "pat@acme.example", "/groups", (page) => page.getByRole("rowheader", { name: "Support" }).waitFor()],
      ["confirm-alias", null, confirmLink, (page) => page.getByRole("button", { name: /^Confirm / }).waitFor()],
      ["playground", "ops", "/playground", (page) => page.locator(".graphiql-query-editor .monaco-editor").waitFor()],
    ]) {
      const other = await ctx.openPage({ viewport: { width, height: 800 } });
      if (email === "ops") await ctx.signIn(other.page, "/");
      else if (email) await ctx.signIn(other.page, "/", email, password);
      await other.page.goto(path.startsWith("http") ? path : `${ctx.baseUrl}${path}`);
      await ready(other.page);
      await other.page.screenshot({ path: resolve(dir, `${name}${suffix}.png`), fullPage: width < 1280 });
      await other.context.close();
    }
  }
});

// Writes docs/console/<page>.png at 1280×800 (and <page>-390.png at 390 px wide
// into $SCREENSHOT_NARROW_DIR when set) from a seeded directory.
// Run: npm run screenshots -w @postroom/admin (after npm run build).
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { test } from "node:test";
import { adminDir, organizationWithDomain, prerequisitesMet, useConsole } from "./support/harness.mjs";

const ctx = useConsole();
const outDir = resolve(adminDir, "../../docs/console");
const narrowDir = process.env.SCREENSHOT_NARROW_DIR;

test("screenshots of every console page", { timeout: 300_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  await mkdir(outDir, { recursive: true });
  const token = await ctx.operatorToken();
  const { organizationId, domainId } = await organizationWithDomain(ctx, token, "Acme Ltd", "acme.example");
  for (const name of ["Globex", "Initech", "Umbrella", "Hooli"]) {
    await ctx.graphql("mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }", { input: { name, maxAliasesPerAccount: 5 } }, token);
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
  await ctx.graphql("mutation ($input: AddAliasInput!) { addAlias(input: $input) { alias { id } } }", { input: { accountId: ann.id, address: "sales@acme.example" } }, token);
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
    (await ctx.graphql("mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }", { input: { organizationId, name, address: `${local}@acme.example`, senderPolicy } }, token)).createGroup.id;
  const support = await group("Support", "support", "ANYONE");
  const tier2 = await group("Support tier 2", "tier2");
  const addMembers = (g, m) => ctx.graphql("mutation ($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }", { g, m }, token);
  await addMembers(tier2, [{ accountId: ben }, { address: "contractor@example.net" }]);
  await addMembers(support, [{ accountId: ann.id }, { accountId: pat }, { groupId: tier2 }]);
  await ctx.graphql("mutation ($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }", { g: support, a: [pat] }, token);
  await ctx.graphql("mutation ($input: AddSecondaryAddressInput!) { addSecondaryAddress(input: $input) { id } }", { input: { accountId: pat, address: "pat.old@acme.example" } }, token);
  const patToken = await ctx.sessionToken("pat@acme.example", password);
  await ctx.graphql("mutation ($input: RequestAliasInput!) { requestAlias(input: $input) { claim { id } } }", { input: { accountId: pat, address: "pat@home.example" } }, patToken);
  const { outbox } = await ctx.graphql("{ outbox(first: 1) { edges { node { textBody } } } }", {}, token);
  const confirmLink = /\S+\/confirm-alias#t=\S+/.exec(outbox.edges[0].node.textBody)[0];

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
    ["outbox", "/outbox", async (page) => page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor()],
    ["dashboard-organization", `/?org=${organizationId}`, async (page) => page.getByRole("region", { name: "Directory counts" }).getByRole("link").first().waitFor()],
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
      [
        "confirm-alias",
        null,
        confirmLink,
        (page) => page.getByRole("button", { name: /^Confirm / }).waitFor(),
      ],
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

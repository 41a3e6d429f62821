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

test("screenshots of every console page", { timeout: 180_000 }, async (t) => {
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
  }
});

// Writes docs/console/<page>.png at 1280×800 for the directory pages:
// accounts, create account, account, offboarding and domain change.
// Run with the other screenshots: npm run screenshots -w @postroom/admin.
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { test } from "node:test";
import { adminDir, organizationWithDomain, prerequisitesMet, useConsole } from "./support/harness.mjs";
import { createAccounts } from "./support/seed.mjs";

// Provisioning never finishes here, so the account page shows a pending address.
const ctx = useConsole({ env: { PROVISIONING_DELAY: "1h" } });
const outDir = resolve(adminDir, "../../docs/console");
const narrowDir = process.env.SCREENSHOT_NARROW_DIR;

const NAMES = [
  "Ann Example",
  "Ben Carter",
  "Chloé Dubois",
  "David Müller",
  "Emma Johansson",
  "Farid Haddad",
  "Grace Kim",
  "Hiro Tanaka",
  "Isabel Ortiz",
  "Jonas Berg",
  "Kateřina Nováková",
  "Liam O'Brien",
  "Maya Patel",
  "Noah Schmidt",
  "Olivia Rossi",
  "Pablo García",
  "Quinn Taylor",
  "Rosa Lindqvist",
  "Sam Okafor",
  "Tara Singh",
  "Uma Fischer",
  "Victor Leroy",
  "Wen Li",
  "Yara Haddad",
];

test("screenshots of the directory pages", { timeout: 180_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  await mkdir(outDir, { recursive: true });
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Acme Ltd", "acme.example");
  const { addDomain: next } = await ctx.graphql(
    "mutation ($input: AddDomainInput!) { addDomain(input: $input) { id verificationRecord { name value } } }",
    { input: { organizationId, name: "acme-group.example" } },
    token,
  );
  ctx.dns.setTxt(next.verificationRecord.name, [next.verificationRecord.value]);
  await ctx.graphql("mutation ($id: ID!) { verifyDomain(id: $id) { status } }", { id: next.id }, token);
  const local = (name) =>
    name
      .split(" ")[0]
      .normalize("NFD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase();
  const ids = await createAccounts(
    ctx,
    token,
    organizationId,
    NAMES.map((displayName, i) => ({
      displayName,
      primaryAddress: `${local(displayName)}@acme.example`,
      exchangeEnabled: i % 3 === 0,
      profile: i === 0 ? "ADMIN" : i % 7 === 3 ? "GUEST" : "PROFESSIONAL",
    })),
  );
  const [ann, ben] = ids;
  await ctx.graphql("mutation ($id: ID!) { disableAccount(id: $id) { id } }", { id: ids[5] }, token);
  const alias = (accountId, address) =>
    ctx.graphql("mutation ($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId, address } }, token);
  await alias(ann, "sales@acme.example");
  await alias(ann, "ann.example@acme.example");
  await alias(ann, "ann@private.example");
  await ctx.graphql(
    "mutation ($i: AddSecondaryAddressInput!) { addSecondaryAddress(input: $i) { id } }",
    { i: { accountId: ann, address: "ann.e@acme.example" } },
    token,
  );
  const { createGroup: group } = await ctx.graphql(
    "mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }",
    { input: { organizationId, name: "Sales team", address: "team@acme.example" } },
    token,
  );
  await ctx.graphql(
    "mutation ($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }",
    { g: group.id, m: [{ accountId: ann }] },
    token,
  );
  await alias(ben, "benc@acme.example");
  // A conflict for the domain change: someone already holds grace@acme-group.example.
  await alias(ids[7], "grace@acme-group.example");

  // And at 390 px wide, full length, into $SCREENSHOT_NARROW_DIR when set.
  for (const [width, dir, suffix] of [[1280, outDir, ""], ...(narrowDir ? [[390, narrowDir, "-390"]] : [])]) {
    const { context, page } = await ctx.openPage({ viewport: { width, height: 800 } });
    await ctx.signIn(page, "/");
    await shoot(page, { organizationId, ann, ben }, dir, suffix, width < 1280);
    await context.close();
  }
});

/** Opens each page as a person would leave it, and takes its picture. */
async function shoot(page, { organizationId, ann, ben }, dir, suffix, fullPage) {
  const shots = [
    [
      "accounts",
      `/accounts?org=${organizationId}`,
      async () => {
        await page.getByRole("rowheader", { name: "Ann Example" }).waitFor();
        await page.getByRole("button", { name: "Count", exact: true }).click();
        await page.getByText("24 accounts in all").waitFor();
      },
    ],
    [
      "account-create",
      `/accounts?org=${organizationId}`,
      async () => {
        await page.getByRole("button", { name: "Create account" }).click();
        const dialog = page.getByRole("dialog", { name: "Create an account" });
        await dialog.getByLabel("Name").fill("Zoe Example");
        await dialog.getByLabel("Address (before the @)").fill("sales");
        await dialog.getByRole("combobox", { name: /Domain/ }).selectOption({ label: "acme.example" });
        await dialog.getByText(/sales@acme\.example is already/).waitFor();
      },
    ],
    ["account", `/accounts/${ann}?org=${organizationId}`, async () => page.getByRole("table", { name: "Audit trail" }).waitFor()],
    [
      "offboarding",
      `/offboarding?org=${organizationId}&leaver=${ben}&colleague=${ann}`,
      async () => {
        await page.waitForFunction(() => document.querySelectorAll("main input[role=combobox]")[1]?.value === "Ann Example");
        await page.getByRole("button", { name: "Preview" }).click();
        await page.getByRole("region", { name: "2. Preview: nothing has changed yet" }).waitFor();
      },
    ],
    [
      "domain-change",
      `/domain-change?org=${organizationId}&from=acme.example&to=acme-group.example`,
      async () => {
        await page.getByRole("button", { name: "Dry run" }).click();
        await page.getByRole("table", { name: "Conflicts" }).waitFor();
      },
    ],
  ];
  for (const [name, path, ready] of shots) {
    await page.goto(`${ctx.baseUrl}${path}`);
    await ready();
    // Notifications fade by themselves; a still picture would keep them over the page.
    for (const dismiss of await page.getByRole("button", { name: /^Dismiss:/ }).all()) await dismiss.click();
    await page.screenshot({ path: resolve(dir, `${name}${suffix}.png`), fullPage });
  }
}

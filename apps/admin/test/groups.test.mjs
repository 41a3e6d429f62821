// Groups: create, add members by type-ahead (keyboard only) and by a pasted
// list, a cycle refused with its path, the recipients preview after nesting,
// and an owner who is not an admin managing its own group only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";

const ctx = useConsole();
const PASSWORD = "a long enough password 1";
let world;

/** Acme with ann (admin), bob (professional, owns Sales), carol; groups Sales (dave outside) and Parent. */
async function seed() {
  if (world) return world;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Acme Groups", "acme.example");
  const account = async (local, displayName, profile) =>
    (
      await ctx.graphql(
        "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
        { input: { organizationId, displayName, primaryAddress: `${local}@acme.example`, profile, password: PASSWORD } },
        token,
      )
    ).createAccount.id;
  const group = async (name, local) =>
    (
      await ctx.graphql(
        "mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }",
        { input: { organizationId, name, address: `${local}@acme.example` } },
        token,
      )
    ).createGroup.id;
  const ann = await account("ann", "Ann Admin", "ADMIN");
  const bob = await account("bob", "Bob Owner", "PROFESSIONAL");
  await account("carol", "Carol Member", "PROFESSIONAL");
  const sales = await group("Sales", "sales");
  const parent = await group("Parent", "parent");
  await ctx.graphql("mutation ($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }", { g: sales, a: [bob] }, token);
  await ctx.graphql(
    "mutation ($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }",
    { g: sales, m: [{ address: "dave@example.org" }] },
    token,
  );
  world = { organizationId, ann, bob, sales, parent, token };
  return world;
}

test("an admin creates a group, adds members by type-ahead and by a pasted list, sees a cycle refused and the recipients", { timeout: 120_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { parent, token } = await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/groups", "ann@acme.example", PASSWORD);
    await page.getByRole("heading", { name: "Groups", level: 1 }).waitFor();
    await page.getByRole("rowheader", { name: "Sales" }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole("button", { name: "Create group" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Group name").fill("Engineering");
    await dialog.getByLabel("Address (the part before @)").fill("sales");
    await dialog.getByText("sales@acme.example is already in use.").waitFor();
    await dialog.getByLabel("Address (the part before @)").fill("eng");
    await dialog.getByText("eng@acme.example is free.").waitFor();
    assert.match(await dialog.textContent(), /Only senders whose address belongs to this organization may send/);
    assert.deepEqual(await seriousViolations(page), []);
    await dialog.getByRole("button", { name: "Create group" }).click();
    await page.getByRole("heading", { name: "Engineering", level: 1 }).waitFor();
    const engineering = new URL(page.url()).pathname.split("/").at(-1);

    // Keyboard only: type in the type-ahead, pick with the arrow keys, Tab to the button, Enter.
    const combo = page.getByRole("combobox", { name: "Account or group" });
    await combo.focus();
    await page.keyboard.type("Ann");
    await page.getByRole("option", { name: /Ann Admin/ }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    assert.equal(await combo.inputValue(), "Ann Admin");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Add member");
    await page.keyboard.press("Enter");
    await page.getByRole("rowheader", { name: "Ann Admin" }).waitFor();
    assert.equal(await combo.inputValue(), "");

    await page.getByLabel("Paste addresses").fill("carol@acme.example\nann@acme.example\nnot an address\nfriend@example.net\nsales@acme.example");
    await page.getByRole("button", { name: "Add these addresses" }).click();
    const results = page.getByRole("list", { name: "Result per address" });
    await results.getByRole("listitem").nth(4).waitFor();
    const lines = await results.getByRole("listitem").allTextContents();
    assert.deepEqual(lines.slice(0, 2), ["Added carol@acme.example", "Already a member ann@acme.example"]);
    assert.match(lines[2], /^Refused not an address: ./);
    assert.deepEqual(lines.slice(3), ["Added friend@example.net", "Added sales@acme.example"]);
    assert.equal(await page.getByLabel("Paste addresses").inputValue(), "not an address");
    await page.getByRole("heading", { name: "Members (4)" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Sales" }).count(), 1);

    // Parent contains Engineering; adding Parent to Engineering would close a loop.
    await ctx.graphql(
      "mutation ($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }",
      { g: parent, m: [{ groupId: engineering }] },
      token,
    );
    await page.reload();
    await page.getByRole("list", { name: "Groups that contain this group" }).getByRole("link", { name: "Parent" }).waitFor();
    await page.getByLabel("Paste addresses").fill("parent@acme.example");
    await page.getByRole("button", { name: "Add these addresses" }).click();
    await page.getByText("Refused parent@acme.example", { exact: false }).waitFor();
    assert.equal(
      await results.getByRole("listitem").first().textContent(),
      "Refused parent@acme.example: it would make a loop (Engineering → Parent → Engineering)",
    );

    await page.getByRole("button", { name: "Preview recipients" }).click();
    const recipients = page.getByRole("list", { name: "Final recipients" });
    await recipients.waitFor();
    assert.deepEqual((await recipients.getByRole("listitem").allTextContents()).sort(), [
      "ann@acme.example",
      "carol@acme.example",
      "dave@example.org",
      "friend@example.net",
    ]);
    assert.match(await page.getByRole("list", { name: "Expansion trace" }).textContent(), /Engineering→ contains groupSales/);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole("textbox", { name: "Test a sender" }).fill("stranger@example.com");
    await page.getByRole("button", { name: "Check sender" }).click();
    await page.getByText("stranger@example.com may not send").waitFor();

    // Owners are set by admins; settings say who may send in words.
    const ownerCombo = page.getByRole("combobox", { name: "Add an owner" });
    await ownerCombo.fill("Carol");
    await page.getByRole("option", { name: /Carol Member/ }).click();
    await page.getByRole("button", { name: "Add owner" }).click();
    await page.getByRole("list", { name: "Owners" }).getByRole("link", { name: "Carol Member" }).waitFor();
    await page.getByRole("combobox", { name: /Who may send to the group/ }).selectOption({ label: "Members only" });
    await page.getByRole("button", { name: "Save settings" }).click();
    // The Select's description changes at once; the facts only once the server saved it.
    await page.getByRole("region", { name: "About this group" }).getByText("Only the group's own members (at any depth) may send to this group.").waitFor();

    // Nested groups are links; the nested group's page shows who contains it.
    await page.getByRole("rowheader", { name: "Sales" }).getByRole("link").click();
    await page.getByRole("heading", { name: "Sales", level: 1 }).waitFor();
    await page.getByRole("list", { name: "Groups that contain this group" }).getByRole("link", { name: "Engineering" }).waitFor();
    await page.getByRole("button", { name: "Delete group" }).click();
    assert.match(await page.getByRole("dialog").textContent(), /removed from the groups that contain it:Engineering/);
    await page.getByRole("button", { name: "Keep it" }).click();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("an owner who is not an admin manages its own group and sees no other", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const { parent } = await seed();
  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/", "bob@acme.example", PASSWORD);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "My groups" }).waitFor();
    assert.deepEqual(await nav.getByRole("link").allTextContents(), ["My account", "My groups"]);
    await nav.getByRole("link", { name: "My groups" }).click();
    await page.getByRole("heading", { name: "Groups you own" }).waitFor();
    assert.deepEqual(await page.getByRole("rowheader").allTextContents(), ["Sales"]);
    assert.equal(await page.getByRole("button", { name: "Create group" }).count(), 0);

    await page.getByRole("link", { name: "Sales" }).click();
    await page.getByRole("heading", { name: "Sales", level: 1 }).waitFor();
    await page.getByLabel("Paste addresses").fill("carol@acme.example");
    await page.getByRole("button", { name: "Add these addresses" }).click();
    await page.getByText("Added carol@acme.example").waitFor();
    await page.getByRole("button", { name: "Remove Carol Member" }).click();
    await page.getByRole("heading", { name: "Members (1)" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Delete group" }).count(), 0);
    assert.equal(await page.getByRole("textbox", { name: "Test a sender" }).count(), 0);
    // Owners change members and settings, not the owners' list.
    assert.equal(await page.getByRole("combobox", { name: "Add an owner" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: /as owner$/ }).count(), 0);
    await page.getByRole("textbox", { name: "Name" }).fill("Sales team");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("heading", { name: "Sales team", level: 1 }).waitFor();
    await page.getByText("Administrators can test a given sender against this policy.").waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.goto(`${ctx.baseUrl}/groups/${parent}`);
    await page.getByRole("heading", { name: "Group", level: 1 }).waitFor();
    await page.getByText("Group not found.").waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

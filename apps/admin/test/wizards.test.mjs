// The offboarding and domain change wizards: a dry run shows what would
// happen (and, for a domain change, every conflict) before anything changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";
import { createAccounts, people } from "./support/seed.mjs";

const ctx = useConsole();

const RESOLVE = "query ($a: String!) { resolveAddress(address: $a) { kind status account { id } } }";
const STATUS = "query ($id: ID!) { account(id: $id) { status primaryAddress { address } } }";

/** Types into a type-ahead and picks the option whose text starts with `option`. */
async function pick(page, label, text, option) {
  const box = page.getByRole("combobox", { name: label });
  await box.fill(text);
  await page.getByRole("option", { name: new RegExp(`^${option}`) }).click();
}

test("offboarding: pick both people by type-ahead, preview what moves and what is released, confirm", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Leavers Ltd", "leavers.example");
  const [lea, tom] = await createAccounts(ctx, token, organizationId, [
    { displayName: "Lea Leaving", primaryAddress: "lea@leavers.example" },
    { displayName: "Tom Taking", primaryAddress: "tom@leavers.example" },
    { displayName: "Lena Staying", primaryAddress: "lena@leavers.example" },
  ]);
  await ctx.graphql(
    "mutation ($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }",
    { i: { accountId: lea, address: "sales@leavers.example" } },
    token,
  );

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/offboarding?org=${organizationId}`);
    await page.getByRole("heading", { name: "Offboarding", level: 1 }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await pick(page, "Person leaving", "lea@", "Lea Leaving");
    await pick(page, "Colleague who receives their mail", "Tom", "Tom Taking");
    assert.equal(new URL(page.url()).searchParams.get("leaver"), lea);
    assert.equal(new URL(page.url()).searchParams.get("colleague"), tom);

    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("region", { name: "2. Preview: nothing has changed yet" });
    await preview.waitFor();
    await preview.getByText("2 addresses move to Tom Taking").waitFor();
    const moving = await preview.getByRole("table", { name: "Addresses that move" }).getByRole("rowheader").allTextContents();
    assert.deepEqual(moving.sort(), ["lea@leavers.example", "sales@leavers.example"]);
    await preview.getByText("No personal address is released").waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    // The preview changed nothing.
    assert.deepEqual((await ctx.graphql(STATUS, { id: lea }, token)).account, { status: "ACTIVE", primaryAddress: { address: "lea@leavers.example" } });
    assert.deepEqual((await ctx.graphql(RESOLVE, { a: "sales@leavers.example" }, token)).resolveAddress.account, { id: lea });

    // A reload keeps both choices.
    await page.reload();
    await page.getByRole("combobox", { name: "Person leaving" }).waitFor();
    await page.waitForFunction(() => document.querySelector("main input[role=combobox]")?.value === "Lea Leaving");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Offboard Lea Leaving" }).click();
    await page.getByRole("heading", { name: "Lea Leaving is offboarded" }).waitFor();
    assert.deepEqual(
      await page
        .getByRole("table", { name: "Moved addresses" })
        .getByRole("rowheader")
        .allTextContents()
        .then((a) => a.sort()),
      ["lea@leavers.example", "sales@leavers.example"],
    );
    assert.deepEqual((await ctx.graphql(STATUS, { id: lea }, token)).account, { status: "DISABLED", primaryAddress: null });
    for (const address of ["lea@leavers.example", "sales@leavers.example"]) {
      assert.deepEqual((await ctx.graphql(RESOLVE, { a: address }, token)).resolveAddress.account, { id: tom });
    }
    await page.getByRole("link", { name: "Tom Taking's account, with the moved addresses" }).click();
    await page.getByRole("heading", { name: "Tom Taking", level: 1 }).waitFor();
    await page
      .getByRole("table", { name: "Addresses" })
      .getByRole("row", { name: /sales@leavers\.example/ })
      .waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("domain change: the dry run lists the conflict and changes nothing; once it is fixed, every primary moves", { timeout: 120_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Rename AG", "old.example");
  const { addDomain: newDomain } = await ctx.graphql(
    "mutation ($input: AddDomainInput!) { addDomain(input: $input) { id verificationRecord { name value } } }",
    { input: { organizationId, name: "new.example" } },
    token,
  );
  ctx.dns.setTxt(newDomain.verificationRecord.name, [newDomain.verificationRecord.value]);
  await ctx.graphql("mutation ($id: ID!) { verifyDomain(id: $id) { status } }", { id: newDomain.id }, token);
  await createAccounts(ctx, token, organizationId, people(300, "old.example"));
  const [squatter] = await createAccounts(ctx, token, organizationId, [{ displayName: "Zed Squatter", primaryAddress: "zed@new.example" }]);
  const { addAlias } = await ctx.graphql(
    "mutation ($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }",
    { i: { accountId: squatter, address: "p007@new.example" } },
    token,
  );

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, `/domain-change?org=${organizationId}`);
    await page.getByRole("combobox", { name: /Old domain/ }).selectOption({ label: "old.example" });
    await page.getByRole("combobox", { name: /New domain/ }).selectOption({ label: "new.example" });
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole("button", { name: "Dry run" }).click();
    const conflicts = page.getByRole("table", { name: "Conflicts" });
    await conflicts.waitFor();
    assert.deepEqual(await conflicts.getByRole("rowheader").allTextContents(), ["p007@new.example"]);
    assert.match(await conflicts.getByRole("row", { name: /p007@new\.example/ }).textContent(), /Already in use/);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual((await ctx.graphql(RESOLVE, { a: "p001@old.example" }, token)).resolveAddress.kind, "PRIMARY");
    assert.equal((await ctx.graphql(RESOLVE, { a: "p001@new.example" }, token)).resolveAddress, null);

    // Fixed: the alias in the way is removed; the dry run passes, then the change runs.
    await ctx.graphql("mutation ($id: ID!) { removeAddress(id: $id) { status } }", { id: addAlias.alias.id }, token);
    await page.getByRole("button", { name: "Dry run" }).click();
    const ready = page.getByRole("region", { name: "2. Dry run: no conflict" });
    await ready.waitFor();
    assert.match(await ready.textContent(), /300 addresses on old\.example would get their counterpart on new\.example/);
    assert.equal(await conflicts.count(), 0);
    assert.equal((await ctx.graphql(RESOLVE, { a: "p001@new.example" }, token)).resolveAddress, null);
    await ready.getByRole("button", { name: "Change 300 addresses to new.example" }).click();
    await page.getByRole("region", { name: "Domain changed" }).getByText("300 addresses moved").waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    for (const k of ["001", "007", "300"]) {
      assert.deepEqual((await ctx.graphql(RESOLVE, { a: `p${k}@new.example` }, token)).resolveAddress.kind, "PRIMARY");
      assert.deepEqual((await ctx.graphql(RESOLVE, { a: `p${k}@old.example` }, token)).resolveAddress.kind, "SECONDARY");
    }
    assert.equal(await page.getByRole("link", { name: "The domain new.example" }).getAttribute("href"), `/domains/${newDomain.id}?org=${organizationId}`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

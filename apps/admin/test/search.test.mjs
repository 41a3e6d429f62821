// The header's global address search, from the keyboard only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { organizationWithDomain, prerequisitesMet, seriousViolations, useConsole } from "./support/harness.mjs";

const ctx = useConsole();

test("`/` focuses the search; an alias with a +tag in upper case answers its owner and the delivery path", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const { organizationId } = await organizationWithDomain(ctx, token, "Search AG", "search.example");
  const { createAccount: account } = await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId, displayName: "Sam Search", primaryAddress: "sam@search.example", profile: "PROFESSIONAL" } },
    token,
  );
  await ctx.graphql(
    "mutation ($input: AddAliasInput!) { addAlias(input: $input) { alias { id } } }",
    { input: { accountId: account.id, address: "sales@search.example" } },
    token,
  );

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/");
    // Keyboard only from here.
    await page.keyboard.press("/");
    const searchBox = page.getByRole("searchbox", { name: "Who owns this address?" });
    assert.equal(await searchBox.evaluate((el) => el === document.activeElement), true);
    assert.equal(await searchBox.getAttribute("aria-keyshortcuts"), "/");
    await page.keyboard.type("SALES+Q3@Search.Example");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "sales@search.example" }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, "/search");
    assert.equal(url.searchParams.get("address"), "SALES+Q3@Search.Example");

    const result = page.getByRole("region", { name: "sales@search.example" });
    assert.match(await result.textContent(), /KindAlias/);
    assert.equal(await result.getByRole("link", { name: "Sam Search" }).getAttribute("href"), `/accounts/${account.id}`);
    const hops = await result.getByRole("list", { name: "Delivery path" }).getByRole("listitem").allTextContents();
    const expected = await ctx.graphql(
      "query ($a: String!) { resolveAddress(address: $a) { trace { kind from to } deliverTo } }",
      { a: "SALES+Q3@Search.Example" },
      token,
    );
    assert.equal(hops.length, expected.resolveAddress.trace.length);
    expected.resolveAddress.trace.forEach((hop, i) => {
      assert.ok(hops[i].startsWith(hop.from), `${hops[i]} starts with ${hop.from}`);
      assert.ok(hops[i].includes(hop.to), `${hops[i]} includes ${hop.to}`);
    });
    assert.deepEqual(await result.getByRole("list", { name: "Delivers to" }).getByRole("listitem").allTextContents(), expected.resolveAddress.deliverTo);
    assert.deepEqual(expected.resolveAddress.deliverTo, ["sam@search.example"]);
    assert.deepEqual(await seriousViolations(page), []);

    // The answer deep-links: a reload shows it again.
    await page.reload();
    await page.getByRole("heading", { name: "sales@search.example" }).waitFor();

    // An unknown address routes nowhere; with the organization chosen, availability says whether it is free.
    await page.goto(`${ctx.baseUrl}/search?org=${organizationId}`);
    await page.getByRole("heading", { name: "Who owns this address?" }).waitFor();
    await page.keyboard.press("/");
    await page.keyboard.type("nobody@search.example");
    await page.keyboard.press("Enter");
    await page.getByText("Routes nowhere.").waitFor();
    await page.getByText("nobody@search.example is available.").waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("an admin asking about another organization's address learns only that it is taken", { timeout: 90_000 }, async (t) => {
  if (!prerequisitesMet(t)) return;
  const token = await ctx.operatorToken();
  const mine = await organizationWithDomain(ctx, token, "Mine Co", "mine.example");
  const theirs = await organizationWithDomain(ctx, token, "Theirs Co", "theirs.example");
  const password = "a long enough account password";
  await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId: mine.organizationId, displayName: "Mia Admin", primaryAddress: "mia@mine.example", profile: "ADMIN", password } },
    token,
  );
  await ctx.graphql(
    "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
    { input: { organizationId: theirs.organizationId, displayName: "Secret Person", primaryAddress: "secret@theirs.example", profile: "GUEST" } },
    token,
  );

  const { context, page, pageErrors } = await ctx.openPage();
  try {
    await ctx.signIn(page, "/search?address=secret@theirs.example", "mia@mine.example", password);
    await page.getByText("Routes nowhere.").waitFor();
    const note = page.getByRole("alert").filter({ hasText: "Not available" });
    await note.waitFor();
    const text = await note.textContent();
    assert.doesNotMatch(text, /Secret Person|Theirs Co/);
    const { addressAvailability } = await ctx.graphql(
      "query ($a: String!, $o: ID) { addressAvailability(address: $a, organizationId: $o) { message } }",
      { a: "secret@theirs.example", o: mine.organizationId },
      await ctx.sessionToken("mia@mine.example", password),
    );
    assert.equal(text, `Not available${addressAvailability.message}`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
